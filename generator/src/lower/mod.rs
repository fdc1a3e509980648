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
mod security;
pub(crate) mod servers;
mod webhooks;

pub(crate) use operation::{client_method, is_json};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diag::{Diagnostics, Pointer, Sink};
use crate::ir::{Api, Type, TypeDef, TypeId, TypeKind, Untyped, UntypedReason};
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
        scheme_names: Vec::new(),
        ignored: Vec::new(),
        unenforced: Vec::new(),
    };
    let mut setters = Scope::with_reserved(security::BUILDER_NAMES);
    let (security_schemes, scheme_names) = cx.security_schemes(&mut setters);
    cx.scheme_names = scheme_names;
    let security = doc
        .security
        .as_ref()
        .map(|s| cx.requirements(s, &Pointer::root().push("security")));
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
    let client_name = client_name(&doc.info.title);
    let mut root = Scope::with_reserved(RESERVED_TYPE_NAMES);
    for taken in ["Environment", "ErrorBody", "Error", "Patch"] {
        root.claim(taken);
    }
    root.claim(&client_name);
    root.claim(&format!("{client_name}Builder"));
    let (servers, server_variables) = cx.servers(&mut setters, &mut root);
    schema::mark_request_types(&mut cx.types, &operations);
    schema::mark_form_types(&mut cx.types, &mut operations);
    schema::break_cycles(&mut cx.types);
    for id in schema::alias_cycles(&cx.types) {
        let def = &cx.types[id.0];
        cx.sink.error(
            &crate::diag::Pointer::from_escaped(&def.pointer),
            format!(
                "`{}` is defined only through itself: its `$ref`s (and `anyOf` with null) come \
                 back to it with no object, enum or union on the way, so it has no type",
                def.name
            ),
        );
    }
    if !settings.strict_deprecated {
        schema::relax_deprecated(&mut cx.types, &operations, &webhooks);
    }
    let webhook_tag = webhooks::infer_tag(&cx.types, &mut webhooks);
    cx.paginate(&mut operations, settings.infer_pagination);
    let api = Api {
        client_name,
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers,
        server_variables,
        security_schemes,
        security,
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
        ignored: cx.ignored,
        unenforced: cx.unenforced,
        response_examples: Vec::new(),
        features: Default::default(),
        default_answers: Vec::new(),
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
    /// Each key of `securitySchemes` the client takes, with the index of its scheme.
    pub(crate) scheme_names: Vec<(String, usize)>,
    /// What `x-fern-ignore: true` left out.
    pub(crate) ignored: Vec<crate::ir::Ignored>,
    /// The `not`s that only constrain which properties appear together.
    pub(crate) unenforced: Vec<String>,
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
}
