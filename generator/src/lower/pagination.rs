//! Which operations are paged, and how -> [`ir::Pagination`](crate::ir::Pagination).
//!
//! ```text
//! x-fern-pagination:                        ir::Pagination {
//!   cursor: $request.cursor          ->       param: cursor, form: Cursor { next: next },
//!   next_cursor: $response.next               results: data (item type User) }
//!   results: $response.data
//! GET /v2/user?offset&limit -> {users, total, offset}   (inferred)
//!                                    ->     param: offset, form: Offset { advance: Items,
//!                                             total, at: offset }, results: users
//! ```
//!
//! Fern's extension, as its OpenAPI importer reads it (`getFernPaginationExtension` in
//! fern-api/fern, `packages/cli/api-importers/openapi/openapi-ir-parser/src/openapi/v3/
//! extensions/getPaginationExtension.ts`, and <https://buildwithfern.com/learn/api-definitions/
//! openapi/extensions/pagination>):
//!
//! - on an operation, an object: `cursor` + `next_cursor` + `results` (cursor form), or
//!   `offset` + `results`, with `step` and `has-next-page` where given (offset form). Without
//!   `step` the offset moves by one per page (a page number); with it, by the step parameter's
//!   value (an offset of items). `next_uri`, `next_path` and `type: custom` are Fern forms this
//!   generator does not support (an error).
//! - `x-fern-pagination: true` on an operation takes the document-level object (Fern: "paths
//!   can inherit the configuration by setting the extension to true"); it is not a request to
//!   infer one. A document-level `true` is an error, as in Fern. This generator also reads the
//!   extension on a path item, for the operations under it that have none of their own.
//! - paths are `$request.NAME` (a query parameter; Fern also allows a request body field, not
//!   supported here) and `$response.a.b` (fields of the JSON response, by wire name).
//!
//! Without the extension, when inference is on (the default; `Settings::infer_pagination`),
//! the pattern the Junction API uses is recognised from names: an optional query parameter and
//! a response field that pair up, in this order:
//!
//! | form   | request (optional query)        | response                         | moves by |
//! |--------|---------------------------------|----------------------------------|----------|
//! | cursor | `next_cursor`, else `cursor`    | `next_cursor`                    | cursor   |
//! | offset | `offset` and `limit`            | `total`, a list of results       | items    |
//! | page   | `page` and `size`               | `total` or `pages`               | one page |
//!
//! A list of results is the response's one array field, when it has exactly one. `x-fern-
//! pagination: false` on an operation turns inference off for it.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};
use serde_json::Value;

use super::naming::{self, Scope};
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::{
    FieldPath, FieldStep, Operation, PageAdvance, PageForm, Pagination, PaginationSource, Param,
    ParamLocation, Presence, Struct, Success, Type, TypeDef, TypeKind,
};

const EXTENSION: &str = "x-fern-pagination";

/// What a field or parameter must be.
#[derive(Clone, Copy)]
enum Want {
    /// A cursor: a string or an integer.
    Cursor,
    /// An integer.
    Integer,
    /// A boolean.
    Flag,
    /// A list; the path's leaf is then its item type.
    List,
}

impl Want {
    fn accepts(self, t: &Type) -> bool {
        match self {
            Want::Cursor => matches!(t, Type::String | Type::I32 | Type::I64),
            Want::Integer => matches!(t, Type::I32 | Type::I64),
            Want::Flag => *t == Type::Bool,
            Want::List => matches!(t, Type::Vec(_)),
        }
    }

    fn words(self) -> &'static str {
        match self {
            Want::Cursor => "a string or an integer",
            Want::Integer => "an integer",
            Want::Flag => "a boolean",
            Want::List => "an array",
        }
    }
}

/// A query parameter's type with a nullable wrapping taken off: the params struct holds
/// `Option<T>` either way.
fn base(t: &Type) -> &Type {
    match t {
        Type::Option(inner) => inner,
        other => other,
    }
}

impl Lowerer<'_> {
    /// Records the pagination of every operation; `infer` recognises Junction's pattern where
    /// the spec has no `x-fern-pagination`.
    pub(crate) fn paginate(&mut self, operations: &mut [Operation], infer: bool) {
        // The stream methods take names no method of their group has.
        let mut scopes: BTreeMap<Vec<String>, Scope> = BTreeMap::new();
        for op in operations.iter() {
            let scope = scopes.entry(op.group.clone()).or_default();
            scope.claim(&op.method);
            if let Success::JsonOrDownload {
                download_method, ..
            } = &op.success
            {
                scope.claim(download_method);
            }
        }
        for op in operations.iter_mut() {
            let Some(mut pagination) = self.pagination_of(op, infer) else {
                continue;
            };
            let scope = scopes.entry(op.group.clone()).or_default();
            let method = naming::unraw(&op.method);
            pagination.pages_method = scope.claim(&format!("{method}_pages"));
            pagination.items_method = pagination
                .results
                .is_some()
                .then(|| scope.claim(&format!("{method}_items")));
            op.pagination = Some(pagination);
        }
    }

    fn pagination_of(&mut self, op: &Operation, infer: bool) -> Option<Pagination> {
        let doc = self.doc;
        let item = doc.paths.paths.get(&op.path)?.as_item()?;
        let method = op.http_method.to_ascii_lowercase();
        let (_, spec_op) = item.iter().find(|(m, _)| *m == method)?;
        let op_at = Pointer::from_escaped(&op.pointer);
        let item_at = Pointer::root().push("paths").push(&op.path);
        let (config, source, at) = match (
            spec_op.extensions.get(EXTENSION),
            item.extensions.get(EXTENSION),
        ) {
            (Some(v), _) => (v, PaginationSource::Operation, op_at.push(EXTENSION)),
            (None, Some(v)) => (v, PaginationSource::PathItem, item_at.push(EXTENSION)),
            (None, None) if infer => return self.infer(op),
            (None, None) => return None,
        };
        match config {
            Value::Bool(false) => None,
            Value::Bool(true) => match doc.extensions.get(EXTENSION) {
                Some(global @ Value::Object(_)) => self.fern(
                    op,
                    global,
                    PaginationSource::Document,
                    &Pointer::root().push(EXTENSION),
                ),
                Some(_) => {
                    self.sink.error(
                        &Pointer::root().push(EXTENSION),
                        "the document-level `x-fern-pagination` must be an object (only an \
                         operation may say `true`, to take it up)",
                    );
                    None
                }
                None => {
                    self.sink.error(
                        &at,
                        "`x-fern-pagination: true` takes up the document-level \
                         `x-fern-pagination`, which the document does not have",
                    );
                    None
                }
            },
            Value::Object(_) => self.fern(op, config, source, &at),
            _ => {
                self.sink.error(
                    &at,
                    "`x-fern-pagination` must be an object (`cursor`, `next_cursor`, `results`; \
                     or `offset`, `results`) or `true`",
                );
                None
            }
        }
    }

    /// The pagination a Fern `x-fern-pagination` object gives, or located errors.
    fn fern(
        &mut self,
        op: &Operation,
        config: &Value,
        source: PaginationSource,
        at: &Pointer,
    ) -> Option<Pagination> {
        let text = |key: &str| config.get(key).and_then(Value::as_str);
        for key in ["next_uri", "next_path", "type"] {
            if config.get(key).is_some() {
                self.sink.error(
                    &at.push(key),
                    format!(
                        "`x-fern-pagination` with `{key}` is not supported; only the `cursor` \
                         form (`cursor`, `next_cursor`, `results`) and the `offset` form \
                         (`offset`, `results`, `step`, `has-next-page`)"
                    ),
                );
                return None;
            }
        }
        let Some(results) = text("results") else {
            self.sink.error(
                at,
                "`x-fern-pagination` must give `results` (e.g. `$response.data`)",
            );
            return None;
        };
        let results = self.fern_response(op, results, Want::List, &at.push("results"));
        let (param, form) = if let Some(cursor) = text("cursor") {
            let Some(next) = text("next_cursor") else {
                self.sink.error(
                    at,
                    "a `cursor` in `x-fern-pagination` needs the `next_cursor` it is read from",
                );
                return None;
            };
            let param = self.fern_request(op, cursor, Want::Cursor, &at.push("cursor"))?;
            let next = self.fern_response(op, next, Want::Cursor, &at.push("next_cursor"))?;
            if next.leaf != *base(&param.ty) {
                self.sink.error(
                    &at.push("next_cursor"),
                    format!(
                        "`next_cursor` and the parameter `{}` have different types",
                        param.wire
                    ),
                );
                return None;
            }
            (param, PageForm::Cursor { next })
        } else if let Some(offset) = text("offset") {
            let param = self.fern_request(op, offset, Want::Integer, &at.push("offset"))?;
            let step = match text("step") {
                Some(step) => Some(self.fern_request(op, step, Want::Integer, &at.push("step"))?),
                None => None,
            };
            let has_next = match text("has-next-page") {
                Some(path) => {
                    Some(self.fern_response(op, path, Want::Flag, &at.push("has-next-page"))?)
                }
                None => None,
            };
            // A page number counts from 1; an offset of items from 0.
            let origin = self
                .param_default(op, &param.wire)
                .unwrap_or(if step.is_some() { 0 } else { 1 });
            let advance = match step {
                Some(step) => PageAdvance::Step(step.name.clone()),
                None => PageAdvance::Pages,
            };
            let form = PageForm::Offset {
                origin,
                advance,
                has_next,
                total: None,
                pages: None,
                size: None,
                at: None,
            };
            (param, form)
        } else {
            self.sink.error(
                at,
                "`x-fern-pagination` must give `cursor` and `next_cursor`, or `offset`",
            );
            return None;
        };
        Some(Pagination {
            source,
            param: param.name.clone(),
            param_wire: param.wire.clone(),
            form,
            results: Some(results?),
            pages_method: String::new(),
            items_method: None,
        })
    }

    /// `$request.NAME`: an optional query parameter of the operation.
    fn fern_request<'o>(
        &mut self,
        op: &'o Operation,
        text: &str,
        want: Want,
        at: &Pointer,
    ) -> Option<&'o Param> {
        let Some(name) = text.strip_prefix("$request.") else {
            self.sink.error(
                at,
                format!("`{text}` must name a request parameter, as `$request.NAME`"),
            );
            return None;
        };
        let found = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.wire == name);
        let problem = match found {
            None if name.contains('.') || op.body.is_some() => format!(
                "`{text}` is not a query parameter of the operation; a position in the request \
                 body is not supported"
            ),
            None => format!("the operation has no query parameter `{name}`"),
            Some(p) if p.required => format!(
                "the query parameter `{name}` is required; the position of a page must be an \
                 optional parameter"
            ),
            Some(p) if !want.accepts(base(&p.ty)) => format!(
                "the query parameter `{name}` must be {} to carry the position",
                want.words()
            ),
            Some(p) => return Some(p),
        };
        self.sink.error(at, problem);
        None
    }

    /// `$response.a.b`: a field of the JSON response.
    fn fern_response(
        &mut self,
        op: &Operation,
        text: &str,
        want: Want,
        at: &Pointer,
    ) -> Option<FieldPath> {
        let found = match text.strip_prefix("$response.") {
            Some(path) => self.response_field(op, &path.split('.').collect::<Vec<_>>(), want),
            None => Err(format!(
                "`{text}` must name a response field, as `$response.NAME`"
            )),
        };
        found.map_err(|message| self.sink.error(at, message)).ok()
    }

    /// The field at `path` (wire names) of the operation's JSON response, which must be `want`.
    fn response_field(
        &self,
        op: &Operation,
        path: &[&str],
        want: Want,
    ) -> Result<FieldPath, String> {
        let mut ty = match &op.success {
            Success::Json(t) | Success::JsonOrDownload { ty: t, .. } => t.clone(),
            _ => return Err("the operation has no JSON response to read pages from".to_owned()),
        };
        let mut steps = Vec::new();
        for (i, wire) in path.iter().enumerate() {
            let Some((def, s)) = self.struct_of(&ty) else {
                return Err(format!(
                    "`{}` is not an object, so it has no field `{wire}`",
                    dotted(&path[..i])
                ));
            };
            let Some(field) = s.fields.iter().find(|f| f.wire == *wire) else {
                return Err(format!(
                    "the response has no field `{}`",
                    dotted(&path[..=i])
                ));
            };
            let optional = match field.presence(def) {
                Presence::Required => false,
                Presence::RequiredNullable | Presence::Optional => true,
                Presence::Patch => {
                    return Err(format!(
                        "the response field `{}` is optional and nullable in a type also sent \
                         in requests, which paging does not read",
                        dotted(&path[..=i])
                    ))
                }
            };
            steps.push(FieldStep {
                name: field.name.clone(),
                wire: field.wire.clone(),
                optional,
            });
            ty = field.ty.clone();
        }
        if !want.accepts(&ty) {
            return Err(format!(
                "the response field `{}` must be {}",
                dotted(path),
                want.words()
            ));
        }
        let leaf = match ty {
            Type::Vec(item) => *item,
            other => other,
        };
        Ok(FieldPath { steps, leaf })
    }

    /// The struct a type names, through aliases and boxes (a cycle of aliases names none).
    fn struct_of(&self, t: &Type) -> Option<(&TypeDef, &Struct)> {
        let mut t = t;
        // Each step follows one alias or box; more steps than types means a cycle.
        for _ in 0..=self.types.len() {
            match t {
                Type::Named(id) => {
                    let def = self.types.get(id.0)?;
                    match &def.kind {
                        TypeKind::Struct(s) => return Some((def, s)),
                        TypeKind::Alias(inner) => t = inner,
                        TypeKind::Enum(_) | TypeKind::Untagged(_) | TypeKind::Tagged(_) => {
                            return None
                        }
                    }
                }
                Type::Box(inner) => t = inner,
                _ => return None,
            }
        }
        None
    }

    /// The integer `default` of the operation's query parameter `wire`.
    fn param_default(&self, op: &Operation, wire: &str) -> Option<i64> {
        let doc = self.doc;
        let item = doc.paths.paths.get(&op.path)?.as_item()?;
        let method = op.http_method.to_ascii_lowercase();
        let (_, spec_op) = item.iter().find(|(m, _)| *m == method)?;
        let resolve = |p: &'_ ReferenceOr<Parameter>| -> Option<Parameter> {
            match p {
                ReferenceOr::Item(p) => Some(p.clone()),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/parameters/")?;
                    doc.components
                        .as_ref()?
                        .parameters
                        .get(name)?
                        .as_item()
                        .cloned()
                }
            }
        };
        let found = spec_op
            .parameters
            .iter()
            .chain(&item.parameters)
            .filter_map(resolve)
            .find(|p| matches!(p, Parameter::Query { parameter_data, .. } if parameter_data.name == wire))?;
        match &found.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                schema.schema_data.default.as_ref()?.as_i64()
            }
            _ => None,
        }
    }

    /// Junction's pattern, recognised from names; `None` when the operation does not show it.
    fn infer(&self, op: &Operation) -> Option<Pagination> {
        let query = |wire: &str, want: Want| {
            op.params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && !p.required
                    && p.wire == wire
                    && want.accepts(base(&p.ty))
            })
        };
        let field = |wire: &str, want: Want| self.response_field(op, &[wire], want).ok();
        let results = self.results_list(op);
        let pagination = |param: &Param, form| Pagination {
            source: PaginationSource::Inferred,
            param: param.name.clone(),
            param_wire: param.wire.clone(),
            form,
            results: results.clone(),
            pages_method: String::new(),
            items_method: None,
        };
        // Cursor. The Junction timeseries take both `cursor` and `next_cursor` and answer both
        // `next` and `next_cursor`; the spec describes each pair alike ("The cursor for fetching
        // the next page") and marks `cursor` and `next` deprecated, so the live pair is
        // `next_cursor` -> `next_cursor`: the response's cursor goes back under its own name.
        if let Some(next) = field("next_cursor", Want::Cursor) {
            let param = ["next_cursor", "cursor"]
                .into_iter()
                .filter_map(|wire| query(wire, Want::Cursor))
                .find(|p| *base(&p.ty) == next.leaf);
            if let Some(param) = param {
                return Some(pagination(param, PageForm::Cursor { next }));
            }
        }
        // An offset of items, with a limit, up to a total; it moves by the results read.
        if let (Some(param), Some(_), Some(total), Some(_)) = (
            query("offset", Want::Integer),
            query("limit", Want::Integer),
            field("total", Want::Integer),
            &results,
        ) {
            let form = PageForm::Offset {
                origin: self.param_default(op, &param.wire).unwrap_or(0),
                advance: PageAdvance::Items,
                has_next: None,
                total: Some(total),
                pages: None,
                size: None,
                at: field("offset", Want::Integer),
            };
            return Some(pagination(param, form));
        }
        // A page number, with a size, up to a total of items or of pages.
        if let (Some(param), Some(_)) = (query("page", Want::Integer), query("size", Want::Integer))
        {
            let (total, pages) = (field("total", Want::Integer), field("pages", Want::Integer));
            if total.is_some() || pages.is_some() {
                let form = PageForm::Offset {
                    origin: self.param_default(op, &param.wire).unwrap_or(1),
                    advance: PageAdvance::Pages,
                    has_next: None,
                    total,
                    pages,
                    size: field("size", Want::Integer),
                    at: field("page", Want::Integer),
                };
                return Some(pagination(param, form));
            }
        }
        None
    }

    /// The response's one array field, when it has exactly one at the top.
    fn results_list(&self, op: &Operation) -> Option<FieldPath> {
        let (Success::Json(t) | Success::JsonOrDownload { ty: t, .. }) = &op.success else {
            return None;
        };
        let (_, s) = self.struct_of(t)?;
        let mut lists = s
            .fields
            .iter()
            .filter(|f| matches!(f.ty, Type::Vec(_)))
            .filter_map(|f| self.response_field(op, &[&f.wire], Want::List).ok());
        match (lists.next(), lists.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }
}

fn dotted(path: &[&str]) -> String {
    path.join(".")
}

#[cfg(test)]
mod tests {
    use crate::ir::PaginationSource;
    use crate::{generate, Settings};

    const FIXTURE: &str = include_str!("../../tests/fixtures/pagination.yaml");

    fn paged(yaml: &str, settings: &Settings) -> Vec<(String, PaginationSource)> {
        let output = generate("t.yaml", yaml, settings).unwrap_or_else(|e| panic!("{e}"));
        output
            .api
            .operations
            .iter()
            .filter_map(|op| Some((op.path.clone(), op.pagination.as_ref()?.source)))
            .collect()
    }

    #[test]
    fn inference_can_be_turned_off() {
        let all = paged(FIXTURE, &Settings::default());
        assert_eq!(all.len(), 9);
        let fern_only = paged(
            FIXTURE,
            &Settings {
                infer_pagination: false,
                ..Settings::default()
            },
        );
        assert_eq!(
            fern_only,
            [
                ("/events".to_owned(), PaginationSource::Operation),
                ("/logs".to_owned(), PaginationSource::Operation),
                ("/notes".to_owned(), PaginationSource::PathItem),
                ("/entries".to_owned(), PaginationSource::Document),
            ]
        );
    }

    /// A one-operation spec with `config` as the operation's `x-fern-pagination` (and `top`
    /// at the document level), its message when it fails.
    fn error(config: &str, top: &str) -> String {
        let yaml = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{top}paths:\n  /things:\n    \
             get:\n      x-fern-pagination: {config}\n      parameters:\n        - {{name: \
             cursor, in: query, schema: {{type: string}}}}\n        - {{name: id, in: query, \
             required: true, schema: {{type: string}}}}\n      responses:\n        '200':\n          \
             description: ok\n          content:\n            application/json:\n              \
             schema:\n                type: object\n                properties:\n                  \
             things: {{type: array, items: {{type: string}}}}\n                  next: {{type: \
             string}}\n                  count: {{type: integer}}\n"
        );
        generate("t.yaml", &yaml, &Settings::default())
            .err()
            .unwrap_or_else(|| panic!("{config} should fail"))
            .to_string()
    }

    #[test]
    fn a_wrong_extension_is_a_located_error() {
        let at = "#/paths/~1things/get/x-fern-pagination";
        for (config, top, pointer, message) in [
            ("true", "", at, "which the document does not have"),
            ("true", "x-fern-pagination: true\n", "#/x-fern-pagination", "must be an object"),
            ("7", "", at, "must be an object"),
            ("{next_uri: $response.next, results: $response.things}", "", "/next_uri", "`next_uri` is not supported"),
            ("{cursor: $request.cursor, next_cursor: $response.next}", "", at, "must give `results`"),
            ("{cursor: $request.after, next_cursor: $response.next, results: $response.things}", "", "/cursor", "no query parameter `after`"),
            ("{cursor: $request.id, next_cursor: $response.next, results: $response.things}", "", "/cursor", "`id` is required"),
            ("{cursor: cursor, next_cursor: $response.next, results: $response.things}", "", "/cursor", "as `$request.NAME`"),
            ("{cursor: $request.cursor, next_cursor: $response.nope, results: $response.things}", "", "/next_cursor", "no field `nope`"),
            ("{cursor: $request.cursor, next_cursor: $response.count, results: $response.things}", "", "/next_cursor", "different types"),
            ("{cursor: $request.cursor, next_cursor: $response.next, results: $response.next}", "", "/results", "must be an array"),
            ("{cursor: $request.cursor, next_cursor: $response.next.deeper, results: $response.things}", "", "/next_cursor", "is not an object"),
            ("{offset: $request.cursor, results: $response.things}", "", "/offset", "must be an integer"),
        ] {
            let e = error(config, top);
            assert!(e.contains(pointer), "{config}: {e}");
            assert!(e.contains(message), "{config}: {e}");
        }
    }

    /// Found by `tests/mutation.rs`: a response whose schema is a cycle of `$ref`s. It has no
    /// type (an error now, at each schema), and reading the pages' fields still ends.
    #[test]
    fn a_cycle_of_aliases_is_not_followed_forever() {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                    parameters: [{name: cursor, in: query, schema: {type: string}}]\n      \
                    responses:\n        '200':\n          description: ok\n          content:\n            \
                    application/json:\n              schema: {$ref: '#/components/schemas/A'}\n\
                    components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    \
                    B: {$ref: '#/components/schemas/A'}\n";
        let e = generate("t.yaml", yaml, &Settings::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("`A` is defined only through itself"), "{e}");
        assert!(e.contains("= at #/components/schemas/B"), "{e}");
    }

    #[test]
    fn false_turns_inference_off_for_one_operation() {
        let yaml = FIXTURE.replace("x-fern-pagination: false", "x-fern-sdk-availability: ga");
        let exports = |yaml: &str| {
            paged(yaml, &Settings::default())
                .iter()
                .any(|(path, _)| path == "/exports")
        };
        assert!(!exports(FIXTURE));
        assert!(exports(&yaml), "inferred without the `false`");
    }
}
