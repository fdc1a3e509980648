//! `--only`: each selector kind, wildcards, pruning across `$ref` chains, a cycle and unions,
//! and a selector that names nothing. Snapshots hold the surface of each selection (its
//! operations and the types kept); every kept type has the name and the shape it has in the
//! whole client; each selection's crate builds clippy-clean; on the full Junction spec, `user`
//! and `user,link,summary,webhooks` do too.

mod common;

use std::path::{Path, PathBuf};

use common::workspace;

/// The fixture specs of this test.
fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/selection")
        .join(name)
}

/// Each case: a name (its snapshot's), the spec, the selectors.
const CASES: &[(&str, &str, &[&str])] = &[
    // A group: the `$ref` chain Pet -> Owner -> Address -> Country, the tagged union Diet and
    // its members (Carnivore -> Prey); the cycle, the tickets and the webhooks are left out.
    ("group", "fern.yaml", &["pets"]),
    // One operation, by group and method.
    ("operation", "fern.yaml", &["pets.get"]),
    // A nested group (`x-fern-sdk-group-name: [visits, tickets]`): the untagged union Ticket
    // and the allOf DayTicket.
    ("nested_group", "fern.yaml", &["visits"]),
    // The cycle Enclosure <-> Keeper, kept whole from one side.
    ("cycle", "fern.yaml", &["enclosures.get"]),
    // A tag of a spec with Fern groups.
    ("tag", "fern.yaml", &["animals"]),
    // Every webhook, and no operation.
    ("webhooks", "fern.yaml", &["webhooks"]),
    // Webhooks by a wildcard; an operation by one; two selectors in one value.
    (
        "wildcards",
        "fern.yaml",
        &["pet.fed.*", "*.list,pets.create"],
    ),
    // Tags of a spec without Fern groups, as written (case ignored) and as the group they make.
    ("tags_only", "tags.yaml", &["book shelf"]),
    ("tags_only_group", "tags.yaml", &["members"]),
];

fn generate(spec: &Path, name: &str, only: &[&str]) -> generator::Output {
    let settings = generator::Settings {
        crate_name: name.to_owned(),
        only: generator::select::parse(only),
        ..Default::default()
    };
    generator::generate_file(spec, &settings).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn selections() {
    for (name, file, only) in CASES {
        let output = generate(&spec(file), "junction", only);
        let whole = generate(&spec(file), "junction", &[]);
        let selection = output.selection.as_ref().expect("a selection report");
        // Names do not depend on the selection: each kept type is the whole client's type of
        // that name, with the same schema and the same surface.
        let surface = |api: &generator::ir::Api| generator::surface::render_text(api);
        let whole_surface = surface(&whole.api);
        for def in &output.api.types {
            let same = whole
                .api
                .types
                .iter()
                .find(|t| t.name == def.name)
                .unwrap_or_else(|| panic!("{name}: `{}` is not in the whole client", def.name));
            assert_eq!(same.pointer, def.pointer, "{name}: `{}`", def.name);
        }
        let text = surface(&output.api);
        for line in text.lines().filter(|l| l.starts_with("type ")) {
            assert!(
                whole_surface.lines().any(|l| l == line),
                "{name}: `{line}` differs from the whole client"
            );
        }
        insta::assert_snapshot!(
            format!("selection_{name}"),
            format!("{}\n{text}", selection.to_text())
        );
    }
}

#[test]
fn no_selection_changes_nothing() {
    let whole = generate(&spec("fern.yaml"), "junction", &[]);
    assert!(whole.selection.is_none());
    assert_eq!(whole.api.types.len(), 23);
    // The error body enum and the clients stay, and unreachable types are left out.
    let pets = generate(&spec("fern.yaml"), "junction", &["pets"]);
    assert!(pets.code.contains("pub enum ErrorBody"));
    assert!(!pets.code.contains("Orphan") && whole.code.contains("Orphan"));
}

#[test]
fn a_selector_that_names_nothing_is_a_located_error() {
    let settings = generator::Settings {
        only: generator::select::parse(&["pets", "petz,wbhooks", "daily.*"]),
        ..Default::default()
    };
    let text = std::fs::read_to_string(spec("fern.yaml")).unwrap();
    let err = generator::generate("tests/selection/fern.yaml", &text, &settings).unwrap_err();
    insta::assert_snapshot!("selection_names_nothing", err.to_string());
}

/// The changes of a diff outside the selection are dropped; those that touch it stay.
#[test]
fn diff_keeps_the_changes_that_touch_the_selection() {
    let old = std::fs::read_to_string(spec("fern.yaml")).unwrap();
    // Orphan, Prey (reached by `pets`) and Keeper (by `enclosures`) each gain a required field.
    let new = old
        .replace(
            "        unused: {type: string}\n",
            "        unused: {type: string}\n        more: {type: string}\n      required: [more]\n",
        )
        .replace(
            "    Prey:\n      type: object\n",
            "    Prey:\n      type: object\n      required: [name]\n",
        )
        .replace(
            "    Keeper:\n      type: object\n",
            "    Keeper:\n      type: object\n      required: [name]\n",
        );
    let whole = generator::diff::diff("old.yaml", &old, "new.yaml", &new).unwrap();
    let only = |s: &[&str]| {
        generator::select::diff_only(
            ("old.yaml", &old),
            ("new.yaml", &new),
            &[],
            &generator::select::parse(s),
        )
    };
    let subjects = |r: &generator::diff::Report| -> Vec<String> {
        r.changes.iter().map(|c| c.subject.to_string()).collect()
    };
    assert_eq!(subjects(&whole), ["`Keeper`", "`Orphan`", "`Prey`"]);
    assert!(whole.has_breaking());
    assert_eq!(subjects(&only(&["pets"]).unwrap()), ["`Prey`"]);
    assert_eq!(subjects(&only(&["enclosures"]).unwrap()), ["`Keeper`"]);
    assert!(!only(&["visits"]).unwrap().has_breaking());
    let err = only(&["nothing"]).unwrap_err();
    assert!(err.to_string().contains("`nothing`"), "{err}");
}

/// The tests here that build share one target directory; they run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn clippy(output: &generator::Output, name: &str) {
    let dir = workspace().join("target/generated-crates").join(name);
    common::write_crate(&dir, &generator::crate_files(output, name)).unwrap();
    common::succeed(common::cargo(
        &dir,
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
    ))
    .unwrap_or_else(|e| panic!("clippy failed for {name}:\n{e}"));
}

#[test]
fn each_selection_builds_clippy_clean() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for (name, file, only) in CASES {
        let crate_name = format!("selection_{name}");
        clippy(&generate(&spec(file), &crate_name, only), &crate_name);
    }
}

/// On the full pinned Junction spec (with its overlay, as `build.rs` applies it), `user` and
/// `user,link,summary,webhooks` generate and build clippy-clean.
#[test]
fn full_spec_selections_build_clippy_clean() {
    let Some(dir) = common::spec_dir("full_spec_selections_build_clippy_clean") else {
        return;
    };
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let spec = dir.join("junction-0.4.483.yaml");
    let whole = generator::generate_file(&spec, &common::junction_settings("junction"))
        .unwrap_or_else(|e| panic!("{e}"));
    let names: std::collections::HashMap<&str, &str> = whole
        .api
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.pointer.as_str()))
        .collect();
    for (name, only) in [
        ("junction_only_user", "user"),
        ("junction_only_four", "user,link,summary,webhooks"),
    ] {
        let settings = generator::Settings {
            only: generator::select::parse(&[only]),
            ..common::junction_settings(name)
        };
        let output = generator::generate_file(&spec, &settings).unwrap_or_else(|e| panic!("{e}"));
        let report = output.selection.as_ref().unwrap();
        assert!(report.types.0 < report.types.1, "{}", report.summary());
        // Each kept type has the name it has in the whole client.
        for def in &output.api.types {
            assert_eq!(names.get(def.name.as_str()), Some(&def.pointer.as_str()));
        }
        clippy(&output, name);
    }
}

/// The root crate's `build.rs` (feature `regenerate`) takes the selection from
/// `JUNCTION_ONLY`, reruns when it changes, and fails with the located message when a selector
/// names nothing.
#[test]
fn junction_only_selects_in_build_rs() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let build = |only: &str| {
        common::build_root_crate()
            .env("JUNCTION_ONLY", only)
            .env_remove("JUNCTION_SPEC")
            .output()
            .expect("cargo runs")
    };
    let selected = build("user");
    let stderr = common::text(&selected.stderr);
    assert!(selected.status.success(), "{stderr}");
    let wrong = build("user,usr");
    let stderr = common::text(&wrong.stderr);
    assert!(!wrong.status.success(), "{stderr}");
    assert!(stderr.contains("build-script-build`"), "{stderr}");
    assert!(
        stderr.contains("the selector `usr` (of --only / JUNCTION_ONLY) matches no group"),
        "{stderr}"
    );
    assert!(stderr.contains("nearest names: `user`"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `--only` on the command line: `generate` writes the selection, `check` compares with the
/// same selection (and finds the crate stale without it, naming `--only` in the command to
/// run), `coverage` reports it, and a selector that names nothing fails with its message.
#[test]
fn the_cli_takes_only() {
    let out = workspace().join("target/selection-cli");
    let out = out.to_str().unwrap();
    let spec = "generator/tests/selection/fern.yaml";
    let run = |args: &[&str]| {
        let o = common::run_cli(args);
        (
            o.status.code(),
            common::text(&o.stdout),
            common::text(&o.stderr),
        )
    };
    let (code, stdout, stderr) = run(&[
        "generate", "--spec", spec, "--out", out, "--only", "pets", "--only", "webhooks",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("selected pets, webhooks: 2/4 operations, 3/3 webhooks"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&[
        "check",
        "--spec",
        spec,
        "--out",
        out,
        "--only",
        "pets,webhooks",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(&["check", "--spec", spec, "--out", out, "--only", "pets"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains(" --only pets"), "{stderr}");
    let (code, stdout, _) = run(&["coverage", "--spec", spec, "--only", "pets", "--json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["selection"]["operations"], serde_json::json!([2, 4]));
    assert_eq!(json["operations_generated"], 2);
    let (code, _, stderr) = run(&["coverage", "--spec", spec, "--only", "pets,lnk"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("the selector `lnk`"), "{stderr}");
    let (code, stdout, stderr) = run(&["diff", spec, spec, "--only", "visits"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stdout.is_empty());
}
