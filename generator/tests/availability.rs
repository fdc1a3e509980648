//! What the spec says of its parts' availability (`tests/fixtures/availability.yaml`, whose
//! code is snapshotted with the other fixtures): required deprecated fields read as optional
//! in what the client decodes and kept required under `strict_deprecated`; Fern's
//! `x-fern-availability` and `x-fern-ignore`; the `not`s that only constrain which properties
//! appear together. The surface and the coverage report of both settings are snapshotted.

mod common;

use std::path::Path;

use generator::ir::{Presence, TypeKind};
use generator::Settings;

fn generate(strict: bool) -> generator::Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/availability.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let settings = Settings {
        strict_deprecated: strict,
        ..Settings::default()
    };
    generator::generate("tests/fixtures/availability.yaml", &text, &settings)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// `(type, field) -> presence` of every field.
fn presence(output: &generator::Output, ty: &str, field: &str) -> Presence {
    let def = output.api.types.iter().find(|t| t.name == ty).unwrap();
    let TypeKind::Struct(s) = &def.kind else {
        panic!("{ty} is not a struct")
    };
    s.fields
        .iter()
        .find(|f| f.wire == field)
        .unwrap_or_else(|| panic!("{ty}.{field} is not generated"))
        .presence(def)
}

#[test]
fn required_deprecated_fields_are_optional_where_the_client_reads_them() {
    let relaxed = generate(false);
    let strict = generate(true);
    // Read in a response, read in a webhook, sent and read: optional unless strict.
    for (ty, field) in [
        ("Account", "region"),
        ("Account", "legacy_code"),
        ("AccountClosed", "reason"),
        ("Settings", "theme"),
    ] {
        assert_ne!(
            presence(&relaxed, ty, field),
            Presence::Required,
            "{ty}.{field}"
        );
        assert_eq!(
            presence(&strict, ty, field),
            Presence::Required,
            "{ty}.{field}"
        );
    }
    // Only sent: required either way; not deprecated: required either way.
    for output in [&relaxed, &strict] {
        assert_eq!(presence(output, "NewAccount", "region"), Presence::Required);
        assert_eq!(presence(output, "Account", "id"), Presence::Required);
        assert_eq!(presence(output, "Settings", "locale"), Presence::Required);
    }
    assert!(relaxed
        .code
        .contains("Optional although the spec requires it"));
    assert!(!strict
        .code
        .contains("Optional although the spec requires it"));
}

#[test]
fn fern_availability_and_ignore() {
    let output = generate(false);
    let op = |name: &str| {
        output
            .api
            .operations
            .iter()
            .find(|o| o.method == name)
            .unwrap_or_else(|| panic!("{name} is not generated"))
    };
    assert!(op("legacy_accounts").deprecated);
    assert!(!op("legacy_accounts").beta);
    assert!(op("create_account").beta);
    assert!(!op("list_accounts").beta && !op("list_accounts").deprecated);
    assert!(output
        .api
        .operations
        .iter()
        .all(|o| o.method != "purge_accounts"));
    assert!(output
        .code
        .contains("**Beta** (`x-fern-availability: beta`)"));
    let account = output
        .api
        .types
        .iter()
        .find(|t| t.name == "Account")
        .unwrap();
    let TypeKind::Struct(s) = &account.kind else {
        panic!()
    };
    assert!(s.fields.iter().all(|f| f.wire != "secret"));
    let ignored: Vec<&str> = output.api.ignored.iter().map(|i| i.what.as_str()).collect();
    assert_eq!(ignored, ["Account.secret", "DELETE /accounts/legacy"]);
    assert_eq!(
        output.api.unenforced,
        [
            "/components/schemas/NewAccount/not",
            "/components/schemas/Settings/not"
        ]
    );
}

#[test]
fn surface_and_coverage() {
    for (strict, name) in [(false, "default"), (true, "strict")] {
        let output = generate(strict);
        let coverage = generator::coverage::Coverage::of(&output.api).to_text();
        insta::assert_snapshot!(
            format!("availability_{name}"),
            format!(
                "{}\n---- coverage\n{coverage}",
                generator::surface::render_text(&output.api)
            )
        );
    }
}

/// The counts `docs/lint.md` gives for the pinned versions, as `coverage` reports them with
/// Junction's overlay.
#[test]
fn deprecated_beta_and_ignored_in_the_real_versions() {
    let Some(dir) = common::spec_dir("deprecated_beta_and_ignored_in_the_real_versions") else {
        return;
    };
    for (version, operations) in [("0.4.483", 196), ("0.4.485", 197), ("0.4.486", 197)] {
        let spec = dir.join(format!("junction-{version}.yaml"));
        let output = generator::generate_file(&spec, &common::junction_settings("junction"))
            .unwrap_or_else(|e| panic!("{e}"));
        let c = generator::coverage::Coverage::of(&output.api);
        let a = &c.availability;
        assert_eq!(c.operations_generated, operations, "{version}");
        assert_eq!(
            (
                a.deprecated_operations,
                a.deprecated_fields,
                a.relaxed_fields.len(),
                a.beta_operations.len(),
            ),
            (34, 101, 33, 10),
            "{version}"
        );
        assert_eq!(
            a.ignored,
            ["BiomarkerResult.value (#/components/schemas/BiomarkerResult/properties/value)"],
            "{version}"
        );
    }
}
