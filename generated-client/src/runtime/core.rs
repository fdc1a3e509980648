//! The shared HTTP core: configuration, per-request options, sending with retries, and
//! reading responses.
//!
//! Generated operations build a [`RequestBuilder`] from the [`Core`], send it, and match on the
//! [`Response`] status, calling one of its finishing methods per arm. Every piece of behaviour
//! that is the same for all operations lives here, once.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::{AuthSchemes, Credentials, Given, Secret, Security};
use super::error::{ApiError, Error};
use super::form::Form;
use super::retry;

/// The default timeout of one attempt of a request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The default first backoff delay, doubled at each retry.
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(1);

/// Settings shared by every generated client builder.
#[derive(Clone, Debug, Default)]
pub struct Config {
    credentials: BTreeMap<usize, Given>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_delay: Option<Duration>,
    user_agent: Option<String>,
    headers: HeaderMap,
    http: Option<reqwest::Client>,
    problem: Option<String>,
}

impl Config {
    /// Sets the API key or bearer token of the security scheme at index `scheme` of the
    /// [`AuthSchemes`] given to [`Config::build`].
    pub fn secret(&mut self, scheme: usize, value: String) {
        self.credentials
            .insert(scheme, Given::Secret(Secret(value)));
    }

    /// Sets the user name and password of the `basic` scheme at index `scheme`.
    pub fn basic(&mut self, scheme: usize, user: String, password: String) {
        self.credentials
            .insert(scheme, Given::Basic(user, Secret(password)));
    }

    /// Sets the timeout of each attempt (default 60 s).
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Sets how many times a failed request is retried (default 2).
    pub fn max_retries(&mut self, retries: u32) {
        self.max_retries = Some(retries);
    }

    /// Sets the first backoff delay (default 1 s), doubled at each retry up to 60 s.
    pub fn retry_delay(&mut self, delay: Duration) {
        self.retry_delay = Some(delay);
    }

    /// Sets the `User-Agent` (default `{crate name}/{version}`).
    pub fn user_agent(&mut self, agent: String) {
        self.user_agent = Some(agent);
    }

    /// Adds a header sent with every request.
    pub fn header(&mut self, name: &str, value: &str) {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.problem = Some(format!("the default header `{name}` is not a valid header")),
        }
    }

    /// Uses this `reqwest::Client`: its connection pool, proxy and TLS settings.
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// Builds the core for an API that takes the credentials `auth` says (API keys not given
    /// are read from their environment variables).
    pub fn build<B>(self, auth: &AuthSchemes, base_url: &str) -> Result<Core<B>, Error<B>> {
        if let Some(problem) = self.problem {
            return Err(Error::Config(problem));
        }
        let base_url = base_url.trim_end_matches('/').to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Config(format!(
                "the base URL `{base_url}` must start with http:// or https://"
            )));
        }
        let credentials = Credentials::new(auth, self.credentials).map_err(Error::Config)?;
        let user_agent = self.user_agent.unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
        });
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::Config(format!("`{user_agent}` is not a valid User-Agent")))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?,
        };
        Ok(Core {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                user_agent,
                headers: self.headers,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                retry_delay: self.retry_delay.unwrap_or(DEFAULT_RETRY_DELAY),
            }),
            options: Arc::new(RequestOptions::default()),
            body: PhantomData,
        })
    }
}

/// Settings for the requests of one client value, over the client's own: see the client's
/// `with_options`.
///
/// ```
/// use std::time::Duration;
/// use junction::runtime::RequestOptions;
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .header("x-request-id", "abc-123")
///     .query("debug", "1");
/// ```
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// The timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed request is retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// An extra header (it replaces one of the same name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    user_agent: HeaderValue,
    headers: HeaderMap,
    timeout: Duration,
    max_retries: u32,
    retry_delay: Duration,
}

/// What every operation shares: the HTTP client, base URL, credentials and options. Cheap to
/// clone.
///
/// `B` is the crate's `ErrorBody`, so that every call returns the crate's one `Error` type.
pub struct Core<B> {
    inner: Arc<Inner>,
    options: Arc<RequestOptions>,
    body: PhantomData<fn() -> B>,
}

impl<B> Clone for Core<B> {
    fn clone(&self) -> Self {
        Core {
            inner: Arc::clone(&self.inner),
            options: Arc::clone(&self.options),
            body: PhantomData,
        }
    }
}

impl<B> fmt::Debug for Core<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<B> Core<B> {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The same core with `options` for its requests.
    pub fn with_options(&self, options: RequestOptions) -> Self {
        Core {
            inner: Arc::clone(&self.inner),
            options: Arc::new(options),
            body: PhantomData,
        }
    }

    /// Starts a request to the path `template` (as in the spec, e.g. `/v2/user/{user_id}`).
    pub fn request(&self, method: Method, template: &'static str) -> RequestBuilder<'_, B> {
        RequestBuilder {
            core: self,
            method,
            template,
            path: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            problem: None,
            security: self.inner.credentials.default_security(),
        }
    }
}

/// The text of a scalar parameter value, as it goes in a path, query or header.
///
/// Strings go as they are, numbers and booleans as JSON writes them, dates and enums through
/// their serde string; `None` gives nothing. Lists give one text per item.
pub(crate) fn param_texts<T: Serialize + ?Sized>(value: &T) -> Result<Vec<String>, String> {
    fn text(v: serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.into_iter().for_each(|i| text(i, out)),
            other => out.push(other.to_string()),
        }
    }
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    text(value, &mut out);
    Ok(out)
}

/// `text` percent-encoded as one path segment.
fn path_segment(text: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    /// Everything but RFC 3986 unreserved characters.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// A request being built; problems are kept until [`RequestBuilder::send`] reports them.
///
/// The builder methods of other kinds of bodies and parameters are in `body.rs` and
/// `query.rs`.
pub struct RequestBuilder<'c, B> {
    core: &'c Core<B>,
    method: Method,
    template: &'static str,
    path: Vec<(&'static str, String)>,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: HeaderMap,
    pub(super) body: Option<BodyData>,
    pub(super) problem: Option<String>,
    /// The requirements whose credentials it carries (see [`super::auth`]).
    security: Option<Security>,
}

/// A request body, kept so that the request can be sent again.
pub(super) enum BodyData {
    Json(Bytes),
    UrlEncoded(Bytes),
    /// Every part is in memory, so a multipart body can be sent again too.
    Multipart(Form),
    /// Bytes sent as they are, with their `Content-Type`.
    Raw(Bytes, HeaderValue),
}

impl<B> RequestBuilder<'_, B> {
    /// Fills the `{name}` segment of the path, percent-encoded.
    pub fn path<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_texts(value) {
            Ok(texts) => self.path.push((name, path_segment(&texts.join(",")))),
            Err(e) => self.problem = Some(format!("path parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds a query parameter; `None` adds nothing, a list adds the name once per item.
    pub fn query<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_texts(value) {
            Ok(texts) => self
                .query
                .extend(texts.into_iter().map(|t| (name.to_owned(), t))),
            Err(e) => self.problem = Some(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds a query parameter whose list items go comma-separated in one pair (`explode:
    /// false`); `None` adds nothing.
    pub fn query_joined<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_texts(value) {
            Ok(texts) if texts.is_empty() => {}
            Ok(texts) => self.query.push((name.to_owned(), texts.join(","))),
            Err(e) => self.problem = Some(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds a header parameter; `None` adds nothing, a list is sent comma-separated.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        let texts = match param_texts(value) {
            Ok(t) if t.is_empty() => return self,
            Ok(t) => t.join(","),
            Err(e) => {
                self.problem = Some(format!("header `{name}`: {e}"));
                return self;
            }
        };
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&texts),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => {
                self.problem = Some(format!(
                    "header `{name}` has characters not allowed in a header"
                ))
            }
        }
        self
    }

    /// Sets the operation's own `security`: it carries the credentials of the first of these
    /// requirements that were all given, and none for an empty list.
    pub fn security(mut self, security: Security) -> Self {
        self.security = Some(security);
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(BodyData::Json(bytes.into())),
            Err(e) => self.problem = Some(format!("could not encode the body: {e}")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body (flat fields only: a nested object or
    /// list cannot be sent this way, and is reported by [`RequestBuilder::send`]).
    pub fn urlencoded<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_urlencoded::to_string(body) {
            Ok(text) => self.body = Some(BodyData::UrlEncoded(text.into())),
            Err(e) => self.problem = Some(format!("could not encode the form body: {e}")),
        }
        self
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: Form) -> Self {
        self.body = Some(BodyData::Multipart(form));
        self
    }

    /// The URL: the base, the template with its segments filled in.
    fn url(&self) -> String {
        let mut path = self.template.to_owned();
        for (name, segment) in &self.path {
            path = path.replace(&format!("{{{name}}}"), segment);
        }
        format!("{}{}", self.core.inner.base_url, path)
    }

    /// One attempt's request; built anew for each attempt from the kept parts.
    fn attempt(&self, url: &str) -> Result<reqwest::Request, Error<B>> {
        let inner = &self.core.inner;
        let options = &self.core.options;
        let mut request = inner
            .http
            .request(self.method.clone(), url)
            .timeout(options.timeout.unwrap_or(inner.timeout))
            .header(reqwest::header::USER_AGENT, inner.user_agent.clone())
            .headers(inner.headers.clone())
            .headers(self.headers.clone());
        if !self.query.is_empty() || !options.query.is_empty() {
            request = request.query(&self.query).query(&options.query);
        }
        for (name, value) in &options.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        request = match &self.body {
            Some(BodyData::Json(bytes)) => request
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Some(BodyData::UrlEncoded(bytes)) => request
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(bytes.clone()),
            Some(BodyData::Raw(bytes, content_type)) => request
                .header(CONTENT_TYPE, content_type.clone())
                .body(bytes.clone()),
            Some(BodyData::Multipart(form)) => {
                request.multipart(form.to_reqwest().map_err(Error::Request)?)
            }
            None => request,
        };
        let mut request = request
            .build()
            .map_err(|e| Error::Request(format!("could not build the request: {e}")))?;
        inner
            .credentials
            .apply(self.security, &mut request)
            .map_err(Error::Config)?;
        Ok(request)
    }

    /// Sends the request, retrying as [`retry`] says, and waits for the response head.
    pub async fn send(self) -> Result<Response<B>, Error<B>> {
        if let Some(problem) = &self.problem {
            return Err(Error::Request(problem.clone()));
        }
        let inner = &self.core.inner;
        let max_retries = self.core.options.max_retries.unwrap_or(inner.max_retries);
        let url = self.url();
        let mut retry = 0;
        loop {
            let span = tracing::info_span!(
                "request",
                method = %self.method,
                path = self.template,
                attempt = retry + 1,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let _entered = span.enter();
            let started = Instant::now();
            let result = inner
                .http
                .execute(self.attempt(&url)?)
                .await
                .map_err(super::auth::scrub);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let wait = match &result {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    tracing::debug!("answered");
                    (retry::retryable_status(response.status()) && retry < max_retries).then(|| {
                        retry::server_delay(response.headers(), SystemTime::now())
                            .unwrap_or_else(|| retry::backoff(inner.retry_delay, retry + 1))
                    })
                }
                Err(e) => {
                    tracing::debug!(error = %e, "failed");
                    (e.is_connect() && retry < max_retries)
                        .then(|| retry::backoff(inner.retry_delay, retry + 1))
                }
            };
            match (result, wait) {
                (result, Some(wait)) => {
                    drop(result);
                    tracing::debug!(wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
                (Ok(response), None) => {
                    return Ok(Response {
                        inner: response,
                        body: PhantomData,
                    })
                }
                (Err(e), None) => return Err(Error::from_reqwest(e)),
            }
        }
    }
}

/// A response whose head has arrived; its body is read by one of the finishing methods.
pub struct Response<B> {
    inner: reqwest::Response,
    body: PhantomData<fn() -> B>,
}

impl<B> Response<B> {
    /// The status code as a number, for matching.
    pub fn status(&self) -> u16 {
        self.inner.status().as_u16()
    }

    /// What mode `M` keeps of the head, before the body is read.
    pub fn head<M: super::Mode>(&self) -> M::Head {
        M::head(self.inner.status(), self.inner.headers())
    }

    async fn text(self) -> Result<(StatusCode, HeaderMap, String), Error<B>> {
        let status = self.inner.status();
        let headers = self.inner.headers().clone();
        let text = self.inner.text().await.map_err(Error::from_reqwest)?;
        Ok((status, headers, text))
    }

    /// A success without a body.
    pub fn empty(self) -> Result<(), Error<B>> {
        Ok(())
    }

    /// A success with a JSON body of type `T`.
    pub async fn json<T: DeserializeOwned>(self) -> Result<T, Error<B>> {
        let status = self.inner.status();
        let bytes = self.inner.bytes().await.map_err(Error::from_reqwest)?;
        decode(&bytes).map_err(|(path, source)| Error::Decode {
            status,
            path,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            source,
        })
    }

    /// A success with a text body (`text/plain`).
    pub async fn string(self) -> Result<String, Error<B>> {
        self.inner.text().await.map_err(Error::from_reqwest)
    }

    /// A success whose body is streamed, not buffered.
    pub fn download(self) -> Result<Download<B>, Error<B>> {
        Ok(Download {
            inner: self.inner,
            body: PhantomData,
        })
    }

    /// A declared error status: decodes the body as `T` and wraps it with `wrap` into `B`.
    pub async fn error<T, R>(self, wrap: fn(T) -> B) -> Result<R, Error<B>>
    where
        T: DeserializeOwned,
    {
        let (status, headers, text) = self.text().await?;
        let body = decode::<T>(text.as_bytes()).ok().map(wrap);
        Err(Error::Api(Box::new(ApiError {
            status,
            headers,
            body,
            text,
        })))
    }

    /// A status the spec does not declare.
    pub async fn unexpected<R>(self) -> Result<R, Error<B>> {
        let (status, headers, text) = self.text().await?;
        Err(Error::Api(Box::new(ApiError {
            status,
            headers,
            body: None,
            text,
        })))
    }
}

/// Decodes JSON, naming the path of the field that failed.
fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, serde_json::Error)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| (e.path().to_string(), e.into_inner()))
}

/// A response body that arrives in chunks (a file download); nothing is buffered.
pub struct Download<B> {
    inner: reqwest::Response,
    body: PhantomData<fn() -> B>,
}

impl<B> fmt::Debug for Download<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.inner.status())
            .field("content_type", &self.content_type())
            .finish_non_exhaustive()
    }
}

impl<B> Download<B> {
    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.inner
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The next chunk of the body; `None` at the end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error<B>> {
        self.inner.chunk().await.map_err(Error::from_reqwest)
    }

    /// The body as a `Stream` of chunks.
    pub fn into_stream(
        self,
    ) -> impl futures_core::Stream<Item = Result<Bytes, Error<B>>> + Send + 'static
    where
        B: 'static,
    {
        Chunks {
            inner: Box::pin(self.inner.bytes_stream()),
            body: PhantomData,
        }
    }
}

/// reqwest's stream of chunks, with its errors as the crate's [`Error`].
struct Chunks<S, B> {
    inner: std::pin::Pin<Box<S>>,
    body: PhantomData<fn() -> B>,
}

impl<S, B> futures_core::Stream for Chunks<S, B>
where
    S: futures_core::Stream<Item = reqwest::Result<Bytes>>,
{
    type Item = Result<Bytes, Error<B>>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.inner
            .as_mut()
            .poll_next(cx)
            .map(|chunk| chunk.map(|r| r.map_err(Error::from_reqwest)))
    }
}
