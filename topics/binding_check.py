#!/usr/bin/env python3
"""Decode Kafka records the way a receiver conformant to the CloudEvents Kafka protocol binding does.

The mode is chosen by the `content-type` header (binding v1.0.2, section 3): structured when it starts
with `application/cloudevents`, binary otherwise (attributes in `ce_`-prefixed headers). Each record
is decoded with the CNCF Python SDK (`cloudevents`), in the mode the spec picks and by the SDK's own
auto-detection, and must come out as a CloudEvent with its specversion, id, source and type.

    python3 topics/binding_check.py records.json

records.json: a list of {"name", "type", "headers": [[key, value], ...], "key", "value"} (strings).
Exit status 0 when every record decodes, 1 when any is rejected (each listed), 2 on a setup problem.
"""

import json
import sys

try:
    from cloudevents.core.bindings import kafka
    from cloudevents.core.formats.json import JSONFormat
except ImportError:  # pragma: no cover - depends on the machine
    print("binding_check.py: the Python package 'cloudevents' (2.x) is required (pip install cloudevents)", file=sys.stderr)
    sys.exit(2)

STRUCTURED_PREFIX = "application/cloudevents"


def mode(headers):
    content_type = headers.get("content-type", b"").decode("utf-8", "replace").strip().lower()
    return "structured" if content_type.startswith(STRUCTURED_PREFIX) else "binary"


def check(record):
    headers = {key: value.encode("utf-8") for key, value in record["headers"]}
    message = kafka.KafkaMessage(headers=headers, key=record.get("key"), value=record["value"].encode("utf-8"))
    chosen = mode(headers)
    decode = kafka.from_structured if chosen == "structured" else kafka.from_binary
    problems = []
    for how, attempt in ((f"{chosen} mode", decode), ("SDK auto-detection", kafka.from_kafka)):
        try:
            event = attempt(message, JSONFormat())
        except Exception as error:  # the SDK raises several types; any of them is a rejection
            problems.append(f"{how}: {type(error).__name__}: {error}")
            continue
        attributes = event.get_attributes()
        for name in ("specversion", "id", "source", "type"):
            if not attributes.get(name):
                problems.append(f"{how}: no {name}")
        if attributes.get("type") != record["type"]:
            problems.append(f"{how}: type {attributes.get('type')!r}, expected {record['type']!r}")
    return chosen, problems


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        records = json.load(handle)
    rejected = 0
    for record in records:
        chosen, problems = check(record)
        if problems:
            rejected += 1
            for problem in problems:
                print(f"{record['name']}: {problem}")
        else:
            print(f"{record['name']}: decoded ({chosen} mode)")
    print(f"{len(records) - rejected} decoded, {rejected} rejected")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
