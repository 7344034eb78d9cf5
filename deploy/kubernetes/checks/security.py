"""Static security scan of the deployment files, offline:

- checkov (kubernetes) over each rendered overlay, (dockerfile) over compose/Dockerfile, and
  (secrets) over compose/ and deploy/kubernetes/;
- compose-lint over compose/docker-compose.yml.

Every finding must be accepted, with its reason, in deploy/kubernetes/security/accepted-findings.yaml;
an accepted entry that matches no finding any more fails too, so the list never outlives its reasons.
"""

import fnmatch
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from manifests import OVERLAYS, Report, arguments, render_text

ACCEPTED = "deploy/kubernetes/security/accepted-findings.yaml"


def tool(name):
    return str(Path(sys.executable).parent / name)


def start_checkov(arguments, cwd):
    # --skip-download: nothing is fetched (no guidelines, no policy updates); the scan is offline.
    command = [tool("checkov"), *arguments, "--skip-download", "--output", "json", "--quiet", "--compact"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)


def checkov_reports(process):
    stdout, stderr = process.communicate()
    # One JSON document (a list of reports, or one report), or, when nothing failed, one summary
    # object per scanned folder, one after another.
    reports, text, decoder = [], stdout.strip(), json.JSONDecoder()
    try:
        while text:
            document, end = decoder.raw_decode(text)
            reports.extend(document if isinstance(document, list) else [document])
            text = text[end:].strip()
    except json.JSONDecodeError:
        raise SystemExit(f"checkov did not answer in JSON (exit {process.returncode}):\n{stdout[-2000:]}\n{stderr[-2000:]}")
    if process.returncode not in (0, 1) or not reports:
        raise SystemExit(f"checkov failed (exit {process.returncode}):\n{stderr[-2000:]}")
    return reports


def checkov_findings(root, scratch):
    """(tool, target, check, resource, description) of every failed checkov check."""
    files = []
    for overlay in OVERLAYS:
        rendered = scratch / f"{overlay}.yaml"
        rendered.write_text(render_text(root, overlay))
        files.append((rendered, f"overlays/{overlay}"))
    targets = {str(path): label for path, label in files}
    targets["compose/Dockerfile"] = "compose/Dockerfile"
    # The two scans run side by side.
    processes = [
        start_checkov(["--framework", "kubernetes", "dockerfile", *sum((["-f", str(p)] for p, _ in files), []),
                       "-f", "compose/Dockerfile"], cwd=root),
        start_checkov(["--framework", "secrets", "-d", "compose", "-d", "deploy/kubernetes"], cwd=root),
    ]
    runs = [checkov_reports(process) for process in processes]
    findings, scanned = [], 0
    for reports in runs:
        for report in reports:
            summary = report.get("summary", report)
            scanned += summary.get("passed", 0) + summary.get("failed", 0)
            for failed in report.get("results", {}).get("failed_checks", []):
                path = failed.get("file_abs_path") or failed.get("file_path", "")
                target = next((label for key, label in targets.items() if path.endswith(Path(key).name) and
                               (Path(key).name != "Dockerfile" or path.endswith("compose/Dockerfile"))), failed.get("file_path"))
                if report.get("check_type") == "secrets":
                    target = failed.get("file_path", "").lstrip("/")
                findings.append(("checkov", target, failed["check_id"], failed.get("resource", ""), failed.get("check_name", "")))
    return findings, scanned


def compose_lint_findings(root):
    command = [tool("compose-lint"), "check", "--format", "json", "--fail-on", "critical", "--no-env", "compose/docker-compose.yml"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"compose-lint did not answer in JSON (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    if report.get("errors"):
        raise SystemExit(f"compose-lint could not lint compose/docker-compose.yml: {report['errors']}")
    return [("compose-lint", "compose/docker-compose.yml", f["rule_id"], f.get("service") or "", f.get("message", ""))
            for f in report.get("findings", []) if not f.get("suppressed")]


def main():
    options = arguments(__doc__)
    root = Path(options.root).resolve()
    report = Report("security")
    accepted = yaml.safe_load((root / ACCEPTED).read_text()) or []
    for entry in accepted:
        missing = {"tool", "check", "targets", "resources", "reason"} - set(entry)
        report.check(not missing, f"{ACCEPTED}: entry {entry.get('check')} lacks {sorted(missing)}")
        report.check(len(str(entry.get("reason", "")).split()) >= 8, f"{ACCEPTED}: entry {entry.get('check')} needs a real reason")
    with tempfile.TemporaryDirectory(prefix="orderflow-security-") as folder:
        findings, scanned = checkov_findings(root, Path(folder))
    findings += compose_lint_findings(root)
    report.check(scanned > 0, "checkov scanned nothing")
    used = [0] * len(accepted)
    for finding in findings:
        scanner, target, check, resource, description = finding
        matches = [index for index, entry in enumerate(accepted)
                   if entry.get("tool") == scanner and entry.get("check") == check and target in entry.get("targets", [])
                   and any(fnmatch.fnmatchcase(resource, pattern) for pattern in entry.get("resources", []))]
        for index in matches:
            used[index] += 1
        report.check(bool(matches), f"{scanner} {check} on {target} {resource}: {description} (fix it, or accept it with a reason in {ACCEPTED})")
    for index, entry in enumerate(accepted):
        report.check(used[index] > 0, f"{ACCEPTED}: {entry.get('tool')} {entry.get('check')} on {entry.get('targets')} {entry.get('resources')} matches no finding any more; remove it")
    if not report.problems:
        print(f"security: {len(findings)} finding(s), all accepted in {ACCEPTED}")
    report.finish()


if __name__ == "__main__":
    main()
