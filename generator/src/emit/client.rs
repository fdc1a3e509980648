//! The crate root: the client, its builder, `Environment`, `ErrorBody`, `Error`, `Result`.
//!
//! ```text
//! servers (x-fern-server-name)     -> enum Environment { Production, .., Custom(String) }
//! securitySchemes apiKey in header -> builder.api_key(..), sent in that header
//! info.title "Junction API"        -> struct Junction, struct JunctionBuilder
//! declared error bodies            -> enum ErrorBody { HTTPValidationError(..), .. }
//! ```

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, ident, operation};
use crate::ir::Api;

pub fn root(api: &Api, crate_name: &str) -> TokenStream {
    let environment = environment(api);
    let error_body = error_body(api);
    let client = client(api, crate_name);
    quote! {
        #environment
        #error_body

        #[doc = " The error of every call: see [`runtime::Error`]."]
        pub type Error = crate::runtime::Error<ErrorBody>;

        #[doc = " `Result` with the crate's [`Error`]."]
        pub type Result<T, E = Error> = ::std::result::Result<T, E>;

        #client
    }
}

fn environment(api: &Api) -> TokenStream {
    let variants = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url_doc = format!(" `{}`", s.url);
        let docs = doc::attrs(s.doc.as_deref());
        quote! {
            #docs
            #[doc = #url_doc]
            #name,
        }
    });
    let arms = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url = &s.url;
        quote!(Environment::#name => #url,)
    });
    let default = api.servers.first().map(|s| {
        let name = ident(&s.name);
        let doc = format!(
            " [`Environment::{}`], the first server of the spec.",
            s.name
        );
        quote! {
            impl Default for Environment {
                #[doc = #doc]
                fn default() -> Self {
                    Environment::#name
                }
            }
        }
    });
    quote! {
        #[doc = " The servers the client can talk to."]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Environment {
            #(#variants)*
            #[doc = " Any other base URL, such as a proxy or a local mock server."]
            Custom(String),
        }

        impl Environment {
            #[doc = " The base URL that request paths are appended to."]
            pub fn url(&self) -> &str {
                match self {
                    #(#arms)*
                    Environment::Custom(url) => url,
                }
            }
        }

        #default
    }
}

fn error_body(api: &Api) -> TokenStream {
    let allow_item = super::allow_deprecated_item(api);
    let variants = api.error_types.iter().map(|id| {
        let name = ident(&api.types[id.0].name);
        quote!(#name(crate::types::#name),)
    });
    quote! {
        #[doc = " The error bodies the spec declares, decoded; see [`runtime::ApiError::body`]."]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #allow_item
        pub enum ErrorBody {
            #(#variants)*
        }
    }
}

fn client(api: &Api, crate_name: &str) -> TokenStream {
    let allow_item = super::allow_deprecated_item(api);
    let name = ident(&api.client_name);
    let builder = format_ident!("{}Builder", api.client_name);
    let builder_doc = format!(
        " Configures a [`{}`]; see [`{}::builder`].",
        api.client_name, api.client_name
    );
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = doc::attrs(Some(&format!(
        "Client for the {} (version {}).",
        one_line(&api.title),
        one_line(&api.version)
    )));
    let description = doc::attrs(api.description.as_deref());
    let methods = operation::root_methods(api);
    let key_env = format!(
        "{}_API_KEY",
        heck::ToShoutySnakeCase::to_shouty_snake_case(api.client_name.as_str())
    );
    let (key_setter, key_header, key_doc) = match &api.api_key {
        Some(key) => {
            let header = key.header.to_ascii_lowercase();
            let doc = format!(
                " Sets the API key, sent in the `{header}` header; without it, `build` reads \
                 the environment variable `{key_env}`."
            );
            (
                quote! {
                    #[doc = #doc]
                    pub fn api_key(mut self, key: impl Into<String>) -> Self {
                        self.config.api_key(key.into());
                        self
                    }
                },
                quote!(Some(#header)),
                "     .api_key(\"YOUR_API_KEY\")\n".to_owned(),
            )
        }
        None => (TokenStream::new(), quote!(None), String::new()),
    };
    let bearer_setter = api.bearer.as_ref().map(|auth| {
        let docs = doc::attrs(auth.doc.as_deref());
        quote! {
            #[doc = " Sets the bearer token (for OAuth 2, the access token), sent as"]
            #[doc = " `Authorization: Bearer ..`."]
            #[doc = ""]
            #docs
            pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
                self.config.bearer_token(token.into());
                self
            }
        }
    });
    let basic_setter = api.basic.as_ref().map(|auth| {
        let docs = doc::attrs(auth.doc.as_deref());
        quote! {
            #[doc = " Sets the user name and password, sent as `Authorization: Basic ..`."]
            #[doc = ""]
            #docs
            pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                self.config.basic_auth(user.into(), password.into());
                self
            }
        }
    });
    let (bearer, basic) = (api.bearer.is_some(), api.basic.is_some());
    let key_doc = match (key_doc.is_empty(), bearer, basic) {
        (false, _, _) => key_doc,
        (true, true, _) => "     .bearer_token(\"YOUR_TOKEN\")\n".to_owned(),
        (true, false, true) => "     .basic_auth(\"USER\", \"PASSWORD\")\n".to_owned(),
        (true, false, false) => String::new(),
    };
    let example = format!(
        " ```no_run\n # fn main() -> {crate_}::Result<()> {{\n let client = {crate_}::{name}::builder()\n{key_doc}     .build()?;\n # Ok(())\n # }}\n ```",
        crate_ = crate_name,
        name = api.client_name,
    );
    let example_lines = example.lines().map(|l| quote!(#[doc = #l]));
    let no_server = if api.servers.is_empty() {
        quote! {
            .ok_or_else(|| crate::runtime::Error::Config(
                "no environment given; call `.environment(..)` or `.base_url(..)`".into(),
            ))?
        }
    } else {
        quote!(.unwrap_or_default())
    };
    quote! {
        #title
        #[doc = ""]
        #description
        #[doc = ""]
        #(#example_lines)*
        #[doc = ""]
        #[doc = " Calls return the decoded body; through [`Self::with_raw_response`] they also return"]
        #[doc = " the status and headers."]
        #[derive(Clone, Debug)]
        pub struct #name<M = crate::runtime::Parsed> {
            core: crate::runtime::Core<ErrorBody>,
            mode: ::std::marker::PhantomData<M>,
        }

        impl #name {
            #[doc = " Starts configuring a client."]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #allow_item
        impl<M: crate::runtime::Mode> #name<M> {
            #[doc = " The same client (sharing its connections) with these options for every"]
            #[doc = " request made through it, e.g. `client.with_options(o).user().get(id)`."]
            pub fn with_options(&self, options: crate::runtime::RequestOptions) -> Self {
                #name {
                    core: self.core.with_options(options),
                    mode: ::std::marker::PhantomData,
                }
            }

            #[doc = " The same client, whose calls also return the status and headers."]
            pub fn with_raw_response(&self) -> #name<crate::runtime::Raw> {
                #name {
                    core: self.core.clone(),
                    mode: ::std::marker::PhantomData,
                }
            }

            #[doc = " The base URL requests go to."]
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #methods
        }

        #[doc = #builder_doc]
        #[derive(Clone, Debug, Default)]
        pub struct #builder {
            config: crate::runtime::Config,
            environment: Option<Environment>,
        }

        impl #builder {
            #key_setter
            #bearer_setter
            #basic_setter

            #[doc = " Chooses the server."]
            pub fn environment(mut self, environment: Environment) -> Self {
                self.environment = Some(environment);
                self
            }

            #[doc = " Sends requests to this base URL instead of a named environment."]
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.environment = Some(Environment::Custom(url.into()));
                self
            }

            #[doc = " Sets the timeout of each attempt of a request (default 60 seconds)."]
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout(timeout);
                self
            }

            #[doc = " Sets how many times a request is retried after a 408, 429 or 5xx answer or a"]
            #[doc = " failure to connect (default 2)."]
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.config.max_retries(retries);
                self
            }

            #[doc = " Sets the first wait before a retry (default 1 second), doubled at each retry"]
            #[doc = " up to 60 seconds; a `Retry-After` from the server takes its place."]
            pub fn retry_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.config.retry_delay(delay);
                self
            }

            #[doc = " Adds a header to every request."]
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.config.header(name, value);
                self
            }

            #[doc = " Sets the `User-Agent` (default: this crate's name and version)."]
            pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
                self.config.user_agent(agent.into());
                self
            }

            #[doc = " Uses this `reqwest::Client`, with its connection pool, proxy and TLS settings."]
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.config.http_client(client);
                self
            }

            #[doc = " Builds the client."]
            pub fn build(self) -> Result<#name> {
                let environment = self.environment #no_server;
                let auth = crate::runtime::AuthSchemes {
                    api_key_header: #key_header,
                    bearer: #bearer,
                    basic: #basic,
                };
                let core = self.config.build(&auth, #key_env, environment.url())?;
                Ok(#name {
                    core,
                    mode: ::std::marker::PhantomData,
                })
            }
        }
    }
}
