//! How much of a spec the generated client covers: operations generated against those in the
//! spec, component schemas given a Rust type against those in the spec, and every value left
//! as `serde_json::Value` with its JSON pointer and why (each one a place where the spec
//! itself leaves the type open; a construct the generator cannot type is an error instead),
//! and which operations are paged and how.

mod availability;

use std::fmt::Write as _;

use serde::Serialize;

pub use availability::Availability;

use crate::ir::{Api, PageAdvance, PageForm, Pagination, PaginationSource, Type, TypeKind};

/// The coverage of one generated client.
#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    /// Operations with a method in the client.
    pub operations_generated: usize,
    /// Operations in the spec's `paths`.
    pub operations_in_spec: usize,
    /// Component schemas lowered to a Rust type other than a bare `serde_json::Value`.
    pub schemas_typed: usize,
    /// Schemas in `components.schemas`.
    pub schemas_in_spec: usize,
    /// Named Rust types generated, inline schemas included.
    pub types_generated: usize,
    /// Webhooks with a variant in `webhooks::Event`.
    pub webhooks: usize,
    /// The payload property that names the event, when the payloads have one.
    pub webhook_tag: Option<String>,
    /// Every value kept untyped.
    pub untyped: Vec<UntypedValue>,
    /// The overlays applied to the spec, and what each action selected (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overlays: Vec<crate::overlay::Applied>,
    /// Every paged operation, with its form.
    pub paged: Vec<PagedOperation>,
    /// What `--only` kept and left out (absent without a selection); the counts above are
    /// those of the selection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<crate::select::Report>,
    /// Deprecated, beta and ignored parts.
    pub availability: Availability,
    /// Success examples of the spec that decode through their type: the test kit's stubs
    /// answer with them (`.example()`).
    pub examples_offered: usize,
    /// JSON pointers of the success examples that do not decode, so are not offered.
    pub examples_not_decoding: Vec<String>,
}

/// An operation whose pages can be read as a stream.
#[derive(Clone, Debug, Serialize)]
pub struct PagedOperation {
    /// `GET /v2/user`.
    pub operation: String,
    /// The plain method, `user.get_all`; the stream methods add `_pages` and `_items`.
    pub method: String,
    /// `cursor`, `offset` (of items) or `page` (a page number).
    pub form: &'static str,
    /// How a page leads to the next, in words.
    pub how: String,
    /// `x-fern-pagination` (and where) or `inferred`.
    pub source: &'static str,
}

/// The form of a pagination: `cursor`, `offset` (of items) or `page` (a page number).
pub fn form_name(p: &Pagination) -> &'static str {
    match &p.form {
        PageForm::Cursor { .. } => "cursor",
        PageForm::Offset {
            advance: PageAdvance::Pages,
            ..
        } => "page",
        PageForm::Offset { .. } => "offset",
    }
}

/// How a page leads to the next, in words: `?next_cursor <- next_cursor, items data`.
pub fn describe(p: &Pagination) -> String {
    let mut out = match &p.form {
        PageForm::Cursor { next } => format!("?{} <- {}", p.param_wire, next.dotted()),
        PageForm::Offset {
            origin,
            advance,
            has_next,
            total,
            pages,
            ..
        } => {
            let by = match advance {
                PageAdvance::Pages => "1".to_owned(),
                PageAdvance::Items => "items read".to_owned(),
                PageAdvance::Step(step) => format!("?{step}"),
            };
            // In the order the runtime reads them; an empty page ends only when none is given.
            let mut ends: Vec<String> = [has_next, pages, total]
                .into_iter()
                .flatten()
                .map(|f| f.dotted())
                .collect();
            if ends.is_empty() {
                ends.push("an empty page".to_owned());
            }
            format!(
                "?{} from {origin} += {by}, until {}",
                p.param_wire,
                ends.join(" / ")
            )
        }
    };
    if let Some(results) = &p.results {
        out.push_str(&format!(", items {}", results.dotted()));
    }
    out
}

fn source_name(source: PaginationSource) -> &'static str {
    match source {
        PaginationSource::Operation => "x-fern-pagination",
        PaginationSource::PathItem => "x-fern-pagination of the path",
        PaginationSource::Document => "x-fern-pagination of the document",
        PaginationSource::Inferred => "inferred",
    }
}

/// A value kept as `serde_json::Value`.
#[derive(Clone, Debug, Serialize)]
pub struct UntypedValue {
    /// JSON pointer of the schema in the spec.
    pub pointer: String,
    /// Why, in words.
    pub reason: &'static str,
}

impl Coverage {
    /// The coverage of `api`.
    pub fn of(api: &Api) -> Coverage {
        let components: Vec<_> = api
            .types
            .iter()
            .filter(|t| {
                t.pointer.starts_with("/components/schemas/") && t.pointer.matches('/').count() == 3
            })
            .collect();
        let typed = components
            .iter()
            .filter(|t| !matches!(t.kind, TypeKind::Alias(Type::Json)))
            .count();
        Coverage {
            operations_generated: api.operations.len(),
            operations_in_spec: api.spec_operations,
            schemas_typed: typed,
            schemas_in_spec: api.spec_schemas,
            types_generated: api.types.len(),
            webhooks: api.webhooks.len(),
            webhook_tag: api.webhook_tag.clone(),
            untyped: api
                .untyped
                .iter()
                .map(|u| UntypedValue {
                    pointer: u.pointer.clone(),
                    reason: u.reason.describe(),
                })
                .collect(),
            overlays: Vec::new(),
            paged: api
                .operations
                .iter()
                .filter_map(|op| {
                    let p = op.pagination.as_ref()?;
                    let mut method = op.group.clone();
                    method.push(op.method.clone());
                    Some(PagedOperation {
                        operation: format!("{} {}", op.http_method, op.path),
                        method: method.join("."),
                        form: form_name(p),
                        how: describe(p),
                        source: source_name(p.source),
                    })
                })
                .collect(),
            selection: None,
            availability: Availability::of(api),
            examples_offered: api.response_examples.iter().filter(|e| e.decodes).count(),
            examples_not_decoding: api
                .response_examples
                .iter()
                .filter(|e| !e.decodes)
                .map(|e| e.pointer.clone())
                .collect(),
        }
    }

    /// The same report, saying what a selection kept (from [`crate::Output::selection`]).
    pub fn with_selection(mut self, selection: Option<crate::select::Report>) -> Coverage {
        self.selection = selection;
        self
    }

    /// The same report, saying which overlays were applied (from [`crate::Output::overlays`]).
    pub fn with_overlays(mut self, overlays: Vec<crate::overlay::Applied>) -> Coverage {
        self.overlays = overlays;
        self
    }

    /// The report as text for people.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "operations: {}/{} generated",
            self.operations_generated, self.operations_in_spec
        );
        let _ = writeln!(
            out,
            "schemas:    {}/{} typed ({} Rust types in all, inline schemas included)",
            self.schemas_typed, self.schemas_in_spec, self.types_generated
        );
        let _ = match &self.webhook_tag {
            _ if self.webhooks == 0 => writeln!(out, "webhooks:   none"),
            Some(tag) => writeln!(
                out,
                "webhooks:   {} typed events, told apart by `{tag}`",
                self.webhooks
            ),
            None => writeln!(
                out,
                "webhooks:   {} typed events, named by the caller (no tag in the payloads)",
                self.webhooks
            ),
        };
        let _ = writeln!(
            out,
            "untyped:    {} values kept as serde_json::Value, each where the spec leaves the type open",
            self.untyped.len()
        );
        for u in &self.untyped {
            let _ = writeln!(out, "  #{}: {}", u.pointer, u.reason);
        }
        let by_form: Vec<String> = ["cursor", "offset", "page"]
            .into_iter()
            .map(|form| {
                let n = self.paged.iter().filter(|p| p.form == form).count();
                format!("{n} {form}")
            })
            .collect();
        let _ = writeln!(
            out,
            "paged:      {}/{} operations read as streams of pages ({})",
            self.paged.len(),
            self.operations_generated,
            by_form.join(", ")
        );
        for p in &self.paged {
            let _ = writeln!(
                out,
                "  {} {}: {} ({})",
                p.form, p.operation, p.how, p.source
            );
        }
        let _ = writeln!(
            out,
            "examples:   {} success examples answer the test kit's `.example()`, {} do not decode through their type",
            self.examples_offered,
            self.examples_not_decoding.len()
        );
        for pointer in &self.examples_not_decoding {
            let _ = writeln!(out, "  #{pointer}");
        }
        if let Some(selection) = &self.selection {
            out.push_str(&selection.to_text());
        }
        self.availability.write_text(&mut out);
        for applied in &self.overlays {
            let _ = writeln!(out, "overlay:    {}", applied.summary());
            for a in &applied.actions {
                let _ = writeln!(
                    out,
                    "  action {} ({}, `{}`): {} node{}",
                    a.index,
                    a.kind,
                    a.target,
                    a.matched,
                    if a.matched == 1 { "" } else { "s" }
                );
            }
        }
        out
    }
}
