//! `junction --help` and the help of a group and of an operation: the groups, the operations
//! named as the client's methods, the spec's summaries, the arguments and their types.

mod common;

use common::{junction, run};

#[test]
fn the_top_level_help_lists_the_groups_and_the_global_options() {
    let (code, stdout, stderr) = run(junction(&["--help"]));
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "Junction API 0.4.483: every operation of the API from the command line.",
        "Usage: junction [OPTIONS] <COMMAND>",
        "  user ",
        "  lab-tests ",
        "  webhooks ",
        "--environment <NAME>",
        "production-eu",
        "--base-url <URL>",
        "--api-key <KEY>",
        "[env: JUNCTION_API_KEY]",
        "--timeout <SECONDS>",
        "--max-retries <N>",
        "--raw",
    ] {
        assert!(stdout.contains(line), "no {line:?} in:\n{stdout}");
    }
}

#[test]
fn a_group_lists_its_operations_with_their_summaries() {
    let (code, stdout, _) = run(junction(&["lab-tests", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("create-order"), "{stdout}");
    assert!(stdout.contains("Create Order"), "{stdout}");
}

#[test]
fn an_operation_shows_its_route_arguments_and_body() {
    let (code, stdout, _) = run(junction(&["user", "get", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("Get User"), "{stdout}");
    assert!(stdout.contains("`GET /v2/user/{user_id}`"), "{stdout}");
    assert!(
        stdout.contains("Usage: junction user get [OPTIONS] <USER_ID>"),
        "{stdout}"
    );

    let (code, stdout, _) = run(junction(&["lab-tests", "create-order", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("--body <JSON|@FILE|->"), "{stdout}");
    assert!(
        stdout.contains("`CreateOrderRequestCompatible`"),
        "{stdout}"
    );
    assert!(stdout.contains("--x-idempotency-key"), "{stdout}");

    let (code, stdout, _) = run(junction(&["user", "get-all", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("--all"), "{stdout}");
    assert!(stdout.contains("--limit <LIMIT>"), "{stdout}");
}
