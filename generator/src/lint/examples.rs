//! The spec's examples, each with the generated type it must decode through.
//!
//! | origin | where | type |
//! |---|---|---|
//! | schema | `example` (and the further `examples` of 3.1, now `x-examples`) of every schema that is a named type, and of each property of a struct | the type; a property's as an `Option` |
//! | parameter | `example`, `examples/*/value` of a parameter | the parameter's |
//! | media type | the same of a JSON request body | the body's |
//! | response | the same of a JSON response | the success's, or the declared error's |
//!
//! Schema examples are gathered exactly as `tests/full_spec.rs` gathers those it decodes with
//! the compiled client, so the two counts agree.

use serde::Serialize;
use serde_json::Value;

use super::decode::escape;
use crate::ir::{Api, Operation, ParamLocation, Type, TypeId, TypeKind};

/// Where an example stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A schema's or a property's `example`.
    Schema,
    /// A parameter's.
    Parameter,
    /// A request body's media type.
    MediaType,
    /// A response's media type.
    Response,
}

impl Origin {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Schema => "schema example",
            Origin::Parameter => "parameter example",
            Origin::MediaType => "request body example",
            Origin::Response => "response example",
        }
    }
}

/// One example and its type.
#[derive(Clone, Debug)]
pub struct Example {
    /// JSON pointer of the example (as the spec's text has it).
    pub pointer: String,
    /// Where it stands.
    pub origin: Origin,
    /// The type it decodes through.
    pub ty: Type,
    /// JSON pointer of the schema that declares `ty`.
    pub schema: String,
    /// The example.
    pub value: Value,
}

/// Every example of `doc` (normalized) that the IR gives a type to, in the order of the types
/// and then of the operations.
pub fn gather(api: &Api, doc: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    for (i, def) in api.types.iter().enumerate() {
        schema_examples(doc, &def.pointer, &Type::Named(TypeId(i)), &mut found);
        if let TypeKind::Struct(s) = &def.kind {
            if def.form {
                continue;
            }
            for f in &s.fields {
                let pointer = format!("{}/properties/{}", def.pointer, escape(&f.wire));
                let ty = Type::Option(Box::new(f.ty.clone()));
                schema_examples(doc, &pointer, &ty, &mut found);
            }
        }
    }
    for op in &api.operations {
        operation_examples(doc, op, &mut found);
    }
    found
}

/// `example` and the `x-examples` after the first of the schema at `pointer`.
fn schema_examples(doc: &Value, pointer: &str, ty: &Type, found: &mut Vec<Example>) {
    let Some(schema) = doc.pointer(pointer) else {
        return;
    };
    let mut push = |at: String, value: &Value| {
        found.push(Example {
            pointer: at,
            origin: Origin::Schema,
            ty: ty.clone(),
            schema: pointer.to_owned(),
            value: value.clone(),
        });
    };
    if let Some(example) = schema.get("example") {
        push(format!("{pointer}/example"), example);
    }
    if let Some(Value::Array(more)) = schema.get("x-examples") {
        for (i, example) in more.iter().enumerate().skip(1) {
            push(format!("{pointer}/examples/{i}"), example);
        }
    }
}

/// A node, followed through a local `$ref`, with its pointer.
fn resolve<'a>(doc: &'a Value, node: &'a Value, at: String) -> (&'a Value, String) {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/") => match doc.pointer(&r[1..]) {
            Some(target) => (target, r[1..].to_owned()),
            None => (node, at),
        },
        _ => (node, at),
    }
}

/// The `example` and each `examples/*/value` of a parameter or media type object.
fn each_example<'a>(doc: &'a Value, node: &'a Value, at: &str) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    if let Some(example) = node.get("example") {
        out.push((format!("{at}/example"), example));
    }
    if let Some(Value::Object(named)) = node.get("examples") {
        for (name, example) in named {
            let here = format!("{at}/examples/{}", escape(name));
            let (example, here) = resolve(doc, example, here);
            if let Some(value) = example.get("value") {
                out.push((format!("{here}/value"), value));
            }
        }
    }
    out
}

fn operation_examples(doc: &Value, op: &Operation, found: &mut Vec<Example>) {
    let Some(node) = doc.pointer(&op.pointer) else {
        return;
    };
    let item_at = op.pointer.rsplit_once('/').map_or("", |(item, _)| item);
    let lists = [
        (
            doc.pointer(&format!("{item_at}/parameters")),
            format!("{item_at}/parameters"),
        ),
        (node.get("parameters"), format!("{}/parameters", op.pointer)),
    ];
    for (list, at) in lists {
        let Some(Value::Array(list)) = list else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let (p, here) = resolve(doc, p, format!("{at}/{i}"));
            let location = match p.get("in").and_then(Value::as_str) {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                Some("cookie") => ParamLocation::Cookie,
                _ => continue,
            };
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            let Some(param) = op
                .params
                .iter()
                .find(|x| x.location == location && x.wire == name)
            else {
                continue;
            };
            for (pointer, value) in each_example(doc, p, &here) {
                found.push(Example {
                    pointer,
                    origin: Origin::Parameter,
                    ty: param.ty.clone(),
                    schema: format!("{here}/schema"),
                    value: value.clone(),
                });
            }
        }
    }
    if let (Some(body), Some(b)) = (node.get("requestBody"), &op.body) {
        if b.encoding == crate::ir::BodyEncoding::Json {
            let (body, at) = resolve(doc, body, format!("{}/requestBody", op.pointer));
            content_examples(doc, body, &at, &b.ty, Origin::MediaType, found);
        }
    }
    let Some(Value::Object(responses)) = node.get("responses") else {
        return;
    };
    for (status, response) in responses {
        let at = format!("{}/responses/{}", op.pointer, escape(status));
        let (response, at) = resolve(doc, response, at);
        let ty = if status.starts_with('2') || status == "default" {
            op.success.json_type().cloned()
        } else {
            let code = status.parse::<u16>().ok();
            op.errors
                .iter()
                .find(|e| Some(e.status) == code)
                .map(|e| Type::Named(e.ty))
        };
        if let Some(ty) = ty {
            content_examples(doc, response, &at, &ty, Origin::Response, found);
        }
    }
}

/// The examples of the JSON media types of a request body or response.
fn content_examples(
    doc: &Value,
    node: &Value,
    at: &str,
    ty: &Type,
    origin: Origin,
    found: &mut Vec<Example>,
) {
    let Some(Value::Object(content)) = node.get("content") else {
        return;
    };
    for (media, m) in content {
        if !crate::lower::is_json(media) {
            continue;
        }
        let here = format!("{at}/content/{}", escape(media));
        for (pointer, value) in each_example(doc, m, &here) {
            found.push(Example {
                pointer,
                origin,
                ty: ty.clone(),
                schema: format!("{here}/schema"),
                value: value.clone(),
            });
        }
    }
}

/// The examples of each operation's JSON success (2xx) responses, each checked against the
/// success type as the generated type decodes it (for the test kit's `.example()`).
pub fn success_examples(api: &Api, doc: &Value) -> Vec<crate::ir::ResponseExample> {
    let mut out = Vec::new();
    for op in &api.operations {
        let Some(ty) = op.success.json_type() else {
            continue;
        };
        let Some(Value::Object(responses)) =
            doc.pointer(&op.pointer).and_then(|n| n.get("responses"))
        else {
            continue;
        };
        let mut found = Vec::new();
        for (status, response) in responses.iter().filter(|(s, _)| s.starts_with('2')) {
            let at = format!("{}/responses/{}", op.pointer, escape(status));
            let (response, at) = resolve(doc, response, at);
            content_examples(doc, response, &at, ty, Origin::Response, &mut found);
        }
        out.extend(found.into_iter().map(|e| crate::ir::ResponseExample {
            operation: op.pointer.clone(),
            decodes: super::decode::check(api, &e.ty, &e.value, &e.schema).decodes(),
            pointer: e.pointer,
            value: e.value,
        }));
    }
    out
}
