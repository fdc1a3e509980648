//! The committed Junction client and the spec it comes from: `cargo xtask generate` writes
//! `generated-client/src/junction.rs` from `specs/`, the command line's `cli/src/cli.rs`, and
//! the cargo features of the API's groups into the crate's `Cargo.toml`; `--check` says
//! whether all three are up to date.

use std::path::Path;

use generator::select::Features;

/// The spec, relative to the repository's root.
pub const SPEC: &str = "specs/junction.yaml";
/// Our corrections to it.
pub const OVERLAY: &str = "specs/junction.overlay.yaml";
/// The generated client that dependents compile.
pub const CLIENT: &str = "generated-client/src/junction.rs";
/// The generated commands of the command line (`junction-cli`), which the client's are.
pub const CLI: &str = "cli/src/cli.rs";
/// The crate's manifest, whose `[features]` hold one feature per group of the API.
pub const MANIFEST: &str = "Cargo.toml";
/// What brings the committed client up to date.
pub const COMMAND: &str = "cargo xtask generate";

/// The lines around the group features in the manifest.
const BEGIN: &str =
    "# The API's groups, one feature each, and `full` with all of them: written by\n\
                     # `cargo xtask generate` from the spec.\n";
const END: &str = "# (end of the API's groups)\n";

/// What the spec and overlay under `root` generate: the code, as `build.rs` generates it with
/// the feature `regenerate` (and no `JUNCTION_SPEC` or `JUNCTION_ONLY`), and the manifest
/// with the features of the spec's groups.
pub struct Generated {
    pub code: String,
    pub cli: String,
    pub manifest: String,
}

pub fn generate(root: &Path) -> Result<Generated, String> {
    let overlay =
        generator::overlay::Overlay::read(&root.join(OVERLAY)).map_err(|e| e.to_string())?;
    let mut settings = generator::Settings {
        crate_name: "junction".to_owned(),
        overlays: vec![overlay],
        ..generator::Settings::default()
    };
    let spec = root.join(SPEC);
    let api = generator::generate_file(&spec, &settings)
        .map_err(|e| e.to_string())?
        .api;
    let features = Features::all(&api);
    settings.features = Some(features.clone());
    settings.cli = true;
    let output = generator::generate_file(&spec, &settings).map_err(|e| e.to_string())?;
    let code = output.code;
    let cli = output.cli.unwrap_or_default();
    let manifest = std::fs::read_to_string(root.join(MANIFEST))
        .map_err(|e| format!("cannot read {MANIFEST}: {e}"))?;
    let manifest = with_features(&manifest, &features)?;
    Ok(Generated {
        code,
        cli,
        manifest,
    })
}

/// `manifest` with its block of group features replaced by `features` and `full`.
fn with_features(manifest: &str, features: &[String]) -> Result<String, String> {
    let missing = || {
        format!(
            "{MANIFEST} has no block of group features (`{}`)",
            BEGIN.trim()
        )
    };
    let start = manifest.find(BEGIN).ok_or_else(missing)?;
    let end = manifest[start..].find(END).ok_or_else(missing)? + start + END.len();
    let mut block = String::from(BEGIN);
    block.push_str("full = [\n");
    for feature in features {
        block.push_str(&format!("    \"{feature}\",\n"));
    }
    block.push_str("]\n");
    for feature in features {
        block.push_str(&format!("{feature} = []\n"));
    }
    block.push_str(END);
    Ok(format!("{}{block}{}", &manifest[..start], &manifest[end..]))
}

/// Whether the committed client and manifest under `root` are what [`generate`] writes:
/// `Ok(lines)` when they are, else the message to print, naming the first line that differs
/// and the command to run.
pub fn check(root: &Path) -> Result<usize, String> {
    let generated = generate(root)?;
    for (file, wanted) in [
        (MANIFEST, &generated.manifest),
        (CLIENT, &generated.code),
        (CLI, &generated.cli),
    ] {
        let committed = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        if committed == *wanted {
            continue;
        }
        let line = committed
            .lines()
            .zip(wanted.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(wanted.lines().count()))
            + 1;
        return Err(format!(
            "{file} is not what {SPEC} and {OVERLAY} generate (it differs from line {line} on).\n\
             Run `{COMMAND}` and commit the result."
        ));
    }
    Ok(generated.code.lines().count())
}

/// Writes the client and the manifest under `root` where they changed; returns the client's
/// line count and whether anything was written.
pub fn write(root: &Path) -> Result<(usize, bool), String> {
    let generated = generate(root)?;
    let mut written = false;
    for (file, text) in [
        (CLIENT, &generated.code),
        (CLI, &generated.cli),
        (MANIFEST, &generated.manifest),
    ] {
        let path = root.join(file);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == *text) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written = true;
    }
    Ok((generated.code.lines().count(), written))
}
