//! Operations -> [`ir::Operation`](crate::ir::Operation).
//!
//! - Group and method: `x-fern-sdk-group-name` (a string, or a list for nested groups) and
//!   `x-fern-sdk-method-name`; without them, the first tag and the operationId with FastAPI's
//!   `{path}_{method}` tail and the group's name taken off (`patch_user_v2_user__user_id__patch`
//!   in group `user` -> `patch`); without an operationId, the method and the path's words.
//! - Parameters ([`params`]): path ones in template order, then query, header and cookie ones;
//!   path-item parameters first, overridden by the operation's own of the same name and place.
//! - Bodies and responses ([`media`]): which media type of several is used, and how.

mod media;
mod params;

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{PathItem, ReferenceOr};

use super::naming::{self, Scope};
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::{Operation, ParamLocation, Success};

pub(crate) use media::is_json;

/// Method names the generated group clients already use.
const RESERVED_METHODS: &[&str] = &["builder", "new", "clone"];

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
                if super::schema::fern_ignored(&op.extensions) {
                    self.ignored.push(crate::ir::Ignored {
                        pointer: at.push(method).to_string(),
                        what: format!("{} {path}", method.to_ascii_uppercase()),
                    });
                    continue;
                }
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
        let availability = extensions
            .get("x-fern-availability")
            .and_then(|v| v.as_str());
        let beta = matches!(
            availability,
            Some("beta" | "pre-release" | "in-development")
        );
        Some(Operation {
            group,
            method: method_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            pointer: at.to_string(),
            doc,
            deprecated: *deprecated || super::schema::fern_deprecated(extensions),
            beta,
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
}

/// The client's name for an operation given as JSON (for `diff`): `group.method` as the
/// lowering names it (Fern SDK names, else the first tag and the shortened operationId), before
/// a name taken twice in a group gets its suffix.
pub(crate) fn client_method(op: &serde_json::Value, method: &str, path: &str) -> String {
    let raw: Vec<String> = match op.get("x-fern-sdk-group-name") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect(),
        _ => op
            .pointer("/tags/0")
            .and_then(|t| t.as_str())
            .map(str::to_owned)
            .into_iter()
            .collect(),
    };
    let mut names: Vec<String> = raw
        .iter()
        .filter_map(|part| naming::value_name(part))
        .map(|n| naming::unraw(&n).to_owned())
        .collect();
    let name = match op.get("x-fern-sdk-method-name").and_then(|v| v.as_str()) {
        Some(name) => naming::value_name(name),
        None => naming::value_name(&fallback_method(
            op.get("operationId").and_then(|v| v.as_str()),
            method,
            path,
            &names,
        )),
    };
    let name = name.or_else(|| naming::value_name(&format!("{method} {path}")));
    names.push(name.map_or_else(|| "?".to_owned(), |n| naming::unraw(&n).to_owned()));
    names.join(".")
}

/// Whether `name` is an HTTP header name (RFC 9110 `token`).
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
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
