//! The decoding helpers (`read_tag`, `decode`, `unknown`) behind an event type shaped like the
//! generated `webhooks::Event`, and the messages of every error.

use http::HeaderMap;
use junction::runtime::webhook::{
    decode, read_tag, unknown, UnknownEvent, Webhook, WebhookError, WebhookEvent,
};
use serde::Deserialize;

use super::*;

/// A payload as the generator would write it.
#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct SleepCreated {
    event_type: String,
    user_id: String,
    data: Data,
}

#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct Data {
    items: Vec<Item>,
}

#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct Item {
    value: f64,
}

/// The shape of the generated `webhooks::Event`.
#[derive(Debug, PartialEq)]
pub(crate) enum Event {
    SleepCreated(SleepCreated),
    Unknown(UnknownEvent),
}

impl WebhookEvent for Event {
    fn from_body(body: &[u8]) -> Result<Self, WebhookError> {
        match read_tag(body, "event_type")?.as_deref() {
            Some("daily.data.sleep.created") => {
                decode("daily.data.sleep.created", body).map(Event::SleepCreated)
            }
            Some(other) => unknown(other, body).map(Event::Unknown),
            None => Err(WebhookError::MissingTag {
                tag: "event_type",
                body: String::from_utf8_lossy(body).into_owned(),
            }),
        }
    }
}

const SLEEP: &[u8] = br#"{"user_id": "u1", "data": {"items": [{"value": 7.5}]}, "event_type": "daily.data.sleep.created"}"#;

#[test]
fn receive_verifies_then_decodes() {
    let webhook = webhook();
    let headers = svix(ID, &TS.to_string(), &webhook.sign(ID, TS, SLEEP));
    let event: Event = webhook.receive_at(&headers, SLEEP, at(TS)).unwrap();
    assert_eq!(
        event,
        Event::SleepCreated(SleepCreated {
            event_type: "daily.data.sleep.created".into(),
            user_id: "u1".into(),
            data: Data {
                items: vec![Item { value: 7.5 }]
            },
        })
    );

    let body = br#"{"event_type": "labtest.order.updated", "data": {"id": 1}}"#;
    let headers = svix(ID, &TS.to_string(), &webhook.sign(ID, TS, body));
    let event: Event = webhook.receive_at(&headers, body, at(TS)).unwrap();
    assert_eq!(
        event,
        Event::Unknown(UnknownEvent {
            event_type: "labtest.order.updated".into(),
            body: serde_json::json!({"event_type": "labtest.order.updated", "data": {"id": 1}}),
        })
    );

    // Nothing is decoded before the signature is checked.
    let err = webhook
        .receive_at::<Event>(&svix(ID, &TS.to_string(), SIGNATURE), b"[", at(TS))
        .unwrap_err();
    assert!(matches!(err, WebhookError::InvalidSignature), "{err:?}");
}

#[test]
fn read_tag_finds_the_top_level_string_only() {
    let tag = |body: &str| read_tag(body.as_bytes(), "type");
    assert_eq!(tag(r#"{"type": "a.b"}"#).unwrap().as_deref(), Some("a.b"));
    assert_eq!(
        tag(r#"{"x": [1, {"type": 2}], "type": "a\u002eb\n", "y": null}"#)
            .unwrap()
            .as_deref(),
        Some("a.b\n")
    );
    assert_eq!(
        tag(r#"{"\u0074ype": "escaped key"}"#).unwrap().as_deref(),
        Some("escaped key")
    );
    assert_eq!(tag(r#"{}"#).unwrap(), None);
    assert_eq!(tag(r#"{"data": {"type": "nested"}}"#).unwrap(), None);
    assert_eq!(tag(r#" {"Type": "case matters"} "#).unwrap(), None);

    for body in [
        r#"{"type": 1}"#,
        r#"{"type": null}"#,
        r#"{"type": {"name": "a"}}"#,
        r#"{"type": ["a"]}"#,
        r#"{"type": "a", "type": "b"}"#,
        r#"["type", "a"]"#,
        r#""type""#,
        "42",
        "null",
        "",
        "{",
        r#"{"type": "a"} trailing"#,
        r#"{"type": "a",}"#,
        "\u{feff}{}",
    ] {
        let err = tag(body).unwrap_err();
        match &err {
            WebhookError::NotJson { body: kept, .. } => assert_eq!(kept, body),
            other => panic!("{body:?}: {other:?}"),
        }
    }
    let err = tag(r#"{"type": 5}"#).unwrap_err().to_string();
    assert!(
        err.contains("a string naming the event in field `type`"),
        "{err}"
    );
    let err = tag(r#"{"type": "a", "type": "b"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("appears twice"), "{err}");
}

#[test]
fn decode_names_the_event_and_the_path() {
    let ok: SleepCreated = decode("daily.data.sleep.created", SLEEP).unwrap();
    assert_eq!(ok.data.items[0].value, 7.5);

    let body = br#"{"event_type": "e", "user_id": "u", "data": {"items": [{"value": "high"}]}}"#;
    match decode::<SleepCreated>("daily.data.sleep.created", body).unwrap_err() {
        WebhookError::Decode {
            event,
            path,
            source,
            body: kept,
        } => {
            assert_eq!(event, "daily.data.sleep.created");
            assert_eq!(path, "data.items[0].value");
            assert!(source.to_string().contains("invalid type"), "{source}");
            assert_eq!(kept.as_bytes(), body);
        }
        other => panic!("{other:?}"),
    }
    let err =
        decode::<SleepCreated>("e", br#"{"event_type": "e", "data": {"items": []}}"#).unwrap_err();
    assert!(
        matches!(&err, WebhookError::Decode { path, .. } if path == "."),
        "{err:?}"
    );
    assert!(err.to_string().contains("missing field `user_id`"), "{err}");
    // Trailing bytes after the value are not ignored.
    let mut trailing = SLEEP.to_vec();
    trailing.extend_from_slice(b" x");
    assert!(matches!(
        decode::<SleepCreated>("e", &trailing),
        Err(WebhookError::Decode { .. })
    ));
    // Invalid UTF-8 is kept, replaced, in the error.
    match decode::<SleepCreated>("e", b"{\"user_id\": \"\xff\"}").unwrap_err() {
        WebhookError::Decode { body, .. } => assert!(body.contains('\u{fffd}')),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_keeps_any_json() {
    let event = unknown("a.b", br#"{"x": [1, 2.5, null]}"#).unwrap();
    assert_eq!(event.event_type, "a.b");
    assert_eq!(event.body, serde_json::json!({"x": [1, 2.5, null]}));
    assert_eq!(
        unknown(String::from("s"), b"[]").unwrap().body,
        serde_json::json!([])
    );
    for body in [&b""[..], b"{", b"nope", b"{} {}", b"\xff"] {
        assert!(
            matches!(unknown("a", body), Err(WebhookError::NotJson { .. })),
            "{body:?}"
        );
    }
}

// --- Messages ----------------------------------------------------------------------------------

#[test]
fn every_error_says_what_failed_on_one_line_without_the_secret() {
    let webhook = webhook();
    let ts = TS.to_string();
    let sleep_headers = svix(ID, &ts, &webhook.sign(ID, TS, SLEEP));
    let untagged = br#"{"data": 1}"#;
    let mismatched = br#"{"event_type": "daily.data.sleep.created", "user_id": 1}"#;
    let cases: Vec<(WebhookError, &str)> = vec![
        (
            webhook
                .verify_at(&HeaderMap::new(), BODY, at(TS))
                .unwrap_err(),
            "no `svix-id` header",
        ),
        (
            webhook
                .verify_parts(ID, "soon", SIGNATURE, BODY, at(TS))
                .unwrap_err(),
            "`svix-timestamp` is invalid: `soon` is not a Unix time in whole seconds",
        ),
        (
            Webhook::new("whsec_???").unwrap_err(),
            "copy the endpoint's signing secret",
        ),
        (
            webhook
                .verify_at(&svix(ID, &ts, RUST_SIGNATURE), BODY, at(TS))
                .unwrap_err(),
            "no webhook signature matches",
        ),
        (
            webhook
                .verify_at(&sleep_headers, SLEEP, at(TS + 400))
                .unwrap_err(),
            "is 400 s before now",
        ),
        (
            webhook
                .verify_at(&sleep_headers, SLEEP, at(TS - 400))
                .unwrap_err(),
            "is 400 s after now",
        ),
        (
            webhook
                .receive_at::<Event>(&svix(ID, &ts, SIGNATURE), BODY, at(TS))
                .unwrap_err(),
            "no `event_type` field",
        ),
        (
            read_tag(b"[1]", "event_type").unwrap_err(),
            "not JSON of the expected shape",
        ),
        (
            Event::from_body(untagged).unwrap_err(),
            "no `event_type` field",
        ),
        (
            Event::from_body(mismatched).unwrap_err(),
            "`daily.data.sleep.created` webhook body does not match its type at `user_id`",
        ),
        (
            // A key with a newline, which serde quotes as it is.
            decode::<std::collections::BTreeMap<String, u8>>("e", br#"{"a\nb": 300}"#).unwrap_err(),
            "at `a\\nb`",
        ),
    ];
    let mut seen = std::collections::HashSet::new();
    for (err, expected) in &cases {
        let text = err.to_string();
        assert!(text.contains(expected), "{text:?} lacks {expected:?}");
        assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
        assert_secret_absent(&text);
        assert_secret_absent(&format!("{err:?}"));
        seen.insert(std::mem::discriminant(err));
    }
    assert_eq!(seen.len(), 9, "every variant is produced by a real input");
}
