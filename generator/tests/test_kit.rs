//! The test kit's `.example()`: a stub answers with the spec's success example only when the
//! example decodes through the generated type, and `coverage` counts both kinds.

use std::path::Path;

#[test]
fn only_examples_that_decode_are_offered_and_coverage_counts_both() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/responses.yaml");
    let output = generator::generate_file(&spec, &generator::Settings::default()).unwrap();

    // `GET /orders/{order_id}`'s example decodes as an `Order`; `POST /orders`'s `id: 42`
    // is no UUID.
    let offered: Vec<&str> = output
        .code
        .match_indices("pub fn example(self)")
        .map(|(at, _)| {
            let before = &output.code[..at];
            let stub = before.rfind("impl ").unwrap();
            before[stub..].lines().next().unwrap()
        })
        .collect();
    assert_eq!(offered, ["impl OrdersGetOrderStub<'_> {"]);
    assert!(output.code.contains(
        r#"let example = "{\"id\":\"3f1c4e7a-9b2d-4c55-8e1f-0a6b7c8d9e10\",\"notes\":\"leave at the door\"}";"#
    ));

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
