//! The walk over two normalized documents side by side that collects [`Change`]s: servers
//! and security here, operations in `operation.rs`, schemas in `schema.rs`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diag::Pointer;

use super::usage::{entries, schemas, show, usage, Usage};
use super::{schema, Change, ChangeKind, Report, Side, Subject, Version};

/// Compares two documents that are already loaded and normalized.
pub fn compare(old_file: &str, old: &Value, new_file: &str, new: &Value) -> Report {
    let mut usage = usage(old);
    for (name, u) in self::usage(new) {
        let entry = usage.entry(name).or_default();
        entry.read |= u.read;
        entry.write |= u.write;
    }
    let mut differ = Differ {
        old,
        new,
        usage,
        changes: Vec::new(),
    };
    differ.servers();
    differ.security();
    differ.features();
    differ.operations();
    differ.webhooks();
    differ.schemas();
    let mut changes = differ.changes;
    // Stable: within one subject the walk order stays.
    changes.sort_by(|a, b| a.subject.cmp(&b.subject));
    super::rust::classify(&mut changes, old, new);
    Report {
        old: version(old_file, old),
        new: version(new_file, new),
        changes,
        overlays: None,
    }
}

pub(super) fn version(file: &str, doc: &Value) -> Version {
    let info = |key: &str| {
        doc.pointer(&format!("/info/{key}"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Version {
        file: file.to_owned(),
        title: info("title"),
        version: info("version"),
    }
}

/// The walk over both documents; it collects changes.
pub(super) struct Differ<'a> {
    pub(super) old: &'a Value,
    pub(super) new: &'a Value,
    pub(super) usage: BTreeMap<String, Usage>,
    pub(super) changes: Vec<Change>,
}

impl Differ<'_> {
    pub(super) fn push(
        &mut self,
        subject: &Subject,
        kind: ChangeKind,
        breaking: bool,
        (side, pointer): (Side, &Pointer),
        message: String,
    ) {
        self.changes.push(Change {
            subject: subject.clone(),
            kind,
            breaking,
            breaks_rust: breaking,
            side,
            pointer: pointer.clone(),
            message,
        });
    }

    fn servers(&mut self) {
        let list = |doc: &Value| -> Vec<(String, usize, Value)> {
            let items = doc.get("servers").and_then(Value::as_array);
            items
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, s)| {
                    let url = s.get("url").map(show).unwrap_or_default();
                    let name = s
                        .get("x-fern-server-name")
                        .and_then(Value::as_str)
                        .map_or(url, str::to_owned);
                    (name, i, s.clone())
                })
                .collect()
        };
        let (old, new) = (list(self.old), list(self.new));
        let at = Pointer::root().push("servers");
        for (name, i, server) in &old {
            let subject = Subject::Server { name: name.clone() };
            match new.iter().find(|(n, _, _)| n == name) {
                None => self.push(
                    &subject,
                    ChangeKind::ServerRemoved,
                    true,
                    (Side::Old, &at.push(i)),
                    format!(
                        "server removed ({})",
                        server.get("url").map(show).unwrap_or_default()
                    ),
                ),
                Some((_, j, now)) => {
                    for key in ["url", "description"] {
                        if server.get(key) != now.get(key) {
                            self.push(
                                &subject,
                                ChangeKind::ServerChanged,
                                false,
                                (Side::New, &at.push(j).push(key)),
                                format!(
                                    "{key} changed from `{}` to `{}`",
                                    server.get(key).map(show).unwrap_or_default(),
                                    now.get(key).map(show).unwrap_or_default()
                                ),
                            );
                        }
                    }
                }
            }
        }
        for (name, j, server) in &new {
            if !old.iter().any(|(n, _, _)| n == name) {
                self.push(
                    &Subject::Server { name: name.clone() },
                    ChangeKind::ServerAdded,
                    false,
                    (Side::New, &at.push(j)),
                    format!(
                        "server added ({})",
                        server.get("url").map(show).unwrap_or_default()
                    ),
                );
            }
        }
    }

    fn security(&mut self) {
        let at = Pointer::root().push("components").push("securitySchemes");
        let old = self.old.pointer("/components/securitySchemes");
        let new = self.new.pointer("/components/securitySchemes");
        for (name, scheme) in entries(old) {
            let subject = Subject::Security { name: name.clone() };
            match new.and_then(|n| n.get(name)) {
                None => self.push(
                    &subject,
                    ChangeKind::SecuritySchemeRemoved,
                    true,
                    (Side::Old, &at.push(name)),
                    "security scheme removed".to_owned(),
                ),
                Some(now) if now != scheme => {
                    let keys = changed_keys(scheme, now);
                    let docs_only = keys.iter().all(|k| k == "description");
                    let what: Vec<String> = keys
                        .iter()
                        .map(|k| {
                            let side = |v: &Value| v.get(k).map_or("none".to_owned(), show);
                            format!("`{k}` changed from `{}` to `{}`", side(scheme), side(now))
                        })
                        .collect();
                    self.push(
                        &subject,
                        if docs_only {
                            ChangeKind::DocsChanged
                        } else {
                            ChangeKind::SecuritySchemeChanged
                        },
                        !docs_only,
                        (Side::New, &at.push(name)),
                        what.join(", "),
                    );
                }
                Some(_) => {}
            }
        }
        for (name, _) in entries(new) {
            if old.and_then(|o| o.get(name)).is_none() {
                self.push(
                    &Subject::Security { name: name.clone() },
                    ChangeKind::SecuritySchemeAdded,
                    false,
                    (Side::New, &at.push(name)),
                    "security scheme added".to_owned(),
                );
            }
        }
        let subject = Subject::Security {
            name: "security".to_owned(),
        };
        self.requirements(
            &subject,
            self.old.get("security"),
            self.new.get("security"),
            &Pointer::root().push("security"),
        );
    }

    /// Compares two security requirement lists; breaking when a way to authenticate that the
    /// old document accepted is gone.
    pub(super) fn requirements(
        &mut self,
        subject: &Subject,
        old: Option<&Value>,
        new: Option<&Value>,
        at: &Pointer,
    ) {
        let set = |v: Option<&Value>| -> BTreeSet<String> {
            v.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|r| {
                    let names: Vec<&String> =
                        r.as_object().into_iter().flatten().map(|e| e.0).collect();
                    if names.is_empty() {
                        "(none)".to_owned()
                    } else {
                        names
                            .iter()
                            .map(|n| n.as_str())
                            .collect::<Vec<_>>()
                            .join(" + ")
                    }
                })
                .collect()
        };
        let (before, after) = (set(old), set(new));
        if before == after {
            return;
        }
        let list = |s: &BTreeSet<String>| {
            if s.is_empty() {
                "nothing".to_owned()
            } else {
                s.iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
        };
        let lost = before.iter().any(|r| !after.contains(r)) && !after.contains("(none)");
        self.push(
            subject,
            ChangeKind::SecurityRequirementsChanged,
            lost,
            (Side::New, at),
            format!(
                "security requirements changed from {} to {}",
                list(&before),
                list(&after)
            ),
        );
    }

    fn schemas(&mut self) {
        let at = Pointer::root().push("components").push("schemas");
        let (old, new) = (schemas(self.old), schemas(self.new));
        for (name, schema) in old.into_iter().flatten() {
            let subject = Subject::Schema { name: name.clone() };
            match new.and_then(|n| n.get(name)) {
                None => self.push(
                    &subject,
                    ChangeKind::SchemaRemoved,
                    true,
                    (Side::Old, &at.push(name)),
                    "schema removed".to_owned(),
                ),
                Some(now) => {
                    let usage = self.usage.get(name).copied().unwrap_or(Usage::BOTH);
                    let place = schema::Place {
                        subject,
                        base: schema::Base::Schema(name.clone()),
                        field: String::new(),
                        old: at.push(name),
                        new: at.push(name),
                        usage,
                    };
                    self.schema(schema, now, &place);
                }
            }
        }
        for (name, schema) in new.into_iter().flatten() {
            if old.and_then(|o| o.get(name)).is_none() {
                self.push(
                    &Subject::Schema { name: name.clone() },
                    ChangeKind::SchemaAdded,
                    false,
                    (Side::New, &at.push(name)),
                    format!("schema added ({})", schema::outline(schema)),
                );
            }
        }
    }
}

/// The keys whose values differ between two objects, in the order of `old` then `new`.
pub(super) fn changed_keys(old: &Value, new: &Value) -> Vec<String> {
    let empty = Map::new();
    let (o, n) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<String> = o
        .iter()
        .filter(|(k, v)| n.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    keys.extend(n.keys().filter(|k| !o.contains_key(*k)).cloned());
    keys
}
