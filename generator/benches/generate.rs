//! The full Junction spec generated as `junction-gen` runs it: with mimalloc, the binary's
//! allocator. `cargo bench -p junction-generator --bench generate`; the README quotes it.
//! `generate_system_alloc` runs the same with the system allocator, as a `build.rs` does.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    common::bench(c, "junction-0.4.483 (mimalloc, as junction-gen)");
}

criterion_group!(benches, bench);
criterion_main!(benches);
