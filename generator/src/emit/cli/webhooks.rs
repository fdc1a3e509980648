//! The `webhooks` commands: `verify` and `listen`, for APIs whose webhook payloads name their
//! event (`Api::webhook_tag`).
//!
//! ```text
//! webhooks (tag event_type)  ->  enum WebhooksCommand { Verify(run::webhooks::Verify), Listen(run::webhooks::Listen) }
//!                                fn event_name(body) -> Result<Option<String>, WebhookError>
//! ```
//!
//! Verifying a signature, serving and forwarding are the same for every API and live in
//! `run::webhooks`; what this module adds is the API's own `Event`, which tells a known event
//! (its name) from one this client does not know. Without a tag the caller would have to name
//! each event, so there are no `webhooks` commands.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// Whether the command line has `webhooks` commands.
pub(super) fn wanted(api: &Api) -> bool {
    !api.webhooks.is_empty() && api.webhook_tag.is_some()
}

/// `WebhooksCommand` and the `event_name` it reads bodies with, or nothing.
pub(super) fn module(api: &Api, krate: &TokenStream) -> TokenStream {
    if !wanted(api) {
        return TokenStream::new();
    }
    let var = format!("{}_WEBHOOK_SECRET", api.client_name.to_shouty_snake_case());
    let secret = quote! {
        #[doc = " The endpoint's signing secret, `whsec_...`."]
        #[arg(long, env = #var, hide_env_values = true, value_name = "SECRET")]
        secret: crate::run::Secret,
    };
    quote! {
        #[doc = " Webhooks on this machine."]
        #[derive(Debug, ::clap::Subcommand)]
        enum WebhooksCommand {
            #[doc = " Check a delivery's signature and read its event, as a receiver would."]
            #[doc = ""]
            #[doc = " Says which check failed: a missing header, a timestamp too old, a signature that"]
            #[doc = " does not match, or a body that is not a known event."]
            Verify {
                #secret
                #[command(flatten)]
                delivery: crate::run::webhooks::Verify,
            },
            #[doc = " Receive webhooks on a local port: verify each, print its event, and forward it"]
            #[doc = " unchanged to your own handler with `--forward-to`."]
            Listen {
                #secret
                #[command(flatten)]
                endpoint: crate::run::webhooks::Listen,
            },
        }

        impl WebhooksCommand {
            #[doc = " Runs the command."]
            async fn run(self, out: &crate::run::Output) -> crate::run::Result {
                match self {
                    WebhooksCommand::Verify { secret, delivery } => delivery.run(&secret, event_name, out),
                    WebhooksCommand::Listen { secret, endpoint } => endpoint.run(&secret, event_name, out).await,
                }
            }
        }

        #[doc = " The name of the event a verified body holds, or `None` for an event this client"]
        #[doc = " does not know."]
        fn event_name(body: &[u8]) -> ::std::result::Result<Option<String>, #krate::runtime::WebhookError> {
            match #krate::webhooks::Event::from_body(body)? {
                #krate::webhooks::Event::Unknown(_) => Ok(None),
                event => Ok(Some(event.name().to_owned())),
            }
        }
    }
}
