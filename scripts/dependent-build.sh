#!/usr/bin/env bash
# A dependent's first build, as a team meets it: a new project that depends on this crate by
# path (default features: the committed client, no generator), against the same project
# depending on openapi-to-rust 0.23's output of the same spec (a wrapper crate, as its README
# says), measured in one run, interleaved round by round. Each build is clean (a fresh target
# directory: every dependency is compiled), debug, with `cargo build --timings`; the script
# prints the wall time and peak memory of each, how many units were compiled, how many of
# them belong to the generator (the budget: none), and the slowest units.
#
#   ROUNDS=1 scripts/dependent-build.sh [SPEC]   (default specs/junction.yaml, Junction 0.4.483)
#
# openapi-to-rust (0.23.0, from crates.io) is installed into target/tools on first use, as
# scripts/compile-time.sh does; everything is written under target/dependent-build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
spec=$(realpath "${1:-specs/junction.yaml}")
rounds=${ROUNDS:-1}
work=$root/target/dependent-build
rm -rf "$work"
mkdir -p "$work"

# --- the peer's client: openapi-to-rust's CLI output in a wrapper crate ---------------------
o2r_version=0.23.0
tool=$root/target/tools/bin/openapi-to-rust
if [[ ! -x $tool ]] || [[ $("$tool" --version 2>/dev/null) != *"$o2r_version"* ]]; then
  cargo install -q --locked openapi-to-rust --version "$o2r_version" --root "$root/target/tools"
fi
peer=$work/o2r_client
mkdir -p "$peer/src"
(cd "$peer" && "$tool" generate "$spec" > generate.log 2>&1)
{
  printf '[package]\nname = "o2r_client"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
  printf '[dependencies]\n'
  grep -E '^[A-Za-z0-9_-]+ *=' "$peer/src/generated/REQUIRED_DEPS.toml"
} > "$peer/Cargo.toml"
printf '//! openapi-to-rust %s output for %s.\n#![allow(warnings, clippy::all)]\npub mod generated;\n' \
  "$o2r_version" "$(basename "$spec")" > "$peer/src/lib.rs"

# --- the two dependents: the same binary, each naming its client --------------------------
project() { # name, dependency line, main.rs
  local dir=$work/$1
  mkdir -p "$dir/src"
  printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n%s\n' \
    "$1" "$2" > "$dir/Cargo.toml"
  printf '%s\n' "$3" > "$dir/src/main.rs"
}
project uses-junction "junction-health = { path = \"$root\" }" \
  'fn main() { let _ = junction::Junction::builder().api_key("k").build(); }'
project uses-o2r "o2r_client = { path = \"$peer\" }" \
  'fn main() { println!("{}", std::any::type_name::<o2r_client::generated::client::HttpClient>()); }'
cp Cargo.lock "$work/uses-junction/"

results=$work/results.tsv
: > "$results"
measure() { # project, round
  local dir=$work/$1 target=$work/target-$1-$2
  (cd "$dir" && CARGO_TARGET_DIR=$target /usr/bin/time -f '%e %M' -o "$work/time.txt" \
    cargo build -q --timings)
  read -r secs kb < "$work/time.txt"
  local html
  html=$(ls -t "$target"/cargo-timings/cargo-timing-*.html | head -1)
  python3 - "$html" "$1" "$secs" "$kb" >> "$results" <<'PY'
import json, re, sys
html, name, secs, kb = sys.argv[1:]
data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", open(html).read(), re.S).group(1))
generator = [u for u in data if u["name"] in ("junction-generator", "openapiv3", "prettyplease", "serde_yaml")]
slowest = sorted(data, key=lambda u: -u["duration"])[:4]
top = ", ".join(f'{u["name"]}{" (build script)" if u["target"].strip() == "build-script" else ""} {u["duration"]:.1f} s' for u in slowest)
print(f"{name}\t{secs}\t{int(kb) // 1024}\t{len(data)}\t{len(generator)}\t{top}")
PY
  tail -1 "$results" >&2
}

for round in $(seq "$rounds"); do
  if (( round % 2 == 1 )); then order=(uses-junction uses-o2r); else order=(uses-o2r uses-junction); fi
  for p in "${order[@]}"; do measure "$p" "$round"; done
done

echo
echo "spec: $(basename "$spec"); rounds: $rounds; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| dependent | wall (s) | peak MB | units | generator units | slowest units |"
echo "|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$results"
