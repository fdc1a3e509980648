//! Named types -> `pub mod types`.
//!
//! | IR                    | Rust                                                          |
//! |-----------------------|---------------------------------------------------------------|
//! | `Struct`              | `struct` deriving serde; `Default` when no field is required  |
//! | field required        | `T`                                                           |
//! | field required, null  | `Option<T>` (sent as `null` when `None`)                      |
//! | field optional        | `Option<T>`, left out when `None`                             |
//! | optional + nullable, in a request type | `Patch<T>`: omit / `null` / value            |
//! | open `Enum`           | unit variants + `#[serde(untagged)] Other(String)`            |
//! | closed `Enum`         | unit variants, `Copy`                                         |
//! | `Untagged`            | `#[serde(untagged)] enum`, one variant per member             |
//! | `Alias`               | `pub type`                                                    |

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, ty};
use crate::ir::{Api, Enum, Field, Presence, Struct, Type, TypeDef, TypeKind};
use crate::lower::naming::unraw;

/// `pub mod types` with the types in `range`; the module's doc and attributes only with the
/// first part (`first`), so that the parts, formatted apart, join into one module.
pub fn module(api: &Api, range: std::ops::Range<usize>, first: bool) -> TokenStream {
    let items = api.types[range].iter().map(|def| type_def(api, def));
    if !first {
        return quote!(pub mod types { #(#items)* });
    }
    let allow_deprecated = super::allow_deprecated(api);
    quote! {
        #[doc = " Types of the request and response bodies, one per schema of the spec."]
        pub mod types {
            #allow_deprecated
            #(#items)*
        }
    }
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = doc::attrs(def.doc.as_deref());
    let docs = match def.deprecated {
        true => quote!(#docs #[deprecated]),
        false => docs,
    };
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(api, def, s, docs),
        TypeKind::Enum(e) => enumeration(def, e, docs),
        TypeKind::Untagged(variants) => {
            let variants = variants.iter().map(|v| {
                let vname = ident(&v.name);
                let vty = ty(api, &v.ty);
                quote!(#vname(#vty),)
            });
            quote! {
                #docs
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                #[allow(clippy::large_enum_variant)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Alias(target) => {
            let target = ty(api, target);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

fn structure(api: &Api, def: &TypeDef, s: &Struct, docs: TokenStream) -> TokenStream {
    if def.form {
        return form_structure(api, def, s, docs);
    }
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| field(api, def, f));
    let additional = match &s.additional {
        Some(t) => {
            let t = ty(api, t);
            Some(quote! {
                #[doc = " Properties beyond the listed ones, which the spec allows."]
                #[serde(flatten)]
                pub additional_properties: ::std::collections::BTreeMap<String, #t>,
            })
        }
        // What the server sends beyond the spec is kept, not dropped: a newer server may add
        // fields before the spec lists them. Types the caller builds for requests skip this.
        None if !s.closed && !def.in_request => Some(quote! {
            #[doc = " Fields the server sent that this version of the spec does not list."]
            #[serde(flatten)]
            pub unknown_fields: ::std::collections::BTreeMap<String, ::serde_json::Value>,
        }),
        None => None,
    };
    let default = default_derive(s);
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// The body of a multipart request: plain fields (files are `runtime::File`) and the
/// conversion into form parts, one per field (none for an absent optional field).
fn form_structure(api: &Api, def: &TypeDef, s: &Struct, docs: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| {
        let docs = doc::attrs(f.doc.as_deref());
        let fname = ident(&f.name);
        let t = ty(api, &f.ty);
        let t = if f.required { t } else { quote!(Option<#t>) };
        quote!(#docs pub #fname: #t,)
    });
    let parts = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        if holds_file(&f.ty) {
            quote!(.file(#wire, &self.#fname))
        } else {
            quote!(.text(#wire, &self.#fname))
        }
    });
    let default = default_derive(s);
    quote! {
        #docs
        #[doc = ""]
        #[doc = " Sent as `multipart/form-data`, one part per field."]
        #[derive(Clone, Debug, #default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            pub(crate) fn to_form(&self) -> crate::runtime::Form {
                crate::runtime::Form::new() #(#parts)*
            }
        }
    }
}

/// `Default,` for the derive list of a struct whose fields may all be left out.
fn default_derive(s: &Struct) -> TokenStream {
    if s.fields.iter().all(|f| !f.required) {
        quote!(Default,)
    } else {
        TokenStream::new()
    }
}

/// How many containers a type nests (`Option<Vec<Box<T>>>` is 3).
fn depth(t: &Type) -> usize {
    match t {
        Type::Vec(inner) | Type::Map(inner) | Type::Option(inner) | Type::Box(inner) => {
            1 + depth(inner)
        }
        _ => 0,
    }
}

/// Whether a field's values are files.
fn holds_file(t: &Type) -> bool {
    match t {
        Type::Bytes => true,
        Type::Vec(inner) | Type::Option(inner) | Type::Box(inner) => holds_file(inner),
        _ => false,
    }
}

/// The Rust type of field `f` of struct `def`, as its [`Presence`] makes it.
pub(crate) fn field_type(api: &Api, def: &TypeDef, f: &Field) -> TokenStream {
    let inner = ty(api, &f.ty);
    match f.presence(def) {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#inner>),
        Presence::Patch => quote!(crate::runtime::Patch<#inner>),
    }
}

fn field(api: &Api, def: &TypeDef, f: &Field) -> TokenStream {
    let docs = doc::attrs(f.doc.as_deref());
    let name = ident(&f.name);
    let rename = (unraw(&f.name) != f.wire).then(|| {
        let wire = &f.wire;
        quote!(rename = #wire,)
    });
    let rust_ty = field_type(api, def, f);
    let serde = match f.presence(def) {
        Presence::Required | Presence::RequiredNullable => rename.map(|r| quote!(#[serde(#r)])),
        Presence::Patch => Some(
            quote!(#[serde(#rename default, skip_serializing_if = "crate::runtime::Patch::is_omit")]),
        ),
        Presence::Optional => {
            Some(quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")]))
        }
    };
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    // A type nested this deep is what the spec says; naming its parts would not help.
    let complex = (depth(&f.ty) >= 4).then(|| quote!(#[allow(clippy::type_complexity)]));
    quote! {
        #docs
        #deprecated
        #complex
        #serde
        pub #name: #rust_ty,
    }
}

fn enumeration(def: &TypeDef, e: &Enum, docs: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let variants = e.values.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote!(#[serde(rename = #wire)] #vname,)
    });
    let arms = e.values.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote!(#name::#vname => #wire,)
    });
    let (other, other_arm, copy) = if e.open {
        (
            quote! {
                #[doc = " A value this version of the client does not know yet, kept as sent."]
                #[serde(untagged)]
                Other(String),
            },
            quote!(#name::Other(value) => value,),
            TokenStream::new(),
        )
    } else {
        (TokenStream::new(), TokenStream::new(), quote!(Copy,))
    };
    quote! {
        #docs
        #[derive(Clone, #copy Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #name {
            #(#variants)*
            #other
        }

        impl #name {
            #[doc = " The value as it is sent on the wire."]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    #other_arm
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
