//! Which requests are sent again, against real servers on 127.0.0.1: wiremock, and a raw
//! `TcpListener` that reads a request and drops the connection without an answer. A request
//! that the server may have applied is not repeated unless it carries an idempotency key; the
//! error after the last attempt says how many were made and why no more.

mod support;

use support::{client, nowhere, patch_user, seen};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use junction::runtime::{Config, Core, RequestBuilder, RequestOptions, Stop};
use junction::{Error, ErrorBody};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The runtime core for `base`, retrying `retries` times 1 ms apart.
fn core(base: &str, retries: u32) -> Core<ErrorBody> {
    let mut config = Config::default();
    config.max_retries(retries);
    config.retry_delay(Duration::from_millis(1));
    config.build(&Default::default(), base).unwrap()
}

/// Answers `verb` requests with `statuses` in turn (body `try {i}`), then 204 forever.
async fn answer_in_turn(verb: &str, statuses: &[u16]) -> MockServer {
    let server = MockServer::start().await;
    for (i, status) in statuses.iter().enumerate() {
        Mock::given(method(verb))
            .respond_with(ResponseTemplate::new(*status).set_body_string(format!("try {i}")))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method(verb))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// Sends `verb /orders` with a small JSON body through `core`.
async fn send(core: &Core<ErrorBody>, verb: Method) -> Result<u16, Error> {
    finish(core.request(verb, "/orders", "orders.create")).await
}

/// Sends `request` with a small JSON body; its status when it succeeds.
async fn finish(request: RequestBuilder<'_, ErrorBody>) -> Result<u16, Error> {
    let response = request
        .json(&serde_json::json!({"item": "panel"}))
        .send()
        .await?;
    match response.status() {
        status @ 200..=299 => Ok(status),
        _ => response.unexpected().await,
    }
}

#[tokio::test]
async fn idempotent_requests_are_retried_after_408_and_5xx() {
    for verb in [Method::GET, Method::PUT, Method::DELETE] {
        let server = answer_in_turn(verb.as_str(), &[500, 502, 504, 408]).await;
        assert_eq!(send(&core(&server.uri(), 4), verb).await.unwrap(), 204);
        assert_eq!(seen(&server).await, 5, "4 retries, then the 204");
    }
}

#[tokio::test]
async fn a_post_is_not_retried_after_500_502_or_504() {
    for status in [500, 502, 504] {
        let server = answer_in_turn("POST", &[status]).await;
        let err = send(&core(&server.uri(), 2), Method::POST)
            .await
            .unwrap_err();
        assert_eq!(seen(&server).await, 1, "{status} may mean it was applied");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let attempts = err.attempts().unwrap();
        assert_eq!(attempts.made, 1);
        assert_eq!(attempts.stop, Stop::MayHaveBeenApplied(Method::POST));
    }
    // The same through the generated client: PATCH /v2/user/{user_id}.
    let server = answer_in_turn("PATCH", &[500]).await;
    assert!(patch_user(&client(&server)).await.is_err());
    assert_eq!(seen(&server).await, 1);
}

#[tokio::test]
async fn a_post_is_retried_after_429_and_503() {
    let server = answer_in_turn("POST", &[429, 503]).await;
    assert_eq!(
        send(&core(&server.uri(), 2), Method::POST).await.unwrap(),
        204
    );
    assert_eq!(seen(&server).await, 3);
}

#[tokio::test]
async fn a_post_is_retried_when_it_could_not_connect() {
    let err = send(&core(&nowhere(), 2), Method::POST).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let attempts = err.attempts().unwrap();
    assert_eq!((attempts.made, &attempts.stop), (3, &Stop::MaxRetries));
    assert!(
        err.to_string()
            .ends_with("(3 attempts; no retry left: max_retries is 2)"),
        "{err}"
    );
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_timeout_once_its_body_was_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let slow = core(&server.uri(), 2)
        .with_options(RequestOptions::new().timeout(Duration::from_millis(300)));
    let err = send(&slow, Method::POST).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "not sent again");
    assert_eq!(requests[0].body, br#"{"item":"panel"}"#, "the body arrived");
    assert_eq!(
        err.to_string(),
        "no response head within 300ms (1 attempt; not retried: the server may have applied \
         this POST, and it has no idempotency key)"
    );
}

/// A server that reads whole requests and closes each connection without answering; it
/// counts the requests.
async fn hang_up_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let count = Arc::clone(&counted);
            tokio::spawn(async move {
                read_request(&mut stream).await;
                count.fetch_add(1, Ordering::SeqCst);
                // Dropped without a byte of answer.
                let _ = stream.shutdown().await;
            });
        }
    });
    (base, count)
}

/// Reads a request's head and its `content-length` bytes of body.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Vec<u8> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            return data;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data).to_ascii_lowercase();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse::<usize>().unwrap());
            if data.len() >= end + 4 + length {
                return data;
            }
        }
    }
}

#[tokio::test]
async fn a_post_is_not_retried_when_the_connection_is_lost_after_it_was_written() {
    let (base, count) = hang_up_server().await;
    let err = send(&core(&base, 2), Method::POST).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(
        err.attempts().unwrap().stop,
        Stop::MayHaveBeenApplied(Method::POST)
    );

    // A GET is sent again.
    let (base, count) = hang_up_server().await;
    let err = send(&core(&base, 2), Method::GET).await.unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 3, "{err}");
}

/// The `x-idempotency-key` of every request `server` saw.
async fn keys(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| r.headers["x-idempotency-key"].to_str().unwrap().to_owned())
        .collect()
}

/// Sends `POST /orders` with the operation's idempotency header, `key` given or not.
async fn order(core: &Core<ErrorBody>, key: Option<&str>) -> Result<u16, Error> {
    let request = core
        .request(Method::POST, "/orders", "orders.create")
        .idempotency_key("x-idempotency-key", &key);
    finish(request).await
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried_with_the_same_key() {
    let server = answer_in_turn("POST", &[500, 502, 500, 504]).await;
    let core = core(&server.uri(), 2);
    // No key given: a fresh UUID v4, the same on every retry.
    let err = order(&core, None).await.unwrap_err();
    let first = keys(&server).await;
    assert_eq!(first.len(), 3, "retried like a GET");
    assert!(first.iter().all(|k| k == &first[0]), "{first:?}");
    let uuid: uuid::Uuid = first[0].parse().unwrap();
    assert_eq!(uuid.get_version_num(), 4);
    assert_eq!(err.attempts().unwrap().stop, Stop::MaxRetries);

    // The next call, another key; it succeeds on its second attempt.
    assert_eq!(order(&core, None).await.unwrap(), 204);
    let all = keys(&server).await;
    assert_eq!(all.len(), 5);
    assert_eq!(all[3], all[4]);
    assert_ne!(all[3], first[0]);
}

#[tokio::test]
async fn the_caller_gives_the_key_in_the_call_or_in_the_options() {
    let server = answer_in_turn("POST", &[503]).await;
    let core = core(&server.uri(), 2);
    order(&core, Some("order-1")).await.unwrap();
    let with_key = core.with_options(RequestOptions::new().idempotency_key("order-2"));
    order(&with_key, None).await.unwrap();
    // The call's own parameter wins over the options.
    order(&with_key, Some("order-3")).await.unwrap();
    assert_eq!(
        keys(&server).await,
        ["order-1", "order-1", "order-2", "order-3"]
    );
}

#[tokio::test]
async fn request_options_turn_retries_on_or_off() {
    let server = answer_in_turn("POST", &[500, 500]).await;
    let vouched = core(&server.uri(), 2).with_options(RequestOptions::new().retry(true));
    assert_eq!(send(&vouched, Method::POST).await.unwrap(), 204);
    assert_eq!(seen(&server).await, 3);

    let server = answer_in_turn("GET", &[503, 503]).await;
    let once = core(&server.uri(), 2).with_options(RequestOptions::new().retry(false));
    let err = send(&once, Method::GET).await.unwrap_err();
    assert_eq!(seen(&server).await, 1);
    assert_eq!(
        err.to_string(),
        "the server answered 503 Service Unavailable: try 0 (1 attempt; retries are off for \
         this call)"
    );
}

#[tokio::test]
async fn the_last_error_says_how_many_attempts_and_why_no_more() {
    let server = answer_in_turn("GET", &[503, 500, 502]).await;
    let err = send(&core(&server.uri(), 2), Method::GET)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server answered 502 Bad Gateway: try 2 (3 attempts; no retry left: max_retries is 2)"
    );

    let server = answer_in_turn("POST", &[503, 500]).await;
    let err = send(&core(&server.uri(), 2), Method::POST)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server answered 500 Internal Server Error: try 1 (2 attempts; not retried: the \
         server may have applied this POST, and it has no idempotency key)"
    );

    let server = answer_in_turn("POST", &[503, 404]).await;
    let err = send(&core(&server.uri(), 2), Method::POST)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server answered 404 Not Found: try 1 (2 attempts)"
    );
}
