//! The shared part of the test kit (feature `testing`): a mock server on 127.0.0.1 and the
//! stub of one operation, which the generated `testing` module wraps in typed methods.
//!
//! A [`Server`] is a [`wiremock::MockServer`] that knows the API's operations. A [`Stub`]
//! matches the requests of one operation (its path template and method, and the path and
//! query parameters and body it was given) and answers them in turn with its answers, the
//! last one repeating. A request no stub matches is answered `404` with a message naming
//! the operation it was meant for and showing what was sent; the message is kept and the
//! server fails the test with it when dropped.

use std::fmt::Write as _;
use std::io::Write as _;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::core::param_texts;
use super::testing_pages::Paged;
pub use super::testing_pages::{PageRule, PageStep};

/// An operation of the API, as the mock server routes it.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// Its name as the client calls it, e.g. `user.patch`.
    pub name: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, e.g. `/v2/user/{user_id}`.
    pub template: &'static str,
}

impl Operation {
    /// The values of the template's `{name}` segments in `path`, or `None` when `path` is not
    /// one of this operation's.
    fn path_values(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        let template: Vec<&'static str> = self.template.trim_matches('/').split('/').collect();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        if template.len() != segments.len() {
            return None;
        }
        let mut values = Vec::new();
        for (pattern, segment) in template.into_iter().zip(segments) {
            let segment = percent_encoding::percent_decode_str(segment)
                .decode_utf8_lossy()
                .into_owned();
            match (pattern.find('{'), pattern.rfind('}')) {
                (Some(open), Some(close)) if open < close => {
                    let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
                    if segment.len() < prefix.len() + suffix.len()
                        || !segment.starts_with(prefix)
                        || !segment.ends_with(suffix)
                    {
                        return None;
                    }
                    let value = &segment[prefix.len()..segment.len() - suffix.len()];
                    values.push((&pattern[open + 1..close], value.to_owned()));
                }
                _ if pattern == segment => {}
                _ => return None,
            }
        }
        Some(values)
    }

    /// Whether `request` is a call of this operation.
    fn is_called_by(&self, request: &wiremock::Request) -> bool {
        request.method.as_str() == self.method && self.path_values(request.url.path()).is_some()
    }
}

/// A mock server for the operations of an API, on a free port of 127.0.0.1.
pub struct Server {
    inner: wiremock::MockServer,
    unmatched: Arc<Mutex<Vec<String>>>,
    gzip: Arc<AtomicBool>,
}

impl Server {
    /// Starts a server for `operations`.
    pub async fn start(operations: &'static [Operation]) -> Server {
        let inner = wiremock::MockServer::start().await;
        let unmatched = Arc::new(Mutex::new(Vec::new()));
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Unmatched {
                operations,
                seen: unmatched.clone(),
            })
            .with_priority(u8::MAX)
            .named("requests no stub matched")
            .mount(&inner)
            .await;
        Server {
            inner,
            unmatched,
            gzip: Arc::default(),
        }
    }

    /// Compresses the answers with a body with gzip (`Content-Encoding: gzip`) when the
    /// request's `Accept-Encoding` allows it, as Junction's servers answer (default: off).
    pub fn gzip(&self, on: bool) {
        self.gzip.store(on, Ordering::SeqCst);
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.inner.uri()
    }

    /// A stub of `operation`, matching all its calls until given parameters or a body.
    pub fn stub<B>(&self, operation: &'static Operation) -> Stub<'_, B> {
        Stub {
            server: self,
            operation,
            path: Vec::new(),
            query: Vec::new(),
            body: None,
            answers: Vec::new(),
            pages: None,
            expect: None,
            _body: PhantomData,
        }
    }

    /// The messages of the requests no stub matched, so far.
    pub fn unmatched(&self) -> Vec<String> {
        self.unmatched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for Server {
    /// Fails the test when a request matched no stub (unless it is failing already); the
    /// `expect` counts are checked next, by the wiremock server.
    fn drop(&mut self) {
        let unmatched = self.unmatched();
        if !unmatched.is_empty() && !std::thread::panicking() {
            panic!("{}", unmatched.join("\n\n"));
        }
    }
}

/// Answers a request no stub matched with `404` and the reason, and keeps the reason.
struct Unmatched {
    operations: &'static [Operation],
    seen: Arc<Mutex<Vec<String>>>,
}

impl wiremock::Respond for Unmatched {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let shown = show(request);
        let message = match self.operations.iter().find(|o| o.is_called_by(request)) {
            Some(o) => format!(
                "no stub of `{}` ({} {}) matched this request:\n{shown}",
                o.name, o.method, o.template
            ),
            None => format!("this request is no operation of the API:\n{shown}"),
        };
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message.clone());
        wiremock::ResponseTemplate::new(404).set_body_string(message)
    }
}

/// A request as the messages show it: method, path and query, then the body.
fn show(request: &wiremock::Request) -> String {
    let mut text = format!("    {} {}", request.method, request.url.path());
    if let Some(query) = request.url.query() {
        let _ = write!(text, "?{query}");
    }
    if !request.body.is_empty() {
        let _ = write!(text, "\n    {}", String::from_utf8_lossy(&request.body));
    }
    text
}

/// One answer of a stub.
#[derive(Clone, Debug)]
struct Answer {
    status: u16,
    body: Option<(Vec<u8>, String)>,
    delay: Option<Duration>,
}

/// A request of an operation, as a stub received it; `B` is its body's type (`()` when it
/// has none, the bytes when it is not JSON).
#[derive(Clone, Debug)]
pub struct Sent<B> {
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: http::HeaderMap,
    /// The body, decoded into its type.
    pub body: B,
}

/// The stub of one operation: what it matches and how it answers; `B` is the type the body
/// of a matched request decodes into.
#[must_use = "a stub does nothing until mounted with `.mount().await`"]
pub struct Stub<'s, B> {
    server: &'s Server,
    operation: &'static Operation,
    path: Vec<(&'static str, String)>,
    query: Vec<(&'static str, Vec<String>)>,
    body: Option<serde_json::Value>,
    answers: Vec<Answer>,
    pages: Option<Paged>,
    expect: Option<u64>,
    _body: PhantomData<fn() -> B>,
}

impl<'s, B> Stub<'s, B> {
    /// Matches only requests whose `{name}` path segment is `value`.
    pub fn path<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        let text = param_texts(value).unwrap_or_default().join(",");
        self.path.push((name, text));
        self
    }

    /// Matches only requests whose query parameter `name` is `value` (a list: its items).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        self.query
            .push((name, param_texts(value).unwrap_or_default()));
        self
    }

    /// Matches only requests whose JSON body equals `body`.
    pub fn body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Some(serde_json::to_value(body).expect("a body serializes to JSON"));
        self
    }

    /// Answers `status` with `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(self, status: u16, value: &T) -> Self {
        let bytes = serde_json::to_vec(value).expect("an answer serializes to JSON");
        self.bytes(status, bytes, "application/json")
    }

    /// Answers `status` with these bytes, as `content_type`.
    pub fn bytes(mut self, status: u16, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.answers.push(Answer {
            status,
            body: Some((bytes.into(), content_type.to_owned())),
            delay: None,
        });
        self
    }

    /// Answers `status` with no body.
    pub fn status(mut self, status: u16) -> Self {
        self.answers.push(Answer {
            status,
            body: None,
            delay: None,
        });
        self
    }

    /// Answers each request with the page of `pages` its position selects, by `rule`; a
    /// position no page has is answered `404` and fails the test like an unmatched request.
    pub fn pages<T: Serialize>(mut self, rule: PageRule, pages: &[T]) -> Self {
        let pages = pages
            .iter()
            .map(|p| serde_json::to_value(p).expect("a page serializes to JSON"))
            .collect();
        self.pages = Some(Paged { rule, pages });
        self
    }

    /// Sends the last answer given after waiting `delay`.
    pub fn delay(mut self, delay: Duration) -> Self {
        match self.answers.last_mut() {
            Some(answer) => answer.delay = Some(delay),
            None => panic!(
                "`delay` of `{}` applies to the answer before it: give one first",
                self.operation.name
            ),
        }
        self
    }

    /// Fails the test, when the server is dropped, unless the stub matched exactly `times`
    /// requests.
    pub fn expect(mut self, times: u64) -> Self {
        self.expect = Some(times);
        self
    }

    /// Puts the stub on the server; its answers are given in turn, the last one repeating.
    pub async fn mount(self) {
        assert!(
            !self.answers.is_empty() || self.pages.is_some(),
            "the stub of `{}` has no answer: give it `.ok(..)`, an error or a `.status(..)`",
            self.operation.name
        );
        let matcher = Matcher {
            operation: self.operation,
            path: self.path,
            query: self.query,
            body: self.body,
        };
        let mut mock = wiremock::Mock::given(matcher)
            .respond_with(Answers {
                operation: self.operation,
                answers: self.answers,
                pages: self.pages,
                next: AtomicUsize::new(0),
                unmatched: self.server.unmatched.clone(),
                gzip: self.server.gzip.clone(),
            })
            .named(self.operation.name);
        if let Some(times) = self.expect {
            mock = mock.expect(times);
        }
        self.server.inner.register(mock).await;
    }

    /// The requests of the operation this stub matches, so far, each body decoded by
    /// `decode` (the generated code passes [`json_body`] or [`raw_body`]).
    pub async fn sent_with(&self, decode: fn(&[u8]) -> Result<B, String>) -> Vec<Sent<B>> {
        let matcher = Matcher {
            operation: self.operation,
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
        };
        let requests = self.server.inner.received_requests().await;
        requests
            .unwrap_or_default()
            .iter()
            .filter(|r| wiremock::Match::matches(&matcher, r))
            .map(|r| Sent {
                path: r.url.path().to_owned(),
                query: r.url.query_pairs().into_owned().collect(),
                headers: r.headers.clone(),
                body: decode(&r.body).unwrap_or_else(|e| {
                    panic!(
                        "the body of a `{}` request does not decode into its type: {e}\n{}",
                        self.operation.name,
                        show(r)
                    )
                }),
            })
            .collect()
    }
}

/// A body as JSON of `B`; no body reads as JSON `null` (for `()` and `Option`).
pub fn json_body<B: DeserializeOwned>(bytes: &[u8]) -> Result<B, String> {
    let bytes = if bytes.is_empty() { b"null" } else { bytes };
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| e.to_string())
}

/// A body's bytes as they are.
pub fn raw_body(bytes: &[u8]) -> Result<Vec<u8>, String> {
    Ok(bytes.to_vec())
}

/// What a stub matches.
struct Matcher {
    operation: &'static Operation,
    path: Vec<(&'static str, String)>,
    query: Vec<(&'static str, Vec<String>)>,
    body: Option<serde_json::Value>,
}

impl wiremock::Match for Matcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        if request.method.as_str() != self.operation.method {
            return false;
        }
        let Some(values) = self.operation.path_values(request.url.path()) else {
            return false;
        };
        let path_ok = self
            .path
            .iter()
            .all(|(name, want)| values.iter().any(|(n, v)| n == name && v == want));
        let query_ok = self.query.iter().all(|(name, want)| {
            let got: Vec<String> = request
                .url
                .query_pairs()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
                .collect();
            got == *want || got.join(",") == want.join(",")
        });
        let body_ok = match &self.body {
            None => true,
            Some(want) => serde_json::from_slice::<serde_json::Value>(&request.body)
                .is_ok_and(|got| got == *want),
        };
        path_ok && query_ok && body_ok
    }
}

/// A stub's answers, given in turn (the last one repeats), or its pages.
struct Answers {
    operation: &'static Operation,
    answers: Vec<Answer>,
    pages: Option<Paged>,
    next: AtomicUsize,
    unmatched: Arc<Mutex<Vec<String>>>,
    gzip: Arc<AtomicBool>,
}

impl Answers {
    /// An answer of `status` with `body` (bytes and content type), compressed when the server
    /// compresses and `request` accepts gzip.
    fn template(
        &self,
        request: &wiremock::Request,
        status: u16,
        body: Option<(Vec<u8>, &str)>,
    ) -> wiremock::ResponseTemplate {
        let template = wiremock::ResponseTemplate::new(status);
        let Some((bytes, content_type)) = body else {
            return template;
        };
        let accepts_gzip = request
            .headers
            .get_all(http::header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
        if !(self.gzip.load(Ordering::SeqCst) && accepts_gzip) {
            return template.set_body_raw(bytes, content_type);
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&bytes).expect("gzip into memory");
        let gzipped = encoder.finish().expect("gzip into memory");
        template
            .insert_header("content-encoding", "gzip")
            .set_body_raw(gzipped, content_type)
    }
}

impl wiremock::Respond for Answers {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        if let Some(paged) = &self.pages {
            return match paged.select(request) {
                Ok(page) => {
                    let json = serde_json::to_vec(page).expect("a page serializes to JSON");
                    self.template(request, 200, Some((json, "application/json")))
                }
                Err(why) => {
                    let message = format!(
                        "`{}`: {why}; the request:\n{}",
                        self.operation.name,
                        show(request)
                    );
                    self.unmatched
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(message.clone());
                    wiremock::ResponseTemplate::new(404).set_body_string(message)
                }
            };
        }
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        let answer = &self.answers[n.min(self.answers.len() - 1)];
        let body = answer.body.as_ref().map(|(b, t)| (b.clone(), t.as_str()));
        let mut template = self.template(request, answer.status, body);
        if let Some(delay) = answer.delay {
            template = template.set_delay(delay);
        }
        template
    }
}
