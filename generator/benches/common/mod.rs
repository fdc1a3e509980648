//! The benchmark both bench targets run: generating the full pinned Junction spec, next to
//! parsing it alone, in the same run. Specs from `JUNCTION_SPEC_DIR`, default `../shared/specs`.

use std::path::PathBuf;

use criterion::Criterion;

fn spec() -> Option<(String, String)> {
    let dir = std::env::var_os("JUNCTION_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs"));
    let path = dir.join("junction-0.4.483.yaml");
    let text = std::fs::read_to_string(&path).ok()?;
    Some((path.display().to_string(), text))
}

/// Parse, load and generate, in a group named `group`.
pub fn bench(c: &mut Criterion, group: &str) {
    let Some((file, text)) = spec() else {
        eprintln!("SKIPPED: no junction-0.4.483.yaml (set JUNCTION_SPEC_DIR)");
        return;
    };
    let mut group = c.benchmark_group(group);
    group.sample_size(20);
    group.bench_function("parse: serde_yaml into a Value", |b| {
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap())
    });
    group.bench_function("load: YAML into serde_json::Value", |b| {
        b.iter(|| generator::load::parse(&file, &text).unwrap())
    });
    let settings = generator::Settings::default();
    group.bench_function("generate: the whole pipeline", |b| {
        b.iter(|| generator::generate(&file, &text, &settings).unwrap())
    });
    group.finish();
}
