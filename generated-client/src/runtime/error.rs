//! The one error type of the client.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::paging::PagingError;
use super::retry::Attempts;

/// What a middleware or the HTTP client failed with.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

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
    /// No response head arrived within the timeout of an attempt, or a body did not arrive
    /// within its read limits.
    #[error(transparent)]
    Timeout(Box<TransportError>),
    /// Connecting, sending or reading failed.
    #[error(transparent)]
    Transport(Box<TransportError>),
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

/// A request that got no answer: [`Error::Timeout`] or [`Error::Transport`].
#[derive(Debug)]
pub struct TransportError {
    what: String,
    source: Option<BoxError>,
    /// How many attempts were made, and why no more.
    pub attempts: Attempts,
}

impl TransportError {
    pub(crate) fn new(what: String, source: Option<BoxError>, attempts: Attempts) -> Self {
        TransportError {
            what,
            source,
            attempts,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.what, self.attempts)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
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
    /// How many attempts were made, and why no more.
    pub attempts: Attempts,
}

impl<B: fmt::Debug> fmt::Debug for ApiError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("body", &self.body)
            .field("text", &self.text)
            .field("attempts", &self.attempts)
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
        write!(f, "{}", self.attempts)
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

    /// How many attempts the call made and why no more, for the errors of a call that got no
    /// answer or an error status.
    pub fn attempts(&self) -> Option<&Attempts> {
        match self {
            Error::Api(e) => Some(&e.attempts),
            Error::Timeout(e) | Error::Transport(e) => Some(&e.attempts),
            _ => None,
        }
    }

    /// A failure of reqwest (its URL's query values scrubbed: they may hold a key).
    pub(crate) fn from_reqwest(e: reqwest::Error, attempts: Attempts) -> Self {
        let e = super::auth::scrub(e);
        let timeout = e.is_timeout();
        let what = if timeout {
            "the request timed out".to_owned()
        } else {
            format!("HTTP transport error: {e}")
        };
        Error::transport(timeout, what, Some(Box::new(e)), attempts)
    }

    /// [`Error::Timeout`] when `timeout`, else [`Error::Transport`].
    pub(crate) fn transport(
        timeout: bool,
        what: String,
        source: Option<BoxError>,
        attempts: Attempts,
    ) -> Self {
        let e = Box::new(TransportError::new(what, source, attempts));
        if timeout {
            Error::Timeout(e)
        } else {
            Error::Transport(e)
        }
    }
}
