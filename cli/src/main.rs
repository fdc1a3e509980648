//! `junction`: the Junction API from the command line, every operation of it, with its pages
//! and webhooks (docs/command-line.md).
//!
//! The commands are generated from the spec into `cli.rs` (`cargo xtask generate`); `run` is
//! the hand-written part they call, the same for every API.

// Generated, and formatted by the generator (prettyplease), not by rustfmt.
#[rustfmt::skip]
mod cli;
// The same for every API: one without text answers, say, leaves `Output::text` unused.
#[allow(dead_code)]
mod run;

/// The client crate, through which `run` names the runtime's types.
use junction as client;

#[cfg(test)]
mod tests;

fn main() -> std::process::ExitCode {
    let cli = <cli::Cli as clap::Parser>::parse();
    run::block_on(cli.run())
}
