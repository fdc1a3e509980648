//! The tagged unions and flattened `allOf` unions the generator writes, at run time: the
//! crates generated from `fixtures/discriminated_unions.yaml` and `fixtures/allof_wrappers.yaml`
//! decode real JSON, keep an unknown tag with its object, and write back what they read (the
//! tag once). Each crate gets a test file (below) and runs it with `cargo test`.

mod common;

/// `tests/behaviour.rs` of the crate generated from `discriminated_unions.yaml`.
const TAGGED: &str = r##"
use serde_json::{json, Value};
use tagged_behaviour::types::{Drawing, Event, Fill, Lizard, Pet, Shape};

fn decode<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap()
}

/// Serialized again, and how many times `key` is written.
fn encode<T: serde::Serialize>(value: &T, key: &str) -> (Value, usize) {
    let text = serde_json::to_string(value).unwrap();
    let count = text.matches(&format!("\"{key}\"")).count();
    (serde_json::from_str(&text).unwrap(), count)
}

#[test]
fn a_known_tag_picks_its_variant_and_writes_the_tag_once() {
    let sent = json!({"pet_type": "cat", "name": "Tom", "indoor": true});
    let pet: Pet = decode(&sent);
    let Pet::Cat(cat) = &pet else { panic!("{pet:?}") };
    assert_eq!((cat.pet_type.as_str(), cat.name.as_str(), cat.indoor), ("cat", "Tom", Some(true)));
    assert_eq!(encode(&pet, "pet_type"), (sent, 1));
}

#[test]
fn every_mapping_value_of_a_schema_picks_it() {
    for tag in ["dog", "doggo"] {
        let sent = json!({"pet_type": tag, "name": "Rex"});
        let pet: Pet = decode(&sent);
        let Pet::Dog(dog) = &pet else { panic!("{pet:?}") };
        assert_eq!(dog.pet_type, tag);
        assert_eq!(encode(&pet, "pet_type"), (sent, 1));
    }
}

#[test]
fn an_unknown_tag_is_kept_with_its_object_and_sent_back_unchanged() {
    let sent = json!({"pet_type": "parrot", "name": "Polly", "words": ["hello"]});
    let pet: Pet = decode(&sent);
    match &pet {
        Pet::Unknown { tag, value } => {
            assert_eq!(tag, "parrot");
            assert_eq!(value, &sent);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(encode(&pet, "pet_type"), (sent, 1));
}

#[test]
fn a_payload_without_the_tag_gets_it_written() {
    let pet = Pet::Lizard(Lizard::new("Liz"));
    assert_eq!(encode(&pet, "pet_type"), (json!({"pet_type": "lizard", "name": "Liz"}), 1));
    let back: Pet = decode(&json!({"pet_type": "lizard", "name": "Liz"}));
    assert_eq!(back, pet);
}

#[test]
fn a_missing_tag_or_a_bad_variant_is_an_error_that_says_where() {
    let missing = serde_json::from_value::<Pet>(json!({"name": "Tom"})).unwrap_err();
    assert!(missing.to_string().contains("`pet_type`"), "{missing}");
    let bad = serde_json::from_value::<Pet>(json!({"pet_type": "cat", "name": 7})).unwrap_err();
    assert!(bad.to_string().contains("at `name`"), "{bad}");
}

#[test]
fn component_names_and_constants_are_tags_without_a_mapping() {
    let sent = json!([
        {"kind": "Created", "id": "1"},
        {"kind": "removed", "id": "2", "by": "ann"},
        {"kind": "archived", "id": "3"}
    ]);
    let events: Vec<Event> = decode(&sent);
    assert!(matches!(&events[0], Event::Created(e) if e.id == "1"));
    match &events[1] {
        Event::Deleted(e) => assert_eq!(e.unknown_fields["by"], json!("ann")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(&events[2], Event::Unknown { tag, .. } if tag == "archived"));
    assert_eq!(encode(&events, "kind"), (sent, 3));
}

#[test]
fn a_required_constant_tags_a_union_without_a_discriminator() {
    let sent = json!({
        "shapes": [
            {"type": "circle", "radius": 1.5},
            {"type": "square", "side": 2.0},
            {"type": "triangle", "sides": [3, 4, 5]}
        ],
        "fill": {"pattern": "dots"}
    });
    let drawing: Drawing = decode(&sent);
    assert!(matches!(&drawing.shapes[0], Shape::Circle(c) if c.radius == 1.5));
    assert!(matches!(&drawing.shapes[1], Shape::Square(s) if s.side == 2.0));
    assert!(matches!(&drawing.shapes[2], Shape::Unknown { tag, .. } if tag == "triangle"));
    // A union no property tells apart stays untagged, told apart by shape.
    assert!(matches!(&drawing.fill, Some(Fill::FillVariant2(f)) if f.pattern == "dots"));
    assert_eq!(encode(&drawing, "type"), (sent, 3));
}
"##;

/// `tests/behaviour.rs` of the crate generated from `allof_wrappers.yaml`.
const FLATTENED: &str = r##"
use serde_json::{json, Value};
use flattened_behaviour::types::{Payment, PaymentMethod, Shape, Status, Thing};

fn decode<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap()
}

#[test]
fn an_object_with_a_flattened_union_reads_and_writes_both() {
    let sent = json!({"amount": 5, "number": "4242"});
    let payment: Payment = decode(&sent);
    assert_eq!(payment.amount, 5);
    assert!(matches!(&payment.payment_method, PaymentMethod::Card(c) if c.number == "4242"));
    assert_eq!(serde_json::to_value(&payment).unwrap(), sent);

    let sent = json!({"amount": 7, "iban": "DE00"});
    let payment: Payment = decode(&sent);
    assert!(matches!(&payment.payment_method, PaymentMethod::BankAccount(b) if b.iban == "DE00"));
    assert_eq!(serde_json::to_value(&payment).unwrap(), sent);
}

#[test]
fn wrapped_refs_are_their_types() {
    let sent = json!({
        "id": "t1", "status": "active", "previous_status": "retired", "count": 3, "shape": 7,
        "alias": "retired", "extra": true
    });
    let thing: Thing = decode(&sent);
    assert_eq!(thing.status, Status::Active);
    #[allow(deprecated)]
    let (previous, count) = (thing.previous_status.clone(), thing.count);
    assert_eq!((previous, count), (Some(Status::Retired), Some(3)));
    assert_eq!(thing.shape, Some(Shape::Integer(7)));
    assert_eq!(thing.alias, Some(Status::Retired));
    assert_eq!(serde_json::to_value(&thing).unwrap(), sent);
    let null: Thing = decode(&json!({"id": "t2", "status": "retired", "previous_status": null}));
    #[allow(deprecated)]
    let previous = null.previous_status;
    assert_eq!(previous, None);
}
"##;

#[test]
fn tagged_unions_decode_keep_unknown_tags_and_round_trip() {
    common::run_behaviour("discriminated_unions.yaml", "tagged_behaviour", TAGGED);
}

#[test]
fn flattened_unions_and_wrapped_refs_round_trip() {
    common::run_behaviour("allof_wrappers.yaml", "flattened_behaviour", FLATTENED);
}
