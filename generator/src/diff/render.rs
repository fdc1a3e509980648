//! Rendering a [`Report`]: Markdown for people, JSON for tools.
//!
//! The Markdown opens with a table of counts and the list of breaking changes, then one
//! section per kind of subject (servers, security, operations, webhooks, schemas), each split
//! into added / removed / changed:
//!
//! ```text
//! # API changes: Junction API 0.4.483 -> 0.4.485
//! | | added | removed | changed |
//! ## Breaking changes            (or "No breaking changes."): the wire
//! ## Breaking changes for Rust code   (when some change breaks Rust code only)
//! Version bump of the client crate: **minor** (additions only).
//! ## Operations  ### Added  ### Removed  ### Changed  #### `PATCH /v3/order/{order_id}`
//! ## Schemas     ...
//! ```

use std::fmt::Write;

use super::{Bump, Change, ChangeKind, Report, Side, Subject};

/// The output formats of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Markdown, for people (the default).
    #[default]
    Markdown,
    /// JSON, for tools.
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown format `{other}`: expected `markdown` or `json`"
            )),
        }
    }
}

/// `old`, `new`, `summary`, `changes`, pretty-printed, ending in a newline.
pub(super) fn json(report: &Report) -> String {
    let mut value = serde_json::json!({
        "old": report.old,
        "new": report.new,
        "summary": report.summary(),
        "changes": report.changes,
    });
    if let (Some(overlays), Some(map)) = (&report.overlays, value.as_object_mut()) {
        map.insert("overlays".to_owned(), serde_json::json!(overlays));
    }
    // Serializing plain data into a String does not fail.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// `` `#/paths/~1a/get` ``, with `(old)` for a pointer into the old document.
fn location(change: &Change) -> String {
    match change.side {
        Side::New => format!("`#{}`", change.pointer),
        Side::Old => format!("`#{}` (old)", change.pointer),
    }
}

/// How a change is marked in the sections: a break of the wire, of Rust code only, or none.
fn mark(change: &Change) -> &'static str {
    match (change.breaking, change.breaks_rust) {
        (true, _) => "**breaking:** ",
        (false, true) => "**breaks Rust code:** ",
        (false, false) => "",
    }
}

fn line(out: &mut String, change: &Change) {
    let _ = writeln!(
        out,
        "- {}{} · {}",
        mark(change),
        change.message,
        location(change)
    );
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A section of the Markdown report: its subjects, and the kinds listed as "Added" and
/// "Removed" before the "Changed" subjects.
struct Section {
    heading: &'static str,
    select: fn(&Subject) -> bool,
    whole: Option<(ChangeKind, ChangeKind)>,
}

pub(super) fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let (old, new) = (&report.old, &report.new);
    let title = if old.title == new.title {
        old.title.clone()
    } else {
        format!("{} / {}", old.title, new.title)
    };
    let _ = writeln!(
        out,
        "# API changes: {title} {} -> {}\n",
        old.version, new.version
    );
    let _ = writeln!(out, "From `{}` to `{}`.\n", old.file, new.file);
    if report.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let s = report.summary();
    let _ = writeln!(out, "| | added | removed | changed |\n|---|---|---|---|");
    let _ = writeln!(
        out,
        "| operations | {} | {} | {} |",
        s.operations_added, s.operations_removed, s.operations_changed
    );
    let webhooks = |kind: Option<ChangeKind>| {
        let subjects: std::collections::BTreeSet<&Subject> = report
            .changes
            .iter()
            .filter(|c| matches!(c.subject, Subject::Webhook { .. }))
            .filter(|c| kind.is_none_or(|k| c.kind == k))
            .map(|c| &c.subject)
            .collect();
        subjects.len()
    };
    if webhooks(None) > 0 {
        let (added, removed) = (
            webhooks(Some(ChangeKind::WebhookAdded)),
            webhooks(Some(ChangeKind::WebhookRemoved)),
        );
        let _ = writeln!(
            out,
            "| webhooks | {added} | {removed} | {} |",
            webhooks(None) - added - removed
        );
    }
    let _ = writeln!(
        out,
        "| schemas | {} | {} | {} |\n",
        s.schemas_added, s.schemas_removed, s.schemas_changed
    );
    if s.breaking == 0 {
        let _ = writeln!(
            out,
            "No breaking changes ({}).\n",
            plural(s.non_breaking, "change", "changes")
        );
    } else {
        let _ = writeln!(
            out,
            "**{}**, {}.\n\n## Breaking changes\n",
            plural(s.breaking, "breaking change", "breaking changes"),
            plural(s.non_breaking, "other change", "other changes")
        );
        for c in report.breaking() {
            let mark = format!("{}: {}", c.subject, c.message);
            let _ = writeln!(out, "- {mark} · {}", location(c));
        }
        out.push('\n');
    }
    let rust_only: Vec<&Change> = report.breaking_rust_only().collect();
    if !rust_only.is_empty() {
        let _ = writeln!(
            out,
            "## Breaking changes for Rust code\n\nNot on the wire, but Rust code written against the old client may not compile:\n"
        );
        for c in rust_only {
            let _ = writeln!(out, "- {}: {} · {}", c.subject, c.message, location(c));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Version bump of the client crate: **{}** ({}).\n",
        s.bump.as_str(),
        match s.bump {
            Bump::Major => "code written against the old client may break",
            Bump::Minor => "additions only",
            Bump::Patch => "no change a program can see",
        }
    );
    let sections = [
        Section {
            heading: "Servers",
            select: |s| matches!(s, Subject::Server { .. }),
            whole: Some((ChangeKind::ServerAdded, ChangeKind::ServerRemoved)),
        },
        Section {
            heading: "Security",
            select: |s| matches!(s, Subject::Security { .. }),
            whole: None,
        },
        Section {
            heading: "Cargo features",
            select: |s| matches!(s, Subject::Feature { .. }),
            whole: Some((ChangeKind::FeatureAdded, ChangeKind::FeatureRemoved)),
        },
        Section {
            heading: "Operations",
            select: |s| matches!(s, Subject::Operation { .. }),
            whole: Some((ChangeKind::OperationAdded, ChangeKind::OperationRemoved)),
        },
        Section {
            heading: "Webhooks",
            select: |s| matches!(s, Subject::Webhook { .. }),
            whole: Some((ChangeKind::WebhookAdded, ChangeKind::WebhookRemoved)),
        },
        Section {
            heading: "Schemas",
            select: |s| matches!(s, Subject::Schema { .. }),
            whole: Some((ChangeKind::SchemaAdded, ChangeKind::SchemaRemoved)),
        },
    ];
    for Section {
        heading,
        select,
        whole,
    } in sections
    {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| select(&c.subject))
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        let rest: Vec<&Change> = match whole {
            Some((added, removed)) => {
                for (kind, name) in [(added, "Added"), (removed, "Removed")] {
                    let these: Vec<&&Change> = changes.iter().filter(|c| c.kind == kind).collect();
                    if these.is_empty() {
                        continue;
                    }
                    let _ = writeln!(out, "### {name}\n");
                    for c in these {
                        let _ = writeln!(
                            out,
                            "- {}{}: {} · {}",
                            mark(c),
                            c.subject,
                            c.message,
                            location(c)
                        );
                    }
                    out.push('\n');
                }
                changes
                    .into_iter()
                    .filter(|c| c.kind != added && c.kind != removed)
                    .collect()
            }
            None => changes,
        };
        if rest.is_empty() {
            continue;
        }
        if whole.is_some() {
            let _ = writeln!(out, "### Changed\n");
        }
        let mut current: Option<&Subject> = None;
        for c in rest {
            if current != Some(&c.subject) {
                if current.is_some() {
                    out.push('\n');
                }
                let level = if whole.is_some() { "####" } else { "###" };
                let _ = writeln!(out, "{level} {}\n", c.subject);
                current = Some(&c.subject);
            }
            line(&mut out, c);
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
