//! Which way each component schema travels ([`Usage`]): read when reachable by `$ref` from a
//! response or a webhook payload, written when reachable from a request body or parameter;
//! and the small helpers over JSON values that the walk shares (entries, `$ref` resolution).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diag::Pointer;

use super::METHODS;

/// Which way a schema travels between client and server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// The client receives it (a response or a webhook payload).
    pub read: bool,
    /// The client sends it (a request body or a parameter).
    pub write: bool,
}

impl Usage {
    pub(super) const READ: Usage = Usage {
        read: true,
        write: false,
    };
    pub(super) const WRITE: Usage = Usage {
        read: false,
        write: true,
    };
    pub(super) const BOTH: Usage = Usage {
        read: true,
        write: true,
    };
}

/// The usage of each component schema reachable from an operation or a webhook of `doc`.
pub fn usage(doc: &Value) -> BTreeMap<String, Usage> {
    let mut read = BTreeSet::new();
    let mut write = BTreeSet::new();
    for item in entries(doc.get("paths")).map(|(_, v)| v) {
        let item = resolve(doc, item, Pointer::root()).0;
        refs(doc, item.get("parameters"), &mut write);
        for method in METHODS {
            if let Some(op) = item.get(method) {
                refs(doc, op.get("parameters"), &mut write);
                refs(doc, op.get("requestBody"), &mut write);
                refs(doc, op.get("responses"), &mut read);
            }
        }
    }
    // A webhook is sent by the server: everything in it is something the client reads.
    for item in entries(doc.get("x-webhooks")).map(|(_, v)| v) {
        refs(doc, Some(item), &mut read);
    }
    let read = closure(doc, read);
    let write = closure(doc, write);
    let mut out = BTreeMap::new();
    for name in read.iter().chain(&write) {
        out.insert(
            name.clone(),
            Usage {
                read: read.contains(name),
                write: write.contains(name),
            },
        );
    }
    out
}

/// Adds to `into` the names of the schemas that `value` refers to, following references to
/// other components (parameters, bodies, responses) but not into schemas.
pub(super) fn refs(doc: &Value, value: Option<&Value>, into: &mut BTreeSet<String>) {
    fn walk(doc: &Value, value: &Value, into: &mut BTreeSet<String>, depth: usize) {
        if depth > 64 {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    if let Some(name) = schema_ref(r) {
                        into.insert(name);
                    } else if let Some(target) = r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                        walk(doc, target, into, depth + 1);
                    }
                }
                for v in map.values() {
                    walk(doc, v, into, depth + 1);
                }
            }
            Value::Array(items) => {
                for v in items {
                    walk(doc, v, into, depth + 1);
                }
            }
            _ => {}
        }
    }
    if let Some(value) = value {
        walk(doc, value, into, 0);
    }
}

/// The schemas reachable from `roots` through `$ref`s.
pub(super) fn closure(doc: &Value, roots: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = roots.into_iter().collect();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let mut found = BTreeSet::new();
        refs(doc, schemas(doc).and_then(|s| s.get(&name)), &mut found);
        todo.extend(found.into_iter().filter(|n| !seen.contains(n)));
    }
    seen
}

/// The schema name of a `#/components/schemas/Name` reference.
pub(super) fn schema_ref(r: &str) -> Option<String> {
    let name = r.strip_prefix("#/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

pub(super) fn schemas(doc: &Value) -> Option<&Map<String, Value>> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
}

/// The entries of an object, none for anything else.
pub(super) fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// Follows a local `$ref` to a component that is not a schema (a parameter, body, response,
/// path item), returning the target and its pointer; anything else is returned as it is.
pub(super) fn resolve<'a>(doc: &'a Value, value: &'a Value, at: Pointer) -> (&'a Value, Pointer) {
    let (mut value, mut at) = (value, at);
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) if schema_ref(r).is_none() => {
                match r.strip_prefix('#').and_then(|p| Some((doc.pointer(p)?, p))) {
                    Some((target, p)) => {
                        value = target;
                        at = Pointer::from_escaped(p);
                    }
                    None => break,
                }
            }
            _ => break,
        }
    }
    (value, at)
}

/// A JSON value in a message: strings bare, anything else as compact JSON.
pub(super) fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
