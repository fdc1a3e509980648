//! Comparing two schemas: one shape signature per node, then nullable, enum values,
//! properties, items, map values and union members, then constraints and docs.
//!
//! ```text
//! old {type: object, properties: {a: {type: string}}, required: [a]}
//! new {type: object, properties: {a: {type: integer}, b: {type: string}}}
//!   -> type of property `X.a` changed from `string` to `integer`   (breaking)
//!   -> property `X.a` made optional                                 (breaking when read)
//!   -> property `X.b` added (string, optional)                      (not breaking)
//! ```
//!
//! A `$ref` is compared by name only: the schema it names is compared once, under its own
//! name. When the signatures of two nodes differ, the change is reported there and nothing
//! below it is compared.

use serde_json::{Map, Value};

use super::{schema_ref, show, ChangeKind, Differ, Side, Subject, Usage};
use crate::diag::Pointer;

/// The keys compared as structure; every other key is a doc, a constraint or "other".
const STRUCTURE: &[&str] = &[
    "$ref",
    "type",
    "format",
    "items",
    "properties",
    "required",
    "enum",
    "nullable",
    "allOf",
    "anyOf",
    "oneOf",
    "additionalProperties",
    "discriminator",
    "deprecated",
    "x-fern-availability",
    "x-null",
    "x-const",
    "x-junction-exhaustive",
];

/// Keys that only document.
pub(super) const DOCS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "x-examples",
    "default",
    "externalDocs",
];

/// Keys that constrain values without changing their type.
const CONSTRAINTS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "readOnly",
    "writeOnly",
];

/// How a node is named in messages.
#[derive(Clone, Debug)]
pub(super) enum Base {
    /// A component schema: `schema `Name``, `property `Name.field``.
    Schema(String),
    /// Anything else: `request body`, `request body field `field``.
    Text(String),
}

/// Where the walk is: the subject, the node's name, its pointers in both documents and the
/// direction it travels.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub subject: Subject,
    pub base: Base,
    /// The dotted path below the base: `a.b`, `a[]`, `a{}` (map values), `a|1` (union member).
    pub field: String,
    pub old: Pointer,
    pub new: Pointer,
    pub usage: Usage,
}

impl Place {
    /// `schema `X``, `property `X.a.b``, `request body`, `response 200 field `a``.
    pub fn label(&self) -> String {
        match (&self.base, self.field.is_empty()) {
            (Base::Schema(name), true) => format!("schema `{name}`"),
            (Base::Schema(name), false) if self.field.starts_with(['[', '{', '|']) => {
                format!("`{name}{}`", self.field)
            }
            (Base::Schema(name), false) => format!("property `{name}.{}`", self.field),
            (Base::Text(text), true) => text.clone(),
            (Base::Text(text), false) => format!("{text} field `{}`", self.field),
        }
    }

    fn child(&self, token: &str, key: &str, field: String) -> Place {
        Place {
            field,
            old: self.old.push(token).push(key),
            new: self.new.push(token).push(key),
            ..self.clone()
        }
    }

    fn join(&self, name: &str) -> String {
        if self.field.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.field)
        }
    }
}

/// A short text for the shape of a schema: `string`, `string (uuid)`, `integer (int64)`,
/// `array of Order`, `map of string`, `object`, `anyOf(A, B)`, `null`, `any`, or the name of
/// the schema a `$ref` (or a one-member `allOf`, which is how a `$ref` with siblings is
/// normalized) names. Two schemas with the same signature have the same Rust type, as far as
/// their own node goes.
pub(super) fn signature(schema: &Value) -> String {
    let Some(o) = schema.as_object() else {
        return match schema {
            Value::Bool(false) => "never".to_owned(),
            _ => "any".to_owned(),
        };
    };
    if let Some(r) = o.get("$ref").and_then(Value::as_str) {
        return schema_ref(r).unwrap_or_else(|| r.to_owned());
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = o.get(key) {
            if key == "allOf" && members.len() == 1 && !o.contains_key("properties") {
                return signature(&members[0]);
            }
            let inner: Vec<String> = members.iter().map(signature).collect();
            return format!("{key}({})", inner.join(", "));
        }
    }
    if o.get("x-null") == Some(&Value::Bool(true)) {
        return "null".to_owned();
    }
    let ty = match o.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(other) => other.to_string(),
        None if o.contains_key("properties") => "object".to_owned(),
        None => match o
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|v| v.first())
        {
            Some(Value::String(_)) => "string".to_owned(),
            Some(Value::Number(n)) if n.is_f64() => "number".to_owned(),
            Some(Value::Number(_)) => "integer".to_owned(),
            Some(Value::Bool(_)) => "boolean".to_owned(),
            _ => return "any".to_owned(),
        },
    };
    match ty.as_str() {
        "array" => format!(
            "array of {}",
            o.get("items").map_or("any".to_owned(), signature)
        ),
        "object" => {
            let has_properties = o
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty());
            match o.get("additionalProperties") {
                Some(values @ Value::Object(_)) if !has_properties => {
                    format!("map of {}", signature(values))
                }
                _ => "object".to_owned(),
            }
        }
        _ => match o.get("format").and_then(Value::as_str) {
            Some(format) => format!("{ty} ({format})"),
            None => ty,
        },
    }
}

/// The signature, with the property names of an object: `object with `a`, `b``.
pub(super) fn outline(schema: &Value) -> String {
    let names: Vec<&String> = properties(schema)
        .into_iter()
        .flatten()
        .map(|p| p.0)
        .collect();
    match names.len() {
        0 => signature(schema),
        1..=8 => format!("{} with {}", signature(schema), join(&names)),
        n => format!(
            "{} with {} and {} more",
            signature(schema),
            names[..6]
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            n - 6
        ),
    }
}

fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key) == Some(&Value::Bool(true))
}

/// Whether a property is deprecated: `deprecated: true` or `x-fern-availability: deprecated`,
/// on it or on the first member of an `allOf` wrapping a `$ref` with siblings.
fn deprecated(schema: &Value) -> bool {
    flag(schema, "deprecated")
        || schema.get("x-fern-availability").and_then(Value::as_str) == Some("deprecated")
}

/// Whether a property is marked `x-fern-ignore: true`: not part of the client.
fn ignored(schema: &Value) -> bool {
    flag(schema, "x-fern-ignore")
}

fn required(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn properties(schema: &Value) -> Option<&Map<String, Value>> {
    schema.get("properties").and_then(Value::as_object)
}

impl Differ<'_> {
    fn at(&mut self, place: &Place, kind: ChangeKind, breaking: bool, side: Side, message: String) {
        let pointer = match side {
            Side::Old => &place.old,
            Side::New => &place.new,
        };
        self.changes.push(super::Change {
            subject: place.subject.clone(),
            kind,
            breaking,
            breaks_rust: breaking,
            side,
            pointer: pointer.clone(),
            message,
        });
    }

    /// Compares `old` and `new` at `place`, and everything below them.
    pub(super) fn schema(&mut self, old: &Value, new: &Value, place: &Place) {
        let usage = place.usage;
        let label = place.label();
        let (before, after) = (signature(old), signature(new));
        if before != after {
            self.at(
                place,
                ChangeKind::TypeChanged,
                true,
                Side::New,
                format!("type of {label} changed from `{before}` to `{after}`"),
            );
            return;
        }
        if old.get("discriminator") != new.get("discriminator") {
            self.at(
                place,
                ChangeKind::TypeChanged,
                true,
                Side::New,
                format!("discriminator of {label} changed"),
            );
        }
        match (flag(old, "nullable"), flag(new, "nullable")) {
            (false, true) => self.at(
                place,
                ChangeKind::NullableAdded,
                usage.read,
                Side::New,
                format!("{label} made nullable"),
            ),
            (true, false) => self.at(
                place,
                ChangeKind::NullableRemoved,
                usage.write,
                Side::New,
                format!("{label} no longer nullable"),
            ),
            _ => {}
        }
        self.enumeration(old, new, place, &label);
        self.properties(old, new, place);
        if let (Some(a), Some(b)) = (old.get("items"), new.get("items")) {
            let child = Place {
                field: format!("{}[]", place.field),
                old: place.old.push("items"),
                new: place.new.push("items"),
                ..place.clone()
            };
            self.schema(a, b, &child);
        }
        if let (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) = (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            let child = Place {
                field: format!("{}{{}}", place.field),
                old: place.old.push("additionalProperties"),
                new: place.new.push("additionalProperties"),
                ..place.clone()
            };
            self.schema(a, b, &child);
        } else if old.get("additionalProperties") != new.get("additionalProperties") {
            self.at(
                place,
                ChangeKind::ConstraintsChanged,
                false,
                Side::New,
                format!("additionalProperties of {label} changed"),
            );
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let (Some(Value::Array(a)), Some(Value::Array(b))) = (old.get(key), new.get(key)) {
                for (i, (a, b)) in a.iter().zip(b).enumerate() {
                    let child = Place {
                        field: format!("{}|{i}", place.field),
                        old: place.old.push(key).push(i),
                        new: place.new.push(key).push(i),
                        ..place.clone()
                    };
                    self.schema(a, b, &child);
                }
            }
        }
        if deprecated(old) != deprecated(new) {
            let now = if deprecated(new) {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.at(
                place,
                ChangeKind::DeprecationChanged,
                false,
                Side::New,
                format!("{label} {now}"),
            );
        }
        self.rest(old, new, place, &label);
    }

    fn enumeration(&mut self, old: &Value, new: &Value, place: &Place, label: &str) {
        let values = |s: &Value| -> Vec<Value> {
            s.get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (before, after) = (values(old), values(new));
        let exhaustive = flag(new, "x-junction-exhaustive");
        if flag(old, "x-junction-exhaustive") != exhaustive && !after.is_empty() {
            let now = if exhaustive {
                "made exhaustive (no `Other` variant)"
            } else {
                "no longer exhaustive (gains an `Other` variant)"
            };
            self.at(
                place,
                ChangeKind::TypeChanged,
                true,
                Side::New,
                format!("enum {label} {now}"),
            );
        }
        for v in &before {
            if !after.contains(v) {
                self.at(
                    place,
                    ChangeKind::EnumValueRemoved,
                    true,
                    Side::Old,
                    format!("enum value `{}` removed from {label}", show(v)),
                );
            }
        }
        for v in &after {
            if !before.contains(v) {
                let note = if exhaustive && place.usage.read {
                    " (the enum is exhaustive: old clients reject it)"
                } else {
                    ""
                };
                self.at(
                    place,
                    ChangeKind::EnumValueAdded,
                    exhaustive && place.usage.read,
                    Side::New,
                    format!("enum value `{}` added to {label}{note}", show(v)),
                );
            }
        }
    }

    fn properties(&mut self, old: &Value, new: &Value, place: &Place) {
        let empty = Map::new();
        let (a, b) = (
            properties(old).unwrap_or(&empty),
            properties(new).unwrap_or(&empty),
        );
        let (req_a, req_b) = (required(old), required(new));
        let usage = place.usage;
        for (name, schema) in a {
            let child = place.child("properties", name, place.join(name));
            let label = child.label();
            if ignored(schema) {
                continue;
            }
            if let Some(now) = b.get(name).filter(|now| ignored(now)) {
                let _ = now;
                self.at(
                    &child,
                    ChangeKind::PropertyRemoved,
                    true,
                    Side::New,
                    format!("{label} now `x-fern-ignore`: not part of the client"),
                );
                continue;
            }
            let Some(now) = b.get(name) else {
                self.at(
                    &child,
                    ChangeKind::PropertyRemoved,
                    true,
                    Side::Old,
                    format!("{label} removed"),
                );
                continue;
            };
            self.schema(schema, now, &child);
            let (was, is) = (
                req_a.contains(&name.as_str()),
                req_b.contains(&name.as_str()),
            );
            // As the client reads it: a required deprecated property of a type it reads is
            // an `Option` already (`ir::Field::relaxed`).
            let read_required =
                |required: bool, schema: &Value| required && !(usage.read && deprecated(schema));
            let (read_was, read_is) = (read_required(was, schema), read_required(is, now));
            match (was, is) {
                (false, true) => self.at(
                    &child,
                    ChangeKind::PropertyMadeRequired,
                    usage.write,
                    Side::New,
                    format!("{label} made required"),
                ),
                (true, false) => self.at(
                    &child,
                    ChangeKind::PropertyMadeOptional,
                    usage.read && read_was,
                    Side::New,
                    match read_was {
                        true => format!("{label} made optional"),
                        false => format!(
                            "{label} made optional (the client read it as optional already: \
                             it was deprecated)"
                        ),
                    },
                ),
                (true, true) if read_was && !read_is => self.at(
                    &child,
                    ChangeKind::PropertyMadeOptional,
                    true,
                    Side::New,
                    format!(
                        "{label} deprecated while required: the client now reads it as optional"
                    ),
                ),
                _ => {}
            }
        }
        for (name, schema) in b {
            if a.get(name).is_some_and(|was| !ignored(was))
                || (a.contains_key(name) && ignored(schema))
            {
                continue;
            }
            if ignored(schema) {
                let child = place.child("properties", name, place.join(name));
                self.at(
                    &child,
                    ChangeKind::PropertyAdded,
                    false,
                    Side::New,
                    format!(
                        "{} added with `x-fern-ignore`: not part of the client",
                        child.label()
                    ),
                );
                continue;
            }
            let child = place.child("properties", name, place.join(name));
            let is_required = req_b.contains(&name.as_str());
            self.at(
                &child,
                ChangeKind::PropertyAdded,
                is_required && usage.write,
                Side::New,
                format!(
                    "{} added ({}, {})",
                    child.label(),
                    signature(schema),
                    if is_required { "required" } else { "optional" }
                ),
            );
        }
    }

    /// Docs, constraints and any other key: one change per group, naming the keys.
    fn rest(&mut self, old: &Value, new: &Value, place: &Place, label: &str) {
        let keys = super::changed_keys(old, new);
        let docs: Vec<&String> = keys.iter().filter(|k| DOCS.contains(&k.as_str())).collect();
        if !docs.is_empty() {
            self.at(
                place,
                ChangeKind::DocsChanged,
                false,
                Side::New,
                format!("{} of {label} changed", join(&docs)),
            );
        }
        let constraints: Vec<String> = keys
            .iter()
            .filter(|k| CONSTRAINTS.contains(&k.as_str()))
            .map(|k| {
                let side = |s: &Value| s.get(k).map_or("none".to_owned(), show);
                format!("{k} `{}` -> `{}`", side(old), side(new))
            })
            .collect();
        if !constraints.is_empty() {
            self.at(
                place,
                ChangeKind::ConstraintsChanged,
                false,
                Side::New,
                format!("constraints of {label} changed: {}", constraints.join(", ")),
            );
        }
        let other: Vec<&String> = keys
            .iter()
            .filter(|k| {
                let k = k.as_str();
                !DOCS.contains(&k) && !CONSTRAINTS.contains(&k) && !STRUCTURE.contains(&k)
            })
            .collect();
        if !other.is_empty() {
            self.at(
                place,
                ChangeKind::OtherChanged,
                false,
                Side::New,
                format!("{} of {label} changed", join(&other)),
            );
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn join(keys: &[&String]) -> String {
    match keys {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => format!(
            "{} and `{last}`",
            rest.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
