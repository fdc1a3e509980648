//! The Junction client against a real HTTP server on 127.0.0.1 (wiremock): the exact request
//! it sends and how it reads each kind of response.

mod support;

use support::{client, nowhere, patch_user, user_id, KEY, USER};

use junction::types::{HTTPValidationError, UserPatchBody};
use junction::{Environment, Error, ErrorBody, Junction, Patch};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The one request the server saw, as JSON.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

#[tokio::test]
async fn patch_sends_method_path_key_and_the_three_field_states() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/v2/user/{USER}")))
        .and(header("x-vital-api-key", KEY))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let body = UserPatchBody::default()
        // A value: sent.
        .fallback_time_zone("Europe/London")
        .fallback_birth_date(chrono::NaiveDate::from_ymd_opt(1980, 3, 13).unwrap())
        // Null: sent as null, so the server clears it.
        .client_user_id(Patch::Null)
        // Omitted: absent from the JSON, so the server leaves it.
        .ingestion_start(Patch::Omit);
    let result = client(&server).user().patch(user_id(), &body).await;
    assert!(result.is_ok(), "204 is Ok(()): {result:?}");

    let request = only_request(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({
            "fallback_time_zone": "Europe/London",
            "fallback_birth_date": "1980-03-13",
            "client_user_id": null
        })
    );
    let object = sent.as_object().unwrap();
    assert!(!object.contains_key("ingestion_start"), "omitted, not null");
    assert!(!object.contains_key("ingestion_end"), "omitted by default");
}

#[tokio::test]
async fn default_body_sends_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(body_json(json!({})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    patch_user(&client(&server)).await.unwrap();
}

#[tokio::test]
async fn status_422_decodes_the_validation_error() {
    let server = MockServer::start().await;
    let detail = json!([{"loc": ["body", "fallback_birth_date"], "msg": "invalid date", "type": "value_error"}]);
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({ "detail": detail })))
        .mount(&server)
        .await;
    let err = patch_user(&client(&server)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    match err.body() {
        Some(ErrorBody::HTTPValidationError(HTTPValidationError {
            detail: Some(d), ..
        })) => {
            assert_eq!(*d, detail)
        }
        other => panic!("expected a decoded HTTPValidationError, got {other:?}"),
    }
    assert!(err.to_string().contains("422"), "{err}");
}

#[tokio::test]
async fn other_statuses_carry_status_and_body_text() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(500).set_body_string("upstream exploded"))
        .mount(&server)
        .await;
    let err = patch_user(&client(&server)).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(api.text, "upstream exploded");
    assert!(api.body.is_none());
    // A PATCH answered 500 may have been applied: sent once, and the message says why.
    assert_eq!(
        err.to_string(),
        "the server answered 500 Internal Server Error: upstream exploded (1 attempt; not \
         retried: the server may have applied this PATCH, and it has no idempotency key)"
    );
}

#[tokio::test]
async fn a_connection_failure_is_a_transport_error() {
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(nowhere())
        .max_retries(0)
        .build()
        .unwrap();
    let err = patch_user(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!format!("{err:?}{err}").contains(KEY));
}

#[tokio::test]
async fn the_key_never_shows_in_debug_output() {
    let server = MockServer::start().await;
    let client = client(&server);
    let builder = Junction::builder().api_key(KEY);
    for text in [format!("{client:?}"), format!("{builder:?}")] {
        assert!(!text.contains(KEY), "key leaked: {text}");
        assert!(text.contains("redacted"), "{text}");
    }
}

#[test]
fn environments_come_from_the_servers() {
    assert_eq!(Environment::Production.url(), "https://api.us.junction.com");
    assert_eq!(
        Environment::ProductionEU.url(),
        "https://api.eu.junction.com"
    );
    assert_eq!(
        Environment::Sandbox.url(),
        "https://api.sandbox.us.junction.com"
    );
    assert_eq!(
        Environment::SandboxEU.url(),
        "https://api.sandbox.eu.junction.com"
    );
    assert_eq!(Environment::Custom("http://x".into()).url(), "http://x");
    assert_eq!(Environment::default(), Environment::Production);
    let client = Junction::builder()
        .api_key(KEY)
        .environment(Environment::Sandbox)
        .build()
        .unwrap();
    assert!(format!("{client:?}").contains("https://api.sandbox.us.junction.com"));
}

/// Junction has operations that need no key (5 in 0.4.483), so a client builds without one; a
/// call that needs it fails before anything is sent, naming the header.
#[tokio::test]
async fn a_call_without_a_key_says_what_is_missing() {
    let server = MockServer::start().await;
    let client = Junction::builder().base_url(server.uri()).build().unwrap();
    let id = "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10".parse().unwrap();
    let err = client
        .user()
        .patch(id, &Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("x-vital-api-key"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn patch_reads_back_its_three_states() {
    let body: UserPatchBody =
        serde_json::from_value(json!({"fallback_time_zone": "UTC", "client_user_id": null}))
            .unwrap();
    assert_eq!(body.fallback_time_zone, Patch::Value("UTC".to_owned()));
    assert_eq!(body.client_user_id, Patch::Null);
    assert_eq!(body.ingestion_end, Patch::Omit);
}
