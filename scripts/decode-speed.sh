#!/usr/bin/env bash
# Run-time speed of the generated types against openapi-to-rust's for the same spec, in one run:
# a page of 10,000 heart-rate samples (`ClientFacingHeartRateTimeseries`, the shape of
# Junction's timeseries endpoints) decoded from JSON text and encoded back, 40 times each, in
# release builds, the two programs run in turn five times. Prints the medians per sample and
# the ratios.
#
# Needs the crates `scripts/compile-time.sh` writes (target/compile-time/ours and peer); run it
# first. OURS=DIR measures another generated crate of this client in place of ours (for example
# one written by an earlier commit's generator), with its own target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/target/compile-time
ours=${OURS:-$work/ours}
declare -A dir=([ours]=$ours [peer]=$work/peer)
declare -A target=([ours]=${OURS_TARGET:-$work/target-ours} [peer]=$work/target-peer)
declare -A sample=([ours]=junction::types::ClientFacingHeartRateTimeseries
  [peer]=o2r_client::generated::types::ClientFacingHeartRateTimeseries)

for crate in ours peer; do
  mkdir -p "${dir[$crate]}/examples"
  cat > "${dir[$crate]}/examples/decode_speed.rs" <<RUST
//! Decodes and encodes a page of heart-rate samples; prints the medians in ns per sample.
use std::hint::black_box;
use std::time::{Duration, Instant};

use ${sample[$crate]} as Sample;

fn main() {
    let count = 10_000;
    let mut text = String::from("[");
    for i in 0..count {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"id":{i},"timezone_offset":3600,"type":null,"unit":"bpm","timestamp":"2026-11-30T{:02}:{:02}:{:02}+01:00","value":{}.5}}"#,
            i / 3600 % 24,
            i / 60 % 60,
            i % 60,
            60 + i % 40
        ));
    }
    text.push(']');
    let (mut decode, mut encode) = (Vec::new(), Vec::new());
    for _ in 0..40 {
        let start = Instant::now();
        let samples: Vec<Sample> = serde_json::from_str(black_box(&text)).unwrap();
        decode.push(start.elapsed());
        let start = Instant::now();
        black_box(serde_json::to_string(black_box(&samples)).unwrap());
        encode.push(start.elapsed());
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2].as_nanos() as f64 / count as f64
    };
    println!("{:.0} {:.0}", median(decode), median(encode));
}
RUST
  (cd "${dir[$crate]}" && CARGO_TARGET_DIR=${target[$crate]} cargo build -q --release --example decode_speed)
done

declare -A runs
for round in 1 2 3 4 5; do
  for crate in ours peer; do
    runs[$crate]+="$("${target[$crate]}/release/examples/decode_speed")"$'\n'
  done
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for crate in ours peer; do
  d=$(printf '%s' "${runs[$crate]}" | awk '{print $1}' | median)
  e=$(printf '%s' "${runs[$crate]}" | awk '{print $2}' | median)
  declare "dec_$crate=$d" "enc_$crate=$e"
  echo "$crate: decode $d ns per sample (runs: $(printf '%s' "${runs[$crate]}" | awk '{print $1}' | tr '\n' ' ')), encode $e ns"
done
awk -v a="$dec_ours" -v b="$dec_peer" -v c="$enc_ours" -v d="$enc_peer" \
  'BEGIN { printf "ours / openapi-to-rust: decode %.2fx, encode %.2fx\n", a / b, c / d }'
