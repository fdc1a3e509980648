//! The `junction` binary against a local server: a read, every page of a paged read, a body
//! from a file refused by the API, and what is refused before any request (a malformed UUID, a
//! body with a wrong field). The key given to it is never printed.

mod common;

use common::{junction, run, user, KEY};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11";

#[tokio::test]
async fn user_get_prints_the_user_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/user/{USER}")))
        .and(header("x-vital-api-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(user(USER, "alice")))
        .expect(1)
        .mount(&server)
        .await;

    let (code, stdout, stderr) = run(junction(&[
        "--base-url",
        &server.uri(),
        "user",
        "get",
        USER,
    ]));
    assert_eq!(code, 0, "{stderr}");
    // Not a terminal: one line of JSON, the user as decoded and written again.
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let printed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(printed, user(USER, "alice"));
}

#[tokio::test]
async fn all_prints_every_user_of_three_pages_one_line_each() {
    let server = MockServer::start().await;
    let ids: Vec<String> = (0..5)
        .map(|i| format!("00000000-0000-4000-8000-00000000000{i}"))
        .collect();
    for (offset, range) in [(0, 0..2), (2, 2..4), (4, 4..5)] {
        let users: Vec<Value> = ids[range]
            .iter()
            .map(|id| user(id, &format!("client-{id}")))
            .collect();
        // The first page is asked for without an offset, the next ones with theirs.
        let at = match offset {
            0 => Mock::given(query_param_is_missing("offset")),
            offset => Mock::given(query_param("offset", offset.to_string())),
        };
        at.and(method("GET"))
            .and(path("/v2/user"))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "users": users, "total": 5, "offset": offset, "limit": 2,
            })))
            .expect(1)
            .mount(&server)
            .await;
    }

    let (code, stdout, stderr) = run(junction(&[
        "--base-url",
        &server.uri(),
        "user",
        "get-all",
        "--limit",
        "2",
        "--all",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let printed: Vec<String> = stdout
        .lines()
        .map(|line| {
            let user: Value = serde_json::from_str(line).unwrap();
            user["user_id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(printed, ids);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// A lab order: the smallest body its type accepts.
fn order() -> Value {
    json!({
        "user_id": USER,
        "patient_details": {
            "first_name": "Ada", "last_name": "Lovelace", "dob": "1990-12-10",
            "gender": "female", "phone_number": "+447700900000", "email": "ada@example.com",
        },
        "patient_address": {
            "first_line": "1 Main St", "city": "London", "state": "LDN", "zip": "N1 1AA",
            "country": "GB",
        },
    })
}

#[tokio::test]
async fn a_lab_order_from_a_file_refused_with_422_exits_1_with_the_body_on_stderr() {
    let server = MockServer::start().await;
    let refusal = json!({"detail": [{
        "loc": ["body", "patient_details", "phone_number"],
        "msg": "value is not a valid phone number",
        "type": "value_error",
    }]});
    Mock::given(method("POST"))
        .and(path("/v3/order"))
        .respond_with(ResponseTemplate::new(422).set_body_json(&refusal))
        .expect(1)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("junction-cli-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("order.json");
    std::fs::write(&file, serde_json::to_string_pretty(&order()).unwrap()).unwrap();

    let body = format!("@{}", file.display());
    let (code, stdout, stderr) = run(junction(&[
        "--base-url",
        &server.uri(),
        "lab-tests",
        "create-order",
        "--body",
        &body,
    ]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("422"), "{stderr}");
    assert!(
        stderr.contains("value is not a valid phone number"),
        "{stderr}"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "a 422 is not tried again");
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, order());
}

#[tokio::test]
async fn a_malformed_uuid_is_refused_before_any_request_with_exit_2() {
    let server = MockServer::start().await;
    let (code, stdout, stderr) = run(junction(&[
        "--base-url",
        &server.uri(),
        "user",
        "get",
        "not-a-uuid",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("invalid value 'not-a-uuid' for '<USER_ID>'"),
        "{stderr}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    // A malformed date in a query option, likewise.
    let (code, _, stderr) = run(junction(&[
        "--base-url",
        &server.uri(),
        "electrocardiogram",
        "get",
        USER,
        "--start-date",
        "2026-13-45",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--start-date"), "{stderr}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_body_with_a_wrong_field_is_refused_with_its_path_before_any_request() {
    let server = MockServer::start().await;
    let mut body = order();
    body["patient_details"]["dob"] = json!("the tenth of December");
    let (code, stdout, stderr) = run(junction(&[
        "--base-url",
        &server.uri(),
        "lab-tests",
        "create-order",
        "--body",
        &body.to_string(),
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("`patient_details.dob`"), "{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_key_is_never_printed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/user/{USER}")))
        .and(header("x-vital-api-key", KEY))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(user(USER, "alice"))
                .insert_header("x-request-id", "req_1"),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"detail": "bad key"})))
        .mount(&server)
        .await;

    let uri = server.uri();
    let runs = [
        // --raw prints the answer's headers; --debug the parsed command line.
        vec!["--base-url", &uri, "--raw", "--debug", "user", "get", USER],
        vec![
            "--base-url",
            &uri,
            "--api-key",
            KEY,
            "--debug",
            "user",
            "get",
            USER,
        ],
        // An API error, and a usage error.
        vec!["--base-url", &uri, "--debug", "user", "delete", USER],
        vec!["--base-url", &uri, "--api-key", KEY, "user", "get", "x"],
        // The help, with the key in the environment.
        vec!["--help"],
        vec!["user", "get", "--help"],
    ];
    for args in runs {
        let (code, stdout, stderr) = run(junction(&args));
        assert!(
            !stdout.contains(KEY) && !stderr.contains(KEY),
            "{args:?} printed the key:\n{stdout}\n{stderr}"
        );
        if args.contains(&"--raw") {
            assert_eq!(code, 0, "{stderr}");
            let raw: Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(raw["status"], 200);
            assert_eq!(raw["headers"]["x-request-id"], "req_1");
            assert_eq!(raw["body"]["user_id"], USER);
            assert!(stderr.contains("Secret(<hidden>)"), "{stderr}");
        }
        if args.contains(&"delete") {
            assert_eq!(code, 1, "{stderr}");
            assert!(
                stderr.contains("401") && stderr.contains("bad key"),
                "{stderr}"
            );
        }
    }
}

#[tokio::test]
async fn a_download_streams_to_the_output_file() {
    let server = MockServer::start().await;
    let order = "5f1c7a2e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";
    let pdf: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path(format!("/v3/order/{order}/result/pdf")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .expect(1)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("junction-cli-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("result.pdf");

    let (code, stdout, stderr) = run(junction(&[
        "--base-url",
        &server.uri(),
        "lab-tests",
        "get-result-pdf",
        order,
        "--output",
        file.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(std::fs::read(&file).unwrap(), pdf);
}

#[tokio::test]
async fn a_body_from_standard_input_and_an_empty_answer() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/v2/user/{USER}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut command = junction(&[
        "--base-url",
        &server.uri(),
        "user",
        "patch",
        USER,
        "--body",
        "-",
    ]);
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(br#"{"fallback_time_zone": "Europe/London", "client_user_id": null}"#)
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(output.stdout.is_empty());
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    // A value set and a value cleared (`Patch::Null`), as the body said; nothing else.
    assert_eq!(
        sent,
        json!({"fallback_time_zone": "Europe/London", "client_user_id": null})
    );
}
