//! The normalize stage closes the holes `openapiv3` has for OpenAPI 3.1: what it would drop
//! silently (`const`, `webhooks`, `{type: 'null'}`, `$ref` siblings, `examples`) survives into
//! the document the generator lowers. Checked on a small 3.1 document, and on the full pinned
//! Junction spec with the counts its README gives.

mod common;

use generator::normalize::{normalize, ChangeKind};
use serde_json::{json, Value};

/// Whether a value is what `openapiv3` leaves out when writing because it is the default.
fn is_default(v: &Value) -> bool {
    v == &Value::Bool(false) || v == &json!([]) || v == &json!({})
}

/// Every key path of `input` that is missing from `output`: what a round trip dropped
/// (leaving aside defaults such as `required: false`, which it does not write back).
fn dropped(input: &Value, output: &Value, at: &str, out: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match b.get(k) {
                    Some(w) => dropped(v, w, &here, out),
                    None if is_default(v) => {}
                    None => out.push(here),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, v) in a.iter().enumerate() {
                match b.get(i) {
                    Some(w) => dropped(v, w, &format!("{at}/{i}"), out),
                    None => out.push(format!("{at}/{i}")),
                }
            }
        }
        _ => {}
    }
}

/// What `openapiv3` loses of `doc`: the keys missing after reading it and writing it back.
fn lost_by_openapiv3(doc: &Value) -> Vec<String> {
    let parsed: openapiv3::OpenAPI =
        serde_json::from_value(doc.clone()).expect("openapiv3 reads it");
    let back = serde_json::to_value(&parsed).unwrap();
    let mut out = Vec::new();
    dropped(doc, &back, "", &mut out);
    out
}

fn small_31_document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "webhooks": {
            "user.created": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}}, "responses": {"200": {"description": "ok"}}}}
        },
        "components": {"schemas": {
            "Event": {
                "type": "object",
                "properties": {
                    "event_type": {"const": "user.created"},
                    "nothing": {"type": "null"},
                    "maybe": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "owner": {"$ref": "#/components/schemas/Owner", "description": "Who"},
                    "count": {"type": ["integer", "null"], "examples": [3]}
                }
            },
            "Owner": {"type": "object", "properties": {"id": {"type": "string"}}}
        }}
    })
}

/// How many times `key` appears as an object key anywhere in `v`.
fn count_key(v: &Value, key: &str) -> usize {
    match v {
        Value::Object(o) => {
            o.contains_key(key) as usize + o.values().map(|v| count_key(v, key)).sum::<usize>()
        }
        Value::Array(a) => a.iter().map(|v| count_key(v, key)).sum(),
        _ => 0,
    }
}

#[test]
fn openapiv3_alone_drops_31_constructs() {
    let mut doc = small_31_document();
    // A type array it does not even read.
    assert!(serde_json::from_value::<openapiv3::OpenAPI>(doc.clone()).is_err());
    doc["components"]["schemas"]["Event"]["properties"]["count"]["type"] = json!("integer");
    let lost = lost_by_openapiv3(&doc);
    for key in [
        "/webhooks",
        "/components/schemas/Event/properties/event_type/const",
        "/components/schemas/Event/properties/owner/description",
        "/components/schemas/Event/properties/count/examples",
    ] {
        assert!(lost.contains(&key.to_owned()), "{key} not lost: {lost:?}");
    }
}

#[test]
fn after_normalize_openapiv3_keeps_everything() {
    let mut doc = small_31_document();
    let report = normalize(&mut doc);
    assert_eq!(lost_by_openapiv3(&doc), Vec::<String>::new());
    let event = &doc["components"]["schemas"]["Event"]["properties"];
    assert_eq!(
        event["event_type"],
        json!({"type": "string", "enum": ["user.created"], "x-const": "user.created"})
    );
    assert_eq!(event["nothing"], json!({"x-null": true}));
    assert_eq!(event["maybe"], json!({"nullable": true, "type": "string"}));
    assert_eq!(
        event["owner"]["allOf"],
        json!([{"$ref": "#/components/schemas/Owner"}])
    );
    assert_eq!(event["count"]["example"], json!(3));
    assert!(doc["x-webhooks"]["user.created"].is_object());
    let counts = report.counts();
    assert_eq!(counts[&ChangeKind::Const], 1);
    assert_eq!(counts[&ChangeKind::Webhooks], 1);
    assert_eq!(
        counts[&ChangeKind::NullType],
        2,
        "`nothing` and the null member of `maybe`"
    );
}

#[test]
fn full_junction_spec_loses_nothing() {
    let Some(dir) = common::spec_dir("full_junction_spec_loses_nothing") else {
        return;
    };
    let path = dir.join("junction-0.4.483.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut doc = generator::load::parse("junction-0.4.483.yaml", &text).unwrap();

    // Without normalization the consts and the webhooks are dropped.
    let lost = lost_by_openapiv3(&doc);
    assert!(lost.iter().filter(|p| p.ends_with("/const")).count() > 100);
    assert!(lost.contains(&"/webhooks".to_owned()));
    assert_eq!(count_key(&doc, "const"), 155);

    let report = normalize(&mut doc);
    assert_eq!(report.count(ChangeKind::Const), 155);
    assert_eq!(report.count(ChangeKind::Webhooks), 1);
    assert_eq!(doc["x-webhooks"].as_object().map(|w| w.len()), Some(129));
    assert!(
        report.count(ChangeKind::NullableUnion) >= 1054,
        "{:?}",
        report.counts()
    );
    let lost = lost_by_openapiv3(&doc);
    assert_eq!(lost, Vec::<String>::new(), "openapiv3 still drops these");
}
