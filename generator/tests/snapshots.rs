//! Snapshots of the generated code for the fixture specs (one feature each; `seed.yaml` is the
//! seed page's `PATCH /v2/user/{user_id}`), and of the error messages for broken specs. The
//! full Junction client is committed as `generated-client/src/junction.rs`, held to the spec by
//! `xtask/tests/committed.rs`.

use std::path::Path;

use generator::Settings;

fn generate(path: &Path) -> Result<generator::Output, generator::Error> {
    generator::generate_file(path, &Settings::default())
}

/// Names a file by its path relative to the generator crate, as a user would type it.
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.{yaml,json}", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let output = generator::generate(&relative(path), &text, &Settings::default())
            .unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(output.code);
    });
}

/// The command line of two fixtures (`emit::cli`): groups and operations, every kind of
/// parameter, paged operations' `--all`; tagged webhooks' `verify` and `listen`.
#[test]
fn command_lines() {
    for fixture in ["pagination.yaml", "parameters.yaml", "webhooks.yaml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let text = std::fs::read_to_string(&path).unwrap();
        let settings = Settings {
            crate_name: "api".to_owned(),
            cli: true,
            ..Settings::default()
        };
        let output = generator::generate(&relative(&path), &text, &settings)
            .unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(format!("cli_{fixture}"), output.cli.unwrap());
    }
}

#[test]
fn errors() {
    insta::glob!("errors/*.{yaml,json}", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let err = generator::generate(&relative(path), &text, &Settings::default())
            .err()
            .unwrap_or_else(|| panic!("{} should fail", path.display()));
        insta::assert_snapshot!(err.to_string());
    });
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let err = generate(Path::new("no/such/spec.yaml")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("error: cannot read the spec `no/such/spec.yaml`"),
        "{err}"
    );
}
