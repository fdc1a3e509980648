//! Credentials in the generated client: one builder setter per security scheme, the
//! `runtime::AuthSchemes` the builder hands to the runtime, and an operation's own `security`.
//!
//! ```text
//! apiKey `x-key` in header (the only key) -> .api_key(..), JUNCTION_API_KEY when not given
//! apiKey `appKeyAuth` in query            -> .app_key(..), {CLIENT}_APP_KEY when not given
//! http bearer / oauth2                    -> .bearer_token(..)
//! http basic                              -> .basic_auth(user, password)
//! operation security: [{a: []}, {}]       -> request.security(&[&[0], &[]])
//! ```
//!
//! What each request carries is decided at run time by `runtime/auth.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, ident};
use crate::ir::{Api, KeyLocation, Operation, SchemeKind, Security, SecurityScheme};

/// The environment variable an API-key scheme is read from when the builder is given none:
/// `JUNCTION_API_KEY` for Junction's `api_key`.
fn env_var(api: &Api, scheme: &SecurityScheme) -> String {
    heck::ToShoutySnakeCase::to_shouty_snake_case(
        format!(
            "{}_{}",
            api.client_name,
            crate::lower::naming::unraw(&scheme.setter)
        )
        .as_str(),
    )
}

/// The builder's setters, one per scheme.
pub fn setters(api: &Api) -> TokenStream {
    let setters = api.security_schemes.iter().enumerate().map(|(i, scheme)| {
        let index = Literal::usize_unsuffixed(i);
        let name = ident(&scheme.setter);
        let docs = scheme
            .doc
            .as_deref()
            .map(|d| {
                let d = doc::attrs(Some(d));
                quote!(#[doc = ""] #d)
            })
            .unwrap_or_default();
        match &scheme.kind {
            SchemeKind::ApiKey { location, name: key } => {
                let place = match location {
                    KeyLocation::Header => format!("in the `{}` header", key.to_ascii_lowercase()),
                    KeyLocation::Query => format!("in the query parameter `{key}`"),
                    KeyLocation::Cookie => format!("in the cookie `{key}`"),
                };
                let which = match scheme.setter.as_str() {
                    "api_key" => "the API key".to_owned(),
                    _ => format!("the API key of `{}`", scheme.name),
                };
                let first = format!(
                    " Sets {which}, sent {place}; without it, `build` reads the environment \
                     variable `{}`.",
                    env_var(api, scheme)
                );
                quote! {
                    #[doc = #first]
                    #docs
                    pub fn #name(mut self, key: impl Into<String>) -> Self {
                        self.config.secret(#index, key.into());
                        self
                    }
                }
            }
            SchemeKind::Bearer => quote! {
                #[doc = " Sets the bearer token (for OAuth 2, the access token), sent as"]
                #[doc = " `Authorization: Bearer ..`."]
                #docs
                pub fn #name(mut self, token: impl Into<String>) -> Self {
                    self.config.secret(#index, token.into());
                    self
                }
            },
            SchemeKind::Basic => quote! {
                #[doc = " Sets the user name and password, sent as `Authorization: Basic ..`."]
                #docs
                pub fn #name(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                    self.config.basic(#index, user.into(), password.into());
                    self
                }
            },
        }
    });
    quote!(#(#setters)*)
}

/// `&[&[0], &[1, 2]]`.
fn security_tokens(security: &Security) -> TokenStream {
    let requirements = security.iter().map(|requirement| {
        let schemes = requirement.iter().map(|&i| Literal::usize_unsuffixed(i));
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#requirements),*])
}

/// Whether no operation can be called without a credential: then `build` refuses a client
/// that has none.
fn required(api: &Api) -> bool {
    let open = |s: &Security| s.is_empty() || s.iter().any(Vec::is_empty);
    !api.security_schemes.is_empty()
        && api.operations.iter().all(|op| {
            !op.security
                .as_ref()
                .or(api.security.as_ref())
                .is_some_and(open)
        })
}

/// The `runtime::AuthSchemes` expression `build` hands to the runtime.
pub fn schemes(api: &Api) -> TokenStream {
    let schemes = api.security_schemes.iter().map(|scheme| {
        let setter = crate::lower::naming::unraw(&scheme.setter);
        match &scheme.kind {
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    KeyLocation::Header => quote!(Header),
                    KeyLocation::Query => quote!(Query),
                    KeyLocation::Cookie => quote!(Cookie),
                };
                let name = match location.to_string().as_str() {
                    "Header" => name.to_ascii_lowercase(),
                    _ => name.clone(),
                };
                let env = env_var(api, scheme);
                quote! {
                    crate::runtime::Scheme::ApiKey {
                        location: crate::runtime::KeyLocation::#location,
                        name: #name,
                        setter: #setter,
                        env: Some(#env),
                    }
                }
            }
            SchemeKind::Bearer => quote!(crate::runtime::Scheme::Bearer { setter: #setter }),
            SchemeKind::Basic => quote!(crate::runtime::Scheme::Basic { setter: #setter }),
        }
    });
    let security = match &api.security {
        Some(s) => {
            let s = security_tokens(s);
            quote!(Some(#s))
        }
        None => quote!(None),
    };
    let required = required(api);
    quote! {
        crate::runtime::AuthSchemes {
            schemes: &[#(#schemes),*],
            security: #security,
            required: #required,
        }
    }
}

/// The call that gives a request its operation's own `security`, when it differs from the
/// document's.
pub fn call(api: &Api, op: &Operation) -> TokenStream {
    match &op.security {
        Some(own) if !api.security_schemes.is_empty() && Some(own) != api.security.as_ref() => {
            let s = security_tokens(own);
            quote!(.security(#s))
        }
        _ => TokenStream::new(),
    }
}

/// The builder lines of the client's doc example: the credentials of the document's first
/// requirement (or of the first scheme).
pub fn example(api: &Api) -> String {
    let first: Vec<usize> = match api.security.as_ref().and_then(|s| s.first()) {
        Some(requirement) => requirement.clone(),
        None if api.security_schemes.is_empty() => Vec::new(),
        None => vec![0],
    };
    first
        .iter()
        .filter_map(|&i| api.security_schemes.get(i))
        .map(|scheme| {
            let setter = &scheme.setter;
            match scheme.kind {
                SchemeKind::ApiKey { .. } => format!(
                    "     .{setter}(\"YOUR_{}\")\n",
                    heck::ToShoutySnakeCase::to_shouty_snake_case(crate::lower::naming::unraw(
                        setter
                    ))
                ),
                SchemeKind::Bearer => format!("     .{setter}(\"YOUR_TOKEN\")\n"),
                SchemeKind::Basic => format!("     .{setter}(\"USER\", \"PASSWORD\")\n"),
            }
        })
        .collect()
}
