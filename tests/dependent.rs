//! The crate as a team meets it: a new cargo project in a temporary directory that depends on
//! it by path.
//!
//! - With default features and no `JUNCTION_SPEC`, the project builds the whole committed API
//!   with no generator in its dependency tree (`cargo tree`: neither the generator nor its
//!   build-only stack), and its binary reads every user over
//!   three pages (`user().get_all_items`) and sends a lab order the server refuses with 422
//!   (`lab_tests().create_order`), against a server on 127.0.0.1.
//! - With the feature `regenerate`, `JUNCTION_SPEC` set in the project's `.cargo/config.toml`
//!   with `relative = true` names a spec of its own (here one operation), and the client is
//!   generated from it; a bare relative path is refused, saying how to give it.
//!
//! - With `default-features = false` and the features `user` and `rustls`, the project compiles
//!   the `user` group only and reads a user; the same project calling `lab_tests()` does not
//!   compile, and the compiler's message names the feature to turn on.
//!
//! The projects build in `target/dependent/target`, shared by the tests (one at a time).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One cargo build at a time: the two projects share a target directory.
static BUILD: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A new project in a fresh temporary directory: `Cargo.toml` with `dependency` (the line that
/// names this crate), `src/main.rs`, and the repository's `Cargo.lock`, so that it resolves the
/// versions this repository is tested with.
fn project(name: &str, dependency: &str, main: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("junction-dependent-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{dependency}\n\
         serde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// `cargo ARGS` in `dir`, with the shared target directory and none of this build's variables.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/dependent/target"))
        .env_remove("JUNCTION_SPEC")
        .env_remove("JUNCTION_ONLY")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// The `[dependencies]` line of this crate by path, with `options` (`features = [..]`, ...).
fn this_crate(options: &str) -> String {
    format!(
        "junction-health = {{ path = {:?}{options} }}",
        root().display().to_string()
    )
}

/// A server answering one `GET path` with `body`, once.
fn serve_once(runtime: &tokio::runtime::Runtime, at: &str, body: serde_json::Value) -> MockServer {
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(at))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        server
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(what: &str, out: &Output) -> String {
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// What the project's `main.rs` does with the whole API: every user, then a lab order.
const MAIN: &str = r##"use junction::types::CreateOrderRequestCompatible;
use junction::{Error, ErrorBody, Junction};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).expect("the server's URL");
    let client = Junction::builder()
        .api_key("sk_test_dependent")
        .base_url(base_url)
        .build()?;

    let mut users = client.user().get_all_items(&Default::default());
    while let Some(user) = users.try_next().await? {
        println!("user {}", user.client_user_id);
    }

    let order: CreateOrderRequestCompatible = serde_json::from_str(
        r#"{"user_id": "56bd81c9-6219-4000-a775-ae85526eb001",
            "patient_details": {"first_name": "Ada", "last_name": "Lovelace", "dob": "2090-12-10",
                "gender": "female", "phone_number": "+44 20 7946 0000", "email": "ada@example.com"},
            "patient_address": {"first_line": "12 St James's Square", "city": "London",
                "state": "London", "zip": "SW1Y 4LB", "country": "GB"}}"#,
    )?;
    match client.lab_tests().create_order(&order, &Default::default()).await {
        Err(Error::Api(e)) => match &e.body {
            Some(ErrorBody::HTTPValidationError(_)) => {
                println!("order refused: {} with its validation errors", e.status.as_u16())
            }
            _ => println!("order refused: {} without a body", e.status.as_u16()),
        },
        other => panic!("expected a 422, got {other:?}"),
    }
    Ok(())
}
"##;

fn user(n: u32) -> serde_json::Value {
    json!({
        "user_id": format!("56bd81c9-6219-4000-a775-ae85526eb{n:03}"),
        "team_id": "56bd81c9-6219-4000-a775-ae85526eba18",
        "client_user_id": format!("customer-{n}"),
        "created_on": "2026-05-15T20:25:39+00:00",
        "connected_sources": [],
        "fallback_time_zone": null
    })
}

/// Three pages of users by offset, and a lab order refused with 422.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let page = |offset: u32, users: Vec<serde_json::Value>| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"users": users, "total": 5, "offset": offset, "limit": 2}))
    };
    let users = || {
        Mock::given(method("GET"))
            .and(path("/v2/user"))
            .and(header("x-vital-api-key", "sk_test_dependent"))
    };
    users()
        .and(query_param_is_missing("offset"))
        .respond_with(page(0, vec![user(1), user(2)]))
        .expect(1)
        .mount(&server)
        .await;
    for (offset, page_users) in [(2, vec![user(3), user(4)]), (4, vec![user(5)])] {
        users()
            .and(query_param("offset", offset.to_string()))
            .respond_with(page(offset, page_users))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/v3/order"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "detail": [{"loc": ["body", "patient_details", "dob"], "msg": "date in the future", "type": "value_error"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[test]
fn a_new_project_gets_the_whole_api_without_the_generator() {
    let _one = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let dir = project("uses-junction", &this_crate(""), MAIN);

    let tree = succeeded("cargo tree", &cargo(&dir, &["tree", "--edges", "all"]));
    assert!(tree.contains("junction-health v0.1.0"), "{tree}");
    for build_only in [
        "junction-generator",
        "openapiv3",
        "prettyplease",
        "serde_yaml",
        "serde_json_path",
    ] {
        assert!(!tree.contains(build_only), "{build_only} in:\n{tree}");
    }

    succeeded("cargo build", &cargo(&dir, &["build", "--quiet"]));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server());
    let run = cargo(&dir, &["run", "--quiet", "--", &server.uri()]);
    let out = succeeded("the project's binary", &run);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "user customer-1",
            "user customer-2",
            "user customer-3",
            "user customer-4",
            "user customer-5",
            "order refused: 422 with its validation errors",
        ]
    );
    runtime.block_on(server.verify());
    let _ = std::fs::remove_dir_all(&dir);
}

/// One operation of its own, so the generated client is small: `GET /ping` answering a string.
const OWN_SPEC: &str = r#"openapi: 3.0.3
info: {title: Junction API, version: own-1}
servers: [{url: 'https://example.invalid'}]
paths:
  /ping:
    get:
      operationId: ping
      tags: [health]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, required: [answer], properties: {answer: {type: string}}}
"#;

const OWN_MAIN: &str = r#"#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).expect("the server's URL");
    let client = junction::Junction::builder().base_url(base_url).build()?;
    let pong = client.health().ping().await?;
    println!("{}", pong.answer);
    Ok(())
}
"#;

#[test]
fn regenerate_reads_a_spec_named_relative_to_the_project() {
    let _one = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let dir = project(
        "own-spec",
        &this_crate(", features = [\"regenerate\"]"),
        OWN_MAIN,
    );
    std::fs::create_dir_all(dir.join("openapi")).unwrap();
    std::fs::write(dir.join("openapi/own.yaml"), OWN_SPEC).unwrap();

    // A bare relative path: build scripts run in the client's directory, so it is refused.
    let cargo_with = |spec: Option<&str>, args: &[&str]| {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root().join("target/dependent/target"))
            .env_remove("JUNCTION_ONLY")
            .env_remove("RUSTFLAGS");
        match spec {
            Some(spec) => command.env("JUNCTION_SPEC", spec),
            None => command.env_remove("JUNCTION_SPEC"),
        };
        command.output().expect("cargo runs")
    };
    let refused = cargo_with(Some("openapi/own.yaml"), &["build", "--quiet"]);
    assert!(!refused.status.success());
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("JUNCTION_SPEC=openapi/own.yaml is a relative path")
            && stderr.contains("relative = true"),
        "{stderr}"
    );

    // The way the message names: `.cargo/config.toml`, resolved from the project's directory.
    std::fs::create_dir_all(dir.join(".cargo")).unwrap();
    std::fs::write(
        dir.join(".cargo/config.toml"),
        "[env]\nJUNCTION_SPEC = { value = \"openapi/own.yaml\", relative = true }\n",
    )
    .unwrap();
    let tree = succeeded("cargo tree", &cargo_with(None, &["tree"]));
    assert!(tree.contains("junction-generator"), "{tree}");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = serve_once(&runtime, "/ping", json!({"answer": "pong"}));
    let run = cargo_with(None, &["run", "--quiet", "--", &server.uri()]);
    assert_eq!(succeeded("the project's binary", &run).trim(), "pong");
    let _ = std::fs::remove_dir_all(&dir);
}

const USER_ONLY_MAIN: &str = r#"#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).expect("the server's URL");
    let client = junction::Junction::builder()
        .api_key("sk_test_dependent")
        .base_url(base_url)
        .build()?;
    let user = client.user().get("56bd81c9-6219-4000-a775-ae85526eb001".parse()?).await?;
    println!("{}", user.client_user_id);
    Ok(())
}
"#;

#[test]
fn one_group_is_a_feature_and_the_others_say_how_to_get_them() {
    let _one = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let dir = project(
        "user-only",
        &this_crate(", default-features = false, features = [\"user\", \"rustls\"]"),
        USER_ONLY_MAIN,
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let at = "/v2/user/56bd81c9-6219-4000-a775-ae85526eb001";
    let server = serve_once(&runtime, at, user(1));
    let run = cargo(&dir, &["run", "--quiet", "--", &server.uri()]);
    assert_eq!(succeeded("the project's binary", &run).trim(), "customer-1");
    runtime.block_on(server.verify());

    // Another group is not there, and the compiler says which feature brings it.
    let main = USER_ONLY_MAIN.replace(
        "    Ok(())\n}",
        "    let _orders = client.lab_tests();\n    Ok(())\n}",
    );
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    let refused = cargo(&dir, &["build", "--quiet"]);
    assert!(!refused.status.success());
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains(
            "the `lab_tests` group is not compiled in: turn on the crate's feature `lab_tests`"
        ),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
