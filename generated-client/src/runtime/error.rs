//! The one error type of the client.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::paging::PagingError;

/// Everything a call can fail with.
///
/// `B` is the crate's `ErrorBody`: the error types the spec declares, decoded. The crate root
/// names `Error` with it filled in, so callers see a single error type.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<B> {
    /// The server answered with a status that is not a success.
    #[error("{0}")]
    Api(Box<ApiError<B>>),
    /// A success response whose body does not match the spec's type.
    #[error("could not decode the {status} response body at `{path}`: {source}")]
    Decode {
        /// Status of the response.
        status: StatusCode,
        /// Path of the field that failed, e.g. `data[3].timestamp` (`.` for the whole body).
        path: String,
        /// The body as received.
        body: String,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },
    /// No response arrived within the timeout.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// Connecting, sending or reading failed.
    #[error("HTTP transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request could not be built (for example a header value with a newline).
    #[error("invalid request: {0}")]
    Request(String),
    /// The client was configured wrongly.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// Reading the pages of a paged operation stopped: the server's answers would loop (a
    /// cursor sent twice, an empty page that says more follow, a position that does not move).
    #[error("{0}")]
    Paging(PagingError),
}

/// A response whose status is not a success.
pub struct ApiError<B> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body decoded into the error type the spec declares for this status, when it
    /// declares one and the body matches it.
    pub body: Option<B>,
    /// The body as text.
    pub text: String,
}

impl<B: fmt::Debug> fmt::Debug for ApiError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("body", &self.body)
            .field("text", &self.text)
            .finish_non_exhaustive()
    }
}

impl<B> fmt::Display for ApiError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 300;
        write!(f, "the server answered {}", self.status)?;
        let text = self.text.trim();
        if !text.is_empty() {
            let cut = text
                .char_indices()
                .nth(SHOWN)
                .map_or(text.len(), |(i, _)| i);
            let more = if cut < text.len() { "..." } else { "" };
            write!(f, ": {}{more}", &text[..cut])?;
        }
        Ok(())
    }
}

impl<B> Error<B> {
    /// The HTTP status, for errors that have a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The decoded error body, when the server sent one of the declared error types.
    pub fn body(&self) -> Option<&B> {
        match self {
            Error::Api(e) => e.body.as_ref(),
            _ => None,
        }
    }

    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        let e = super::auth::scrub(e);
        if e.is_timeout() {
            Error::Timeout(e)
        } else {
            Error::Transport(e)
        }
    }
}
