//! What a call returns: the decoded value ([`Parsed`], the default), or the value with the
//! response's status and headers ([`Raw`], from `.with_raw_response()` on a group client).

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// How a group client hands back a success.
///
/// `Copy`, `Send`, `Sync` and `'static` so that a client of either mode can be moved into the
/// stream of a paged operation (see [`Pages`](super::Pages)).
pub trait Mode: Copy + Send + Sync + 'static {
    /// What is kept of the response head before its body is read.
    type Head: Send + 'static;
    /// What a call returns for a body of type `T`.
    type Output<T>;
    /// Keeps what this mode needs of the response head.
    fn head(status: StatusCode, headers: &HeaderMap) -> Self::Head;
    /// The call's result from the kept head and the decoded body.
    fn output<T>(head: Self::Head, value: T) -> Self::Output<T>;
    /// The decoded body of a call's result.
    fn value<T>(output: &Self::Output<T>) -> &T;
    /// The decoded body of a call's result, without the rest.
    fn into_value<T>(output: Self::Output<T>) -> T;
}

/// Calls return the decoded body: `client.user().get(id)` gives the user.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parsed;

impl Mode for Parsed {
    type Head = ();
    type Output<T> = T;

    fn head(_: StatusCode, _: &HeaderMap) -> Self::Head {}

    fn output<T>(_: (), value: T) -> T {
        value
    }

    fn value<T>(output: &T) -> &T {
        output
    }

    fn into_value<T>(output: T) -> T {
        output
    }
}

/// Calls return [`WithResponse`]: the decoded body, the status and the headers, for
/// rate-limit headers, request ids and debugging.
#[derive(Clone, Copy, Debug, Default)]
pub struct Raw;

impl Mode for Raw {
    type Head = (StatusCode, HeaderMap);
    type Output<T> = WithResponse<T>;

    fn head(status: StatusCode, headers: &HeaderMap) -> Self::Head {
        (status, headers.clone())
    }

    fn output<T>((status, headers): Self::Head, value: T) -> WithResponse<T> {
        WithResponse {
            status,
            headers,
            value,
        }
    }

    fn value<T>(output: &WithResponse<T>) -> &T {
        &output.value
    }

    fn into_value<T>(output: WithResponse<T>) -> T {
        output.value
    }
}

/// A decoded body with the status and headers of its response.
#[derive(Clone, Debug)]
pub struct WithResponse<T> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub value: T,
}

impl<T> WithResponse<T> {
    /// The body, without the rest.
    pub fn into_value(self) -> T {
        self.value
    }
}
