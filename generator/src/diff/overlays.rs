//! The overlays of a diff: the same overlays are applied to both specs before they are
//! compared, so that the report shows the vendor's changes and not the overlay's. What the
//! report adds is the drift of the overlay itself: an action that selected nodes in the old
//! spec and selects nothing in the new one (the vendor fixed the defect, or moved it), so
//! that someone looks at it and removes it when it is no longer needed.

use std::fmt::Write;

use serde::Serialize;

use crate::overlay::Applied;

/// The overlays applied to both sides of a diff, and the actions that stopped matching.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OverlayDrift {
    /// The overlay files, in the order applied.
    pub files: Vec<String>,
    /// Actions that selected something in the old spec and nothing in the new one.
    pub stale: Vec<StaleAction>,
}

/// An overlay action that no longer selects anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaleAction {
    /// The overlay file.
    pub file: String,
    /// The action's index in `actions`.
    pub index: usize,
    /// Its JSONPath target.
    pub target: String,
    /// Its `description`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many nodes it selected in the old spec.
    pub old_matched: usize,
}

impl OverlayDrift {
    /// The drift between what the overlays selected in the old spec and in the new one
    /// (`old` and `new` come from the same overlays, in the same order).
    pub fn between(old: &[Applied], new: &[Applied]) -> OverlayDrift {
        let mut stale = Vec::new();
        for (before, after) in old.iter().zip(new) {
            for (a, b) in before.actions.iter().zip(&after.actions) {
                if a.matched > 0 && b.matched == 0 {
                    stale.push(StaleAction {
                        file: before.file.clone(),
                        index: a.index,
                        target: a.target.clone(),
                        description: a.description.clone(),
                        old_matched: a.matched,
                    });
                }
            }
        }
        OverlayDrift {
            files: old.iter().map(|a| a.file.clone()).collect(),
            stale,
        }
    }

    /// The report's `## Overlays` section.
    pub(super) fn markdown(&self, out: &mut String) {
        let files: Vec<String> = self.files.iter().map(|f| format!("`{f}`")).collect();
        let _ = writeln!(
            out,
            "\n## Overlays\n\nBoth specs were compared with {} applied.",
            files.join(", then ")
        );
        if self.stale.is_empty() {
            out.push_str("Every action that selected something in the old spec still does.\n");
            return;
        }
        out.push_str(
            "\n### Actions that no longer select anything\n\n\
             Each selected nodes in the old spec and selects none in the new one: the vendor \
             may have fixed the defect (then remove the action) or moved it (then retarget it).\n\n",
        );
        for s in &self.stale {
            let _ = write!(
                out,
                "- `{}` action {} (`{}`): {} node{} in the old spec, none in the new one",
                s.file,
                s.index,
                s.target,
                s.old_matched,
                if s.old_matched == 1 { "" } else { "s" }
            );
            match &s.description {
                Some(d) => {
                    let first = d.lines().next().unwrap_or_default();
                    let _ = writeln!(out, ". {first}");
                }
                None => out.push('\n'),
            }
        }
    }
}
