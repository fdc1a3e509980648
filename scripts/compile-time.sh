#!/usr/bin/env bash
# Compile time and peak memory of the full generated Junction client against openapi-to-rust's
# output for the same spec, measured in one run, interleaved round by round, so that the ratios
# hold on a busy machine even when the absolute times do not.
#
# For each crate, its dependencies are built first; then, per round and profile (debug,
# release), the crate alone: a clean build (`cargo clean -p CRATE`, then `cargo build`) and a
# rebuild after a `touch` of its sources. Wall time and peak memory (`/usr/bin/time`, the largest
# resident set of cargo or any rustc it ran, which is the crate's rustc) for each.
#
# Usage: scripts/compile-time.sh [SPEC]   (default specs/junction.yaml,
#        Junction 0.4.483). Environment: ROUNDS (default 2), PROFILES (default
#        "debug release"), SKIP_PEER=1 to measure this client alone, FEATURES=testing to build
#        this client with those cargo features (its test kit).
# openapi-to-rust (0.23.0, from crates.io) is installed into target/tools on first use; its
# output is a wrapper crate under target/compile-time/peer, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
spec="${1:-specs/junction.yaml}"
spec=$(realpath "$spec")
rounds=${ROUNDS:-2}
profiles=${PROFILES:-debug release}
work=$root/target/compile-time
mkdir -p "$work"
results=$work/results.tsv
: > "$results"

# --- this client: the full spec with the overlay, as the README generates it ---------------
ours=$work/ours
rm -rf "$ours"
cargo run -q -p junction-generator -- generate --spec "$spec" \
  --overlay specs/junction.overlay.yaml --out "$ours" > /dev/null
cp Cargo.lock "$ours/"
crates=(ours)

# --- openapi-to-rust: its CLI's output, in a wrapper crate as its README says --------------
peer=$work/peer
o2r_version=0.23.0
if [[ -z "${SKIP_PEER:-}" ]]; then
  tool=$root/target/tools/bin/openapi-to-rust
  if [[ ! -x $tool ]] || [[ $("$tool" --version 2>/dev/null) != *"$o2r_version"* ]]; then
    cargo install -q --locked openapi-to-rust --version "$o2r_version" --root "$root/target/tools"
  fi
  rm -rf "$peer"
  mkdir -p "$peer/src"
  (cd "$peer" && "$tool" generate "$spec" > generate.log 2>&1)
  {
    printf '[package]\nname = "o2r_client"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
    printf '# A workspace of its own.\n[workspace]\n\n[dependencies]\n'
    # REQUIRED_DEPS.toml lists the dependencies the generated code needs, as TOML lines.
    grep -E '^[A-Za-z0-9_-]+ *=' "$peer/src/generated/REQUIRED_DEPS.toml"
  } > "$peer/Cargo.toml"
  printf '//! openapi-to-rust %s output for %s.\n#![allow(warnings, clippy::all)]\npub mod generated;\n' \
    "$o2r_version" "$(basename "$spec")" > "$peer/src/lib.rs"
  crates+=(peer)
fi

dir_of() { [[ $1 == ours ]] && echo "$ours" || echo "$peer"; }
package_of() { [[ $1 == ours ]] && echo junction || echo o2r_client; }
lines_of() {
  case $1 in
    ours) cat "$ours/src/junction.rs" | wc -l ;;
    peer) cat "$peer"/src/generated/*.rs | wc -l ;;
  esac
}

# One timed `cargo build` of crate $1 in profile $2; appends "crate profile kind seconds kB".
measure() {
  local crate=$1 profile=$2 kind=$3 dir flag=() features=()
  dir=$(dir_of "$crate")
  [[ $profile == release ]] && flag=(--release)
  [[ $crate == ours && -n ${FEATURES:-} ]] && features=(--features "$FEATURES")
  export CARGO_TARGET_DIR=$work/target-$crate
  if [[ $kind == clean ]]; then
    (cd "$dir" && cargo clean -q -p "$(package_of "$crate")" "${flag[@]}")
  else
    find "$dir/src" -name '*.rs' -exec touch {} +
  fi
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time.txt" cargo build -q "${flag[@]}" "${features[@]}")
  read -r secs kb < "$work/time.txt"
  printf '%s\t%s\t%s\t%s\t%s\n' "$crate" "$profile" "$kind" "$secs" "$kb" >> "$results"
  printf '  %-5s %-7s %-5s %7.1f s %6d MB\n' "$crate" "$profile" "$kind" "$secs" $((kb / 1024)) >&2
}

echo "dependencies, once per crate and profile" >&2
for crate in "${crates[@]}"; do
  for profile in $profiles; do
    flag=()
    [[ $profile == release ]] && flag=(--release)
    [[ $crate == ours && -n ${FEATURES:-} ]] && flag+=(--features "$FEATURES")
    (cd "$(dir_of "$crate")" && CARGO_TARGET_DIR=$work/target-$crate cargo build -q "${flag[@]}")
  done
done

for round in $(seq "$rounds"); do
  echo "round $round" >&2
  for profile in $profiles; do
    # Alternate which crate goes first, so neither always meets the same load.
    order=("${crates[@]}")
    if (( round % 2 == 0 )) && (( ${#crates[@]} == 2 )); then order=(peer ours); fi
    for crate in "${order[@]}"; do measure "$crate" "$profile" clean; done
    for crate in "${order[@]}"; do measure "$crate" "$profile" touch; done
  done
done

echo
echo "spec: $(basename "$spec"); rounds: $rounds; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for crate in "${crates[@]}"; do
  echo "lines of generated code, $crate: $(lines_of "$crate")"
done
echo
# Medians per crate, profile and kind; ratios ours/peer of the medians.
awk -F'\t' -v crates="${crates[*]}" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    key = $2 " " $3
    if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
    t[$1, key] = t[$1, key] " " $4
    m[$1, key] = m[$1, key] " " $5
  }
  END {
    printf "| build | this client (s) | peak MB | openapi-to-rust (s) | peak MB | time ratio | memory ratio |\n"
    printf "|---|---|---|---|---|---|---|\n"
    for (k = 1; k <= nk; k++) {
      key = keys[k]
      to = median(t["ours", key]); mo = median(m["ours", key]) / 1024
      if (("peer", key) in t) {
        tp = median(t["peer", key]); mp = median(m["peer", key]) / 1024
        printf "| %s | %.1f (%s) | %.0f | %.1f (%s) | %.0f | %.2fx | %.2fx |\n", key, to, substr(t["ours", key], 2), mo, tp, substr(t["peer", key], 2), mp, to / tp, mo / mp
      } else {
        printf "| %s | %.1f (%s) | %.0f | | | | |\n", key, to, substr(t["ours", key], 2), mo
      }
    }
  }' "$results"
