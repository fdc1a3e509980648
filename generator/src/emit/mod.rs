//! Emit: [`ir::Api`](crate::ir::Api) -> tokens, with `quote!`.
//!
//! The only stage that writes code. Each kind of item is a `quote!` template that reads like
//! its output; `format` reads the tokens of each part ([`Part`]) and prints them with
//! prettyplease, on all cores. The output is one file of items, laid out as: `pub mod types` (every named type, in the order the IR
//! holds them), `pub mod params` (optional query and header parameters per operation),
//! `pub mod resources` (one client per group), `pub mod webhooks` (the typed events, when the
//! spec has webhooks), then at the root the client, its builder, `Environment`, `ErrorBody`,
//! `Error` and `Result`, and last `pub mod testing` (behind the feature `testing`). Generated code names spec types by absolute path
//! (`crate::types::X`) and everything else either by absolute path
//! (`::std::collections::BTreeMap`, `::serde::`) or by its prelude name (`Option`, `String`,
//! `Vec`, `Box`, `Some`, `Ok`, `Default`, `Into`): no generated item takes a prelude name,
//! since `lower::naming` reserves them for spec types (`Option` in a spec becomes `Option2`).
//! It calls `crate::runtime` for all shared behaviour.
//!
//! `cli` writes a second file, the API's command line, for a binary crate that depends on the
//! client crate: it names the client's items through the crate's name (`::junction::types::X`,
//! [`ty_in`]) and calls that crate's hand-written `run` module.

mod auth;
pub mod cli;
mod client;
pub mod doc;
mod features;
mod objects;
pub(crate) mod operation;
mod paging;
mod servers;
mod setters;
mod testing;
pub(crate) mod types;
mod unions;
pub(crate) mod webhooks;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Type};

/// The generated file before it is printed: modules of parts, each part's tokens made on the
/// thread that prints it (`format`), so that only the items being printed are held as tokens:
/// the output of a large spec is millions of lines.
pub enum Part<'a> {
    /// Zero or more items.
    Items(Box<dyn FnOnce() -> TokenStream + Send + 'a>),
    /// A module: `head` writes it around the body it is given, whose items are `parts`.
    Module {
        /// The module's attributes, `mod name { .. }` and inner attributes, around `body`.
        head: Box<dyn FnOnce(TokenStream) -> TokenStream + 'a>,
        /// Its items, in order.
        parts: Vec<Part<'a>>,
    },
}

impl<'a> Part<'a> {
    /// The items that `make` writes.
    pub fn items(make: impl FnOnce() -> TokenStream + Send + 'a) -> Self {
        Part::Items(Box::new(make))
    }

    /// A module of `parts`, written around them by `head`.
    pub fn module(
        head: impl FnOnce(TokenStream) -> TokenStream + 'a,
        parts: Vec<Part<'a>>,
    ) -> Self {
        Part::Module {
            head: Box::new(head),
            parts,
        }
    }
}

/// The whole API as the parts of one file; `crate_name` is what the doc examples `use`.
pub fn api<'a>(api: &'a Api, crate_name: &'a str) -> Vec<Part<'a>> {
    vec![
        types::module(api),
        operation::params_module(api),
        operation::resources_module(api),
        webhooks::module(api),
        Part::items(move || client::root(api, crate_name)),
        Part::items(move || features::off_module(api)),
        testing::module(api),
    ]
}

/// `pub mod name { parts }`, with the doc line `doc` and, when `allow_deprecated`,
/// `#![allow(deprecated)]`.
fn module<'a>(
    doc: &'static str,
    allow_deprecated: bool,
    name: &'static str,
    parts: Vec<Part<'a>>,
) -> Part<'a> {
    let head = move |items: TokenStream| {
        let name = Ident::new(name, Span::call_site());
        let allow = match allow_deprecated {
            true => quote!(#![allow(deprecated)]),
            false => TokenStream::new(),
        };
        quote! {
            #[doc = #doc]
            pub mod #name {
                #allow
                #items
            }
        }
    };
    Part::module(head, parts)
}

/// Whether the spec deprecates anything: then the generated code, which uses the deprecated
/// items itself, allows that (their users still get the warning).
fn any_deprecated(api: &Api) -> bool {
    api.operations.iter().any(|o| o.deprecated)
        || api.types.iter().any(|t| {
            t.deprecated
                || matches!(&t.kind, crate::ir::TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
        })
}

/// `#[allow(deprecated)]` for a generated item, when needed.
pub(crate) fn allow_deprecated_item(api: &Api) -> TokenStream {
    match any_deprecated(api) {
        true => quote!(#[allow(deprecated)]),
        false => TokenStream::new(),
    }
}

/// An identifier from a name the IR has already made valid (`r#type` becomes a raw one).
/// Names built from valid parts can still be invalid (`1st` + `Client`, a group `match`):
/// [`naming::ident_text`](crate::lower::naming::ident_text) makes those valid, never a panic.
pub fn ident(name: &str) -> Ident {
    let name = crate::lower::naming::ident_text(name);
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&name, Span::call_site()),
    }
}

/// The Rust type of a type expression.
pub fn ty(api: &Api, t: &Type) -> TokenStream {
    ty_in(api, t, &quote!(crate))
}

/// The Rust type of a type expression, naming the client crate's items through `krate`
/// (`crate` in the client, `::junction` in the command line that depends on it).
pub fn ty_in(api: &Api, t: &Type, krate: &TokenStream) -> TokenStream {
    match t {
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::String => quote!(String),
        Type::Uuid => quote!(::uuid::Uuid),
        Type::Date => quote!(::chrono::NaiveDate),
        Type::DateTime => quote!(#krate::runtime::Timestamp),
        Type::Bytes => quote!(#krate::runtime::File),
        Type::Json => quote!(::serde_json::Value),
        Type::Unit => quote!(()),
        Type::Named(id) => {
            let name = ident(&api.types[id.0].name);
            quote!(#krate::types::#name)
        }
        Type::Vec(inner) => {
            let inner = ty_in(api, inner, krate);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = ty_in(api, inner, krate);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Type::Option(inner) => {
            let inner = ty_in(api, inner, krate);
            quote!(Option<#inner>)
        }
        Type::Box(inner) => {
            let inner = ty_in(api, inner, krate);
            quote!(Box<#inner>)
        }
    }
}
