//! The spans of requests: each attempt is a span under its caller's span, entered only while
//! its own future runs (a task polled on the same thread meanwhile is not inside it), with the
//! OpenTelemetry HTTP client fields, exported by tracing-opentelemetry as a client span.
//!
//! Every test installs its subscriber for its own thread (`set_default`) and runs on a
//! current-thread runtime, so all its spans are seen by it and by no other test.

mod support;

use support::{patch_user, KEY};

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use junction::Junction;
use opentelemetry::trace::{SpanKind, Status, TracerProvider as _};
use opentelemetry::Value;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Instrument, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A span as seen by [`Spans`]: its name, its parent's name, and its fields as text.
#[derive(Clone, Debug, Default)]
struct Seen {
    name: String,
    parent: Option<String>,
    fields: BTreeMap<String, String>,
}

/// Records every span opened on this thread.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<(Id, Seen)>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(
            field.name().to_owned(),
            format!("{value:?}").trim_matches('"').to_owned(),
        );
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let span = ctx.span(id).expect("the span exists");
        let mut seen = Seen {
            name: span.name().to_owned(),
            parent: span.parent().map(|p| p.name().to_owned()),
            ..Seen::default()
        };
        attrs.record(&mut Fields(&mut seen.fields));
        self.0.lock().unwrap().push((id.clone(), seen));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut spans = self.0.lock().unwrap();
        if let Some((_, seen)) = spans.iter_mut().rev().find(|(i, _)| i == id) {
            values.record(&mut Fields(&mut seen.fields));
        }
    }
}

impl Spans {
    fn named(&self, name: &str) -> Vec<Seen> {
        let spans = self.0.lock().unwrap();
        spans
            .iter()
            .filter(|(_, s)| s.name == name)
            .map(|(_, s)| s.clone())
            .collect()
    }
}

/// A server that holds every request until `release`, then answers 204; `arrived` counts the
/// requests it holds.
async fn holding_server(release: Arc<Notify>, arrived: Arc<AtomicUsize>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let (release, arrived) = (Arc::clone(&release), Arc::clone(&arrived));
            tokio::spawn(async move {
                let mut data = Vec::new();
                let mut buf = [0u8; 4096];
                // The PATCH's head and its `{}` body.
                while !data.ends_with(b"{}") {
                    let n = stream.read(&mut buf).await.unwrap();
                    assert!(n > 0, "the request was cut short");
                    data.extend_from_slice(&buf[..n]);
                }
                let released = release.notified();
                arrived.fetch_add(1, Ordering::SeqCst);
                released.await;
                let answer = b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
                stream.write_all(answer).await.unwrap();
            });
        }
    });
    base
}

#[tokio::test(flavor = "current_thread")]
async fn request_spans_stay_with_their_callers_while_they_wait() {
    let spans = Spans::default();
    let _subscriber =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(spans.clone()));
    let release = Arc::new(Notify::new());
    let arrived = Arc::new(AtomicUsize::new(0));
    let base = holding_server(Arc::clone(&release), Arc::clone(&arrived)).await;
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(base)
        .build()
        .unwrap();

    // Once both requests wait for their answer, an unrelated task opens a span, then lets the
    // server answer.
    let unrelated = tokio::spawn(async move {
        while arrived.load(Ordering::SeqCst) < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(tracing::info_span!("unrelated"));
        release.notify_waiters();
    });
    let (a, b) = tokio::join!(
        patch_user(&client).instrument(tracing::info_span!("caller_a")),
        patch_user(&client).instrument(tracing::info_span!("caller_b")),
    );
    a.unwrap();
    b.unwrap();
    unrelated.await.unwrap();

    let unrelated = spans.named("unrelated");
    assert_eq!(unrelated.len(), 1);
    assert_eq!(unrelated[0].parent, None, "no request span was entered");
    let mut parents: Vec<_> = spans
        .named("request")
        .into_iter()
        .map(|s| s.parent)
        .collect();
    parents.sort();
    assert_eq!(
        parents,
        [Some("caller_a".to_owned()), Some("caller_b".to_owned())]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn request_spans_carry_the_http_client_fields_and_never_the_key() {
    let spans = Spans::default();
    let _subscriber =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(spans.clone()));
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    patch_user(&support::client(&server)).await.unwrap();
    let attempts = spans.named("request");
    assert_eq!(attempts.len(), 2, "one span per attempt");
    let port = server.address().port().to_string();
    let expected = [
        ("otel.name", "PATCH /v2/user/{user_id}"),
        ("otel.kind", "client"),
        ("http.request.method", "PATCH"),
        ("url.template", "/v2/user/{user_id}"),
        ("server.address", "127.0.0.1"),
        ("server.port", &port),
        ("junction.operation", "user.patch"),
    ];
    for (name, value) in expected {
        for attempt in &attempts {
            assert_eq!(
                attempt.fields.get(name).map(String::as_str),
                Some(value),
                "{name}"
            );
        }
    }
    let field = |i: usize, name: &str| attempts[i].fields.get(name).cloned();
    assert_eq!(
        field(0, "http.response.status_code").as_deref(),
        Some("503")
    );
    assert_eq!(field(0, "error.type").as_deref(), Some("503"));
    assert_eq!(field(0, "otel.status_code").as_deref(), Some("ERROR"));
    assert_eq!(field(0, "http.request.resend_count"), None);
    assert_eq!(
        field(1, "http.response.status_code").as_deref(),
        Some("204")
    );
    assert_eq!(field(1, "http.request.resend_count").as_deref(), Some("1"));
    assert_eq!(field(1, "error.type"), None);
    let all = format!("{attempts:?}");
    assert!(!all.contains(KEY), "{all}");
}

#[tokio::test(flavor = "current_thread")]
async fn tracing_opentelemetry_exports_a_client_span_per_attempt() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("tests"));
    let subscriber = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let err = patch_user(&support::client(&server))
        .instrument(tracing::info_span!("caller"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    drop(subscriber);
    provider.force_flush().unwrap();

    let spans = exporter.get_finished_spans().unwrap();
    let caller = spans
        .iter()
        .find(|s| s.name == "caller")
        .expect("the caller's span");
    let request: Vec<_> = spans.iter().filter(|s| s.name != "caller").collect();
    assert_eq!(request.len(), 1, "a PATCH answered 500 is not retried");
    let span = request[0];
    assert_eq!(span.name, "PATCH /v2/user/{user_id}");
    assert_eq!(span.span_kind, SpanKind::Client);
    assert!(
        matches!(span.status, Status::Error { .. }),
        "{:?}",
        span.status
    );
    assert_eq!(span.parent_span_id, caller.span_context.span_id());
    let attribute = |key: &str| {
        span.attributes
            .iter()
            .find(|kv| kv.key.as_str() == key)
            .map(|kv| kv.value.clone())
    };
    let port = i64::from(server.address().port());
    assert_eq!(attribute("http.request.method"), Some(Value::from("PATCH")));
    assert_eq!(
        attribute("url.template"),
        Some(Value::from("/v2/user/{user_id}"))
    );
    assert_eq!(attribute("server.address"), Some(Value::from("127.0.0.1")));
    assert_eq!(attribute("server.port"), Some(Value::I64(port)));
    assert_eq!(
        attribute("http.response.status_code"),
        Some(Value::I64(500))
    );
    assert_eq!(attribute("error.type"), Some(Value::from("500")));
    assert_eq!(
        attribute("junction.operation"),
        Some(Value::from("user.patch"))
    );
    for kv in &span.attributes {
        assert!(
            !kv.key.as_str().starts_with("otel."),
            "{kv:?} is not an attribute"
        );
        assert!(!kv.value.as_str().contains(KEY), "{kv:?}");
    }
}
