//! The crate root: the client, its builder, `Environment`, `ErrorBody`, `Error`, `Result`.
//!
//! ```text
//! servers (x-fern-server-name)     -> enum Environment { Production, .., Custom(String) }
//! server variables                 -> builder settings (see `servers`)
//! securitySchemes                  -> builder setters (see `auth`)
//! info.title "Junction API"        -> struct Junction, struct JunctionBuilder
//! declared error bodies            -> enum ErrorBody { HTTPValidationError(..), .. }
//! ```

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{auth, doc, ident, operation, servers};
use crate::ir::Api;

pub fn root(api: &Api, crate_name: &str) -> TokenStream {
    let environment = environment(api);
    let variables = servers::enums(api);
    let error_body = error_body(api);
    let client = client(api, crate_name);
    quote! {
        #environment
        #variables
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
    let url_doc = if servers::any(api) {
        quote! {
            #[doc = " The base URL that request paths are appended to, as the spec writes it: its"]
            #[doc = " `{..}` are the server variables the builder fills in."]
        }
    } else {
        quote!(#[doc = " The base URL that request paths are appended to."])
    };
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
            #url_doc
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
    let key_doc = auth::example(api);
    let auth_setters = auth::setters(api);
    let auth_schemes = auth::schemes(api);
    let variable_fields = servers::fields(api);
    let variable_setters = servers::setters(api);
    let (server_url, base_url) = if servers::any(api) {
        (
            servers::server_url(api),
            quote! {
                let base_url = self.server_url(&environment);
                let core = self.config.build(&auth, &base_url)?;
            },
        )
    } else {
        (
            TokenStream::new(),
            quote!(let core = self.config.build(&auth, environment.url())?;),
        )
    };
    let environment_of = if servers::any(api) {
        quote!(self.environment.clone())
    } else {
        quote!(self.environment)
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
            #variable_fields
        }

        impl #builder {
            #auth_setters
            #variable_setters

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

            #[doc = " Sets how long each attempt of a request waits for the response head: connecting,"]
            #[doc = " sending and the first byte of the answer (default 60 seconds)."]
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout(timeout);
                self
            }

            #[doc = " Sets the longest pause between two chunks of a response body (default 60"]
            #[doc = " seconds); a body that keeps arriving is read however long it takes."]
            pub fn read_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.read_timeout(timeout);
                self
            }

            #[doc = " Sets the longest time reading a response body may take (default none)."]
            pub fn body_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.body_timeout(timeout);
                self
            }

            #[doc = " Sets how many times a request is retried (default 2): after a failure to connect,"]
            #[doc = " a 429 or a 503, and, when sending it twice does no harm (GET, PUT, DELETE... or an"]
            #[doc = " idempotency key), after a 408, another 5xx, a timeout or a lost connection."]
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

            #[doc = " Sends every request through this client and its middleware; the client's own"]
            #[doc = " retries stay outside it."]
            #[cfg(feature = "middleware")]
            pub fn middleware_client(
                mut self,
                client: ::reqwest_middleware::ClientWithMiddleware,
            ) -> Self {
                self.config.middleware_client(client);
                self
            }

            #[doc = " Builds the client."]
            pub fn build(self) -> Result<#name> {
                let environment = #environment_of #no_server;
                let auth = #auth_schemes;
                #base_url
                Ok(#name {
                    core,
                    mode: ::std::marker::PhantomData,
                })
            }

            #server_url
        }
    }
}
