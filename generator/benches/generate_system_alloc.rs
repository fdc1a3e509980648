//! The full Junction spec generated with the system allocator, as a `build.rs` runs it:
//! `cargo bench -p junction-generator --bench generate_system_alloc`; the README quotes it.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    common::bench(c, "junction-0.4.483 (system allocator, as build.rs)");
}

criterion_group!(benches, bench);
criterion_main!(benches);
