//! What the client logs through `tracing`: the request (method, path template, resend count,
//! status) and the waits between retries, and never the key. The spans' parents and their
//! OpenTelemetry export: tests/tracing.rs. A test binary of its
//! own, with one global subscriber, since `tracing` caches per callsite whether anyone listens.

mod support;

use support::{client, nowhere, patch_user, seen, KEY};

use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use junction::{Error, Junction};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything logged at debug level, by every test of this binary.
static BUFFER: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Writes into [`BUFFER`].
struct Sink;

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        BUFFER.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The logs of one test: the tests of this binary run one at a time, each with an empty buffer.
struct Logs(#[allow(dead_code)] MutexGuard<'static, ()>);

impl Logs {
    fn capture() -> Self {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        static SERIAL: Mutex<()> = Mutex::new(());
        INSTALLED.get_or_init(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::DEBUG)
                .with_ansi(false)
                .with_writer(|| Sink)
                .finish();
            tracing::subscriber::set_global_default(subscriber).unwrap();
        });
        let guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        BUFFER.lock().unwrap().clear();
        Logs(guard)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&BUFFER.lock().unwrap()).into_owned()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn honours_retry_after_and_ratelimit_reset() {
    let logs = Logs::capture();
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0.05"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-ratelimit-reset", "0.07"))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(3)
        .mount(&server)
        .await;
    patch_user(&client(&server)).await.unwrap();
    assert_eq!(seen(&server).await, 3);
    let text = logs.text();
    assert!(text.contains("wait_ms=50"), "Retry-After: {text}");
    assert!(text.contains("wait_ms=70"), "X-RateLimit-Reset: {text}");
}

#[tokio::test(flavor = "current_thread")]
async fn retries_a_refused_connection() {
    let logs = Logs::capture();
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(nowhere())
        .retry_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let err = patch_user(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(
        std::error::Error::source(&err).is_some(),
        "the cause is chained"
    );
    let text = logs.text();
    assert_eq!(text.matches("failed").count(), 3, "3 attempts: {text}");
}

#[tokio::test(flavor = "current_thread")]
async fn logs_name_the_request_and_never_the_key() {
    let logs = Logs::capture();
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    patch_user(&client).await.unwrap();
    let text = logs.text();
    for expected in [
        "otel.name=PATCH /v2/user/{user_id}",
        "http.request.method=PATCH",
        "url.template=\"/v2/user/{user_id}\"",
        "junction.operation=\"user.patch\"",
        "status=204",
    ] {
        assert!(text.contains(expected), "{expected} missing from: {text}");
    }
    assert!(!text.contains(KEY), "the key was logged: {text}");
    assert!(!format!("{client:?}").contains(KEY));
}
