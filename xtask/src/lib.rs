//! The committed Junction client and the spec it comes from: `cargo xtask generate` writes
//! `generated-client/src/junction.rs` from `specs/`, `--check` says whether it is up to date.

use std::path::Path;

/// The spec, relative to the repository's root.
pub const SPEC: &str = "specs/junction.yaml";
/// Our corrections to it.
pub const OVERLAY: &str = "specs/junction.overlay.yaml";
/// The generated client that dependents compile.
pub const CLIENT: &str = "generated-client/src/junction.rs";
/// What brings the committed client up to date.
pub const COMMAND: &str = "cargo xtask generate";

/// The code the spec and overlay under `root` generate, as `build.rs` generates it with the
/// feature `regenerate` (and no `JUNCTION_SPEC` or `JUNCTION_ONLY`).
pub fn generate(root: &Path) -> Result<String, String> {
    let overlay =
        generator::overlay::Overlay::read(&root.join(OVERLAY)).map_err(|e| e.to_string())?;
    let settings = generator::Settings {
        crate_name: "junction".to_owned(),
        overlays: vec![overlay],
        ..generator::Settings::default()
    };
    let output =
        generator::generate_file(&root.join(SPEC), &settings).map_err(|e| e.to_string())?;
    Ok(output.code)
}

/// Whether the committed client under `root` is what [`generate`] writes: `Ok(lines)` when it
/// is, else the message to print, naming the first line that differs and the command to run.
pub fn check(root: &Path) -> Result<usize, String> {
    let code = generate(root)?;
    let committed = std::fs::read_to_string(root.join(CLIENT)).unwrap_or_default();
    if committed == code {
        return Ok(code.lines().count());
    }
    let line = committed
        .lines()
        .zip(code.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(code.lines().count()))
        + 1;
    Err(format!(
        "{CLIENT} is not what {SPEC} and {OVERLAY} generate (it differs from line {line} on).\n\
         Run `{COMMAND}` and commit the result."
    ))
}

/// Writes the client under `root` when it changed; returns its line count and whether it was
/// written.
pub fn write(root: &Path) -> Result<(usize, bool), String> {
    let code = generate(root)?;
    let path = root.join(CLIENT);
    let lines = code.lines().count();
    if std::fs::read_to_string(&path).is_ok_and(|old| old == code) {
        return Ok((lines, false));
    }
    std::fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok((lines, true))
}
