//! Helpers shared by the integration tests. (Each test binary uses part of them.)
#![allow(dead_code)]

use std::io::Write as _;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (the `junction` crate), where the CLI runs and `target/` is.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `junction-gen` with `args` in the workspace root.
pub fn run_cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_junction-gen"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("the CLI runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

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
    // Straight to stderr, past the test harness's capture, so that the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: no Junction specs in {} (set JUNCTION_SPEC_DIR)",
        dir.display()
    );
    None
}
