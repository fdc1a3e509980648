#!/usr/bin/env bash
# Checks with cargo-semver-checks (an oracle independent of `junction-gen diff`) that:
#  1. the clients of the pinned Junction versions 0.4.483 -> 0.4.485 -> 0.4.486 (Junction's
#     overlay applied), versioned as minor releases of each other (1.0.0 -> 1.1.0 -> 1.2.0),
#     have no major-level failure where `diff` says the change needs no major bump;
#  2. the fixture pair generator/tests/semver/{old,new}.yaml (a field removed, a type changed,
#     a required field added) fails as a minor release, and `diff` reports it as major.
# cargo-semver-checks is installed, pinned, into target/semver-checks. Usage:
#   scripts/semver-check.sh            (JUNCTION_SPEC_DIR defaults to ../shared/specs)
#   SKIP_REAL=1 scripts/semver-check.sh    (the fixture pair only: a minute, not ten)
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.51.0
tool=target/semver-checks/bin/cargo-semver-checks
if ! "$tool" --version 2>/dev/null | grep -q "$version"; then
  cargo install cargo-semver-checks --version "$version" --locked --root target/semver-checks
fi
export PATH="$PWD/target/semver-checks/bin:$PATH"
specs="${JUNCTION_SPEC_DIR:-../shared/specs}"
work=target/semver-check
rm -rf "$work"
mkdir -p "$work"
cargo build -q -p junction-generator
gen=target/debug/junction-gen

# generate NAME SPEC VERSION [OVERLAY]: the client crate of SPEC in $work/NAME, at VERSION.
generate() {
  local name=$1 spec=$2 version=$3 overlay=${4:-}
  "$gen" generate --spec "$spec" ${overlay:+--overlay "$overlay"} --out "$work/$name" >/dev/null
  sed -i "0,/^version = \".*\"/s//version = \"$version\"/" "$work/$name/Cargo.toml"
  cp Cargo.lock "$work/$name/"
}

# semver OLD NEW: cargo-semver-checks of NEW against OLD; its exit status.
semver() {
  cargo semver-checks --baseline-root "$work/$1" --manifest-path "$work/$2/Cargo.toml" \
    --all-features 2>&1 | tee "$work/$1-to-$2.log"
  return "${PIPESTATUS[0]}"
}

# bump OLD_SPEC NEW_SPEC [OVERLAY]: the bump `diff` says the change needs.
bump() {
  "$gen" diff "$1" "$2" ${3:+--overlay "$3"} --format json |
    sed -n 's/^ *"bump": "\(.*\)",\{0,1\}$/\1/p'
}

failed=0
fixture=generator/tests/semver
generate fixture-old "$fixture/old.yaml" 1.0.0
generate fixture-new "$fixture/new.yaml" 1.1.0
echo "fixture: diff says $(bump "$fixture/old.yaml" "$fixture/new.yaml")"
if semver fixture-old fixture-new >/dev/null; then
  echo "FAIL: cargo-semver-checks accepts the fixture's breaking changes as a minor release"
  failed=1
else
  echo "ok: cargo-semver-checks rejects the fixture as a minor release:"
  grep -E '^--- failure' "$work/fixture-old-to-fixture-new.log" || true
fi
[ "$(bump "$fixture/old.yaml" "$fixture/new.yaml")" = major ] || { echo "FAIL: diff does not say major"; failed=1; }

if [ -z "${SKIP_REAL:-}" ]; then
  overlay=specs/junction.overlay.yaml
  previous=""
  minor=0
  for v in 0.4.483 0.4.485 0.4.486; do
    generate "junction-$v" "$specs/junction-$v.yaml" "1.$minor.0" "$overlay"
    minor=$((minor + 1))
    if [ -n "$previous" ]; then
      said=$(bump "$specs/junction-$previous.yaml" "$specs/junction-$v.yaml" "$overlay")
      if semver "junction-$previous" "junction-$v" >/dev/null; then
        echo "ok: $previous -> $v: diff says $said, cargo-semver-checks finds no major change"
      elif [ "$said" = major ]; then
        echo "ok: $previous -> $v: diff says major, and cargo-semver-checks agrees"
      else
        echo "FAIL: $previous -> $v: diff says $said, cargo-semver-checks finds a major change:"
        grep -E '^--- failure' "$work/junction-$previous-to-junction-$v.log" || true
        failed=1
      fi
    fi
    previous=$v
  done
fi
exit $failed
