//! Running the built `junction` binary as a user would, against a local server.

#![allow(dead_code)] // each test file uses some of these

use std::process::{Command, Output};

/// The key the tests give the command line: it must never be printed.
pub const KEY: &str = "sk_test_0123456789abcdefSECRET";

/// The binary with `args`, the key in `JUNCTION_API_KEY`, and standard input closed.
pub fn junction(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_junction"));
    command
        .args(args)
        .env("JUNCTION_API_KEY", KEY)
        .env_remove("JUNCTION_WEBHOOK_SECRET")
        .stdin(std::process::Stdio::null());
    command
}

/// Runs `command`: its exit code, standard output and standard error.
pub fn run(mut command: Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the binary runs");
    (
        status.code().expect("an exit code"),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// A user as the API answers it.
pub fn user(id: &str, client_user_id: &str) -> serde_json::Value {
    serde_json::json!({
        "user_id": id,
        "team_id": "9c0d3ef4-5f1e-4b7a-8a4c-0e2b9d6f7a21",
        "client_user_id": client_user_id,
        "created_on": "2026-05-15T20:25:39+00:00",
        "connected_sources": [],
        "fallback_time_zone": null,
    })
}
