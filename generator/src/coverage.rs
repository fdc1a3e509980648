//! How much of a spec the generated client covers: operations generated against those in the
//! spec, component schemas given a Rust type against those in the spec, and every value left
//! as `serde_json::Value` with its JSON pointer and why (each one a place where the spec
//! itself leaves the type open; a construct the generator cannot type is an error instead).

use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{Api, Type, TypeKind};

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
        }
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
