//! Structs at run time, now that their serde is the runtime's `Object` and not serde's derive
//! (issue 15): the crate generated from `fixtures/objects.yaml` reads and writes JSON as the
//! derive did: fields in any order, a missing required field or a field given twice is an
//! error that names it (with serde_json's line and column and, through `serde_path_to_error`,
//! the path), nothing the server adds is lost, and requests leave out what the caller left out.

mod common;

/// `tests/behaviour.rs` of the crate generated from `objects.yaml`.
const OBJECTS: &str = r##"
use objects_behaviour::runtime::Patch;
use objects_behaviour::types::{Child, Empty, Flags, Record, RecordUpdate, Scores};
use serde_json::{json, Value};

fn decode<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap()
}

fn record() -> Value {
    json!({
        "child": {"count": 2, "later": [1]},
        "tags": ["a", "b"],
        "note": null,
        "clia_#": "05D",
        "consentType": "terms",
        "type": "kind",
        "fields": 1,
        "rest": 2,
        "key": "k",
        "foo": "f",
        "+1": 7,
        "old": "x",
        "added_by_the_server": {"nested": true},
        "id": "r1"
    })
}

#[test]
fn fields_in_any_order_are_read_and_written_back_with_what_the_server_added() {
    let sent = record();
    let read: Record = decode(&sent);
    assert_eq!(read.id, "r1");
    assert_eq!(read.note, None);
    assert_eq!(read.count, None);
    assert_eq!(read.tags.as_deref(), Some(&["a".to_owned(), "b".to_owned()][..]));
    assert_eq!((read.clia.as_deref(), read.consent_type.as_deref()), (Some("05D"), Some("terms")));
    assert_eq!((read.r#type.as_deref(), read.fields, read.rest), (Some("kind"), Some(1), Some(2)));
    assert_eq!((read.key.as_deref(), read.foo.as_deref()), (Some("k"), Some("f")));
    assert_eq!(read._1, Some(7));
    #[allow(deprecated)]
    let old = read.old.clone();
    assert_eq!(old.as_deref(), Some("x"));
    let mut child = Child::new(2);
    child.unknown_fields.insert("later".to_owned(), json!([1]));
    assert_eq!(read.child, child);
    assert_eq!(read.unknown_fields["added_by_the_server"], json!({"nested": true}));
    // The same object back: `note` written as `null` (required), `count` left out (optional).
    assert_eq!(serde_json::to_value(&read).unwrap(), sent);
    // From text and from a reader too, not only from a `Value`.
    let text = sent.to_string();
    assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), read);
    assert_eq!(serde_json::from_reader::<_, Record>(text.as_bytes()).unwrap(), read);
}

#[test]
fn a_missing_required_field_is_an_error_that_names_it_and_where() {
    let text = "{\n  \"note\": null,\n  \"child\": {\"count\": 1}\n}";
    let error = serde_json::from_str::<Record>(text).unwrap_err();
    assert_eq!(error.to_string(), "missing field `id` at line 4 column 1");
    // A required but nullable field may be missing: it reads as `None`, as with the derive.
    let read: Record = decode(&json!({"id": "r", "child": {"count": 1}}));
    assert_eq!(read.note, None);
}

#[test]
fn a_field_given_twice_or_of_the_wrong_type_is_an_error() {
    let text = r#"{"id": "a", "id": "b", "note": null, "child": {"count": 1}}"#;
    let error = serde_json::from_str::<Record>(text).unwrap_err().to_string();
    assert!(error.starts_with("duplicate field `id`"), "{error}");
    let text = r#"{"id": "a", "note": null, "child": {"count": "one"}}"#;
    let error = serde_json::from_str::<Record>(text).unwrap_err().to_string();
    assert!(error.starts_with("invalid type: string \"one\", expected i64"), "{error}");
    assert!(error.contains("line 1 column"), "{error}");
    let error = serde_json::from_str::<Record>("[1, 2]").unwrap_err().to_string();
    assert!(error.starts_with("invalid type: sequence, expected an object (Record)"), "{error}");
}

#[test]
fn the_path_of_a_bad_value_is_known() {
    let text = r#"{"id": "a", "note": null, "child": {"count": true}}"#;
    let mut json = serde_json::Deserializer::from_str(text);
    let error = serde_path_to_error::deserialize::<_, Record>(&mut json).unwrap_err();
    assert_eq!(error.path().to_string(), "child.count");
}

#[test]
fn a_request_type_leaves_out_what_the_caller_left_out_and_sends_null_when_asked() {
    let mut update = RecordUpdate::new("r1");
    assert_eq!(serde_json::to_value(&update).unwrap(), json!({"id": "r1"}));
    update.note = Patch::Null;
    assert_eq!(serde_json::to_value(&update).unwrap(), json!({"id": "r1", "note": null}));
    update.note = Patch::Value("n".to_owned());
    update.count = Some(3);
    let sent = json!({"id": "r1", "note": "n", "count": 3});
    assert_eq!(serde_json::to_value(&update).unwrap(), sent);
    // Read back (a request type keeps no unknown fields: it skips them).
    let mut with_extra = sent.clone();
    with_extra["extra"] = json!(1);
    assert_eq!(decode::<RecordUpdate>(&with_extra), update);
    assert_eq!(decode::<RecordUpdate>(&json!({"id": "r1", "note": null})).note, Patch::Null);
    assert_eq!(decode::<RecordUpdate>(&json!({"id": "r1"})).note, Patch::Omit);
}

#[test]
fn additional_properties_are_typed_and_kept() {
    let sent = json!({"name": "n", "alice": 3, "bob": 4});
    let scores: Scores = decode(&sent);
    assert_eq!(scores.name, "n");
    assert_eq!(scores.additional_properties.get("bob"), Some(&4));
    assert_eq!(serde_json::to_value(&scores).unwrap(), sent);
    let error = serde_json::from_value::<Scores>(json!({"name": "n", "carol": "x"})).unwrap_err();
    assert!(error.to_string().contains("expected i64"), "{error}");
}

#[test]
fn a_closed_object_skips_what_it_does_not_list() {
    let flags: Flags = decode(&json!({"on": true, "off": false, "empty": {"x": 1}}));
    assert_eq!(flags.on, Some(true));
    // An object schema without properties is a map of its own, not a struct.
    let empty: &Empty = flags.empty.as_ref().unwrap();
    assert_eq!(empty["x"], json!(1));
    assert_eq!(serde_json::to_value(&flags).unwrap(), json!({"on": true, "empty": {"x": 1}}));
    // Built by its setters; those that a trait method or `new` names are `set_{name}`.
    let built = Flags::default().on(true).set_clone(false).set_new(true);
    assert_eq!(serde_json::to_value(built.clone()).unwrap(), json!({"on": true, "clone": false, "new": true}));
    assert_eq!(serde_json::to_value(Flags::default()).unwrap(), json!({}));
}
"##;

#[test]
fn objects_read_and_write_json_as_the_derive_did() {
    common::run_behaviour("objects.yaml", "objects_behaviour", OBJECTS);
}
