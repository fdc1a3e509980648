//! The parser's root and the options every command takes.
//!
//! ```text
//! servers: production, sandbox        #[derive(clap::Parser)] pub struct Cli { global: Global, command: Command }
//! securitySchemes: api_key (header) -> --environment production|sandbox, --base-url URL,
//!                                      --api-key KEY (env JUNCTION_API_KEY, value never shown),
//!                                      --timeout SECONDS, --max-retries N, --raw, --debug
//! ```
//!
//! `Global::client` builds the client from them, in raw-response mode. A credential is a
//! `run::Secret`, whose `Debug` never shows it, and its environment variable's value is hidden
//! from the help (`hide_env_values`).

use heck::{ToKebabCase, ToShoutySnakeCase};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::{doc, ident};
use crate::ir::{Api, SchemeKind};
use crate::lower::naming::{unraw, Scope};

/// The long option of each security scheme, in the order of `api.security_schemes`.
pub(super) fn scheme_flags(api: &Api) -> Vec<String> {
    let mut scope = Scope::with_reserved(super::GLOBAL_FLAGS);
    api.security_schemes
        .iter()
        .map(|s| scope.claim(&unraw(&s.setter).to_kebab_case()))
        .collect()
}

/// `Cli`, `Global` and `Environment`; `webhooks` is the variant of `Command` that holds the
/// `webhooks` commands, which need no client, when there is one.
pub(super) fn root(api: &Api, krate: &TokenStream, webhooks: Option<&Ident>) -> TokenStream {
    let name = super::binary_name(api);
    let about = format!(
        " {} {}: every operation of the API from the command line.",
        api.title, api.version
    );
    let client = ident(&api.client_name);
    let run = match webhooks {
        Some(variant) => quote! {
            match self.command {
                Command::#variant(command) => command.run(&out).await,
                command => command.run(&self.global.client()?, &out).await,
            }
        },
        None => quote!(self.command.run(&self.global.client()?, &out).await),
    };
    let (fields, settings) = credentials(api);
    let environments = environments(api, krate);
    // Without servers the client has no environment to name: only `--base-url`.
    let (environment, set_environment) = match api.servers.is_empty() {
        true => (TokenStream::new(), TokenStream::new()),
        false => (
            quote! {
                #[doc = " The environment whose server to call."]
                #[arg(long, global = true, help_heading = "Global options", value_enum, value_name = "NAME")]
                environment: Option<Environment>,
            },
            quote! {
                if let Some(environment) = self.environment {
                    builder = builder.environment(environment.into());
                }
            },
        ),
    };
    quote! {
        #[doc = #about]
        #[doc = ""]
        #[doc = " Answers are printed as JSON on standard output: indented on a terminal, one line"]
        #[doc = " otherwise. Exit status: 0 on success, 1 when the API answers with an error or cannot"]
        #[doc = " be reached (the status and the error body on standard error), 2 for a usage error,"]
        #[doc = " including a body that does not match its type (nothing is sent)."]
        #[derive(Debug, ::clap::Parser)]
        #[command(name = #name, version, max_term_width = 100)]
        pub struct Cli {
            #[command(flatten)]
            global: Global,
            #[command(subcommand)]
            command: Command,
        }

        impl Cli {
            #[doc = " Runs the command."]
            pub async fn run(self) -> crate::run::Result {
                let out = crate::run::Output::new(self.global.raw);
                if self.global.debug {
                    eprintln!("{self:#?}");
                }
                #run
            }
        }

        #[doc = " The options every command takes."]
        #[derive(Debug, ::clap::Args)]
        struct Global {
            #environment
            #[doc = " The base URL to call instead of the environment's (a proxy, a local server)."]
            #[arg(long, global = true, help_heading = "Global options", value_name = "URL")]
            base_url: Option<String>,
            #fields
            #[doc = " How long each attempt may wait for the response head, in seconds (default 60)."]
            #[arg(long, global = true, help_heading = "Global options", value_name = "SECONDS", value_parser = crate::run::seconds)]
            timeout: Option<::std::time::Duration>,
            #[doc = " How many times a failed call is tried again (default 2)."]
            #[arg(long, global = true, help_heading = "Global options", value_name = "N")]
            max_retries: Option<u32>,
            #[doc = " Print the status and headers with the body: {\"status\", \"headers\", \"body\"}."]
            #[arg(long, global = true, help_heading = "Global options")]
            raw: bool,
            #[doc = " Print the parsed command line on standard error first (credentials hidden)."]
            #[arg(long, global = true, help_heading = "Global options")]
            debug: bool,
        }

        impl Global {
            #[doc = " The client these options describe, returning status and headers with each body."]
            fn client(&self) -> ::std::result::Result<#krate::#client<#krate::runtime::Raw>, crate::run::Failure> {
                let mut builder = #krate::#client::builder();
                #set_environment
                if let Some(url) = &self.base_url {
                    builder = builder.base_url(url);
                }
                #settings
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(retries) = self.max_retries {
                    builder = builder.max_retries(retries);
                }
                let client = builder.build().map_err(crate::run::Failure::config)?;
                Ok(client.with_raw_response())
            }
        }

        #environments
    }
}

/// The fields of `Global` that take the credentials, and the builder calls that set them.
fn credentials(api: &Api) -> (TokenStream, TokenStream) {
    let flags = scheme_flags(api);
    let mut fields = Vec::new();
    let mut settings = Vec::new();
    for (scheme, flag) in api.security_schemes.iter().zip(&flags) {
        let field = ident(&flag.replace('-', "_"));
        let setter = ident(&scheme.setter);
        let var = format!("{}_{}", api.client_name, unraw(&scheme.setter)).to_shouty_snake_case();
        let (what, value_name, set) = match &scheme.kind {
            SchemeKind::ApiKey { .. } => (
                format!(" The API key of `{}`.", scheme.name),
                "KEY",
                quote!(builder = builder.#setter(secret.expose());),
            ),
            SchemeKind::Bearer => (
                format!(" The bearer token of `{}`.", scheme.name),
                "TOKEN",
                quote!(builder = builder.#setter(secret.expose());),
            ),
            SchemeKind::Basic => (
                format!(
                    " The user name and password of `{}`, as `USER:PASSWORD`.",
                    scheme.name
                ),
                "USER:PASSWORD",
                quote! {
                    let (user, password) = secret.expose().split_once(':').unwrap_or((secret.expose(), ""));
                    builder = builder.#setter(user, password);
                },
            ),
        };
        let docs = scheme.doc.as_deref().map(|d| {
            let d = doc::attrs(Some(d));
            quote!(#[doc = ""] #d)
        });
        fields.push(quote! {
            #[doc = #what]
            #docs
            #[arg(long = #flag, global = true, help_heading = "Global options", env = #var, hide_env_values = true, value_name = #value_name)]
            #field: Option<crate::run::Secret>,
        });
        settings.push(quote! {
            if let Some(secret) = &self.#field {
                #set
            }
        });
    }
    (quote!(#(#fields)*), quote!(#(#settings)*))
}

/// `Environment`: the spec's servers as values of `--environment`.
fn environments(api: &Api, krate: &TokenStream) -> TokenStream {
    if api.servers.is_empty() {
        return TokenStream::new();
    }
    let variants = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url = format!(" `{}`", s.url);
        quote! {
            #[doc = #url]
            #name,
        }
    });
    let arms = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        quote!(Environment::#name => #krate::Environment::#name,)
    });
    quote! {
        #[doc = " The servers of the spec."]
        #[derive(Clone, Copy, Debug, ::clap::ValueEnum)]
        enum Environment {
            #(#variants)*
        }

        impl From<Environment> for #krate::Environment {
            fn from(environment: Environment) -> Self {
                match environment {
                    #(#arms)*
                }
            }
        }
    }
}
