//! The command tree against the spec: one command per operation of the generator's IR (196
//! in `specs/junction.yaml` with its overlay), at the place the client's group and method
//! name. (clap's own checks of the whole tree are the generated `cli::tests`.)

use clap::CommandFactory;
use heck::ToKebabCase;

/// The paths of the commands that call an operation (`user get`): every leaf of the tree but
/// the `webhooks` commands and clap's `help`.
fn operations(command: &clap::Command, path: &mut Vec<String>, out: &mut Vec<String>) {
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        if name == "help" || (path.is_empty() && name == "webhooks") {
            continue;
        }
        path.push(name.to_owned());
        match sub.has_subcommands() {
            true => operations(sub, path, out),
            false => out.push(path.join(" ")),
        }
        path.pop();
    }
}

#[test]
fn every_operation_of_the_spec_has_its_command() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let overlay = generator::overlay::Overlay::read(&root.join("specs/junction.overlay.yaml"))
        .expect("the overlay reads");
    let settings = generator::Settings {
        overlays: vec![overlay],
        ..Default::default()
    };
    let api = generator::generate_file(&root.join("specs/junction.yaml"), &settings)
        .expect("the spec generates")
        .api;
    let mut commands = Vec::new();
    operations(&crate::cli::Cli::command(), &mut Vec::new(), &mut commands);

    assert_eq!(api.operations.len(), 196);
    assert_eq!(commands.len(), api.operations.len(), "{commands:#?}");
    for op in &api.operations {
        let path: Vec<String> = op
            .group
            .iter()
            .chain([&op.method])
            .map(|name| name.trim_start_matches("r#").to_kebab_case())
            .collect();
        let path = path.join(" ");
        assert!(
            commands.contains(&path),
            "no command `{path}` for {}",
            op.pointer
        );
    }
}
