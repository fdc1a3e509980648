//! Decoding a verified webhook body: the helpers the generated `webhooks::Event` calls.
//!
//! The event's type is read first ([`read_tag`], which builds nothing but the tag), then the
//! body is decoded as that event's payload ([`decode`]), or kept whole as an [`UnknownEvent`]
//! when the client does not know the type ([`unknown`]). These are re-exported from
//! [`webhook`](super::webhook), where callers find them.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::webhook::WebhookError;

/// A webhook event type decoded from a verified body.
///
/// The generated `webhooks::Event` implements it when the spec's webhook payloads carry a tag
/// field naming the event; `serde_json::Value` implements it for any JSON body.
pub trait WebhookEvent: Sized {
    /// The event in `body`, the raw bytes of the request.
    fn from_body(body: &[u8]) -> Result<Self, WebhookError>;
}

impl WebhookEvent for serde_json::Value {
    fn from_body(body: &[u8]) -> Result<Self, WebhookError> {
        serde_json::from_slice(body).map_err(|source| not_json(source, body))
    }
}

/// An event this client does not know yet: its tag (or the name the caller gave) and the raw
/// JSON, kept whole.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownEvent {
    /// The event's type, as its tag names it.
    pub event_type: String,
    /// The whole body.
    pub body: serde_json::Value,
}

/// The string value of the top-level field `tag` of the JSON object `body`, or `None` when the
/// object has no such field. Nothing else of the body is kept in memory: the other fields are
/// read past, not built.
///
/// Fails with [`WebhookError::NotJson`] when the body is not a JSON object, or the field is not
/// a string or appears twice.
pub fn read_tag(body: &[u8], tag: &str) -> Result<Option<String>, WebhookError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    de::Deserializer::deserialize_map(&mut de, TagVisitor { tag })
        .and_then(|found| de.end().map(|()| found))
        .map_err(|source| not_json(source, body))
}

/// `body` decoded as `T`, the payload of the event `event`. On failure,
/// [`WebhookError::Decode`] names the event and the path of the field that failed.
pub fn decode<T: DeserializeOwned>(event: &str, body: &[u8]) -> Result<T, WebhookError> {
    let fail = |path: String, source| WebhookError::Decode {
        event: event.to_owned(),
        path,
        source,
        body: String::from_utf8_lossy(body).into_owned(),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| fail(e.path().to_string(), e.into_inner()))?;
    de.end().map_err(|e| fail(".".to_owned(), e))?;
    Ok(value)
}

/// An [`UnknownEvent`] of type `event_type` holding `body`; [`WebhookError::NotJson`] when
/// the body is not JSON.
pub fn unknown(event_type: impl Into<String>, body: &[u8]) -> Result<UnknownEvent, WebhookError> {
    let value = serde_json::from_slice(body).map_err(|source| not_json(source, body))?;
    Ok(UnknownEvent {
        event_type: event_type.into(),
        body: value,
    })
}

/// Reads a JSON object, keeping only the string value of the field `tag`.
struct TagVisitor<'t> {
    tag: &'t str,
}

impl<'de> Visitor<'de> for TagVisitor<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object with a string field `{}`", self.tag)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(is_tag) = map.next_key_seed(KeyIs(self.tag))? {
            if !is_tag {
                map.next_value::<IgnoredAny>()?;
            } else if found.is_some() {
                return Err(de::Error::custom(format_args!(
                    "the field `{}` appears twice",
                    self.tag
                )));
            } else {
                found = Some(map.next_value_seed(TagValue(self.tag))?);
            }
        }
        Ok(found)
    }
}

/// Reads an object key, answering whether it is the tag, without allocating.
struct KeyIs<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// Reads the tag's value, which must be a string.
struct TagValue<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for TagValue<'_> {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TagValue<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string naming the event in field `{}`", self.0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }
}

/// The error for a body that is not the JSON expected, carrying the body as text.
fn not_json(source: serde_json::Error, body: &[u8]) -> WebhookError {
    WebhookError::NotJson {
        source,
        body: String::from_utf8_lossy(body).into_owned(),
    }
}
