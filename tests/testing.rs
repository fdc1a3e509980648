//! The test kit (`--features testing`) used as a user would: typed stubs of `user.patch` on
//! the mock server, what they answer, what they match and what they recorded.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use junction::testing::MockServer;
use junction::types::{HTTPValidationError, UserPatchBody};
use junction::{Error, ErrorBody, Junction, Patch};

fn user_id() -> uuid::Uuid {
    "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10".parse().unwrap()
}

fn body() -> UserPatchBody {
    UserPatchBody::default()
        .fallback_time_zone("Europe/London")
        .client_user_id(Patch::Null)
}

/// The embedded spec's one call, through the server's own client.
async fn send_patch(server: &MockServer) -> junction::Result<()> {
    server.client().user().patch(user_id(), &body()).await
}

/// The text of the panic that dropping `server` raises, if it raises one.
fn drop_panic(server: MockServer) -> Option<String> {
    let caught = std::panic::catch_unwind(AssertUnwindSafe(move || drop(server))).err()?;
    Some(match caught.downcast::<String>() {
        Ok(text) => *text,
        Err(other) => other.downcast_ref::<&str>().unwrap_or(&"").to_string(),
    })
}

#[tokio::test]
async fn ok_answers_and_the_typed_body_is_recorded() {
    let server = MockServer::start().await;
    server
        .user()
        .patch()
        .with_user_id(user_id())
        .ok()
        .expect(1)
        .mount()
        .await;

    send_patch(&server).await.unwrap();

    let sent = server.user().patch().sent().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body.client_user_id, Patch::Null);
    assert_eq!(
        sent[0].body.fallback_time_zone,
        Patch::Value("Europe/London".to_owned())
    );
    assert_eq!(sent[0].body.fallback_birth_date, Patch::Omit);
    assert_eq!(sent[0].path, format!("/v2/user/{}", user_id()));
}

#[tokio::test]
async fn a_declared_error_is_answered_with_its_status_and_type() {
    let server = MockServer::start().await;
    let error = HTTPValidationError::default().detail(serde_json::json!([{"msg": "invalid date"}]));
    server.user().patch().error_422(&error).mount().await;

    let err = server
        .client()
        .user()
        .patch(user_id(), &body())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    assert_eq!(err.body(), Some(&ErrorBody::HTTPValidationError(error)));
}

#[tokio::test]
async fn a_status_alone_is_an_api_error_without_a_body() {
    let server = MockServer::start().await;
    server.user().patch().status(409).mount().await;

    let err = server
        .client()
        .user()
        .patch(user_id(), &body())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status.as_u16(), 409);
    assert!(api.body.is_none());
}

#[tokio::test]
async fn a_sequence_is_answered_in_turn_so_a_retry_succeeds() {
    let server = MockServer::start().await;
    // 503 is retried for every method; the second answer, the last, repeats.
    server
        .user()
        .patch()
        .status(503)
        .ok()
        .expect(2)
        .mount()
        .await;

    send_patch(&server).await.unwrap();
    assert_eq!(server.user().patch().sent().await.len(), 2);
    send_patch(&server).await.unwrap();
    assert_eq!(server.user().patch().sent().await.len(), 3);
    // Three requests against `expect(2)`: dropping the server fails the test.
    let message = drop_panic(server).expect("the unmet count fails");
    assert!(message.contains("user.patch"), "{message}");
}

#[tokio::test]
async fn a_delay_longer_than_the_clients_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    server
        .user()
        .patch()
        .ok()
        .delay(Duration::from_secs(2))
        .mount()
        .await;
    let client = Junction::builder()
        .api_key("test-key")
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();

    let err = client.user().patch(user_id(), &body()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn stubs_match_only_their_parameters_and_body() {
    let server = MockServer::start().await;
    let other: uuid::Uuid = "11111111-2222-3333-4444-555555555555".parse().unwrap();
    server
        .user()
        .patch()
        .with_user_id(other)
        .status(500)
        .mount()
        .await;
    server
        .user()
        .patch()
        .with_user_id(user_id())
        .with_body(&body())
        .ok()
        .mount()
        .await;

    send_patch(&server).await.unwrap();
    assert_eq!(
        server
            .user()
            .patch()
            .with_user_id(user_id())
            .sent()
            .await
            .len(),
        1
    );
    assert!(server
        .user()
        .patch()
        .with_user_id(other)
        .sent()
        .await
        .is_empty());
    assert!(server.unmatched().is_empty());
}

#[tokio::test]
async fn an_unmatched_request_names_the_operation_and_shows_what_was_sent() {
    let server = MockServer::start().await;
    server
        .user()
        .patch()
        .with_body(&UserPatchBody::default())
        .ok()
        .mount()
        .await;

    let err = server
        .client()
        .user()
        .patch(user_id(), &body())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));

    let unmatched = server.unmatched();
    assert_eq!(unmatched.len(), 1);
    let message = &unmatched[0];
    assert!(
        message.contains("no stub of `user.patch` (PATCH /v2/user/{user_id}) matched"),
        "{message}"
    );
    assert!(
        message.contains(&format!("PATCH /v2/user/{}", user_id())),
        "{message}"
    );
    assert!(message.contains("\"client_user_id\":null"), "{message}");
    // Dropping the server fails the test with that message.
    let panic = drop_panic(server).expect("an unmatched request fails the test");
    assert!(panic.contains("no stub of `user.patch`"), "{panic}");
}

#[tokio::test]
async fn expect_fails_when_unmet() {
    let server = MockServer::start().await;
    server.user().patch().ok().expect(1).mount().await;
    let message = drop_panic(server).expect("an unmet expect fails");
    assert!(message.contains("user.patch"), "{message}");
}

#[tokio::test]
async fn a_met_expect_and_no_stray_request_pass() {
    let server = MockServer::start().await;
    server.user().patch().ok().expect(1).mount().await;
    send_patch(&server).await.unwrap();
    assert!(drop_panic(server).is_none());
}

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[test]
fn a_signed_event_is_accepted_by_verify_and_rejected_with_another_secret() {
    use junction::runtime::SignedWebhook;
    use junction::runtime::Webhook;

    let event = serde_json::json!({"event_type": "daily.data.sleep.created", "data": {}});
    let signed = SignedWebhook::event(SECRET, &event).unwrap();
    let webhook = Webhook::new(SECRET).unwrap();
    webhook.verify(&signed.headers, &signed.body).unwrap();
    let received: serde_json::Value = webhook.receive(&signed.headers, &signed.body).unwrap();
    assert_eq!(received, event);

    let other = Webhook::new("whsec_QWxsIHRoZSB3b3JsZCdzIGEgc3RhZ2U=").unwrap();
    assert!(other.verify(&signed.headers, &signed.body).is_err());
    // A changed body no longer matches its signature.
    assert!(webhook.verify(&signed.headers, b"{}").is_err());
}

#[test]
fn raw_bytes_are_signed_as_they_are() {
    use junction::runtime::SignedWebhook;
    use junction::runtime::Webhook;

    let signed = SignedWebhook::bytes(SECRET, &b"not even json"[..]).unwrap();
    assert_eq!(signed.body, b"not even json");
    Webhook::new(SECRET)
        .unwrap()
        .verify(&signed.headers, &signed.body)
        .unwrap();
}

#[tokio::test]
async fn a_signed_event_is_posted_to_a_handler() {
    use junction::runtime::SignedWebhook;
    use junction::runtime::Webhook;

    // A stand-in for the user's running handler: it records what it was sent.
    let handler = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(1)
        .mount(&handler)
        .await;

    let signed = SignedWebhook::event(SECRET, &serde_json::json!({"event_type": "x"})).unwrap();
    let answer = signed
        .post(&format!("{}/webhooks", handler.uri()))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 204);

    let received = handler.received_requests().await.unwrap();
    let request = &received[0];
    assert_eq!(request.url.path(), "/webhooks");
    Webhook::new(SECRET)
        .unwrap()
        .verify(&request.headers, &request.body)
        .unwrap();
}

/// `.example()` of operations of several shapes, where the spec has no example: each stub
/// answers the minimal value of its success type, which the client reads, with no value and no
/// JSON written by the test. A read (a user), a lab order (a tagged union inside), a grouped
/// timeseries (a map, paged by cursor), a list, and a paged list that `_items` walks to its end.
#[tokio::test]
async fn example_answers_a_minimal_value_that_decodes_where_the_spec_has_no_example() {
    use futures_util::TryStreamExt;
    use junction::types::ClientFacingOrderDetails;

    let server = MockServer::start().await;
    server.user().get().example().mount().await;
    server.lab_tests().get_order().example().mount().await;
    server.vitals().heartrate_grouped().example().mount().await;
    server.providers().get_all().example().mount().await;
    server.user().get_all().example().expect(1).mount().await;
    let client = server.client();
    let fixed: uuid::Uuid = "00000000-0000-4000-8000-000000000000".parse().unwrap();

    let user = client.user().get(user_id()).await.unwrap();
    assert_eq!(user.user_id, fixed);
    assert!(user.connected_sources.is_empty());

    let order = client.lab_tests().get_order(user_id()).await.unwrap();
    assert_eq!(order.id, fixed);
    assert!(matches!(
        order.details,
        ClientFacingOrderDetails::ClientFacingWalkInOrderDetails(_)
    ));
    assert!(order.events.is_empty());

    let grouped = client
        .vitals()
        .heartrate_grouped(user_id(), "2026-01-01", &Default::default())
        .await
        .unwrap();
    assert!(grouped.groups.is_empty());
    assert_eq!(grouped.next_cursor, None);
    // Its pages end after the first: no cursor.
    let pages: Vec<_> = client
        .vitals()
        .heartrate_grouped_pages(user_id(), "2026-01-01", &Default::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);

    let providers = client
        .providers()
        .get_all(&Default::default())
        .await
        .unwrap();
    assert!(providers.is_empty());

    // The paged list ends after one request: an empty page with `total` 0.
    let users: Vec<_> = client
        .user()
        .get_all_items(&Default::default())
        .try_collect()
        .await
        .unwrap();
    assert!(users.is_empty());
    assert!(server.unmatched().is_empty());
}
