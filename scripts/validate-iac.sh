#!/usr/bin/env bash
# Validates rendered IaC with tools twinstack does not share code with: python-hcl2 parses every
# .tf file, pycep-parser every .bicep file, and Checkov reports zero failed checks and no parsing
# errors for every generated/<blueprint>/{aws,azure} folder.
#
# Usage: scripts/validate-iac.sh [generated-folder]   (installs into .venv-validate on first run)
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${TWINSTACK_VALIDATE_VENV:-.venv-validate}"
if [ ! -x "$venv/bin/checkov" ] || ! "$venv/bin/pip" freeze 2>/dev/null | grep -qx "checkov==3.3.30"; then
  echo "installing the validators into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/validate-requirements.txt
fi
"$venv/bin/python" scripts/validate_iac.py "${1:-generated}" "$venv/bin/checkov"
