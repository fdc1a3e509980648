//! Diff: an API changelog between two versions of a spec, each change classified as breaking
//! or not for a client.
//!
//! Both documents go through [`load::parse`](crate::load::parse) and
//! [`normalize`](crate::normalize::normalize) and are checked against `openapiv3`, then the
//! normalized JSON values are walked side by side. The IR is not used: the changelog speaks of
//! the spec (paths, schemas, properties), which is what the vendor's changelog and the user's
//! review speak of too.
//!
//! ```text
//! old.yaml, new.yaml -> load + normalize -> walk (servers, security, paths, components/schemas)
//!   -> Vec<Change { subject, kind, breaking, side, pointer, message }>, sorted by subject
//!   -> Markdown (people) or JSON (tools)
//! ```
//!
//! What is compared, by subject:
//!
//! | subject | keyed by | compared |
//! |---|---|---|
//! | server | `x-fern-server-name`, else the URL | added, removed, URL / description |
//! | security | scheme name; the top-level requirement list | added, removed, changed |
//! | operation | path + method | added, removed, name (`operationId`, Fern SDK names), parameters (by `in` + `name`), request body, responses (by status, then media type), security, docs |
//! | schema | `components/schemas` name | added, removed, and inside: type, nullable, enum values, properties (added, removed, required), items, map values, union members, constraints, docs |
//!
//! # What is breaking
//!
//! A change is breaking when code written against the old client can fail against the new API,
//! on the wire or at compile time. Whether a schema change breaks depends on the direction the
//! schema travels, so each component schema gets a [`Usage`]: *read* when it is reachable by
//! `$ref` from a response (or a webhook payload, which the client receives), *write* when it is
//! reachable from a request body or parameter. A schema reachable from neither counts as both.
//!
//! | change | breaking when |
//! |---|---|
//! | operation, parameter, schema, property, server, security scheme removed | always |
//! | type changed (including `format`, a `$ref` target, union members) | always |
//! | enum value removed | always |
//! | enum value added | the enum is read and marked `x-junction-exhaustive` (other enums keep unknown values in `Other(String)`) |
//! | required parameter or request body added; parameter or body made required | always |
//! | property added as required, or made required | written |
//! | property made optional, or made nullable | read (a required deprecated property, which the client reads as optional already, excepted) |
//! | required property of a read schema deprecated (`deprecated: true`, `x-fern-availability: deprecated`) | always: the client now reads it as an `Option` |
//! | operation marked `x-fern-ignore` (not part of the client) | when the old client had it |
//! | property no longer nullable | written |
//! | success (2xx, `default`) response or its media type removed | always |
//! | the client method's name changes (`group.method` as the client names it: Fern SDK names, else the first tag and the shortened `operationId`) | always |
//! | a security scheme's type, location or header name changed | always |
//! | security requirements changed | a way to authenticate that was accepted is gone |
//! | operation added, optional property / parameter added, docs, examples, constraints | never |
//!
//! Every change carries an RFC 6901 pointer into the new document, or into the old one for
//! what was removed ([`Side`]). Pointers are into the normalized document; down to schemas,
//! properties, parameters and media types they are the same as in the file.
//!
//! The order is deterministic: changes are sorted by subject (servers, security, operations by
//! path then method, schemas by name); within one subject they follow the walk, which follows
//! document order. Webhooks are not compared as operations; the schemas they carry are.
//!
//! # Modules
//!
//! | module | job |
//! |---|---|
//! | this file | the entry points: load both documents, compare, report problems |
//! | `report.rs` | the report's types ([`Report`], [`Change`], [`Subject`], [`ChangeKind`]) and queries |
//! | `render.rs` | Markdown and JSON |
//! | `compare.rs` | the walk ([`compare()`]): servers, security, schemas; collects changes |
//! | `operation.rs`, `schema.rs` | the walk's comparison of operations and of schemas |
//! | `usage.rs` | which way each schema travels ([`Usage`]), and helpers over JSON values |
//! | `overlays.rs` | the overlays applied to both sides, and the actions that stopped matching |

mod compare;
mod operation;
mod overlays;
mod render;
mod report;
mod rust;
mod schema;
mod usage;
mod webhook;

use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Pointer};
use crate::overlay::{Applied, Overlay};

pub use compare::compare;
pub use overlays::{OverlayDrift, StaleAction};
pub use render::Format;
pub use report::{Change, ChangeKind, Compatibility, Report, Side, Subject, Summary, Version};
pub use rust::Bump;
pub use usage::{usage, Usage};

use compare::{changed_keys, Differ};
use usage::{entries, resolve, schema_ref, show};

/// The methods of a path item, in the order OpenAPI lists them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads both files and compares them. Errors name the file that could not be read or loaded.
pub fn diff_files(old: &Path, new: &Path) -> Result<Report, crate::Error> {
    diff_files_with(old, new, &[])
}

/// [`diff_files`] with `overlays` applied to both specs (see [`diff_with`]).
pub fn diff_files_with(
    old: &Path,
    new: &Path,
    overlays: &[Overlay],
) -> Result<Report, crate::Error> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
            path: path.display().to_string(),
            source,
        })
    };
    let (old_text, new_text) = (read(old)?, read(new)?);
    diff_with(
        &old.display().to_string(),
        &old_text,
        &new.display().to_string(),
        &new_text,
        overlays,
    )
    .map_err(crate::Error::Spec)
}

/// Compares two specs given as text (`old_file` and `new_file` name them in messages). Both
/// must load, normalize and read as OpenAPI; the problems of both are reported together.
pub fn diff(
    old_file: &str,
    old_text: &str,
    new_file: &str,
    new_text: &str,
) -> Result<Report, Diagnostics> {
    diff_with(old_file, old_text, new_file, new_text, &[])
}

/// [`diff`] with `overlays` applied, in order, to both specs before they are compared, so
/// that the report shows the vendor's changes and not the overlay's. With overlays the
/// report's [`Report::overlays`] lists them and the actions that selected nodes in the old
/// spec and none in the new one.
pub fn diff_with(
    old_file: &str,
    old_text: &str,
    new_file: &str,
    new_text: &str,
    overlays: &[Overlay],
) -> Result<Report, Diagnostics> {
    let old = load(old_file, old_text, overlays);
    let new = load(new_file, new_text, overlays);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let mut all = Vec::new();
            for result in [old, new] {
                if let Err(d) = result {
                    all.extend(d.0);
                }
            }
            return Err(Diagnostics(all));
        }
    };
    let ((old, old_applied), (new, new_applied)) = (old, new);
    let mut report = compare(old_file, &old, new_file, &new);
    if !overlays.is_empty() {
        report.overlays = Some(OverlayDrift::between(&old_applied, &new_applied));
    }
    Ok(report)
}

/// Parses, overlays, normalizes and checks one document (as [`crate::generate`] does up to
/// `lower`), with lines on the diagnostics.
fn load(
    file: &str,
    text: &str,
    overlays: &[Overlay],
) -> Result<(Value, Vec<Applied>), Diagnostics> {
    let mut value = crate::load::parse(file, text)?;
    let (applied, provenance) = crate::overlay::apply(&mut value, file, overlays)?;
    crate::normalize::normalize(&mut value);
    // Keyword shapes first: a wrong type deep in a schema makes openapiv3 backtrack for long.
    crate::check::check(file, &value).map_err(|mut d| {
        for d in &mut d.0 {
            provenance.place(d, file, text);
        }
        d
    })?;
    if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        let pointer = Pointer::from_serde_path(e.path());
        let mut d = Diagnostic {
            file: file.to_owned(),
            line: None,
            pointer: pointer.to_string(),
            column: None,
            message: format!("not a valid OpenAPI document: {}", e.inner()),
        };
        provenance.place(&mut d, file, text);
        return Err(Diagnostics(vec![d]));
    }
    Ok((value, applied))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc(paths: Value, schemas: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas},
        })
    }

    fn changes(old: &Value, new: &Value) -> Vec<(ChangeKind, bool, String)> {
        compare("old", old, "new", new)
            .changes
            .into_iter()
            .map(|c| (c.kind, c.breaking, c.pointer.to_string()))
            .collect()
    }

    /// A top-level group is a cargo feature of the generated crate: one that goes breaks a
    /// `Cargo.toml` naming it (Rust, not the wire); one that comes is an addition.
    #[test]
    fn groups_coming_and_going_are_features() {
        let op = |group: &str| {
            json!({"get": {"x-fern-sdk-group-name": group, "x-fern-sdk-method-name": "get",
                "responses": {"200": {"description": "ok"}}}})
        };
        let old = doc(json!({"/a": op("users"), "/b": op("orders")}), json!({}));
        let new = doc(json!({"/a": op("users"), "/c": op("links")}), json!({}));
        let report = compare("old", &old, "new", &new);
        let features: Vec<(String, ChangeKind, bool, bool)> = report
            .changes
            .iter()
            .filter_map(|c| match &c.subject {
                Subject::Feature { name } => {
                    Some((name.clone(), c.kind, c.breaking, c.breaks_rust))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            features,
            [
                ("links".to_owned(), ChangeKind::FeatureAdded, false, false),
                ("orders".to_owned(), ChangeKind::FeatureRemoved, false, true),
            ]
        );
        let markdown = report.to_markdown();
        assert!(markdown.contains("## Cargo features"), "{markdown}");
        assert!(markdown.contains("`orders`"), "{markdown}");
    }

    #[test]
    fn signatures_name_the_shape() {
        let cases = [
            (json!({"type": "string", "format": "uuid"}), "string (uuid)"),
            (json!({"$ref": "#/components/schemas/A"}), "A"),
            (json!({"allOf": [{"$ref": "#/components/schemas/A"}]}), "A"),
            (
                json!({"type": "array", "items": {"$ref": "#/components/schemas/A"}}),
                "array of A",
            ),
            (
                json!({"type": "object", "additionalProperties": {"type": "integer"}}),
                "map of integer",
            ),
            (
                json!({"type": "object", "properties": {"a": {}}, "additionalProperties": {}}),
                "object",
            ),
            (
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
                "anyOf(string, integer)",
            ),
            (json!({"enum": ["a"]}), "string"),
            (json!({"x-null": true}), "null"),
            (json!({}), "any"),
            (json!(true), "any"),
            (json!("not a schema"), "any"),
        ];
        for (schema, expected) in cases {
            assert_eq!(schema::signature(&schema), expected, "{schema}");
        }
    }

    #[test]
    fn usage_follows_refs_through_components_and_webhooks() {
        let mut d = doc(
            json!({"/a": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "post": {
                    "requestBody": {"$ref": "#/components/requestBodies/B"},
                    "responses": {"200": {"$ref": "#/components/responses/R"}},
                },
            }}),
            json!({
                "Param": {"type": "string"},
                "Body": {"properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
                "Inner": {"type": "string"},
                "Out": {"type": "array", "items": {"$ref": "#/components/schemas/Inner"}},
                "Hook": {"type": "object"},
                "Unused": {"type": "object"},
            }),
        );
        let c = d["components"].as_object_mut().unwrap();
        c.insert("parameters".into(), json!({"P": {"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/Param"}}}));
        c.insert("requestBodies".into(), json!({"B": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}}}));
        c.insert("responses".into(), json!({"R": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}}));
        d["x-webhooks"] = json!({"hook": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Hook"}}}}}}});
        let u = usage(&d);
        let get = |n: &str| u.get(n).map(|u| (u.read, u.write));
        assert_eq!(get("Param"), Some((false, true)));
        assert_eq!(get("Body"), Some((false, true)));
        assert_eq!(get("Inner"), Some((true, true)));
        assert_eq!(get("Out"), Some((true, false)));
        assert_eq!(get("Hook"), Some((true, false)));
        assert_eq!(get("Unused"), None);
    }

    #[test]
    fn a_shared_parameter_change_points_at_the_component() {
        let with = |required: bool| {
            let mut d = doc(
                json!({"/a": {"get": {
                    "parameters": [{"$ref": "#/components/parameters/Limit"}],
                    "responses": {},
                }}}),
                json!({}),
            );
            d["components"]["parameters"] = json!({"Limit": {
                "name": "limit", "in": "query", "required": required,
                "schema": {"type": "integer"},
            }});
            d
        };
        assert_eq!(
            changes(&with(false), &with(true)),
            [(
                ChangeKind::ParameterMadeRequired,
                true,
                "/components/parameters/Limit".to_owned()
            )]
        );
    }

    #[test]
    fn an_operation_parameter_overrides_the_path_level_one() {
        let old = doc(
            json!({"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"responses": {}},
            }}),
            json!({}),
        );
        let new = doc(
            json!({"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                    "responses": {},
                },
            }}),
            json!({}),
        );
        assert_eq!(
            changes(&old, &new),
            [(
                ChangeKind::TypeChanged,
                true,
                "/paths/~1a~1{id}/get/parameters/0/schema".to_owned()
            )]
        );
    }

    #[test]
    fn unused_schemas_count_as_read_and_written() {
        let old = doc(json!({}), json!({"A": {"properties": {"a": {}}}}));
        let new = doc(
            json!({}),
            json!({"A": {"properties": {"a": {}, "b": {}}, "required": ["a", "b"]}}),
        );
        let got = changes(&old, &new);
        assert_eq!(
            got.iter().map(|c| (c.0, c.1)).collect::<Vec<_>>(),
            [
                (ChangeKind::PropertyMadeRequired, true),
                (ChangeKind::PropertyAdded, true)
            ]
        );
    }

    #[test]
    fn shapes_it_does_not_expect_are_skipped_without_a_panic() {
        let odd = [
            json!(null),
            json!([1, 2]),
            json!({"paths": [1], "components": {"schemas": []}}),
            json!({"paths": {"/a": 5, "/b": {"get": 7, "post": {"parameters": {"x": 1}, "responses": [], "requestBody": "x"}}}}),
            json!({"components": {"schemas": {"A": 7, "B": {"properties": 3, "required": "x", "enum": 4, "items": []}}}}),
            json!({"servers": {"a": 1}, "security": "x", "components": {"securitySchemes": []}}),
            json!({"paths": {"/a": {"$ref": "#/paths/~1a"}}}),
        ];
        for a in &odd {
            for b in &odd {
                let report = compare("a", a, "b", b);
                let _ = (report.to_markdown(), report.to_json());
            }
        }
    }

    #[test]
    fn changes_are_sorted_by_subject() {
        let old = doc(
            json!({"/b": {"get": {"responses": {}}}, "/a": {"get": {"responses": {}}}}),
            json!({"Z": {}, "A": {}}),
        );
        let new = doc(json!({}), json!({}));
        let subjects: Vec<String> = compare("old", &old, "new", &new)
            .changes
            .iter()
            .map(|c| c.subject.to_string())
            .collect();
        assert_eq!(subjects, ["`GET /a`", "`GET /b`", "`A`", "`Z`"]);
    }
}
