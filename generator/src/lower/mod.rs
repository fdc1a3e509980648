//! Lower: `openapiv3::OpenAPI` -> [`ir::Api`](crate::ir::Api).
//!
//! The only stage that sees `openapiv3`. Every component schema gets its [`TypeId`] before any
//! schema is lowered, so forward and cyclic `$ref`s resolve to plain indices; inline schemas
//! that need a name get one from where they stand (`{Parent}{Field}`). Problems are collected
//! in a [`Sink`] with their JSON pointers, never raised as panics.

pub mod naming;
mod operation;
mod pagination;
mod schema;
mod webhooks;

pub(crate) use operation::is_json;

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use crate::diag::{Diagnostics, Pointer, Sink};
use crate::ir::{
    Api, ApiKey, HttpAuth, Server, Type, TypeDef, TypeId, TypeKind, Untyped, UntypedReason,
};
use naming::Scope;

/// Prelude names the generated code uses unqualified (and `Result`, which the crate root
/// redefines): a spec type with one of them gets a suffix (`Option2`), so none is shadowed.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Default", "Into",
];

/// Lowers a parsed document with the default settings; `file` names it in diagnostics.
pub fn lower(doc: &OpenAPI, file: &str) -> Result<Api, Diagnostics> {
    lower_with(doc, file, &crate::Settings::default())
}

/// Lowers a parsed document; `file` names it in diagnostics.
pub fn lower_with(
    doc: &OpenAPI,
    file: &str,
    settings: &crate::Settings,
) -> Result<Api, Diagnostics> {
    let mut sink = Sink::new(file);
    let raw_webhooks = webhooks::read(doc, &mut sink);
    let mut cx = Lowerer {
        doc,
        sink,
        types: Vec::new(),
        components: Vec::new(),
        type_names: Scope::with_reserved(RESERVED_TYPE_NAMES),
        untyped: Vec::new(),
        inlining: Vec::new(),
    };
    cx.declare_components();
    cx.lower_components();
    let mut operations = cx.lower_operations();
    let mut webhooks = cx.lower_webhooks(&raw_webhooks);
    let mut error_types = Vec::new();
    for op in &operations {
        for e in &op.errors {
            if !error_types.contains(&e.ty) {
                error_types.push(e.ty);
            }
        }
    }
    let servers = cx.servers();
    let (api_key, bearer, basic) = cx.security();
    schema::mark_request_types(&mut cx.types, &operations);
    schema::mark_form_types(&mut cx.types, &mut operations);
    schema::break_cycles(&mut cx.types);
    let webhook_tag = webhooks::infer_tag(&cx.types, &mut webhooks);
    cx.paginate(&mut operations, settings.infer_pagination);
    let api = Api {
        client_name: client_name(&doc.info.title),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers,
        api_key,
        bearer,
        basic,
        types: cx.types,
        operations,
        error_types,
        webhooks,
        webhook_tag,
        untyped: cx.untyped,
        spec_operations: doc
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .map(|item| item.iter().count())
            .sum(),
        spec_schemas: doc.components.as_ref().map_or(0, |c| c.schemas.len()),
    };
    cx.sink.finish(api)
}

/// `Junction API` -> `Junction`; falls back to `Client`.
fn client_name(title: &str) -> String {
    let trimmed = title.trim();
    let base = trimmed
        .strip_suffix(" API")
        .or_else(|| trimmed.strip_suffix(" Api"))
        .unwrap_or(trimmed);
    naming::type_name(&heck::ToUpperCamelCase::to_upper_camel_case(base))
        .filter(|n| !n.starts_with('_') && !n.ends_with('_'))
        .unwrap_or_else(|| "Client".to_owned())
}

pub(crate) struct Lowerer<'a> {
    pub(crate) doc: &'a OpenAPI,
    pub(crate) sink: Sink,
    pub(crate) types: Vec<TypeDef>,
    /// `components.schemas` names, index = TypeId of the component.
    pub(crate) components: Vec<String>,
    pub(crate) type_names: Scope,
    /// Where values stay untyped, and why.
    pub(crate) untyped: Vec<Untyped>,
    /// Pointers of the `allOf`s being merged, to stop one that inlines itself.
    pub(crate) inlining: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn declare_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let at = Pointer::root().push("components").push("schemas");
        for name in components.schemas.keys() {
            let rust = match naming::type_name(name) {
                Some(n) => self.type_names.claim(&n),
                None => {
                    self.sink.error(
                        &at.push(name),
                        format!(
                            "schema name `{name}` has no character usable in a Rust identifier"
                        ),
                    );
                    format!("Invalid{}", self.types.len())
                }
            };
            self.components.push(name.clone());
            self.types.push(TypeDef {
                name: rust,
                pointer: at.push(name).to_string(),
                doc: None,
                deprecated: false,
                in_request: false,
                form: false,
                kind: TypeKind::Alias(Type::Json),
            });
        }
    }

    fn lower_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let at = Pointer::root().push("components").push("schemas");
        for (i, (name, schema)) in components.schemas.iter().enumerate() {
            self.lower_named(TypeId(i), schema, &at.push(name));
        }
    }

    /// `serde_json::Value`, recorded with where and why.
    pub(crate) fn untyped(&mut self, at: &Pointer, reason: UntypedReason) -> Type {
        self.untyped.push(Untyped {
            pointer: at.to_string(),
            reason,
        });
        Type::Json
    }

    /// Resolves `#/components/schemas/{name}` to its TypeId.
    pub(crate) fn resolve_schema_ref(&mut self, reference: &str, at: &Pointer) -> Option<TypeId> {
        let found = reference
            .strip_prefix("#/components/schemas/")
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| self.components.iter().position(|c| *c == name));
        if found.is_none() {
            let what = if reference.starts_with("#/components/schemas/") {
                "which does not exist"
            } else {
                "but only references to `#/components/schemas/...` are supported"
            };
            self.sink.error(
                &at.push("$ref"),
                format!("`$ref` points to `{reference}`, {what}"),
            );
        }
        found.map(TypeId)
    }

    /// Resolves an item that may be a `$ref` to `#/components/{section}/...`.
    pub(crate) fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        section: &str,
        pick: fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
        at: &Pointer,
    ) -> Option<&'a T> {
        let reference = match item {
            ReferenceOr::Item(t) => return Some(t),
            ReferenceOr::Reference { reference } => reference,
        };
        let target = reference
            .strip_prefix(&format!("#/components/{section}/"))
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| {
                self.doc
                    .components
                    .as_ref()
                    .and_then(|c| pick(c).get(&name))
            });
        match target {
            Some(ReferenceOr::Item(t)) => Some(t),
            Some(ReferenceOr::Reference { .. }) => {
                self.sink.error(
                    &at.push("$ref"),
                    format!("`$ref` to `{reference}` is itself a `$ref`, which is not supported"),
                );
                None
            }
            None => {
                self.sink.error(
                    &at.push("$ref"),
                    format!("`$ref` points to `{reference}`, which does not exist"),
                );
                None
            }
        }
    }

    fn servers(&mut self) -> Vec<Server> {
        let at = Pointer::root().push("servers");
        let mut names = Scope::default();
        let mut out = Vec::new();
        for (i, server) in self.doc.servers.iter().enumerate() {
            let openapiv3::Server {
                url,
                description,
                variables,
                extensions,
            } = server;
            if variables.as_ref().is_some_and(|v| !v.is_empty()) {
                self.sink.error(
                    &at.push(i).push("variables"),
                    "server variables are not supported; list each URL as its own server",
                );
            }
            let raw = extensions
                .get("x-fern-server-name")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| url_words(url));
            let name = naming::type_name(&raw).unwrap_or_else(|| format!("Server{}", i + 1));
            out.push(Server {
                name: names.claim(&name),
                url: url.trim_end_matches('/').to_owned(),
                doc: description.clone(),
            });
        }
        out
    }

    /// The credentials the client takes: an API key in a header, a bearer token, a user name
    /// and password. OAuth 2 and OpenID Connect schemes take the access token as a bearer
    /// token; the client does not run their flows.
    fn security(&mut self) -> (Option<ApiKey>, Option<HttpAuth>, Option<HttpAuth>) {
        let Some(components) = self.doc.components.as_ref() else {
            return (None, None, None);
        };
        let at = Pointer::root().push("components").push("securitySchemes");
        let mut found = None;
        let mut bearer = None;
        let mut basic = None;
        for (name, scheme) in &components.security_schemes {
            match scheme {
                ReferenceOr::Item(SecurityScheme::APIKey {
                    location,
                    name: header,
                    description,
                    extensions: _,
                }) => match location {
                    APIKeyLocation::Header if !operation::is_header_name(header) => {
                        self.sink.error(
                            &at.push(name).push("name"),
                            format!("`{header}` is not a valid HTTP header name"),
                        )
                    }
                    APIKeyLocation::Header if found.is_none() => {
                        found = Some(ApiKey {
                            header: header.clone(),
                            doc: description.clone(),
                        });
                    }
                    APIKeyLocation::Header => self.sink.error(
                        &at.push(name),
                        "only one API-key security scheme is supported",
                    ),
                    APIKeyLocation::Query | APIKeyLocation::Cookie => self.sink.error(
                        &at.push(name).push("in"),
                        "an API key is only supported in a header",
                    ),
                },
                ReferenceOr::Item(SecurityScheme::HTTP {
                    scheme, description, ..
                }) => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => {
                        bearer.get_or_insert(HttpAuth {
                            doc: description.clone(),
                        });
                    }
                    "basic" => {
                        basic.get_or_insert(HttpAuth {
                            doc: description.clone(),
                        });
                    }
                    other => self.sink.error(
                        &at.push(name).push("scheme"),
                        format!("the `http` scheme `{other}` is not supported; only `bearer` and `basic`"),
                    ),
                },
                ReferenceOr::Item(
                    SecurityScheme::OAuth2 { description, .. }
                    | SecurityScheme::OpenIDConnect { description, .. },
                ) => {
                    bearer.get_or_insert(HttpAuth {
                        doc: description.clone(),
                    });
                }
                ReferenceOr::Reference { .. } => self.sink.error(
                    &at.push(name),
                    "a `$ref` to a security scheme is not supported",
                ),
            }
        }
        (found, bearer, basic)
    }
}

/// A name for a server without `x-fern-server-name`: its host, e.g. `api.example.com` ->
/// `ApiExampleCom`.
fn url_words(url: &str) -> String {
    let host = url.split("://").nth(1).unwrap_or(url);
    host.split('/').next().unwrap_or(host).replace('.', " ")
}
