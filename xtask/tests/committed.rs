//! The committed client (`generated-client/src/junction.rs`) and command line
//! (`cli/src/cli.rs`) are what `specs/` generates, the crate's features are the spec's groups,
//! and a change to the spec that was not followed by `cargo xtask generate` fails here, naming
//! it.

use std::path::{Path, PathBuf};

use xtask::{check, CLI, CLIENT, COMMAND, MANIFEST, OVERLAY, SPEC};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_committed_client_is_what_the_spec_generates() {
    if let Err(message) = check(&repository()) {
        panic!("{message}");
    }
}

/// The spec, overlay and committed client copied into a scratch repository, the spec then
/// changed as a new release would change it: the check fails and says what to run.
#[test]
fn a_changed_spec_makes_the_check_fail_with_the_command() {
    let scratch = repository().join("target/xtask-committed");
    let _ = std::fs::remove_dir_all(&scratch);
    for file in [SPEC, OVERLAY, CLIENT, CLI, MANIFEST] {
        let to = scratch.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repository().join(file), &to).unwrap();
    }
    let lines = check(&scratch).expect("the copy is up to date");
    assert!(lines > 50_000, "{lines} lines");

    let spec = std::fs::read_to_string(scratch.join(SPEC)).unwrap();
    let summary = "      summary: Patch User\n";
    assert!(spec.contains(summary));
    let changed = spec.replace(summary, "      summary: Update a user\n");
    std::fs::write(scratch.join(SPEC), changed).unwrap();

    let message = check(&scratch).unwrap_err();
    assert!(
        message.contains(CLIENT) && message.contains(SPEC),
        "{message}"
    );
    assert!(message.contains(&format!("Run `{COMMAND}`")), "{message}");
    assert!(message.contains("differs from line"), "{message}");

    // `cargo xtask generate` (here, its function) brings it up to date again.
    assert!(xtask::write(&scratch).unwrap().1, "written");
    let code = std::fs::read_to_string(scratch.join(CLIENT)).unwrap();
    assert!(code.contains("/// Update a user"));
    // The command's help is the summary too.
    let cli = std::fs::read_to_string(scratch.join(CLI)).unwrap();
    assert!(cli.contains("/// Update a user\n"));
    check(&scratch).expect("up to date after writing");

    // A stale command line alone fails the check, naming it.
    std::fs::write(
        scratch.join(CLI),
        cli.replace("Update a user", "Patch User"),
    )
    .unwrap();
    let message = check(&scratch).unwrap_err();
    assert!(message.starts_with(CLI), "{message}");
    xtask::write(&scratch).unwrap();

    // A group renamed in the spec: its feature in Cargo.toml is renamed with it.
    let spec = std::fs::read_to_string(scratch.join(SPEC)).unwrap();
    let group = "x-fern-sdk-group-name: menstrual_cycle\n";
    assert!(spec.contains(group));
    std::fs::write(
        scratch.join(SPEC),
        spec.replace(group, "x-fern-sdk-group-name: cycle\n"),
    )
    .unwrap();
    let message = check(&scratch).unwrap_err();
    assert!(message.starts_with(MANIFEST), "{message}");
    xtask::write(&scratch).unwrap();
    let manifest = std::fs::read_to_string(scratch.join(MANIFEST)).unwrap();
    assert!(manifest.contains("\ncycle = []\n") && !manifest.contains("menstrual_cycle"));
}

/// The features `full` holds are the spec's groups and `webhooks`, each declared.
#[test]
fn the_features_are_the_groups_of_the_spec() {
    let manifest = std::fs::read_to_string(repository().join(MANIFEST)).unwrap();
    let full: Vec<&str> = manifest
        .split("\nfull = [\n")
        .nth(1)
        .and_then(|rest| rest.split("\n]\n").next())
        .unwrap()
        .lines()
        .map(|l| l.trim().trim_matches(|c| c == '"' || c == ','))
        .collect();
    assert_eq!(full.len(), 27, "{full:?}");
    assert!(full.contains(&"user") && full.contains(&"lab_tests") && full.contains(&"webhooks"));
    for feature in &full {
        assert!(
            manifest.contains(&format!("\n{feature} = []\n")),
            "{feature}"
        );
    }
}
