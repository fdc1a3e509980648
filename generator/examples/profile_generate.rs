//! Times each stage of the pipeline on one spec: `cargo run --release -p junction-generator
//! --example profile_generate -- SPEC`. For finding where generation spends its time; the
//! budget is checked with the `ratio` example. The stages run one after the other, as in
//! `generate`; emit makes each item's tokens as `format` prints it, on all cores, so the two are
//! timed together.

use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args().nth(1).expect("a spec path");
    let text = std::fs::read_to_string(&path).expect("the spec reads");
    const RUNS: u32 = 10;
    let mut times = [Duration::ZERO; 7];
    // As `generate` does: the stages on one thread of a pool, the printing on all of them.
    let threads = generator::threads().expect("threads");
    threads.install(|| {
        for _ in 0..RUNS {
            let mut lap = Instant::now();
            let mut mark = |i: usize| {
                times[i] += lap.elapsed();
                lap = Instant::now();
            };
            let mut value = generator::load::parse(&path, &text).unwrap();
            mark(0);
            generator::normalize::normalize(&mut value);
            mark(1);
            generator::check::check(&path, &value).unwrap();
            mark(2);
            let doc = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value).unwrap();
            drop(value);
            mark(3);
            let api = generator::lower::lower(&doc, &path).unwrap();
            mark(4);
            let parts = generator::emit::api(&api, "junction");
            mark(5);
            let code = generator::format::file(parts, "").unwrap();
            mark(6);
            std::hint::black_box(code);
        }
    });
    let names = [
        "load",
        "normalize",
        "check",
        "openapiv3",
        "lower",
        "emit (plan)",
        "emit + format",
    ];
    for (name, t) in names.iter().zip(times) {
        println!("{name:>16}: {:>8.2?}", t / RUNS);
    }
}
