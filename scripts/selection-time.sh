#!/usr/bin/env bash
# Types generated and clean debug compile time of the Junction client for a few selections
# (`--only`), measured in one run, interleaved round by round, so that the ratios to the whole
# client hold on a busy machine even when the absolute times do not.
#
# Each selection is generated from the full spec with Junction's overlay into a crate of its
# own (junction_all, junction_user, ...) sharing one target directory, whose dependencies are
# built first; then, per round, each crate alone: `cargo clean -p CRATE`, then a timed
# `cargo build` (debug), in an order that turns by one each round.
#
# Usage: scripts/selection-time.sh [SPEC]   (default specs/junction.yaml,
#        Junction 0.4.483). Environment: ROUNDS (default 3), SELECTIONS (default
#        "all user user,link,summary,webhooks"; `all` is the whole API).
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${1:-specs/junction.yaml}"
spec=$(realpath "$spec")
rounds=${ROUNDS:-3}
read -r -a selections <<< "${SELECTIONS:-all user user,link,summary,webhooks}"
work=$PWD/target/selection-time
mkdir -p "$work"
results=$work/results.tsv
: > "$results"

cargo build -q -p junction-generator --bin junction-gen
gen=$PWD/target/debug/junction-gen
export CARGO_TARGET_DIR=$work/target
crate_of() { [[ $1 == all ]] && echo junction_all || echo "junction_$(echo "$1" | tr -c 'a-z0-9\n' '_')"; }
for sel in "${selections[@]}"; do
  name=$(crate_of "$sel")
  only=()
  [[ $sel != all ]] && only=(--only "$sel")
  rm -rf "${work:?}/$name"
  "$gen" generate --spec "$spec" --overlay specs/junction.overlay.yaml --crate-name "$name" \
    --out "$work/$name" "${only[@]}" > "$work/$name.log"
  cp Cargo.lock "$work/$name/"
  # "generated crate `junction_user` from ...: 47 types, 19 operations in 1 groups, 5571 lines"
  sed -n 's/.*: \([0-9]*\) types, \([0-9]*\) operations.*, \([0-9]*\) lines$/\1 \2 \3/p' \
    "$work/$name.log" > "$work/$name.counts"
done

echo "dependencies, once" >&2
for sel in "${selections[@]}"; do
  (cd "$work/$(crate_of "$sel")" && cargo build -q)
done

for round in $(seq "$rounds"); do
  echo "round $round" >&2
  n=${#selections[@]}
  for i in $(seq 0 $((n - 1))); do
    sel=${selections[$(((i + round - 1) % n))]}
    name=$(crate_of "$sel")
    (cd "$work/$name" && cargo clean -q -p "$name")
    (cd "$work/$name" && /usr/bin/time -f '%e %M' -o "$work/time.txt" cargo build -q)
    read -r secs kb < "$work/time.txt"
    printf '%s\t%s\t%s\n' "$sel" "$secs" "$kb" >> "$results"
    printf '  %-28s %7.1f s %6d MB\n' "$sel" "$secs" $((kb / 1024)) >&2
  done
done

echo
echo "spec: $(basename "$spec"); rounds: $rounds; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| selection | types | operations | lines | clean debug build, median (s) | runs (s) | ratio to the whole API |"
echo "|---|---|---|---|---|---|---|"
for sel in "${selections[@]}"; do
  read -r types ops lines < "$work/$(crate_of "$sel").counts"
  printf '%s\t%s\t%s\t%s\n' "$sel" "$types" "$ops" "$lines"
done | awk -F'\t' -v results="$results" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  BEGIN { while ((getline line < results) > 0) { split(line, f, "\t"); t[f[1]] = t[f[1]] " " f[2] } }
  { sel[NR] = $1; types[NR] = $2; ops[NR] = $3; lines[NR] = $4; m[NR] = median(t[$1]) }
  END {
    whole = 0
    for (i = 1; i <= NR; i++) if (sel[i] == "all") whole = m[i]
    for (i = 1; i <= NR; i++) {
      name = sel[i] == "all" ? "the whole API" : "`" sel[i] "`"
      ratio = whole > 0 ? sprintf("%.2fx", m[i] / whole) : ""
      printf "| %s | %s | %s | %s | %.1f | %s | %s |\n", name, types[i], ops[i], lines[i], m[i], substr(t[sel[i]], 2), ratio
    }
  }'
