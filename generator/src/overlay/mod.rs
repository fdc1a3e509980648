//! Overlays: corrections to a vendor's spec kept beside it instead of edits to the downloaded
//! file (which the next `update` overwrites). Two formats, told apart by the document:
//!
//! - **OpenAPI Overlay 1.0** (a top-level `overlay` key): `info` (`title`, `version`),
//!   optional `extends`, and `actions`, applied in order. Each action selects nodes with an
//!   RFC 9535 JSONPath `target` (evaluated by `serde_json_path`) and either `update`s them (an
//!   object is deep-merged into each selected object, arrays in it appended to the arrays
//!   there; into a selected array the value is appended as one entry) or, with
//!   `remove: true`, removes them from their parent.
//! - **Fern overrides** (anything else): a plain document deep-merged over the spec, as
//!   Junction's own SDK pipeline does with `fern/openapi/overrides.yml` (see `fern.rs` for
//!   the exact rules and where they come from).
//!
//! ```text
//! load::parse(spec) -> overlay::apply(value, overlays) -> normalize -> check -> ...
//! ```
//!
//! Overlays are applied to the parsed document before anything else reads it, so
//! normalization, every check and the diff see the corrected spec. An action that selects
//! nothing is not an error (the vendor may have fixed the defect): it is reported in
//! [`Applied`], and the CLI prints it as a warning, or fails under `--strict-overlay`. A
//! malformed overlay is a [`Diagnostics`] located in the overlay file (pointer and line); an
//! overlay that does not fit the document (an `update` of a string) is located at its
//! action. A problem the generator finds later in a node that an overlay wrote says so in its
//! message ([`Provenance`]), since the spec's text has no line for it.

mod apply;
mod fern;

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diag::{self, Diagnostic, Diagnostics, Pointer, Sink};

pub use apply::{apply, Provenance};

/// A parsed, validated overlay document, ready to apply to any number of specs.
#[derive(Clone, Debug)]
pub struct Overlay {
    /// The file as the user named it.
    file: String,
    /// Which format, with its content.
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    /// OpenAPI Overlay 1.0.
    Actions {
        /// `info.title`.
        title: String,
        /// `info.version`.
        version: String,
        /// `extends`, when given (recorded, not fetched).
        extends: Option<String>,
        actions: Vec<Action>,
    },
    /// Fern overrides: the document to merge.
    Fern(Value),
}

/// One action of an Overlay 1.0 document.
#[derive(Clone, Debug)]
struct Action {
    /// Its index in `actions`.
    index: usize,
    /// The JSONPath text, as written.
    target: String,
    /// The parsed JSONPath.
    path: JsonPath,
    /// `description`.
    description: Option<String>,
    /// What it does.
    op: Op,
    /// The line of the action in the overlay file, where known.
    line: Option<usize>,
}

#[derive(Clone, Debug)]
enum Op {
    Update(Value),
    Remove,
}

/// The format of an overlay document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// OpenAPI Overlay 1.0 (`overlay`, `info`, `actions`).
    Overlay,
    /// Fern's overrides file: a document deep-merged over the spec.
    FernOverrides,
}

/// What one overlay did to one spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// The overlay file.
    pub file: String,
    /// Its format.
    pub format: Format,
    /// `info.title` and `info.version` of an Overlay 1.0 document (empty for Fern overrides).
    pub title: String,
    /// See [`Applied::title`].
    pub version: String,
    /// Each action, in order (one entry, index 0, for Fern overrides).
    pub actions: Vec<ActionOutcome>,
}

/// What one action selected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionOutcome {
    /// The index in `actions`.
    pub index: usize,
    /// The JSONPath target (`$` for Fern overrides).
    pub target: String,
    /// `update`, `remove` or `merge` (Fern overrides).
    pub kind: &'static str,
    /// The action's `description`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many nodes the target selected.
    pub matched: usize,
}

impl Applied {
    /// The actions that selected nothing.
    pub fn unmatched(&self) -> impl Iterator<Item = &ActionOutcome> {
        self.actions.iter().filter(|a| a.matched == 0)
    }

    /// One line per action that selected nothing, for warnings:
    /// `overlay FILE: action N (TARGET) selected nothing in SPEC`.
    pub fn warnings(&self, spec: &str) -> Vec<String> {
        self.unmatched()
            .map(|a| {
                format!(
                    "overlay `{}`: action {} (`{}`) selected nothing in `{spec}`",
                    self.file, a.index, a.target
                )
            })
            .collect()
    }

    /// One line for people: the file, its format and what its actions selected.
    pub fn summary(&self) -> String {
        let name = match self.format {
            Format::Overlay => format!("Overlay 1.0, {} {}", self.title, self.version),
            Format::FernOverrides => "Fern overrides".to_owned(),
        };
        let nodes: usize = self.actions.iter().map(|a| a.matched).sum();
        let unmatched = self.unmatched().count();
        let mut line = format!(
            "{} ({name}): {} action{}, {nodes} node{} selected",
            self.file,
            self.actions.len(),
            if self.actions.len() == 1 { "" } else { "s" },
            if nodes == 1 { "" } else { "s" },
        );
        if unmatched > 0 {
            line.push_str(&format!(", {unmatched} selected nothing"));
        }
        line
    }
}

/// The diagnostics for every action that selected nothing, located at the action's `target`
/// in the overlay file (for strict mode).
pub fn unmatched_errors(overlays: &[Overlay], applied: &[Applied], spec: &str) -> Diagnostics {
    let mut out = Vec::new();
    for (overlay, applied) in overlays.iter().zip(applied) {
        for a in applied.unmatched() {
            out.push(Diagnostic {
                file: overlay.file.clone(),
                pointer: format!("/actions/{}/target", a.index),
                line: overlay.action_line(a.index),
                column: None,
                message: format!(
                    "overlay action {} (`{}`) selected nothing in `{spec}`",
                    a.index, a.target
                ),
            });
        }
    }
    Diagnostics(out)
}

impl Overlay {
    /// Parses and validates an overlay document (YAML or JSON), named `file` in messages.
    /// Every problem is reported, each with its pointer and line in the overlay.
    pub fn parse(file: &str, text: &str) -> Result<Overlay, Diagnostics> {
        let value = crate::load::parse(file, text)?;
        let kind = match value.get("overlay") {
            Some(_) => parse_actions(file, text, &value)?,
            None if value.is_object() => Kind::Fern(value),
            None => {
                return Err(Diagnostics(vec![Diagnostic {
                    file: file.to_owned(),
                    pointer: String::new(),
                    line: Some(1),
                    column: None,
                    message: "an overlay must be a mapping: an Overlay 1.0 document \
                              (`overlay`, `info`, `actions`) or Fern overrides"
                        .to_owned(),
                }]))
            }
        };
        Ok(Overlay {
            file: file.to_owned(),
            kind,
        })
    }

    /// Reads `path` and parses it.
    pub fn read(path: &Path) -> Result<Overlay, crate::Error> {
        let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        Overlay::parse(&path.display().to_string(), &text).map_err(crate::Error::Spec)
    }

    /// The file as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Its format.
    pub fn format(&self) -> Format {
        match self.kind {
            Kind::Actions { .. } => Format::Overlay,
            Kind::Fern(_) => Format::FernOverrides,
        }
    }

    /// The number of actions (1 for Fern overrides).
    pub fn len(&self) -> usize {
        match &self.kind {
            Kind::Actions { actions, .. } => actions.len(),
            Kind::Fern(_) => 1,
        }
    }

    /// Never true: a valid overlay has at least one action.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `extends` of an Overlay 1.0 document: the spec it was written for (recorded, not read).
    pub fn extends(&self) -> Option<&str> {
        match &self.kind {
            Kind::Actions { extends, .. } => extends.as_deref(),
            Kind::Fern(_) => None,
        }
    }

    /// The line of action `index` in the overlay file, where known.
    fn action_line(&self, index: usize) -> Option<usize> {
        match &self.kind {
            Kind::Actions { actions, .. } => actions.get(index).and_then(|a| a.line),
            Kind::Fern(_) => None,
        }
    }
}

/// The keys an Overlay 1.0 document may have (besides `x-` extensions).
const TOP_KEYS: &[&str] = &["overlay", "info", "extends", "actions"];
/// The keys an action may have (besides `x-` extensions).
const ACTION_KEYS: &[&str] = &["target", "description", "update", "remove"];

/// Validates an Overlay 1.0 document against the specification's fixed fields.
fn parse_actions(file: &str, text: &str, doc: &Value) -> Result<Kind, Diagnostics> {
    let mut sink = Sink::new(file);
    let root = Pointer::root();
    let Some(top) = doc.as_object() else {
        sink.error(&root, "an Overlay document must be a mapping");
        return Err(located(sink, text));
    };
    unknown_keys(&mut sink, top, &root, TOP_KEYS, "an Overlay document");
    match doc.get("overlay") {
        Some(Value::String(v)) if v.starts_with("1.") => {}
        Some(Value::String(v)) => sink.error(
            &root.push("overlay"),
            format!("Overlay version `{v}` is not supported: expected 1.0.x"),
        ),
        _ => sink.error(
            &root.push("overlay"),
            "`overlay` must be a string: the Overlay version, such as `1.0.0`",
        ),
    }
    let (title, version) = match doc.get("info") {
        Some(Value::Object(info)) => {
            let mut field = |key: &str| match info.get(key) {
                Some(Value::String(s)) => s.clone(),
                _ => {
                    sink.error(
                        &root.push("info").push(key),
                        format!("`info.{key}` is required and must be a string (Overlay 1.0)"),
                    );
                    String::new()
                }
            };
            (field("title"), field("version"))
        }
        _ => {
            sink.error(
                &root.push("info"),
                "`info` is required: a mapping with `title` and `version` (Overlay 1.0)",
            );
            (String::new(), String::new())
        }
    };
    let extends = match doc.get("extends") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            sink.error(&root.push("extends"), "`extends` must be a string (a URI)");
            None
        }
    };
    let mut actions = Vec::new();
    match doc.get("actions") {
        Some(Value::Array(list)) if !list.is_empty() => {
            for (index, action) in list.iter().enumerate() {
                let at = root.push("actions").push(index);
                if let Some(a) = parse_action(&mut sink, action, &at, index, text) {
                    actions.push(a);
                }
            }
        }
        _ => sink.error(
            &root.push("actions"),
            "`actions` is required: a list of at least one action",
        ),
    }
    let kind = Kind::Actions {
        title,
        version,
        extends,
        actions,
    };
    sink.finish(kind).map_err(|d| locate_all(d, text))
}

fn parse_action(
    sink: &mut Sink,
    action: &Value,
    at: &Pointer,
    index: usize,
    text: &str,
) -> Option<Action> {
    let Some(map) = action.as_object() else {
        sink.error(at, "an action must be a mapping with `target`");
        return None;
    };
    unknown_keys(sink, map, at, ACTION_KEYS, "an action");
    let description = match map.get("description") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            sink.error(&at.push("description"), "`description` must be a string");
            None
        }
    };
    let remove = match map.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            sink.error(&at.push("remove"), "`remove` must be true or false");
            false
        }
    };
    let op = match (remove, map.get("update")) {
        // The standard: `update` has no effect when `remove` is true.
        (true, _) => Some(Op::Remove),
        (false, Some(update)) => Some(Op::Update(update.clone())),
        (false, None) => {
            sink.error(
                at,
                "an action must have `update`, or `remove: true`: this one does nothing",
            );
            None
        }
    };
    let path = match map.get("target") {
        Some(Value::String(target)) => match JsonPath::parse(target) {
            Ok(path) => Some((target.clone(), path)),
            Err(e) => {
                sink.error(
                    &at.push("target"),
                    format!(
                        "`{target}` is not an RFC 9535 JSONPath: {} (at character {})",
                        e.message(),
                        e.position()
                    ),
                );
                None
            }
        },
        _ => {
            sink.error(
                &at.push("target"),
                "`target` is required: a JSONPath such as `$.components.schemas.User`",
            );
            None
        }
    };
    let (target, path) = path?;
    Some(Action {
        index,
        target,
        path,
        description,
        op: op?,
        line: diag::locate(text, &at.push("target").to_string()),
    })
}

fn unknown_keys(
    sink: &mut Sink,
    map: &serde_json::Map<String, Value>,
    at: &Pointer,
    known: &[&str],
    what: &str,
) {
    for key in map.keys() {
        if !key.starts_with("x-") && !known.contains(&key.as_str()) {
            sink.error(
                &at.push(key),
                format!(
                    "`{key}` is not a field of {what} (Overlay 1.0 has {}, and `x-` extensions)",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
}

fn located(sink: Sink, text: &str) -> Diagnostics {
    match sink.finish(()) {
        Ok(()) => Diagnostics::default(),
        Err(d) => locate_all(d, text),
    }
}

/// Gives each diagnostic the line of its pointer in `text`.
fn locate_all(mut d: Diagnostics, text: &str) -> Diagnostics {
    for d in &mut d.0 {
        if d.line.is_none() {
            d.line = diag::locate(text, &d.pointer).or(Some(1).filter(|_| d.pointer.is_empty()));
        }
    }
    d
}
