//! What the generated clients of `fixtures/security_schemes.yaml` and
//! `fixtures/server_variables.yaml` send, on the wire: each crate is generated, given a test
//! file that runs its operations against a local HTTP server (wiremock on 127.0.0.1), and that
//! test is run with `cargo test`.

mod common;

use std::path::Path;

/// The test run inside the `security_schemes` crate.
const SECURITY_TEST: &str = r#"
use fixture_security_schemes::{Error, KeyedService};
use wiremock::{Mock, MockServer, ResponseTemplate, Request};
use wiremock::matchers::any;

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn last(server: &MockServer) -> Request {
    server.received_requests().await.unwrap().pop().unwrap()
}

fn has(request: &Request, header: &str) -> Option<String> {
    request.headers.get(header).map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn each_operation_sends_what_it_requires() {
    let server = server().await;
    let all = KeyedService::builder()
        .base_url(server.uri())
        .api_key("hk")
        .app_key("qk")
        .session("ck")
        .bearer_token("bt")
        .build()
        .unwrap();

    // The document's security: the header key and the query key, together.
    all.both().await.unwrap();
    let r = last(&server).await;
    assert_eq!(has(&r, "dd-api-key").as_deref(), Some("hk"));
    assert_eq!(r.url.query(), Some("application_key=qk"));
    assert_eq!(has(&r, "cookie"), None);
    assert_eq!(has(&r, "authorization"), None);

    // `security: []`: nothing.
    all.public().await.unwrap();
    let r = last(&server).await;
    assert_eq!(has(&r, "dd-api-key"), None);
    assert_eq!(r.url.query(), None);
    assert_eq!(has(&r, "cookie"), None);
    assert_eq!(has(&r, "authorization"), None);

    // The cookie key alone.
    all.session().await.unwrap();
    let r = last(&server).await;
    assert_eq!(has(&r, "cookie").as_deref(), Some("session_id=ck"));
    assert_eq!(has(&r, "dd-api-key"), None);
    assert_eq!(r.url.query(), None);

    // Alternatives: the first one given, the bearer token.
    all.either().await.unwrap();
    let r = last(&server).await;
    assert_eq!(has(&r, "authorization").as_deref(), Some("Bearer bt"));
    assert_eq!(has(&r, "dd-api-key"), None);

    // Optional: the token when there is one.
    all.optional().await.unwrap();
    let r = last(&server).await;
    assert_eq!(has(&r, "authorization").as_deref(), Some("Bearer bt"));
}

#[tokio::test]
async fn alternatives_fall_back_and_missing_credentials_are_named() {
    let server = server().await;
    let key_only = KeyedService::builder()
        .base_url(server.uri())
        .api_key("hk")
        .build()
        .unwrap();

    // No bearer token: the second alternative, the header key alone.
    key_only.either().await.unwrap();
    let r = last(&server).await;
    assert_eq!(has(&r, "dd-api-key").as_deref(), Some("hk"));
    assert_eq!(has(&r, "authorization"), None);

    // Optional auth without a token: nothing.
    key_only.optional().await.unwrap();
    let r = last(&server).await;
    assert_eq!(has(&r, "authorization"), None);
    assert_eq!(has(&r, "dd-api-key"), None);

    // Both keys are required; the query key is missing: nothing is sent.
    let before = server.received_requests().await.unwrap().len();
    let err = key_only.both().await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("`.app_key(..)`"), "{text}");
    assert!(text.contains("KEYED_SERVICE_APP_KEY"), "{text}");
    assert!(text.contains("the query parameter `application_key`"), "{text}");
    assert_eq!(server.received_requests().await.unwrap().len(), before);

    // Some operations need nothing, so a client without credentials builds.
    let none = KeyedService::builder().base_url(server.uri()).build().unwrap();
    none.public().await.unwrap();
}

#[test]
fn credentials_are_never_printed() {
    let builder = KeyedService::builder()
        .api_key("sk_header_secret")
        .app_key("sk_query_secret")
        .session("sk_cookie_secret")
        .bearer_token("sk_bearer_secret");
    let client = builder.clone().build().unwrap();
    for text in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(!text.contains("sk_"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
}
"#;

/// The test run inside the `server_variables` crate.
const SERVERS_TEST: &str = r#"
use fixture_server_variables::{Environment, Region, RegionalService};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wiremock::matchers::{method, path};

#[test]
fn the_base_url_is_built_from_the_variables() {
    let url = |b: fixture_server_variables::RegionalServiceBuilder| b.build().unwrap().base_url().to_owned();
    assert_eq!(url(RegionalService::builder()), "https://us.api.example.com/v1");
    assert_eq!(
        url(RegionalService::builder().region(Region::Eu).version("v3")),
        "https://eu.api.example.com/v3"
    );
    assert_eq!(
        url(RegionalService::builder().region(Region::ApSouth)),
        "https://ap-south.api.example.com/v1"
    );
    assert_eq!(
        url(RegionalService::builder().region(Region::Other("sa-east".into()))),
        "https://sa-east.api.example.com/v1"
    );
    // Each server keeps its own defaults.
    assert_eq!(
        url(RegionalService::builder().environment(Environment::Local)),
        "http://localhost:8080/v2"
    );
    // A whole base URL still wins.
    assert_eq!(
        url(RegionalService::builder().region(Region::Eu).base_url("https://proxy.test/x")),
        "https://proxy.test/x"
    );
    assert_eq!(Environment::Production.url(), "https://{region}.api.example.com/{version}");
}

#[tokio::test]
async fn requests_go_to_the_substituted_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v9/things"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let address = server.address();
    let client = RegionalService::builder()
        .environment(Environment::Local)
        .host(address.ip().to_string())
        .port(address.port().to_string())
        .version("v9")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("http://{address}/v9"));
    client.list_things().await.unwrap();
}
"#;

/// Generates the fixture `stem` as a crate, adds `test` as its `tests/wire.rs` with the
/// dev-dependencies it needs, and runs it.
fn run_in_fixture_crate(stem: &str, test: &str) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{stem}.yaml"));
    let name = format!("fixture_{stem}");
    let settings = generator::Settings {
        crate_name: name.clone(),
        ..Default::default()
    };
    let output = generator::generate_file(&spec, &settings).unwrap_or_else(|e| panic!("{e}"));
    let mut files = generator::crate_files(&output, &name);
    for file in &mut files {
        if file.path == "Cargo.toml" {
            file.text.push_str(
                "\n[dev-dependencies]\n\
                 tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
                 wiremock = \"0.6\"\n",
            );
        }
    }
    files.push(generator::CrateFile {
        path: "tests/wire.rs".to_owned(),
        text: test.to_owned(),
    });
    let dir = common::workspace()
        .join("target/generated-crates/wire")
        .join(&name);
    common::write_crate(&dir, &files).unwrap();
    common::succeed(common::cargo(
        &dir,
        &["test", "--offline", "--quiet", "--test", "wire"],
    ))
    .unwrap_or_else(|e| panic!("the wire test of {name} failed:\n{e}"));
}

#[test]
fn security_schemes_on_the_wire() {
    run_in_fixture_crate("security_schemes", SECURITY_TEST);
}

#[test]
fn server_variables_on_the_wire() {
    run_in_fixture_crate("server_variables", SERVERS_TEST);
}
