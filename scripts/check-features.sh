#!/usr/bin/env bash
# `cargo check` of the client with each group feature alone (with rustls and the test kit), and
# with none: every feature set a user can choose compiles without a warning.
#
#   scripts/check-features.sh              every group of `full` (about 27 checks)
#   scripts/check-features.sh user vitals  those only (CI passes a sample)
set -euo pipefail
cd "$(dirname "$0")/.."
if (( $# > 0 )); then
  features=("$@")
else
  # The features `full` lists, from the block `cargo xtask generate` writes.
  mapfile -t features < <(sed -n '/^full = \[/,/^\]/p' Cargo.toml | grep -o '"[a-z_0-9]*"' | tr -d '"')
fi
# Warnings fail the check (RUSTFLAGS would rebuild every dependency).
check() {
  local out
  out=$(cargo check -p junction-health --no-default-features --features "$1" 2>&1) || { echo "$out"; exit 1; }
  if grep -q '^warning' <<< "$out"; then echo "$out"; exit 1; fi
}
echo "no group"
check rustls
for feature in "${features[@]}"; do
  echo "$feature"
  check "$feature,rustls,testing"
done
echo "${#features[@]} features and none: each compiles without a warning"
