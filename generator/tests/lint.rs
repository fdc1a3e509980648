//! `junction-gen lint`: one fixture per finding kind (`tests/lint/*.yaml`), each report
//! snapshotted as text, Markdown and JSON; the overlay actions it suggests make every finding
//! go; the command's exit status; and, on the pinned Junction spec, the same counts as the
//! examples test of `full_spec.rs`, which decodes the examples with the compiled client.

mod common;

use std::path::Path;

use common::{run_cli, text};
use generator::lint::{self, Format, Kind};
use generator::overlay::Overlay;
use generator::Settings;

fn fixture(name: &str) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/lint")
        .join(name);
    (
        format!("tests/lint/{name}"),
        std::fs::read_to_string(&path).unwrap(),
    )
}

fn lint_with(file: &str, text: &str, overlays: Vec<Overlay>) -> lint::Report {
    let settings = Settings {
        overlays,
        ..Settings::default()
    };
    lint::lint(file, text, &settings).unwrap_or_else(|e| panic!("{e}"))
}

/// The report's suggested actions as an overlay.
fn suggested(report: &lint::Report) -> Overlay {
    Overlay::parse("suggested.yaml", &report.overlay_document()).unwrap_or_else(|e| {
        panic!("{e}\n{}", report.overlay_document());
    })
}

#[test]
fn reports() {
    insta::glob!("lint/*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        let (file, text) = fixture(&name);
        let report = lint_with(&file, &text, Vec::new());
        insta::assert_snapshot!("text", report.render(Format::Text));
        insta::assert_snapshot!("markdown", report.render(Format::Markdown));
        insta::assert_snapshot!("json", report.render(Format::Json));
    });
}

#[test]
fn each_fixture_finds_its_kind() {
    use Kind::*;
    let cases: &[(&str, &[Kind])] = &[
        ("omits_required.yaml", &[ExampleOmitsRequired]),
        ("formats.yaml", &[ExampleContradictsFormat; 5]),
        ("does_not_decode.yaml", &[ExampleDoesNotDecode; 5]),
        ("required_deprecated.yaml", &[RequiredDeprecated; 3]),
        (
            "origins.yaml",
            &[
                ExampleContradictsFormat,
                ExampleDoesNotDecode,
                ExampleDoesNotDecode,
                ExampleOmitsRequired,
                ExampleDoesNotDecode,
            ],
        ),
    ];
    let fixtures = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint"))
        .unwrap()
        .count();
    assert_eq!(fixtures, cases.len(), "a fixture is not listed");
    for (name, kinds) in cases {
        let (file, text) = fixture(name);
        let report = lint_with(&file, &text, Vec::new());
        let got: Vec<Kind> = report.findings.iter().map(|f| f.kind).collect();
        assert_eq!(&got, kinds, "{name}:\n{}", report.to_text());
        for f in &report.findings {
            assert!(f.line.is_some(), "{name}: {} has no line", f.pointer);
            assert!(!f.actions.is_empty(), "{name}: {} has no action", f.pointer);
        }
    }
}

/// With the actions lint suggests applied, the spec has no finding left and still generates.
#[test]
fn the_suggested_overlay_leaves_no_finding() {
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint")).unwrap()
    {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let (file, text) = fixture(&name);
        let report = lint_with(&file, &text, Vec::new());
        let overlay = suggested(&report);
        let after = lint_with(&file, &text, vec![overlay.clone()]);
        assert!(after.findings.is_empty(), "{name}:\n{}", after.to_text());
        let settings = Settings {
            overlays: vec![overlay],
            strict_overlays: true,
            ..Settings::default()
        };
        generator::generate(&file, &text, &settings).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn the_command_exits_1_with_deny_and_takes_overlays() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lint_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint/formats.yaml");
    let spec = spec.to_str().unwrap();
    let plain = run_cli(&["lint", "--spec", spec]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain.stderr));
    assert!(text(&plain.stdout).contains("example-contradicts-format"));
    let denied = run_cli(&["lint", "--spec", spec, "--deny"]);
    assert_eq!(denied.status.code(), Some(1));
    let json = run_cli(&["lint", "--spec", spec, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["findings"].as_array().map(Vec::len), Some(5));
    // The suggested overlay, given back with --overlay, leaves nothing to deny.
    let (file, body) = fixture("formats.yaml");
    let overlay = dir.join("fix.yaml");
    std::fs::write(
        &overlay,
        lint_with(&file, &body, Vec::new()).overlay_document(),
    )
    .unwrap();
    let fixed = run_cli(&[
        "lint",
        "--spec",
        spec,
        "--deny",
        "--overlay",
        overlay.to_str().unwrap(),
    ]);
    assert_eq!(fixed.status.code(), Some(0), "{}", text(&fixed.stdout));
    assert!(text(&fixed.stdout).contains("lint: 0 findings"));
    let markdown = run_cli(&["lint", "--spec", spec, "--format", "markdown"]);
    assert!(text(&markdown.stdout).starts_with("# Lint of"));
}

/// Lints the pinned spec with Junction's overlay (as `full_spec.rs` builds the client) and
/// `strict_deprecated` as given: the schema examples checked, those failing, those omitting a
/// required field.
fn pinned(strict: bool) -> Option<(String, String, Vec<Overlay>, lint::Report)> {
    let dir = common::spec_dir("pinned_spec_counts_match_the_examples_test")?;
    let spec = dir.join("junction-0.4.483.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let file = spec.display().to_string();
    let overlays = common::junction_settings("junction_full").overlays;
    let settings = Settings {
        overlays: overlays.clone(),
        strict_deprecated: strict,
        ..Settings::default()
    };
    let report = lint::lint(&file, &text, &settings).unwrap_or_else(|e| panic!("{e}"));
    Some((file, text, overlays, report))
}

fn schema_counts(report: &lint::Report) -> (usize, usize, usize) {
    let failing: Vec<&lint::Finding> = report
        .findings
        .iter()
        .filter(|f| f.origin == Some(lint::Origin::Schema))
        .collect();
    let omitting = failing
        .iter()
        .filter(|f| f.kind == Kind::ExampleOmitsRequired)
        .count();
    (report.checked.schema, failing.len(), omitting)
}

/// The examples test of `full_spec.rs` decodes the same schema examples with the compiled
/// client: 171, of which 67 fail, 61 omitting a required field (it prints these counts and names
/// the other six in `SPEC_DEFECTS`); lint finds the same on the IR. Against the types as the
/// spec declares them (`strict_deprecated`), two more omit a required deprecated property: 69
/// and 63, the examples test's counts before required deprecated fields were read as optional.
/// The suggested overlay makes every example decode, and the spec still generates.
#[test]
fn pinned_spec_counts_match_the_examples_test_and_the_overlay_fixes_them() {
    let Some((file, text, junction, report)) = pinned(false) else {
        return;
    };
    assert_eq!(
        schema_counts(&report),
        (171, 67, 61),
        "{}",
        report.summary()
    );
    for defect in [
        "/components/schemas/ClientFacingAppointment/example",
        "/components/schemas/LabResultsMetadata/example",
        "/components/schemas/LabResultsRaw/example",
        "/components/schemas/RawProfile/example",
        "/components/schemas/UserHistoricalPullsResponse/example",
        "/components/schemas/UserResourcesResponse/example",
    ] {
        let f = report.findings.iter().find(|f| f.pointer == defect);
        assert!(
            f.is_some_and(|f| f.kind != Kind::ExampleOmitsRequired),
            "{defect}"
        );
    }
    assert_eq!(report.count(Kind::RequiredDeprecated), 33);
    println!("LINT 0.4.483: {}", report.summary());
    let (_, _, _, strict) = pinned(true).unwrap();
    assert_eq!(
        schema_counts(&strict),
        (171, 69, 63),
        "{}",
        strict.summary()
    );
    assert_eq!(strict.count(Kind::RequiredDeprecated), 33);

    let mut overlays = junction;
    overlays.push(suggested(&report));
    let after = lint_with(&file, &text, overlays.clone());
    assert!(after.findings.is_empty(), "{}", after.to_text());
    let settings = Settings {
        overlays,
        strict_overlays: true,
        ..Settings::default()
    };
    let output = generator::generate(&file, &text, &settings).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.api.operations.len(), 196);
}
