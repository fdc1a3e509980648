//! Numbers past 64 bits in schema keywords do not reject the document:
//! `tests/regressions/wide_integer_bounds.yaml` (bounds on integer and number schemas, in a
//! parameter schema, a 3.1 `exclusiveMaximum`, a wide mapping key) generates, its bounds read
//! as the nearest floats, as `serde_json` reads the same numbers in a JSON document.

use std::path::Path;

use serde_json::Value;

const SPEC: &str = "tests/regressions/wide_integer_bounds.yaml";

#[test]
fn bounds_past_64_bits_generate() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SPEC);
    let text = std::fs::read_to_string(&path).unwrap();

    // Read as floats, and a wide key keeps its digits.
    let doc = generator::load::parse(SPEC, &text).unwrap_or_else(|e| panic!("{e}"));
    let cursor = &doc["paths"]["/items"]["get"]["parameters"][0]["schema"];
    assert_eq!(
        cursor["minimum"].as_f64(),
        Some(-9_223_372_036_854_775_808.0)
    );
    assert_eq!(
        cursor["maximum"].as_f64(),
        Some(18_446_744_073_709_551_616.0)
    );
    let item = &doc["components"]["schemas"]["Item"]["properties"];
    assert_eq!(item["id"]["maximum"].as_f64(), Some(u128::MAX as f64));
    assert_eq!(
        item["big_keys"]["example"]["18446744073709551616"],
        "wide key"
    );
    // The same numbers in JSON, which `serde_json` reads as floats too.
    let json = r#"{"minimum": -9223372036854775809, "maximum": 18446744073709551616}"#;
    let json: Value = generator::load::parse("bounds.json", json).unwrap();
    assert_eq!(json["minimum"], cursor["minimum"]);
    assert_eq!(json["maximum"], cursor["maximum"]);

    // The document generates, with the types the schemas say.
    let output =
        generator::generate(SPEC, &text, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let code = &output.code;
    syn::parse_file(code).unwrap_or_else(|e| panic!("does not parse: {e}"));
    for field in [
        "pub id: i64,",
        "pub weight: Option<f64>,",
        "pub score: Option<f64>,",
        "pub cursor: Option<i64>,",
    ] {
        assert!(code.contains(field), "missing `{field}`:\n{code}");
    }
}

/// Numbers no float holds (`1e999` in JSON, `1e400`, `.inf`, `-.inf` in YAML) do not reject
/// the document: read as text, a bound written so moves to `x-{keyword}` and bounds nothing.
#[test]
fn bounds_beyond_floats_generate() {
    let json = r#"{"a": [1e999, -1E+400, 2.5], "b": {"c": 1e999}}"#;
    let value = generator::load::parse("n.json", json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["a"], serde_json::json!(["1e999", "-1E+400", 2.5]));
    assert_eq!(value["b"]["c"], "1e999");
    let yaml = "a: [.inf, -.Inf, .nan, 1e400, 2.5]\n";
    let value = generator::load::parse("n.yaml", yaml).unwrap();
    assert_eq!(
        value["a"],
        serde_json::json!([".inf", "-.inf", ".nan", "1e400", 2.5])
    );
    // Other JSON errors stay where they are.
    let e = generator::load::parse("n.json", "{\"a\": 1e999,\n \"b\": }").unwrap_err();
    assert_eq!(e.0[0].line, Some(2), "{e}");

    let spec = "tests/regressions/numbers_beyond_floats.json";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let text = std::fs::read_to_string(&path).unwrap();
    let output =
        generator::generate(spec, &text, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output
            .normalized
            .count(generator::normalize::ChangeKind::BeyondFloats)
            >= 4
    );
    let field = "pub limit: Option<i64>,";
    assert!(
        output.code.contains(field),
        "missing `{field}`:\n{}",
        output.code
    );
}
