//! The lint report as text (the default), Markdown or JSON, and each problem in one line.

use std::fmt::Write as _;

use serde_json::Value;

use super::decode::{json_kind, Problem, ProblemKind};
use super::{fix, Kind, Report};
use crate::ir::Api;

/// How to print a [`Report`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lines for a terminal.
    Text,
    /// Markdown, for a pull request or an issue.
    Markdown,
    /// JSON, for tools.
    Json,
}

/// `value`, shortened for one line.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// `` `data[0].user_id` `` or "the example".
fn subject(path: &str) -> String {
    match path {
        "" => "the example".to_owned(),
        _ => format!("`{path}`"),
    }
}

/// One problem in one line.
pub fn problem(api: &Api, p: &Problem) -> String {
    let at = subject(&p.path);
    let owner = || {
        api.types
            .iter()
            .find(|t| t.pointer == p.schema)
            .map_or_else(|| "its type".to_owned(), |t| format!("`{}`", t.name))
    };
    match &p.kind {
        ProblemKind::Missing { field, deprecated } => {
            let within = match p.path.as_str() {
                "" => String::new(),
                path => format!(" in `{path}`"),
            };
            let note = if *deprecated { " (deprecated)" } else { "" };
            format!("omits `{field}`{within}, which {} requires{note}", owner())
        }
        ProblemKind::Type { expected, found } => format!(
            "{at} is {} ({}), but the schema says {expected}",
            json_kind(found),
            short(found)
        ),
        ProblemKind::Format { format, value } if p.decode => {
            format!("{at} is {value:?}, which is not a `{format}`")
        }
        ProblemKind::Format { format, value } => {
            format!("{at} is {value:?}, a `{format}` the client writes back spelled otherwise")
        }
        ProblemKind::Unknown { field, .. } => format!(
            "`{}` is not a property of {}, which keeps no unknown fields: it is lost",
            match p.path.as_str() {
                "" => field.clone(),
                path => format!("{path}.{field}"),
            },
            owner()
        ),
        ProblemKind::EnumValue { value } => {
            format!(
                "{at} is {value:?}, which the closed enum {} does not list",
                owner()
            )
        }
        ProblemKind::NoTag { tag } => format!("{at} has no string `{tag}` to tell its variant"),
        ProblemKind::NoMember {
            union,
            found,
            inner,
        } => match inner.iter().find(|i| i.decode) {
            Some(i) => format!(
                "{at} matches no member of `{union}`; as its member of that JSON type, {}",
                problem(api, i)
            ),
            None => format!(
                "{at} is {}, which no member of `{union}` is",
                json_kind(found)
            ),
        },
    }
}

impl Report {
    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.to_text(),
            Format::Markdown => self.to_markdown(),
            Format::Json => serde_json::to_string_pretty(self).unwrap_or_default() + "\n",
        }
    }

    /// Every action of the findings as one Overlay 1.0 document (its `actions` are what to
    /// paste under `actions:` in an existing overlay).
    pub fn overlay_document(&self) -> String {
        let actions: Vec<fix::Action> = self.actions().into_iter().cloned().collect();
        format!(
            "overlay: 1.0.0\ninfo:\n  title: What `junction-gen lint` suggests for {}\n  \
             version: 1.0.0\nactions:\n{}",
            self.file,
            fix::yaml(&actions)
        )
    }

    /// One line of counts.
    pub fn summary(&self) -> String {
        let c = &self.checked;
        let failing = self.findings.iter().filter(|f| f.kind.is_example()).count();
        let n = self.findings.len();
        format!(
            "{n} finding{}: {failing} of {} examples do not decode ({} schema, {} parameter, {} \
             request body, {} response examples checked): {} omit a required field, {} \
             contradict a format, {} otherwise; {} required deprecated properties",
            if n == 1 { "" } else { "s" },
            c.schema + c.parameter + c.media_type + c.response,
            c.schema,
            c.parameter,
            c.media_type,
            c.response,
            self.count(Kind::ExampleOmitsRequired),
            self.count(Kind::ExampleContradictsFormat),
            self.count(Kind::ExampleDoesNotDecode),
            self.count(Kind::RequiredDeprecated),
        )
    }

    /// Lines for a terminal: `file:line: kind: message`, the pointer, the actions.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(out, "{}{line}: {}: {}", f.file, f.kind.name(), f.message);
            let _ = writeln!(out, "  at #{}", f.pointer);
            if f.actions.is_empty() {
                let _ = writeln!(out, "  (no overlay action can say this)");
            } else {
                let _ = writeln!(out, "  overlay actions:");
                for l in fix::yaml(&f.actions).lines() {
                    let _ = writeln!(out, "  {l}");
                }
            }
        }
        let _ = writeln!(out, "lint: {}", self.summary());
        out
    }

    /// Markdown: the counts, each finding with its actions, and every action once as one
    /// overlay document.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# Lint of `{}`\n\n{}.\n", self.file, self.summary());
        for kind in [
            Kind::ExampleOmitsRequired,
            Kind::ExampleContradictsFormat,
            Kind::ExampleDoesNotDecode,
            Kind::RequiredDeprecated,
        ] {
            let of_kind: Vec<_> = self.findings.iter().filter(|f| f.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            let _ = write!(out, "\n## `{}` ({})\n\n", kind.name(), of_kind.len());
            for f in of_kind {
                let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- `{}{line}` `#{}`: {}",
                    f.file,
                    f.pointer,
                    f.message.replace('|', "\\|")
                );
            }
        }
        let actions: Vec<fix::Action> = self.actions().into_iter().cloned().collect();
        if !actions.is_empty() {
            let _ = write!(
                out,
                "\n## Overlay\n\nThe actions that make the spec agree with its examples, to \
                 paste under `actions:` in `specs/junction.overlay.yaml`:\n\n```yaml\n{}```\n",
                fix::yaml(&actions)
            );
        }
        out
    }
}
