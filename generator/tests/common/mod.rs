//! Helpers shared by the integration tests. (Each test binary uses part of them.)
#![allow(dead_code)]

use std::io::Write as _;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (the `junction` crate), where the CLI runs and `target/` is.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// True when the environment variable is set to `1` or `true`.
pub fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// For an input `test` needs that is not there (`missing` says which and how to get it):
/// fails the test when one of the environment flags `required` is set, as CI sets them, and
/// otherwise says on stderr, past the harness's capture, that the test skipped.
pub fn skip_unless_required(test: &str, missing: &str, required: &[&str]) {
    let by: Vec<&str> = required.iter().copied().filter(|f| env_flag(f)).collect();
    assert!(
        by.is_empty(),
        "{test}: {} is set but {missing}",
        by.join(", ")
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {missing}");
}

/// The one target directory the generated crates of every test build into, so that the
/// client's dependencies are built once.
pub fn crates_target() -> PathBuf {
    workspace().join("target/generated-crates/target")
}

/// `cargo ARGS` in `dir` (`$CARGO`, or `cargo`), building into [`crates_target`], without the
/// caller's `RUSTFLAGS`. Run it with [`succeed`] or `.output()`.
pub fn cargo(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", crates_target())
        .env_remove("RUSTFLAGS");
    command
}

/// `cargo build -v` of the root crate with the feature `regenerate` (its `build.rs` runs the
/// generator), in the shared target directory.
pub fn build_root_crate() -> Command {
    cargo(
        &workspace(),
        &[
            "build",
            "--offline",
            "-p",
            "junction-health",
            "--features",
            "regenerate",
            "-v",
        ],
    )
}

/// Runs `command`; `Err` holds what it printed when it fails.
pub fn succeed(mut command: Command) -> Result<(), String> {
    let out = command.output().map_err(|e| e.to_string())?;
    match out.status.success() {
        true => Ok(()),
        false => Err(format!("{}{}", text(&out.stdout), text(&out.stderr))),
    }
}

/// Writes `files` as the crate in `dir` (only those that changed, so cargo rebuilds only
/// what changed), with the workspace's Cargo.lock beside them, so that it resolves offline
/// to the crates already downloaded.
pub fn write_crate(dir: &Path, files: &[generator::CrateFile]) -> Result<(), String> {
    generator::write_files(dir, files).map_err(|e| e.to_string())?;
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map(drop)
        .map_err(|e| e.to_string())
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
    let missing = format!(
        "no Junction specs in {} (set JUNCTION_SPEC_DIR)",
        dir.display()
    );
    skip_unless_required(test, &missing, &["JUNCTION_SPEC_REQUIRED"]);
    None
}

/// The settings the Junction client is built with: `crate_name`, and Junction's overlay
/// (`specs/junction.overlay.yaml`) applied, as `build.rs` applies it.
pub fn junction_settings(crate_name: &str) -> generator::Settings {
    let name = "specs/junction.overlay.yaml";
    let text = std::fs::read_to_string(workspace().join(name)).unwrap();
    let overlay = generator::overlay::Overlay::parse(name, &text).unwrap_or_else(|e| panic!("{e}"));
    generator::Settings {
        crate_name: crate_name.to_owned(),
        overlays: vec![overlay],
        ..generator::Settings::default()
    }
}

/// Generates fixture `spec` as crate `name`, adds `test` as its `tests/behaviour.rs` and runs
/// it with `cargo test`: how the generated code behaves at run time.
pub fn run_behaviour(spec: &str, name: &str, test: &str) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let settings = generator::Settings {
        crate_name: name.to_owned(),
        ..Default::default()
    };
    let output =
        generator::generate_file(&fixtures.join(spec), &settings).unwrap_or_else(|e| panic!("{e}"));
    let dir = workspace().join("target/generated-crates").join(name);
    write_crate(&dir, &generator::crate_files(&output, name)).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("tests/behaviour.rs"), test).unwrap();
    succeed(cargo(
        &dir,
        &["test", "--offline", "--quiet", "--test", "behaviour"],
    ))
    .unwrap_or_else(|e| panic!("the tests of {name} failed:\n{e}"));
}

/// What the tests written into a generated crate use, beside the crate's own dependencies.
const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
futures-util = "0.3"
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6"
"#;

/// Adds [`DEV_DEPENDENCIES`] to the manifest of the generated crate in `dir`, once.
#[allow(dead_code)]
pub fn add_dev_dependencies(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).unwrap();
    if !toml.lines().any(|line| line == "[dev-dependencies]") {
        toml.push_str(DEV_DEPENDENCIES);
        std::fs::write(&manifest, toml).unwrap();
    }
}
