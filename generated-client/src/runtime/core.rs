//! The shared HTTP core: configuration, requests and responses.
//!
//! Generated operations build a [`RequestBuilder`] from the [`Core`], send it, and match on the
//! [`Response`] status, calling one of its finishing methods per arm. Every piece of behaviour
//! that is the same for all operations lives here, once.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{ApiError, Error};
use super::form::Form;

/// The default request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A secret string whose `Debug` output never shows it.
#[derive(Clone)]
pub struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Settings shared by every generated client builder.
#[derive(Clone, Debug, Default)]
pub struct Config {
    api_key: Option<Secret>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl Config {
    /// Sets the API key.
    pub fn api_key(&mut self, key: String) {
        self.api_key = Some(Secret(key));
    }

    /// Sets the base URL every path is appended to.
    pub fn base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    /// Sets the timeout of a whole request.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Uses this `reqwest::Client` (its own timeout and TLS settings apply).
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// The base URL, if one was set.
    pub fn base_url_or<'s>(&'s self, default: &'s str) -> &'s str {
        self.base_url.as_deref().unwrap_or(default)
    }

    /// Builds the core; `key_header` is the header the API key goes in, if the API has one.
    pub fn build<B>(
        self,
        key_header: Option<&'static str>,
        base_url: &str,
    ) -> Result<Core<B>, Error<B>> {
        let base_url = base_url.trim_end_matches('/').to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Config(format!(
                "the base URL `{base_url}` must start with http:// or https://"
            )));
        }
        let auth = match (key_header, self.api_key) {
            (Some(header), Some(Secret(key))) => {
                let mut value = HeaderValue::from_str(&key).map_err(|_| {
                    Error::Config("the API key contains characters not allowed in a header".into())
                })?;
                value.set_sensitive(true);
                Some((HeaderName::from_static(header), value))
            }
            (Some(header), None) => {
                return Err(Error::Config(format!(
                    "no API key given; call `.api_key(..)` (it is sent in `{header}`)"
                )))
            }
            (None, _) => None,
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()
                .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?,
        };
        Ok(Core {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
            }),
            body: PhantomData,
        })
    }
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Option<(HeaderName, HeaderValue)>,
}

/// What every operation shares: the HTTP client, base URL and credentials. Cheap to clone.
///
/// `B` is the crate's `ErrorBody`, so that every call returns the crate's one `Error` type.
pub struct Core<B> {
    inner: Arc<Inner>,
    body: PhantomData<fn() -> B>,
}

impl<B> Clone for Core<B> {
    fn clone(&self) -> Self {
        Core {
            inner: Arc::clone(&self.inner),
            body: PhantomData,
        }
    }
}

impl<B> fmt::Debug for Core<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field(
                "api_key",
                &self.inner.auth.as_ref().map(|_| Secret(String::new())),
            )
            .finish_non_exhaustive()
    }
}

impl<B> Core<B> {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Starts a request to `path` (already filled in, e.g. `/v2/user/0f2…`).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_, B> {
        RequestBuilder {
            core: self,
            method,
            url: format!("{}{}", self.inner.base_url, path),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            problem: None,
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

/// A path parameter, percent-encoded as one path segment.
pub fn path_param<T: Serialize + ?Sized>(value: &T) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    /// Everything but RFC 3986 unreserved characters.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let joined = param_texts(value).unwrap_or_default().join(",");
    utf8_percent_encode(&joined, SEGMENT).to_string()
}

/// A request being built; problems are kept until [`RequestBuilder::send`] reports them.
pub struct RequestBuilder<'c, B> {
    core: &'c Core<B>,
    method: Method,
    url: String,
    query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    body: Option<BodyData>,
    problem: Option<String>,
}

/// A request body, kept so that the request can be sent again.
enum BodyData {
    Json(Vec<u8>),
    Multipart(Form),
}

impl<B> RequestBuilder<'_, B> {
    /// Adds a query parameter; `None` adds nothing, a list adds the name once per item.
    pub fn query<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_texts(value) {
            Ok(texts) => self.query.extend(texts.into_iter().map(|t| (name, t))),
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
        match HeaderValue::from_str(&texts) {
            Ok(v) => {
                self.headers.insert(HeaderName::from_static(name), v);
            }
            Err(_) => {
                self.problem = Some(format!(
                    "header `{name}` has characters not allowed in a header"
                ))
            }
        }
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(BodyData::Json(bytes)),
            Err(e) => self.problem = Some(format!("could not encode the body: {e}")),
        }
        self
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: Form) -> Self {
        self.body = Some(BodyData::Multipart(form));
        self
    }

    /// Sends the request and waits for the response head.
    pub async fn send(self) -> Result<Response<B>, Error<B>> {
        if let Some(problem) = self.problem {
            return Err(Error::Request(problem));
        }
        let inner = &self.core.inner;
        let mut request = inner
            .http
            .request(self.method, &self.url)
            .headers(self.headers);
        if !self.query.is_empty() {
            request = request.query(&self.query);
        }
        if let Some((name, value)) = &inner.auth {
            request = request.header(name, value.clone());
        }
        match self.body {
            Some(BodyData::Json(bytes)) => {
                request = request.header(CONTENT_TYPE, "application/json").body(bytes);
            }
            Some(BodyData::Multipart(form)) => {
                request = request.multipart(form.to_reqwest().map_err(Error::Request)?);
            }
            None => {}
        }
        let response = request.send().await.map_err(Error::from_reqwest)?;
        Ok(Response {
            inner: response,
            body: PhantomData,
        })
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

    async fn text(self) -> Result<(reqwest::StatusCode, HeaderMap, String), Error<B>> {
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

    /// A success whose body is streamed, not buffered.
    pub fn download(self) -> Result<Download, Error<B>> {
        Ok(Download { inner: self.inner })
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

/// A response body that arrives in chunks (a file download).
#[derive(Debug)]
pub struct Download {
    inner: reqwest::Response,
}

impl Download {
    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.inner
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The next chunk of the body; `None` at the end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, reqwest::Error> {
        self.inner.chunk().await
    }

    /// The body as a `Stream` of chunks.
    pub fn into_stream(
        self,
    ) -> impl futures_core::Stream<Item = Result<Bytes, reqwest::Error>> + Send + 'static {
        self.inner.bytes_stream()
    }
}
