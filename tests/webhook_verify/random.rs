//! A seeded property test: random headers and bodies into verification and the decoding
//! helpers.

use http::{HeaderMap, HeaderValue};
use junction::runtime::webhook::{decode, read_tag, unknown, WebhookError, WebhookEvent};

use super::events::{Event, SleepCreated};
use super::*;

/// Keys and strings random bodies are made of, the tag and the payload's fields among them.
const WORDS: &[&str] = &[
    "event_type",
    "daily.data.sleep.created",
    "user_id",
    "data",
    "items",
    "value",
    "x",
    "a\\nb",
    "\\u00e9",
    "\\ud800",
    "é",
    "",
];

/// A random JSON value, `depth` levels deep at most.
fn random_json(rng: &mut fastrand::Rng, depth: u8, out: &mut String) {
    let word = |rng: &mut fastrand::Rng| format!("\"{}\"", WORDS[rng.usize(..WORDS.len())]);
    match rng.u8(0..if depth == 0 { 4 } else { 6 }) {
        0 => out.push_str(&word(rng)),
        1 => out.push_str(&rng.i64(..).to_string()),
        2 => out.push_str(["null", "true", "-2.5e3", "9e999"][rng.usize(..4)]),
        3 => out.push_str(&rng.f64().to_string()),
        4 => {
            out.push('[');
            for i in 0..rng.usize(0..4) {
                out.push_str(if i > 0 { "," } else { "" });
                random_json(rng, depth - 1, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..rng.usize(0..5) {
                out.push_str(if i > 0 { ", " } else { "" });
                out.push_str(&word(rng));
                out.push(':');
                random_json(rng, depth - 1, out);
            }
            out.push('}');
        }
    }
}

/// A random body: bytes, or a JSON object (most with a string tag), sometimes broken.
fn random_body(rng: &mut fastrand::Rng) -> Vec<u8> {
    if rng.u8(..4) == 0 {
        return (0..rng.usize(0..48)).map(|_| rng.u8(..)).collect();
    }
    let mut body = String::from("{");
    if rng.u8(..4) != 0 {
        body.push_str(r#""event_type": ""#);
        body.push_str(WORDS[rng.usize(..3)]);
        body.push_str(r#"", "#);
    }
    body.push_str(r#""data": "#);
    random_json(rng, 4, &mut body);
    body.push('}');
    let mut body = body.into_bytes();
    if rng.u8(..4) == 0 {
        let i = rng.usize(..body.len());
        body[i] = rng.u8(..);
    }
    body
}

fn random_value(rng: &mut fastrand::Rng, signature: &str) -> Option<HeaderValue> {
    let bytes: Vec<u8> = match rng.u8(0..5) {
        0 => (0..rng.usize(0..60)).map(|_| rng.u8(..)).collect(),
        1 => rng.i64(..).to_string().into_bytes(),
        2 => signature.as_bytes().to_vec(),
        3 => {
            let mut sig = signature.as_bytes().to_vec();
            if !sig.is_empty() {
                let i = rng.usize(..sig.len());
                sig[i] = rng.u8(0x20..0x7f);
            }
            sig
        }
        _ => format!("v{},{} v1,{}", rng.u8(..3), rng.u32(..), rng.u64(..)).into_bytes(),
    };
    HeaderValue::from_bytes(&bytes).ok()
}

#[test]
fn random_headers_and_bodies_never_panic_and_signed_ones_verify() {
    const CASES: usize = 4_000;
    let mut rng = fastrand::Rng::with_seed(0x7765_6268_6f6f_6b73);
    let webhook = webhook();
    let now = at(TS);
    let mut verified_random = 0;
    let mut tags_found = 0;
    for case in 0..CASES {
        let body = random_body(&mut rng);

        // Random headers: each present or not, under either naming, with random values.
        let mut headers = HeaderMap::new();
        for suffix in ["id", "timestamp", "signature"] {
            for prefix in ["svix", "webhook"] {
                if rng.u8(..4) != 0 {
                    if let Some(value) = random_value(&mut rng, SIGNATURE) {
                        let name = http::HeaderName::try_from(format!("{prefix}-{suffix}"));
                        headers.insert(name.unwrap(), value);
                    }
                }
            }
        }
        if webhook.verify_at(&headers, &body, now).is_ok() {
            verified_random += 1;
        }
        let _ = webhook.receive_at::<Event>(&headers, &body, now);

        // The decoding helpers on the same body.
        let tag = read_tag(&body, "event_type");
        if let Ok(found) = &tag {
            tags_found += usize::from(found.is_some());
            // A body read_tag accepts is a JSON object whose tag it read right. (It reads
            // past what `Value` refuses, `9e999` say, without building it.)
            if let Ok(whole) = unknown("x", &body) {
                assert_eq!(
                    whole.body.get("event_type").and_then(|t| t.as_str()),
                    found.as_deref(),
                    "case {case}"
                );
            }
        }
        for err in [
            tag.err(),
            decode::<SleepCreated>("e", &body).err(),
            unknown("x", &body).err(),
            Event::from_body(&body).err(),
        ]
        .into_iter()
        .flatten()
        {
            let text = err.to_string();
            assert!(
                !text.contains('\n') && !text.contains('\r'),
                "case {case}: {text:?}"
            );
        }

        // A correctly signed message always verifies; the same with a changed body never.
        let id: String = (0..rng.usize(1..40))
            .map(|_| char::from(rng.u8(0x20..0x7f)))
            .collect();
        let ts = TS + rng.i64(-300..=300);
        let signature = webhook.sign(&id, ts, &body);
        let mut good = HeaderMap::new();
        good.insert("svix-id", HeaderValue::from_str(&id).unwrap());
        good.insert("svix-timestamp", HeaderValue::from(ts));
        good.insert("svix-signature", HeaderValue::from_str(&signature).unwrap());
        webhook
            .verify_at(&good, &body, now)
            .unwrap_or_else(|e| panic!("case {case}: {id:?} {ts} {body:?}: {e}"));
        webhook
            .verify_parts(&id, &ts.to_string(), &signature, &body, now)
            .unwrap();
        let mut changed = body.clone();
        match changed.len() {
            0 => changed.push(b' '),
            n => changed[rng.usize(..n)] ^= 1 << rng.u8(..8),
        }
        assert!(
            matches!(
                webhook.verify_at(&good, &changed, now),
                Err(WebhookError::InvalidSignature)
            ),
            "case {case}"
        );
    }
    // Random headers never verify a random body (the vector's signature is for BODY only).
    assert_eq!(verified_random, 0);
    assert!(
        tags_found > CASES / 4,
        "the bodies reach the tag: {tags_found}"
    );
}
