//! `diff --only`: the changes of a [`Report`](crate::diff::Report) that touch a selection.
//!
//! Each side is lowered and the selection applied to it; a change is kept when its subject is
//! an operation or webhook the selection holds, or a component schema one of the types it keeps
//! comes from, on either side (what was removed is looked for in the old one). Servers and
//! security touch every client and are always kept. A change outside the selection does not
//! reach the client generated with it, so it is not breaking for that client.

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::diff::{Report, Subject};
use crate::ir::Api;
use crate::overlay::Overlay;

use super::Matched;

/// What a selection holds in one spec, by the names the diff's subjects use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Operations kept, as (path, upper-case method).
    pub operations: BTreeSet<(String, String)>,
    /// Webhooks kept, by key.
    pub webhooks: BTreeSet<String>,
    /// Component schemas with a kept type, by name.
    pub schemas: BTreeSet<String>,
}

impl Reach {
    /// What `api` (already pruned) holds.
    pub fn of(api: &Api) -> Reach {
        Reach {
            operations: api
                .operations
                .iter()
                .map(|o| (o.path.clone(), o.http_method.clone()))
                .collect(),
            webhooks: api.webhooks.iter().map(|w| w.name.clone()).collect(),
            schemas: api
                .types
                .iter()
                .filter_map(|t| {
                    let rest = t.pointer.strip_prefix("/components/schemas/")?;
                    let name = rest.split('/').next()?;
                    Some(name.replace("~1", "/").replace("~0", "~"))
                })
                .collect(),
        }
    }

    /// Whether a change about `subject` touches what this holds.
    fn touches(&self, subject: &Subject) -> bool {
        match subject {
            Subject::Server { .. } | Subject::Security { .. } => true,
            Subject::Operation { path, method } => {
                self.operations.contains(&(path.clone(), method.clone()))
            }
            Subject::Webhook { name } => self.webhooks.contains(name),
            Subject::Schema { name } => self.schemas.contains(name),
            // A selected client is one crate, built without the groups' features.
            Subject::Feature { .. } => false,
        }
    }
}

/// [`crate::diff::diff_with`] keeping only the changes that touch the selection of `selectors`
/// in either spec. A selector that matches nothing in both is an error, as in `generate`.
pub fn diff_only(
    old: (&str, &str),
    new: (&str, &str),
    overlays: &[Overlay],
    selectors: &[String],
) -> Result<Report, Diagnostics> {
    let mut report = crate::diff::diff_with(old.0, old.1, new.0, new.1, overlays)?;
    if selectors.is_empty() {
        return Ok(report);
    }
    let (old_reach, old_matched) = reach(old.0, old.1, overlays, selectors)?;
    let (new_reach, new_matched) = reach(new.0, new.1, overlays, selectors)?;
    let missing: Vec<&String> = selectors
        .iter()
        .zip(old_matched.iter().zip(&new_matched))
        .filter(|(_, (a, b))| a.operations + a.webhooks + b.operations + b.webhooks == 0)
        .map(|(s, _)| s)
        .collect();
    if !missing.is_empty() {
        // Reported against the new spec, as `generate` would.
        let (api, doc) = lowered(new.0, new.1, overlays)?;
        let errors = missing
            .into_iter()
            .map(|s| super::unmatched(&api, &doc, s, new.0))
            .collect();
        return Err(Diagnostics(errors));
    }
    report
        .changes
        .retain(|c| old_reach.touches(&c.subject) || new_reach.touches(&c.subject));
    Ok(report)
}

/// What the selection holds in one spec, and what each selector matched there.
fn reach(
    file: &str,
    text: &str,
    overlays: &[Overlay],
    selectors: &[String],
) -> Result<(Reach, Vec<Matched>), Diagnostics> {
    let (api, doc) = lowered(file, text, overlays)?;
    let (api, matched) = super::prune_lenient(api, &doc, selectors);
    Ok((Reach::of(&api), matched))
}

/// The spec lowered whole, as [`crate::generate`] lowers it, with its `openapiv3` document.
fn lowered(
    file: &str,
    text: &str,
    overlays: &[Overlay],
) -> Result<(Api, openapiv3::OpenAPI), Diagnostics> {
    let settings = crate::Settings {
        overlays: overlays.to_vec(),
        ..Default::default()
    };
    let lowered = crate::lower_spec(
        file,
        text,
        &settings,
        false,
        &mut Default::default(),
        &mut Default::default(),
    )?;
    Ok((lowered.api, lowered.doc))
}
