//! Sending a request: the attempts and the waits between them, each attempt in its own
//! `tracing` span, through reqwest or a middleware client.
//!
//! Spans follow the OpenTelemetry conventions for HTTP clients, so that `tracing-opentelemetry`
//! exports them as client spans: one span per attempt (the conventions' rule: every request
//! sent is a client span, a retry carrying `http.request.resend_count`), each a child of the
//! caller's span. Its fields:
//!
//! - `otel.name` `{METHOD} {url.template}`, e.g. `GET /v2/user/{user_id}`; `otel.kind` `client`;
//! - `http.request.method`, `url.template`, `server.address`, `server.port`;
//! - `http.response.status_code` when an answer came, `http.request.resend_count` on retries;
//! - `error.type` (the status code, `timeout`, `connect` or `transport`) and
//!   `otel.status_code` `ERROR` for a failure or an answer of 400 and over;
//! - `junction.operation`, the operation's name in the client (e.g. `user.get`).
//!
//! The span is attached to the attempt's future with [`Instrument`], so it is entered only
//! while that future runs: a task that runs on the same thread while the request waits is not
//! inside it. Neither the query (it may hold a key) nor any header is recorded. Numbers are
//! recorded as `i64`, which tracing-opentelemetry exports as integers (a `u64` would become a
//! string).

use std::time::SystemTime;

use reqwest::header::{HeaderName, HeaderValue};
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::core::RequestBuilder;
use super::error::{BoxError, Error};
use super::response::Response;
use super::retry::{self, Attempts, Outcome};

/// What sends the requests.
#[derive(Clone, Debug)]
pub(super) enum Http {
    /// A plain `reqwest::Client`.
    Reqwest(reqwest::Client),
    /// A client with a middleware stack.
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::ClientWithMiddleware),
}

/// An attempt that got no answer.
struct Failure {
    outcome: Outcome,
    timeout: bool,
    /// `error.type` of the span.
    kind: &'static str,
    what: String,
    source: Option<BoxError>,
}

impl Failure {
    fn reqwest(e: reqwest::Error) -> Self {
        let e = super::auth::scrub(e);
        let (outcome, kind) = if e.is_connect() {
            (Outcome::NotConnected, "connect")
        } else if e.is_timeout() {
            (Outcome::NoAnswer, "timeout")
        } else {
            (Outcome::NoAnswer, "transport")
        };
        Failure {
            outcome,
            timeout: e.is_timeout(),
            kind,
            what: if e.is_timeout() {
                "the request timed out".to_owned()
            } else {
                format!("HTTP transport error: {e}")
            },
            source: Some(Box::new(e)),
        }
    }

    #[cfg(feature = "middleware")]
    fn middleware(e: reqwest_middleware::Error) -> Self {
        match e {
            reqwest_middleware::Error::Reqwest(e) => Failure::reqwest(e),
            reqwest_middleware::Error::Middleware(e) => Failure {
                // A middleware's failure says nothing of what was sent.
                outcome: Outcome::NoAnswer,
                timeout: false,
                kind: "middleware",
                what: format!("middleware error: {e}"),
                source: Some(e.into()),
            },
        }
    }

    fn into_error<B>(self, attempts: Attempts) -> Error<B> {
        Error::transport(self.timeout, self.what, self.source, attempts)
    }
}

impl Http {
    /// Sends `request`, waiting at most `timeout` for the response head.
    async fn execute(
        &self,
        request: reqwest::Request,
        timeout: std::time::Duration,
    ) -> Result<reqwest::Response, Failure> {
        let sent = async {
            match self {
                Http::Reqwest(client) => client.execute(request).await.map_err(Failure::reqwest),
                #[cfg(feature = "middleware")]
                Http::Middleware(client) => {
                    client.execute(request).await.map_err(Failure::middleware)
                }
            }
        };
        match tokio::time::timeout(timeout, sent).await {
            Ok(result) => result,
            Err(_) => Err(Failure {
                outcome: Outcome::NoAnswer,
                timeout: true,
                kind: "timeout",
                what: format!("no response head within {timeout:?}"),
                source: None,
            }),
        }
    }
}

impl<B> RequestBuilder<'_, B> {
    /// Sends the request, retrying as [`retry`] says, and waits for the response head.
    pub async fn send(mut self) -> Result<Response<B>, Error<B>> {
        if let Some(problem) = &self.problem {
            return Err(Error::Request(problem.clone()));
        }
        let keyed = self.set_idempotency_key()?;
        let inner = &self.core.inner;
        let options = &self.core.options;
        let safe = options
            .retry
            .unwrap_or(keyed || retry::idempotent(&self.method));
        let off = options.retry == Some(false);
        let max_retries = options.max_retries.unwrap_or(inner.max_retries);
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let url = self.url();
        let mut resends = 0;
        loop {
            let span = self.span(resends);
            let request = self.attempt(&url)?;
            let result = inner
                .http
                .execute(request, timeout)
                .instrument(span.clone())
                .await;
            let outcome = match &result {
                Ok(response) => Outcome::Answered(response.status()),
                Err(failure) => failure.outcome,
            };
            record(&span, &result);
            let stop = retry::stop(outcome, safe, off, resends >= max_retries, &self.method);
            let Some(stop) = stop else {
                let wait = result
                    .as_ref()
                    .ok()
                    .and_then(|r| retry::server_delay(r.headers(), SystemTime::now()))
                    .unwrap_or_else(|| retry::backoff(inner.retry_delay, resends + 1));
                drop(result);
                tracing::debug!(wait_ms = wait.as_millis() as u64, "retrying");
                tokio::time::sleep(wait).await;
                resends += 1;
                continue;
            };
            let attempts = Attempts {
                made: resends + 1,
                stop,
            };
            let limits = options.body_limits(inner.body_limits);
            return match result {
                Ok(response) => Ok(Response::new(response, limits, attempts)),
                Err(failure) => Err(failure.into_error(attempts)),
            };
        }
    }

    /// Puts the call's idempotency key in its headers, if the operation has an idempotency
    /// header: the caller's, the options', or a new one. Says whether it did.
    fn set_idempotency_key(&mut self) -> Result<bool, Error<B>> {
        let Some((name, given)) = self.idempotency.take() else {
            return Ok(false);
        };
        let key = given
            .or_else(|| self.core.options.idempotency_key.clone())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&key),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
                Ok(true)
            }
            _ => Err(Error::Request(format!(
                "the idempotency key `{key}` cannot be sent in the header `{name}`"
            ))),
        }
    }

    /// The span of one attempt (see the module's documentation).
    fn span(&self, resends: u32) -> Span {
        let inner = &self.core.inner;
        let span = tracing::info_span!(
            "request",
            otel.name = format_args!("{} {}", self.method, self.template),
            otel.kind = "client",
            otel.status_code = Empty,
            http.request.method = %self.method,
            url.template = self.template,
            server.address = %inner.server_address,
            server.port = i64::from(inner.server_port),
            http.request.resend_count = Empty,
            http.response.status_code = Empty,
            error.type = Empty,
            junction.operation = self.operation,
        );
        if resends > 0 {
            span.record("http.request.resend_count", i64::from(resends));
        }
        span
    }
}

/// Records the outcome of an attempt on its span, and logs it as a `debug` event in it.
fn record(span: &Span, result: &Result<reqwest::Response, Failure>) {
    match result {
        Ok(response) => {
            let status = response.status();
            span.record("http.response.status_code", i64::from(status.as_u16()));
            if status.is_client_error() || status.is_server_error() {
                span.record("error.type", status.as_str());
                span.record("otel.status_code", "ERROR");
            }
            span.in_scope(|| tracing::debug!(status = status.as_u16(), "answered"));
        }
        Err(failure) => {
            span.record("error.type", failure.kind);
            span.record("otel.status_code", "ERROR");
            span.in_scope(|| tracing::debug!(error = %failure.what, "failed"));
        }
    }
}
