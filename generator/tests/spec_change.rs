//! A change to the spec shows up as a small, reviewable change of the generated code: the
//! snapshot of the seed page's spec (the fixture `seed.yaml`: `PATCH /v2/user/{user_id}`) no
//! longer matches, and the diff holds only the lines of what changed. The committed Junction
//! client is held to its spec the same way (`xtask/tests/committed.rs`).

use std::path::Path;

use generator::Settings;

fn embedded() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.yaml"))
        .unwrap()
}

fn code(text: &str) -> String {
    generator::generate("tests/fixtures/seed.yaml", text, &Settings::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .code
}

#[test]
fn a_new_field_changes_only_its_own_lines() {
    let original = embedded();
    let anchor = "        client_user_id:\n";
    assert!(original.contains(anchor));
    let field = "        timezone_offset:\n          anyOf:\n            - type: integer\n            - type: 'null'\n          description: Offset from UTC in seconds.\n";
    let changed = original.replace(anchor, &format!("{field}{anchor}"));
    let (before, after) = (code(&original), code(&changed));
    // The committed snapshot of the seed spec holds `before`, so `after` fails it.
    let snapshot = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots/snapshots__fixtures@seed.yaml.snap"),
    )
    .unwrap();
    let committed = snapshot.splitn(3, "---\n").nth(2).unwrap();
    assert_eq!(
        committed.trim_end(),
        before.trim_end(),
        "snapshot is current"
    );
    assert_ne!(
        committed.trim_end(),
        after.trim_end(),
        "the changed spec fails the snapshot"
    );

    let diff = similar::TextDiff::from_lines(&before, &after);
    let changed_lines: Vec<String> = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value()))
        .collect();
    insta::assert_snapshot!(changed_lines.concat());
    assert!(
        changed_lines.iter().all(|l| l.starts_with('+')),
        "only additions expected: {changed_lines:?}"
    );
}

#[test]
fn regenerating_the_same_spec_gives_the_same_bytes() {
    let text = embedded();
    assert_eq!(code(&text), code(&text));
}
