//! Request bodies that are not plain JSON: [`RawBody`] (bytes sent as they are, for uploads,
//! images, plain text) and JSON sent under another media type (`merge-patch+json`, ...).

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderValue;
use serde::Serialize;

use super::core::{BodyData, RequestBuilder};
use super::form::File;

/// The content type of a raw body when neither the caller nor the spec names one.
const OCTET_STREAM: &str = "application/octet-stream";

/// The bytes of a request body that is sent as it is: an upload, an image, plain text.
///
/// Everything is in memory and cheap to clone, so a retry sends the same bytes again. The
/// content type is the one the spec declares for the body, unless one is set here (needed when
/// the spec only gives a pattern such as `image/*`).
///
/// ```
/// use junction::runtime::RawBody;
/// let png = RawBody::new(vec![0x89, b'P', b'N', b'G']).with_content_type("image/png");
/// assert_eq!(png.len(), 4);
/// let text = RawBody::from("hello");
/// assert_eq!(text.as_bytes(), b"hello");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawBody {
    bytes: Bytes,
    content_type: Option<String>,
}

impl RawBody {
    /// A body of these bytes.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        RawBody {
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// Reads the file at `path` into memory.
    pub fn read(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        Ok(RawBody::new(std::fs::read(path)?))
    }

    /// Reads a stream of chunks into memory, so that the request can be sent again on a retry
    /// (a stream can only be read once). Fails with the stream's first error.
    pub async fn from_stream<S, C, E>(stream: S) -> Result<Self, E>
    where
        S: futures_core::Stream<Item = Result<C, E>>,
        C: AsRef<[u8]>,
    {
        let mut stream = std::pin::pin!(stream);
        let mut bytes = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            bytes.extend_from_slice(chunk?.as_ref());
        }
        Ok(RawBody::new(bytes))
    }

    /// Sets the content type it is sent with, instead of the one the spec declares.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content type set with [`Self::with_content_type`].
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True for an empty body.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawBody")
            .field("len", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Bytes> for RawBody {
    fn from(bytes: Bytes) -> Self {
        RawBody::new(bytes)
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> Self {
        RawBody::new(bytes)
    }
}

impl From<&[u8]> for RawBody {
    fn from(bytes: &[u8]) -> Self {
        RawBody::new(Bytes::copy_from_slice(bytes))
    }
}

impl<const N: usize> From<&[u8; N]> for RawBody {
    fn from(bytes: &[u8; N]) -> Self {
        RawBody::new(Bytes::copy_from_slice(bytes))
    }
}

impl From<String> for RawBody {
    fn from(text: String) -> Self {
        RawBody::new(text)
    }
}

impl From<&str> for RawBody {
    fn from(text: &str) -> Self {
        RawBody::new(Bytes::copy_from_slice(text.as_bytes()))
    }
}

impl From<&String> for RawBody {
    fn from(text: &String) -> Self {
        RawBody::from(text.as_str())
    }
}

impl From<&RawBody> for RawBody {
    fn from(body: &RawBody) -> Self {
        body.clone()
    }
}

/// A [`File`]'s bytes, with its content type when it has one.
impl From<File> for RawBody {
    fn from(file: File) -> Self {
        let (bytes, content_type) = file.into_parts();
        RawBody {
            bytes,
            content_type,
        }
    }
}

impl<B> RequestBuilder<'_, B> {
    /// Sets a raw body, sent with its own content type, else `declared` (the spec's media
    /// type) unless that is a pattern such as `image/*`, else `application/octet-stream`.
    pub fn raw(mut self, body: RawBody, declared: &'static str) -> Self {
        let content_type = match &body.content_type {
            Some(ct) => ct.as_str(),
            None if declared.contains('*') => OCTET_STREAM,
            None => declared,
        };
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.body = Some(BodyData::Raw(body.bytes, value)),
            Err(_) => {
                self.problem = Some(format!(
                    "the content type `{content_type}` has characters not allowed in a header"
                ))
            }
        }
        self
    }

    /// Sets a JSON body sent with the media type `media` (`application/merge-patch+json`, ...).
    pub fn json_as<T: Serialize + ?Sized>(mut self, body: &T, media: &'static str) -> Self {
        match (serde_json::to_vec(body), HeaderValue::from_str(media)) {
            (Ok(bytes), Ok(value)) => self.body = Some(BodyData::Raw(bytes.into(), value)),
            (Err(e), _) => self.problem = Some(format!("could not encode the body: {e}")),
            (_, Err(_)) => {
                self.problem = Some(format!(
                    "the content type `{media}` has characters not allowed in a header"
                ))
            }
        }
        self
    }
}
