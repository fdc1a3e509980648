//! Inputs that once made the generator panic, hang or write invalid code (found by
//! `tests/mutation.rs` and the fuzzer in `fuzz/`), kept in `tests/regressions/`: each must now
//! give code that parses or located errors, within the hang bound. And a spec with several
//! independent problems gets all of them reported, each at its place.

mod common;
mod robust;

use std::path::{Path, PathBuf};

use robust::Outcome;

#[test]
fn every_regression_input_is_handled() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match robust::run_case(&name, &format!("regressions/{name}"), text) {
            Outcome::Generated(output) => {
                if let Err(e) = syn::parse_file(&output.code) {
                    failures.push(format!("{name}: the generated code does not parse: {e}"));
                }
            }
            Outcome::Rejected(diagnostics) => {
                for d in diagnostics.iter() {
                    if d.message.contains("internal error") {
                        failures.push(format!("{name}: generator bug: {d}"));
                    }
                }
                for bad in robust::unlocated(&diagnostics) {
                    failures.push(format!("{name}: unlocated: {bad}"));
                }
            }
            Outcome::Panicked(message) => failures.push(format!("{name}: PANIC {message}")),
            Outcome::Hung => failures.push(format!("{name}: no answer within the bound")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Independent problems in one spec: every one reported, with its pointer and line.
#[test]
fn several_errors_are_all_reported_each_located() {
    let spec = r#"openapi: 3.0.3
info: {title: Broken, version: "1"}
paths:
  /a/{id}:
    get:
      operationId: get_a
      parameters:
        - {name: session, in: header, schema: {type: string}}
        - {name: id, in: path, required: true, style: label, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing'
  /b:
    post:
      operationId: post_b
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/AlsoMissing'
      responses:
        '204': {description: done}
components:
  schemas:
    "🙂":
      type: object
    Fine:
      type: object
      properties:
        other: {$ref: '#/components/schemas/Gone'}
"#;
    let errors = generator::generate("several.yaml", spec, &Default::default())
        .expect_err("the spec is broken");
    let rendered = errors.to_string();
    let expect = [
        (
            "path parameter style `Label` is not supported",
            "/paths/~1a~1{id}/get/parameters/1",
        ),
        (
            "#/components/schemas/Missing",
            "/paths/~1a~1{id}/get/responses/200",
        ),
        (
            "#/components/schemas/AlsoMissing",
            "/paths/~1b/post/requestBody",
        ),
        (
            "#/components/schemas/Gone",
            "/components/schemas/Fine/properties/other",
        ),
        ("", "/components/schemas/🙂"),
    ];
    for (message, pointer) in expect {
        let found = errors
            .iter()
            .find(|d| d.pointer.starts_with(pointer) && d.message.contains(message));
        let d = found.unwrap_or_else(|| panic!("no error at {pointer} ({message}):\n{rendered}"));
        assert_eq!(d.file, "several.yaml");
        assert!(d.line.is_some(), "no line for {d}");
    }
    assert!(errors.len() >= expect.len(), "{rendered}");

    // Shape errors (caught before `openapiv3` reads the document) are all reported too.
    let shapes = r#"openapi: 3.0.3
info: {title: Shapes, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        x: {type: string, minLength: -1}
        y: {type: [string, integer], maxItems: many}
    B:
      items: 5
      required: [a, 1]
"#;
    let errors = generator::generate("shapes.yaml", shapes, &Default::default())
        .expect_err("the spec is broken");
    let pointers: Vec<&str> = errors.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/A/properties/x/minLength",
            "/components/schemas/A/properties/y/maxItems",
            "/components/schemas/B/items",
            "/components/schemas/B/required/1",
        ],
        "{errors}"
    );
    assert!(errors.iter().all(|d| d.line.is_some()), "{errors}");
}
