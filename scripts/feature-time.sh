#!/usr/bin/env bash
# Compile time of the client crate alone (its dependencies built first), clean, debug, with
# one group's feature against `full`, interleaved round by round, with peak memory: what a
# project that needs one group saves by naming it in Cargo.toml.
#
#   ROUNDS=2 scripts/feature-time.sh [FEATURES...]   (default: user full)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-2}
sets=("$@")
(( ${#sets[@]} )) || sets=(user full)
export CARGO_TARGET_DIR=$PWD/target/feature-time
results=$CARGO_TARGET_DIR/results.tsv
mkdir -p "$CARGO_TARGET_DIR"
: > "$results"
build() { cargo build -q -p junction-health --no-default-features --features "$1,rustls,gzip"; }
for set in "${sets[@]}"; do build "$set"; done # dependencies, once
for round in $(seq "$rounds"); do
  for set in "${sets[@]}"; do
    cargo clean -q -p junction-health
    /usr/bin/time -f '%e %M' -o "$CARGO_TARGET_DIR/time.txt" \
      cargo build -q -p junction-health --no-default-features --features "$set,rustls,gzip"
    read -r secs kb < "$CARGO_TARGET_DIR/time.txt"
    printf '%s\t%s\t%s\n' "$set" "$secs" "$kb" >> "$results"
    printf '  round %s %-10s %6.1f s %6d MB\n' "$round" "$set" "$secs" $((kb / 1024)) >&2
  done
done
echo "$(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| features | seconds (each round) | peak MB |"
echo "|---|---|---|"
awk -F'\t' '{ t[$1] = t[$1] " " $2; if ($3 > m[$1]) m[$1] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
  END { for (i = 1; i <= n; i++) printf "| %s | %s | %d |\n", order[i], substr(t[order[i]], 2), m[order[i]] / 1024 }' "$results"
