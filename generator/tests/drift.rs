//! Spec drift: the `diff` report on small fixture pairs (one change kind each, Markdown and JSON
//! snapshotted, classification asserted), on the real Junction versions, and the `diff`,
//! `update` and `check` commands as a user runs them.

mod common;

use common::{run_cli as run, text, workspace};

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use generator::diff::{self, ChangeKind, Report};

fn drift(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/drift")
        .join(name)
}

/// A fresh scratch directory for one test, under the workspace's target directory.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("drift")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The report for the fixture pair `NAME.old.yaml` -> `NAME.new.yaml`, files named as
/// `drift/NAME.old.yaml` so that the snapshots do not depend on the checkout's place.
fn fixture(name: &str) -> Report {
    let (old, new) = (format!("{name}.old.yaml"), format!("{name}.new.yaml"));
    diff::diff(
        &format!("drift/{old}"),
        &read(&drift(&old)),
        &format!("drift/{new}"),
        &read(&drift(&new)),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn fixture_reports() {
    insta::glob!("drift/*.old.yaml", |old| {
        let file = old.file_name().unwrap().to_string_lossy();
        let report = fixture(file.trim_end_matches(".old.yaml"));
        insta::assert_snapshot!("markdown", report.to_markdown());
        insta::assert_snapshot!("json", report.to_json());
    });
}

#[test]
fn each_fixture_reports_its_change_classified() {
    use ChangeKind::*;
    let cases: &[(&str, &[(ChangeKind, bool)])] = &[
        ("unchanged", &[]),
        ("operation_added", &[(OperationAdded, false)]),
        ("operation_removed", &[(OperationRemoved, true)]),
        (
            "parameters",
            &[
                (ParameterRemoved, true),
                (TypeChanged, true),
                (ParameterMadeRequired, true),
                (ParameterAdded, false),
                (ParameterAdded, true),
            ],
        ),
        (
            "request_field_added",
            &[(PropertyAdded, false), (PropertyAdded, true)],
        ),
        (
            "request_body_changed",
            &[
                (RequestBodyMadeOptional, false),
                (MediaTypeRemoved, true),
                (MediaTypeAdded, false),
            ],
        ),
        ("response_field_removed", &[(PropertyRemoved, true)]),
        (
            "property_retyped",
            &[(TypeChanged, true), (TypeChanged, true)],
        ),
        (
            "required_changed",
            // `User` is read: optional breaks; `UserPatchBody` is written: required breaks.
            &[(PropertyMadeOptional, true), (PropertyMadeRequired, true)],
        ),
        ("nullable_changed", &[(NullableAdded, true)]),
        (
            "enum_values",
            // `Plan` is exhaustive (no `Other`): a new value breaks; `Status` keeps unknowns.
            &[
                (EnumValueAdded, true),
                (EnumValueRemoved, true),
                (EnumValueAdded, false),
            ],
        ),
        (
            "schemas_added_removed",
            &[(SchemaRemoved, true), (SchemaAdded, false)],
        ),
        (
            "responses_changed",
            &[
                (MediaTypeRemoved, true),
                (MediaTypeAdded, false),
                (ResponseAdded, false),
            ],
        ),
        (
            "servers_security",
            &[
                // By server name: Production, ProductionEU, Sandbox.
                (ServerChanged, false),
                (ServerAdded, false),
                (ServerRemoved, true),
                (SecuritySchemeChanged, true),
                (SecuritySchemeAdded, false),
                (SecurityRequirementsChanged, true),
            ],
        ),
        ("docs_only", &[(DocsChanged, false), (DocsChanged, false)]),
        ("method_renamed", &[(OperationRenamed, true)]),
        (
            "availability",
            // A required property of a read type deprecated: the client now reads it as
            // optional (breaking); a required deprecated one made optional: it read it so
            // already. An operation marked `x-fern-ignore` leaves the client; a new one is
            // not part of it; a property marked so leaves the client.
            &[
                (OperationAdded, false),
                (OperationRemoved, true),
                (DeprecationChanged, false),
                (PropertyMadeOptional, true),
                (PropertyMadeOptional, false),
                (PropertyRemoved, true),
            ],
        ),
        (
            "webhooks",
            // Removed and retyped break the client's `Event`; added and an optional field
            // in a payload it reads do not.
            &[
                (WebhookRemoved, true),
                (TypeChanged, true),
                (WebhookAdded, false),
                (PropertyAdded, false),
            ],
        ),
        (
            "nested_changes",
            &[
                (TypeChanged, true),
                (PropertyAdded, false),
                (TypeChanged, true),
            ],
        ),
        (
            "rust_only",
            &[
                (ParameterAdded, false),
                (PropertyAdded, false),
                (PropertyAdded, false),
            ],
        ),
    ];
    let fixtures = std::fs::read_dir(drift("")).unwrap().count();
    // Every pair is listed here (plus the one broken spec).
    assert_eq!(
        fixtures,
        cases.len() * 2 + 1,
        "a fixture pair is not listed"
    );
    for (name, expected) in cases {
        let report = fixture(name);
        let got: Vec<(ChangeKind, bool)> = report
            .changes
            .iter()
            .map(|c| (c.kind, c.breaking))
            .collect();
        assert_eq!(&got, expected, "{name}:\n{}", report.to_markdown());
        assert_eq!(
            report.has_breaking(),
            expected.iter().any(|(_, b)| *b),
            "{name}"
        );
    }
}

/// The wire does not mind a response field or the first optional parameter of an operation,
/// but Rust code does: `User::new` takes one more argument, and `user().get` a params
/// struct. An optional field is neither.
#[test]
fn some_changes_break_rust_code_only() {
    let report = fixture("rust_only");
    let got: Vec<(ChangeKind, bool, bool)> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.breaking, c.breaks_rust))
        .collect();
    assert_eq!(
        got,
        [
            (ChangeKind::ParameterAdded, false, true),
            (ChangeKind::PropertyAdded, false, true),
            (ChangeKind::PropertyAdded, false, false),
        ]
    );
    assert_eq!(report.bump(), diff::Bump::Major);
    assert_eq!(fixture("operation_added").bump(), diff::Bump::Minor);
    assert_eq!(fixture("docs_only").bump(), diff::Bump::Patch);
    assert_eq!(diff::Bump::Major.next("0.4.2").as_deref(), Some("0.5.0"));
    assert_eq!(diff::Bump::Minor.next("0.4.2").as_deref(), Some("0.4.3"));
    assert_eq!(diff::Bump::Major.next("1.4.2").as_deref(), Some("2.0.0"));
    assert_eq!(diff::Bump::Minor.next("1.4.2").as_deref(), Some("1.5.0"));
    assert_eq!(diff::Bump::Patch.next("1.4.2").as_deref(), Some("1.4.3"));
}

#[test]
fn changes_are_located_in_the_document_they_name() {
    for name in [
        "parameters",
        "response_field_removed",
        "enum_values",
        "nested_changes",
    ] {
        let report = fixture(name);
        let old: serde_json::Value =
            serde_yaml::from_str(&read(&drift(&format!("{name}.old.yaml")))).unwrap();
        let new: serde_json::Value =
            serde_yaml::from_str(&read(&drift(&format!("{name}.new.yaml")))).unwrap();
        for c in &report.changes {
            let doc = match c.side {
                diff::Side::Old => &old,
                diff::Side::New => &new,
            };
            assert!(
                doc.pointer(c.pointer.as_str()).is_some(),
                "{name}: {} not found in the {:?} file",
                c.pointer,
                c.side
            );
        }
    }
}

#[test]
fn reports_are_deterministic_and_the_json_reads_back() {
    let a = fixture("servers_security");
    let b = fixture("servers_security");
    assert_eq!(a.to_markdown(), b.to_markdown());
    assert_eq!(a.to_json(), b.to_json());
    let json: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    assert_eq!(json["summary"]["breaking"], 3);
    let removed = &json["changes"][2];
    assert_eq!(removed["kind"], "server_removed");
    assert_eq!(removed["breaking"], true);
    assert_eq!(removed["in"], "old");
    assert_eq!(removed["pointer"], "/servers/1");
    assert_eq!(removed["subject"]["type"], "server");
    assert_eq!(removed["subject"]["name"], "Sandbox");
}

#[test]
fn an_invalid_spec_is_an_error_naming_the_file_and_place() {
    let broken = read(&drift("broken.yaml"));
    let fine = read(&drift("unchanged.old.yaml"));
    let err = diff::diff("drift/broken.yaml", &broken, "drift/ok.yaml", &fine).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("--> drift/broken.yaml:"), "{message}");
    assert!(message.contains("/properties"), "{message}");
    let err = diff::diff("a.yaml", "{", "b.yaml", "- [").unwrap_err();
    assert_eq!(err.len(), 2, "both files' problems are reported: {err}");
}

// ---- The real Junction versions ----------------------------------------------------------

fn real(dir: &Path, old: &str, new: &str) -> Report {
    let (a, b) = (
        format!("junction-{old}.yaml"),
        format!("junction-{new}.yaml"),
    );
    diff::diff(&a, &read(&dir.join(&a)), &b, &read(&dir.join(&b))).unwrap_or_else(|e| panic!("{e}"))
}

/// The 16 schemas whose generated `example` changes in both releases.
const EXAMPLE_SCHEMAS: [&str; 16] = [
    "ClientFacingAppointment",
    "ClientFacingAppointmentCancellationReason",
    "ClientFacingAtHomePhlebotomyOrder",
    "ClientFacingBloodPressureTimeseries",
    "ClientFacingCriticalResult",
    "ClientFacingMindfulnessMinutesTimeseries",
    "ClientFacingOnSiteCollectionOrder",
    "ClientFacingOrder",
    "ClientFacingShipment",
    "ClientFacingSleepStream",
    "ClientFacingTestkitOrder",
    "ClientFacingUser",
    "ClientFacingWalkInTestOrder",
    "ContinuousQueryResultTableChanges",
    "GroupedBloodPressureResponse",
    "GroupedMindfulnessMinutesResponse",
];

#[test]
fn real_spec_0_4_483_to_0_4_485() {
    let Some(dir) = common::spec_dir("real_spec_0_4_483_to_0_4_485") else {
        return;
    };
    let report = real(&dir, "0.4.483", "0.4.485");
    let s = report.summary();
    assert_eq!(
        report.operations_with(ChangeKind::OperationAdded),
        ["PATCH /v3/order/{order_id}"]
    );
    assert_eq!(s.operations_removed, 0);
    assert_eq!(
        report.schemas_with(ChangeKind::SchemaAdded),
        ["UpdateOrderBody"]
    );
    assert_eq!(s.schemas_removed, 0);
    assert_eq!(s.schemas_changed, 16, "{}", report.to_markdown());
    assert_eq!(report.schemas_changed(), EXAMPLE_SCHEMAS);
    // The vendor regenerates its examples on every release: the only other change.
    assert_eq!(
        report.operations_changed(),
        ["POST /v3/order/{order_id}/phlebotomy/appointment/request"]
    );
    assert!(!report.has_breaking(), "{}", report.to_markdown());
    assert_eq!(report.changes.len(), 19);
    insta::assert_snapshot!(report.to_markdown());
}

#[test]
fn real_spec_0_4_485_to_0_4_486() {
    let Some(dir) = common::spec_dir("real_spec_0_4_485_to_0_4_486") else {
        return;
    };
    let report = real(&dir, "0.4.485", "0.4.486");
    let s = report.summary();
    assert_eq!((s.operations_added, s.operations_removed), (0, 0));
    assert_eq!((s.schemas_added, s.schemas_removed), (0, 0));
    assert_eq!(s.schemas_changed, 16, "{}", report.to_markdown());
    assert_eq!(report.schemas_changed(), EXAMPLE_SCHEMAS);
    assert_eq!(s.operations_changed, 1);
    assert!(!report.has_breaking());
    assert!(report
        .changes
        .iter()
        .all(|c| c.kind == ChangeKind::DocsChanged));
}

#[test]
fn real_spec_reversed_is_breaking() {
    let Some(dir) = common::spec_dir("real_spec_reversed_is_breaking") else {
        return;
    };
    // Going back from 0.4.485 to 0.4.483 removes the operation and its body schema.
    let report = real(&dir, "0.4.485", "0.4.483");
    let breaking: Vec<String> = report
        .breaking()
        .map(|c| format!("{}: {}", c.subject, c.message))
        .collect();
    assert_eq!(
        breaking,
        [
            "`PATCH /v3/order/{order_id}`: operation removed (was `lab_tests.update_order`)",
            "`UpdateOrderBody`: schema removed",
        ]
    );
}

/// The `markdown` blocks of `docs/updating.md` (the page the README links for updating the spec).
fn documented_examples() -> Vec<String> {
    let page = read(&workspace().join("docs/updating.md"));
    let mut examples = Vec::new();
    let mut block: Option<String> = None;
    for line in page.lines() {
        match &mut block {
            Some(text) if line == "```" => {
                examples.push(std::mem::take(text));
                block = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None if line == "```markdown" => block = Some(String::new()),
            None => {}
        }
    }
    examples
}

#[test]
fn documented_examples_are_real_reports() {
    let Some(dir) = common::spec_dir("documented_examples_are_real_reports") else {
        return;
    };
    let examples = documented_examples();
    assert_eq!(examples.len(), 2);
    let forward = real(&dir, "0.4.483", "0.4.485").to_markdown();
    assert!(
        forward.starts_with(&examples[0]),
        "docs/updating.md's example is not the start of:\n{forward}"
    );
    let backward = real(&dir, "0.4.485", "0.4.483").to_markdown();
    assert!(
        backward.contains(&examples[1]),
        "docs/updating.md's example is not in:\n{backward}"
    );
}

// ---- The CLI ----------------------------------------------------------------------------

#[test]
fn help_documents_the_drift_commands() {
    let top = text(&run(&["--help"]).stdout);
    for command in ["generate", "diff", "update", "check"] {
        assert!(top.contains(command), "{command} missing from:\n{top}");
    }
    let cases: [(&str, &[&str]); 3] = [
        (
            "diff",
            &[
                "<OLD>",
                "<NEW>",
                "--format <FORMAT>",
                "markdown",
                "json",
                "--fail-on-breaking",
                "Exit status",
                "breaking",
            ],
        ),
        (
            "update",
            &[
                "--from <URL_OR_FILE>",
                "--spec <FILE>",
                "specs/junction.yaml",
                "--format <FORMAT>",
                "cargo insta review",
            ],
        ),
        (
            "check",
            &[
                "--out <DIR>",
                "--spec <FILE>",
                "--crate-name <NAME>",
                "byte for byte",
            ],
        ),
    ];
    for (command, options) in cases {
        let help = text(&run(&[command, "--help"]).stdout);
        for option in options {
            assert!(help.contains(option), "{option} missing from:\n{help}");
        }
    }
}

#[test]
fn diff_exit_status_follows_fail_on_breaking() {
    let pair = |name: &str| {
        [
            format!("generator/tests/drift/{name}.old.yaml"),
            format!("generator/tests/drift/{name}.new.yaml"),
        ]
    };
    let [old, new] = pair("response_field_removed");
    let plain = run(&["diff", &old, &new]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain.stderr));
    assert!(text(&plain.stdout).contains("**breaking:** property `User.name` removed"));
    let failing = run(&["diff", &old, &new, "--fail-on-breaking"]);
    assert_eq!(failing.status.code(), Some(2));
    assert_eq!(
        failing.stdout, plain.stdout,
        "the report is printed all the same"
    );
    assert!(text(&failing.stderr).contains("1 on the wire"));
    assert!(text(&plain.stdout).contains("Version bump of the client crate: **major**"));

    // A change that breaks Rust code only: the bare flag (the wire) lets it pass, `rust` not.
    let [old, new] = pair("rust_only");
    let wire = run(&["diff", &old, &new, "--fail-on-breaking"]);
    let explicit = run(&["diff", &old, &new, "--fail-on-breaking=wire"]);
    let rust = run(&["diff", "--fail-on-breaking=rust", &old, &new]);
    let any = run(&["diff", &old, &new, "--fail-on-breaking=any"]);
    assert_eq!(
        (wire.status.code(), explicit.status.code()),
        (Some(0), Some(0))
    );
    assert_eq!((rust.status.code(), any.status.code()), (Some(2), Some(2)));
    assert!(text(&rust.stderr).contains("0 on the wire, 2 for Rust code"));

    let [old, new] = pair("operation_added");
    let fine = run(&["diff", &old, &new, "--fail-on-breaking", "--format", "json"]);
    assert_eq!(fine.status.code(), Some(0), "{}", text(&fine.stderr));
    let json: serde_json::Value = serde_json::from_slice(&fine.stdout).unwrap();
    assert_eq!(json["summary"]["operations_added"], 1);
    assert_eq!(json["changes"][0]["subject"]["method"], "DELETE");
}

#[test]
fn diff_of_a_bad_or_missing_spec_exits_1_with_the_place() {
    let bad = run(&[
        "diff",
        "generator/tests/drift/broken.yaml",
        "generator/tests/drift/unchanged.new.yaml",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.contains("--> generator/tests/drift/broken.yaml:"),
        "{stderr}"
    );
    assert!(stderr.contains("1 error in the spec"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let missing = run(&[
        "diff",
        "no/such.yaml",
        "generator/tests/drift/unchanged.new.yaml",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("cannot read the spec `no/such.yaml`"));
}

/// Serves one HTTP response on 127.0.0.1 and returns the URL and a handle that yields the
/// request line the server received (empty when no request came).
fn serve_once(
    status: &'static str,
    body: Vec<u8>,
) -> (String, u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return String::new();
        };
        let mut head = Vec::new();
        let mut chunk = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return String::new(),
                Ok(n) => head.extend_from_slice(&chunk[..n]),
            }
        }
        let reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/yaml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(reply.as_bytes());
        let _ = stream.write_all(&body);
        text(&head).lines().next().unwrap_or_default().to_owned()
    });
    (
        format!("http://127.0.0.1:{port}/openapi.yaml"),
        port,
        handle,
    )
}

/// The request line the server saw; unblocks the server first if the CLI never connected.
fn request_line(port: u16, handle: std::thread::JoinHandle<String>) -> String {
    if !handle.is_finished() {
        drop(TcpStream::connect(("127.0.0.1", port)));
    }
    handle.join().unwrap()
}

/// A copy of the fixture `NAME.old.yaml` as the spec to update, in a scratch directory.
fn spec_copy(test: &str, name: &str) -> PathBuf {
    let spec = scratch(test).join("specs/junction.yaml");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    std::fs::copy(drift(&format!("{name}.old.yaml")), &spec).unwrap();
    spec
}

#[test]
fn update_from_a_file_writes_the_spec_and_prints_the_report() {
    let spec = spec_copy("update_from_a_file", "request_field_added");
    let from = "generator/tests/drift/request_field_added.new.yaml";
    let result = run(&["update", "--from", from, "--spec", spec.to_str().unwrap()]);
    let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
    assert!(result.status.success(), "{stderr}");
    assert_eq!(
        read(&spec),
        read(&workspace().join(from)),
        "written byte for byte"
    );
    assert!(
        stdout.starts_with("# API changes: Drift 1 -> 1"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("**breaking:** property `UserPatchBody.time_zone` added (string, required)"),
        "{stdout}"
    );
    assert!(stderr.contains(&format!("wrote {from} to")), "{stderr}");

    // Again: nothing to write, and a report with no changes.
    let again = run(&["update", "--from", from, "--spec", spec.to_str().unwrap()]);
    assert!(again.status.success());
    assert!(text(&again.stdout).contains("No changes."));
    assert!(text(&again.stderr).contains("is already"));
}

#[test]
fn update_from_a_local_http_server() {
    let spec = spec_copy("update_from_http", "operation_added");
    let body = std::fs::read(drift("operation_added.new.yaml")).unwrap();
    let (url, port, server) = serve_once("200 OK", body.clone());
    let result = run(&["update", "--from", &url, "--spec", spec.to_str().unwrap()]);
    let request = request_line(port, server);
    let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
    assert!(result.status.success(), "{stderr}");
    assert_eq!(request, "GET /openapi.yaml HTTP/1.1");
    assert_eq!(std::fs::read(&spec).unwrap(), body);
    assert!(
        stdout.contains("`DELETE /v1/user/{user_id}`: operation added as `user.delete`"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("to `{url}`")), "{stdout}");
}

#[test]
fn update_keeps_the_spec_when_the_new_one_fails() {
    let spec = spec_copy("update_fails", "unchanged");
    let before = read(&spec);

    let (url, port, server) = serve_once("404 Not Found", b"no such spec".to_vec());
    let result = run(&["update", "--from", &url, "--spec", spec.to_str().unwrap()]);
    request_line(port, server);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains(&format!("cannot fetch `{url}`")),
        "{stderr}"
    );
    assert!(stderr.contains("404"), "{stderr}");
    assert_eq!(read(&spec), before);

    let from = "generator/tests/drift/broken.yaml";
    let result = run(&["update", "--from", from, "--spec", spec.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.contains(&format!("--> {from}:")), "{stderr}");
    assert!(stderr.contains("was not changed"), "{stderr}");
    assert_eq!(read(&spec), before);

    let result = run(&[
        "update",
        "--from",
        "no/such.yaml",
        "--spec",
        spec.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("cannot read the spec `no/such.yaml`"));
    assert_eq!(read(&spec), before);
}

#[test]
fn check_passes_on_a_fresh_crate_and_names_each_stale_file() {
    let dir = scratch("check").join("client");
    let out = dir.to_str().unwrap();
    let spec = "generator/tests/drift/operation_added.new.yaml";
    let generated = run(&[
        "generate",
        "--spec",
        spec,
        "--out",
        out,
        "--crate-name",
        "drift",
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));

    let check = |crate_name: &str| {
        run(&[
            "check",
            "--spec",
            spec,
            "--out",
            out,
            "--crate-name",
            crate_name,
        ])
    };
    let fresh = check("drift");
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));
    assert!(text(&fresh.stdout).contains("is up to date"));

    // Files the generator does not write are not its business.
    std::fs::write(dir.join("Cargo.lock"), "# not generated\n").unwrap();
    assert_eq!(check("drift").status.code(), Some(0));

    let code = dir.join("src/junction.rs");
    let mut edited = read(&code);
    edited.push_str("// a hand edit\n");
    std::fs::write(&code, edited).unwrap();
    std::fs::remove_file(dir.join("src/runtime/core.rs")).unwrap();
    let stale = check("drift");
    assert_eq!(stale.status.code(), Some(1));
    let stderr = text(&stale.stderr);
    assert!(
        stderr.contains(&format!("differs: {}", code.display())),
        "{stderr}"
    );
    assert!(stderr.contains("first difference at line"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "missing: {}",
            dir.join("src/runtime/core.rs").display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("2 of "), "{stderr}");
    assert!(
        !stderr.contains("Cargo.toml"),
        "only the stale files are named: {stderr}"
    );
    // Nothing was written by the check.
    assert!(!dir.join("src/runtime/core.rs").exists());

    // Another crate name generates another manifest.
    let renamed = check("other");
    assert_eq!(renamed.status.code(), Some(1));
    assert!(text(&renamed.stderr).contains("Cargo.toml"));
}
