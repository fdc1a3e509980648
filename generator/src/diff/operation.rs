//! Comparing operations: keyed by path and method; inside, the client method's name, the
//! parameters (by `in` and `name`, path-level ones included), the request body and the
//! responses (by status, then by media type), security and docs.
//!
//! ```text
//! old  PATCH /v2/user/{user_id}  parameters [user_id (path)]          body required
//! new  PATCH /v2/user/{user_id}  parameters [user_id (path), dry_run (query, required)]
//!   -> parameter `dry_run` (query) added, required   (breaking)
//! ```

use std::collections::BTreeSet;

use serde_json::Value;

use super::schema::{join, signature, Base, Place, DOCS};
use super::{entries, resolve, show, ChangeKind, Differ, Side, Subject, Usage, METHODS};
use crate::diag::Pointer;

/// One operation of a document.
struct Op<'a> {
    path: &'a str,
    method: &'static str,
    item: &'a Value,
    item_at: Pointer,
    op: &'a Value,
    at: Pointer,
}

fn operations(doc: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let paths = Pointer::root().push("paths");
    for (path, item) in entries(doc.get("paths")) {
        let (item, item_at) = resolve(doc, item, paths.push(path));
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push(Op {
                    path,
                    method,
                    item,
                    item_at: item_at.clone(),
                    op,
                    at: item_at.push(method),
                });
            }
        }
    }
    out
}

/// One parameter in effect for an operation.
struct Param<'a> {
    location: String,
    name: String,
    value: &'a Value,
    at: Pointer,
}

/// The parameters in effect: the path item's, overridden by the operation's (same `in` and
/// `name`), each resolved through `$ref`.
fn parameters<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    let lists = [
        (op.item.get("parameters"), op.item_at.push("parameters")),
        (op.op.get("parameters"), op.at.push("parameters")),
    ];
    for (list, at) in lists {
        for (i, p) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let (value, at) = resolve(doc, p, at.push(i));
            let text = |k: &str| value.get(k).map(show).unwrap_or_default();
            let (location, name) = (text("in"), text("name"));
            out.retain(|q| !(q.location == location && q.name == name));
            out.push(Param {
                location,
                name,
                value,
                at,
            });
        }
    }
    out
}

fn required(value: &Value) -> bool {
    value.get("required") == Some(&Value::Bool(true))
        || value.get("in").and_then(Value::as_str) == Some("path")
}

/// The schema of a parameter: `schema`, or the one of its first `content` entry.
fn param_schema<'a>(p: &Param<'a>) -> Option<(&'a Value, Pointer)> {
    if let Some(s) = p.value.get("schema") {
        return Some((s, p.at.push("schema")));
    }
    let (media, content) = entries(p.value.get("content")).next()?;
    Some((
        content.get("schema")?,
        p.at.push("content").push(media).push("schema"),
    ))
}

/// The name of the client method, as the generated client has it (`lower::client_method`):
/// the Fern SDK group and method, otherwise the first tag and the shortened `operationId`.
fn client_name(o: &Op<'_>) -> String {
    crate::lower::client_method(o.op, o.method, o.path)
}

/// Whether an operation is marked `x-fern-ignore: true`: not part of the client.
fn ignored(o: &Op<'_>) -> bool {
    o.op.get("x-fern-ignore") == Some(&Value::Bool(true))
}

/// The request body of an operation, resolved, and its pointer.
fn request_body<'a>(doc: &'a Value, op: &Op<'a>) -> Option<(&'a Value, Pointer)> {
    let body = op.op.get("requestBody")?;
    Some(resolve(doc, body, op.at.push("requestBody")))
}

/// A 2xx status, a `2XX` range or `default`: what the client's method returns.
fn is_success(status: &str) -> bool {
    status.starts_with('2') || status == "default"
}

const NAMING: &[&str] = &[
    "operationId",
    "tags",
    "x-fern-sdk-group-name",
    "x-fern-sdk-method-name",
];

const HANDLED: &[&str] = &[
    "x-fern-availability",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "deprecated",
];

impl Differ<'_> {
    /// The cargo features of the crate, one per top-level group of the client and one for
    /// the webhooks (`Settings::features`): a feature removed breaks a `Cargo.toml` that names
    /// it, though what it held is reported (and is breaking) on its own.
    pub(super) fn features(&mut self) {
        let features = |doc: &Value| -> BTreeSet<String> {
            let mut names: BTreeSet<String> = operations(doc)
                .iter()
                .filter(|o| !ignored(o))
                .filter_map(|o| Some(client_name(o).split_once('.')?.0.to_owned()))
                .collect();
            let webhooks = ["x-webhooks", "webhooks"]
                .iter()
                .filter_map(|key| doc.get(*key)?.as_object())
                .any(|w| !w.is_empty());
            if webhooks {
                names.insert(crate::select::WEBHOOKS.to_owned());
            }
            names
        };
        let (old, new) = (features(self.old), features(self.new));
        for name in old.difference(&new) {
            self.push(
                &Subject::Feature { name: name.clone() },
                ChangeKind::FeatureRemoved,
                false,
                (Side::Old, &Pointer::root()),
                "feature removed: its group is gone".to_owned(),
            );
        }
        for name in new.difference(&old) {
            self.push(
                &Subject::Feature { name: name.clone() },
                ChangeKind::FeatureAdded,
                false,
                (Side::New, &Pointer::root()),
                "feature added, in `full`: a new group".to_owned(),
            );
        }
    }

    pub(super) fn operations(&mut self) {
        // `x-fern-ignore`: not part of the client, compared only as coming or going.
        let (old_ignored, old): (Vec<Op<'_>>, Vec<Op<'_>>) =
            operations(self.old).into_iter().partition(ignored);
        let (new_ignored, new): (Vec<Op<'_>>, Vec<Op<'_>>) =
            operations(self.new).into_iter().partition(ignored);
        let find = |ops: &[Op<'_>], o: &Op<'_>| {
            ops.iter()
                .position(|x| x.path == o.path && x.method == o.method)
        };
        self.ignored_operations(&old, &new_ignored, &old_ignored);
        for a in &old {
            if find(&new_ignored, a).is_some() {
                continue;
            }
            let subject = Subject::Operation {
                path: a.path.to_owned(),
                method: a.method.to_uppercase(),
            };
            match find(&new, a) {
                None => self.push(
                    &subject,
                    ChangeKind::OperationRemoved,
                    true,
                    (Side::Old, &a.at),
                    format!("operation removed (was `{}`)", client_name(a)),
                ),
                Some(j) => self.operation(&subject, a, &new[j]),
            }
        }
        for b in &new {
            if find(&old, b).is_none() {
                let subject = Subject::Operation {
                    path: b.path.to_owned(),
                    method: b.method.to_uppercase(),
                };
                let summary =
                    b.op.get("summary")
                        .map(|s| format!(": {}", show(s)))
                        .unwrap_or_default();
                self.push(
                    &subject,
                    ChangeKind::OperationAdded,
                    false,
                    (Side::New, &b.at),
                    format!("operation added as `{}`{summary}", client_name(b)),
                );
            }
        }
    }

    /// The operations marked `x-fern-ignore` in the new spec that the old client had (removed
    /// from the client: breaking), and those new to the spec (not part of the client).
    fn ignored_operations(
        &mut self,
        old: &[Op<'_>],
        new_ignored: &[Op<'_>],
        old_ignored: &[Op<'_>],
    ) {
        for b in new_ignored {
            let subject = Subject::Operation {
                path: b.path.to_owned(),
                method: b.method.to_uppercase(),
            };
            let had = old
                .iter()
                .find(|a| a.path == b.path && a.method == b.method);
            let known = old_ignored
                .iter()
                .any(|a| a.path == b.path && a.method == b.method);
            match had {
                Some(a) => self.push(
                    &subject,
                    ChangeKind::OperationRemoved,
                    true,
                    (Side::New, &b.at),
                    format!(
                        "operation now `x-fern-ignore`: not part of the client (was `{}`)",
                        client_name(a)
                    ),
                ),
                None if !known => self.push(
                    &subject,
                    ChangeKind::OperationAdded,
                    false,
                    (Side::New, &b.at),
                    "operation added with `x-fern-ignore`: not part of the client".to_owned(),
                ),
                None => {}
            }
        }
    }

    fn operation(&mut self, subject: &Subject, a: &Op<'_>, b: &Op<'_>) {
        let (before, after) = (client_name(a), client_name(b));
        let naming: Vec<String> = super::changed_keys(a.op, b.op)
            .into_iter()
            .filter(|k| NAMING.contains(&k.as_str()))
            .collect();
        if before != after {
            self.push(
                subject,
                ChangeKind::OperationRenamed,
                true,
                (Side::New, &b.at),
                format!("client method renamed from `{before}` to `{after}`"),
            );
        } else if !naming.is_empty() {
            self.push(
                subject,
                ChangeKind::OperationRenamed,
                false,
                (Side::New, &b.at),
                format!(
                    "{} changed; the client method keeps its name `{after}`",
                    join(&naming.iter().collect::<Vec<_>>())
                ),
            );
        }
        self.parameters(subject, a, b);
        self.request_body(subject, a, b);
        self.responses(subject, a, b);
        if a.op.get("security") != b.op.get("security") {
            let effective = |op: &Value, doc: &Value| {
                op.get("security").or_else(|| doc.get("security")).cloned()
            };
            let (x, y) = (effective(a.op, self.old), effective(b.op, self.new));
            self.requirements(subject, x.as_ref(), y.as_ref(), &b.at.push("security"));
        }
        let deprecated = |op: &Value| {
            op.get("deprecated") == Some(&Value::Bool(true))
                || op.get("x-fern-availability").and_then(Value::as_str) == Some("deprecated")
        };
        if deprecated(a.op) != deprecated(b.op) {
            let now = if deprecated(b.op) {
                "operation deprecated"
            } else {
                "operation no longer deprecated"
            };
            self.push(
                subject,
                ChangeKind::DeprecationChanged,
                false,
                (Side::New, &b.at),
                now.to_owned(),
            );
        }
        self.leftovers(subject, a.op, b.op, &b.at, "operation", &[NAMING, HANDLED]);
    }

    /// Docs and any key not compared otherwise, one change per group.
    fn leftovers(
        &mut self,
        subject: &Subject,
        old: &Value,
        new: &Value,
        at: &Pointer,
        what: &str,
        handled: &[&[&str]],
    ) {
        let keys = super::changed_keys(old, new);
        let docs: Vec<&String> = keys.iter().filter(|k| DOCS.contains(&k.as_str())).collect();
        if !docs.is_empty() {
            self.push(
                subject,
                ChangeKind::DocsChanged,
                false,
                (Side::New, at),
                format!("{} of {what} changed", join(&docs)),
            );
        }
        let other: Vec<&String> = keys
            .iter()
            .filter(|k| {
                !DOCS.contains(&k.as_str()) && !handled.iter().any(|h| h.contains(&k.as_str()))
            })
            .collect();
        if !other.is_empty() {
            self.push(
                subject,
                ChangeKind::OtherChanged,
                false,
                (Side::New, at),
                format!("{} of {what} changed", join(&other)),
            );
        }
    }

    fn parameters(&mut self, subject: &Subject, a: &Op<'_>, b: &Op<'_>) {
        let (old, new) = (parameters(self.old, a), parameters(self.new, b));
        for p in &old {
            let label = format!("parameter `{}` ({})", p.name, p.location);
            let Some(q) = new
                .iter()
                .find(|q| q.location == p.location && q.name == p.name)
            else {
                self.push(
                    subject,
                    ChangeKind::ParameterRemoved,
                    true,
                    (Side::Old, &p.at),
                    format!("{label} removed"),
                );
                continue;
            };
            match (required(p.value), required(q.value)) {
                (false, true) => self.push(
                    subject,
                    ChangeKind::ParameterMadeRequired,
                    true,
                    (Side::New, &q.at),
                    format!("{label} made required"),
                ),
                (true, false) => self.push(
                    subject,
                    ChangeKind::ParameterMadeOptional,
                    false,
                    (Side::New, &q.at),
                    format!("{label} made optional"),
                ),
                _ => {}
            }
            if let (Some((x, x_at)), Some((y, y_at))) = (param_schema(p), param_schema(q)) {
                let place = Place {
                    subject: subject.clone(),
                    base: Base::Text(label.clone()),
                    field: String::new(),
                    old: x_at,
                    new: y_at,
                    usage: Usage::WRITE,
                };
                self.schema(x, y, &place);
            }
            let handled: &[&str] = &["in", "name", "required", "schema", "content", "deprecated"];
            self.leftovers(subject, p.value, q.value, &q.at, &label, &[handled]);
        }
        for q in &new {
            if old
                .iter()
                .any(|p| q.location == p.location && q.name == p.name)
            {
                continue;
            }
            let is_required = required(q.value);
            let ty = param_schema(q).map_or("any".to_owned(), |(s, _)| signature(s));
            self.push(
                subject,
                ChangeKind::ParameterAdded,
                is_required,
                (Side::New, &q.at),
                format!(
                    "parameter `{}` ({}) added ({ty}, {})",
                    q.name,
                    q.location,
                    if is_required { "required" } else { "optional" }
                ),
            );
        }
    }

    fn request_body(&mut self, subject: &Subject, a: &Op<'_>, b: &Op<'_>) {
        let is_required = |v: &Value| v.get("required") == Some(&Value::Bool(true));
        match (request_body(self.old, a), request_body(self.new, b)) {
            (None, None) => {}
            (Some((_, at)), None) => self.push(
                subject,
                ChangeKind::RequestBodyRemoved,
                true,
                (Side::Old, &at),
                "request body removed".to_owned(),
            ),
            (None, Some((y, at))) => {
                let types: Vec<&String> = entries(y.get("content")).map(|(k, _)| k).collect();
                self.push(
                    subject,
                    ChangeKind::RequestBodyAdded,
                    is_required(y),
                    (Side::New, &at),
                    format!(
                        "request body added ({}, {})",
                        join(&types),
                        if is_required(y) {
                            "required"
                        } else {
                            "optional"
                        }
                    ),
                );
            }
            (Some((x, x_at)), Some((y, y_at))) => {
                match (is_required(x), is_required(y)) {
                    (false, true) => self.push(
                        subject,
                        ChangeKind::RequestBodyMadeRequired,
                        true,
                        (Side::New, &y_at),
                        "request body made required".to_owned(),
                    ),
                    (true, false) => self.push(
                        subject,
                        ChangeKind::RequestBodyMadeOptional,
                        false,
                        (Side::New, &y_at),
                        "request body made optional".to_owned(),
                    ),
                    _ => {}
                }
                self.content(
                    subject,
                    (x, &x_at),
                    (y, &y_at),
                    "request body",
                    Usage::WRITE,
                    true,
                );
                let handled: &[&str] = &["content", "required"];
                self.leftovers(subject, x, y, &y_at, "request body", &[handled]);
            }
        }
    }

    fn responses(&mut self, subject: &Subject, a: &Op<'_>, b: &Op<'_>) {
        let (ra, rb) = (a.op.get("responses"), b.op.get("responses"));
        let (at_a, at_b) = (a.at.push("responses"), b.at.push("responses"));
        for (status, x) in entries(ra) {
            let (x, x_at) = resolve(self.old, x, at_a.push(status));
            let what = format!("response {status}");
            let Some(y) = rb.and_then(|r| r.get(status)) else {
                self.push(
                    subject,
                    ChangeKind::ResponseRemoved,
                    is_success(status),
                    (Side::Old, &x_at),
                    format!("{what} removed"),
                );
                continue;
            };
            let (y, y_at) = resolve(self.new, y, at_b.push(status));
            self.content(
                subject,
                (x, &x_at),
                (y, &y_at),
                &what,
                Usage::READ,
                is_success(status),
            );
            self.leftovers(subject, x, y, &y_at, &what, &[&["content"]]);
        }
        for (status, y) in entries(rb) {
            if ra.and_then(|r| r.get(status)).is_some() {
                continue;
            }
            let (y, y_at) = resolve(self.new, y, at_b.push(status));
            let body = entries(y.get("content"))
                .next()
                .and_then(|(_, m)| m.get("schema"))
                .map(|s| format!(" ({})", signature(s)))
                .unwrap_or_default();
            self.push(
                subject,
                ChangeKind::ResponseAdded,
                false,
                (Side::New, &y_at),
                format!("response {status} added{body}"),
            );
        }
    }

    /// Compares the `content` maps of two bodies. A media type removed breaks when `strict`
    /// (a request body, a success response).
    fn content(
        &mut self,
        subject: &Subject,
        (x, x_at): (&Value, &Pointer),
        (y, y_at): (&Value, &Pointer),
        what: &str,
        usage: Usage,
        strict: bool,
    ) {
        let (ca, cb) = (x.get("content"), y.get("content"));
        let several = entries(ca).count() > 1 || entries(cb).count() > 1;
        for (media, m) in entries(ca) {
            let m_at = x_at.push("content").push(media);
            let Some(n) = cb.and_then(|c| c.get(media)) else {
                self.push(
                    subject,
                    ChangeKind::MediaTypeRemoved,
                    strict,
                    (Side::Old, &m_at),
                    format!("media type `{media}` of {what} removed"),
                );
                continue;
            };
            let n_at = y_at.push("content").push(media);
            let what = if several {
                format!("{what} ({media})")
            } else {
                what.to_owned()
            };
            if let (Some(s), Some(t)) = (m.get("schema"), n.get("schema")) {
                let place = Place {
                    subject: subject.clone(),
                    base: Base::Text(what.clone()),
                    field: String::new(),
                    old: m_at.push("schema"),
                    new: n_at.push("schema"),
                    usage,
                };
                self.schema(s, t, &place);
            } else if m.get("schema") != n.get("schema") {
                let ty = |v: &Value| v.get("schema").map_or("nothing".to_owned(), signature);
                self.push(
                    subject,
                    ChangeKind::TypeChanged,
                    true,
                    (Side::New, &n_at),
                    format!("type of {what} changed from `{}` to `{}`", ty(m), ty(n)),
                );
            }
            self.leftovers(subject, m, n, &n_at, &what, &[&["schema"]]);
        }
        for (media, n) in entries(cb) {
            if ca.and_then(|c| c.get(media)).is_some() {
                continue;
            }
            let ty = n.get("schema").map_or("no schema".to_owned(), signature);
            self.push(
                subject,
                ChangeKind::MediaTypeAdded,
                false,
                (Side::New, &y_at.push("content").push(media)),
                format!("media type `{media}` of {what} added ({ty})"),
            );
        }
    }
}
