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
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde::Serialize;

use super::auth::{AuthSchemes, Credentials, Given, Secret, Security};
use super::error::Error;
use super::form::Form;
use super::response::BodyLimits;
use super::send::Http;

/// The default time an attempt waits for the response head (connecting, sending the request
/// and the first byte of the answer).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default longest pause between two chunks of a response body.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// The default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The default first backoff delay, doubled at each retry.
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(1);

/// Settings shared by every generated client builder.
#[derive(Clone, Debug, Default)]
pub struct Config {
    credentials: BTreeMap<usize, Given>,
    timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    body_timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_delay: Option<Duration>,
    user_agent: Option<String>,
    headers: HeaderMap,
    http: Option<Http>,
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

    /// Sets how long each attempt waits for the response head: connecting, sending the
    /// request and the first byte of the answer (default 60 s). Reading the body is not
    /// counted: see [`Config::read_timeout`] and [`Config::body_timeout`].
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Sets the longest pause between two chunks of a response body (default 60 s): a body
    /// that keeps arriving is read however long it takes.
    pub fn read_timeout(&mut self, timeout: Duration) {
        self.read_timeout = Some(timeout);
    }

    /// Sets the longest time reading a response body may take, from the arrival of its head
    /// (default none).
    pub fn body_timeout(&mut self, timeout: Duration) {
        self.body_timeout = Some(timeout);
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
        self.http = Some(Http::Reqwest(client));
    }

    /// Sends every attempt through this client and its middleware (tracing, caching, auth...);
    /// the client's own retries stay outside it, so each retry goes through the middleware
    /// again.
    #[cfg(feature = "middleware")]
    pub fn middleware_client(&mut self, client: reqwest_middleware::ClientWithMiddleware) {
        self.http = Some(Http::Middleware(client));
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
        let new_client = || {
            reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))
        };
        let http = match self.http {
            Some(http) => http,
            None => Http::Reqwest(new_client()?),
        };
        // Requests are built with a plain client; they are sent through `http`.
        let builder = match &http {
            Http::Reqwest(client) => client.clone(),
            #[cfg(feature = "middleware")]
            Http::Middleware(_) => new_client()?,
        };
        let server = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("the base URL `{base_url}` is not a URL: {e}")))?;
        Ok(Core {
            inner: Arc::new(Inner {
                http,
                builder,
                server_address: server.host_str().unwrap_or_default().to_owned(),
                server_port: server.port_or_known_default().unwrap_or_default(),
                base_url,
                credentials,
                user_agent,
                headers: self.headers,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                body_limits: BodyLimits {
                    idle: Some(self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT)),
                    total: self.body_timeout,
                },
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
    pub(super) timeout: Option<Duration>,
    pub(super) read_timeout: Option<Duration>,
    pub(super) body_timeout: Option<Duration>,
    pub(super) max_retries: Option<u32>,
    pub(super) retry: Option<bool>,
    pub(super) idempotency_key: Option<String>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// How long each attempt waits for the response head (see [`Config::timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest pause between two chunks of a response body (see
    /// [`Config::read_timeout`]).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// The longest time reading a response body may take (see [`Config::body_timeout`]).
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = Some(timeout);
        self
    }

    /// How many times a failed request is retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Retries these calls as if sending them twice did no harm (`true`: a POST is then
    /// retried after a 500 or a timeout too), or never (`false`). By default a call is retried
    /// as [`retry`](super::retry) says: by its method and whether it has an idempotency key.
    pub fn retry(mut self, retry: bool) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The idempotency key of an operation that declares an idempotency header, when the call
    /// does not give one; without it each call gets a fresh UUID v4. Give it to the options of
    /// one call only: two calls with the same key are one request to the server. Operations
    /// without an idempotency header do not send it.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// An extra header; it replaces a header of the same name (the client's defaults, the
    /// operation's own parameters, and an earlier one of these options).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// The body limits of these options over the client's.
    pub(super) fn body_limits(&self, client: BodyLimits) -> BodyLimits {
        BodyLimits {
            idle: self.read_timeout.or(client.idle),
            total: self.body_timeout.or(client.total),
        }
    }
}

pub(super) struct Inner {
    pub(super) http: Http,
    builder: reqwest::Client,
    pub(super) server_address: String,
    pub(super) server_port: u16,
    base_url: String,
    credentials: Credentials,
    user_agent: HeaderValue,
    headers: HeaderMap,
    pub(super) timeout: Duration,
    pub(super) body_limits: BodyLimits,
    pub(super) max_retries: u32,
    pub(super) retry_delay: Duration,
}

/// What every operation shares: the HTTP client, base URL, credentials and options. Cheap to
/// clone.
///
/// `B` is the crate's `ErrorBody`, so that every call returns the crate's one `Error` type.
pub struct Core<B> {
    pub(super) inner: Arc<Inner>,
    pub(super) options: Arc<RequestOptions>,
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

    /// Starts a request to the path `template` (as in the spec, e.g. `/v2/user/{user_id}`)
    /// for the operation called `operation` in the client (e.g. `user.get`: the name its
    /// `tracing` spans carry).
    pub fn request(
        &self,
        method: Method,
        template: &'static str,
        operation: &'static str,
    ) -> RequestBuilder<'_, B> {
        RequestBuilder {
            core: self,
            method,
            template,
            operation,
            idempotency: None,
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
    pub(super) core: &'c Core<B>,
    pub(super) method: Method,
    pub(super) template: &'static str,
    pub(super) operation: &'static str,
    /// The operation's idempotency header, and the key the caller gave in it.
    pub(super) idempotency: Option<(&'static str, Option<String>)>,
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

    /// Sends the operation's idempotency header `name`: `value` when the caller gives one,
    /// else [`RequestOptions::idempotency_key`], else a fresh UUID v4; the same key on every
    /// retry of the call. A call with a key is retried like an idempotent one.
    pub fn idempotency_key<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_texts(value) {
            Ok(texts) => {
                let given = (!texts.is_empty()).then(|| texts.join(","));
                self.idempotency = Some((name, given));
            }
            Err(e) => self.problem = Some(format!("header `{name}`: {e}")),
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
    pub(super) fn url(&self) -> String {
        let mut path = self.template.to_owned();
        for (name, segment) in &self.path {
            path = path.replace(&format!("{{{name}}}"), segment);
        }
        format!("{}{}", self.core.inner.base_url, path)
    }

    /// One attempt's request; built anew for each attempt from the kept parts.
    ///
    /// Headers: the client's, then the operation's, then the options' and the idempotency
    /// key's, each replacing one of the same name (`headers` replaces, `header` would append).
    pub(super) fn attempt(&self, url: &str) -> Result<reqwest::Request, Error<B>> {
        let inner = &self.core.inner;
        let options = &self.core.options;
        let mut extra = HeaderMap::new();
        for (name, value) in &options.headers {
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                (Ok(name), Ok(value)) => {
                    extra.insert(name, value);
                }
                _ => {
                    return Err(Error::Request(format!(
                        "the header `{name}` of the request options is not a valid header"
                    )))
                }
            }
        }
        let mut request = inner
            .builder
            .request(self.method.clone(), url)
            .header(reqwest::header::USER_AGENT, inner.user_agent.clone())
            .headers(inner.headers.clone())
            .headers(self.headers.clone())
            .headers(extra);
        if !self.query.is_empty() || !options.query.is_empty() {
            request = request.query(&self.query).query(&options.query);
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
}
