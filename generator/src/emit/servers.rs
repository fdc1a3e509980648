//! Server variables in the generated client: an enum per variable with listed values, a
//! builder setting per variable, and the builder's `server_url`, which fills them into the
//! chosen server's URL (or that server's defaults).
//!
//! ```text
//! https://{region}.example.com, region: {enum: [us, eu], default: us}
//!   -> pub enum Region { Us, Eu, Other(String) }
//!   -> builder.region(Region::Eu): https://eu.example.com
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident};
use crate::ir::{Api, ServerVariable};
use crate::lower::servers::{pieces, Piece};

/// Whether any server URL has a variable.
pub fn any(api: &Api) -> bool {
    !api.server_variables.is_empty()
}

/// The enums of the variables whose values are listed.
pub fn enums(api: &Api) -> TokenStream {
    let enums = api.server_variables.iter().filter_map(|v| {
        let values = v.values.as_ref()?;
        let name = ident(&values.name);
        let first = format!(" The values of the server variable `{}`.", v.name);
        let docs = v.doc.as_deref().map(|d| {
            let d = doc::attrs(Some(d));
            quote!(#[doc = ""] #d)
        });
        let variants = values.values.iter().map(|value| {
            let variant = ident(&value.name);
            let wire = format!(" `{}`", value.wire);
            quote!(#[doc = #wire] #variant,)
        });
        let arms = values.values.iter().map(|value| {
            let variant = ident(&value.name);
            let wire = &value.wire;
            quote!(#name::#variant => #wire,)
        });
        Some(quote! {
            #[doc = #first]
            #docs
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[doc = " Any other value."]
                Other(String),
            }

            impl #name {
                #[doc = " The value as it goes in the URL."]
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#arms)*
                        #name::Other(value) => value,
                    }
                }
            }
        })
    });
    quote!(#(#enums)*)
}

/// The Rust type of a variable's setting.
fn setting_type(v: &ServerVariable) -> TokenStream {
    match &v.values {
        Some(values) => {
            let name = ident(&values.name);
            quote!(#name)
        }
        None => quote!(String),
    }
}

/// The builder's fields, one per variable.
pub fn fields(api: &Api) -> TokenStream {
    let fields = api.server_variables.iter().map(|v| {
        let name = ident(&v.setter);
        let ty = setting_type(v);
        quote!(#name: Option<#ty>,)
    });
    quote!(#(#fields)*)
}

/// The builder's setters, one per variable.
pub fn setters(api: &Api) -> TokenStream {
    let setters = api.server_variables.iter().map(|v| {
        let name = ident(&v.setter);
        let defaults: Vec<String> = api
            .servers
            .iter()
            .filter_map(|s| {
                let (_, default) = s.defaults.iter().find(|(n, _)| *n == v.name)?;
                Some(format!("`{default}` for [`Environment::{}`]", s.name))
            })
            .collect();
        let first = format!(
            " Sets the server variable `{}` of the base URL (default: {}).",
            v.name,
            defaults.join(", ")
        );
        let docs = v.doc.as_deref().map(|d| {
            let d = doc::attrs(Some(d));
            quote!(#[doc = ""] #d)
        });
        let (param, value) = match &v.values {
            Some(values) => {
                let ty = ident(&values.name);
                (quote!(value: #ty), quote!(value))
            }
            None => (quote!(value: impl Into<String>), quote!(value.into())),
        };
        quote! {
            #[doc = #first]
            #docs
            pub fn #name(mut self, #param) -> Self {
                self.#name = Some(#value);
                self
            }
        }
    });
    quote!(#(#setters)*)
}

/// The builder's `server_url`: the base URL of an environment, its variables filled in.
pub fn server_url(api: &Api) -> TokenStream {
    let arms = api.servers.iter().map(|server| {
        let variant = ident(&server.name);
        let mut format = String::new();
        let mut lets = Vec::new();
        for piece in pieces(&server.url) {
            let found =
                match piece {
                    Piece::Variable(name) => server
                        .defaults
                        .iter()
                        .find(|(n, _)| n == name)
                        .and_then(|(n, default)| {
                            let v = api.server_variables.iter().find(|v| v.name == *n)?;
                            Some((v, default))
                        }),
                    Piece::Text(_) => None,
                };
            match (piece, found) {
                (Piece::Variable(_), Some((v, default))) => {
                    let field = ident(&v.setter);
                    let local = match v.setter.strip_prefix("r#") {
                        Some(keyword) => format!("{keyword}_"),
                        None => v.setter.clone(),
                    };
                    format.push_str(&format!("{{{local}}}"));
                    let local = ident(&local);
                    let value = match &v.values {
                        Some(values) => {
                            let ty = ident(&values.name);
                            quote!(self.#field.as_ref().map_or(#default, #ty::as_str))
                        }
                        None => quote!(self.#field.as_deref().unwrap_or(#default)),
                    };
                    if !lets
                        .iter()
                        .any(|(l, _): &(proc_macro2::Ident, _)| *l == local)
                    {
                        lets.push((local, value));
                    }
                }
                (Piece::Variable(name), None) => {
                    format.push_str(&format!("{{{{{name}}}}}"));
                }
                (Piece::Text(text), _) => {
                    format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                }
            }
        }
        if lets.is_empty() {
            let url = &server.url;
            quote!(Environment::#variant => #url.to_owned(),)
        } else {
            let lets = lets
                .iter()
                .map(|(local, value)| quote!(let #local = #value;));
            quote! {
                Environment::#variant => {
                    #(#lets)*
                    format!(#format)
                }
            }
        }
    });
    quote! {
        #[doc = " The base URL of `environment`, with the server variables set on this builder"]
        #[doc = " (or the server's defaults)."]
        fn server_url(&self, environment: &Environment) -> String {
            match environment {
                #(#arms)*
                Environment::Custom(url) => url.clone(),
            }
        }
    }
}
