//! The test kit's `.example()`: a stub answers with the spec's success example when it decodes
//! through the generated type, else with the minimal value of that type (`lint::minimal`);
//! `coverage` counts the spec's examples of both kinds. On the embedded Junction spec every
//! operation with a JSON success has such a default answer.

mod common;

use std::path::Path;

use generator::ir::{Answer, Api};

#[test]
fn examples_that_decode_are_offered_else_the_minimal_value_and_coverage_counts_both() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/responses.yaml");
    let output = generator::generate_file(&spec, &generator::Settings::default()).unwrap();

    // `GET /orders/{order_id}`'s example decodes as an `Order`; `POST /orders`'s `id: 42`
    // is no UUID, so its stub answers the minimal `Order` (no field is required).
    let offered: Vec<(&str, &str)> = output
        .code
        .match_indices("pub fn example(self)")
        .map(|(at, _)| {
            let before = &output.code[..at];
            let stub = before.rfind("impl ").unwrap();
            let after = &output.code[at..];
            let text = after.lines().nth(1).unwrap().trim();
            (before[stub..].lines().next().unwrap(), text)
        })
        .collect();
    assert_eq!(
        offered,
        [
            (
                "impl OrdersGetOrderStub<'_> {",
                r#"let example = "{\"id\":\"3f1c4e7a-9b2d-4c55-8e1f-0a6b7c8d9e10\",\"notes\":\"leave at the door\"}";"#
            ),
            ("impl OrdersCreateOrderStub<'_> {", r#"let example = "{}";"#),
        ]
    );
    let answers: Vec<&Answer> = output
        .api
        .default_answers
        .iter()
        .map(|a| &a.answer)
        .collect();
    assert!(
        matches!(answers[..], [Answer::Example { .. }, Answer::Minimal(_)]),
        "{answers:?}"
    );

    let coverage = generator::coverage::Coverage::of(&output.api);
    assert_eq!(coverage.examples_offered, 1);
    assert_eq!(
        coverage.examples_not_decoding,
        ["/paths/~1orders/post/responses/201/content/application~1json/example"]
    );
    let text = coverage.to_text();
    assert!(
        text.contains("examples:   1 success examples answer the test kit's `.example()`, 1 do not decode through their type"),
        "{text}"
    );
}

/// How many operations of `api` have a JSON success, how many answer the spec's example and
/// how many a minimal value, and those without a default answer (each with why).
fn answers(api: &Api) -> (usize, usize, usize, Vec<String>) {
    let json = api
        .operations
        .iter()
        .filter(|op| op.success.json_type().is_some())
        .count();
    let count = |example: bool| {
        api.default_answers
            .iter()
            .filter(|a| match a.answer {
                Answer::Example { .. } => example,
                Answer::Minimal(_) => !example,
                Answer::None(_) => false,
            })
            .count()
    };
    let missing = api
        .default_answers
        .iter()
        .filter_map(|a| match &a.answer {
            Answer::None(why) => Some(format!("{}: {why}", a.operation)),
            _ => None,
        })
        .collect();
    (json, count(true), count(false), missing)
}

#[test]
fn every_operation_of_the_embedded_spec_with_a_json_success_has_a_default_answer() {
    let spec = common::workspace().join("specs/junction.yaml");
    let output = generator::generate_file(&spec, &common::junction_settings("junction")).unwrap();
    let (json, examples, minimal, missing) = answers(&output.api);
    println!("DEFAULT ANSWERS: {json} operations with a JSON success: {examples} the spec's example, {minimal} a minimal value, {} none", missing.len());
    assert_eq!(output.api.default_answers.len(), json);
    assert_eq!(missing, Vec::<String>::new());
    assert_eq!((json, examples, minimal), (188, 1, 187));
    // Each is in the generated stubs, once.
    assert_eq!(output.code.matches("pub fn example(self)").count(), json);
}

/// The later pinned versions (`../shared/specs`), 0.4.486 with 201 operations: the same.
#[test]
fn every_operation_of_the_later_versions_has_a_default_answer() {
    let Some(dir) = common::spec_dir("every_operation_of_the_later_versions_has_a_default_answer")
    else {
        return;
    };
    for version in ["0.4.485", "0.4.486"] {
        let spec = dir.join(format!("junction-{version}.yaml"));
        let output =
            generator::generate_file(&spec, &common::junction_settings("junction")).unwrap();
        let (json, examples, minimal, missing) = answers(&output.api);
        println!("{version}: {} operations, {json} with a JSON success: {examples} the spec's example, {minimal} a minimal value", output.api.operations.len());
        assert_eq!(missing, Vec::<String>::new(), "{version}");
        assert_eq!(examples + minimal, json, "{version}");
    }
}

/// The minimal value of each shape: formats, enums and `const`s, tagged and untagged unions,
/// a cycle cut by a union's next member; a type that holds itself through required fields has
/// none, and says why.
#[test]
fn minimal_values_of_each_shape() {
    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: Shapes, version: "1"}
paths:
  /thing:
    get:
      operationId: get_thing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /loop:
    get:
      operationId: get_loop
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Loop'}
components:
  schemas:
    Thing:
      type: object
      required: [id, day, at, kind, version, count, ok, tags, extra, pet, shape, gone, tree]
      properties:
        id: {type: string, format: uuid}
        day: {type: string, format: date}
        at: {type: string, format: date-time}
        kind: {type: string, enum: [first, second]}
        version: {const: v2}
        count: {type: number}
        ok: {type: boolean}
        tags: {type: array, items: {type: string}}
        extra: {type: object, additionalProperties: {type: integer}}
        pet: {$ref: '#/components/schemas/Pet'}
        shape: {$ref: '#/components/schemas/Shape'}
        gone: {type: [string, 'null']}
        tree: {$ref: '#/components/schemas/Tree'}
        note: {type: string}
    Cat: {type: object, required: [name], properties: {name: {type: string}, pet_type: {type: string}}}
    Dog: {type: object, required: [bark], properties: {bark: {type: boolean}, pet_type: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: pet_type, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
    Shape:
      anyOf: [{type: integer}, {type: string}]
    Tree:
      anyOf:
        - {type: object, required: [child], properties: {child: {$ref: '#/components/schemas/Tree'}}}
        - {type: string}
    Loop:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Loop'}
"#;
    let output = generator::generate("shapes.yaml", SPEC, &generator::Settings::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let answers: Vec<&Answer> = output
        .api
        .default_answers
        .iter()
        .map(|a| &a.answer)
        .collect();
    let [Answer::Minimal(thing), Answer::None(why)] = answers[..] else {
        panic!("{answers:#?}");
    };
    assert_eq!(
        *thing,
        serde_json::json!({
            "id": "00000000-0000-4000-8000-000000000000",
            "day": "2026-01-01",
            "at": "2026-01-01T00:00:00+00:00",
            "kind": "first",
            "version": "v2",
            "count": 0,
            "ok": false,
            "tags": [],
            "extra": {},
            "pet": {"name": "", "pet_type": "cat"},
            "shape": 0,
            "gone": null,
            "tree": "",
        })
    );
    assert_eq!(why, "`Loop` holds itself through required fields");
    assert_eq!(output.code.matches("pub fn example(self)").count(), 1);
}
