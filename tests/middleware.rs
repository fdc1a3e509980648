//! A client built on a `reqwest_middleware::ClientWithMiddleware` (feature `middleware`):
//! every attempt goes through the middleware, the client's retries outside it.
//! Run with `cargo test --features middleware --test middleware`.

mod support;

use support::{nowhere, patch_user, seen, KEY};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use http::Extensions;
use junction::Junction;
use reqwest::{Request, Response};
use reqwest_middleware::{ClientBuilder, Middleware, Next};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Adds `x-from-middleware: yes` to every request, and counts them.
struct Stamp(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl Middleware for Stamp {
    async fn handle(
        &self,
        mut request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        request
            .headers_mut()
            .insert("x-from-middleware", "yes".parse().unwrap());
        next.run(request, extensions).await
    }
}

/// Answers every request itself, with 204, without sending it.
struct Cached;

#[async_trait::async_trait]
impl Middleware for Cached {
    async fn handle(
        &self,
        _request: Request,
        _extensions: &mut Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let answer = http::Response::builder().status(204).body("").unwrap();
        Ok(Response::from(answer))
    }
}

#[tokio::test]
async fn a_middleware_sees_every_attempt_and_adds_a_header() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(header("x-from-middleware", "yes"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(header("x-from-middleware", "yes"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    let count = Arc::new(AtomicUsize::new(0));
    let middleware = ClientBuilder::new(reqwest::Client::new())
        .with(Stamp(Arc::clone(&count)))
        .build();
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_delay(Duration::from_millis(1))
        .middleware_client(middleware)
        .build()
        .unwrap();
    patch_user(&client).await.unwrap();
    assert_eq!(seen(&server).await, 2, "the 503, then the 204");
    assert_eq!(
        count.load(Ordering::SeqCst),
        2,
        "the retry went through the middleware again"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].headers["x-vital-api-key"], KEY,
        "the client's credentials are set before the middleware"
    );
}

#[tokio::test]
async fn a_middleware_can_answer_without_sending() {
    let middleware = ClientBuilder::new(reqwest::Client::new())
        .with(Cached)
        .build();
    // Nothing listens there: only the middleware answers.
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(nowhere())
        .middleware_client(middleware)
        .build()
        .unwrap();
    patch_user(&client).await.unwrap();
}
