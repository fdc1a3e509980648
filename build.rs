//! Generates the Junction client from `specs/junction.yaml`, or from the file named by the
//! `JUNCTION_SPEC` environment variable, with `specs/junction.overlay.yaml` applied when it
//! exists, into `$OUT_DIR/junction.rs`.

fn main() {
    let result = generator::Builder::new()
        .spec("specs/junction.yaml")
        .spec_env("JUNCTION_SPEC")
        .optional_overlay("specs/junction.overlay.yaml")
        .crate_name("junction")
        .generate();
    if let Err(e) = result {
        // A located message, not a panic backtrace.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
