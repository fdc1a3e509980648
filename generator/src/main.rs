//! `junction-gen`: the generator's command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generates a typed async Rust client from an OpenAPI 3.0/3.1 document.
#[derive(Debug, Parser)]
#[command(name = "junction-gen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a standalone crate (Cargo.toml + src/) generated from a spec.
    ///
    /// The crate builds on its own with `cargo build`: it holds the generated code and a copy
    /// of the hand-written runtime. Files are written only when their content changes.
    Generate(GenerateArgs),
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// The OpenAPI document, YAML or JSON.
    #[arg(long, value_name = "FILE", default_value = "specs/junction.yaml")]
    spec: PathBuf,
    /// The directory to write the crate into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "target/junction-client")]
    out: PathBuf,
    /// The name of the generated crate.
    #[arg(long, value_name = "NAME", default_value = "junction")]
    crate_name: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Generate(GenerateArgs {
        spec: PathBuf::from("specs/junction.yaml"),
        out: PathBuf::from("target/junction-client"),
        crate_name: "junction".to_owned(),
    }));
    let result = match command {
        Command::Generate(args) => generate(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(args: &GenerateArgs) -> Result<(), generator::Error> {
    let settings = generator::Settings {
        crate_name: args.crate_name.clone(),
    };
    let output = generator::generate_file(&args.spec, &settings)?;
    let files = generator::crate_files(&output, &args.crate_name);
    generator::write_files(&args.out, &files)?;
    let api = &output.api;
    let groups: std::collections::BTreeSet<&Vec<String>> =
        api.operations.iter().map(|o| &o.group).collect();
    println!(
        "generated crate `{}` from {} ({} {}): {} types, {} operations in {} groups, {} lines",
        args.crate_name,
        args.spec.display(),
        api.title,
        api.version,
        api.types.len(),
        api.operations.len(),
        groups.len(),
        output.code.lines().count(),
    );
    println!("wrote {} files to {}", files.len(), args.out.display());
    Ok(())
}
