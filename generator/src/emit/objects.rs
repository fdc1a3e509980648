//! Serde of a struct, through the runtime's `Object` (`runtime/object.rs`) instead of serde's
//! derive, which was half of the client's compile time.
//!
//! ```text
//! impl crate::runtime::object::Object for Order {
//!     const NAME: &'static str = "Order";
//!
//!     fn read<'de, M: MapAccess<'de>>(fields: &mut Fields<'de, M>) -> Result<Self, M::Error> {
//!         let mut id = None;
//!         let mut notes = None;
//!         let mut unknown_fields = BTreeMap::new();
//!         while let Some(key) = fields.next_key() {
//!             match key {
//!                 "id" => fields.value(&mut id),
//!                 "notes" => fields.value(&mut notes),
//!                 _ => fields.unknown(&mut unknown_fields),
//!             }
//!         }
//!         fields.end()?;
//!         Ok(Order {
//!             id: fields.required(id, "id")?,
//!             notes: notes.unwrap_or_default(),
//!             unknown_fields,
//!         })
//!     }
//!
//!     fn write<M: SerializeMap>(&self, writer: &mut Writer<'_, M>) {
//!         writer.field("id", &self.id);
//!         writer.optional("notes", &self.notes);
//!         writer.entries(&self.unknown_fields);
//!     }
//! }
//! crate::object_serde!(Order);
//! ```
//!
//! The rules are serde's derive's for the attributes the structs had: a required field must be
//! there (`T`); any other field may be missing (`None`, `Patch::Omit`); optional fields are
//! left out when `None`, tri-state ones when omitted; the struct's map takes the rest.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Presence, Struct, TypeDef};
use crate::lower::naming::unraw;

/// `impl Object for name` and the serde impls through it.
pub(super) fn impls(def: &TypeDef, s: &Struct, name: &Ident) -> TokenStream {
    let taken: Vec<String> = s
        .fields
        .iter()
        .map(|f| unraw(&f.name).to_owned())
        .chain(s.flattened.iter().map(|f| unraw(&f.name).to_owned()))
        .collect();
    let fields = fresh("fields", &taken);
    let rest = fresh("rest", &taken);
    let key = fresh("key", &taken);
    let wire_name = name.to_string();

    let mut locals = Vec::with_capacity(s.fields.len() + 1);
    let mut arms = Vec::with_capacity(s.fields.len());
    let mut init = Vec::with_capacity(s.fields.len() + 1);
    let mut write = Vec::with_capacity(s.fields.len() + 1);
    for f in &s.fields {
        let field = ident(&f.name);
        let local = variable(&f.name, &taken);
        let wire = &f.wire;
        locals.push(quote!(let mut #local = None;));
        arms.push(quote!(#wire => #fields.value(&mut #local),));
        match f.presence(def) {
            Presence::Required => {
                init.push(quote!(#field: #fields.required(#local, #wire)?,));
                write.push(quote!(writer.field(#wire, &self.#field);));
            }
            Presence::RequiredNullable => {
                init.push(quote!(#field: #local.unwrap_or_default(),));
                write.push(quote!(writer.field(#wire, &self.#field);));
            }
            Presence::Optional => {
                init.push(quote!(#field: #local.unwrap_or_default(),));
                write.push(quote!(writer.optional(#wire, &self.#field);));
            }
            Presence::Patch => {
                init.push(quote!(#field: #local.unwrap_or_default(),));
                write.push(quote!(writer.patch(#wire, &self.#field);));
            }
        }
    }
    // What the listed fields do not take: the flattened unions' entries, the map of the
    // additional or unknown properties, or nothing.
    let other: TokenStream = if !s.flattened.is_empty() {
        locals.push(quote!(let mut #rest = ::serde_json::Map::new();));
        for f in &s.flattened {
            let local = ident(&f.name);
            init.push(quote!(#local: #fields.flattened(&#rest)?,));
            write.push(quote!(writer.flattened(&self.#local);));
        }
        quote!(#fields.rest(&mut #rest))
    } else if s.additional.is_some() || (!s.closed && !def.in_request) {
        let local = format_ident!(
            "{}",
            match s.additional {
                Some(_) => "additional_properties",
                None => "unknown_fields",
            }
        );
        locals.push(quote!(let mut #local = ::std::collections::BTreeMap::new();));
        init.push(quote!(#local,));
        write.push(quote!(writer.entries(&self.#local);));
        quote!(#fields.unknown(&mut #local))
    } else {
        quote!(#fields.skip())
    };
    let loop_ = if arms.is_empty() {
        quote! {
            while #fields.next_key().is_some() {
                #other;
            }
        }
    } else {
        quote! {
            while let Some(#key) = #fields.next_key() {
                match #key {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };
    // Both are generic: they are compiled where a program encodes or decodes the struct, not
    // for every struct in the client crate (issue 15).
    // A struct with nothing to write (an empty object) does not use its writer.
    let writer = format_ident!(
        "{}",
        if write.is_empty() {
            "_writer"
        } else {
            "writer"
        }
    );
    quote! {
        impl crate::runtime::object::Object for #name {
            const NAME: &'static str = #wire_name;

            fn read<'de, M: ::serde::de::MapAccess<'de>>(
                #fields: &mut crate::runtime::object::Fields<'de, M>,
            ) -> Result<Self, M::Error> {
                #(#locals)*
                #loop_
                #fields.end()?;
                Ok(#name { #(#init)* })
            }

            fn write<M: ::serde::ser::SerializeMap>(
                &self,
                #writer: &mut crate::runtime::object::Writer<'_, M>,
            ) {
                #(#write)*
            }
        }
        crate::object_serde!(#name);
    }
}

/// The reader's variable for a field: the field's name, unless clippy refuses it for a
/// variable (`disallowed_names`, default list: `foo_`; `just_underscores_and_digits`, a wire
/// name like `+1`: `value_1`), with underscores after it if a field already has that name.
pub(super) fn variable(name: &str, taken: &[String]) -> Ident {
    let bare = unraw(name);
    if ["foo", "baz", "quux"].contains(&bare) {
        fresh(&format!("{bare}_"), taken)
    } else if bare.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        fresh(&format!("value{bare}"), taken)
    } else {
        ident(name)
    }
}

/// `base`, or `base` with underscores after it until no field has that name.
fn fresh(base: &str, taken: &[String]) -> Ident {
    let mut name = base.to_owned();
    while taken.contains(&name) {
        name.push('_');
    }
    format_ident!("{name}")
}
