//! Receiving webhooks: Svix signature checks, and the helpers the generated `webhooks::Event`
//! decodes with.
//!
//! Junction sends its webhooks through [Svix](https://docs.svix.com/receiving/verifying-payloads/how-manual).
//! Each request carries three headers: `svix-id` (the message id), `svix-timestamp` (Unix
//! seconds) and `svix-signature` (space-separated `v1,<base64>` entries). A signature is the
//! HMAC-SHA256, keyed with the endpoint's secret (`whsec_` + base64), of
//! `{id}.{timestamp}.{body}`. [`Webhook::verify`] checks that one `v1` entry matches and that
//! the timestamp is within five minutes of now, so an old message cannot be replayed.
//! When the `svix-` headers are absent, the `webhook-` ones of the Standard Webhooks
//! specification (which Svix also sends) are read instead, as Svix's own libraries do.
//!
//! Verify the body exactly as received, before parsing it: JSON written again from a parsed
//! value is not the same bytes and does not verify.
//!
//! [`Webhook::receive`] verifies, then decodes the body with [`WebhookEvent::from_body`]: the
//! generated `webhooks::Event` implements it with [`read_tag`], [`decode`] and [`unknown`],
//! so that an event type the client does not know yet arrives whole as an [`UnknownEvent`].
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use junction::runtime::webhook::Webhook;
//!
//! let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! let body = br#"{"event_type": "daily.data.sleep.created"}"#;
//! let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
//!
//! let mut headers = http::HeaderMap::new();
//! headers.insert("svix-id", "msg_1".parse()?);
//! headers.insert("svix-timestamp", "1700000000".parse()?);
//! headers.insert("svix-signature", webhook.sign("msg_1", 1_700_000_000, body).parse()?);
//! webhook.verify_at(&headers, body, now)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use super::webhook_event::{decode, read_tag, unknown, UnknownEvent, WebhookEvent};

/// How far a message's timestamp may be from now, either way, unless [`Webhook::tolerance`]
/// says otherwise: five minutes, as in Svix's libraries.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The prefix Svix writes before the base64 of a secret.
const SECRET_PREFIX: &str = "whsec_";
/// The only signature version this client checks; entries of other versions are skipped.
const VERSION: &str = "v1";
/// Bytes in an HMAC-SHA256 signature.
const SIGNATURE_LEN: usize = 32;
/// How much of a bad header value an error message quotes.
const QUOTED: usize = 40;

/// The names of the three headers of one convention.
struct Names {
    id: &'static str,
    timestamp: &'static str,
    signature: &'static str,
}

/// Svix's own header names.
const SVIX: Names = Names {
    id: "svix-id",
    timestamp: "svix-timestamp",
    signature: "svix-signature",
};

/// The Standard Webhooks names, which Svix sends as well.
const STANDARD_WEBHOOKS: Names = Names {
    id: "webhook-id",
    timestamp: "webhook-timestamp",
    signature: "webhook-signature",
};

/// The signing secret of a webhook endpoint, and how far from now a message's timestamp may be.
///
/// `Debug` never shows the key.
#[derive(Clone)]
pub struct Webhook {
    /// HMAC-SHA256 keyed with the decoded secret, cloned for each message.
    mac: Hmac<Sha256>,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("key", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Webhook {
    /// A verifier for the endpoint whose signing secret is `secret`: `whsec_` followed by
    /// base64, as the dashboard shows it, or the base64 alone. Whitespace around it (a
    /// trailing newline from a file) is ignored.
    ///
    /// Fails with [`WebhookError::InvalidSecret`] when the secret is empty or not base64.
    pub fn new(secret: &str) -> Result<Webhook, WebhookError> {
        let secret = secret.trim();
        let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
        if encoded.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        let key = BASE64
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret)?;
        let mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| WebhookError::InvalidSecret)?;
        Ok(Webhook {
            mac,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// How far a message's timestamp may be before or after now ([`DEFAULT_TOLERANCE`],
    /// five minutes, unless set). Whole seconds count; a fraction is dropped.
    pub fn tolerance(self, tolerance: Duration) -> Webhook {
        Webhook { tolerance, ..self }
    }

    /// Checks the `svix-id`, `svix-timestamp` and `svix-signature` headers (or the three
    /// `webhook-` ones) against the raw `body`, as received, at the current time.
    pub fn verify(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) as if the time were `now`: for tests, and for messages
    /// stored and checked again later.
    pub fn verify_at(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let names = names_in(headers);
        let id = header(headers, names.id)?;
        let timestamp = header(headers, names.timestamp)?;
        let signatures = header(headers, names.signature)?;
        self.check(names, id, timestamp, signatures, body, now)
    }

    /// The same check for callers that hold the three header values as strings: `id`
    /// (`svix-id`), `timestamp` (`svix-timestamp`) and `signatures` (`svix-signature`).
    pub fn verify_parts(
        &self,
        id: &str,
        timestamp: &str,
        signatures: &str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        for (name, value) in [
            (SVIX.id, id),
            (SVIX.timestamp, timestamp),
            (SVIX.signature, signatures),
        ] {
            if !value.bytes().all(is_visible) {
                return Err(not_visible(name));
            }
        }
        self.check(&SVIX, id, timestamp, signatures, body, now)
    }

    /// The `svix-signature` entry (`v1,<base64>`) of a message: for signing test messages
    /// that [`verify`](Self::verify) accepts.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let signature = self.mac_of(id, timestamp, body).finalize().into_bytes();
        format!("{VERSION},{}", BASE64.encode(signature))
    }

    /// [`verify`](Self::verify), then the event decoded from the body by
    /// [`WebhookEvent::from_body`].
    pub fn receive<E: WebhookEvent>(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<E, WebhookError> {
        self.receive_at(headers, body, SystemTime::now())
    }

    /// [`receive`](Self::receive) as if the time were `now`.
    pub fn receive_at<E: WebhookEvent>(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<E, WebhookError> {
        self.verify_at(headers, body, now)?;
        E::from_body(body)
    }

    /// The MAC over `{id}.{timestamp}.{body}`, not yet finalized.
    fn mac_of(&self, id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// The checks of a message whose header values are visible ASCII: id, timestamp window,
    /// then the signatures.
    fn check(
        &self,
        names: &Names,
        id: &str,
        timestamp: &str,
        signatures: &str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        if id.is_empty() {
            return Err(WebhookError::InvalidHeader {
                header: names.id,
                reason: "it is empty".to_owned(),
            });
        }
        let timestamp: i64 = timestamp.parse().map_err(|_| WebhookError::InvalidHeader {
            header: names.timestamp,
            reason: format!("`{}` is not a Unix time in whole seconds", quote(timestamp)),
        })?;
        let now = unix_seconds(now);
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if timestamp < now.saturating_sub(tolerance) {
            return Err(WebhookError::TooOld { timestamp, now });
        }
        if timestamp > now.saturating_add(tolerance) {
            return Err(WebhookError::TooNew { timestamp, now });
        }

        let mac = self.mac_of(id, timestamp, body);
        let mut candidates = 0_usize;
        for entry in signatures.split(' ') {
            let Some((VERSION, encoded)) = entry.split_once(',') else {
                continue;
            };
            let Ok(signature) = BASE64.decode(encoded) else {
                continue;
            };
            if signature.len() != SIGNATURE_LEN {
                continue;
            }
            candidates += 1;
            // Constant time: how much of a guess matches does not show in the timing.
            if mac.clone().verify_slice(&signature).is_ok() {
                return Ok(());
            }
        }
        if candidates == 0 {
            return Err(WebhookError::InvalidHeader {
                header: names.signature,
                reason: format!("it has no `{VERSION},<base64 of 32 bytes>` entry"),
            });
        }
        Err(WebhookError::InvalidSignature)
    }
}

/// The convention `headers` use: Svix's when all three of its headers are there, else the
/// Standard Webhooks one when all three of its are, else the one with more of its headers
/// present (Svix's on a tie), whose first missing header the error then names. Like Svix's
/// Python and JavaScript libraries, the two are never mixed in one message.
fn names_in(headers: &http::HeaderMap) -> &'static Names {
    let present = |names: &Names| {
        [names.id, names.timestamp, names.signature]
            .into_iter()
            .filter(|name| headers.contains_key(*name))
            .count()
    };
    let (svix, standard) = (present(&SVIX), present(&STANDARD_WEBHOOKS));
    if svix == 3 || standard <= svix {
        &SVIX
    } else {
        &STANDARD_WEBHOOKS
    }
}

/// The value of the header `name` as text.
fn header<'h>(headers: &'h http::HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    headers
        .get(name)
        .ok_or(WebhookError::MissingHeader { header: name })?
        .to_str()
        .map_err(|_| not_visible(name))
}

/// The byte set `http::HeaderValue::to_str` accepts: visible ASCII, space and tab.
fn is_visible(byte: u8) -> bool {
    byte == b'\t' || (0x20..0x7f).contains(&byte)
}

/// The error for a header value that is not visible ASCII.
fn not_visible(name: &'static str) -> WebhookError {
    WebhookError::InvalidHeader {
        header: name,
        reason: "it holds characters that are not visible ASCII".to_owned(),
    }
}

/// The start of a header value, for an error message.
fn quote(value: &str) -> String {
    match value.char_indices().nth(QUOTED) {
        Some((cut, _)) => format!("{}...", &value[..cut]),
        None => value.to_owned(),
    }
}

/// `time` in whole seconds since 1970, negative before it, saturating.
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            0_i64.saturating_sub(i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX))
        }
    }
}

/// Why a webhook was rejected or could not be decoded. No message contains the secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the check needs is absent.
    #[error("the webhook request has no `{header}` header: the request was not sent by the API's webhook sender (Svix), or a proxy dropped the header")]
    MissingHeader {
        /// `svix-id`, `svix-timestamp` or `svix-signature` (or the `webhook-` name).
        header: &'static str,
    },
    /// A header is present but cannot be read.
    #[error("the webhook header `{header}` is invalid: {reason}")]
    InvalidHeader {
        /// The header's name.
        header: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// The secret given to [`Webhook::new`] is empty or not base64.
    #[error("the webhook secret is not `whsec_` followed by base64: copy the endpoint's signing secret again from the dashboard")]
    InvalidSecret,
    /// No `v1` signature of the message matches its id, timestamp and body.
    #[error("no webhook signature matches: check that the secret is this endpoint's, and that the body is verified exactly as received, not parsed and written again")]
    InvalidSignature,
    /// The message's timestamp is further in the past than the tolerance: a replay, or a
    /// clock that is behind.
    #[error("the webhook timestamp {timestamp} is {} s before now ({now}), beyond the tolerance: a replayed message, or a clock out of sync", now.saturating_sub(*timestamp))]
    TooOld {
        /// The `svix-timestamp` value, Unix seconds.
        timestamp: i64,
        /// The time of the check, Unix seconds.
        now: i64,
    },
    /// The message's timestamp is further in the future than the tolerance.
    #[error("the webhook timestamp {timestamp} is {} s after now ({now}), beyond the tolerance: a clock out of sync", timestamp.saturating_sub(*now))]
    TooNew {
        /// The `svix-timestamp` value, Unix seconds.
        timestamp: i64,
        /// The time of the check, Unix seconds.
        now: i64,
    },
    /// The body is not JSON, not a JSON object, or its tag is not a string.
    #[error(
        "the webhook body is not JSON of the expected shape: {}",
        one_line(source)
    )]
    NotJson {
        /// What serde said, with the line and column.
        source: serde_json::Error,
        /// The body as text (invalid UTF-8 replaced).
        body: String,
    },
    /// The body has no field naming its event.
    #[error("the webhook body has no `{tag}` field saying which event it is")]
    MissingTag {
        /// The name of the tag field.
        tag: &'static str,
        /// The body as text (invalid UTF-8 replaced).
        body: String,
    },
    /// The body of a known event does not match the event's type.
    #[error(
        "the `{}` webhook body does not match its type at `{}`: {}",
        one_line(event),
        one_line(path),
        one_line(source)
    )]
    Decode {
        /// The event, as named by its tag.
        event: String,
        /// Path of the field that failed, e.g. `data.items[0].value` (`.` for the whole body).
        path: String,
        /// What serde said.
        source: serde_json::Error,
        /// The body as text (invalid UTF-8 replaced).
        body: String,
    },
}

/// `text` on one line: control characters (a newline in a JSON key that serde quotes, say)
/// written as escapes.
fn one_line(text: &impl fmt::Display) -> String {
    let text = text.to_string();
    if !text.chars().any(char::is_control) {
        return text;
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn svix_names_win_when_complete_or_tied() {
        let all_svix = headers(&[
            ("svix-id", "a"),
            ("svix-timestamp", "1"),
            ("svix-signature", "s"),
        ]);
        assert_eq!(names_in(&all_svix).id, "svix-id");
        assert_eq!(names_in(&http::HeaderMap::new()).id, "svix-id");
        let mixed = headers(&[
            ("svix-id", "a"),
            ("webhook-id", "a"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "s"),
        ]);
        assert_eq!(names_in(&mixed).id, "webhook-id");
        let partial = headers(&[("webhook-id", "a"), ("webhook-timestamp", "1")]);
        assert_eq!(names_in(&partial).signature, "webhook-signature");
    }

    #[test]
    fn unix_seconds_saturate_and_go_below_zero() {
        assert_eq!(unix_seconds(UNIX_EPOCH), 0);
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_secs(10)), -10);
        assert_eq!(unix_seconds(UNIX_EPOCH + Duration::from_secs(10)), 10);
    }

    #[test]
    fn quotes_are_cut() {
        assert_eq!(quote("123"), "123");
        assert_eq!(
            quote(&"9".repeat(100)),
            format!("{}...", "9".repeat(QUOTED))
        );
    }

    #[test]
    fn visible_matches_header_value_to_str() {
        for byte in 0..=u8::MAX {
            if let Ok(value) = http::HeaderValue::from_bytes(&[b'a', byte, b'a']) {
                assert_eq!(value.to_str().is_ok(), is_visible(byte), "byte {byte}");
            }
        }
    }
}
