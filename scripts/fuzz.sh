#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/fuzz_targets) for a while each: the blueprint loader on any bytes,
# the pack loader on any bytes, and the renderer on hostile free text (its Terraform must parse).
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets it use the stable toolchain.
# Usage: scripts/fuzz.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
mkdir -p corpus/load_blueprint corpus/load_pack corpus/render_blueprint
cp -n seeds/load_blueprint/* corpus/load_blueprint/ 2>/dev/null || true
cp -n ../policies/*.yaml corpus/load_pack/ 2>/dev/null || true
for target in load_blueprint load_pack render_blueprint; do
  echo "== $target ($seconds s)"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=8192
done
