//! Check: the schemas of the normalized document have the shapes `openapiv3` reads.
//!
//! `openapiv3` reads schemas through untagged enums (`ReferenceOr`, `SchemaKind`,
//! `AdditionalProperties`): when a value deep inside a schema has the wrong JSON type, serde
//! tries every variant at every level above it, which takes time exponential in the depth
//! (a mistake 20 levels down: minutes), and then reports the outermost schema with "did not
//! match any variant". This stage walks the same places `normalize` does before `openapiv3`
//! sees them, and reports each keyword of the wrong type at its own pointer, all of them at
//! once; `openapiv3` then never fails inside a schema.
//!
//! | keyword                                              | must be                            |
//! |------------------------------------------------------|------------------------------------|
//! | a schema (`items`, `not`, members of `properties`, `allOf`, ...) | an object              |
//! | `$ref`, `type`, `title`, `description`, `format`, `pattern` | a string                    |
//! | `nullable`, `readOnly`, `writeOnly`, `deprecated`, `uniqueItems`, `exclusiveMinimum`, `exclusiveMaximum` | a boolean |
//! | `minimum`, `maximum`, `multipleOf`                   | a number                           |
//! | `minLength`, `maxLength`, `minItems`, `maxItems`, `minProperties`, `maxProperties` | a non-negative integer |
//! | `enum`, `allOf`, `anyOf`, `oneOf`                    | an array                           |
//! | `required`                                           | an array of strings                |
//! | `properties`                                         | an object of schemas               |
//! | `additionalProperties`                               | a boolean or a schema              |
//! | `discriminator`                                      | `{propertyName: string, mapping: {string: string}}` |
//! | `externalDocs`                                       | `{url: string}`                    |
//!
//! The operations of `webhooks` (under `x-webhooks` once normalized) are checked like those
//! of `paths`, and reported at their pointers under `/webhooks`.
//!
//! It also checks the top-level fields `openapiv3` requires (`openapi`, `info.title`,
//! `info.version`, `paths`), so that a missing one is reported at its pointer.

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics, Pointer, Sink};

/// Reports every schema keyword of `doc` (already normalized) whose value has a shape
/// `openapiv3` cannot read.
pub fn check(file: &str, doc: &Value) -> Result<(), Diagnostics> {
    let mut sink = Sink::new(file);
    let root = Pointer::root();
    let Some(top) = doc.as_object() else {
        return Err(Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            pointer: String::new(),
            line: Some(1),
            column: None,
            message: format!(
                "expected an OpenAPI document (a mapping), found {}",
                json_type(doc)
            ),
        }]));
    };
    required(
        top,
        "openapi",
        Value::is_string,
        "a string",
        &root,
        &mut sink,
    );
    required(top, "info", Value::is_object, "an object", &root, &mut sink);
    if let Some(info) = top.get("info").and_then(Value::as_object) {
        let at = root.push("info");
        for key in ["title", "version"] {
            required(info, key, Value::is_string, "a string", &at, &mut sink);
        }
    }
    required(
        top,
        "paths",
        Value::is_object,
        "an object",
        &root,
        &mut sink,
    );
    if let Some(paths) = top.get("paths").and_then(Value::as_object) {
        let at = root.push("paths");
        for (path, item) in paths {
            path_item(item, &at.push(path), &mut sink);
        }
    }
    // `normalize` moved `webhooks` here; the spec, and so the pointers, say `webhooks`.
    if let Some(hooks) = top.get("x-webhooks").and_then(Value::as_object) {
        let at = root.push("webhooks");
        for (name, item) in hooks {
            path_item(item, &at.push(name), &mut sink);
        }
    }
    if let Some(components) = top.get("components").and_then(Value::as_object) {
        let at = root.push("components");
        let sink = &mut sink;
        each_entry(components, "schemas", &at, sink, schema);
        each_entry(components, "parameters", &at, sink, parameter);
        each_entry(components, "headers", &at, sink, parameter);
        each_entry(components, "requestBodies", &at, sink, content_holder);
        each_entry(components, "responses", &at, sink, response);
    }
    sink.finish(())
}

/// Reports `key` of `obj` when it is missing or `ok` says it has the wrong type; true when it
/// is there and right.
fn required(
    obj: &Map<String, Value>,
    key: &str,
    ok: fn(&Value) -> bool,
    what: &str,
    at: &Pointer,
    sink: &mut Sink,
) -> bool {
    let here = at.push(key);
    match obj.get(key) {
        None => {
            sink.error(&here, format!("the required field `{key}` is missing"));
            false
        }
        Some(v) => expect(v, ok(v), what, &here, sink),
    }
}

type Visit = fn(&Value, &Pointer, &mut Sink);

fn each_entry(obj: &Map<String, Value>, key: &str, at: &Pointer, sink: &mut Sink, f: Visit) {
    if let Some(map) = obj.get(key).and_then(Value::as_object) {
        let at = at.push(key);
        for (name, value) in map {
            f(value, &at.push(name), sink);
        }
    }
}

fn path_item(item: &Value, at: &Pointer, sink: &mut Sink) {
    let Some(item) = item.as_object() else {
        return;
    };
    each_list(item, "parameters", at, sink, parameter);
    for method in [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ] {
        if let Some(op) = item.get(method).and_then(Value::as_object) {
            let at = at.push(method);
            each_list(op, "parameters", &at, sink, parameter);
            if let Some(body) = op.get("requestBody") {
                content_holder(body, &at.push("requestBody"), sink);
            }
            each_entry(op, "responses", &at, sink, response);
        }
    }
}

fn each_list(obj: &Map<String, Value>, key: &str, at: &Pointer, sink: &mut Sink, f: Visit) {
    if let Some(items) = obj.get(key).and_then(Value::as_array) {
        let at = at.push(key);
        for (i, value) in items.iter().enumerate() {
            f(value, &at.push(i), sink);
        }
    }
}

fn parameter(p: &Value, at: &Pointer, sink: &mut Sink) {
    if let Some(p) = p.as_object() {
        if let Some(s) = p.get("schema") {
            schema(s, &at.push("schema"), sink);
        }
        each_entry(p, "content", at, sink, media_type);
    }
}

fn content_holder(v: &Value, at: &Pointer, sink: &mut Sink) {
    if let Some(v) = v.as_object() {
        each_entry(v, "content", at, sink, media_type);
    }
}

fn response(v: &Value, at: &Pointer, sink: &mut Sink) {
    if let Some(v) = v.as_object() {
        each_entry(v, "content", at, sink, media_type);
        each_entry(v, "headers", at, sink, parameter);
    }
}

fn media_type(v: &Value, at: &Pointer, sink: &mut Sink) {
    if let Some(s) = v.as_object().and_then(|v| v.get("schema")) {
        schema(s, &at.push("schema"), sink);
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expect(v: &Value, ok: bool, what: &str, at: &Pointer, sink: &mut Sink) -> bool {
    if !ok {
        sink.error(at, format!("expected {what} here, found {}", json_type(v)));
    }
    ok
}

/// Checks one schema and every schema inside it.
fn schema(value: &Value, at: &Pointer, sink: &mut Sink) {
    let Some(obj) = value.as_object() else {
        let message = match value {
            Value::Bool(_) => {
                "a boolean schema (`true`/`false`) is not supported here; write `{}` for any value"
                    .to_owned()
            }
            other => format!(
                "expected a schema (an object) here, found {}",
                json_type(other)
            ),
        };
        sink.error(at, message);
        return;
    };
    for (key, v) in obj {
        let here = at.push(key);
        match key.as_str() {
            "$ref" | "type" | "title" | "description" | "format" | "pattern" => {
                expect(v, v.is_string(), "a string", &here, sink);
            }
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
            | "exclusiveMinimum" | "exclusiveMaximum" => {
                expect(v, v.is_boolean(), "a boolean", &here, sink);
            }
            "minimum" | "maximum" | "multipleOf" => {
                expect(v, v.is_number(), "a number", &here, sink);
            }
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => {
                expect(v, v.is_u64(), "a non-negative integer", &here, sink);
            }
            "enum" => {
                expect(v, v.is_array(), "an array", &here, sink);
            }
            // A failed guard has reported the problem and falls through to `_`.
            "required" if expect(v, v.is_array(), "an array", &here, sink) => {
                for (i, name) in v.as_array().into_iter().flatten().enumerate() {
                    expect(name, name.is_string(), "a string", &here.push(i), sink);
                }
            }
            "allOf" | "anyOf" | "oneOf"
                if expect(v, v.is_array(), "an array of schemas", &here, sink) =>
            {
                for (i, member) in v.as_array().into_iter().flatten().enumerate() {
                    schema(member, &here.push(i), sink);
                }
            }
            "items" | "not" => schema(v, &here, sink),
            "additionalProperties" if !v.is_boolean() => schema(v, &here, sink),
            "properties" if expect(v, v.is_object(), "an object of schemas", &here, sink) => {
                for (name, member) in v.as_object().into_iter().flatten() {
                    schema(member, &here.push(name), sink);
                }
            }
            "discriminator" => discriminator(v, &here, sink),
            "externalDocs" => {
                let url = v.as_object().and_then(|d| d.get("url"));
                expect(
                    v,
                    url.is_some_and(Value::is_string),
                    "an object with a string `url`",
                    &here,
                    sink,
                );
            }
            _ => {}
        }
    }
}

fn discriminator(v: &Value, at: &Pointer, sink: &mut Sink) {
    let Some(d) = v.as_object() else {
        expect(v, false, "an object", at, sink);
        return;
    };
    match d.get("propertyName") {
        Some(name) => {
            expect(
                name,
                name.is_string(),
                "a string",
                &at.push("propertyName"),
                sink,
            );
        }
        None => sink.error(at, "a discriminator needs a `propertyName`"),
    }
    if let Some(mapping) = d.get("mapping") {
        let here = at.push("mapping");
        if expect(mapping, mapping.is_object(), "an object", &here, sink) {
            for (k, target) in mapping.as_object().into_iter().flatten() {
                expect(target, target.is_string(), "a string", &here.push(k), sink);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_every_bad_keyword_at_its_place() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t"}, "components": {"schemas": {
            "A": {"type": "object", "properties": {"x": {"type": true}, "y": 3}},
            "B": {"items": {"minLength": -1}, "required": ["a", 1]},
            "C": {"oneOf": [], "discriminator": {"mapping": {"a": 1}}},
        }}});
        let errors = check("s.yaml", &doc).unwrap_err();
        let at: Vec<&str> = errors.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            at,
            [
                "/info/version",
                "/paths",
                "/components/schemas/A/properties/x/type",
                "/components/schemas/A/properties/y",
                "/components/schemas/B/items/minLength",
                "/components/schemas/B/required/1",
                "/components/schemas/C/discriminator",
                "/components/schemas/C/discriminator/mapping/a",
            ]
        );
    }

    #[test]
    fn well_formed_schemas_pass() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "A": {"type": "object", "additionalProperties": true, "nullable": true,
                  "properties": {"x": {"$ref": "#/components/schemas/A"}},
                  "enum": [null], "minimum": 1.5, "maxLength": 3},
        }}});
        assert!(check("s.yaml", &doc).is_ok());
    }
}
