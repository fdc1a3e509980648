//! Parameters -> [`ir::Param`](crate::ir::Param): path, query, header and cookie ones, in
//! every `style` OpenAPI gives them (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`),
//! or described by `content` (JSON: the value's JSON text).

use openapiv3::{
    MediaType, Parameter, ParameterData, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
};

use super::super::naming::{self, Scope};
use super::super::schema::hint;
use super::super::Lowerer;
use super::is_header_name;
use super::media::is_json;
use crate::diag::Pointer;
use crate::ir::{Param, ParamLocation, ParamStyle, Type};

impl<'a> Lowerer<'a> {
    /// The parameters of an operation: those of its path item (`shared`) and its own.
    pub(super) fn params(
        &mut self,
        path: &str,
        shared: &'a [ReferenceOr<Parameter>],
        own: &'a [ReferenceOr<Parameter>],
        at: &Pointer,
        type_hint: &str,
    ) -> Vec<Param> {
        // Path-item parameters, then the operation's, which override by (name, location).
        let mut found: Vec<(&'a Parameter, Pointer)> = Vec::new();
        let item_at = Pointer::from_escaped(
            at.as_str()
                .rsplit_once('/')
                .map_or(at.as_str(), |(parent, _)| parent),
        );
        for (list, list_at) in [
            (shared, item_at.push("parameters")),
            (own, at.push("parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let here = list_at.push(i);
                let Some(p) = self.resolve(p, "parameters", |c| &c.parameters, &here) else {
                    continue;
                };
                let key = |q: &Parameter| {
                    let d = q.parameter_data_ref();
                    (d.name.clone(), std::mem::discriminant(q))
                };
                found.retain(|(q, _)| key(q) != key(p));
                found.push((p, here));
            }
        }

        let mut names = Scope::with_reserved(&["body", "options"]);
        let mut out: Vec<Param> = Vec::new();
        for (p, here) in &found {
            let mut style_of = ParamStyle::Plain;
            let (location, data) = match p {
                Parameter::Path {
                    parameter_data,
                    style,
                } => {
                    if *style != openapiv3::PathStyle::Simple {
                        self.sink.error(
                            &here.push("style"),
                            format!(
                                "path parameter style `{style:?}` is not supported; only `simple`"
                            ),
                        );
                    }
                    (ParamLocation::Path, parameter_data)
                }
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    style_of = match style {
                        QueryStyle::Form => ParamStyle::Plain,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    };
                    (ParamLocation::Query, parameter_data)
                }
                Parameter::Header { parameter_data, .. } => {
                    if !is_header_name(&parameter_data.name) {
                        self.sink.error(
                            &here.push("name"),
                            format!("`{}` is not a valid HTTP header name", parameter_data.name),
                        );
                        continue;
                    }
                    (ParamLocation::Header, parameter_data)
                }
                Parameter::Cookie { parameter_data, .. } => {
                    if !is_header_name(&parameter_data.name) {
                        self.sink.error(
                            &here.push("name"),
                            format!("`{}` is not a valid cookie name", parameter_data.name),
                        );
                        continue;
                    }
                    (ParamLocation::Cookie, parameter_data)
                }
            };
            let ParameterData {
                name: wire,
                description,
                required,
                deprecated: _,
                format,
                example: _,
                examples: _,
                explode,
                extensions: _,
            } = data;
            let ty = match format {
                ParameterSchemaOrContent::Schema(s) => {
                    self.value_type(s.into(), &here.push("schema"), &hint(type_hint, wire))
                }
                ParameterSchemaOrContent::Content(content) => {
                    let Some((ty, style)) = self.content_param(content, here, type_hint, wire)
                    else {
                        continue;
                    };
                    style_of = style;
                    ty
                }
            };
            let Some(name) = naming::value_name(wire) else {
                self.sink.error(
                    &here.push("name"),
                    format!("parameter name `{wire}` has no character usable in a Rust identifier"),
                );
                continue;
            };
            let idempotent = location == ParamLocation::Header && idempotency_header(wire);
            out.push(Param {
                name: names.claim(&name),
                wire: wire.clone(),
                location,
                ty,
                required: *required || location == ParamLocation::Path,
                // `form` explodes by default: `?id=1&id=2`; `explode: false` gives `?id=1,2`.
                explode: explode.unwrap_or(matches!(
                    location,
                    ParamLocation::Query | ParamLocation::Cookie
                )),
                style: style_of,
                idempotency_key: idempotent,
                doc: if idempotent && !*required {
                    Some(idempotency_doc(param_doc(
                        description.as_deref(),
                        format,
                        wire,
                    )))
                } else {
                    param_doc(description.as_deref(), format, wire)
                },
            });
        }

        // Path parameters follow the template; every `{name}` needs one.
        let template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        for name in &template {
            if !out
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == *name)
            {
                self.sink.error(
                    at,
                    format!("the path has `{{{name}}}` but the operation declares no path parameter `{name}`"),
                );
            }
        }
        for p in out.iter().filter(|p| p.location == ParamLocation::Path) {
            if !template.contains(&p.wire.as_str()) {
                self.sink.error(
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        p.wire
                    ),
                );
            }
        }
        let rank = |p: &Param| match p.location {
            ParamLocation::Path => template.iter().position(|t| *t == p.wire).unwrap_or(0),
            ParamLocation::Query => template.len(),
            ParamLocation::Header => template.len() + 1,
            ParamLocation::Cookie => template.len() + 2,
        };
        out.sort_by_key(rank);
        out
    }

    /// The type and style of a parameter described by `content`: a JSON media type gives the
    /// value's JSON text; a text one (`text/plain`) or `*/*` a plain value, as with `schema`.
    fn content_param(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        at: &Pointer,
        type_hint: &str,
        wire: &str,
    ) -> Option<(Type, ParamStyle)> {
        let found = content
            .iter()
            .find(|(m, _)| is_json(m))
            .map(|(m, t)| (m, t, ParamStyle::Json))
            .or_else(|| {
                content
                    .iter()
                    .find(|(m, _)| m.starts_with("text/") || m.starts_with("*/*"))
                    .map(|(m, t)| (m, t, ParamStyle::Plain))
            });
        let Some((media, MediaType { schema, .. }, style)) = found else {
            let kinds: Vec<&str> = content.keys().map(String::as_str).collect();
            self.sink.error(
                &at.push("content"),
                format!(
                    "parameters described by `content` of type `{}` are not supported; only JSON or text",
                    kinds.join("`, `")
                ),
            );
            return None;
        };
        let here = at.push("content").push(media).push("schema");
        let ty = match schema {
            Some(s) => self.value_type(s.into(), &here, &hint(type_hint, wire)),
            None if style == ParamStyle::Json => Type::Json,
            None => Type::String,
        };
        Some((ty, style))
    }
}

/// A parameter's description, else what its schema says (title, default).
fn param_doc(
    description: Option<&str>,
    format: &ParameterSchemaOrContent,
    wire: &str,
) -> Option<String> {
    let schema_doc = match format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
            super::super::schema::doc_of(&s.schema_data, wire)
        }
        _ => None,
    };
    match (
        description.map(str::trim).filter(|d| !d.is_empty()),
        schema_doc,
    ) {
        (Some(d), Some(s)) if s.starts_with("Defaults to") => Some(format!("{d}\n\n{s}")),
        (Some(d), _) => Some(d.to_owned()),
        (None, s) => s,
    }
}

/// The doc of an optional idempotency header: the spec's, and what the client sends without it.
fn idempotency_doc(doc: Option<String>) -> String {
    let note = "Left out, the client sends a new UUID v4, the same on every retry of the call.";
    match doc {
        Some(doc) => format!("{doc}\n\n{note}"),
        None => note.to_owned(),
    }
}

/// Whether a header of this name carries an idempotency key: `Idempotency-Key` (the IETF
/// draft's name), `x-idempotency-key`, `idempotency_key`, in any case.
fn idempotency_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase().replace('_', "-");
    name.strip_prefix("x-").unwrap_or(&name) == "idempotency-key"
}
