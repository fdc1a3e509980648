//! When to retry a request and how long to wait first.
//!
//! Retried: 408, 429 and 5xx answers, and failures to connect. The wait is the server's when
//! it gives one (`Retry-After` in seconds or as an HTTP date, else `X-RateLimit-Reset` in
//! seconds or as a Unix time) and it is at most [`MAX_DELAY`]; otherwise exponential backoff
//! from the base delay (1 s by default: 1, 2, 4, ... s, capped at [`MAX_DELAY`]), each wait
//! shortened by a random jitter of up to a quarter so that clients do not retry in step.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The longest wait between two attempts.
pub const MAX_DELAY: Duration = Duration::from_secs(60);

/// Whether an answer with this status is worth another attempt.
pub fn retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
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
