//! The later real Junction versions in `JUNCTION_SPEC_DIR` (0.4.485 and 0.4.486, read in
//! place), with Junction's overlay applied as the client is built: each generated crate is
//! clean under `cargo clippy -D warnings` and `cargo doc` with `RUSTDOCFLAGS=-D warnings`, the
//! same check `full_spec.rs` makes of the pinned 0.4.483. One crate directory, regenerated per
//! version, so the versions share build artifacts.

mod common;

use common::workspace;

const CRATE: &str = "junction_later";
const VERSIONS: &[&str] = &["0.4.485", "0.4.486"];

#[test]
fn later_junction_versions_are_clippy_and_rustdoc_clean() {
    let Some(dir) = common::spec_dir("later_junction_versions_are_clippy_and_rustdoc_clean") else {
        return;
    };
    let crate_dir = workspace().join("target/generated-crates").join(CRATE);
    let mut failures = Vec::new();
    for version in VERSIONS {
        let spec = dir.join(format!("junction-{version}.yaml"));
        let output = generator::generate_file(&spec, &common::junction_settings(CRATE))
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        common::write_crate(&crate_dir, &generator::crate_files(&output, CRATE)).unwrap();
        let clippy = common::cargo(
            &crate_dir,
            &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
        );
        if let Err(e) = common::succeed(clippy) {
            failures.push(format!("{version}: cargo clippy -D warnings failed:\n{e}"));
        }
        let mut doc = common::cargo(&crate_dir, &["doc", "--offline", "--quiet", "--no-deps"]);
        doc.env("RUSTDOCFLAGS", "-D warnings");
        if let Err(e) = common::succeed(doc) {
            failures.push(format!("{version}: cargo doc (-D warnings) failed:\n{e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
