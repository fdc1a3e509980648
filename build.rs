//! With the feature `regenerate` (on in this repository's own builds, off for a dependent),
//! generates the client again from `specs/junction.yaml`, or from the file named by the
//! `JUNCTION_SPEC` environment variable, with `specs/junction.overlay.yaml` applied, into
//! `$OUT_DIR/junction.rs`; `JUNCTION_ONLY=user,link,summary` generates only that part of the
//! API (docs/selection.md). Without it there is nothing to do: the crate compiles the committed
//! `generated-client/src/junction.rs`.

fn main() {
    #[cfg(feature = "regenerate")]
    regenerate();
}

#[cfg(feature = "regenerate")]
fn regenerate() {
    const SPEC: &str = "JUNCTION_SPEC";
    println!("cargo:rerun-if-env-changed={SPEC}");
    // Cargo runs a build script in this package's directory, not the dependent's: a relative
    // path would name a file in the wrong place without saying so.
    if let Some(spec) = std::env::var_os(SPEC).filter(|s| !s.is_empty()) {
        if std::path::Path::new(&spec).is_relative() {
            eprintln!(
                "error: {SPEC}={} is a relative path, and build scripts do not run in your \
                 project's directory. Give an absolute path, or set it in your \
                 .cargo/config.toml, which makes it absolute from there:\n\n    [env]\n    \
                 {SPEC} = {{ value = \"{}\", relative = true }}",
                spec.to_string_lossy(),
                spec.to_string_lossy()
            );
            std::process::exit(1);
        }
    }
    let result = generator::Builder::new()
        .spec("specs/junction.yaml")
        .spec_env(SPEC)
        .optional_overlay("specs/junction.overlay.yaml")
        .only_env("JUNCTION_ONLY")
        .cargo_features(true)
        .crate_name("junction")
        .generate();
    if let Err(e) = result {
        // A located message, not a panic backtrace.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
