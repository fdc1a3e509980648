//! The committed client (`generated-client/src/junction.rs`) is what `specs/` generates, and a
//! change to the spec that was not followed by `cargo xtask generate` fails here, naming it.

use std::path::{Path, PathBuf};

use xtask::{check, CLIENT, COMMAND, OVERLAY, SPEC};

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
    for file in [SPEC, OVERLAY, CLIENT] {
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
    check(&scratch).expect("up to date after writing");
}
