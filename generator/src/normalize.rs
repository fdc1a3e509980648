//! Normalize: OpenAPI 3.1 shapes -> the OpenAPI 3.0 shapes that `openapiv3` holds.
//!
//! `openapiv3` reads a 3.1 document without complaint but loses what it has no field for:
//! `const`, the `webhooks` section, `{type: 'null'}` (read as an empty schema), `$ref` siblings,
//! `examples` arrays. This stage rewrites the JSON value before `openapiv3` sees it, and records
//! every rewrite in a [`Report`], so that nothing is dropped silently:
//!
//! | 3.1 input                                  | 3.0 output                                      |
//! |--------------------------------------------|-------------------------------------------------|
//! | `anyOf: [X, {type: 'null'}]` (or `oneOf`)  | `X` merged in, `nullable: true`                 |
//! | `anyOf: [{$ref: R}, {type: 'null'}]`       | `allOf: [{$ref: R}]`, `nullable: true`          |
//! | `anyOf: [X, Y, {type: 'null'}]`            | `anyOf: [X, Y]`, `nullable: true`               |
//! | `type: [string, 'null']`                   | `type: string`, `nullable: true`                |
//! | `type: [string, integer]`                  | `anyOf: [{type: string}, {type: integer}]`      |
//! | `type: 'null'` alone                       | `x-null: true` (lowered to `()`)                |
//! | `const: v`                                 | `enum: [v]`, `x-const: v`, `type` from `v`      |
//! | `{$ref: R, description: ..}`               | `allOf: [{$ref: R}]`, `description: ..`         |
//! | `examples: [a, ..]` in a schema            | `example: a`, `x-examples: [a, ..]`             |
//! | `exclusiveMinimum: n`                      | `minimum: n`, `exclusiveMinimum: true`          |
//! | `contentMediaType` on a string             | `format: binary`                                |
//! | top-level `webhooks`                       | top-level `x-webhooks` (kept, not generated)    |
//! | any other keyword (`propertyNames`, `$defs`)| `x-propertyNames`, ... (kept, not lowered)      |
//! | `openapi: 3.1.x`                           | `openapi: 3.0.3`                                |
//! | a local `$ref` lowering cannot follow (`#/paths/..`, `#/definitions/X`, a chain) | resolved in place (`normalize/refs.rs`) |
//! | `minimum: 1e400`, `.inf`, a length past 64 bits | `x-minimum: ..` (no bound)                  |
//! | a boolean schema `true` / `false`          | `{}` / `{x-boolean-schema: false}`              |
//! | `pattern` that is no string                | `x-pattern`                                     |
//! | `{name}` in a path that no parameter declares | a required string path parameter `name`      |

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Pointer};

mod refs;

/// What normalization changed, by kind, with the location of each change.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every rewrite, in document order.
    pub changes: Vec<Change>,
    /// Nodes that now stand where the spec's text does not have them, in the order they were
    /// moved: (their pointer now, the pointer the text has them at), both escaped.
    pub moves: Vec<(String, String)>,
}

/// One rewrite of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Where in the input document.
    pub pointer: String,
    /// What was rewritten.
    pub kind: ChangeKind,
}

/// The kinds of rewrite this stage makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// `anyOf`/`oneOf` with a `{type: 'null'}` member became `nullable: true`.
    NullableUnion,
    /// `type: [..]` became a single type (plus `nullable`) or an `anyOf`.
    TypeArray,
    /// A schema that is only `null`.
    NullType,
    /// `const` became a one-value `enum`.
    Const,
    /// A `$ref` with sibling keywords became `allOf: [$ref]` plus the siblings.
    RefSiblings,
    /// A schema's `examples` array became `example`.
    Examples,
    /// A numeric `exclusiveMinimum`/`exclusiveMaximum` became a bound plus a flag.
    ExclusiveBound,
    /// `contentMediaType`/`contentEncoding` became a string `format`.
    ContentMediaType,
    /// A numeric keyword no float holds (`1e400`, `.inf`) moved to `x-{keyword}`.
    BeyondFloats,
    /// A boolean schema became `{}` (`true`, any value) or `{x-boolean-schema: false}`
    /// (`false`, no value: a client reads whatever comes as any value).
    BooleanSchema,
    /// A `{name}` of a path that no parameter declares became a required string parameter.
    ImplicitPathParameter,
    /// A keyword `openapiv3` does not model moved to `x-{keyword}`.
    Extension,
    /// A local `$ref` led to a `$ref`: it now names the end of the chain.
    RefFollowed,
    /// The target of a local `$ref` outside its section of `components` moved into it.
    RefHoisted,
    /// A `$ref` to a path item became a copy of it.
    RefInlined,
    /// Top-level `webhooks` moved to `x-webhooks`.
    Webhooks,
    /// The `openapi` version was set to 3.0.3.
    Version,
}

impl Report {
    /// Number of changes of each kind.
    pub fn counts(&self) -> BTreeMap<ChangeKind, usize> {
        let mut counts = BTreeMap::new();
        for c in &self.changes {
            *counts.entry(c.kind).or_insert(0) += 1;
        }
        counts
    }

    /// Number of changes of one kind.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// Gives a diagnostic about a node that normalization moved (see [`Report::moves`]) the
    /// pointer the spec's text has that node at.
    pub fn relocate(&self, d: &mut Diagnostic) {
        for (now, was) in self.moves.iter().rev() {
            if let Some(rest) = d.pointer.strip_prefix(now.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    d.pointer = format!("{was}{rest}");
                }
            }
        }
    }

    fn record(&mut self, at: &Pointer, kind: ChangeKind) {
        self.changes.push(Change {
            pointer: at.to_string(),
            kind,
        });
    }
}

/// Rewrites `doc` in place into OpenAPI 3.0 shapes and reports what it changed.
pub fn normalize(doc: &mut Value) -> Report {
    let mut report = Report::default();
    let root = Pointer::root();
    refs::resolve(doc, &mut report);
    let Some(top) = doc.as_object_mut() else {
        return report;
    };
    let is_31 = top
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"));
    if let Some(Value::String(version)) = top.get_mut("openapi") {
        if version.starts_with("3.1") {
            *version = "3.0.3".to_owned();
            report.record(&root.push("openapi"), ChangeKind::Version);
        }
    }
    if !top.contains_key("paths") && top.contains_key("webhooks") {
        // 3.1 makes `paths` optional (a webhooks-only API); `openapiv3` requires it.
        top.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    let shared = shared_path_parameters(top);
    if let Some(paths) = top.get_mut("paths").and_then(Value::as_object_mut) {
        let at = root.push("paths");
        for (path, item) in paths.iter_mut() {
            if is_31 {
                default_responses(item);
            }
            implicit_path_parameters(path, item, &shared, &at.push(path), &mut report);
            path_item(item, &at.push(path), &mut report);
        }
    }
    if let Some(hooks) = top.get_mut("webhooks").and_then(Value::as_object_mut) {
        let at = root.push("webhooks");
        for (name, item) in hooks.iter_mut() {
            path_item(item, &at.push(name), &mut report);
        }
    }
    if let Some(webhooks) = top.remove("webhooks") {
        report.record(&root.push("webhooks"), ChangeKind::Webhooks);
        top.insert("x-webhooks".to_owned(), webhooks);
    }
    if let Some(components) = top.get_mut("components") {
        report
            .changes
            .extend(components_part(components, &root).changes);
    }
    report
}

/// What normalizing `components` changed.
fn components_part(components: &mut Value, root: &Pointer) -> Report {
    let mut report = Report::default();
    if let Some(components) = components.as_object_mut() {
        let at = root.push("components");
        let r = &mut report;
        each_entry(components, "schemas", &at, r, schema);
        each_entry(components, "parameters", &at, r, parameter);
        each_entry(components, "headers", &at, r, parameter);
        each_entry(components, "requestBodies", &at, r, content_holder);
        each_entry(components, "responses", &at, r, response);
    }
    report
}

/// The Schema Object keywords `openapiv3` models; any other key of a schema that is not an
/// `x-` extension is moved to `x-{keyword}`, where `openapiv3` keeps it.
const MODELLED: &[&str] = &[
    "$ref",
    "title",
    "description",
    "type",
    "format",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "example",
    "discriminator",
    "default",
    "enum",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "items",
    "properties",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
];

type Visit = fn(&mut Value, &Pointer, &mut Report);

fn each_entry(obj: &mut Map<String, Value>, key: &str, at: &Pointer, r: &mut Report, f: Visit) {
    if let Some(map) = obj.get_mut(key).and_then(Value::as_object_mut) {
        let at = at.push(key);
        for (name, value) in map.iter_mut() {
            f(value, &at.push(name), r);
        }
    }
}

fn each_item(obj: &mut Map<String, Value>, key: &str, at: &Pointer, r: &mut Report, f: Visit) {
    if let Some(items) = obj.get_mut(key).and_then(Value::as_array_mut) {
        let at = at.push(key);
        for (i, value) in items.iter_mut().enumerate() {
            f(value, &at.push(i), r);
        }
    }
}

fn each_field(obj: &mut Map<String, Value>, key: &str, at: &Pointer, r: &mut Report, f: Visit) {
    if let Some(value) = obj.get_mut(key) {
        f(value, &at.push(key), r);
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn path_item(item: &mut Value, at: &Pointer, r: &mut Report) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    each_item(item, "parameters", at, r, parameter);
    for method in METHODS {
        if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
            let at = at.push(method);
            each_item(op, "parameters", &at, r, parameter);
            each_field(op, "requestBody", &at, r, content_holder);
            each_entry(op, "responses", &at, r, response);
        }
    }
}

/// The names of the path parameters in `components.parameters`, by key.
fn shared_path_parameters(top: &Map<String, Value>) -> BTreeMap<String, String> {
    let Some(parameters) = top
        .get("components")
        .and_then(|c| c.get("parameters"))
        .and_then(Value::as_object)
    else {
        return BTreeMap::new();
    };
    parameters
        .iter()
        .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|(key, p)| Some((key.clone(), p.get("name")?.as_str()?.to_owned())))
        .collect()
}

/// A `{name}` of the path that neither the path item nor an operation declares: servers take
/// it as a string, so it becomes a required string path parameter of that operation.
fn implicit_path_parameters(
    path: &str,
    item: &mut Value,
    shared: &BTreeMap<String, String>,
    at: &Pointer,
    r: &mut Report,
) {
    let template: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect();
    let Some(item) = item.as_object_mut().filter(|_| !template.is_empty()) else {
        return;
    };
    let declared = |list: Option<&Value>| -> Vec<String> {
        let list = list
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        list.iter()
            .filter_map(|p| match p.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let key = r.strip_prefix("#/components/parameters/")?;
                    shared
                        .get(&key.replace("~1", "/").replace("~0", "~"))
                        .cloned()
                }
                None if p.get("in").and_then(Value::as_str) == Some("path") => {
                    Some(p.get("name")?.as_str()?.to_owned())
                }
                None => None,
            })
            .collect()
    };
    let on_item = declared(item.get("parameters"));
    for method in METHODS {
        let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
            continue;
        };
        let on_op = declared(op.get("parameters"));
        for name in &template {
            if on_item.iter().chain(&on_op).any(|d| d == name) {
                continue;
            }
            let list = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                r.record(
                    &at.push(method).push("parameters").push(list.len()),
                    ChangeKind::ImplicitPathParameter,
                );
                list.push(serde_json::json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                }));
            }
        }
    }
}

/// 3.1 makes an operation's `responses` optional; `openapiv3` requires it: an empty one.
fn default_responses(item: &mut Value) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    for method in METHODS {
        if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
            op.entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
}

fn parameter(p: &mut Value, at: &Pointer, r: &mut Report) {
    if let Some(p) = p.as_object_mut() {
        each_field(p, "schema", at, r, schema);
        each_entry(p, "content", at, r, media_type);
    }
}

fn content_holder(v: &mut Value, at: &Pointer, r: &mut Report) {
    if let Some(v) = v.as_object_mut() {
        each_entry(v, "content", at, r, media_type);
    }
}

fn response(v: &mut Value, at: &Pointer, r: &mut Report) {
    if let Some(v) = v.as_object_mut() {
        each_entry(v, "content", at, r, media_type);
        each_entry(v, "headers", at, r, parameter);
    }
}

fn media_type(v: &mut Value, at: &Pointer, r: &mut Report) {
    if let Some(v) = v.as_object_mut() {
        each_field(v, "schema", at, r, schema);
    }
}

/// `{type: 'null'}`, also after its own normalization into `{x-null: true}`.
fn is_null_schema(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        o.get("type") == Some(&Value::String("null".into()))
            || (o.get("x-null") == Some(&Value::Bool(true)) && o.len() == 1)
    })
}

/// Normalizes one schema and, first, every schema inside it.
pub fn schema(value: &mut Value, at: &Pointer, r: &mut Report) {
    if let Value::Bool(any) = *value {
        // JSON Schema's `true` (any value) and `false` (no value), which `openapiv3` cannot read.
        let mut obj = Map::new();
        if !any {
            obj.insert("x-boolean-schema".to_owned(), Value::Bool(false));
        }
        *value = Value::Object(obj);
        r.record(at, ChangeKind::BooleanSchema);
        return;
    }
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    // Children first, so that a parent sees normalized members.
    each_entry(obj, "properties", at, r, schema);
    each_entry(obj, "patternProperties", at, r, schema);
    each_entry(obj, "$defs", at, r, schema);
    each_entry(obj, "definitions", at, r, schema);
    for key in [
        "items",
        "additionalProperties",
        "not",
        "propertyNames",
        "contains",
        "if",
        "then",
        "else",
        "unevaluatedProperties",
        "unevaluatedItems",
    ] {
        // A boolean `additionalProperties` or `unevaluated*` is a keyword's own value; elsewhere
        // `true`/`false` is a boolean schema.
        let boolean = !matches!(
            key,
            "additionalProperties" | "unevaluatedProperties" | "unevaluatedItems"
        );
        if obj
            .get(key)
            .is_some_and(|v| v.is_object() || boolean && v.is_boolean())
        {
            each_field(obj, key, at, r, schema);
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        each_item(obj, key, at, r, schema);
    }
    each_entry(obj, "dependentSchemas", at, r, schema);
    type_array(obj, at, r);
    if obj.get("type") == Some(&Value::String("null".into())) {
        obj.remove("type");
        obj.insert("x-null".into(), Value::Bool(true));
        r.record(at, ChangeKind::NullType);
    }
    if let Some(c) = obj.get("const").cloned() {
        constant(obj, c);
        r.record(at, ChangeKind::Const);
    }
    for key in ["anyOf", "oneOf"] {
        nullable_union(obj, key, at, r);
    }
    if obj.contains_key("$ref") && obj.len() > 1 {
        let reference = obj.remove("$ref").unwrap_or(Value::Null);
        let mut only_ref = Map::new();
        only_ref.insert("$ref".into(), reference);
        obj.insert("allOf".into(), Value::Array(vec![Value::Object(only_ref)]));
        r.record(at, ChangeKind::RefSiblings);
    }
    if let Some(Value::Array(examples)) = obj.get("examples").cloned() {
        obj.remove("examples");
        if let (false, Some(first)) = (obj.contains_key("example"), examples.first()) {
            obj.insert("example".into(), first.clone());
        }
        obj.insert("x-examples".into(), Value::Array(examples));
        r.record(at, ChangeKind::Examples);
    }
    beyond_floats(obj, at, r);
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = obj.get(exclusive).cloned() {
            obj.insert(bound.into(), n);
            obj.insert(exclusive.into(), Value::Bool(true));
            r.record(at, ChangeKind::ExclusiveBound);
        }
    }
    string_content(obj, at, r);
    // A `pattern` that is no string (`pattern: 0`) constrains nothing a client checks: kept as
    // `x-pattern`.
    if obj.get("pattern").is_some_and(|p| !p.is_string()) {
        if let Some(p) = obj.remove("pattern") {
            r.record(&at.push("pattern"), ChangeKind::Extension);
            obj.insert("x-pattern".to_owned(), p);
        }
    }
    // Keywords `openapiv3` has no field for (`propertyNames`, `if`, `$defs`, vendor keys such
    // as pydantic's `union_mode`): kept under `x-` so they are not lost.
    let unmodelled: Vec<String> = obj
        .keys()
        .filter(|k| !k.starts_with("x-") && !MODELLED.contains(&k.as_str()))
        .cloned()
        .collect();
    for key in unmodelled {
        if let Some(v) = obj.remove(&key) {
            r.record(&at.push(&key), ChangeKind::Extension);
            obj.insert(format!("x-{key}"), v);
        }
    }
}

/// The numeric keywords of a schema.
const BOUNDS: [&str; 11] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// A bound no float holds (`1e400`, `.inf`, `-.inf`, `.nan`, read as text by `load`), or a
/// length past 64 bits, bounds nothing a Rust value can hold: it moves to `x-{keyword}`.
fn beyond_floats(obj: &mut Map<String, Value>, at: &Pointer, r: &mut Report) {
    for key in BOUNDS {
        let beyond = match obj.get(key) {
            Some(Value::String(s)) => {
                let s = s.trim();
                let bare = s.trim_start_matches(['+', '-']).to_ascii_lowercase();
                bare == ".inf" || bare == ".nan" || s.parse::<f64>().is_ok_and(|f| !f.is_finite())
            }
            // A length is an integer; one read as a float is past `u64::MAX`.
            #[allow(clippy::cast_precision_loss)]
            Some(Value::Number(n))
                if key.ends_with("Length")
                    || key.ends_with("Items")
                    || key.ends_with("Properties") =>
            {
                !n.is_u64() && n.as_f64().is_some_and(|f| f >= u64::MAX as f64)
            }
            _ => false,
        };
        if !beyond {
            continue;
        }
        if let Some(v) = obj.remove(key) {
            r.record(&at.push(key), ChangeKind::BeyondFloats);
            obj.insert(format!("x-{key}"), v);
        }
    }
}

/// `contentMediaType`/`contentEncoding` on a string -> `format: binary`/`byte`.
fn string_content(obj: &mut Map<String, Value>, at: &Pointer, r: &mut Report) {
    if obj.get("type") == Some(&Value::String("string".into())) && !obj.contains_key("format") {
        let binary = obj.contains_key("contentMediaType");
        let base64 = obj.get("contentEncoding") == Some(&Value::String("base64".into()));
        if binary || base64 {
            let format = if base64 { "byte" } else { "binary" };
            obj.insert("format".into(), Value::String(format.into()));
            r.record(at, ChangeKind::ContentMediaType);
        }
    }
}

/// `type: [a, 'null']` -> `type: a, nullable: true`; several non-null types -> `anyOf`.
fn type_array(obj: &mut Map<String, Value>, at: &Pointer, r: &mut Report) {
    let Some(Value::Array(types)) = obj.get("type").cloned() else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    obj.remove("type");
    if nullable {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    match rest.len() {
        0 => {
            obj.insert("type".into(), Value::String("null".into()));
        }
        1 => {
            obj.insert("type".into(), rest.into_iter().next().unwrap_or_default());
        }
        _ => {
            let members = rest
                .into_iter()
                .map(|t| {
                    let mut m = Map::new();
                    m.insert("type".into(), t);
                    Value::Object(m)
                })
                .collect();
            obj.insert("anyOf".into(), Value::Array(members));
        }
    }
    r.record(at, ChangeKind::TypeArray);
}

/// `const: v` -> `enum: [v]`, keeping `x-const` and giving the schema the type of `v`.
fn constant(obj: &mut Map<String, Value>, c: Value) {
    obj.remove("const");
    let ty = match &c {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    if let (Some(ty), false) = (ty, obj.contains_key("type")) {
        obj.insert("type".into(), Value::String(ty.into()));
    }
    obj.insert("enum".into(), Value::Array(vec![c.clone()]));
    obj.insert("x-const".into(), c);
}

/// Removes `{type: 'null'}` members of a union and marks the schema nullable; a single
/// remaining member is merged into the schema (a `$ref` is wrapped in `allOf`).
fn nullable_union(obj: &mut Map<String, Value>, key: &str, at: &Pointer, r: &mut Report) {
    let Some(Value::Array(members)) = obj.get(key) else {
        return;
    };
    if !members.iter().any(is_null_schema) {
        return;
    }
    let mut rest: Vec<Value> = members
        .iter()
        .filter(|m| !is_null_schema(m))
        .cloned()
        .collect();
    obj.insert("nullable".into(), Value::Bool(true));
    r.record(&at.push(key), ChangeKind::NullableUnion);
    if rest.len() != 1 {
        if rest.is_empty() {
            obj.remove(key);
            obj.insert("x-null".into(), Value::Bool(true));
        } else {
            obj.insert(key.into(), Value::Array(rest));
        }
        return;
    }
    obj.remove(key);
    let Some(Value::Object(only)) = rest.pop() else {
        return;
    };
    if only.contains_key("$ref") && only.len() == 1 {
        obj.insert("allOf".into(), Value::Array(vec![Value::Object(only)]));
        return;
    }
    for (k, v) in only {
        if k == "nullable" {
            continue;
        }
        obj.entry(k).or_insert(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(v: Value) -> Value {
        let mut v = v;
        schema(&mut v, &Pointer::root(), &mut Report::default());
        v
    }

    #[test]
    fn nullable_scalar_union_merges() {
        let v = norm(
            json!({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}], "title": "T"}),
        );
        assert_eq!(
            v,
            json!({"title": "T", "nullable": true, "type": "string", "format": "date"})
        );
    }

    #[test]
    fn nullable_ref_becomes_all_of() {
        let v = norm(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}));
        assert_eq!(
            v,
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn type_array_and_const() {
        assert_eq!(
            norm(json!({"type": ["integer", "null"]})),
            json!({"nullable": true, "type": "integer"})
        );
        assert_eq!(
            norm(json!({"const": "x"})),
            json!({"type": "string", "enum": ["x"], "x-const": "x"})
        );
    }

    #[test]
    fn ref_siblings_are_kept() {
        assert_eq!(
            norm(json!({"$ref": "#/a", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/a"}]})
        );
    }
}
