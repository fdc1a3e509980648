//! Helpers shared by the robustness tests (`mutation.rs`, `corpus.rs`, `injection.rs`,
//! `regressions.rs`): run the generator so that a panic or a hang is a finding instead of the
//! end of the test, check that errors are located, and compile generated crates under
//! `cargo clippy -D warnings` the way `compile.rs` does. (A test binary that has this module
//! also has `common`.)

#![allow(dead_code)] // each test binary uses a part of it

use std::cell::RefCell;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use crate::common;

/// A generous bound on one run of the generator on a small document: a hang detector, not a
/// speed assertion.
pub const HANG_BOUND: Duration = Duration::from_secs(20);

/// What a megabyte of document adds to [`HANG_BOUND`]: about five times what it takes on one
/// core (0.6 s in a release build, several seconds in a debug one), so that the directory's
/// largest documents (Microsoft Graph's beta, 47 MB: 27 s of CPU in release) are not taken for
/// hangs on a loaded machine, while a document that loops still is.
pub fn per_megabyte() -> Duration {
    match cfg!(debug_assertions) {
        true => Duration::from_secs(30),
        false => Duration::from_secs(3),
    }
}

/// The bound for a document of `len` bytes: [`HANG_BOUND`] plus [`per_megabyte`] for each
/// megabyte.
pub fn hang_bound(len: usize) -> Duration {
    HANG_BOUND + per_megabyte() * u32::try_from(len / 1_000_000).unwrap_or(u32::MAX)
}

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
    /// It did not finish within [`hang_bound`] (the thread is left running).
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
    let bound = hang_bound(text.len());
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
    match rx.recv_timeout(bound) {
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

/// Writes `output` as the standalone crate `name` under `dir` and runs
/// `cargo clippy --offline -D warnings` on it. `Err` holds cargo's output.
pub fn clippy_crate(output: &generator::Output, name: &str, dir: &Path) -> Result<(), String> {
    let crate_dir = dir.join(name);
    // Another spec's crate may have stood here: none of its files stay.
    let _ = std::fs::remove_dir_all(&crate_dir);
    common::write_crate(&crate_dir, &generator::crate_files(output, name))?;
    common::succeed(common::cargo(
        &crate_dir,
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
    ))
}

/// Writes each of `crates` (a label and its output) as a member of one workspace in `work` and
/// runs one `cargo clippy --offline --keep-going -D warnings` over all of them (dependencies
/// checked once). Returns one failure, with the crate's first errors, for each that does not
/// pass.
pub fn clippy_workspace(work: &Path, crates: &[(String, &generator::Output)]) -> Vec<String> {
    if crates.is_empty() {
        return Vec::new();
    }
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).expect("the workspace folder is made");
    let mut members = Vec::new();
    for (i, (_, output)) in crates.iter().enumerate() {
        let name = format!("crate_{i}");
        let dir = work.join(&name);
        generator::write_files(&dir, &generator::crate_files(output, &name))
            .expect("the crate is written");
        // A member of this workspace, not a workspace of its own.
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).expect("the manifest is there");
        std::fs::write(&manifest, text.replace("\n[workspace]\n", "\n"))
            .expect("the manifest is written");
        members.push(format!("\"{name}\""));
    }
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("the workspace manifest is written");
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        work.join("Cargo.lock"),
    )
    .expect("Cargo.lock is copied");
    let out = common::cargo(
        work,
        &[
            "clippy",
            "--offline",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--message-format=short",
            "--",
            "-D",
            "warnings",
        ],
    )
    .output()
    .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut failures = Vec::new();
    for (i, (label, _)) in crates.iter().enumerate() {
        let name = format!("crate_{i}");
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with(&format!("{name}/")))
            .take(10)
            .collect();
        if !errors.is_empty() || stderr.contains(&format!("could not compile `{name}`")) {
            failures.push(format!(
                "{label} (crate {}): does not pass clippy -D warnings:\n{}",
                work.join(&name).display(),
                errors.join("\n")
            ));
        }
    }
    if !out.status.success() && failures.is_empty() {
        failures.push(format!("cargo clippy failed:\n{stderr}"));
    }
    failures
}
