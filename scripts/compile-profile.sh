#!/usr/bin/env bash
# Where the full generated client's compile time goes: rustc's self-profile of the crate alone
# (`cargo check`, not incremental), summed per kind of item by `scripts/self-profile` (which
# derive or generated impl each query worked on), then `-Ztime-passes` per pass.
#
# Usage: scripts/compile-profile.sh [SPEC]   (default specs/junction.yaml,
#        Junction 0.4.483). Needs `RUSTC_BOOTSTRAP=1` for the `-Z` flags on stable, set
#        here for these measuring builds only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
spec="${1:-specs/junction.yaml}"
spec=$(realpath "$spec")
work=$root/target/compile-profile
crate=$work/crate
rm -rf "$crate" "$work/profile"
mkdir -p "$work"
cargo run -q -p junction-generator -- generate --spec "$spec" \
  --overlay specs/junction.overlay.yaml --out "$crate" > /dev/null
cp Cargo.lock "$crate/"
export CARGO_TARGET_DIR=$work/target
(cd "$crate" && cargo check -q)
cargo build -q --release --manifest-path scripts/self-profile/Cargo.toml \
  --target-dir "$root/target/tools"

touch "$crate/src/lib.rs"
(cd "$crate" && CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1 cargo rustc -q --profile check --lib -- \
  -Zself-profile="$work/profile" -Zself-profile-events=default,args)
"$root/target/tools/release/self-profile-by-impl" "$work"/profile/junction-*.mm_profdata junction

echo
echo "-Ztime-passes, the passes over 0.5 s:"
touch "$crate/src/lib.rs"
(cd "$crate" && CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1 cargo rustc -q --profile check --lib -- \
  -Ztime-passes 2>&1) | awk '$1 == "time:" && $2 + 0 >= 0.5'
