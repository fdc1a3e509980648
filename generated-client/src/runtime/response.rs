//! A response whose head has arrived, and reading its body within its time limits.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::error::{ApiError, Error};
use super::retry::Attempts;

/// A response whose head has arrived; its body is read by one of the finishing methods.
pub struct Response<B> {
    inner: reqwest::Response,
    reader: Reader,
    body: PhantomData<fn() -> B>,
}

impl<B> Response<B> {
    pub(super) fn new(inner: reqwest::Response, limits: BodyLimits, attempts: Attempts) -> Self {
        Response {
            inner,
            reader: Reader {
                deadline: limits.total.map(|total| (Instant::now() + total, total)),
                idle: limits.idle,
                attempts,
            },
            body: PhantomData,
        }
    }

    /// The status code as a number, for matching.
    pub fn status(&self) -> u16 {
        self.inner.status().as_u16()
    }

    /// What mode `M` keeps of the head, before the body is read.
    pub fn head<M: super::Mode>(&self) -> M::Head {
        M::head(self.inner.status(), self.inner.headers())
    }

    /// The whole body, read within the limits.
    async fn bytes(&mut self) -> Result<Vec<u8>, Error<B>> {
        let mut bytes = Vec::new();
        while let Some(chunk) = self.reader.chunk(&mut self.inner).await? {
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    async fn text(mut self) -> Result<(StatusCode, HeaderMap, String, Attempts), Error<B>> {
        let bytes = self.bytes().await?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = self.inner.status();
        let headers = self.inner.headers().clone();
        Ok((status, headers, text, self.reader.attempts))
    }

    /// A success without a body.
    pub fn empty(self) -> Result<(), Error<B>> {
        Ok(())
    }

    /// A success with a JSON body of type `T`.
    pub async fn json<T: DeserializeOwned>(mut self) -> Result<T, Error<B>> {
        let status = self.inner.status();
        let bytes = self.bytes().await?;
        decode(&bytes).map_err(|(path, source)| Error::Decode {
            status,
            path,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            source,
        })
    }

    /// A success with a text body (`text/plain`).
    pub async fn string(mut self) -> Result<String, Error<B>> {
        let bytes = self.bytes().await?;
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// A success whose body is streamed, not buffered.
    pub fn download(self) -> Result<Download<B>, Error<B>> {
        Ok(Download {
            inner: self.inner,
            reader: self.reader,
            body: PhantomData,
        })
    }

    /// A declared error status: decodes the body as `T` and wraps it with `wrap` into `B`.
    pub async fn error<T, R>(self, wrap: fn(T) -> B) -> Result<R, Error<B>>
    where
        T: DeserializeOwned,
    {
        let (status, headers, text, attempts) = self.text().await?;
        let body = decode::<T>(text.as_bytes()).ok().map(wrap);
        Err(Error::Api(Box::new(ApiError {
            status,
            headers,
            body,
            text,
            attempts,
        })))
    }

    /// A status the spec does not declare.
    pub async fn unexpected<R>(self) -> Result<R, Error<B>> {
        let (status, headers, text, attempts) = self.text().await?;
        Err(Error::Api(Box::new(ApiError {
            status,
            headers,
            body: None,
            text,
            attempts,
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
    reader: Reader,
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
        self.reader.chunk(&mut self.inner).await
    }

    /// The body as a `Stream` of chunks.
    pub fn into_stream(
        self,
    ) -> impl futures_core::Stream<Item = Result<Bytes, Error<B>>> + Send + 'static
    where
        B: 'static,
    {
        futures_util::stream::unfold(Some(self), |download| async move {
            let mut download = download?;
            match download.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(download))),
                Ok(None) => None,
                // Nothing follows an error.
                Err(e) => Some((Err(e), None)),
            }
        })
    }
}

/// The time limits of reading a response body.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct BodyLimits {
    /// The longest pause between two chunks.
    pub(super) idle: Option<Duration>,
    /// The longest time reading the whole body may take, from the head's arrival.
    pub(super) total: Option<Duration>,
}

/// Reads a body chunk by chunk within its [`BodyLimits`].
struct Reader {
    /// When reading must be over, and the limit that says so.
    deadline: Option<(Instant, Duration)>,
    idle: Option<Duration>,
    /// Of the call, for the errors.
    attempts: Attempts,
}

impl Reader {
    async fn chunk<B>(&self, response: &mut reqwest::Response) -> Result<Option<Bytes>, Error<B>> {
        let left = self
            .deadline
            .map(|(at, _)| at.saturating_duration_since(Instant::now()));
        let wait = match (self.idle, left) {
            (Some(idle), Some(left)) => Some(idle.min(left)),
            (idle, left) => idle.or(left),
        };
        let chunk = response.chunk();
        let result = match wait {
            None => chunk.await,
            Some(wait) => match tokio::time::timeout(wait, chunk).await {
                Ok(result) => result,
                Err(_) => {
                    let what = match self.deadline {
                        Some((_, total)) if left == Some(wait) => {
                            format!("the response body took longer than {total:?}")
                        }
                        _ => format!("no part of the response body came within {wait:?}"),
                    };
                    return Err(Error::transport(true, what, None, self.attempts.clone()));
                }
            },
        };
        result.map_err(|e| Error::from_reqwest(e, self.attempts.clone()))
    }
}
