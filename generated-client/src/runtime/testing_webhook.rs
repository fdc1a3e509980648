//! Signed webhook messages for tests (feature `testing`): a typed event or raw bytes signed
//! with an endpoint's `whsec_` secret the way Svix signs them, to call a handler with
//! directly or to POST to it.

use std::time::{SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderValue};
use serde::Serialize;

use super::webhook::{Webhook, WebhookError};

/// A webhook message as Svix sends it: the `svix-id`, `svix-timestamp` and `svix-signature`
/// headers (and `content-type: application/json`) with the body they sign.
#[derive(Clone, Debug)]
pub struct SignedWebhook {
    /// The headers, signature included.
    pub headers: HeaderMap,
    /// The body the signature covers.
    pub body: Vec<u8>,
}

impl SignedWebhook {
    /// `event` as JSON, signed with `secret` (`whsec_...`) now, with a fresh message id.
    pub fn event<T: Serialize + ?Sized>(secret: &str, event: &T) -> Result<Self, WebhookError> {
        let body = serde_json::to_vec(event).expect("an event serializes to JSON");
        Self::bytes(secret, body)
    }

    /// `body` as it is, signed with `secret` now, with a fresh message id.
    pub fn bytes(secret: &str, body: impl Into<Vec<u8>>) -> Result<Self, WebhookError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let id = format!("msg_{}", uuid::Uuid::new_v4().simple());
        Self::signed_at(secret, &id, now, body.into())
    }

    /// `body` signed with `secret` as the message `id` sent at `timestamp` (Unix seconds): for
    /// a message that is too old, or one sent twice.
    pub fn signed_at(
        secret: &str,
        id: &str,
        timestamp: i64,
        body: Vec<u8>,
    ) -> Result<Self, WebhookError> {
        let signature = Webhook::new(secret)?.sign(id, timestamp, &body);
        let mut headers = HeaderMap::new();
        let text = |s: &str| HeaderValue::from_str(s).map_err(|_| WebhookError::InvalidSecret);
        headers.insert("svix-id", text(id)?);
        headers.insert("svix-timestamp", HeaderValue::from(timestamp));
        headers.insert("svix-signature", text(&signature)?);
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        Ok(SignedWebhook { headers, body })
    }

    /// POSTs the message to `url` (your running handler) and returns its answer.
    pub async fn post(&self, url: &str) -> Result<reqwest::Response, reqwest::Error> {
        reqwest::Client::new()
            .post(url)
            .headers(self.headers.clone())
            .body(self.body.clone())
            .send()
            .await
    }
}
