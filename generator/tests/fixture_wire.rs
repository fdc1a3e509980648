//! The crates generated from some fixture specs, against a real HTTP server on 127.0.0.1: what
//! their generated methods send and how they read the answers.
//!
//! For each fixture named here, the crate is written under `target/generated-crates` with the
//! test file `tests/wire_fixtures/{fixture}.rs` as its `tests/wire.rs` (and wiremock and tokio
//! as dev-dependencies), and its test binary is run; every test there must pass.
//!
//! - `raw_bodies`: bytes sent with the declared `Content-Type` (or the caller's, for
//!   `image/*`), the same bytes again on each retry, a stream read once, text, XML.
//! - `media_types`: `merge-patch+json` and `json-patch+json` bodies with their media type, a
//!   `problem+json` error decoded, `*/*` read and sent as JSON, `text/plain` answers.
//! - `query_styles`: `deepObject` (nested objects, lists of objects), `spaceDelimited`,
//!   `pipeDelimited`, cookies in one `Cookie` header, JSON parameters in the query and a
//!   header.
//! - `pagination` (with the feature `testing`): the test kit's stubs serve pages by cursor,
//!   offset and page number to the client's `_items` loops.

mod common;

use std::path::Path;

use common::workspace;

/// The tests share the generated crates' target directory; they run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Generates the crate of `fixtures/{fixture}.yaml`, adds its wire test, runs it, and returns
/// what the test binary printed.
fn run_wire_tests(fixture: &str) -> String {
    run_wire_tests_with(fixture, &[])
}

/// [`run_wire_tests`] with these cargo features of the generated crate.
fn run_wire_tests_with(fixture: &str, features: &[&str]) -> String {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let name = format!("fixture_wire_{fixture}");
    let settings = generator::Settings {
        crate_name: name.clone(),
        ..Default::default()
    };
    let spec = tests.join("fixtures").join(format!("{fixture}.yaml"));
    let output = generator::generate_file(&spec, &settings).unwrap_or_else(|e| panic!("{e}"));
    let dir = workspace().join("target/generated-crates").join(&name);
    common::write_crate(&dir, &generator::crate_files(&output, &name)).unwrap();
    common::add_dev_dependencies(&dir);
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    let test =
        std::fs::read_to_string(tests.join("wire_fixtures").join(format!("{fixture}.rs"))).unwrap();
    std::fs::write(dir.join("tests/wire.rs"), test).unwrap();

    let features = features.join(",");
    let mut args = vec!["test", "--offline", "--quiet", "--test", "wire"];
    if !features.is_empty() {
        args.extend(["--features", features.as_str()]);
    }
    args.extend(["--", "--nocapture"]);
    let out = common::cargo(&dir, &args).output().expect("cargo runs");
    let text = format!("{}{}", common::text(&out.stdout), common::text(&out.stderr));
    assert!(
        out.status.success(),
        "the wire tests of {name} failed:\n{text}"
    );
    text
}

#[test]
fn raw_bodies_on_the_wire() {
    let text = run_wire_tests("raw_bodies");
    assert!(text.contains("WIRE: raw bodies ok"), "{text}");
}

#[test]
fn media_types_on_the_wire() {
    let text = run_wire_tests("media_types");
    assert!(text.contains("WIRE: media types ok"), "{text}");
}

#[test]
fn query_styles_on_the_wire() {
    let text = run_wire_tests("query_styles");
    assert!(text.contains("WIRE: query styles ok"), "{text}");
}

#[test]
fn test_kit_pages_on_the_wire() {
    let text = run_wire_tests_with("pagination", &["testing"]);
    assert!(text.contains("WIRE: test kit pages ok"), "{text}");
}
