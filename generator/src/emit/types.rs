//! Named types -> `pub mod types`.
//!
//! | IR                    | Rust                                                          |
//! |-----------------------|---------------------------------------------------------------|
//! | `Struct`              | `struct`, serde through `runtime::object` (`objects`); `Default` when no field is required |
//! | field required        | `T`                                                           |
//! | field required, null  | `Option<T>` (sent as `null` when `None`)                      |
//! | field optional        | `Option<T>`, left out when `None`                             |
//! | optional + nullable, in a request type | `Patch<T>`: omit / `null` / value            |
//! | open `Enum`           | unit variants + `Other(String)`, serde through `runtime::string_enum` |
//! | closed `Enum`         | unit variants, `Copy`                                         |
//! | `Untagged`            | `#[serde(untagged)] enum`, one variant per member             |
//! | `Tagged`              | `enum` + `Unknown`, serde impls by the tag (`unions`)         |
//! | `Struct` `flattened`  | fields read from the entries the others leave; no `unknown_fields` (the union keeps them) |
//! | `Alias`               | `pub type`                                                    |
//!
//! Structs and open enums are `#[non_exhaustive]`, so that a spec that adds a field or a value
//! is a minor release of the client: structs are built by `new` or `Default` and setters
//! (`setters`), and a `match` on an open enum has a wildcard arm.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::setters::{self, Kind, Member};
use super::{doc, ident, objects, ty, Part};
use crate::ir::{Api, Enum, Field, Presence, Struct, Type, TypeDef, TypeId, TypeKind};

/// `pub mod types`: every named type, in the order the IR holds them.
pub fn module(api: &Api) -> Part<'_> {
    let items = api.types.iter().enumerate().map(|(i, def)| {
        Part::items(move || {
            let cfg = super::features::of_type(api, TypeId(i));
            super::features::gate(&cfg, type_def(api, def))
        })
    });
    super::module(
        " Types of the request and response bodies, one per schema of the spec.",
        super::any_deprecated(api),
        "types",
        items.collect(),
    )
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = doc::attrs(def.doc.as_deref());
    let deprecated = deprecated(def.deprecated);
    let attrs = quote!(#docs #deprecated);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) if def.form => form_structure(api, s, attrs, &name),
        TypeKind::Struct(s) => {
            let structure = structure(api, def, s, attrs, &name);
            let object = objects::impls(def, s, &name);
            quote!(#structure #object)
        }
        TypeKind::Enum(e) => enumeration(e, attrs, &name),
        TypeKind::Untagged(variants) => {
            let variants = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let payload = ty(api, &v.ty);
                quote!(#variant(#payload),)
            });
            quote! {
                #attrs
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                #[allow(clippy::large_enum_variant)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Tagged(t) => super::unions::tagged(api, t, attrs, !docs.is_empty(), &name),
        TypeKind::Alias(target) => {
            let target = ty(api, target);
            quote!(#attrs pub type #name = #target;)
        }
    }
}

/// `#[deprecated]`, when the spec says so.
fn deprecated(deprecated: bool) -> TokenStream {
    match deprecated {
        true => quote!(#[deprecated]),
        false => TokenStream::new(),
    }
}

fn structure(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    attrs: TokenStream,
    name: &Ident,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| field(api, def, f));
    let flattened = s.flattened.iter().map(|f| {
        let docs = doc::attrs(f.doc.as_deref());
        let field = ident(&f.name);
        let t = ty(api, &f.ty);
        quote!(#docs pub #field: #t,)
    });
    let rest = match &s.additional {
        // The flattened union sees every property the fields do not take; a map beside it
        // would hold them a second time.
        _ if !s.flattened.is_empty() => TokenStream::new(),
        Some(t) => {
            let t = ty(api, t);
            quote! {
                #[doc = " Properties beyond the listed ones, which the spec allows."]
                pub additional_properties: ::std::collections::BTreeMap<String, #t>,
            }
        }
        // What the server sends beyond the spec is kept, not dropped: a newer server may add
        // fields before the spec lists them. Types the caller builds for requests skip this.
        None if !s.closed && !def.in_request => quote! {
            #[doc = " Fields the server sent that this version of the spec does not list."]
            pub unknown_fields: ::std::collections::BTreeMap<String, ::serde_json::Value>,
        },
        None => TokenStream::new(),
    };
    // Serde comes from the runtime's `Object` (see `objects`), not the derive.
    let default = default_derive(s);
    let members = s.fields.iter().map(|f| {
        let inner = ty(api, &f.ty);
        let kind = match f.presence(def) {
            Presence::Required => Kind::Required {
                ty: inner,
                into: true,
            },
            Presence::RequiredNullable => Kind::Required {
                ty: quote!(Option<#inner>),
                into: false,
            },
            Presence::Optional => Kind::Optional(inner),
            Presence::Patch => Kind::Patch(inner),
        };
        Member {
            name: f.name.clone(),
            kind,
            deprecated: f.deprecated,
        }
    });
    let unions = s.flattened.iter().map(|f| Member {
        name: f.name.clone(),
        kind: Kind::Required {
            ty: ty(api, &f.ty),
            into: true,
        },
        deprecated: false,
    });
    let map = match rest.is_empty() {
        true => None,
        false => Some(Member {
            name: match s.additional {
                Some(_) => "additional_properties",
                None => "unknown_fields",
            }
            .to_owned(),
            kind: Kind::Fixed(quote!(::std::collections::BTreeMap::new())),
            deprecated: false,
        }),
    };
    let members: Vec<Member> = members.chain(unions).chain(map).collect();
    let setters = setters::impls(name, &members);
    quote! {
        #attrs
        #[derive(Clone, Debug, #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #(#flattened)*
            #rest
        }

        #setters
    }
}

/// The doc lines of a field the spec requires but deprecates, read as optional.
const RELAXED: [&str; 2] = [
    " Optional although the spec requires it: it is deprecated, so the API may stop sending it,",
    " and what the client reads must still decode then (`--strict-deprecated` keeps it required).",
];

fn field(api: &Api, def: &TypeDef, f: &Field) -> TokenStream {
    let docs = doc::attrs(f.doc.as_deref());
    let why = RELAXED.iter();
    let relaxed = match (f.relaxed, docs.is_empty()) {
        (false, _) => TokenStream::new(),
        (true, true) => quote!(#(#[doc = #why])*),
        (true, false) => quote!(#[doc = ""] #(#[doc = #why])*),
    };
    let deprecated = deprecated(f.deprecated);
    // A type nested this deep is what the spec says; naming its parts would not help.
    let complex = match depth(&f.ty) >= 4 {
        true => quote!(#[allow(clippy::type_complexity)]),
        false => TokenStream::new(),
    };
    let name = ident(&f.name);
    let t = field_type(api, def, f);
    quote!(#docs #relaxed #deprecated #complex pub #name: #t,)
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

/// The body of a multipart request: plain fields (files are `runtime::File`) and the
/// conversion into form parts, one per field (none for an absent optional field).
fn form_structure(api: &Api, s: &Struct, attrs: TokenStream, name: &Ident) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let docs = doc::attrs(f.doc.as_deref());
        let field = ident(&f.name);
        let t = ty(api, &f.ty);
        let t = match f.required {
            true => t,
            false => quote!(Option<#t>),
        };
        quote!(#docs pub #field: #t,)
    });
    let parts = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        match holds_file(&f.ty) {
            true => quote!(.file(#wire, &self.#field)),
            false => quote!(.text(#wire, &self.#field)),
        }
    });
    let default = default_derive(s);
    let members: Vec<Member> = s
        .fields
        .iter()
        .map(|f| Member {
            name: f.name.clone(),
            kind: match f.required {
                true => Kind::Required {
                    ty: ty(api, &f.ty),
                    into: true,
                },
                false => Kind::Optional(ty(api, &f.ty)),
            },
            deprecated: f.deprecated,
        })
        .collect();
    let setters = setters::impls(name, &members);
    quote! {
        #attrs
        #[doc = ""]
        #[doc = " Sent as `multipart/form-data`, one part per field."]
        #[derive(Clone, Debug, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #setters

        impl #name {
            pub(crate) fn to_form(&self) -> crate::runtime::Form {
                crate::runtime::Form::new() #(#parts)*
            }
        }
    }
}

/// `Default,` for the derive list of a struct whose fields may all be left out.
fn default_derive(s: &Struct) -> TokenStream {
    match s.fields.iter().all(|f| !f.required) && s.flattened.is_empty() {
        true => quote!(Default,),
        false => TokenStream::new(),
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

/// A string enum, its wire values, and serde through the runtime's `StringEnum` (the values
/// read in one `match`), which compiles in a fraction of the time serde's derive takes for
/// the same enum.
fn enumeration(e: &Enum, attrs: TokenStream, name: &Ident) -> TokenStream {
    let variants = e.values.iter().map(|v| ident(&v.name)).collect::<Vec<_>>();
    let wires = e.values.iter().map(|v| &v.wire).collect::<Vec<_>>();
    let (other, copy, other_str, from_unknown) = match e.open {
        true => (
            quote! {
                #[doc = " A value this version of the client does not know yet, kept as sent."]
                Other(String),
            },
            TokenStream::new(),
            quote!(#name::Other(value) => value,),
            quote! {
                fn from_unknown(value: String) -> Option<Self> {
                    Some(#name::Other(value))
                }
            },
        ),
        // A closed enum keeps the trait's default: an unknown value is an error.
        false => (
            TokenStream::new(),
            quote!(Copy,),
            TokenStream::new(),
            TokenStream::new(),
        ),
    };
    // An open enum gains values from one version of the spec to the next: code outside the
    // crate matches it with a wildcard arm, so a new value is not a breaking change.
    let non_exhaustive = match e.open {
        true => quote!(#[non_exhaustive]),
        false => TokenStream::new(),
    };
    quote! {
        #attrs
        #[derive(Clone, #copy Debug, PartialEq, Eq, Hash)]
        #non_exhaustive
        pub enum #name {
            #(#variants,)*
            #other
        }

        impl #name {
            #[doc = " The value as it is sent on the wire."]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#variants => #wires,)*
                    #other_str
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::runtime::string_enum::StringEnum for #name {
            const VALUES: &'static [&'static str] = &[#(#wires),*];
            fn from_known(value: &str) -> Option<Self> {
                match value {
                    #(#wires => Some(#name::#variants),)*
                    _ => None,
                }
            }
            #from_unknown
        }

        crate::string_enum_serde!(#name);
    }
}
