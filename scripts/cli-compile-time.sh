#!/usr/bin/env bash
# Compile time and peak memory of the Junction command line (`junction-cli`, the generated
# `cli/src/cli.rs` and its clap derives) beside the client's (`junction-health`), measured in
# this workspace, in its own target directory (target/cli-compile-time).
#
# Per round and profile: the client alone, clean (`cargo clean -p junction-health`, then
# `cargo build -p junction-health`); the command line alone, clean, with the client and every
# dependency already built (`cargo clean -p junction-cli`, then `cargo build -p junction-cli`);
# and the command line again after a `touch` of its sources. Wall time, CPU time and peak
# memory from `/usr/bin/time -v` (the largest resident set of cargo or any rustc it ran: the
# crate's rustc).
# The dependencies are built once first, unmeasured.
#
# Usage: scripts/cli-compile-time.sh    Environment: ROUNDS (default 1), PROFILES (default
#        "debug"; "debug release" for both), JOBS (default 2: cargo's -j), SKIP_CHECK=1 to
#        leave out the `cargo check` of the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds=${ROUNDS:-1}
profiles=${PROFILES:-debug}
jobs=${JOBS:-2}
work=$root/target/cli-compile-time
mkdir -p "$work"
export CARGO_TARGET_DIR=$work/target
results=$work/results.tsv
: > "$results"

# One timed cargo command for `what`; appends "what profile wall-s cpu-s peak-kB" to the
# results. The CPU time (user + system) is the steadier figure on a shared machine, where a
# build may get a quarter of a core.
measure() {
  local what=$1 profile=$2
  shift 2
  /usr/bin/time -v -o "$work/time.txt" cargo "$@" > /dev/null 2>&1
  local seconds cpu kb
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time.txt")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$work/time.txt")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  printf '%s\t%s\t%s\t%s\t%s\n' "$what" "$profile" "$seconds" "$cpu" "$kb" | tee -a "$results"
}

for profile in $profiles; do
  flag=()
  [[ $profile == release ]] && flag=(--release)
  # Every dependency, once, unmeasured.
  cargo build -q -j "$jobs" -p junction-cli "${flag[@]}"
  for round in $(seq "$rounds"); do
    cargo clean -q -p junction-health "${flag[@]}"
    measure "client, clean" "$profile" build -q -j "$jobs" -p junction-health "${flag[@]}"
    cargo clean -q -p junction-cli "${flag[@]}"
    measure "command line, clean" "$profile" build -q -j "$jobs" -p junction-cli "${flag[@]}"
    touch cli/src/*.rs
    measure "command line, after a touch" "$profile" build -q -j "$jobs" -p junction-cli "${flag[@]}"
  done
done

binary=$(du -h "$CARGO_TARGET_DIR/debug/junction" 2>/dev/null | cut -f1)

# Where the command line's time goes: `cargo check` (parsing, clap's derives expanded, type
# checking; no code generated) against the build above, whose rest is code generation,
# including the client's generic methods instantiated for each command.
if [[ -z ${SKIP_CHECK:-} ]]; then
  cargo check -q -j "$jobs" -p junction-cli
  for round in $(seq "$rounds"); do
    cargo clean -q -p junction-cli
    measure "command line, cargo check, clean" debug check -q -j "$jobs" -p junction-cli
  done
fi

echo
echo "lines: client $(wc -l < generated-client/src/junction.rs), command line $(wc -l < cli/src/cli.rs) (cli/src/cli.rs)"
echo "binary: ${binary:-?} (debug)"
echo "results (what, profile, wall seconds, CPU seconds, peak kB): $results"
