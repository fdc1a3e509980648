//! Applying overlays to a parsed document, and remembering which nodes they wrote.
//!
//! An action's target is evaluated once, on the document as the earlier actions left it; its
//! located query gives each node's normalized path, turned into a JSON pointer and edited
//! through `Value::pointer_mut`. Updates go in query order. Removals go in reverse document
//! order (array indices highest first), so that removing one node never moves another that is
//! still to be removed.

use std::cmp::Ordering;

use serde_json::Value;
use serde_json_path::PathElement;

use super::{fern, ActionOutcome, Applied, Kind, Op, Overlay};
use crate::diag::{Diagnostic, Diagnostics, Pointer};

/// One step of a node's path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Name(String),
    Index(usize),
}

/// Document order of two paths (a parent before its children, indices numerically).
fn document_order(a: &[Step], b: &[Step]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Step::Index(i), Step::Index(j)) => i.cmp(j),
            (Step::Name(m), Step::Name(n)) => m.cmp(n),
            (Step::Index(_), Step::Name(_)) => Ordering::Less,
            (Step::Name(_), Step::Index(_)) => Ordering::Greater,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

fn pointer(steps: &[Step]) -> Pointer {
    steps.iter().fold(Pointer::root(), |p, s| match s {
        Step::Name(n) => p.push(n),
        Step::Index(i) => p.push(i),
    })
}

/// Where the nodes that overlays wrote or moved came from, so that a problem found in one
/// later can say so instead of pointing at a line of the spec that does not hold it.
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// Nodes an overlay put in place: (pointer, overlay file, action index), in order.
    written: Vec<(String, String, usize)>,
    /// Arrays an overlay removed items from: (array pointer, first index removed, file,
    /// action index). Items after it are no longer at their index in the spec's text.
    shifted: Vec<(String, usize, String, usize)>,
}

impl Provenance {
    /// Why the node at `pointer` (escaped) is not where the spec's text has it, if an overlay
    /// wrote it or moved it: a phrase for the end of a diagnostic's message.
    pub fn explain(&self, pointer: &str) -> Option<String> {
        let under =
            |p: &str| pointer == p || pointer.strip_prefix(p).is_some_and(|r| r.starts_with('/'));
        if let Some((_, file, index)) = self.written.iter().rev().find(|(p, _, _)| under(p)) {
            return Some(format!(
                " (this node comes from overlay `{file}`, action {index}, not from the spec's text)"
            ));
        }
        self.shifted
            .iter()
            .rev()
            .find_map(|(array, from, file, index)| {
                let rest = pointer.strip_prefix(array.as_str())?.strip_prefix('/')?;
                let i: usize = rest.split('/').next()?.parse().ok()?;
                (i >= *from).then(|| {
                    format!(
                    " (overlay `{file}`, action {index}, removed an earlier item of this list, \
                     so the index is not the one in the spec's text)"
                )
                })
            })
    }

    /// Gives a diagnostic about the spec `file` (whose text is `text`) its place: the line of
    /// its pointer in the text, or, for a node an overlay wrote or moved, a note saying so
    /// (and no line, since the text does not hold that node there).
    pub fn place(&self, d: &mut Diagnostic, file: &str, text: &str) {
        if d.file != file {
            return;
        }
        match self.explain(&d.pointer) {
            Some(note) => {
                d.message.push_str(&note);
                d.line = None;
            }
            None if d.line.is_none() => d.line = crate::diag::locate(text, &d.pointer),
            None => {}
        }
    }

    /// True when no overlay wrote or moved anything.
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.shifted.is_empty()
    }
}

/// Applies `overlays` to `doc` (the parsed spec named `spec` in messages), in order. Returns
/// what each selected and where the written nodes came from; an action that does not fit the
/// document (an `update` into a string, a removal of the root) is an error located at the
/// action in its overlay file.
pub fn apply(
    doc: &mut Value,
    spec: &str,
    overlays: &[Overlay],
) -> Result<(Vec<Applied>, Provenance), Diagnostics> {
    let mut provenance = Provenance::default();
    let mut applied = Vec::new();
    let mut errors = Vec::new();
    for overlay in overlays {
        let (title, version, outcomes) = match &overlay.kind {
            Kind::Fern(over) => {
                let mut written = Vec::new();
                fern::merge(doc, over, &Pointer::root(), &mut written);
                fern::drop_nulls(doc);
                provenance
                    .written
                    .extend(written.into_iter().map(|p| (p, overlay.file.clone(), 0)));
                let outcome = ActionOutcome {
                    index: 0,
                    target: "$".to_owned(),
                    kind: "merge",
                    description: None,
                    matched: 1,
                };
                (String::new(), String::new(), vec![outcome])
            }
            Kind::Actions {
                title,
                version,
                actions,
                ..
            } => {
                let mut outcomes = Vec::new();
                for action in actions {
                    let mut fail = |message: String| {
                        errors.push(Diagnostic {
                            file: overlay.file.clone(),
                            pointer: format!("/actions/{}", action.index),
                            line: action.line,
                            column: None,
                            message,
                        });
                    };
                    let mut paths: Vec<Vec<Step>> = action
                        .path
                        .query_located(doc)
                        .locations()
                        .map(|l| {
                            l.iter()
                                .map(|e| match e {
                                    PathElement::Name(n) => Step::Name((*n).to_owned()),
                                    PathElement::Index(i) => Step::Index(*i),
                                })
                                .collect()
                        })
                        .collect();
                    let matched = paths.len();
                    let kind = match &action.op {
                        Op::Update(update) => {
                            for path in &paths {
                                let at = pointer(path);
                                let mut written = Vec::new();
                                if let Err(message) = update_node(doc, &at, update, &mut written) {
                                    fail(format!(
                                        "overlay action {} (`{}`): {message} in `{spec}`",
                                        action.index, action.target
                                    ));
                                    break;
                                }
                                provenance.written.extend(
                                    written
                                        .into_iter()
                                        .map(|p| (p, overlay.file.clone(), action.index)),
                                );
                            }
                            "update"
                        }
                        Op::Remove => {
                            paths.sort_by(|a, b| document_order(b, a));
                            paths.dedup();
                            for path in &paths {
                                match remove_node(doc, path) {
                                    Ok(Some((array, from))) => provenance.shifted.push((
                                        array,
                                        from,
                                        overlay.file.clone(),
                                        action.index,
                                    )),
                                    Ok(None) => {}
                                    Err(message) => {
                                        fail(format!(
                                            "overlay action {} (`{}`): {message}",
                                            action.index, action.target
                                        ));
                                        break;
                                    }
                                }
                            }
                            "remove"
                        }
                    };
                    outcomes.push(ActionOutcome {
                        index: action.index,
                        target: action.target.clone(),
                        kind,
                        description: action.description.clone(),
                        matched,
                    });
                }
                (title.clone(), version.clone(), outcomes)
            }
        };
        applied.push(Applied {
            file: overlay.file.clone(),
            format: overlay.format(),
            title,
            version,
            actions: outcomes,
        });
    }
    if errors.is_empty() {
        Ok((applied, provenance))
    } else {
        Err(Diagnostics(errors))
    }
}

/// The kind of a JSON value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

/// Overlay 1.0's update of one selected node: an object merges into an object, anything is
/// appended to an array as one entry; anything else does not fit.
fn update_node(
    doc: &mut Value,
    at: &Pointer,
    update: &Value,
    written: &mut Vec<String>,
) -> Result<(), String> {
    // A node selected by an earlier match may have been replaced since (a parent and its
    // child both selected): then there is nothing left to update at this pointer.
    let Some(node) = doc.pointer_mut(at.as_str()) else {
        return Ok(());
    };
    match (node, update) {
        (node @ Value::Object(_), Value::Object(_)) => {
            merge(Some(node), update, at, written);
            Ok(())
        }
        (Value::Array(items), value) => {
            written.push(at.push(items.len()).to_string());
            items.push(value.clone());
            Ok(())
        }
        (Value::Object(_), other) => Err(format!(
            "`update` is a {} but the target #{at} is a mapping, into which only a mapping merges",
            kind(other)
        )),
        (other, _) => Err(format!(
            "the target selects a {} at #{at}; `update` merges into mappings and appends to lists",
            kind(other)
        )),
    }
}

/// Overlay 1.0's deep merge: members of `update` replace those of the node, except that two
/// mappings merge and two lists are concatenated (the node's items, then the update's).
fn merge(node: Option<&mut Value>, update: &Value, at: &Pointer, written: &mut Vec<String>) {
    let (Some(Value::Object(node)), Value::Object(update)) = (node, update) else {
        return;
    };
    for (key, value) in update {
        let here = at.push(key);
        match (node.get_mut(key), value) {
            (Some(existing @ Value::Object(_)), Value::Object(_)) => {
                merge(Some(existing), value, &here, written);
            }
            (Some(Value::Array(items)), Value::Array(more)) => {
                for item in more {
                    written.push(here.push(items.len()).to_string());
                    items.push(item.clone());
                }
            }
            (Some(existing), _) => {
                written.push(here.to_string());
                *existing = value.clone();
            }
            (None, _) => {
                written.push(here.to_string());
                node.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Removes the node at `path` from its parent. For an array item, returns the array's pointer
/// and the index removed (the items after it moved up).
fn remove_node(doc: &mut Value, path: &[Step]) -> Result<Option<(String, usize)>, String> {
    let Some((last, parent)) = path.split_last() else {
        return Err("the target selects the whole document (`$`), which cannot be removed".into());
    };
    let parent_at = pointer(parent);
    match (doc.pointer_mut(parent_at.as_str()), last) {
        (Some(Value::Object(map)), Step::Name(name)) => {
            // `shift_remove` keeps the order of the members that stay.
            map.shift_remove(name);
            Ok(None)
        }
        (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
            items.remove(*i);
            Ok(Some((parent_at.to_string(), *i)))
        }
        // Gone already (its parent was removed first): nothing to do.
        _ => Ok(None),
    }
}
