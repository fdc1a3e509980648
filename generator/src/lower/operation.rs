//! Operations -> [`ir::Operation`](crate::ir::Operation).
//!
//! - Group and method: `x-fern-sdk-group-name` (a string, or a list for nested groups) and
//!   `x-fern-sdk-method-name`; without them, the first tag and the operationId with FastAPI's
//!   `{path}_{method}` tail and the group's name taken off (`patch_user_v2_user__user_id__patch`
//!   in group `user` -> `patch`); without an operationId, the method and the path's words.
//! - Parameters: path ones in template order, then query, then header; path-item parameters
//!   first, overridden by the operation's own of the same name and place.
//! - Responses: the first 2xx decides what a success returns (nothing, a JSON type, or a
//!   byte stream for binary media types and `x-fern-streaming`); 4xx/5xx with a JSON body give
//!   the typed errors.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{
    MediaType, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Response, StatusCode,
};

use super::naming::{self, Scope};
use super::schema::hint;
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::UntypedReason;
use crate::ir::{
    Body, BodyEncoding, ErrorResponse, Operation, Param, ParamLocation, Success, Type, TypeDef,
    TypeId, TypeKind,
};

/// Method names the generated group clients already use.
const RESERVED_METHODS: &[&str] = &["builder", "new", "clone"];

/// Whether a media type is JSON: `application/json` or any `+json` type, parameters aside.
pub(crate) fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim();
    essence == "application/json" || essence.ends_with("+json")
}

impl<'a> Lowerer<'a> {
    pub(crate) fn lower_operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let mut scopes: BTreeMap<Vec<String>, Scope> = BTreeMap::new();
        let mut out = Vec::new();
        let paths_at = Pointer::root().push("paths");
        for (path, item) in &doc.paths.paths {
            let at = paths_at.push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.sink
                        .error(&at, "a `$ref` to a path item is not supported");
                    continue;
                }
            };
            for (method, op) in item.iter() {
                if let Some(op) =
                    self.operation(path, method, item, op, &at.push(method), &mut scopes)
                {
                    out.push(op);
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'a PathItem,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        scopes: &mut BTreeMap<Vec<String>, Scope>,
    ) -> Option<Operation> {
        let openapiv3::Operation {
            tags,
            summary,
            description,
            external_docs: _,
            operation_id,
            parameters,
            request_body,
            responses,
            callbacks: _,
            deprecated,
            security,
            servers: _,
            extensions,
        } = op;
        let group = self.group(extensions, tags, at);
        let method_name = match extensions
            .get("x-fern-sdk-method-name")
            .and_then(|v| v.as_str())
        {
            Some(name) => naming::value_name(name),
            None => naming::value_name(&fallback_method(
                operation_id.as_deref(),
                method,
                path,
                &group,
            )),
        };
        // A name with no ASCII letter or digit: the method and the path's words (`get`).
        let method_name = method_name.or_else(|| naming::value_name(&format!("{method} {path}")));
        let Some(method_name) = method_name else {
            self.sink.error(
                at,
                "the operation's name has no character usable in a Rust identifier",
            );
            return None;
        };
        let method_name = scopes
            .entry(group.clone())
            .or_insert_with(|| Scope::with_reserved(RESERVED_METHODS))
            .claim(&method_name);
        let type_hint = format!(
            "{}{}",
            group
                .last()
                .map(|g| g.to_upper_camel_case())
                .unwrap_or_default(),
            method_name.trim_start_matches("r#").to_upper_camel_case()
        );
        let params = self.params(path, &item.parameters, parameters, at, &type_hint);
        let body = request_body
            .as_ref()
            .and_then(|b| self.body(b, &at.push("requestBody"), &type_hint));
        let (success, errors) =
            self.responses(responses, extensions, &at.push("responses"), &type_hint);
        let mut success = success;
        let mut params = params;
        if let Success::JsonOrDownload {
            download_method, ..
        } = &mut success
        {
            *download_method = scopes
                .entry(group.clone())
                .or_insert_with(|| Scope::with_reserved(RESERVED_METHODS))
                .claim(&format!("{}_download", naming::unraw(&method_name)));
        }
        if matches!(
            success,
            Success::Download { .. } | Success::JsonOrDownload { .. }
        ) {
            // The client sets `Accept` itself for each of the two answers.
            params.retain(|p| {
                !(p.location == ParamLocation::Header && p.wire.eq_ignore_ascii_case("accept"))
            });
        }
        let doc = match (summary, description) {
            (Some(s), Some(d)) => Some(format!("{}\n\n{}", s.trim(), d.trim())),
            (Some(s), None) => Some(s.trim().to_owned()),
            (None, Some(d)) => Some(d.trim().to_owned()),
            (None, None) => None,
        };
        Some(Operation {
            group,
            method: method_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            pointer: at.to_string(),
            doc,
            deprecated: *deprecated,
            params,
            body,
            success,
            errors,
            pagination: None,
            security: security
                .as_ref()
                .map(|s| self.requirements(s, &at.push("security"))),
        })
    }

    fn group(
        &mut self,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
        tags: &[String],
        at: &Pointer,
    ) -> Vec<String> {
        let raw: Vec<String> = match extensions.get("x-fern-sdk-group-name") {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(parts)) => parts
                .iter()
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                self.sink.error(
                    &at.push("x-fern-sdk-group-name"),
                    "`x-fern-sdk-group-name` must be a string or a list of strings",
                );
                Vec::new()
            }
            None => tags.first().cloned().into_iter().collect(),
        };
        // A group name with no ASCII letter or digit (`名前`) names no group: its operations
        // stay on the group above (the client itself for a one-part name).
        raw.iter()
            .filter_map(|part| naming::value_name(part))
            .map(|n| naming::unraw(&n).to_owned())
            .collect()
    }

    fn params(
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
                    if *style != openapiv3::QueryStyle::Form {
                        self.sink.error(
                            &here.push("style"),
                            format!(
                                "query parameter style `{style:?}` is not supported; only `form`"
                            ),
                        );
                    }
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
                Parameter::Cookie { .. } => {
                    self.sink.error(here, "cookie parameters are not supported");
                    continue;
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
                ParameterSchemaOrContent::Content(_) => {
                    self.sink.error(
                        &here.push("content"),
                        "parameters described by `content` are not supported; use `schema`",
                    );
                    continue;
                }
            };
            let Some(name) = naming::value_name(wire) else {
                self.sink.error(
                    &here.push("name"),
                    format!("parameter name `{wire}` has no character usable in a Rust identifier"),
                );
                continue;
            };
            out.push(Param {
                name: names.claim(&name),
                wire: wire.clone(),
                location,
                ty,
                required: *required || location == ParamLocation::Path,
                // `form` explodes by default: `?id=1&id=2`; `explode: false` gives `?id=1,2`.
                explode: explode.unwrap_or(location == ParamLocation::Query),
                doc: param_doc(description.as_deref(), format, wire),
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
        };
        out.sort_by_key(rank);
        out
    }

    fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        at: &Pointer,
        type_hint: &str,
    ) -> Option<Body> {
        let body = self.resolve(body, "requestBodies", |c| &c.request_bodies, at)?;
        let RequestBody {
            description: _,
            content,
            required,
            extensions: _,
        } = body;
        let found = content
            .iter()
            .find(|(m, _)| is_json(m))
            .map(|(m, t)| (m, t, BodyEncoding::Json))
            .or_else(|| {
                content
                    .iter()
                    .find(|(m, _)| m.starts_with("multipart/form-data"))
                    .map(|(m, t)| (m, t, BodyEncoding::Multipart))
            })
            .or_else(|| {
                content
                    .iter()
                    .find(|(m, _)| m.starts_with("application/x-www-form-urlencoded"))
                    .map(|(m, t)| (m, t, BodyEncoding::UrlEncoded))
            });
        let Some((media, MediaType { schema, .. }, encoding)) = found else {
            let kinds: Vec<&str> = content.keys().map(String::as_str).collect();
            self.sink.error(
                &at.push("content"),
                format!(
                    "request bodies of type `{}` are not supported",
                    kinds.join("`, `")
                ),
            );
            return None;
        };
        let here = at.push("content").push(media).push("schema");
        let ty = match schema {
            Some(s) => self.value_type(s.into(), &here, &format!("{type_hint}Body")),
            None => self.untyped(&here, UntypedReason::NoSchema),
        };
        if encoding == BodyEncoding::Multipart && !matches!(ty, Type::Named(_)) {
            self.sink
                .error(&here, "a multipart body must be an object schema");
            return None;
        }
        Some(Body {
            ty,
            required: *required,
            encoding,
        })
    }

    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
        at: &Pointer,
        type_hint: &str,
    ) -> (Success, Vec<ErrorResponse>) {
        let streaming = extensions.get("x-fern-streaming") == Some(&serde_json::Value::Bool(true));
        let mut success = None;
        let mut errors = Vec::new();
        for (code, response) in &responses.responses {
            let here = at.push(code);
            let status = match code {
                StatusCode::Code(n) => *n,
                StatusCode::Range(n) => *n * 100,
            };
            let Some(response) = self.resolve(response, "responses", |c| &c.responses, &here)
            else {
                continue;
            };
            let Response { content, .. } = response;
            if (200..300).contains(&status) {
                if success.is_none() {
                    success = Some(self.success(content, streaming, &here, type_hint));
                }
            } else if status >= 400 {
                let Some((media, m)) = content.iter().find(|(m, _)| is_json(m)) else {
                    continue;
                };
                let Some(schema) = &m.schema else { continue };
                let schema_at = here.push("content").push(media).push("schema");
                let ty = self.value_type(
                    schema.into(),
                    &schema_at,
                    &format!("{type_hint}Error{status}"),
                );
                let id = match ty {
                    Type::Named(id) => id,
                    other => {
                        self.error_alias(other, &schema_at, &format!("{type_hint}Error{status}"))
                    }
                };
                errors.push(ErrorResponse { status, ty: id });
            }
        }
        (success.unwrap_or(Success::Empty), errors)
    }

    /// What a 2xx response gives: nothing, a JSON type, a download, or both a JSON type and a
    /// download chosen by the `Accept` header. A JSON media type with an empty schema beside a
    /// binary one (Junction's PDF endpoints) does not count as JSON.
    fn success(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        streaming: bool,
        at: &Pointer,
        type_hint: &str,
    ) -> Success {
        let binary = content.keys().find(|m| !is_json(m)).cloned();
        let json = content.iter().find(|(m, t)| {
            is_json(m) && !(binary.is_some() && t.schema.as_ref().is_none_or(is_empty_schema))
        });
        match (json, binary) {
            _ if content.is_empty() => Success::Empty,
            (None, Some(media_type)) => Success::Download { media_type },
            (None, None) => Success::Empty,
            (Some(_), Some(media_type)) if streaming => Success::Download { media_type },
            (Some((media, m)), download) => {
                let ty = match &m.schema {
                    Some(s) => self.value_type(
                        s.into(),
                        &at.push("content").push(media).push("schema"),
                        &format!("{type_hint}Response"),
                    ),
                    None => self.untyped(&at.push("content").push(media), UntypedReason::NoSchema),
                };
                match download {
                    Some(media_type) => Success::JsonOrDownload {
                        ty,
                        media_type,
                        download_method: String::new(),
                    },
                    None => Success::Json(ty),
                }
            }
        }
    }

    /// A named alias for an error body that is not a named type already.
    fn error_alias(&mut self, ty: Type, at: &Pointer, name_hint: &str) -> TypeId {
        let name = self.type_names.claim(name_hint);
        self.types.push(TypeDef {
            name,
            pointer: at.to_string(),
            doc: None,
            deprecated: false,
            in_request: false,
            form: false,
            kind: TypeKind::Alias(ty),
        });
        TypeId(self.types.len() - 1)
    }
}

/// Whether `name` is an HTTP header name (RFC 9110 `token`).
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A parameter's description, else what its schema says (title, default).
fn param_doc(
    description: Option<&str>,
    format: &ParameterSchemaOrContent,
    wire: &str,
) -> Option<String> {
    let schema_doc = match format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
            super::schema::doc_of(&s.schema_data, wire)
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

/// `{}`: a schema that allows anything.
fn is_empty_schema(s: &ReferenceOr<openapiv3::Schema>) -> bool {
    matches!(s, ReferenceOr::Item(schema) if *schema == openapiv3::Schema {
        schema_data: Default::default(),
        schema_kind: openapiv3::SchemaKind::Any(Default::default()),
    })
}

/// A method name from the operationId (FastAPI's `{name}{path}_{method}` trimmed to `{name}`,
/// then the group's name dropped), or from the method and the path's literal words.
fn fallback_method(
    operation_id: Option<&str>,
    method: &str,
    path: &str,
    group: &[String],
) -> String {
    let Some(id) = operation_id else {
        let words: Vec<&str> = path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .collect();
        return format!("{method}_{}", words.join("_")).to_snake_case();
    };
    let fastapi_tail: String = format!("{path}_{method}")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let base = id
        .strip_suffix(&fastapi_tail)
        .filter(|b| !b.is_empty())
        .unwrap_or(id)
        .to_snake_case();
    let Some(g) = group.last() else { return base };
    let g = g.to_snake_case();
    base.strip_suffix(&format!("_{g}"))
        .or_else(|| base.strip_prefix(&format!("{g}_")))
        .filter(|s| !s.is_empty())
        .map_or(base.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::fallback_method;

    #[test]
    fn fastapi_operation_ids_shorten() {
        let g = vec!["user".to_owned()];
        assert_eq!(
            fallback_method(
                Some("patch_user_v2_user__user_id__patch"),
                "patch",
                "/v2/user/{user_id}",
                &g
            ),
            "patch"
        );
        assert_eq!(
            fallback_method(Some("listThings"), "get", "/things", &[]),
            "list_things"
        );
        assert_eq!(
            fallback_method(None, "get", "/v2/user/{id}/devices", &[]),
            "get_v2_user_devices"
        );
    }
}
