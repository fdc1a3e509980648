//! Raw request bodies on the wire, for the crate generated from `fixtures/raw_bodies.yaml`
//! (`tests/fixture_wire.rs` writes this file into it as `tests/wire.rs`).

use std::time::Duration;

use fixture_wire_raw_bodies::runtime::RawBody;
use fixture_wire_raw_bodies::Uploads;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Uploads {
    Uploads::builder()
        .base_url(server.uri())
        .retry_delay(Duration::from_millis(1))
        .build()
        .unwrap()
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
async fn bytes_go_with_the_declared_type_and_again_on_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/files/f%201/content"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/files/f%201/content"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"size": 5})))
        .mount(&server)
        .await;

    let bytes = vec![0u8, 159, 146, 150, 255];
    let stored = client(&server)
        .files()
        .upload_content("f 1", bytes.clone())
        .await
        .unwrap();
    assert_eq!(stored.size, 5);

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2, "the 503 is retried once");
    for request in &sent {
        assert_eq!(request.body, bytes, "the same bytes on each attempt");
        assert_eq!(content_type(request), Some("application/octet-stream"));
    }
}

#[tokio::test]
async fn a_stream_is_read_once_and_sent_on_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"size": 11})))
        .mount(&server)
        .await;

    let chunks: Vec<Result<&[u8], std::io::Error>> = vec![Ok(b"hello "), Ok(b"world")];
    let body = RawBody::from_stream(futures_util::stream::iter(chunks))
        .await
        .unwrap();
    client(&server)
        .files()
        .upload_content("f", body)
        .await
        .unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|r| r.body == b"hello world"));
}

#[tokio::test]
async fn an_image_pattern_takes_the_callers_type_else_octet_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/avatars"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let png = RawBody::new(b"\x89PNG".to_vec()).with_content_type("image/png");
    client(&server).files().upload_avatar(png).await.unwrap();
    client(&server)
        .files()
        .upload_avatar(&b"GIF89a"[..])
        .await
        .unwrap();

    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[0]), Some("image/png"));
    assert_eq!(sent[0].body, b"\x89PNG");
    assert_eq!(content_type(&sent[1]), Some("application/octet-stream"));
    assert_eq!(sent[1].body, b"GIF89a");
}

#[tokio::test]
async fn text_xml_and_schemaless_bodies_are_sent_as_given() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let api = client(&server);
    api.notes().create_note("buy milk").await.unwrap();
    api.invoices()
        .create_invoice(String::from("<invoice><size>3</size></invoice>"))
        .await
        .unwrap();
    api.files()
        .append_chunk(Some(RawBody::from(&[1u8, 2, 3])))
        .await
        .unwrap();
    api.files().append_chunk(None).await.unwrap();

    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[0]), Some("text/plain"));
    assert_eq!(sent[0].body, b"buy milk");
    assert_eq!(content_type(&sent[1]), Some("application/xml"));
    assert_eq!(sent[1].body, b"<invoice><size>3</size></invoice>");
    assert_eq!(
        content_type(&sent[2]),
        Some("application/vnd.example.chunk")
    );
    assert_eq!(sent[2].body, [1, 2, 3]);
    assert_eq!(content_type(&sent[3]), None, "no body, no content type");
    assert!(sent[3].body.is_empty());
    println!("WIRE: raw bodies ok");
}
