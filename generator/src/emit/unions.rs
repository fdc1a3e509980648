//! Tagged unions -> an `enum` with hand-written serde impls.
//!
//! ```text
//! pub enum Pet {
//!     Cat(crate::types::Cat),     // "petType": "cat"
//!     Dog(crate::types::Dog),     // "petType": "dog" or "doggo"
//!     Unknown { tag: String, value: serde_json::Value },
//! }
//! ```
//!
//! Serde's own `#[serde(tag = "..")]` removes the tag before it decodes a variant and writes
//! it again before the variant's fields; but here the payloads are the spec's object types,
//! which usually hold the tag as a field of their own (and are used elsewhere on their own),
//! so serde would find it missing on the way in and write it twice on the way out. The impls
//! here read the whole object, pick the variant by the tag and decode the variant from the
//! whole object; they write a payload as it is (it holds the tag), adding the tag only for a
//! payload that does not require it. A tag the client does not know decodes into `Unknown`,
//! which keeps the object as received and sends it back unchanged: no data is lost.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{ident, ty};
use crate::ir::{Api, Tagged};

/// The items of tagged union `name`: the enum, then its `Serialize` and `Deserialize`.
/// `attrs` are its doc and `#[deprecated]`; `documented` says whether it has a doc, which the
/// line about the tag then follows after a blank one.
pub(super) fn tagged(
    api: &Api,
    t: &Tagged,
    attrs: TokenStream,
    documented: bool,
    name: &Ident,
) -> TokenStream {
    let tag = &t.tag;
    let blank = match documented {
        true => quote!(#[doc = ""]),
        false => TokenStream::new(),
    };
    let told_apart = format!(
        " Told apart by the string in `{tag}`; a value no variant knows is kept in `Unknown`."
    );
    let mut variants = Vec::with_capacity(t.variants.len());
    let mut encode = Vec::with_capacity(t.variants.len());
    let mut decode = Vec::with_capacity(t.variants.len());
    for v in &t.variants {
        let variant = ident(&v.name);
        let payload = ty(api, &v.ty);
        let values: Vec<String> = v.tags.iter().map(|t| format!("`{t:?}`")).collect();
        let text = format!(" `{tag}` is {}.", values.join(" or "));
        variants.push(quote!(#[doc = #text] #variant(#payload),));
        encode.push(match (v.holds_tag, v.tags.first()) {
            (false, Some(first)) => quote! {
                Self::#variant(value) => {
                    let mut object = ::serde_json::to_value(value).map_err(<S::Error as ::serde::ser::Error>::custom)?;
                    if let ::serde_json::Value::Object(fields) = &mut object {
                        fields
                            .entry(#tag)
                            .or_insert_with(|| ::serde_json::Value::from(#first));
                    }
                    ::serde::Serialize::serialize(&object, serializer)
                }
            },
            _ => quote!(Self::#variant(value) => ::serde::Serialize::serialize(value, serializer),),
        });
        let patterns = v.tags.iter();
        decode.push(quote! {
            #(#patterns)|* => ::serde_path_to_error::deserialize(value).map(Self::#variant),
        });
    }
    let unknown_doc = format!(
        " An object whose `{tag}` this version of the client does not know, kept as received."
    );
    let missing = format!("missing string field `{tag}`");
    quote! {
        #attrs
        #blank
        #[doc = #told_apart]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown {
                #[doc = " The value of the tag."]
                tag: String,
                #[doc = " The whole object, tag included; it is sent back as it is."]
                value: ::serde_json::Value,
            },
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#encode)*
                    Self::Unknown { value, .. } => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let Some(tag) = value.get(#tag).and_then(::serde_json::Value::as_str) else {
                    return Err(D::Error::custom(#missing));
                };
                let decoded = match tag {
                    #(#decode)*
                    _ => {
                        let tag = tag.to_owned();
                        return Ok(Self::Unknown { tag, value });
                    }
                };
                decoded.map_err(|e| D::Error::custom(format_args!("{} at `{}`", e.inner(), e.path())))
            }
        }
    }
}
