#!/usr/bin/env python3
"""Validate orderflow event files against the contract in this folder.

Each file holds one event: a CloudEvents envelope (schemas/envelope/v1.json) whose
`data` must satisfy schemas/<type>/v<schemaversion>.json.

    python3 topics/validate.py <dir-or-file>...            every file must be valid
    python3 topics/validate.py --expect-invalid <dir>...   every file must be invalid

Directories are searched recursively for *.json. Exit status 0 when every file met the
expectation, 1 when any did not (each failure is listed as `file: path: message`), 2 on a
usage or setup problem.
"""

import argparse
import json
import sys
from pathlib import Path

try:
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover - depends on the machine
    print("validate.py: the Python package 'jsonschema' is required (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER

# jsonschema silently skips a format whose checker is missing; date-time needs the optional
# rfc3339-validator package. A contract check that quietly ignores timestamps is worse than none.
for required_format in ("uuid", "date", "date-time"):
    if required_format not in FORMAT_CHECKER.checkers:
        print(
            f"validate.py: format '{required_format}' cannot be checked; "
            "install jsonschema with its format extras (rfc3339-validator)",
            file=sys.stderr,
        )
        sys.exit(2)


def shorten(message, limit=200):
    return message if len(message) <= limit else message[: limit - 3] + "..."


def render_path(parts):
    """JSON path in the style the Swift decoder reports: data.lines[0].quantity."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "$"


class Contract:
    def __init__(self):
        self._validators = {}
        self.envelope = self._load(SCHEMAS / "envelope" / "v1.json")
        self.known_types = {p.name for p in SCHEMAS.iterdir() if p.is_dir() and p.name != "envelope"}

    @staticmethod
    def _load(path):
        with open(path, "rb") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)

    def data_validator(self, event_type, version):
        key = (event_type, version)
        if key not in self._validators:
            # The type comes from untrusted input: only names of schema folders reach the file system.
            path = SCHEMAS / event_type / f"v{version}.json"
            known = event_type in self.known_types and path.is_file()
            self._validators[key] = self._load(path) if known else None
        return self._validators[key]

    def problems(self, raw):
        """Every reason the bytes are not a valid event (empty list when valid)."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return [("$", f"not JSON: invalid UTF-8 ({error.reason} at byte {error.start})")]
        try:
            document = json.loads(text, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            return [("$", f"not JSON: {error}")]

        found = [
            (render_path(e.absolute_path), shorten(e.message))
            for e in sorted(self.envelope.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        ]
        if not isinstance(document, dict):
            return found
        event_type = document.get("type")
        version = document.get("schemaversion")
        if not isinstance(event_type, str) or not isinstance(version, int) or isinstance(version, bool):
            return found
        validator = self.data_validator(event_type, version)
        if validator is None:
            if event_type in self.known_types:
                found.append(("schemaversion", f"no schema for {event_type} version {version}"))
            else:
                found.append(("type", f"unknown event type {event_type!r}"))
            return found
        data = document.get("data")
        if isinstance(data, dict):
            found += [
                (render_path(["data", *e.absolute_path]), shorten(e.message))
                for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
            ]
        return found


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def collect(arguments):
    files = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.json") if p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            print(f"validate.py: no such file or directory: {argument}", file=sys.stderr)
            sys.exit(2)
    return files


def main():
    parser = argparse.ArgumentParser(description="Validate orderflow event files against topics/schemas.")
    parser.add_argument("paths", nargs="+", help="event files or directories of *.json event files")
    parser.add_argument("--expect-invalid", action="store_true", help="every file must fail validation")
    args = parser.parse_args()

    files = collect(args.paths)
    if not files:
        print("validate.py: no .json files found", file=sys.stderr)
        return 2

    contract = Contract()
    failures = 0
    for path in files:
        found = contract.problems(path.read_bytes())
        if args.expect_invalid:
            if found:
                print(f"ok (invalid as expected) {path}: {found[0][0]}: {found[0][1]}")
            else:
                failures += 1
                print(f"{path}: $: expected invalid, but it validates")
        elif found:
            failures += 1
            for where, message in found:
                print(f"{path}: {where}: {message}")

    checked = len(files)
    verdict = "invalid" if args.expect_invalid else "valid"
    print(f"{checked - failures} of {checked} files {verdict} as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
