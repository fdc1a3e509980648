//! When to retry a request and how long to wait first.
//!
//! What is retried depends on what the server could have done with the request:
//!
//! | outcome of an attempt | idempotent method or idempotency key | POST, PATCH without a key |
//! |---|---|---|
//! | could not connect (nothing was sent) | retried | retried |
//! | 429, 503 (the server did not act on it) | retried | retried |
//! | 408, 500, 502, 504, other 5xx | retried | not retried: it may have been applied |
//! | no response head in time, connection lost after sending | retried | not retried |
//! | other answers | not retried | not retried |
//!
//! Idempotent methods are GET, HEAD, OPTIONS, PUT, DELETE and TRACE.
//!
//! The wait is the server's when it gives one (`Retry-After` in seconds or as an HTTP date,
//! else `X-RateLimit-Reset` in seconds or as a Unix time) and it is at most [`MAX_DELAY`];
//! otherwise exponential backoff from the base delay (1 s by default: 1, 2, 4, ... s, capped
//! at [`MAX_DELAY`]), each wait shortened by a random jitter of up to a quarter so that
//! clients do not retry in step.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// The longest wait between two attempts.
pub const MAX_DELAY: Duration = Duration::from_secs(60);

/// Whether an answer with this status is worth another attempt.
pub fn retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// Whether sending a request with this method twice has the effect of sending it once (RFC 9110,
/// 9.2.2).
pub fn idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
        Method::TRACE,
    ]
    .contains(method)
}

/// What came of one attempt, as far as retrying it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status.
    Answered(StatusCode),
    /// No connection could be made: nothing was sent.
    NotConnected,
    /// The request may have reached the server, but no answer came: the connection was lost
    /// or the response head did not arrive in time.
    NoAnswer,
}

/// Whether an attempt that came to `outcome` is worth another, for a request that is safe to
/// send twice (`safe`: an idempotent method, or one carrying an idempotency key) or not.
///
/// A request that is not safe is sent again only when the server provably did not act on it.
pub fn worth_retrying(outcome: Outcome, safe: bool) -> bool {
    match outcome {
        Outcome::NotConnected => true,
        Outcome::Answered(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE) => true,
        Outcome::Answered(status) => safe && retryable_status(status),
        Outcome::NoAnswer => safe,
    }
}

/// Why a call makes no more attempts after one that came to `outcome`, or `None` to make
/// another: for a request `safe` to send twice or not, with retries turned `off`, and whether
/// the retries `max_retries` allows are `used_up`.
pub fn stop(
    outcome: Outcome,
    safe: bool,
    off: bool,
    used_up: bool,
    method: &Method,
) -> Option<Stop> {
    if !worth_retrying(outcome, true) {
        Some(Stop::Final)
    } else if off {
        Some(Stop::Off)
    } else if !worth_retrying(outcome, safe) {
        Some(Stop::MayHaveBeenApplied(method.clone()))
    } else if used_up {
        Some(Stop::MaxRetries)
    } else {
        None
    }
}

/// How many attempts a call made, and why it made no more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempts {
    /// Attempts made, the first one included.
    pub made: u32,
    /// Why there was no other.
    pub stop: Stop,
}

/// Why a call made no more attempts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stop {
    /// The last outcome is not one that is retried (a success, a 404, ...).
    Final,
    /// Every retry `max_retries` allows was made.
    MaxRetries,
    /// The outcome would be retried for an idempotent request, but this one (a POST or PATCH
    /// without an idempotency key) may have been applied by the server, so it was not repeated.
    MayHaveBeenApplied(Method),
    /// Retries were turned off for this call (`RequestOptions::retry(false)`).
    Off,
}

/// Nothing for a single attempt that ended for good; else ` (N attempts; why no more)`, to
/// follow an error's message.
impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let made = self.made;
        let plural = if made == 1 { "" } else { "s" };
        match &self.stop {
            Stop::Final if made == 1 => Ok(()),
            Stop::Final => write!(f, " ({made} attempts)"),
            Stop::MaxRetries => write!(
                f,
                " ({made} attempt{plural}; no retry left: max_retries is {})",
                made - 1
            ),
            Stop::MayHaveBeenApplied(method) => write!(
                f,
                " ({made} attempt{plural}; not retried: the server may have applied this {method}, \
                 and it has no idempotency key)"
            ),
            Stop::Off => write!(
                f,
                " ({made} attempt{plural}; retries are off for this call)"
            ),
        }
    }
}

/// The backoff before attempt `retry` (1 for the first retry), without the server's say.
pub fn backoff(base: Duration, retry: u32) -> Duration {
    let exp = base.saturating_mul(1u32 << retry.saturating_sub(1).min(16));
    let capped = exp.min(MAX_DELAY);
    // Up to a quarter less, at random.
    capped.mul_f64(1.0 - 0.25 * fastrand::f64())
}

/// The wait the server asks for, if it says and it is not longer than [`MAX_DELAY`].
pub fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let delay = if let Some(value) = text("retry-after") {
        match value.parse::<f64>() {
            Ok(seconds) => Duration::try_from_secs_f64(seconds).ok(),
            Err(_) => httpdate::parse_http_date(value)
                .ok()
                .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
        }
    } else if let Some(value) = text("x-ratelimit-reset") {
        let number = value.parse::<f64>().ok()?;
        // A large number is a Unix time; a small one, seconds from now.
        if number > 1_000_000_000.0 {
            let at = SystemTime::UNIX_EPOCH + Duration::try_from_secs_f64(number).ok()?;
            Some(at.duration_since(now).unwrap_or(Duration::ZERO))
        } else {
            Duration::try_from_secs_f64(number).ok()
        }
    } else {
        None
    };
    delay.filter(|d| *d <= MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(retryable_status(StatusCode::from_u16(s).unwrap()), "{s}");
        }
        for s in [200, 400, 401, 404, 409, 422] {
            assert!(!retryable_status(StatusCode::from_u16(s).unwrap()), "{s}");
        }
    }

    #[test]
    fn what_is_retried_by_method_and_outcome() {
        use Outcome::*;
        let status = |s| Answered(StatusCode::from_u16(s).unwrap());
        for outcome in [NotConnected, status(429), status(503)] {
            assert!(worth_retrying(outcome, false), "{outcome:?}");
            assert!(worth_retrying(outcome, true), "{outcome:?}");
        }
        for outcome in [status(408), status(500), status(502), status(504), NoAnswer] {
            assert!(!worth_retrying(outcome, false), "{outcome:?}");
            assert!(worth_retrying(outcome, true), "{outcome:?}");
        }
        for outcome in [status(200), status(400), status(404), status(409)] {
            assert!(!worth_retrying(outcome, true), "{outcome:?}");
        }
        assert!(idempotent(&Method::PUT) && idempotent(&Method::GET));
        assert!(!idempotent(&Method::POST) && !idempotent(&Method::PATCH));
    }

    #[test]
    fn why_a_call_stops() {
        let status = |s| Outcome::Answered(StatusCode::from_u16(s).unwrap());
        let post = Method::POST;
        assert_eq!(
            stop(status(200), false, false, false, &post),
            Some(Stop::Final)
        );
        assert_eq!(
            stop(status(404), true, false, false, &post),
            Some(Stop::Final)
        );
        assert_eq!(
            stop(status(500), false, false, false, &post),
            Some(Stop::MayHaveBeenApplied(Method::POST))
        );
        assert_eq!(stop(status(500), true, false, false, &post), None);
        assert_eq!(stop(status(503), false, false, false, &post), None);
        assert_eq!(
            stop(status(503), false, true, false, &post),
            Some(Stop::Off)
        );
        assert_eq!(
            stop(Outcome::NoAnswer, true, false, true, &post),
            Some(Stop::MaxRetries)
        );
    }

    #[test]
    fn attempts_say_why_they_stopped() {
        let text = |made, stop| Attempts { made, stop }.to_string();
        assert_eq!(text(1, Stop::Final), "");
        assert_eq!(text(2, Stop::Final), " (2 attempts)");
        assert_eq!(
            text(3, Stop::MaxRetries),
            " (3 attempts; no retry left: max_retries is 2)"
        );
        assert_eq!(
            text(1, Stop::MayHaveBeenApplied(Method::POST)),
            " (1 attempt; not retried: the server may have applied this POST, and it has no \
             idempotency key)"
        );
        assert_eq!(
            text(1, Stop::Off),
            " (1 attempt; retries are off for this call)"
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let base = Duration::from_secs(1);
        for (retry, full) in [(1, 1.0), (2, 2.0), (3, 4.0), (7, 60.0), (40, 60.0)] {
            let d = backoff(base, retry).as_secs_f64();
            assert!(d <= full && d >= full * 0.75, "retry {retry}: {d}");
        }
    }

    #[test]
    fn server_delays() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            server_delay(&headers("retry-after", "3"), now),
            Some(Duration::from_secs(3))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(
            server_delay(&headers("retry-after", &date), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            server_delay(&headers("x-ratelimit-reset", "2"), now),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            server_delay(&headers("x-ratelimit-reset", "1700000010"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(server_delay(&headers("retry-after", "3600"), now), None);
        assert_eq!(server_delay(&HeaderMap::new(), now), None);
    }
}
