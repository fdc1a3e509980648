//! Groups -> subcommand enums, operations -> one `clap::Args` struct each, with the code that
//! calls the client and prints its answer.
//!
//! ```text
//! GET /v2/user (paged, items users)   /// Get Teams Users
//!   group user, method get_all     -> #[derive(Debug, clap::Args)]
//!   query offset, limit               struct UserGetAll {
//!                                         #[arg(long = "offset")] offset: Option<i64>, ..
//!                                         #[arg(long)] all: bool,
//!                                     }
//!                                     impl UserGetAll {
//!                                         async fn run(self, client, out) -> run::Result {
//!                                             let mut params = params::UserGetAllParams::default();
//!                                             params.offset = self.offset; ..
//!                                             if self.all { return out.items(client.user().get_all_items(&params)).await; }
//!                                             out.json(client.user().get_all(&params).await?)
//!                                         }
//!                                     }
//! ```
//!
//! Path parameters are positional, in template order; the others are `--flags` named after the
//! client's parameter in kebab-case, a list as a repeated flag. Types the client parses from
//! text (numbers, UUIDs, dates, timestamps) go through clap's own value parsers; every other
//! type through `run::value`, which reads JSON or a plain string. A JSON body is `--body`,
//! decoded into its type (`run::Body::json`) before the request; a multipart body is one flag
//! per field, files by path.

use std::collections::BTreeMap;

use heck::{ToKebabCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::quote;

use super::super::ident;
use super::super::operation::{groups, Group};
use crate::ir::Api;
use crate::lower::naming::{unraw, Scope};

/// Everything below `Global`: the enums of subcommands and the operations' structs.
pub(super) struct Commands {
    /// The items, root enum `Command` first.
    pub items: TokenStream,
    /// The variant of the root enum that holds the `webhooks` commands, when it has them.
    pub webhooks: Option<proc_macro2::Ident>,
}

/// The subcommands of every group, and the structs of every operation.
pub(super) fn commands(api: &Api, krate: &TokenStream) -> Commands {
    let mut tree = groups(api);
    // The root enum `Command`, even for a spec without operations.
    tree.entry(Vec::new()).or_insert_with(|| Group {
        struct_name: String::new(),
        children: Vec::new(),
        operations: Vec::new(),
    });
    // The file's own items, and the prelude names it uses unqualified.
    let mut types = Scope::with_reserved(&[
        "Cli",
        "Global",
        "Environment",
        "Command",
        "WebhooksCommand",
        "Option",
        "Some",
        "None",
        "Result",
        "Ok",
        "Err",
        "Vec",
        "String",
        "Box",
        "Default",
        "From",
        "Into",
    ]);
    // Every group's enum name, decided before any is written (a parent names its children's).
    let enums: BTreeMap<&Vec<String>, String> = tree
        .keys()
        .map(|path| {
            let name = match path.is_empty() {
                true => "Command".to_owned(),
                false => {
                    let camel: String = path
                        .iter()
                        .map(|p| unraw(p).to_upper_camel_case())
                        .collect();
                    types.claim(&format!("{camel}Command"))
                }
            };
            (path, name)
        })
        .collect();
    let flags: Vec<String> = super::GLOBAL_FLAGS
        .iter()
        .map(|f| (*f).to_owned())
        .chain(super::global::scheme_flags(api))
        .collect();
    let mut webhooks = None;
    let mut items = Vec::new();
    for (path, group) in &tree {
        let mut structs = Vec::new();
        let mut names = Scope::default();
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for child in &group.children {
            let (Some(last), Some(child_enum)) = (child.last(), enums.get(child)) else {
                continue;
            };
            let command = names.claim(&unraw(last).to_kebab_case());
            let variant = ident(&command.to_upper_camel_case());
            let child_enum = ident(child_enum);
            let about = format!(" Operations of the `{}` group.", child.join("."));
            variants.push(quote! {
                #[doc = #about]
                #[command(name = #command, subcommand)]
                #variant(#child_enum),
            });
            arms.push(quote!(Self::#variant(command) => command.run(client, out).await,));
        }
        for (op, params) in &group.operations {
            let command = names.claim(&unraw(&op.method).to_kebab_case());
            let variant = ident(&command.to_upper_camel_case());
            let camel: String = op
                .group
                .iter()
                .chain([&op.method])
                .map(|p| unraw(p).to_upper_camel_case())
                .collect();
            let name = types.claim(&camel);
            let struct_name = ident(&name);
            // Boxed: the enum is as small as its largest group, not its largest operation.
            variants.push(quote! {
                #[command(name = #command)]
                #variant(Box<#struct_name>),
            });
            arms.push(quote!(Self::#variant(command) => command.run(client, out).await,));
            structs.push(super::operation::operation(
                api,
                krate,
                op,
                params.as_deref(),
                &name,
                &flags,
            ));
        }
        if path.is_empty() && super::webhooks::wanted(api) {
            let command = names.claim("webhooks");
            let variant = ident(&command.to_upper_camel_case());
            variants.push(quote! {
                #[doc = " Webhooks on this machine: verify a delivery, or receive them on a local port."]
                #[command(name = #command, subcommand)]
                #variant(WebhooksCommand),
            });
            arms.push(quote!(Self::#variant(command) => command.run(out).await,));
            webhooks = Some(variant);
        }
        let name = ident(&enums[path]);
        let doc = match path.is_empty() {
            true => " The groups of the API and the operations at its root.".to_owned(),
            false => format!(" The operations of the `{}` group.", path.join(".")),
        };
        let run_doc = " Calls the operation the command names and prints its answer.";
        let client_type = client_type(api, krate);
        // An enum without commands (a spec with neither operations nor tagged webhooks).
        let (client, out) = match arms.is_empty() {
            true => (quote!(_client), quote!(_out)),
            false => (quote!(client), quote!(out)),
        };
        items.push(quote! {
                #[doc = #doc]
                #[derive(Debug, ::clap::Subcommand)]
                #[allow(clippy::enum_variant_names)] // the spec's method names, as they are
                enum #name {
                    #(#variants)*
                }

                impl #name {
                    #[doc = #run_doc]
                    async fn run(self, #client: &#client_type, #out: &crate::run::Output) -> crate::run::Result {
                        match self {
                            #(#arms)*
                        }
                    }
                }
        });
        items.extend(structs);
    }
    Commands {
        items: quote!(#(#items)*),
        webhooks,
    }
}

/// The client in raw-response mode: `::junction::Junction<::junction::runtime::Raw>`.
pub(super) fn client_type(api: &Api, krate: &TokenStream) -> TokenStream {
    let client = ident(&api.client_name);
    quote!(#krate::#client<#krate::runtime::Raw>)
}
