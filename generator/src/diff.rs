//! Diff: an API changelog between two versions of a spec, each change classified as breaking
//! or not for a client.
//!
//! Both documents go through [`load::parse`](crate::load::parse) and
//! [`normalize`](crate::normalize::normalize) and are checked against `openapiv3`, then the
//! normalized JSON values are walked side by side. The IR is not used: the changelog speaks of
//! the spec (paths, schemas, properties), which is what the vendor's changelog and the user's
//! review speak of too.
//!
//! ```text
//! old.yaml, new.yaml -> load + normalize -> walk (servers, security, paths, components/schemas)
//!   -> Vec<Change { subject, kind, breaking, side, pointer, message }>, sorted by subject
//!   -> Markdown (people) or JSON (tools)
//! ```
//!
//! What is compared, by subject:
//!
//! | subject | keyed by | compared |
//! |---|---|---|
//! | server | `x-fern-server-name`, else the URL | added, removed, URL / description |
//! | security | scheme name; the top-level requirement list | added, removed, changed |
//! | operation | path + method | added, removed, name (`operationId`, Fern SDK names), parameters (by `in` + `name`), request body, responses (by status, then media type), security, docs |
//! | schema | `components/schemas` name | added, removed, and inside: type, nullable, enum values, properties (added, removed, required), items, map values, union members, constraints, docs |
//!
//! # What is breaking
//!
//! A change is breaking when code written against the old client can fail against the new API,
//! on the wire or at compile time. Whether a schema change breaks depends on the direction the
//! schema travels, so each component schema gets a [`Usage`]: *read* when it is reachable by
//! `$ref` from a response (or a webhook payload, which the client receives), *write* when it is
//! reachable from a request body or parameter. A schema reachable from neither counts as both.
//!
//! | change | breaking when |
//! |---|---|
//! | operation, parameter, schema, property, server, security scheme removed | always |
//! | type changed (including `format`, a `$ref` target, union members) | always |
//! | enum value removed | always |
//! | enum value added | the enum is read and marked `x-junction-exhaustive` (other enums keep unknown values in `Other(String)`) |
//! | required parameter or request body added; parameter or body made required | always |
//! | property added as required, or made required | written |
//! | property made optional, or made nullable | read |
//! | property no longer nullable | written |
//! | success (2xx, `default`) response or its media type removed | always |
//! | the client method's name changes (Fern SDK names, else `operationId` and first tag) | always |
//! | a security scheme's type, location or header name changed | always |
//! | security requirements changed | a way to authenticate that was accepted is gone |
//! | operation added, optional property / parameter added, docs, examples, constraints | never |
//!
//! Every change carries an RFC 6901 pointer into the new document, or into the old one for
//! what was removed ([`Side`]). Pointers are into the normalized document; down to schemas,
//! properties, parameters and media types they are the same as in the file.
//!
//! The order is deterministic: changes are sorted by subject (servers, security, operations by
//! path then method, schemas by name); within one subject they follow the walk, which follows
//! document order. Webhooks are not compared as operations; the schemas they carry are.

mod operation;
mod render;
mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::diag::{self, Diagnostic, Diagnostics, Pointer};

pub use render::Format;

/// The methods of a path item, in the order OpenAPI lists them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The changelog between two specs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The old document.
    pub old: Version,
    /// The new document.
    pub new: Version,
    /// Every change, sorted by subject, then in walk order.
    pub changes: Vec<Change>,
}

/// Which document a report side is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The file (or URL) as the user named it.
    pub file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
}

/// One change between the two documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: an operation, a schema, a server or the security setup.
    pub subject: Subject,
    /// The kind of change.
    pub kind: ChangeKind,
    /// True when code written against the old client can fail against the new API.
    pub breaking: bool,
    /// Which document [`Change::pointer`] points into.
    #[serde(rename = "in")]
    pub side: Side,
    /// Where: an RFC 6901 pointer into that (normalized) document.
    #[serde(serialize_with = "pointer_text")]
    pub pointer: Pointer,
    /// What changed, as one line for people.
    pub message: String,
}

/// What a change is about. The order of the variants is the order of the report's sections.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Subject {
    /// A server (an `Environment` of the client).
    Server {
        /// Its `x-fern-server-name`, else its URL.
        name: String,
    },
    /// A security scheme or the top-level security requirements.
    Security {
        /// The scheme's name, or `security` for the requirement list.
        name: String,
    },
    /// An operation.
    Operation {
        /// The path template.
        path: String,
        /// The method, upper case.
        method: String,
    },
    /// A schema under `components/schemas`.
    Schema {
        /// Its name.
        name: String,
    },
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Server { name } => write!(f, "server `{name}`"),
            Subject::Security { name } if name == "security" => f.write_str("security"),
            Subject::Security { name } => write!(f, "security scheme `{name}`"),
            Subject::Operation { path, method } => write!(f, "`{method} {path}`"),
            Subject::Schema { name } => write!(f, "`{name}`"),
        }
    }
}

/// The document a pointer points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The old document (for what was removed).
    Old,
    /// The new document.
    New,
}

/// The kinds of change, as they appear in the JSON report (`snake_case`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A server appeared.
    ServerAdded,
    /// A server is gone.
    ServerRemoved,
    /// A server's URL or description changed.
    ServerChanged,
    /// A security scheme appeared.
    SecuritySchemeAdded,
    /// A security scheme is gone.
    SecuritySchemeRemoved,
    /// A security scheme's type, location or name changed.
    SecuritySchemeChanged,
    /// The security requirements (top-level or of an operation) changed.
    SecurityRequirementsChanged,
    /// An operation appeared.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// The `operationId`, tags or Fern SDK names of an operation changed.
    OperationRenamed,
    /// A parameter appeared.
    ParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// A parameter became required.
    ParameterMadeRequired,
    /// A parameter became optional.
    ParameterMadeOptional,
    /// A request body appeared.
    RequestBodyAdded,
    /// The request body is gone.
    RequestBodyRemoved,
    /// The request body became required.
    RequestBodyMadeRequired,
    /// The request body became optional.
    RequestBodyMadeOptional,
    /// A response status appeared.
    ResponseAdded,
    /// A response status is gone.
    ResponseRemoved,
    /// A media type of a request or response appeared.
    MediaTypeAdded,
    /// A media type of a request or response is gone.
    MediaTypeRemoved,
    /// A schema appeared under `components/schemas`.
    SchemaAdded,
    /// A schema is gone from `components/schemas`.
    SchemaRemoved,
    /// A schema, property, parameter or body changed type.
    TypeChanged,
    /// A property appeared.
    PropertyAdded,
    /// A property is gone.
    PropertyRemoved,
    /// A property became required.
    PropertyMadeRequired,
    /// A property became optional.
    PropertyMadeOptional,
    /// A schema became nullable.
    NullableAdded,
    /// A schema is no longer nullable.
    NullableRemoved,
    /// An enum value appeared.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// Deprecated, or no longer.
    DeprecationChanged,
    /// Bounds, lengths, patterns, `readOnly` and similar changed.
    ConstraintsChanged,
    /// Descriptions, summaries, titles, examples or defaults changed.
    DocsChanged,
    /// Anything else (such as a vendor extension).
    OtherChanged,
}

/// Counts for the top of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Breaking changes.
    pub breaking: usize,
    /// Other changes.
    pub non_breaking: usize,
    /// Operations added.
    pub operations_added: usize,
    /// Operations removed.
    pub operations_removed: usize,
    /// Operations present in both with at least one change.
    pub operations_changed: usize,
    /// Schemas added.
    pub schemas_added: usize,
    /// Schemas removed.
    pub schemas_removed: usize,
    /// Schemas present in both with at least one change.
    pub schemas_changed: usize,
}

impl Report {
    /// True when at least one change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// The changes that are breaking, in report order.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// Operations (`METHOD /path`) with a change of `kind`.
    pub fn operations_with(&self, kind: ChangeKind) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| match &c.subject {
                Subject::Operation { path, method } => Some(format!("{method} {path}")),
                _ => None,
            })
            .collect()
    }

    /// Operations present in both documents with at least one change, as `METHOD /path`.
    pub fn operations_changed(&self) -> Vec<String> {
        self.changed(|s| match s {
            Subject::Operation { path, method } => Some(format!("{method} {path}")),
            _ => None,
        })
    }

    /// Schemas with a change of `kind`.
    pub fn schemas_with(&self, kind: ChangeKind) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| match &c.subject {
                Subject::Schema { name } => Some(name.clone()),
                _ => None,
            })
            .collect()
    }

    /// Schemas present in both documents with at least one change.
    pub fn schemas_changed(&self) -> Vec<String> {
        self.changed(|s| match s {
            Subject::Schema { name } => Some(name.clone()),
            _ => None,
        })
    }

    fn changed(&self, key: impl Fn(&Subject) -> Option<String>) -> Vec<String> {
        let whole = [
            ChangeKind::OperationAdded,
            ChangeKind::OperationRemoved,
            ChangeKind::SchemaAdded,
            ChangeKind::SchemaRemoved,
        ];
        // The changes are sorted by subject, so the changes of one subject are adjacent.
        let mut out: Vec<String> = self
            .changes
            .iter()
            .filter(|c| !whole.contains(&c.kind))
            .filter_map(|c| key(&c.subject))
            .collect();
        out.dedup();
        out
    }

    /// The counts at the top of the report.
    pub fn summary(&self) -> Summary {
        let breaking = self.breaking().count();
        Summary {
            breaking,
            non_breaking: self.changes.len() - breaking,
            operations_added: self.operations_with(ChangeKind::OperationAdded).len(),
            operations_removed: self.operations_with(ChangeKind::OperationRemoved).len(),
            operations_changed: self.operations_changed().len(),
            schemas_added: self.schemas_with(ChangeKind::SchemaAdded).len(),
            schemas_removed: self.schemas_with(ChangeKind::SchemaRemoved).len(),
            schemas_changed: self.schemas_changed().len(),
        }
    }

    /// The report as Markdown, for people.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The report as pretty-printed JSON, for tools: `old`, `new`, `summary`, `changes`.
    pub fn to_json(&self) -> String {
        render::json(self)
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => self.to_markdown(),
            Format::Json => self.to_json(),
        }
    }
}

fn pointer_text<S: Serializer>(pointer: &Pointer, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(pointer.as_str())
}

/// Reads both files and compares them. Errors name the file that could not be read or loaded.
pub fn diff_files(old: &Path, new: &Path) -> Result<Report, crate::Error> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
            path: path.display().to_string(),
            source,
        })
    };
    let (old_text, new_text) = (read(old)?, read(new)?);
    diff(
        &old.display().to_string(),
        &old_text,
        &new.display().to_string(),
        &new_text,
    )
    .map_err(crate::Error::Spec)
}

/// Compares two specs given as text (`old_file` and `new_file` name them in messages). Both
/// must load, normalize and read as OpenAPI; the problems of both are reported together.
pub fn diff(
    old_file: &str,
    old_text: &str,
    new_file: &str,
    new_text: &str,
) -> Result<Report, Diagnostics> {
    let old = load(old_file, old_text);
    let new = load(new_file, new_text);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let mut all = Vec::new();
            for result in [old, new] {
                if let Err(d) = result {
                    all.extend(d.0);
                }
            }
            return Err(Diagnostics(all));
        }
    };
    Ok(compare(old_file, &old, new_file, &new))
}

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
    differ.operations();
    differ.schemas();
    let mut changes = differ.changes;
    // Stable: within one subject the walk order stays.
    changes.sort_by(|a, b| a.subject.cmp(&b.subject));
    Report {
        old: version(old_file, old),
        new: version(new_file, new),
        changes,
    }
}

/// Parses, normalizes and checks one document (as [`crate::generate`] does up to `lower`),
/// with lines on the diagnostics.
fn load(file: &str, text: &str) -> Result<Value, Diagnostics> {
    let mut value = crate::load::parse(file, text)?;
    crate::normalize::normalize(&mut value);
    // Keyword shapes first: a wrong type deep in a schema makes openapiv3 backtrack for long.
    crate::check::check(file, &value).map_err(|mut d| {
        for d in &mut d.0 {
            if d.line.is_none() {
                d.line = diag::locate(text, &d.pointer);
            }
        }
        d
    })?;
    if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        let pointer = Pointer::from_serde_path(e.path());
        return Err(Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            line: diag::locate(text, pointer.as_str()),
            pointer: pointer.to_string(),
            column: None,
            message: format!("not a valid OpenAPI document: {}", e.inner()),
        }]));
    }
    Ok(value)
}

fn version(file: &str, doc: &Value) -> Version {
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

/// Which way a schema travels between client and server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// The client receives it (a response or a webhook payload).
    pub read: bool,
    /// The client sends it (a request body or a parameter).
    pub write: bool,
}

impl Usage {
    const READ: Usage = Usage {
        read: true,
        write: false,
    };
    const WRITE: Usage = Usage {
        read: false,
        write: true,
    };
    const BOTH: Usage = Usage {
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
fn refs(doc: &Value, value: Option<&Value>, into: &mut BTreeSet<String>) {
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
fn closure(doc: &Value, roots: BTreeSet<String>) -> BTreeSet<String> {
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
fn schema_ref(r: &str) -> Option<String> {
    let name = r.strip_prefix("#/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

fn schemas(doc: &Value) -> Option<&Map<String, Value>> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
}

/// The entries of an object, none for anything else.
fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// Follows a local `$ref` to a component that is not a schema (a parameter, body, response,
/// path item), returning the target and its pointer; anything else is returned as it is.
fn resolve<'a>(doc: &'a Value, value: &'a Value, at: Pointer) -> (&'a Value, Pointer) {
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
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The walk over both documents; it collects changes.
struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    usage: BTreeMap<String, Usage>,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(
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
    fn requirements(
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
fn changed_keys(old: &Value, new: &Value) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc(paths: Value, schemas: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas},
        })
    }

    fn changes(old: &Value, new: &Value) -> Vec<(ChangeKind, bool, String)> {
        compare("old", old, "new", new)
            .changes
            .into_iter()
            .map(|c| (c.kind, c.breaking, c.pointer.to_string()))
            .collect()
    }

    #[test]
    fn signatures_name_the_shape() {
        let cases = [
            (json!({"type": "string", "format": "uuid"}), "string (uuid)"),
            (json!({"$ref": "#/components/schemas/A"}), "A"),
            (json!({"allOf": [{"$ref": "#/components/schemas/A"}]}), "A"),
            (
                json!({"type": "array", "items": {"$ref": "#/components/schemas/A"}}),
                "array of A",
            ),
            (
                json!({"type": "object", "additionalProperties": {"type": "integer"}}),
                "map of integer",
            ),
            (
                json!({"type": "object", "properties": {"a": {}}, "additionalProperties": {}}),
                "object",
            ),
            (
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
                "anyOf(string, integer)",
            ),
            (json!({"enum": ["a"]}), "string"),
            (json!({"x-null": true}), "null"),
            (json!({}), "any"),
            (json!(true), "any"),
            (json!("not a schema"), "any"),
        ];
        for (schema, expected) in cases {
            assert_eq!(schema::signature(&schema), expected, "{schema}");
        }
    }

    #[test]
    fn usage_follows_refs_through_components_and_webhooks() {
        let mut d = doc(
            json!({"/a": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "post": {
                    "requestBody": {"$ref": "#/components/requestBodies/B"},
                    "responses": {"200": {"$ref": "#/components/responses/R"}},
                },
            }}),
            json!({
                "Param": {"type": "string"},
                "Body": {"properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
                "Inner": {"type": "string"},
                "Out": {"type": "array", "items": {"$ref": "#/components/schemas/Inner"}},
                "Hook": {"type": "object"},
                "Unused": {"type": "object"},
            }),
        );
        let c = d["components"].as_object_mut().unwrap();
        c.insert("parameters".into(), json!({"P": {"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/Param"}}}));
        c.insert("requestBodies".into(), json!({"B": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}}}));
        c.insert("responses".into(), json!({"R": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}}));
        d["x-webhooks"] = json!({"hook": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Hook"}}}}}}});
        let u = usage(&d);
        let get = |n: &str| u.get(n).map(|u| (u.read, u.write));
        assert_eq!(get("Param"), Some((false, true)));
        assert_eq!(get("Body"), Some((false, true)));
        assert_eq!(get("Inner"), Some((true, true)));
        assert_eq!(get("Out"), Some((true, false)));
        assert_eq!(get("Hook"), Some((true, false)));
        assert_eq!(get("Unused"), None);
    }

    #[test]
    fn a_shared_parameter_change_points_at_the_component() {
        let with = |required: bool| {
            let mut d = doc(
                json!({"/a": {"get": {
                    "parameters": [{"$ref": "#/components/parameters/Limit"}],
                    "responses": {},
                }}}),
                json!({}),
            );
            d["components"]["parameters"] = json!({"Limit": {
                "name": "limit", "in": "query", "required": required,
                "schema": {"type": "integer"},
            }});
            d
        };
        assert_eq!(
            changes(&with(false), &with(true)),
            [(
                ChangeKind::ParameterMadeRequired,
                true,
                "/components/parameters/Limit".to_owned()
            )]
        );
    }

    #[test]
    fn an_operation_parameter_overrides_the_path_level_one() {
        let old = doc(
            json!({"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"responses": {}},
            }}),
            json!({}),
        );
        let new = doc(
            json!({"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                    "responses": {},
                },
            }}),
            json!({}),
        );
        assert_eq!(
            changes(&old, &new),
            [(
                ChangeKind::TypeChanged,
                true,
                "/paths/~1a~1{id}/get/parameters/0/schema".to_owned()
            )]
        );
    }

    #[test]
    fn unused_schemas_count_as_read_and_written() {
        let old = doc(json!({}), json!({"A": {"properties": {"a": {}}}}));
        let new = doc(
            json!({}),
            json!({"A": {"properties": {"a": {}, "b": {}}, "required": ["a", "b"]}}),
        );
        let got = changes(&old, &new);
        assert_eq!(
            got.iter().map(|c| (c.0, c.1)).collect::<Vec<_>>(),
            [
                (ChangeKind::PropertyMadeRequired, true),
                (ChangeKind::PropertyAdded, true)
            ]
        );
    }

    #[test]
    fn shapes_it_does_not_expect_are_skipped_without_a_panic() {
        let odd = [
            json!(null),
            json!([1, 2]),
            json!({"paths": [1], "components": {"schemas": []}}),
            json!({"paths": {"/a": 5, "/b": {"get": 7, "post": {"parameters": {"x": 1}, "responses": [], "requestBody": "x"}}}}),
            json!({"components": {"schemas": {"A": 7, "B": {"properties": 3, "required": "x", "enum": 4, "items": []}}}}),
            json!({"servers": {"a": 1}, "security": "x", "components": {"securitySchemes": []}}),
            json!({"paths": {"/a": {"$ref": "#/paths/~1a"}}}),
        ];
        for a in &odd {
            for b in &odd {
                let report = compare("a", a, "b", b);
                let _ = (report.to_markdown(), report.to_json());
            }
        }
    }

    #[test]
    fn changes_are_sorted_by_subject() {
        let old = doc(
            json!({"/b": {"get": {"responses": {}}}, "/a": {"get": {"responses": {}}}}),
            json!({"Z": {}, "A": {}}),
        );
        let new = doc(json!({}), json!({}));
        let subjects: Vec<String> = compare("old", &old, "new", &new)
            .changes
            .iter()
            .map(|c| c.subject.to_string())
            .collect();
        assert_eq!(subjects, ["`GET /a`", "`GET /b`", "`A`", "`Z`"]);
    }
}
