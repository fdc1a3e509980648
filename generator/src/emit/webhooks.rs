//! Webhooks -> `pub mod webhooks`: one `Event` enum with a variant per webhook.
//!
//! ```text
//! webhooks: daily.data.activity.*        pub enum Event {
//!   body ClientFacingActivityChanged  ->     DailyDataActivity(Box<types::ClientFacingActivityChanged>),
//!   event_type: [..created, ..updated]       ..
//!                                            Unknown(UnknownEvent),
//!                                        }
//! ```
//!
//! With a tag (`Api::webhook_tag`) the body alone says which event it is: `Event::from_body`
//! reads the tag and decodes the matching payload, and `Webhook::receive` verifies and reads
//! in one call. Without one, the caller names the webhook (`Event::from_named`), as GitHub's
//! webhooks need. Either way a name or tag this client does not know is `Event::Unknown`, not
//! an error. All decoding and verifying lives in `crate::runtime::webhook`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, ty, Part};
use crate::ir::{Api, Type, Webhook};

/// `pub mod webhooks`, or nothing when the spec has no webhooks.
pub fn module(api: &Api) -> Part<'_> {
    if api.webhooks.is_empty() {
        return Part::items(TokenStream::new);
    }
    let head = move |body: TokenStream| {
        let cfg = super::features::webhooks(api);
        let allow = match super::any_deprecated(api) || api.webhooks.iter().any(|w| w.deprecated) {
            true => quote!(#![allow(deprecated)]),
            false => TokenStream::new(),
        };
        quote! {
            #cfg
            #[doc = " The webhooks the API sends, verified and read into typed events."]
            pub mod webhooks {
                #allow
                #body
            }
        }
    };
    Part::module(head, vec![Part::items(move || event(api))])
}

fn event(api: &Api) -> TokenStream {
    let variants = api.webhooks.iter().map(|w| variant(api, w));
    let derive_eq = match api.webhooks.iter().all(|w| comparable(api, &w.payload)) {
        true => quote!(PartialEq,),
        false => TokenStream::new(),
    };
    let names = api.webhooks.iter().map(|w| {
        let v = ident(&w.variant);
        let name = &w.name;
        quote!(#name => Event::#v(decode(name, body)?),)
    });
    let name_arms = api.webhooks.iter().map(|w| {
        let v = ident(&w.variant);
        let name = &w.name;
        quote!(Event::#v(_) => #name,)
    });
    let tagged = api.webhook_tag.as_deref().map(|tag| tagged(api, tag));
    // The readers are `#[inline]`: compiled in the program that calls them, not in the client
    // crate, so the decoding of every payload they reach (most of the types) is built only by
    // a program that reads webhooks (issue 15: that was a third of a release build).
    let receive = api.webhook_tag.as_ref().map(|_| {
        quote! {
            #[doc = " [`Webhook::receive`] verifies a request and reads it with [`Event::from_body`]."]
            impl crate::runtime::webhook::WebhookEvent for Event {
                #[inline]
                fn from_body(body: &[u8]) -> Result<Event, WebhookError> {
                    Event::from_body(body)
                }
            }
        }
    });
    let intro: Vec<String> = match &api.webhook_tag {
        Some(tag) => vec![
            format!(" Its payload's `{tag}` says which: read a verified body with"),
            " [`Event::from_body`], or verify and read in one call with [`Webhook::receive`]."
                .to_owned(),
        ],
        None => vec![
            " The payloads do not say which event they are: the caller names the webhook, as"
                .to_owned(),
            " its request says, and reads the body with [`Event::from_named`].".to_owned(),
        ],
    };
    quote! {
        pub use crate::runtime::webhook::{UnknownEvent, Webhook, WebhookError};
        use crate::runtime::webhook::{decode, unknown};

        #[doc = " An event the API sends by webhook, with its typed payload."]
        #[doc = ""]
        #(#[doc = #intro])*
        #[doc = " A webhook this version of the client does not know is [`Event::Unknown`], not an"]
        #[doc = " error: the API adds events often."]
        #[derive(Clone, Debug, #derive_eq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            #[doc = " An event this version of the client does not know: its name and the raw JSON."]
            Unknown(UnknownEvent),
        }

        impl Event {
            #tagged

            #[doc = " Reads the body of the webhook the spec names `name`, such as a name from the"]
            #[doc = " request's headers. A name the client does not know gives [`Event::Unknown`]; a"]
            #[doc = " body that does not match its payload type is [`WebhookError::Decode`]."]
            #[inline]
            pub fn from_named(name: &str, body: &[u8]) -> Result<Event, WebhookError> {
                Ok(match name {
                    #(#names)*
                    _ => Event::Unknown(unknown(name, body)?),
                })
            }

            #[doc = " The webhook's name in the spec; for [`Event::Unknown`], the name it came with."]
            pub fn name(&self) -> &str {
                match self {
                    #(#name_arms)*
                    Event::Unknown(event) => &event.event_type,
                }
            }
        }

        #receive
    }
}

/// `Event::TAG`, `Event::from_body` and the `WebhookEvent` impl, for payloads with a tag.
fn tagged(api: &Api, tag: &str) -> TokenStream {
    let arms = api.webhooks.iter().filter(|w| !w.tags.is_empty()).map(|w| {
        let v = ident(&w.variant);
        let tags = &w.tags;
        quote!(#(#tags)|* => Event::#v(decode(&tag, body)?),)
    });
    let tag_doc = format!(" The payload property that names the event: `{tag}`.");
    let from_doc = format!(
        " Reads a verified body by its `{tag}`: an unknown value gives [`Event::Unknown`]; a"
    );
    quote! {
        #[doc = #tag_doc]
        pub const TAG: &str = #tag;

        #[doc = #from_doc]
        #[doc = " known one whose body does not match its payload type is [`WebhookError::Decode`],"]
        #[doc = " naming the event and the field."]
        #[inline]
        pub fn from_body(body: &[u8]) -> Result<Event, WebhookError> {
            let Some(tag) = crate::runtime::webhook::read_tag(body, Self::TAG)? else {
                return Err(WebhookError::MissingTag {
                    tag: Self::TAG,
                    body: String::from_utf8_lossy(body).into_owned(),
                });
            };
            Ok(match tag.as_str() {
                #(#arms)*
                _ => Event::Unknown(unknown(tag, body)?),
            })
        }
    }
}

/// The type a variant holds: the payload, boxed when it is a named type, so that `Event` is
/// as small as a pointer whatever its largest payload (Junction's lab order is 2.5 kB; one
/// event in a match or a channel need not be).
pub fn held(w: &Webhook) -> Type {
    match &w.payload {
        Type::Named(_) => Type::Box(Box::new(w.payload.clone())),
        other => other.clone(),
    }
}

fn variant(api: &Api, w: &Webhook) -> TokenStream {
    let name = ident(&w.variant);
    let payload = ty(api, &held(w));
    let docs = doc::attrs(w.doc.as_deref());
    let which = match (w.tags.as_slice(), &api.webhook_tag) {
        ([], _) | (_, None) => format!(" Webhook `{}`.", w.name),
        (tags, Some(tag)) => format!(
            " Webhook `{}`, `{tag}` {}.",
            w.name,
            tags.iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    let deprecated = match w.deprecated {
        true => quote!(#[deprecated]),
        false => TokenStream::new(),
    };
    let spacer = match w.doc {
        Some(_) => quote!(#[doc = ""]),
        None => TokenStream::new(),
    };
    quote! {
        #docs
        #spacer
        #[doc = #which]
        #deprecated
        #name(#payload),
    }
}

/// Whether values of `t` can be compared (every generated type derives `PartialEq` but the
/// bodies of multipart requests, which hold files).
fn comparable(api: &Api, t: &Type) -> bool {
    match t {
        Type::Named(id) => !api.types[id.0].form,
        Type::Vec(inner) | Type::Map(inner) | Type::Option(inner) | Type::Box(inner) => {
            comparable(api, inner)
        }
        _ => true,
    }
}
