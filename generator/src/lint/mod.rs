//! `junction-gen lint`: what in a spec is likely wrong about the API, each finding located
//! (file, JSON pointer, line), said in one line, and given the Overlay 1.0 actions that make
//! the spec agree with what it shows.
//!
//! ```text
//! load -> overlay -> (raw copy) -> normalize -> check -> openapiv3 -> lower (strict deprecated)
//!   -> examples::gather -> decode::check each against its type -> findings + fix::Fixer actions
//!   -> text | Markdown | JSON (render.rs)
//! ```
//!
//! | finding | what |
//! |---|---|
//! | `example-omits-required` | an example (schema, parameter, request body, response) without a field its type requires |
//! | `example-contradicts-format` | an example whose string the field's `format` (uuid, date, date-time) does not read, or reads as another spelling |
//! | `example-does-not-decode` | any other example that does not go through its generated type and back (a value of another JSON type, a field the type drops, a value a closed enum lacks, no member of a union) |
//! | `required-deprecated` | a property both required and deprecated (`deprecated: true` or `x-fern-availability: deprecated`) |
//!
//! An example's finding is what serde would say first (a missing field only when every value
//! present decodes); its actions fix every problem found in it. Types are lowered as the
//! client is generated with the same settings: by default a required deprecated property of a
//! type the client decodes is optional, so an example that omits only such properties decodes
//! (each is a `required-deprecated` finding all the same); `strict_deprecated` checks the
//! examples against the types as the spec declares them.

mod decode;
mod examples;
mod fix;
pub mod minimal;
mod render;

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::ir::{Api, TypeKind};

pub use decode::{check as decode_check, Problem, ProblemKind, Problems};
pub use examples::{gather, success_examples, Example, Origin};
pub use fix::Action;
pub use render::Format;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An example without a field its type requires.
    ExampleOmitsRequired,
    /// An example whose string its `format` does not read.
    ExampleContradictsFormat,
    /// Any other example that does not decode through its type and back.
    ExampleDoesNotDecode,
    /// A property both required and deprecated.
    RequiredDeprecated,
}

impl Kind {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::ExampleOmitsRequired => "example-omits-required",
            Kind::ExampleContradictsFormat => "example-contradicts-format",
            Kind::ExampleDoesNotDecode => "example-does-not-decode",
            Kind::RequiredDeprecated => "required-deprecated",
        }
    }

    /// Whether it is about an example.
    pub fn is_example(self) -> bool {
        self != Kind::RequiredDeprecated
    }
}

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// What it is about.
    pub kind: Kind,
    /// The spec file.
    pub file: String,
    /// JSON pointer of the example, or of the property.
    pub pointer: String,
    /// Its line in the file, when the layout tells.
    pub line: Option<usize>,
    /// For an example: where it stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// For an example: the path of the field that fails in it (`data[0].user_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What is wrong, in one line.
    pub message: String,
    /// The Overlay 1.0 actions that make the spec agree with the example.
    pub actions: Vec<Action>,
}

/// How many examples were checked, by origin.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Checked {
    /// Schema and property examples.
    pub schema: usize,
    /// Parameter examples.
    pub parameter: usize,
    /// Request body examples.
    pub media_type: usize,
    /// Response examples.
    pub response: usize,
}

/// The lint of one spec.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The spec file.
    pub file: String,
    /// The examples checked.
    pub checked: Checked,
    /// The findings: the examples', in the order of the types and operations, then the
    /// required deprecated properties.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The findings of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.findings.iter().filter(|f| f.kind == kind).count()
    }

    /// Every action of every finding, each once, in the order of the findings.
    pub fn actions(&self) -> Vec<&Action> {
        let mut out: Vec<&Action> = Vec::new();
        for a in self.findings.iter().flat_map(|f| &f.actions) {
            if !out
                .iter()
                .any(|b| b.target == a.target && b.update == a.update)
            {
                out.push(a);
            }
        }
        out
    }
}

/// Lints the spec `text` (named `file`) with the overlays of `settings` applied.
pub fn lint(file: &str, text: &str, settings: &crate::Settings) -> Result<Report, Diagnostics> {
    let mut provenance = crate::overlay::Provenance::default();
    let mut moved = crate::normalize::Report::default();
    let lowered = crate::lower_spec(file, text, settings, true, &mut provenance, &mut moved);
    let lowered = lowered.map_err(|mut diagnostics| {
        for d in &mut diagnostics.0 {
            moved.relocate(d);
            provenance.place(d, file, text);
        }
        diagnostics
    })?;
    // `gather` reads the examples in the normalized document; the overlay actions point into
    // the document as overlaid.
    let (api, doc) = (lowered.api, lowered.value);
    let raw = lowered.overlaid.unwrap_or_default();
    let fixer = fix::Fixer {
        raw: &raw,
        moves: &moved.moves,
    };
    let place = |pointer: &str| {
        let mut d = crate::Diagnostic {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            line: None,
            column: None,
            message: String::new(),
        };
        moved.relocate(&mut d);
        (d.pointer.clone(), crate::diag::locate(text, &d.pointer))
    };
    let mut checked = Checked::default();
    let mut findings = Vec::new();
    for example in gather(&api, &doc) {
        *match example.origin {
            Origin::Schema => &mut checked.schema,
            Origin::Parameter => &mut checked.parameter,
            Origin::MediaType => &mut checked.media_type,
            Origin::Response => &mut checked.response,
        } += 1;
        let problems = decode::check(&api, &example.ty, &example.value, &example.schema);
        let Some(first) = problems.first() else {
            continue;
        };
        let (pointer, line) = place(&example.pointer);
        let mut actions: Vec<Action> = Vec::new();
        for a in problems.0.iter().flat_map(|p| fixer.actions(p, &pointer)) {
            if !actions.contains(&a) {
                actions.push(a);
            }
        }
        let more = problems.0.len() - 1;
        let mut message = render::problem(&api, first);
        if more > 0 {
            message.push_str(&format!(" (and {more} more)"));
        }
        findings.push(Finding {
            kind: classify(first),
            file: file.to_owned(),
            pointer,
            line,
            origin: Some(example.origin),
            path: Some(first.path.clone()),
            message,
            actions,
        });
    }
    findings.extend(required_deprecated(&api, &fixer, file, &place));
    Ok(Report {
        file: file.to_owned(),
        checked,
        findings,
    })
}

/// Reads `path` and runs [`lint`] on it.
pub fn lint_file(
    path: &std::path::Path,
    settings: &crate::Settings,
) -> Result<Report, crate::Error> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    lint(&path.display().to_string(), &text, settings).map_err(crate::Error::Spec)
}

/// The finding of an example whose first problem is `first`.
fn classify(first: &Problem) -> Kind {
    match &first.kind {
        ProblemKind::Missing { .. } if first.decode => Kind::ExampleOmitsRequired,
        ProblemKind::Format { .. } => Kind::ExampleContradictsFormat,
        _ => Kind::ExampleDoesNotDecode,
    }
}

/// Each property both required and deprecated, once per `required` entry.
fn required_deprecated(
    api: &Api,
    fixer: &fix::Fixer<'_>,
    file: &str,
    place: &dyn Fn(&str) -> (String, Option<usize>),
) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for def in &api.types {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for f in s
            .fields
            .iter()
            .filter(|f| (f.required || f.relaxed) && f.deprecated)
        {
            let action = fixer.required_deprecated(&def.pointer, &f.wire);
            if let Some(a) = &action {
                if out.iter().any(|x| x.actions.first() == Some(a)) {
                    continue;
                }
            }
            let (pointer, line) = place(&format!(
                "{}/properties/{}",
                def.pointer,
                decode::escape(&f.wire)
            ));
            out.push(Finding {
                kind: Kind::RequiredDeprecated,
                file: file.to_owned(),
                pointer,
                line,
                origin: None,
                path: None,
                message: format!(
                    "`{}` of `{}` is required but deprecated: the API may stop sending it ({})",
                    f.wire,
                    def.name,
                    match f.relaxed {
                        true => "the client reads it as optional",
                        false =>
                            "the client requires it: it does not decode this type, or --strict-deprecated",
                    }
                ),
                actions: action.into_iter().collect(),
            });
        }
    }
    out
}
