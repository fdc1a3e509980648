//! Generates the Junction client from `specs/junction.yaml`, or from the file named by the
//! `JUNCTION_SPEC` environment variable, with `specs/junction.overlay.yaml` applied when it
//! exists, into `$OUT_DIR/junction.rs`. `JUNCTION_ONLY=user,link,summary` generates only that
//! part of the API (docs/selection.md); unset or empty, everything.

fn main() {
    let result = generator::Builder::new()
        .spec("specs/junction.yaml")
        .spec_env("JUNCTION_SPEC")
        .optional_overlay("specs/junction.overlay.yaml")
        .only_env("JUNCTION_ONLY")
        .crate_name("junction")
        .generate();
    if let Err(e) = result {
        // A located message, not a panic backtrace.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
