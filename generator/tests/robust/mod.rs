//! Helpers shared by the robustness tests (`mutation.rs`, `corpus.rs`, `injection.rs`,
//! `regressions.rs`): run the generator so that a panic or a hang is a finding instead of the
//! end of the test, check that errors are located, and compile generated crates under
//! `cargo clippy -D warnings` the way `compile.rs` does.

#![allow(dead_code)] // each test binary uses a part of it

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

/// A generous bound on one run of the generator: a hang detector, not a speed assertion.
pub const HANG_BOUND: Duration = Duration::from_secs(20);

/// Stack of the thread a case runs on: the size of a main thread, where the CLI and `build.rs`
/// run the generator (a test thread has 2 MiB).
const CASE_STACK: usize = 8 << 20;

/// What one run of `generator::generate` gave.
pub enum Outcome {
    /// Generated code.
    Generated(Box<generator::Output>),
    /// Diagnostics (checked for locations by [`unlocated`]).
    Rejected(generator::Diagnostics),
    /// The generator panicked: the message and where.
    Panicked(String),
    /// It did not finish within [`HANG_BOUND`] (the thread is left running).
    Hung,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the panic hook, once, with one that records the message and location of a panic
/// on a case thread instead of printing it (a mutation run may meet many).
pub fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_case = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with("case:"));
            if on_case {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(non-string payload)".to_owned());
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message} at {at}")));
            } else {
                default(info);
            }
        }));
    });
}

/// Runs `generator::generate` on its own thread, catching a panic and bounding the time.
pub fn run_case(label: &str, file: &str, text: String) -> Outcome {
    quiet_panics();
    let (tx, rx) = mpsc::channel();
    let file = file.to_owned();
    let spawned = std::thread::Builder::new()
        .name(format!("case:{label}"))
        .stack_size(CASE_STACK)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                generator::generate(&file, &text, &generator::Settings::default())
            });
            let outcome = match result {
                Ok(Ok(output)) => Outcome::Generated(Box::new(output)),
                Ok(Err(diagnostics)) => Outcome::Rejected(diagnostics),
                Err(_) => Outcome::Panicked(
                    LAST_PANIC
                        .with(|p| p.borrow_mut().take())
                        .unwrap_or_else(|| "panic".to_owned()),
                ),
            };
            let _ = tx.send(outcome);
        })
        .expect("a case thread starts");
    match rx.recv_timeout(HANG_BOUND) {
        Ok(outcome) => {
            let _ = spawned.join();
            outcome
        }
        Err(_) => Outcome::Hung,
    }
}

/// The diagnostics that say neither which file nor where in it (a pointer or a line).
pub fn unlocated(diagnostics: &generator::Diagnostics) -> Vec<String> {
    let mut bad = Vec::new();
    if diagnostics.is_empty() {
        bad.push("an error with no diagnostic in it".to_owned());
    }
    for d in diagnostics.iter() {
        if d.file.is_empty() || (d.pointer.is_empty() && d.line.is_none()) {
            bad.push(d.to_string());
        }
    }
    bad
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target directory shared with `compile.rs`, so the client's dependencies are built once.
pub fn shared_target_dir() -> PathBuf {
    workspace().join("target/generated-crates/target")
}

/// Writes `output` as the standalone crate `name` under `dir`, with the workspace's
/// Cargo.lock, and runs `cargo clippy --offline -D warnings` on it. `Err` holds cargo's
/// output.
pub fn clippy_crate(output: &generator::Output, name: &str, dir: &Path) -> Result<(), String> {
    let crate_dir = dir.join(name);
    let _ = std::fs::remove_dir_all(&crate_dir);
    generator::write_files(&crate_dir, &generator::crate_files(output, name))
        .map_err(|e| e.to_string())?;
    std::fs::copy(workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["clippy", "--offline", "--quiet", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// True when the environment variable is set to `1` or `true`.
pub fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}
