//! JSON under other media types on the wire, for the crate generated from
//! `fixtures/media_types.yaml` (`tests/fixture_wire.rs` writes this file into it as
//! `tests/wire.rs`).

use fixture_wire_media_types::types::{PatchOp, PatchOpOp, Pet, PetPatch};
use fixture_wire_media_types::{Error, ErrorBody, Media};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Media {
    Media::builder().base_url(server.uri()).build().unwrap()
}

fn content_type(request: &Request) -> Option<&str> {
    request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

#[tokio::test]
async fn a_merge_patch_goes_as_merge_patch_json_and_a_problem_is_decoded() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/pets/p1"))
        .and(header("content-type", "application/merge-patch+json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1", "name": "Rex"})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/pets/gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("content-type", "application/problem+json")
                .set_body_raw(
                    r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no pet gone"}"#,
                    "application/problem+json",
                ),
        )
        .mount(&server)
        .await;

    let body = PetPatch::default().name("Rex");
    let pet = client(&server).pets().merge_pet("p1", &body).await.unwrap();
    assert_eq!((pet.id.as_str(), pet.name.as_str()), ("p1", "Rex"));
    let sent = requests(&server).await;
    let json: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(json, json!({"name": "Rex"}));

    let err = client(&server)
        .pets()
        .merge_pet("gone", &body)
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("an API error: {err:?}")
    };
    assert_eq!(api.status.as_u16(), 404);
    let Some(ErrorBody::Problem(problem)) = &api.body else {
        panic!("the problem+json body decoded: {:?}", api.body)
    };
    assert_eq!(problem.detail.as_deref(), Some("no pet gone"));
    assert_eq!(problem.status, Some(404));
}

#[tokio::test]
async fn json_patch_and_wildcard_bodies_are_json() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/pets/p1/ops"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/pets/p1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id":"p1","name":"Max"}"#, "application/octet-stream"),
        )
        .mount(&server)
        .await;

    let ops = vec![PatchOp::new(PatchOpOp::Replace, "/name").value(json!("Max"))];
    client(&server).pets().patch_pet("p1", &ops).await.unwrap();
    let pet = Pet::new("p1", "Max");
    // `*/*` both ways: sent as JSON, and the answer read as JSON whatever its content type.
    let back = client(&server)
        .pets()
        .replace_pet("p1", &pet)
        .await
        .unwrap();
    assert_eq!(back, pet);

    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[0]), Some("application/json-patch+json"));
    let json: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        json,
        json!([{"op": "replace", "path": "/name", "value": "Max"}])
    );
    assert_eq!(content_type(&sent[1]), Some("application/json"));
}

#[tokio::test]
async fn text_answers_are_strings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .and(header("accept", "text/plain"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok\n"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pets/p1/tags"))
        .respond_with(ResponseTemplate::new(200).set_body_string("good\nsmall"))
        .mount(&server)
        .await;
    let api = client(&server);
    assert_eq!(api.meta().health().await.unwrap(), "ok\n");
    let tags = vec!["good".to_owned(), "small".to_owned()];
    assert_eq!(
        api.pets()
            .tag_pet("p1", Some(tags.as_slice()))
            .await
            .unwrap(),
        "good\nsmall"
    );
    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[1]), Some("application/json"));
    println!("WIRE: media types ok");
}
