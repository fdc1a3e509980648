#!/usr/bin/env bash
# Generation time of the full pinned Junction spec (0.4.483), in one run:
#   - `junction-gen generate` of this checkout (release, mimalloc), the crate written to disk;
#   - openapi-to-rust 0.23's CLI on the same spec (installed into target/tools on first use,
#     as scripts/compile-time.sh does);
#   - generation against the bare serde_yaml parse of the same file, in one process (the
#     `ratio` example), the budget's measure.
# The CLIs run interleaved, round by round, so a slower moment of the machine weighs on all;
# the script prints their medians and ratio. BASELINE=path/to/junction-gen adds another build
# of the generator (an earlier revision's) to the rounds.
#
#   ROUNDS=10 scripts/generate-time.sh [SPEC]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${ROUNDS:-10}
spec=${1:-$(pwd)/specs/junction.yaml}
spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
work=$root/target/generate-time
mkdir -p "$work/ours" "$work/peer"

o2r_version=0.23.0
tool=$root/target/tools/bin/openapi-to-rust
if [[ ! -x $tool ]] || [[ $("$tool" --version 2>/dev/null) != *"$o2r_version"* ]]; then
  cargo install -q --locked openapi-to-rust --version "$o2r_version" --root "$root/target/tools"
fi
cargo build --release --quiet -p junction-generator --bin junction-gen --example ratio
ours=$root/target/release/junction-gen

# Milliseconds that the command takes.
ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

baseline=${BASELINE:-}
: >"$work/ours.ms"
: >"$work/peer.ms"
: >"$work/baseline.ms"
for _ in $(seq "$rounds"); do
  ms "$ours" generate --spec "$spec" --out "$work/ours" >>"$work/ours.ms"
  (cd "$work/peer" && ms "$tool" generate "$spec") >>"$work/peer.ms"
  if [[ -n $baseline ]]; then
    ms "$baseline" generate --spec "$spec" --out "$work/baseline" >>"$work/baseline.ms"
  fi
done
o=$(median <"$work/ours.ms")
p=$(median <"$work/peer.ms")
echo "$(basename "$spec"), medians of $rounds interleaved rounds:"
echo "  junction-gen generate:     $o ms"
echo "  openapi-to-rust generate:  $p ms"
awk -v o="$o" -v p="$p" 'BEGIN { printf "  ratio:                     %.2fx\n", o / p }'
if [[ -n $baseline ]]; then
  echo "  baseline ($baseline):  $(median <"$work/baseline.ms") ms"
fi
"$root/target/release/examples/ratio" "$spec" "$((rounds * 2))"
