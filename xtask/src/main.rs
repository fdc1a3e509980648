//! `cargo xtask generate [--check]` (the alias is in `.cargo/config.toml`).

use std::path::Path;
use std::process::ExitCode;

use xtask::{check, write, CLI, CLIENT, OVERLAY, SPEC};

const USAGE: &str = "usage: cargo xtask generate [--check]

  generate          write generated-client/src/junction.rs and cli/src/cli.rs from
                    specs/junction.yaml and specs/junction.overlay.yaml, and the features of
                    the API's groups into Cargo.toml (only what changed)
  generate --check  exit 1 when the committed files are not what they generate";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let result = match args.as_slice() {
        ["generate"] => write(&root).map(|(lines, written)| match written {
            true => {
                println!("{CLIENT} and {CLI}: written from {SPEC} and {OVERLAY} ({lines} lines)")
            }
            false => {
                println!(
                    "{CLIENT} and {CLI}: already what {SPEC} and {OVERLAY} generate ({lines} lines)"
                )
            }
        }),
        ["generate", "--check"] => check(&root).map(|lines| {
            println!("{CLIENT} and {CLI}: up to date with {SPEC} and {OVERLAY} ({lines} lines)")
        }),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
