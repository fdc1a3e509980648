//! The API's command line -> `cli.rs`: a module of a binary crate that depends on the client
//! crate, parsed by clap's derive and run with the client.
//!
//! ```text
//! GET /v2/user/{user_id}               junction user get USER_ID
//!   group user, method get       ->      #[derive(clap::Args)] pub struct UserGet { user_id: Uuid }
//! POST /v3/order (lab_tests)           junction lab-tests create-order --body @order.json
//! webhooks (with a tag)                junction webhooks verify | listen
//! ```
//!
//! One subcommand per group (kebab-case, nested as the groups nest) and one per operation,
//! named as the client's method. Path parameters are positional; query, header and cookie ones
//! are `--flags`, parsed by clap into their Rust types (a bad UUID is a usage error naming the
//! argument); a body comes from `--body` and is decoded through its generated type before any
//! request. Every call goes through the client in raw-response mode, so that `--raw` can show
//! the status and headers. What is the same for every API (reading a body, printing answers,
//! exit codes, verifying and receiving webhooks) lives in the crate's hand-written `run`
//! module, which this code calls; this module holds only what depends on the spec.
//!
//! The file is laid out as: `Cli` (the parser), `Global` (the options every command takes:
//! server, credentials, timeout, retries, `--raw`), `Environment`, then the group enums and the
//! operation structs, group by group (`command`), and the `webhooks` commands (`webhooks`).

mod command;
mod global;
mod operation;
mod webhooks;

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::Api;

/// The command line of `api` as the tokens of one file; `client` is the client crate's name in
/// Rust (`junction`), which the code names its items through (`::junction::types::..`).
pub fn cli(api: &Api, client: &str) -> TokenStream {
    let krate = {
        let name = ident(client);
        quote!(::#name)
    };
    let allow = match super::any_deprecated(api) || api.webhooks.iter().any(|w| w.deprecated) {
        true => quote!(#![allow(deprecated)]),
        false => TokenStream::new(),
    };
    let commands = command::commands(api, &krate);
    let root = global::root(api, &krate, commands.webhooks.as_ref());
    let webhooks = webhooks::module(api, &krate);
    let items = commands.items;
    quote! {
        #allow
        #root
        #items
        #webhooks

        #[cfg(test)]
        mod tests {
            #[doc = " clap's own checks of the whole tree, which it makes only of the commands a run"]
            #[doc = " reaches: unique names, arguments that can be given."]
            #[test]
            fn clap_accepts_every_command() {
                <super::Cli as ::clap::CommandFactory>::command().debug_assert();
            }
        }
    }
}

/// The name of the command line's binary: the client's name in kebab-case (`junction`).
pub fn binary_name(api: &Api) -> String {
    api.client_name.to_kebab_case()
}

/// The long options every command takes (`Global`, and clap's own): no flag of an operation
/// may take one of these names.
const GLOBAL_FLAGS: &[&str] = &[
    "base-url",
    "environment",
    "timeout",
    "max-retries",
    "raw",
    "debug",
    "help",
    "version",
];
