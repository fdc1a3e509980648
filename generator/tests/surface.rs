//! API-surface snapshots of the full pinned Junction spec with Junction's overlay
//! (`specs/junction.overlay.yaml`) applied, as the client is built (names, fields, types,
//! signatures; no description text), one snapshot per section so that a changed schema gives
//! a small diff; and the surface diffs between the real spec versions hold only related lines.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use generator::Settings;

/// The settings the client is built with: Junction's overlay applied.
fn overlaid() -> Settings {
    common::junction_settings("junction")
}

fn surface(path: &Path) -> BTreeMap<String, String> {
    let output = generator::generate_file(path, &overlaid()).unwrap_or_else(|e| panic!("{e}"));
    generator::surface::render(&output.api)
}

#[test]
fn surface_of_the_pinned_spec() {
    let Some(dir) = common::spec_dir("surface_of_the_pinned_spec") else {
        return;
    };
    let sections = surface(&dir.join("junction-0.4.483.yaml"));
    let ops: usize = sections
        .iter()
        .filter(|(name, _)| name.starts_with("ops/"))
        .map(|(_, text)| {
            text.lines()
                .filter(|l| {
                    l.starts_with("    ") && !l.contains(" -> ") && !l.starts_with("    paged by ")
                })
                .count()
        })
        .sum();
    assert_eq!(ops, 196, "every operation has its route line");
    let webhooks = &sections["webhooks"];
    assert!(webhooks.starts_with("event tag event_type\n"), "{webhooks}");
    let events: Vec<&str> = webhooks.lines().skip(1).collect();
    assert_eq!(events.len(), 129, "every webhook has its variant");
    let tags: usize = events
        .iter()
        .map(|l| {
            l.split_once(" when ")
                .map_or(0, |(_, t)| t.split(" | ").count())
        })
        .sum();
    assert_eq!(tags, 192, "every `event_type` value names its webhook");
    for (name, text) in &sections {
        insta::assert_snapshot!(format!("surface-{}", name.replace('/', "-")), text);
    }
}

#[test]
fn coverage_of_the_pinned_spec() {
    let Some(dir) = common::spec_dir("coverage_of_the_pinned_spec") else {
        return;
    };
    let output = generator::generate_file(&dir.join("junction-0.4.483.yaml"), &overlaid())
        .unwrap_or_else(|e| panic!("{e}"));
    let coverage =
        generator::coverage::Coverage::of(&output.api).with_overlays(output.overlays.clone());
    // Every `client_user_id` the spec typed as a UUID, one per webhook payload schema.
    assert_eq!(
        output.overlays[0]
            .actions
            .iter()
            .map(|a| a.matched)
            .collect::<Vec<_>>(),
        [129]
    );
    assert_eq!(
        (coverage.operations_generated, coverage.operations_in_spec),
        (196, 196)
    );
    assert_eq!(
        (coverage.schemas_typed, coverage.schemas_in_spec),
        (642, 642)
    );
    // Paged: 53 take `cursor` (deprecated) and `next_cursor`; 3 more take `next_cursor` only
    // (`/v2/link/bulk_op`, `/v3/lab_test`, a continuous query's `task_history`); `GET /v2/user`
    // pages by offset; the three marker lists and `GET /v3/orders` by page number.
    let by_form = |form: &str| coverage.paged.iter().filter(|p| p.form == form).count();
    assert_eq!(
        (by_form("cursor"), by_form("offset"), by_form("page")),
        (56, 1, 4)
    );
    insta::assert_snapshot!("coverage-0.4.483", coverage.to_text());
}

/// Lines only in `new`, and lines only in `old`, per section.
fn changed_lines(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let a = old.get(name).map(String::as_str).unwrap_or_default();
        let b = new.get(name).map(String::as_str).unwrap_or_default();
        for change in similar::TextDiff::from_lines(a, b).iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Equal => {}
                tag => out.push(format!("{name}: {tag}{}", change.value().trim_end())),
            }
        }
    }
    out
}

/// Drops the two lines of the `info.version` bump, which every release has.
fn without_version(lines: Vec<String>) -> Vec<String> {
    let (version, rest): (Vec<String>, Vec<String>) = lines
        .into_iter()
        .partition(|l| l.starts_with("client: -client ") || l.starts_with("client: +client "));
    assert_eq!(version.len(), 2, "{version:?}");
    rest
}

#[test]
fn surface_diffs_between_real_versions_are_local() {
    let Some(dir) = common::spec_dir("surface_diffs_between_real_versions_are_local") else {
        return;
    };
    let v483 = surface(&dir.join("junction-0.4.483.yaml"));
    let v485 = surface(&dir.join("junction-0.4.485.yaml"));
    let v486 = surface(&dir.join("junction-0.4.486.yaml"));

    // 0.4.483 -> 0.4.485 adds PATCH /v3/order/{order_id} and its body schema; the other 16
    // changed schemas change only examples, which the surface does not show.
    let changes = without_version(changed_lines(&v483, &v485));
    insta::assert_snapshot!("surface-diff-483-485", changes.join("\n"));
    assert!(
        changes.iter().all(|l| l.contains(": +")),
        "only additions: {changes:#?}"
    );
    assert!(changes
        .iter()
        .any(|l| l.contains("PATCH /v3/order/{order_id}")));
    assert!(changes.iter().any(|l| l.contains("struct UpdateOrderBody")));
    assert!(
        changes.len() < 40,
        "a local change, not a renumbering: {} lines",
        changes.len()
    );

    // 0.4.485 -> 0.4.486 changes only examples: the surface does not move at all.
    assert_eq!(
        without_version(changed_lines(&v485, &v486)),
        Vec::<String>::new()
    );
}
