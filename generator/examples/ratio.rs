//! Generation next to parsing alone, interleaved round by round, so that a slower moment of
//! the machine weighs on both: `cargo run --release -p junction-generator --example ratio
//! [-- SPEC ROUNDS]`. With the default features it runs on mimalloc, as `junction-gen` does;
//! with `--no-default-features`, on the system allocator, as a `build.rs` does. Prints the
//! medians and their ratio (the criterion bench measures the two one after the other), and
//! beside them what `syn` alone takes to read the generated code back from its text: the floor
//! of any design that formats through `syn` and prettyplease, as `format` does.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "specs/junction.yaml".to_owned());
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let text = std::fs::read_to_string(&path).expect("the spec reads");
    let settings = generator::Settings::default();
    let (mut generate, mut parse, mut reread) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        std::hint::black_box(serde_yaml::from_str::<serde_yaml::Value>(&text).expect("YAML"));
        parse.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        let output = generator::generate(&path, &text, &settings).expect("generates");
        generate.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        std::hint::black_box(syn::parse_file(&output.code).expect("the output parses"));
        reread.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let (generate, parse) = (median(&mut generate), median(&mut parse));
    let reread = median(&mut reread);
    let allocator = if cfg!(feature = "mimalloc") {
        "mimalloc"
    } else {
        "system allocator"
    };
    println!(
        "{path} ({allocator}, median of {rounds} rounds): generate {generate:.1} ms, \
         parse {parse:.1} ms, ratio {:.2}; syn reading the output back: {reread:.1} ms, {:.2}x \
         the parse",
        generate / parse,
        reread / parse
    );
}
