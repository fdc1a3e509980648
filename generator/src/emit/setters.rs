//! How callers build the generated structs, in a way that survives a spec that adds fields.
//!
//! ```text
//! UserPatchBody { fallback_time_zone: Patch<String>, .. }
//!   ->  UserPatchBody::default().fallback_time_zone("Europe/London")
//! Order { id: Uuid (required), notes: Option<String> }
//!   ->  Order::new(id).notes("fragile")
//! ```
//!
//! Every struct of `types` and `params` is `#[non_exhaustive]`: code outside the crate cannot
//! write it as a struct literal, which a new field would break. It is built instead by
//! `Default` (when no field is required) or `new(required fields..)`, then one setter per
//! optional field, named after it (`set_{name}` when a trait method or `new` takes that name).
//! Setters take `impl Into<T>` (a `&str` for a `String`) and are generic, so they are compiled
//! in the program that calls them, not in the client crate. A `Patch` field's setter takes
//! `impl Into<Patch<T>>`: a value sets it, `Patch::Null` clears it, and not calling it leaves
//! it out. The fields stay `pub`, to read.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use super::objects::variable;
use crate::lower::naming::{unraw, Scope};

/// A field as the constructor and the setters see it.
pub(super) struct Member {
    /// The field's Rust name.
    pub name: String,
    /// How it is given.
    pub kind: Kind,
    /// `#[deprecated]`: the setter is too.
    pub deprecated: bool,
}

/// How a field is given.
pub(super) enum Kind {
    /// An argument of `new`, of this type; `into` when it is taken as `impl Into<T>`.
    Required { ty: TokenStream, into: bool },
    /// `Option<T>`, `None` until its setter gives `T`.
    Optional(TokenStream),
    /// `Patch<T>`, omitted until its setter gives a value or `Patch::Null`.
    Patch(TokenStream),
    /// No setter: this value in `new` (the map of unknown fields).
    Fixed(TokenStream),
}

/// Methods a setter may not take the name of: the constructor, the struct's own, and the
/// traits' that take `self`, which a setter of that name would hide.
const RESERVED: &[&str] = &[
    "new",
    "to_form",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "hash",
    "into",
    "try_into",
    "to_owned",
    "serialize",
];

/// `impl name { new(..) and the setters }`; `new` only when a field is required (the others
/// derive `Default`).
pub(super) fn impls(name: &Ident, members: &[Member]) -> TokenStream {
    let constructor = new(name, members);
    let mut scope = Scope::with_reserved(RESERVED);
    for m in members {
        scope.claim(&m.name);
    }
    let taken = names(members);
    let setters: Vec<TokenStream> = members
        .iter()
        .map(|m| setter(&mut scope, m, &taken))
        .collect();
    if constructor.is_empty() && setters.iter().all(TokenStream::is_empty) {
        return TokenStream::new();
    }
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

/// `new`, taking the required fields in order, or nothing when none is required.
fn new(name: &Ident, members: &[Member]) -> TokenStream {
    let taken = names(members);
    let mut args = Vec::new();
    let mut init = Vec::new();
    for m in members {
        let field = ident(&m.name);
        let arg = variable(&m.name, &taken);
        match &m.kind {
            Kind::Required { ty, into: true } => {
                args.push(quote!(#arg: impl Into<#ty>));
                init.push(quote!(#field: #arg.into(),));
            }
            Kind::Required { ty, into: false } => {
                args.push(quote!(#arg: #ty));
                init.push(match arg == field {
                    true => quote!(#field,),
                    false => quote!(#field: #arg,),
                });
            }
            Kind::Optional(_) => init.push(quote!(#field: None,)),
            Kind::Patch(_) => init.push(quote!(#field: crate::runtime::Patch::Omit,)),
            Kind::Fixed(value) => init.push(quote!(#field: #value,)),
        }
    }
    if args.is_empty() {
        return TokenStream::new();
    }
    let many = match args.len() > 7 {
        true => quote!(#[allow(clippy::too_many_arguments)]),
        false => TokenStream::new(),
    };
    quote! {
        #[doc = " Builds a value from its required fields; the optional ones are left out."]
        #many
        pub fn new(#(#args),*) -> Self {
            #name { #(#init)* }
        }
    }
}

/// The fields' names without `r#`, for [`variable`].
fn names(members: &[Member]) -> Vec<String> {
    members.iter().map(|m| unraw(&m.name).to_owned()).collect()
}

fn setter(scope: &mut Scope, m: &Member, taken: &[String]) -> TokenStream {
    let field = ident(&m.name);
    let arg = variable(&m.name, taken);
    let bare = unraw(&m.name);
    let method = match RESERVED.contains(&bare) {
        true => ident(&scope.claim(&format!("set_{bare}"))),
        false => field.clone(),
    };
    let deprecated = match m.deprecated {
        true => quote!(#[deprecated]),
        false => TokenStream::new(),
    };
    let (ty, value, doc) = match &m.kind {
        Kind::Required { .. } | Kind::Fixed(_) => return TokenStream::new(),
        // A field whose type has one value (`()`): there is nothing to pass.
        Kind::Optional(t) if t.to_string() == "()" => {
            let doc = format!(" Sets `{bare}` (its type has one value, `()`).");
            return quote! {
                #[doc = #doc]
                #deprecated
                pub fn #method(mut self) -> Self {
                    self.#field = Some(());
                    self
                }
            };
        }
        Kind::Optional(t) => (
            quote!(impl Into<#t>),
            quote!(Some(#arg.into())),
            format!(" Sets `{bare}`."),
        ),
        Kind::Patch(t) => (
            quote!(impl Into<crate::runtime::Patch<#t>>),
            quote!(#arg.into()),
            format!(" Sets `{bare}` to a value, or to `null` with `Patch::Null`."),
        ),
    };
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #method(mut self, #arg: #ty) -> Self {
            self.#field = #value;
            self
        }
    }
}
