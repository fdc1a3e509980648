//! `--overlay` on every command of `junction-gen`, and the drift loop with an overlay: `diff`
//! and `update` apply it to both sides, and report an action that stopped selecting anything.

mod common;

use std::path::{Path, PathBuf};

use common::{run_cli as run, text, workspace};

/// A vendor spec whose `Event.client_user_id` is typed as a UUID (`format` = `uuid`), or
/// without the `format` once the vendor fixed it (and added `note`).
fn spec(fixed: bool) -> String {
    let format = if fixed { "" } else { ", format: uuid" };
    let note = if fixed {
        "\n        note: {type: string}"
    } else {
        ""
    };
    format!(
        "openapi: 3.0.3
info: {{title: Events, version: '{}'}}
paths:
  /events:
    get:
      operationId: list_events
      tags: [events]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Event'}}
components:
  schemas:
    Event:
      type: object
      properties:
        client_user_id: {{type: string{format}}}{note}
",
        if fixed { 2 } else { 1 }
    )
}

const OVERLAY: &str = "overlay: 1.0.0
info: {title: Fixes, version: '1'}
actions:
  - target: \"$.components.schemas[?@.properties.client_user_id.format == 'uuid'].properties.client_user_id.format\"
    description: client_user_id is the customer's own id, not a UUID.
    remove: true
  - target: $.components.schemas.Event
    update: {description: An event.}
";

/// A scratch directory with `old.yaml`, `new.yaml` and `fix.yaml`, relative to the workspace.
fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from("target/overlay-cli").join(test);
    let abs = workspace().join(&dir);
    let _ = std::fs::remove_dir_all(&abs);
    std::fs::create_dir_all(&abs).unwrap();
    std::fs::write(abs.join("old.yaml"), spec(false)).unwrap();
    std::fs::write(abs.join("new.yaml"), spec(true)).unwrap();
    std::fs::write(abs.join("fix.yaml"), OVERLAY).unwrap();
    dir
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn generate_applies_overlays_and_warns_on_an_action_that_selects_nothing() {
    let dir = scratch("generate");
    let out = dir.join("crate");
    let (old, fix) = (dir.join("old.yaml"), dir.join("fix.yaml"));
    let result = run(&[
        "generate",
        "--spec",
        s(&old),
        "--out",
        s(&out),
        "--overlay",
        s(&fix),
    ]);
    let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
    assert!(result.status.success(), "{stderr}");
    assert!(
        stdout.contains(&format!(
            "applied overlay {} (Overlay 1.0, Fixes 1): 2 actions, 2 nodes selected",
            s(&fix)
        )),
        "{stdout}"
    );
    assert_eq!(stderr, "", "every action selected something");
    let code = std::fs::read_to_string(workspace().join(&out).join("src/junction.rs")).unwrap();
    assert!(
        code.contains("pub client_user_id: Option<String>"),
        "{code}"
    );

    // The fixed spec: the first action selects nothing, a warning.
    let new = dir.join("new.yaml");
    let result = run(&[
        "generate",
        "--spec",
        s(&new),
        "--out",
        s(&out),
        "--overlay",
        s(&fix),
    ]);
    let stderr = text(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: overlay `{}`: action 0 (`$.components.schemas[?@.properties.client_user_id.format == 'uuid'].properties.client_user_id.format`) selected nothing in `{}`",
            s(&fix),
            s(&new)
        )),
        "{stderr}"
    );

    // Strict: the same is an error located at the action's target, and nothing is written.
    let strict = dir.join("strict");
    let result = run(&[
        "generate",
        "--spec",
        s(&new),
        "--out",
        s(&strict),
        "--overlay",
        s(&fix),
        "--strict-overlay",
    ]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("--> {}:4", s(&fix))), "{stderr}");
    assert!(stderr.contains("= at #/actions/0/target"), "{stderr}");
    assert!(!workspace().join(&strict).exists());
}

#[test]
fn a_malformed_overlay_is_a_located_error() {
    let dir = scratch("malformed");
    let bad = dir.join("bad.yaml");
    std::fs::write(
        workspace().join(&bad),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a[\n    remove: true\n",
    )
    .unwrap();
    for command in ["generate", "coverage", "check"] {
        let mut args = vec![command, "--overlay", s(&bad)];
        if command == "check" {
            args.extend(["--out", "target/overlay-cli/never"]);
        }
        let result = run(&args);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{command}: {stderr}");
        assert!(stderr.contains("is not an RFC 9535 JSONPath"), "{stderr}");
        assert!(stderr.contains(&format!("--> {}:4", s(&bad))), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn coverage_says_which_overlay_was_applied() {
    let dir = scratch("coverage");
    let (old, fix) = (dir.join("old.yaml"), dir.join("fix.yaml"));
    let result = run(&["coverage", "--spec", s(&old), "--overlay", s(&fix)]);
    let stdout = text(&result.stdout);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(
        stdout.contains(&format!(
            "overlay:    {} (Overlay 1.0, Fixes 1): 2 actions, 2 nodes selected\n",
            s(&fix)
        )),
        "{stdout}"
    );
    assert!(stdout.contains("  action 1 (update, `$.components.schemas.Event`): 1 node\n"));
    let json = text(
        &run(&[
            "coverage",
            "--spec",
            s(&old),
            "--overlay",
            s(&fix),
            "--json",
        ])
        .stdout,
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["overlays"][0]["file"], s(&fix));
    assert_eq!(value["overlays"][0]["actions"][0]["matched"], 1);
    assert_eq!(value["overlays"][0]["actions"][0]["kind"], "remove");
}

#[test]
fn check_compares_with_what_the_overlaid_spec_generates() {
    let dir = scratch("check");
    let out = dir.join("crate");
    let (old, fix) = (dir.join("old.yaml"), dir.join("fix.yaml"));
    let generated = run(&[
        "generate",
        "--spec",
        s(&old),
        "--out",
        s(&out),
        "--overlay",
        s(&fix),
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let with = run(&[
        "check",
        "--spec",
        s(&old),
        "--out",
        s(&out),
        "--overlay",
        s(&fix),
    ]);
    assert!(with.status.success(), "{}", text(&with.stderr));
    // Without the overlay the code differs (a `Uuid`), and the fix names the overlay to pass.
    let without = run(&["check", "--spec", s(&old), "--out", s(&out)]);
    let stderr = text(&without.stderr);
    assert_eq!(without.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("differs: "), "{stderr}");
    let stale = run(&[
        "check",
        "--spec",
        s(&old),
        "--out",
        s(&dir),
        "--overlay",
        s(&fix),
    ]);
    assert!(
        text(&stale.stderr).contains(&format!("--overlay {}", s(&fix))),
        "{}",
        text(&stale.stderr)
    );
}

#[test]
fn diff_applies_the_overlay_to_both_sides_and_lists_an_action_that_stopped_matching() {
    let dir = scratch("diff");
    let (old, new, fix) = (
        dir.join("old.yaml"),
        dir.join("new.yaml"),
        dir.join("fix.yaml"),
    );

    // Without the overlay: the vendor's fix shows as a type change.
    let plain = text(&run(&["diff", s(&old), s(&new)]).stdout);
    assert!(plain.contains("string (uuid)"), "{plain}");

    let result = run(&["diff", s(&old), s(&new), "--overlay", s(&fix)]);
    let stdout = text(&result.stdout);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(
        !stdout.contains("uuid)"),
        "the overlay's change is not the vendor's: {stdout}"
    );
    assert!(stdout.contains("property `Event.note` added"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "## Overlays\n\nBoth specs were compared with `{}` applied.",
            s(&fix)
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("### Actions that no longer select anything\n\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "- `{}` action 0 (`$.components.schemas[?@.properties.client_user_id.format == 'uuid'].properties.client_user_id.format`): 1 node in the old spec, none in the new one. client_user_id is the customer's own id, not a UUID.\n",
            s(&fix)
        )),
        "{stdout}"
    );

    let json = text(
        &run(&[
            "diff",
            s(&old),
            s(&new),
            "--overlay",
            s(&fix),
            "--format",
            "json",
        ])
        .stdout,
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["overlays"]["files"], serde_json::json!([s(&fix)]));
    let stale = &value["overlays"]["stale"];
    assert_eq!(stale.as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(stale[0]["index"], 0);
    assert_eq!(stale[0]["old_matched"], 1);
    // Without overlays the JSON has no `overlays` key, as before.
    let json = text(&run(&["diff", s(&old), s(&new), "--format", "json"]).stdout);
    assert!(!json.contains("\"overlays\""), "{json}");
}

#[test]
fn update_checks_the_overlaid_spec_writes_the_vendors_and_reports_a_stale_action() {
    let dir = scratch("update");
    let (old, new, fix) = (
        dir.join("old.yaml"),
        dir.join("new.yaml"),
        dir.join("fix.yaml"),
    );
    let target = dir.join("specs/junction.yaml");
    std::fs::create_dir_all(workspace().join(&dir).join("specs")).unwrap();
    std::fs::copy(workspace().join(&old), workspace().join(&target)).unwrap();
    let result = run(&[
        "update",
        "--from",
        s(&new),
        "--spec",
        s(&target),
        "--overlay",
        s(&fix),
    ]);
    let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
    assert!(result.status.success(), "{stderr}");
    // The vendor's text, byte for byte: the overlay is applied when reading, never written.
    assert_eq!(
        std::fs::read_to_string(workspace().join(&target)).unwrap(),
        spec(true)
    );
    assert!(!stdout.contains("uuid)"), "{stdout}");
    assert!(
        stdout.contains("### Actions that no longer select anything"),
        "{stdout}"
    );
    assert!(
        stderr.contains("action 0 (`$.components.schemas[?@.properties.client_user_id.format == 'uuid'].properties.client_user_id.format`) selected nothing"),
        "{stderr}"
    );

    // Strict: the new spec is refused, and the old one kept.
    std::fs::copy(workspace().join(&old), workspace().join(&target)).unwrap();
    let result = run(&[
        "update",
        "--from",
        s(&new),
        "--spec",
        s(&target),
        "--overlay",
        s(&fix),
        "--strict-overlay",
    ]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains("was not changed"));
    assert_eq!(
        std::fs::read_to_string(workspace().join(&target)).unwrap(),
        spec(false)
    );
}

#[test]
fn help_documents_the_overlay_options() {
    for command in ["generate", "coverage", "check", "diff", "update"] {
        let help = text(&run(&[command, "--help"]).stdout);
        assert!(help.contains("--overlay <FILE>"), "{command}:\n{help}");
        if command != "diff" {
            assert!(help.contains("--strict-overlay"), "{command}:\n{help}");
        }
    }
}

/// Junction's overlay on the three real versions: it selects the same 129 nodes in each, and
/// a diff with it shows the vendor's changes unchanged and no stale action.
#[test]
fn junctions_overlay_on_the_real_versions() {
    let Some(dir) = common::spec_dir("junctions_overlay_on_the_real_versions") else {
        return;
    };
    let name = "specs/junction.overlay.yaml";
    let text = std::fs::read_to_string(workspace().join(name)).unwrap();
    let overlay = generator::overlay::Overlay::parse(name, &text).unwrap();
    let overlays = [overlay];
    for version in ["0.4.483", "0.4.485", "0.4.486"] {
        let spec = dir.join(format!("junction-{version}.yaml"));
        let mut value =
            generator::load::parse("spec", &std::fs::read_to_string(&spec).unwrap()).unwrap();
        let (applied, _) = generator::overlay::apply(&mut value, "spec", &overlays).unwrap();
        let matched: Vec<usize> = applied[0].actions.iter().map(|a| a.matched).collect();
        assert_eq!(matched, [129], "{version}");
    }
    let (old, new) = (
        dir.join("junction-0.4.483.yaml"),
        dir.join("junction-0.4.485.yaml"),
    );
    let plain = generator::diff::diff_files(&old, &new).unwrap();
    let overlaid = generator::diff::diff_files_with(&old, &new, &overlays).unwrap();
    assert_eq!(plain.changes, overlaid.changes);
    let drift = overlaid.overlays.expect("the overlays are reported");
    assert_eq!(drift.files, [name]);
    assert!(drift.stale.is_empty(), "{:?}", drift.stale);
}
