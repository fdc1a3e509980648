//! Overlays on small documents: each action kind (update, remove, arrays, filters, wildcards),
//! actions that select nothing (a warning, or an error when strict), malformed overlays as
//! located errors, Fern overrides, and diagnostics in nodes an overlay wrote.

use generator::overlay::{apply, Format, Overlay};
use generator::Settings;
use serde_json::{json, Value};

fn overlay(yaml: &str) -> Overlay {
    Overlay::parse("fix.yaml", yaml).unwrap_or_else(|e| panic!("{e}"))
}

/// `doc` with `overlays` applied; also what each action selected.
fn applied(doc: Value, overlays: &[Overlay]) -> (Value, Vec<usize>) {
    let mut doc = doc;
    let (applied, _) = apply(&mut doc, "spec.yaml", overlays).unwrap_or_else(|e| panic!("{e}"));
    let matched = applied
        .iter()
        .flat_map(|a| a.actions.iter().map(|o| o.matched))
        .collect();
    (doc, matched)
}

const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n";

fn schemas() -> Value {
    json!({"components": {"schemas": {
        "A": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}},
        "B": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "C": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "format": "uuid"}}},
    }}})
}

#[test]
fn update_deep_merges_objects_and_appends_arrays() {
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: $.components.schemas.C\n    update:\n      \
         description: Fixed\n      required: [y]\n      properties:\n        x: {{format: date}}\n        y: {{type: integer}}\n"
    ));
    let (doc, matched) = applied(schemas(), &[o]);
    assert_eq!(matched, [1]);
    assert_eq!(
        doc["components"]["schemas"]["C"],
        json!({
            "type": "object",
            "required": ["x", "y"],
            "properties": {"x": {"type": "string", "format": "date"}, "y": {"type": "integer"}},
            "description": "Fixed",
        })
    );
    // Keys keep document order: new ones at the end, existing ones in place.
    let keys: Vec<&String> = doc["components"]["schemas"]["C"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["type", "required", "properties", "description"]);
}

#[test]
fn update_of_an_array_appends_one_entry() {
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: $.components.schemas.C.required\n    update: z\n"
    ));
    let (doc, matched) = applied(schemas(), &[o]);
    assert_eq!(matched, [1]);
    assert_eq!(
        doc["components"]["schemas"]["C"]["required"],
        json!(["x", "z"])
    );
}

#[test]
fn remove_deletes_the_selected_nodes() {
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: $.components.schemas.B\n    remove: true\n"
    ));
    let (doc, matched) = applied(schemas(), &[o]);
    assert_eq!(matched, [1]);
    let names: Vec<&String> = doc["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(names, ["A", "C"], "the others keep their order");
}

#[test]
fn remove_of_several_array_items_keeps_indices_valid() {
    let doc = json!({"tags": ["a", "drop", "b", "drop", "drop", "c"]});
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: \"$.tags[?@ == 'drop']\"\n    remove: true\n"
    ));
    let (doc, matched) = applied(doc, &[o]);
    assert_eq!(matched, [3]);
    assert_eq!(doc["tags"], json!(["a", "b", "c"]));
}

#[test]
fn filters_and_wildcards_select_by_content() {
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: \"$.components.schemas[*].properties[?@.format == 'uuid'].format\"\n    remove: true\n  \
         - target: $.components.schemas.*\n    update: {{x-seen: true}}\n"
    ));
    let (doc, matched) = applied(schemas(), &[o]);
    assert_eq!(matched, [2, 3]);
    let s = &doc["components"]["schemas"];
    assert_eq!(s["A"]["properties"]["id"], json!({"type": "string"}));
    assert_eq!(s["C"]["properties"]["x"], json!({"type": "string"}));
    assert_eq!(s["B"]["properties"]["id"], json!({"type": "integer"}));
    assert!(["A", "B", "C"]
        .iter()
        .all(|n| s[n]["x-seen"] == json!(true)));
}

#[test]
fn descendant_segments_and_escaped_names_reach_every_node() {
    let doc = json!({"paths": {"/a/{id}": {"get": {"parameters": [
        {"name": "id", "in": "path", "schema": {"type": "string", "format": "uuid"}},
    ]}}}});
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: \"$..[?@.format == 'uuid']\"\n    update: {{format: ulid}}\n"
    ));
    let (doc, matched) = applied(doc, &[o]);
    assert_eq!(matched, [1]);
    assert_eq!(
        doc.pointer("/paths/~1a~1{id}/get/parameters/0/schema/format"),
        Some(&json!("ulid"))
    );
}

#[test]
fn actions_apply_in_order_and_overlays_in_order() {
    let first = overlay(&format!(
        "{HEAD}actions:\n  - target: $.components.schemas.A\n    update: {{title: one}}\n  \
         - target: \"$.components.schemas[?@.title == 'one']\"\n    update: {{title: two}}\n"
    ));
    let second = overlay(&format!(
        "{HEAD}actions:\n  - target: \"$.components.schemas[?@.title == 'two']\"\n    remove: true\n"
    ));
    let (doc, matched) = applied(schemas(), &[first, second]);
    assert_eq!(matched, [1, 1, 1]);
    assert!(doc["components"]["schemas"].get("A").is_none());
}

#[test]
fn an_action_that_selects_nothing_is_reported_with_file_index_and_target() {
    let text = format!(
        "{HEAD}actions:\n  - target: $.components.schemas.A\n    update: {{title: a}}\n  \
         - target: $.components.schemas.Gone\n    remove: true\n"
    );
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n";
    let settings = Settings {
        overlays: vec![Overlay::parse("fix.yaml", &text).unwrap()],
        ..Default::default()
    };
    let output = generator::generate("spec.yaml", spec, &settings).unwrap();
    let unmatched: Vec<_> = output.overlays[0].unmatched().collect();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(
        (unmatched[0].index, unmatched[0].target.as_str()),
        (1, "$.components.schemas.Gone")
    );
    assert_eq!(
        output.overlays[0].warnings("spec.yaml"),
        ["overlay `fix.yaml`: action 1 (`$.components.schemas.Gone`) selected nothing in `spec.yaml`"]
    );

    // Strict: an error, located at the action's target in the overlay.
    let strict = Settings {
        strict_overlays: true,
        ..settings
    };
    let e = generator::generate("spec.yaml", spec, &strict).unwrap_err();
    assert_eq!(e.len(), 1, "{e}");
    let d = &e.0[0];
    assert_eq!(
        (d.file.as_str(), d.pointer.as_str(), d.line),
        ("fix.yaml", "/actions/1/target", Some(6))
    );
    assert!(d.message.contains("selected nothing"), "{e}");
}

#[test]
fn malformed_overlays_are_located_errors() {
    /// Each expected diagnostic: its pointer in the overlay and its line.
    type Expected<'a> = &'a [(&'a str, Option<usize>)];
    let cases: [(&str, Expected); 6] = [
        (
            "overlay: 1.0.0\nactions:\n  - target: $.a\n    update: {}\n",
            &[("/info", None)],
        ),
        (
            "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
            &[("/overlay", Some(1)), ("/actions", Some(3))],
        ),
        (
            &format!("{HEAD}actions:\n  - target: $.a[\n    remove: true\n"),
            &[("/actions/0/target", Some(4))],
        ),
        (
            &format!("{HEAD}actions:\n  - target: $.a\n"),
            &[("/actions/0", Some(4))],
        ),
        (
            &format!("{HEAD}actions:\n  - target: $.a\n    updat: {{}}\n    remove: yes\n"),
            &[
                ("/actions/0/updat", Some(5)),
                ("/actions/0/remove", Some(6)),
                ("/actions/0", Some(4)),
            ],
        ),
        (
            &format!("{HEAD}actions:\n  - {{target: $.a, remove: true}}\n  - 7\n"),
            &[("/actions/1", Some(5))],
        ),
    ];
    for (text, expected) in cases {
        let e = Overlay::parse("fix.yaml", text).expect_err(text);
        let got: Vec<(&str, Option<usize>)> =
            e.iter().map(|d| (d.pointer.as_str(), d.line)).collect();
        let want: Vec<(&str, Option<usize>)> = expected.to_vec();
        // `info` missing has no line of its own: the pointer says where.
        let want: Vec<_> = want
            .into_iter()
            .map(|(p, l)| (p, l.or(got.iter().find(|g| g.0 == p).and_then(|g| g.1))))
            .collect();
        assert_eq!(got, want, "{text}\n{e}");
        assert!(e.iter().all(|d| d.file == "fix.yaml"), "{e}");
    }
    // Not YAML at all: the loader's located error.
    let e = Overlay::parse("fix.yaml", "overlay: [1\n").unwrap_err();
    assert!(e.iter().all(|d| d.line.is_some()), "{e}");
    // Not a mapping.
    let e = Overlay::parse("fix.yaml", "- 1\n").unwrap_err();
    assert_eq!(e.0[0].line, Some(1), "{e}");
}

#[test]
fn an_update_that_does_not_fit_the_document_is_located_at_its_action() {
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: $.components.schemas.A.type\n    update: {{x: 1}}\n  \
         - target: $\n    remove: true\n"
    ));
    let mut doc = schemas();
    let e = apply(&mut doc, "spec.yaml", &[o]).unwrap_err();
    let got: Vec<(&str, &str, Option<usize>)> = e
        .iter()
        .map(|d| (d.file.as_str(), d.pointer.as_str(), d.line))
        .collect();
    assert_eq!(
        got,
        [
            ("fix.yaml", "/actions/0", Some(4)),
            ("fix.yaml", "/actions/1", Some(6))
        ],
        "{e}"
    );
    assert!(e.0[0].message.contains("selects a string"), "{e}");
    assert!(e.0[1].message.contains("whole document"), "{e}");
}

#[test]
fn fern_overrides_merge_by_fern_rules() {
    let o = Overlay::parse(
        "overrides.yml",
        "components:\n  schemas:\n    A:\n      properties:\n        id: {format: null}\n        \
         name: {type: string}\n    C:\n      required: [y]\n\
         servers:\n  - {x-fern-server-name: Production}\n",
    )
    .unwrap();
    assert_eq!(o.format(), Format::FernOverrides);
    let mut doc = schemas();
    doc["servers"] = json!([{"url": "https://a"}, {"url": "https://b"}]);
    let (doc, matched) = applied(doc, &[o]);
    assert_eq!(matched, [1]);
    let s = &doc["components"]["schemas"];
    // `null` deletes the key; new keys are added.
    assert_eq!(
        s["A"]["properties"],
        json!({"id": {"type": "string"}, "name": {"type": "string"}})
    );
    // Arrays of strings are replaced...
    assert_eq!(s["C"]["required"], json!(["y"]));
    // ...arrays of objects merge index by index.
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://a", "x-fern-server-name": "Production"}, {"url": "https://b"}])
    );
}

/// A problem in a node the overlay wrote says so, instead of pointing at a line of the spec
/// that holds something else; a problem elsewhere keeps its line.
#[test]
fn diagnostics_in_overlaid_nodes_name_the_overlay() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/Missing'\n";
    let o = overlay(&format!(
        "{HEAD}actions:\n  - target: $.components.schemas.A.properties\n    update:\n      b: {{$ref: '#/components/schemas/AlsoMissing'}}\n"
    ));
    let settings = Settings {
        overlays: vec![o],
        ..Default::default()
    };
    let e = generator::generate("spec.yaml", spec, &settings).unwrap_err();
    let spec_one = e
        .iter()
        .find(|d| d.message.contains("`#/components/schemas/Missing`"));
    let overlay_one = e
        .iter()
        .find(|d| d.message.contains("AlsoMissing"))
        .unwrap_or_else(|| panic!("{e}"));
    assert_eq!(spec_one.map(|d| d.line), Some(Some(10)), "{e}");
    assert!(
        overlay_one
            .message
            .contains("comes from overlay `fix.yaml`, action 0"),
        "{e}"
    );
    assert_eq!(overlay_one.line, None, "{e}");
    assert!(overlay_one
        .pointer
        .starts_with("/components/schemas/A/properties/b"));
}

#[test]
fn nothing_panics_on_odd_documents() {
    let overlays = [
        overlay(&format!(
            "{HEAD}actions:\n  - target: $..*\n    remove: true\n"
        )),
        overlay(&format!(
            "{HEAD}actions:\n  - target: $..*\n    update: {{a: [1]}}\n"
        )),
        overlay(&format!(
            "{HEAD}actions:\n  - target: $..[0]\n    update: 1\n"
        )),
        Overlay::parse("o.yml", "a: [{b: null}, 1]\nc: {d: [1, {e: 2}]}\n").unwrap(),
    ];
    for doc in [
        json!(null),
        json!([1, [2, [3]]]),
        json!({"a": [{"b": 1}], "c": {"d": "x"}}),
        json!({"a": {"a": {"a": []}}}),
    ] {
        for o in &overlays {
            let mut d = doc.clone();
            let _ = apply(&mut d, "spec.yaml", std::slice::from_ref(o));
        }
    }
}

/// The overlays in `tests/regressions/overlays/` on the embedded spec and a fixture: each
/// run gives code or located errors, never a panic.
#[test]
fn regression_overlays_give_code_or_located_errors() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut overlays: Vec<_> = std::fs::read_dir(root.join("tests/regressions/overlays"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    overlays.sort();
    assert!(overlays.len() >= 4);
    let specs = [
        root.join("tests/fixtures/seed.yaml"),
        root.join("tests/regressions/group_name_keyword.yaml"),
    ];
    for path in &overlays {
        let text = std::fs::read_to_string(path).unwrap();
        let overlay = Overlay::parse("o.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        for spec in &specs {
            let spec_text = std::fs::read_to_string(spec).unwrap();
            let settings = Settings {
                overlays: vec![overlay.clone()],
                ..Default::default()
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                generator::generate("spec.yaml", &spec_text, &settings)
            }));
            let label = format!("{} on {}", path.display(), spec.display());
            match result {
                Err(_) => panic!("{label}: panicked"),
                Ok(Ok(output)) => {
                    syn::parse_file(&output.code).unwrap_or_else(|e| panic!("{label}: {e}"));
                }
                Ok(Err(e)) => {
                    assert!(!e.is_empty(), "{label}");
                    for d in e.iter() {
                        assert!(
                            !d.file.is_empty() && (!d.pointer.is_empty() || d.line.is_some()),
                            "{label}: unlocated {d}"
                        );
                        assert!(!d.message.contains("internal error"), "{label}: {d}");
                    }
                }
            }
        }
    }
}
