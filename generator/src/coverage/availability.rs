//! What the spec says of the availability of its parts, as the client has it: deprecated
//! operations and fields (and the required ones read as optional), Fern's `beta` operations,
//! what `x-fern-ignore` leaves out, and the `not`s that only constrain which properties
//! appear together (ignored by the types).

use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{Api, TypeKind};

/// Deprecated, beta and ignored parts of the spec.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Availability {
    /// Operations marked `deprecated: true` or `x-fern-availability: deprecated`.
    pub deprecated_operations: usize,
    /// Struct fields marked deprecated (either way).
    pub deprecated_fields: usize,
    /// Required deprecated fields of types the client decodes, read as `Option`
    /// (`Type.field`); empty under `--strict-deprecated`.
    pub relaxed_fields: Vec<String>,
    /// Operations marked `x-fern-availability: beta` (`group.method`).
    pub beta_operations: Vec<String>,
    /// Operations and properties marked `x-fern-ignore: true`, not in the client.
    pub ignored: Vec<String>,
    /// `not`s that only say which properties may not appear together (JSON pointers).
    pub unenforced: Vec<String>,
}

impl Availability {
    /// What `api` holds.
    pub fn of(api: &Api) -> Availability {
        let mut out = Availability {
            deprecated_operations: api.operations.iter().filter(|o| o.deprecated).count(),
            ignored: api
                .ignored
                .iter()
                .map(|i| format!("{} (#{})", i.what, i.pointer))
                .collect(),
            unenforced: api.unenforced.clone(),
            ..Availability::default()
        };
        for op in api.operations.iter().filter(|o| o.beta) {
            let mut name = op.group.clone();
            name.push(op.method.clone());
            out.beta_operations.push(format!(
                "{} ({} {})",
                name.join("."),
                op.http_method,
                op.path
            ));
        }
        for def in &api.types {
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            for f in &s.fields {
                out.deprecated_fields += usize::from(f.deprecated);
                if f.relaxed {
                    out.relaxed_fields.push(format!("{}.{}", def.name, f.wire));
                }
            }
        }
        out
    }

    /// The lines of the text report.
    pub fn write_text(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "deprecated: {} operations, {} fields ({} required ones read as optional)",
            self.deprecated_operations,
            self.deprecated_fields,
            self.relaxed_fields.len()
        );
        for f in &self.relaxed_fields {
            let _ = writeln!(out, "  {f}: required but deprecated, read as optional");
        }
        let _ = writeln!(
            out,
            "beta:       {} operations (x-fern-availability: beta)",
            self.beta_operations.len()
        );
        for o in &self.beta_operations {
            let _ = writeln!(out, "  {o}");
        }
        let _ = writeln!(
            out,
            "ignored:    {} left out of the client (x-fern-ignore)",
            self.ignored.len()
        );
        for i in &self.ignored {
            let _ = writeln!(out, "  {i}");
        }
        if !self.unenforced.is_empty() {
            let _ = writeln!(
                out,
                "not:        {} `not`s only say which properties may not appear together; the types ignore them",
                self.unenforced.len()
            );
            for p in &self.unenforced {
                let _ = writeln!(out, "  #{p}");
            }
        }
    }
}
