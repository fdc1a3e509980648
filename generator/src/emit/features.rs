//! The `cfg` attributes of the cargo features ([`Features`](crate::select::Features)): a
//! group's client, parameters and stubs behind its feature, a type behind the features that
//! reach it, the webhooks behind `webhooks`.

use heck::ToUpperCamelCase;
use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};
use quote::quote;

use super::ident;
use crate::ir::{Api, TypeId};
use crate::select::WEBHOOKS;

/// `#[cfg(any(feature = "a", feature = "b"))]` for type `id`, or nothing when it is always
/// compiled.
pub fn of_type(api: &Api, id: TypeId) -> TokenStream {
    let names: Vec<&str> = api.features.of_type(id).collect();
    match names.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `#[cfg(feature = "group")]` for the top-level group of `path`, or nothing.
pub fn of_group(api: &Api, path: &[String]) -> TokenStream {
    match path.first().and_then(|g| api.features.of_group(g)) {
        Some(feature) => quote!(#[cfg(feature = #feature)]),
        None => TokenStream::new(),
    }
}

/// The doc lines that name the feature of `path`'s group, for its accessor.
pub fn group_doc(api: &Api, path: &[String]) -> TokenStream {
    match path.first().and_then(|g| api.features.of_group(g)) {
        Some(feature) => {
            let line = format!(" Needs the crate's feature `{feature}` (in `full`, the default).");
            quote!(#[doc = ""] #[doc = #line])
        }
        None => TokenStream::new(),
    }
}

/// The client's accessor of a gated group when its feature is off: a method the compiler
/// refuses with a message naming the feature, through [`off_module`]'s trait, rather than
/// "no method named `lab_tests`".
pub fn off_accessor(api: &Api, path: &[String], accessor: &Ident) -> TokenStream {
    let Some(feature) = path.first().and_then(|g| api.features.of_group(g)) else {
        return TokenStream::new();
    };
    let marker = ident(&feature.to_upper_camel_case());
    quote! {
        #[cfg(not(feature = #feature))]
        #[doc(hidden)]
        pub fn #accessor(&self)
        where
            Self: crate::features::#marker,
        {
        }
    }
}

/// `pub mod features` (hidden): one trait per gated group, implemented by nothing, whose
/// `on_unimplemented` message is what the compiler says when the group's accessor is called
/// with its feature off.
pub fn off_module(api: &Api) -> TokenStream {
    let traits = api
        .features
        .names
        .iter()
        .filter(|n| n.as_str() != WEBHOOKS)
        .map(|feature| {
            let marker = ident(&feature.to_upper_camel_case());
            let message = format!(
                "the `{feature}` group is not compiled in: turn on the crate's feature `{feature}`"
            );
            let label = format!("needs the feature `{feature}`");
            quote! {
                #[cfg(not(feature = #feature))]
                #[diagnostic::on_unimplemented(message = #message, label = #label)]
                pub trait #marker {}
            }
        });
    match api.features.names.is_empty() {
        true => TokenStream::new(),
        false => quote! {
            #[doc(hidden)]
            #[doc = " What the compiler says when a group is called with its feature off."]
            pub mod features {
                #(#traits)*
            }
        },
    }
}

/// `#[cfg(feature = "webhooks")]`, or nothing.
pub fn webhooks(api: &Api) -> TokenStream {
    match api.features.gates_webhooks() {
        true => quote!(#[cfg(feature = #WEBHOOKS)]),
        false => TokenStream::new(),
    }
}

/// `items` with `cfg` before each of them (nothing to do when `cfg` is empty).
///
/// An item ends at a `;` or at a `{ .. }` body not followed by `;` (a `const` whose value is a
/// struct expression goes on to its `;`), so the items of a template are told apart without
/// parsing them.
pub fn gate(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let mut at_start = true;
    for (i, token) in tokens.iter().enumerate() {
        if at_start {
            out.extend(cfg.clone());
        }
        let ends = match token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        out.extend([token.clone()]);
        at_start = ends;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_cfg() {
        let items = quote! {
            #[derive(Clone)]
            pub struct A { x: i32 }
            impl A { fn f() {} }
            const B: A = A { x: 1 };
            pub type C = A;
            crate::string_enum_serde!(A);
        };
        let cfg = quote!(#[cfg(feature = "user")]);
        let gated = gate(&cfg, items).to_string();
        assert_eq!(
            gated.matches("cfg (feature = \"user\")").count(),
            5,
            "{gated}"
        );
        assert!(gated.starts_with("# [cfg (feature = \"user\")] # [derive (Clone)]"));
        assert_eq!(
            gate(
                &TokenStream::new(),
                quote!(
                    struct A;
                )
            )
            .to_string(),
            "struct A ;"
        );
    }
}
