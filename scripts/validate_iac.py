"""Independent validation of twinstack's rendered Terraform and Bicep.

python-hcl2 must parse every .tf file and pycep-parser every .bicep file; Checkov must report
zero failed checks and no parsing errors in every generated/<blueprint>/{aws,azure} folder, and
every check it skips must carry a written reason (an inline `checkov:skip=ID:reason`).
"""

import json
import pathlib
import subprocess
import sys

import hcl2
from pycep import BicepParser


def parse_all(root: pathlib.Path) -> list[str]:
    problems = []
    tf_files = sorted(root.rglob("*.tf"))
    bicep_files = sorted(root.rglob("*.bicep"))
    for path in tf_files:
        try:
            with path.open() as f:
                hcl2.load(f)
        except Exception as e:  # any parser failure is a finding
            problems.append(f"{path}: python-hcl2 cannot parse it: {e}")
    parser = BicepParser()
    for path in bicep_files:
        try:
            parser.parse(file_path=path)
        except Exception as e:
            problems.append(f"{path}: pycep-parser cannot parse it: {e}")
    print(f"parsed {len(tf_files)} Terraform files (python-hcl2) and {len(bicep_files)} Bicep files (pycep-parser)")
    return problems


def checkov(folder: pathlib.Path, framework: str, binary: str) -> tuple[list[str], str]:
    out = subprocess.run(
        [binary, "-d", str(folder), "--framework", framework, "-o", "json", "--skip-download", "--compact"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        return [f"{folder}: Checkov produced no JSON report: {out.stderr.strip()[-500:]}"], ""
    if isinstance(report, list):
        report = report[0]
    summary = report.get("summary", {})
    results = report.get("results", {})
    problems = []
    for check in results.get("failed_checks", []):
        problems.append(f"{folder}: {check['check_id']} failed on {check['resource']} ({check['file_path']}): {check['check_name']}")
    for error in summary.get("parsing_errors", []) or []:
        problems.append(f"{folder}: Checkov could not parse {error}")
    for check in results.get("skipped_checks", []):
        reason = ((check.get("check_result") or {}).get("suppress_comment") or "").strip()
        if not reason or reason == "No comment provided":
            problems.append(f"{folder}: {check['check_id']} on {check['resource']} is skipped without a reason")
    line = (
        f"{str(folder):40} {framework:9} passed {summary.get('passed', 0):4}  failed {summary.get('failed', 0):3}"
        f"  skipped {summary.get('skipped', 0):3}  parsing errors {len(summary.get('parsing_errors', []) or [])}"
    )
    return problems, line


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    binary = sys.argv[2] if len(sys.argv) > 2 else "checkov"
    if not root.is_dir():
        print(f"{root}: no such folder (run `twinstack render blueprints` first)")
        return 2
    problems = parse_all(root)
    print("Checkov summary:")
    for blueprint in sorted(p for p in root.iterdir() if p.is_dir()):
        for cloud, framework in (("aws", "terraform"), ("azure", "bicep")):
            folder = blueprint / cloud
            if folder.is_dir():
                found, line = checkov(folder, framework, binary)
                if line:
                    print("  " + line)
                problems.extend(found)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("all rendered IaC parses and passes Checkov")
    return 0


if __name__ == "__main__":
    sys.exit(main())
