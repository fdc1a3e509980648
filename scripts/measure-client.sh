#!/usr/bin/env bash
# Measures the generated Junction client: its line count, and the time `cargo build` (debug)
# takes for the crate itself once its dependencies are built. Usage:
#   scripts/measure-client.sh [SPEC]      (default specs/junction.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${1:-specs/junction.yaml}"
out=target/measure/junction
cargo run -q --release -p junction-generator -- generate --spec "$spec" --out "$out"
cp Cargo.lock "$out/"
export CARGO_TARGET_DIR="$PWD/target/measure/target"
(cd "$out" && cargo build -q --offline)  # dependencies, once
echo "generated code: $(wc -l < "$out/src/junction.rs") lines in src/junction.rs, runtime: $(cat "$out"/src/runtime/*.rs | wc -l) lines"
for run in 1 2 3; do
  touch "$out/src/junction.rs"
  start=$(date +%s%N)
  (cd "$out" && cargo build -q --offline)
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf 'cargo build (debug) of the crate, run %d: %d.%01d s\n' "$run" $((ms / 1000)) $((ms % 1000 / 100))
done
