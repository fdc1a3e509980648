//! Local `$ref`s that lowering cannot follow as written, resolved in place.
//!
//! Lowering follows a schema `$ref` only to `#/components/schemas/{name}`, and a parameter,
//! response, request body or header `$ref` only to its own section of `components`. Real
//! documents point anywhere inside themselves: at a schema deep in an operation
//! (`#/paths/~1orders/get/responses/200/content/application~1json/schema/properties/owner`),
//! at a parameter of another operation (`#/paths/~1a/get/parameters/0`), at a property of a
//! component (`#/components/schemas/A/properties/b`), at `#/definitions/X` left over from
//! Swagger 2, at another path item, or at a `$ref` that is itself a `$ref`. This pass runs
//! before the rest of `normalize` and rewrites each such reference into one lowering follows:
//!
//! | the reference points at                         | becomes                                   |
//! |-------------------------------------------------|-------------------------------------------|
//! | a node that is only a `$ref` (a chain)          | the end of the chain                      |
//! | a schema, parameter, response, request body or header outside its section of `components` | moved into that section under a derived name; where it was, a `$ref` to it |
//! | a path item, or a callback of an operation      | a copy of it                              |
//!
//! A moved node keeps one definition, shared by every reference and by the place it came
//! from, so it is one Rust type. Its new place is not in the spec's text: [`Report::relocate`]
//! gives a diagnostic inside it back the pointer of the place the text has it. Derived names:
//! a parameter's `name`; a schema inside `properties` the property's name (`Item` added for
//! each `items` after it); `#/definitions/X` and a component of another section `X`; anything
//! else the words of its path (`OrdersGetResponse200`). A name already taken gets `2`, `3`, ...
//!
//! A reference that does not resolve, leaves the document, goes round in a loop or points at
//! a node of another kind (a schema's `$ref` to a parameter) is left as it is: lowering
//! reports it at its place.
//!
//! [`Report::relocate`]: super::Report::relocate

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use super::{ChangeKind, Report};
use crate::diag::Pointer;

/// What a `$ref` stands for, by where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    PathItem,
    /// An operation's callback (`{expression: path item}`), which `openapiv3` reads only
    /// written out.
    Callback,
}

impl Kind {
    /// The section of `components` lowering resolves this kind in.
    fn section(self) -> Option<&'static str> {
        match self {
            Kind::Schema => Some("schemas"),
            Kind::Parameter => Some("parameters"),
            Kind::Response => Some("responses"),
            Kind::RequestBody => Some("requestBodies"),
            Kind::Header => Some("headers"),
            Kind::PathItem | Kind::Callback => None,
        }
    }
}

/// A node holding a `$ref`: its path (unescaped tokens, as walked) and what it stands for.
type Site = (Vec<String>, Kind);

/// How many `$ref`s a chain may have before it counts as a loop.
const MAX_CHAIN: usize = 64;

/// Rewrites every local `$ref` of `doc` that lowering cannot follow into one it can.
pub(super) fn resolve(doc: &mut Value, report: &mut Report) {
    let mut sites = Vec::new();
    document(doc, &mut sites);
    // Sites in nodes moved or copied on the way are walked again at their new place.
    let mut next = 0;
    while next < sites.len() {
        let (path, kind) = sites[next].clone();
        next += 1;
        site(doc, &path, kind, report, &mut sites);
    }
}

/// Resolves the reference at `path` (a node found by the walk, perhaps moved since).
fn site(doc: &mut Value, path: &[String], kind: Kind, report: &mut Report, out: &mut Vec<Site>) {
    let Some(real) = follow(doc, path) else {
        return;
    };
    let Some(reference) = get(doc, &real)
        .and_then(|n| n.get("$ref"))
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let Some(target) = settle(doc, kind, &reference) else {
        return;
    };
    let at = Pointer::from_escaped(&escape(&real));
    match (kind.section(), target) {
        (_, Target::Canonical(to)) => {
            let to = format!("#{}", escape(&to));
            if to != reference {
                set_ref(doc, &real, to);
                report.record(&at, ChangeKind::RefFollowed);
            }
        }
        // A target that is not a `kind` where it stands (a schema's `$ref` to a parameter) is
        // left for lowering to report.
        (_, Target::Elsewhere(from)) if kind_at(&from) != Some(kind) => {}
        (None, Target::Elsewhere(from)) => {
            // A path item or a callback: a copy takes the place of the reference.
            let Some(copy) = get(doc, &from).cloned() else {
                return;
            };
            if let Some(node) = get_mut(doc, &real) {
                *node = copy;
            }
            report.moves.push((escape(&real), escape(&from)));
            report.record(&at, ChangeKind::RefInlined);
            let mut found = Vec::new();
            path_item(
                get(doc, &real).unwrap_or(&Value::Null),
                &mut real.clone(),
                &mut found,
            );
            out.extend(found);
        }
        (Some(section), Target::Elsewhere(from)) => {
            let name = derive_name(doc, kind, section, &from);
            let new = vec!["components".to_owned(), section.to_owned(), name];
            let stub = Value::Object(Map::from_iter([(
                "$ref".to_owned(),
                Value::String(format!("#{}", escape(&new))),
            )]));
            let Some(value) = get_mut(doc, &from).map(|n| std::mem::replace(n, stub.clone()))
            else {
                return;
            };
            let Some(holder) = components_section(doc, section) else {
                return;
            };
            holder.insert(new[2].clone(), value);
            report.moves.push((escape(&new), escape(&from)));
            report.record(&at, ChangeKind::RefHoisted);
            // The reference itself may have moved with its target (a schema that refers to its
            // own ancestor): found again from where the walk saw it.
            if let Some(real) = follow(doc, path) {
                set_ref(doc, &real, format!("#{}", escape(&new)));
            }
            let mut found = Vec::new();
            let moved = get(doc, &new).unwrap_or(&Value::Null);
            visit(kind, moved, &mut new.clone(), &mut found);
            out.extend(found);
        }
    }
}

/// Where a reference ends.
enum Target {
    /// In its own section of `components` (for a schema, perhaps an alias of another).
    Canonical(Vec<String>),
    /// At a node that is not a `$ref`, outside that section.
    Elsewhere(Vec<String>),
}

/// Follows `reference` (and the `$ref`s it leads to) to its end; `None` when it leaves the
/// document, does not resolve or loops.
fn settle(doc: &Value, kind: Kind, reference: &str) -> Option<Target> {
    let mut reference = reference.to_owned();
    for _ in 0..MAX_CHAIN {
        let tokens = fragment(&reference)?;
        let path = follow(doc, &tokens)?;
        let node = get(doc, &path)?;
        let next = node.get("$ref").and_then(Value::as_str);
        let pure = node.as_object().is_some_and(|o| o.len() == 1);
        let canonical = kind
            .section()
            .is_some_and(|s| path.len() == 3 && path[0] == "components" && path[1] == s);
        // A schema component that is a `$ref` is an alias lowering knows; other kinds, and
        // nodes outside `components`, are followed to the end of their chain.
        match next {
            Some(next)
                if !(canonical && kind == Kind::Schema) && (pure || kind != Kind::Schema) =>
            {
                reference = next.to_owned();
            }
            _ if canonical => return Some(Target::Canonical(path)),
            _ => return Some(Target::Elsewhere(path)),
        }
    }
    None
}

/// What the node at `path` is, by where it stands in an OpenAPI document; `None` for a node
/// that is none of the kinds (an example, an extension, an operation).
fn kind_at(path: &[String]) -> Option<Kind> {
    let strs: Vec<&str> = path.iter().map(String::as_str).collect();
    match strs.as_slice() {
        ["paths" | "webhooks" | "x-webhooks", _, rest @ ..] => item_kind(rest),
        ["components", section, _, rest @ ..] => match *section {
            "schemas" => schema_kind(rest),
            "parameters" => holder_kind(rest, Kind::Parameter),
            "headers" => holder_kind(rest, Kind::Header),
            "requestBodies" => holder_kind(rest, Kind::RequestBody),
            "responses" => holder_kind(rest, Kind::Response),
            "pathItems" => item_kind(rest),
            "callbacks" => match rest {
                [] => Some(Kind::Callback),
                [_, rest @ ..] => item_kind(rest),
            },
            _ => None,
        },
        ["definitions" | "$defs", _, rest @ ..] => schema_kind(rest),
        _ => None,
    }
}

fn item_kind(path: &[&str]) -> Option<Kind> {
    match path {
        [] => Some(Kind::PathItem),
        ["parameters", _, rest @ ..] => holder_kind(rest, Kind::Parameter),
        [method, rest @ ..] if METHODS.contains(method) => match rest {
            ["parameters", _, rest @ ..] => holder_kind(rest, Kind::Parameter),
            ["requestBody", rest @ ..] => holder_kind(rest, Kind::RequestBody),
            ["responses", _, rest @ ..] => holder_kind(rest, Kind::Response),
            ["callbacks", _] => Some(Kind::Callback),
            ["callbacks", _, _, rest @ ..] => item_kind(rest),
            _ => None,
        },
        _ => None,
    }
}

/// Within a parameter, header, request body or response (`kind`).
fn holder_kind(path: &[&str], kind: Kind) -> Option<Kind> {
    match path {
        [] => Some(kind),
        ["schema", rest @ ..] | ["content", _, "schema", rest @ ..] => schema_kind(rest),
        ["headers", _, rest @ ..] if kind == Kind::Response => holder_kind(rest, Kind::Header),
        _ => None,
    }
}

fn schema_kind(path: &[&str]) -> Option<Kind> {
    match path {
        [] => Some(Kind::Schema),
        ["properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas", _, rest @ ..]
        | ["allOf" | "anyOf" | "oneOf" | "prefixItems", _, rest @ ..]
        | ["items"
        | "additionalProperties"
        | "not"
        | "contains"
        | "if"
        | "then"
        | "else"
        | "propertyNames", rest @ ..] => schema_kind(rest),
        _ => None,
    }
}

/// The tokens of a local reference (`#/a/b~1c/%7Bid%7D`), unescaped; `None` for a reference
/// to another document.
fn fragment(reference: &str) -> Option<Vec<String>> {
    let rest = reference.strip_prefix('#')?;
    let rest = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// The escaped JSON pointer of `tokens`.
fn escape(tokens: &[String]) -> String {
    tokens.iter().fold(String::new(), |mut out, t| {
        out.push('/');
        out.push_str(&t.replace('~', "~0").replace('/', "~1"));
        out
    })
}

/// The path of the node at `tokens`, going through each `$ref` on the way that stands where
/// the next token is missing (a node moved away, or a reference through a reference).
fn follow(doc: &Value, tokens: &[String]) -> Option<Vec<String>> {
    let mut hops = MAX_CHAIN;
    follow_within(doc, tokens, &mut hops)
}

/// [`follow`], with at most `hops` more `$ref`s gone through, in all, however they nest.
fn follow_within(doc: &Value, tokens: &[String], hops: &mut usize) -> Option<Vec<String>> {
    let mut path: Vec<String> = Vec::new();
    let mut node = doc;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let child = match node {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|n| items.get(n)),
            _ => None,
        };
        match child {
            Some(child) => {
                path.push(token.clone());
                node = child;
                i += 1;
            }
            None => {
                let next = node.get("$ref").and_then(Value::as_str)?;
                *hops = hops.checked_sub(1)?;
                path = follow_within(doc, &fragment(next)?, hops)?;
                node = get(doc, &path)?;
            }
        }
    }
    Some(path)
}

fn get<'v>(doc: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(doc, |node, token| match node {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

fn get_mut<'v>(doc: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |node, token| match node {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?),
        _ => None,
    })
}

fn set_ref(doc: &mut Value, path: &[String], reference: String) {
    if let Some(Value::Object(node)) = get_mut(doc, path) {
        node.insert("$ref".to_owned(), Value::String(reference));
    }
}

/// `components.{section}`, made when missing; `None` when `components` is not a mapping.
fn components_section<'v>(doc: &'v mut Value, section: &str) -> Option<&'v mut Map<String, Value>> {
    let components = doc
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    components
        .entry(section)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// A name for the node at `from` in `components.{section}`, not yet taken there.
fn derive_name(doc: &Value, kind: Kind, section: &str, from: &[String]) -> String {
    let base = base_name(doc, kind, from);
    let taken = |n: &str| {
        doc.get("components")
            .and_then(|c| c.get(section))
            .and_then(|s| s.get(n))
            .is_some()
    };
    let base = if base.is_empty() {
        "Ref".to_owned()
    } else {
        base
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|n| !taken(n))
        .unwrap_or(base)
}

fn base_name(doc: &Value, kind: Kind, from: &[String]) -> String {
    let named = |s: &str| match kind {
        Kind::Schema => s.to_upper_camel_case(),
        _ => s.to_owned(),
    };
    // `#/definitions/X`, `#/components/{other}/X`, `#/$defs/X`.
    if let [top, name] | [top, _, name] = from {
        if matches!(top.as_str(), "definitions" | "$defs" | "components") {
            return named(name);
        }
    }
    if kind == Kind::Parameter {
        if let Some(name) = get(doc, from)
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
        {
            return name.to_owned();
        }
    }
    if kind == Kind::Header {
        if let Some(last) = from.last() {
            return last.clone();
        }
    }
    if kind == Kind::Schema {
        if let Some(i) = from.iter().rposition(|t| t == "properties") {
            let tail = &from[i + 1..];
            if let Some((name, rest)) = tail.split_first() {
                if rest.iter().all(|t| t == "items") {
                    let items = "Item".repeat(rest.len());
                    return format!("{}{items}", name.to_upper_camel_case());
                }
            }
        }
    }
    let mut words = Vec::new();
    let mut previous = "";
    // Under `components`, the section says nothing the name does not.
    let from = match from {
        [top, _, rest @ ..] if top == "components" => rest,
        _ => from,
    };
    for token in from {
        match token.as_str() {
            // A media type names no type.
            _ if previous == "content" => {}
            "paths" | "components" | "content" | "schema" | "properties" => {}
            "responses" => words.push("response".to_owned()),
            "requestBody" => words.push("request".to_owned()),
            "items" => words.push("item".to_owned()),
            t => words.extend(
                t.split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
            ),
        }
        previous = token;
    }
    named(&words.join("_")).to_upper_camel_case()
}

// The walk: every node that holds a `$ref`, with what it stands for.

fn document(doc: &Value, out: &mut Vec<Site>) {
    let Some(top) = doc.as_object() else {
        return;
    };
    let mut at = Vec::new();
    for key in ["paths", "webhooks", "x-webhooks"] {
        each_entry(top, key, &mut at, out, path_item);
    }
    if let Some(components) = top.get("components").and_then(Value::as_object) {
        at.push("components".to_owned());
        each_entry(components, "schemas", &mut at, out, schema);
        each_entry(components, "parameters", &mut at, out, parameter);
        each_entry(components, "headers", &mut at, out, header);
        each_entry(components, "requestBodies", &mut at, out, request_body);
        each_entry(components, "responses", &mut at, out, response);
        each_entry(components, "pathItems", &mut at, out, path_item);
        at.pop();
    }
}

type Walk = fn(&Value, &mut Vec<String>, &mut Vec<Site>);

fn visit(kind: Kind, v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    let walk: Walk = match kind {
        Kind::Schema => schema,
        Kind::Parameter => parameter,
        Kind::Response => response,
        Kind::RequestBody => request_body,
        Kind::Header => header,
        Kind::PathItem => path_item,
        Kind::Callback => callback,
    };
    walk(v, at, out);
}

fn each_entry(
    obj: &Map<String, Value>,
    key: &str,
    at: &mut Vec<String>,
    out: &mut Vec<Site>,
    f: Walk,
) {
    if let Some(map) = obj.get(key).and_then(Value::as_object) {
        at.push(key.to_owned());
        for (name, value) in map {
            at.push(name.clone());
            f(value, at, out);
            at.pop();
        }
        at.pop();
    }
}

fn each_item(
    obj: &Map<String, Value>,
    key: &str,
    at: &mut Vec<String>,
    out: &mut Vec<Site>,
    f: Walk,
) {
    if let Some(items) = obj.get(key).and_then(Value::as_array) {
        at.push(key.to_owned());
        for (i, value) in items.iter().enumerate() {
            at.push(i.to_string());
            f(value, at, out);
            at.pop();
        }
        at.pop();
    }
}

fn each_field(
    obj: &Map<String, Value>,
    key: &str,
    at: &mut Vec<String>,
    out: &mut Vec<Site>,
    f: Walk,
) {
    if let Some(value) = obj.get(key) {
        at.push(key.to_owned());
        f(value, at, out);
        at.pop();
    }
}

/// The node's `$ref`, if it has one: a site of `kind`, and true (nothing else of it is read).
fn reference(v: &Value, kind: Kind, at: &[String], out: &mut Vec<Site>) -> bool {
    let is_ref = v.get("$ref").is_some_and(Value::is_string);
    if is_ref {
        out.push((at.to_vec(), kind));
    }
    is_ref
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn path_item(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    let Some(item) = v.as_object() else {
        return;
    };
    if reference(v, Kind::PathItem, at, out) {
        return;
    }
    each_item(item, "parameters", at, out, parameter);
    for method in METHODS {
        if let Some(op) = item.get(method).and_then(Value::as_object) {
            at.push(method.to_owned());
            each_item(op, "parameters", at, out, parameter);
            each_field(op, "requestBody", at, out, request_body);
            each_entry(op, "responses", at, out, response);
            each_entry(op, "callbacks", at, out, callback);
            at.pop();
        }
    }
}

/// A callback: only a `$ref` in its place is resolved (lowering reads no callback).
#[allow(clippy::ptr_arg)] // The signature of every walk (`Walk`).
fn callback(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    reference(v, Kind::Callback, at, out);
}

fn parameter(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    if !reference(v, Kind::Parameter, at, out) {
        schema_holder(v, at, out);
    }
}

fn header(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    if !reference(v, Kind::Header, at, out) {
        schema_holder(v, at, out);
    }
}

fn schema_holder(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    if let Some(p) = v.as_object() {
        each_field(p, "schema", at, out, schema);
        each_entry(p, "content", at, out, media_type);
    }
}

fn request_body(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    if let (false, Some(o)) = (reference(v, Kind::RequestBody, at, out), v.as_object()) {
        each_entry(o, "content", at, out, media_type);
    }
}

fn response(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    if let (false, Some(o)) = (reference(v, Kind::Response, at, out), v.as_object()) {
        each_entry(o, "content", at, out, media_type);
        each_entry(o, "headers", at, out, header);
    }
}

fn media_type(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    if let Some(o) = v.as_object() {
        each_field(o, "schema", at, out, schema);
    }
}

fn schema(v: &Value, at: &mut Vec<String>, out: &mut Vec<Site>) {
    let Some(obj) = v.as_object() else {
        return;
    };
    // A schema's `$ref` may have siblings (3.1), which are schemas' keywords too.
    reference(v, Kind::Schema, at, out);
    for key in [
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
    ] {
        each_entry(obj, key, at, out, schema);
    }
    for key in [
        "items",
        "additionalProperties",
        "not",
        "contains",
        "if",
        "then",
        "else",
    ] {
        if obj.get(key).is_some_and(Value::is_object) {
            each_field(obj, key, at, out, schema);
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        each_item(obj, key, at, out, schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolved(mut doc: Value) -> (Value, Report) {
        let mut report = Report::default();
        resolve(&mut doc, &mut report);
        (doc, report)
    }

    #[test]
    fn a_schema_deep_in_an_operation_moves_into_components() {
        let (doc, report) = resolved(json!({
            "paths": {"/orders/{id}": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"owner": {"type": "object", "properties": {"name": {"type": "string"}}}}
            }}}}}}}},
            "components": {"schemas": {"Order": {"properties": {"owner": {
                "$ref": "#/paths/~1orders~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/owner"
            }}}}}
        }));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Order"]["properties"]["owner"]["$ref"],
            "#/components/schemas/Owner"
        );
        assert_eq!(schemas["Owner"]["properties"]["name"]["type"], "string");
        let at = "/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema/properties/owner";
        assert_eq!(
            doc.pointer(at),
            Some(&json!({"$ref": "#/components/schemas/Owner"}))
        );
        assert_eq!(
            report.moves,
            [("/components/schemas/Owner".to_owned(), at.to_owned())]
        );
    }

    #[test]
    fn chains_end_where_lowering_follows_and_loops_stay() {
        let (doc, _) = resolved(json!({
            "paths": {"/a": {"get": {"parameters": [
                {"$ref": "#/components/parameters/A"},
                {"$ref": "#/components/parameters/Loop"}
            ]}}},
            "components": {
                "parameters": {
                    "A": {"$ref": "#/components/parameters/B"},
                    "B": {"name": "b", "in": "query"},
                    "Loop": {"$ref": "#/components/parameters/Loop"}
                },
                "schemas": {"S": {"$ref": "#/definitions/T"}, "U": {"$ref": "#/components/schemas/S"}}
            },
            "definitions": {"T": {"type": "string"}}
        }));
        let params = &doc["paths"]["/a"]["get"]["parameters"];
        assert_eq!(params[0]["$ref"], "#/components/parameters/B");
        assert_eq!(params[1]["$ref"], "#/components/parameters/Loop");
        // A schema alias stays an alias; `definitions` moves in.
        assert_eq!(
            doc["components"]["schemas"]["U"]["$ref"],
            "#/components/schemas/S"
        );
        assert_eq!(
            doc["components"]["schemas"]["S"]["$ref"],
            "#/components/schemas/T"
        );
        assert_eq!(doc["components"]["schemas"]["T"]["type"], "string");
    }

    #[test]
    fn parameters_take_their_name_and_path_items_are_copied() {
        let (doc, report) = resolved(json!({
            "paths": {
                "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true}]}},
                "/b/{id}": {"get": {"parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"}]}},
                "/c": {"$ref": "#/paths/~1b~1%7Bid%7D"}
            },
            "components": {"parameters": {"id": {"name": "other", "in": "query"}}}
        }));
        assert_eq!(doc["components"]["parameters"]["id2"]["name"], "id");
        assert_eq!(
            doc["paths"]["/c"]["get"]["parameters"][0]["$ref"],
            "#/components/parameters/id2"
        );
        assert_eq!(report.count(ChangeKind::RefInlined), 1);
        let mut d = crate::diag::Diagnostic {
            file: String::new(),
            pointer: "/components/parameters/id2/schema".into(),
            line: None,
            column: None,
            message: String::new(),
        };
        report.relocate(&mut d);
        assert_eq!(d.pointer, "/paths/~1a~1{id}/get/parameters/0/schema");
        d.pointer = "/paths/~1c/get".into();
        report.relocate(&mut d);
        assert_eq!(d.pointer, "/paths/~1b~1{id}/get");
    }

    #[test]
    fn references_through_each_other_end() {
        let (doc, _) = resolved(json!({
            "paths": {"/a": {"get": {"parameters": [{"$ref": "#/x/y/z"}]}}},
            "x": {"$ref": "#/w/y"},
            "w": {"$ref": "#/x"}
        }));
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0]["$ref"],
            "#/x/y/z"
        );
    }

    #[test]
    fn a_reference_to_a_node_of_another_kind_stays() {
        let wrong = "#/paths/~1a/get/parameters/0";
        let (doc, report) = resolved(json!({
            "paths": {"/a": {"get": {"parameters": [
                {"name": "f", "in": "query", "schema": {"type": "array", "items": {"$ref": wrong}}}
            ]}}}
        }));
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0]["schema"]["items"]["$ref"],
            wrong
        );
        assert!(report.moves.is_empty());
    }

    #[test]
    fn a_schema_that_refers_to_its_own_ancestor_moves_once() {
        let (doc, _) = resolved(json!({
            "paths": {"/t": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {
                    "$ref": "#/paths/~1t/get/responses/200/content/application~1json/schema"
                }}}
            }}}}}}}}
        }));
        let moved = &doc["components"]["schemas"]["TGetResponse200"];
        assert_eq!(
            moved["properties"]["children"]["items"]["$ref"],
            "#/components/schemas/TGetResponse200"
        );
        let at = "/paths/~1t/get/responses/200/content/application~1json/schema";
        assert_eq!(
            doc.pointer(at).unwrap()["$ref"],
            "#/components/schemas/TGetResponse200"
        );
    }
}
