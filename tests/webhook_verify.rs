//! Webhook verification (`junction::runtime::webhook`): Svix's published test vectors, every
//! kind of tampering, each error with the input that produces it, the event-decoding helpers,
//! and a seeded property test over random headers and bodies.

// One test binary; its parts are files of their own.
#[path = "webhook_verify/events.rs"]
mod events;
#[path = "webhook_verify/random.rs"]
mod random;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use http::{HeaderMap, HeaderValue};
use junction::runtime::webhook::{Webhook, WebhookError, DEFAULT_TOLERANCE};

// The vector of Svix's SDK test suites: svix/svix-webhooks `python/tests/test_webhooks.py`
// (`test_sign_function`), `javascript/src/webhook.test.ts` ("sign function works") and
// `go/webhook_test.go` (`TestWebhookSign`).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: i64 = 1614265330;
const BODY: &[u8] = br#"{"test": 2432232314}"#;
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// The vector of svix/svix-webhooks `rust/src/webhooks.rs` (`test_sign`).
const RUST_SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const RUST_ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
const RUST_TS: i64 = 1649367553;
const RUST_BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;
const RUST_SIGNATURE: &str = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";

/// Unix seconds as a `SystemTime`.
fn at(seconds: i64) -> SystemTime {
    let span = Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 {
        UNIX_EPOCH.checked_add(span)
    } else {
        UNIX_EPOCH.checked_sub(span)
    }
    .expect("a time the platform holds")
}

/// The three `svix-` headers.
fn svix(id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    named("svix", id, timestamp, signature)
}

/// The three headers with the prefix `svix` or `webhook`.
fn named(prefix: &str, id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (suffix, value) in [
        ("id", id),
        ("timestamp", timestamp),
        ("signature", signature),
    ] {
        let name = http::HeaderName::try_from(format!("{prefix}-{suffix}")).unwrap();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
    }
    headers
}

fn webhook() -> Webhook {
    Webhook::new(SECRET).unwrap()
}

/// The vector's message with `signature`, checked at its own time.
fn verify_vector(signature: &str) -> Result<(), WebhookError> {
    webhook().verify_at(&svix(ID, &TS.to_string(), signature), BODY, at(TS))
}

/// Fails if `text` holds the secret in any form: the base64, with or without the prefix, the
/// key's bytes as text, in hex, or in a `Debug` list.
fn assert_secret_absent(text: &str) {
    let bare = SECRET.strip_prefix("whsec_").unwrap();
    let key = base64::engine::general_purpose::STANDARD
        .decode(bare)
        .unwrap();
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    for form in [
        SECRET.to_owned(),
        bare.to_owned(),
        bare[..12].to_owned(),
        String::from_utf8_lossy(&key).into_owned(),
        hex.clone(),
        hex.to_uppercase(),
        format!("{:?}", &key[..4]).trim_end_matches(']').to_owned(),
    ] {
        assert!(!text.contains(&form), "{text:?} contains {form:?}");
    }
}

// --- Svix's vectors ---------------------------------------------------------------------------

#[test]
fn the_svix_sdk_vector_signs_and_verifies() {
    let webhook = webhook();
    assert_eq!(webhook.sign(ID, TS, BODY), SIGNATURE);
    verify_vector(SIGNATURE).unwrap();
    webhook
        .verify_parts(ID, &TS.to_string(), SIGNATURE, BODY, at(TS))
        .unwrap();
    // `test_valid_signature_is_valid_and_returns_json` (python/tests/test_webhooks.py).
    let json: serde_json::Value = webhook
        .receive_at(&svix(ID, &TS.to_string(), SIGNATURE), BODY, at(TS))
        .unwrap();
    assert_eq!(json["test"], 2432232314_u64);
}

#[test]
fn the_svix_rust_sdk_vector_signs_and_verifies() {
    let webhook = Webhook::new(RUST_SECRET).unwrap();
    assert_eq!(webhook.sign(RUST_ID, RUST_TS, RUST_BODY), RUST_SIGNATURE);
    let headers = svix(RUST_ID, &RUST_TS.to_string(), RUST_SIGNATURE);
    webhook.verify_at(&headers, RUST_BODY, at(RUST_TS)).unwrap();
}

#[test]
fn the_svix_vectors_of_wrong_signatures_are_rejected() {
    // python/tests/test_webhooks.py `test_invalid_signature_raises_error`: the last character
    // of the good signature changed.
    let err = verify_vector("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=").unwrap_err();
    assert!(matches!(err, WebhookError::InvalidSignature), "{err:?}");
    // go/webhook_test.go "invalid signature is invalid".
    let err = verify_vector("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=").unwrap_err();
    assert!(matches!(err, WebhookError::InvalidSignature), "{err:?}");
    // rust/src/webhooks.rs `test_no_verify`.
    let webhook = Webhook::new(RUST_SECRET).unwrap();
    let headers = svix(
        RUST_ID,
        &RUST_TS.to_string(),
        "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=",
    );
    let err = webhook
        .verify_at(&headers, RUST_BODY, at(RUST_TS))
        .unwrap_err();
    assert!(matches!(err, WebhookError::InvalidSignature), "{err:?}");
}

#[test]
fn the_svix_vectors_of_malformed_signatures_are_invalid_headers() {
    // javascript/src/webhook.test.ts "invalid signature throws error" (not base64 of 32
    // bytes) and "partial signature throws error" (the first 8 characters, and `v1,` alone);
    // go/webhook_test.go "partial signature is invalid".
    for signature in ["v1,dawfeoifkpqwoekfpqoekf", &SIGNATURE[..8], "v1,"] {
        match verify_vector(signature).unwrap_err() {
            WebhookError::InvalidHeader { header, reason } => {
                assert_eq!(header, "svix-signature");
                assert!(reason.contains("v1,"), "{reason}");
            }
            other => panic!("{signature}: {other:?}"),
        }
    }
}

#[test]
fn the_svix_multi_signature_vectors() {
    // python/tests/test_webhooks.py `test_multi_sig_payload_is_valid` and
    // go/webhook_test.go "valid multi sig is valid": a `v2` entry is skipped.
    let entries = [
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
        "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
        SIGNATURE,
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
    ];
    verify_vector(&entries.join(" ")).unwrap();

    // rust/src/webhooks.rs `test_verify_with_multiple_signatures` and
    // `test_no_verify_with_multiple_signatures`.
    let webhook = Webhook::new(RUST_SECRET).unwrap();
    let others = [
        "v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ=",
        "v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q=",
        "v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=",
    ];
    let with = format!("{} {} {RUST_SIGNATURE} {}", others[0], others[1], others[2]);
    let check = |signatures: &str| {
        let headers = svix(RUST_ID, &RUST_TS.to_string(), signatures);
        webhook.verify_at(&headers, RUST_BODY, at(RUST_TS))
    };
    check(&with).unwrap();
    let err = check(&others.join(" ")).unwrap_err();
    assert!(matches!(err, WebhookError::InvalidSignature), "{err:?}");
}

#[test]
fn standard_webhooks_header_names_are_read_when_svix_ones_are_absent() {
    // javascript/src/webhook.test.ts "valid unbranded signature is valid and returns valid
    // json"; go/webhook_test.go "valid unbranded signature is valid".
    let headers = named("webhook", ID, &TS.to_string(), SIGNATURE);
    webhook().verify_at(&headers, BODY, at(TS)).unwrap();

    // A complete svix set wins over a wrong webhook- set...
    let mut both = svix(ID, &TS.to_string(), SIGNATURE);
    both.extend(named("webhook", "other", "1", "v1,nope"));
    webhook().verify_at(&both, BODY, at(TS)).unwrap();
    // ...and a complete webhook- set over a partial svix one, as in Svix's Python and
    // JavaScript libraries; the two sets are never mixed.
    let mut partial = named("webhook", ID, &TS.to_string(), SIGNATURE);
    partial.insert("svix-id", HeaderValue::from_static("msg_other"));
    webhook().verify_at(&partial, BODY, at(TS)).unwrap();

    // A missing header is named in the convention the request uses.
    let mut headers = named("webhook", ID, &TS.to_string(), SIGNATURE);
    headers.remove("webhook-timestamp");
    let err = webhook().verify_at(&headers, BODY, at(TS)).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::MissingHeader {
                header: "webhook-timestamp"
            }
        ),
        "{err:?}"
    );
}

#[test]
fn header_names_are_case_insensitive() {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("Svix-Id", ID.to_owned()),
        ("SVIX-TIMESTAMP", TS.to_string()),
        ("svix-Signature", SIGNATURE.to_owned()),
    ] {
        headers.insert(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    webhook().verify_at(&headers, BODY, at(TS)).unwrap();
}

// --- Secrets ------------------------------------------------------------------------------------

#[test]
fn secrets_are_read_with_and_without_the_prefix() {
    // python/tests/test_webhooks.py `test_signature_verification_with_and_without_prefix`.
    let bare = SECRET.strip_prefix("whsec_").unwrap();
    for secret in [SECRET, bare, &format!("  {SECRET}\n")] {
        let webhook = Webhook::new(secret).unwrap();
        assert_eq!(webhook.sign(ID, TS, BODY), SIGNATURE, "{secret:?}");
    }
}

#[test]
fn bad_secrets_are_invalid_secret() {
    // go/webhook_test.go `TestWebhookNoEmptySecrets` and `TestWebhookNoEmptyPrefixedSecrets`,
    // javascript/src/webhook.test.ts "empty key raises error", then malformed base64.
    for secret in [
        "",
        "   ",
        "whsec_",
        "whsec_!!!!",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=",
        "whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw_",
        "sk_test_0123456789",
    ] {
        let err = Webhook::new(secret).unwrap_err();
        assert!(matches!(err, WebhookError::InvalidSecret), "{secret:?}");
    }
}

#[test]
fn debug_never_shows_the_key() {
    let shown = format!("{:?}", webhook().tolerance(Duration::from_secs(7)));
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(shown.contains("7s"), "{shown}");
    assert_secret_absent(&shown);
}

// --- Tampering --------------------------------------------------------------------------------

#[test]
fn signed_messages_round_trip() {
    let webhook = webhook();
    for (id, ts, body) in [
        ("msg_1", 0_i64, &b""[..]),
        ("msg 2 with spaces", 1_700_000_000, b"not json at all"),
        ("m", -5, &[0xff, 0x00, 0x80][..]),
        ("msg_4", i64::MAX, br#"{"event_type":"x"}"#),
    ] {
        let signature = webhook.sign(id, ts, body);
        assert!(
            signature.starts_with("v1,") && signature.len() == 47,
            "{signature}"
        );
        let headers = svix(id, &ts.to_string(), &signature);
        webhook.verify_at(&headers, body, at(ts)).unwrap();
    }
}

#[test]
fn every_tampering_is_rejected() {
    let ts = TS.to_string();
    let check = |webhook: &Webhook, id: &str, timestamp: &str, signature: &str, body: &[u8]| {
        webhook.verify_at(&svix(id, timestamp, signature), body, at(TS))
    };
    let good = webhook();
    check(&good, ID, &ts, SIGNATURE, BODY).unwrap();

    let mut tampered: Vec<(String, Result<(), WebhookError>)> = vec![
        (
            "body".into(),
            check(&good, ID, &ts, SIGNATURE, br#"{"test": 2432232315}"#),
        ),
        (
            "body with a trailing newline".into(),
            check(&good, ID, &ts, SIGNATURE, b"{\"test\": 2432232314}\n"),
        ),
        (
            "body re-serialized".into(),
            check(&good, ID, &ts, SIGNATURE, br#"{"test":2432232314}"#),
        ),
        (
            "id".into(),
            check(&good, "msg_p5jXN8AQM9LWM0D4loKWxJeK", &ts, SIGNATURE, BODY),
        ),
        (
            "timestamp".into(),
            check(&good, ID, &(TS + 1).to_string(), SIGNATURE, BODY),
        ),
        (
            "secret".into(),
            check(
                &Webhook::new(RUST_SECRET).unwrap(),
                ID,
                &ts,
                SIGNATURE,
                BODY,
            ),
        ),
    ];
    // Every single character of the signature's base64 changed for another that keeps it
    // base64 of 32 bytes.
    let encoded = &SIGNATURE[3..];
    for i in 0..encoded.len() - 1 {
        let mut bytes = encoded.as_bytes().to_vec();
        bytes[i] = if bytes[i] == b'A' { b'Q' } else { b'A' };
        let changed = format!("v1,{}", String::from_utf8(bytes).unwrap());
        let decoded = base64::engine::general_purpose::STANDARD.decode(&changed[3..]);
        if decoded.map(|d| d.len()) == Ok(32) {
            tampered.push((
                format!("signature character {i}"),
                check(&good, ID, &ts, &changed, BODY),
            ));
        }
    }
    assert!(tampered.len() > 40);
    for (what, result) in tampered {
        assert!(
            matches!(result, Err(WebhookError::InvalidSignature)),
            "{what}: {result:?}"
        );
    }
}

#[test]
fn only_v1_entries_count() {
    let encoded = &SIGNATURE[3..];
    // The right signature under another version is skipped: nothing left to check.
    for signatures in [
        format!("v2,{encoded}"),
        format!("v1a,{encoded}"),
        format!("V1,{encoded}"),
        encoded.to_owned(),
        format!(" v0,{encoded}  v2,{encoded} "),
    ] {
        let err = verify_vector(&signatures).unwrap_err();
        assert!(
            matches!(
                err,
                WebhookError::InvalidHeader {
                    header: "svix-signature",
                    ..
                }
            ),
            "{signatures}: {err:?}"
        );
    }
    // Beside a wrong v1 entry, it does not rescue the message.
    let wrong = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    let err = verify_vector(&format!("v2,{encoded} {wrong}")).unwrap_err();
    assert!(matches!(err, WebhookError::InvalidSignature), "{err:?}");
    // Unparseable entries, other versions and extra spaces around the good one are fine.
    verify_vector(&format!("v1,garbage  v2,{encoded} ,, {SIGNATURE} v1")).unwrap();
}

// --- Time --------------------------------------------------------------------------------------

#[test]
fn timestamps_within_the_default_tolerance_pass_and_others_fail() {
    assert_eq!(DEFAULT_TOLERANCE, Duration::from_secs(300));
    verify_vector(SIGNATURE).unwrap();
    let webhook = webhook();
    let headers = svix(ID, &TS.to_string(), SIGNATURE);
    webhook.verify_at(&headers, BODY, at(TS + 300)).unwrap();
    webhook.verify_at(&headers, BODY, at(TS - 300)).unwrap();
    // Sub-second parts of now do not count.
    let later = at(TS + 300) + Duration::from_millis(999);
    webhook.verify_at(&headers, BODY, later).unwrap();

    let err = webhook.verify_at(&headers, BODY, at(TS + 301)).unwrap_err();
    assert!(
        matches!(err, WebhookError::TooOld { timestamp: TS, now } if now == TS + 301),
        "{err:?}"
    );
    let err = webhook.verify_at(&headers, BODY, at(TS - 301)).unwrap_err();
    assert!(
        matches!(err, WebhookError::TooNew { timestamp: TS, now } if now == TS - 301),
        "{err:?}"
    );
}

#[test]
fn a_custom_tolerance_moves_the_window() {
    let headers = svix(ID, &TS.to_string(), SIGNATURE);
    let narrow = webhook().tolerance(Duration::from_secs(10));
    narrow.verify_at(&headers, BODY, at(TS + 10)).unwrap();
    narrow.verify_at(&headers, BODY, at(TS - 10)).unwrap();
    assert!(matches!(
        narrow.verify_at(&headers, BODY, at(TS + 11)),
        Err(WebhookError::TooOld { .. })
    ));
    assert!(matches!(
        narrow.verify_at(&headers, BODY, at(TS - 11)),
        Err(WebhookError::TooNew { .. })
    ));

    let exact = webhook().tolerance(Duration::ZERO);
    exact.verify_at(&headers, BODY, at(TS)).unwrap();
    assert!(exact.verify_at(&headers, BODY, at(TS + 1)).is_err());

    let wide = webhook().tolerance(Duration::from_secs(3600));
    wide.verify_at(&headers, BODY, at(TS + 3600)).unwrap();
    assert!(matches!(
        wide.verify_at(&headers, BODY, at(TS + 3601)),
        Err(WebhookError::TooOld { .. })
    ));

    // The widest tolerance accepts any time of this era...
    let forever = webhook().tolerance(Duration::MAX);
    for ts in [-1, 0, TS, 4_000_000_000] {
        let signature = forever.sign(ID, ts, BODY);
        let headers = svix(ID, &ts.to_string(), &signature);
        for now in [at(0), at(TS), at(-TS), at(1 << 40)] {
            forever.verify_at(&headers, BODY, now).unwrap();
        }
    }
    // ...and nothing overflows at the ends of time, whatever the tolerance.
    for tolerance in [Duration::ZERO, DEFAULT_TOLERANCE, Duration::MAX] {
        let webhook = webhook().tolerance(tolerance);
        for ts in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            let signature = webhook.sign(ID, ts, BODY);
            let headers = svix(ID, &ts.to_string(), &signature);
            for now in [at(i64::MIN + 1), at(0), at(i64::MAX)] {
                match webhook.verify_at(&headers, BODY, now) {
                    Ok(()) | Err(WebhookError::TooOld { .. } | WebhookError::TooNew { .. }) => {}
                    Err(other) => panic!("{ts} at {now:?}: {other:?}"),
                }
            }
        }
    }
}

#[test]
fn verify_uses_the_clock() {
    let webhook = webhook();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let headers = svix(ID, &now.to_string(), &webhook.sign(ID, now, BODY));
    webhook.verify(&headers, BODY).unwrap();
    let json: serde_json::Value = webhook.receive(&headers, BODY).unwrap();
    assert_eq!(json["test"], 2432232314_u64);
    // The vector's own timestamp is years old.
    let err = webhook
        .verify(&svix(ID, &TS.to_string(), SIGNATURE), BODY)
        .unwrap_err();
    assert!(matches!(err, WebhookError::TooOld { timestamp: TS, .. }));
}

// --- Headers ----------------------------------------------------------------------------------

#[test]
fn each_missing_header_is_named() {
    for name in ["svix-id", "svix-timestamp", "svix-signature"] {
        let mut headers = svix(ID, &TS.to_string(), SIGNATURE);
        headers.remove(name);
        let err = webhook().verify_at(&headers, BODY, at(TS)).unwrap_err();
        assert!(
            matches!(err, WebhookError::MissingHeader { header } if header == name),
            "{name}: {err:?}"
        );
    }
    let err = webhook()
        .verify_at(&HeaderMap::new(), BODY, at(TS))
        .unwrap_err();
    assert!(matches!(
        err,
        WebhookError::MissingHeader { header: "svix-id" }
    ));
}

#[test]
fn unreadable_headers_are_invalid() {
    let ts = TS.to_string();
    // python/tests/test_webhooks.py `test_invalid_timestamp_raises_error` ("hello"), then
    // other timestamps that are not whole seconds.
    for timestamp in [
        "hello",
        "",
        "1614265330.5",
        "1614265330 ",
        "0x60381F72",
        "99999999999999999999",
    ] {
        let err = webhook()
            .verify_parts(ID, timestamp, SIGNATURE, BODY, at(TS))
            .unwrap_err();
        assert!(
            matches!(
                err,
                WebhookError::InvalidHeader {
                    header: "svix-timestamp",
                    ..
                }
            ),
            "{timestamp:?}: {err:?}"
        );
    }
    // Bytes that `HeaderValue` allows but that are not visible ASCII.
    for name in ["svix-id", "svix-timestamp", "svix-signature"] {
        let mut headers = svix(ID, &ts, SIGNATURE);
        headers.insert(name, HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap());
        let err = webhook().verify_at(&headers, BODY, at(TS)).unwrap_err();
        assert!(
            matches!(&err, WebhookError::InvalidHeader { header, reason } if *header == name && reason.contains("ASCII")),
            "{name}: {err:?}"
        );
    }
    // The same through `verify_parts`, which takes any string.
    for (id, timestamp, signature, name) in [
        ("msg\n1", ts.as_str(), SIGNATURE, "svix-id"),
        (ID, "16142\r65330", SIGNATURE, "svix-timestamp"),
        (ID, ts.as_str(), "v1,é", "svix-signature"),
        ("", ts.as_str(), SIGNATURE, "svix-id"),
    ] {
        let err = webhook()
            .verify_parts(id, timestamp, signature, BODY, at(TS))
            .unwrap_err();
        assert!(
            matches!(&err, WebhookError::InvalidHeader { header, .. } if *header == name),
            "{id:?}: {err:?}"
        );
    }
}
