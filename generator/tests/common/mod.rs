//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The folder of real Junction specs: `JUNCTION_SPEC_DIR`, or `../shared/specs` beside the
/// checkout. `None` (with a line saying the test skipped) when it is not there, unless
/// `JUNCTION_SPEC_REQUIRED=1`, which CI sets: then a missing folder fails the test.
pub fn spec_dir(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("JUNCTION_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs"));
    if dir.join("junction-0.4.483.yaml").is_file() {
        return Some(dir);
    }
    let required = std::env::var("JUNCTION_SPEC_REQUIRED").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{test}: JUNCTION_SPEC_REQUIRED=1 but {} holds no junction-0.4.483.yaml",
        dir.display()
    );
    eprintln!(
        "SKIPPED {test}: no Junction specs in {} (set JUNCTION_SPEC_DIR)",
        dir.display()
    );
    None
}
