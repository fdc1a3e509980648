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

use proc_macro2::Ident;
use quote::{format_ident, ToTokens};
use syn::parse_quote;

use super::ident;
use super::syntax::{
    arm, binding, block, call, let_mut, matching, method_call, name as fixed, path, question,
    reference, self_field, statement, string, string_pattern, type_of, var, wild,
};
use crate::ir::{Presence, Struct, TypeDef};
use crate::lower::naming::unraw;

/// The parts that are the same for every struct, read once per module and copied per struct;
/// what differs is built as `syn` trees directly, which is several times cheaper than writing
/// tokens and parsing them back.
pub(super) struct Template {
    object: syn::ItemImpl,
    serde: syn::ItemMacro,
}

impl Template {
    pub(super) fn new() -> Self {
        Template {
            object: parse_quote! {
                impl crate::runtime::object::Object for Name {
                    const NAME: &'static str = "Name";

                    fn read<'de, M: ::serde::de::MapAccess<'de>>(
                        fields: &mut crate::runtime::object::Fields<'de, M>,
                    ) -> Result<Self, M::Error> {}

                    fn write<M: ::serde::ser::SerializeMap>(
                        &self,
                        writer: &mut crate::runtime::object::Writer<'_, M>,
                    ) {}
                }
            },
            serde: parse_quote!(crate::object_serde!(Name);),
        }
    }
}

/// `impl Object for name` and the serde impls through it.
pub(super) fn impls(
    template: &Template,
    def: &TypeDef,
    s: &Struct,
    name: &Ident,
) -> [syn::Item; 2] {
    let taken: Vec<String> = s
        .fields
        .iter()
        .map(|f| unraw(&f.name).to_owned())
        .chain(s.flattened.iter().map(|f| unraw(&f.name).to_owned()))
        .collect();
    let fields = fresh("fields", &taken);
    let rest = fresh("rest", &taken);
    let key = fresh("key", &taken);
    let writer = fixed("writer");
    // `fields.method(args)` and `writer.method(args)`.
    let on_fields =
        |method: &str, args: Vec<syn::Expr>| method_call(var(fields.clone()), method, args);
    let on_writer = |method: &str, args: Vec<syn::Expr>| {
        statement(method_call(var(writer.clone()), method, args))
    };

    let mut locals = Vec::with_capacity(s.fields.len() + 4);
    let mut arms = Vec::with_capacity(s.fields.len() + 1);
    let mut init = Vec::with_capacity(s.fields.len() + 1);
    let mut write = Vec::with_capacity(s.fields.len() + 1);
    for f in &s.fields {
        let field = ident(&f.name);
        let local = variable(&f.name, &taken);
        let wire = &f.wire;
        locals.push(let_mut(local.clone(), var(fixed("None"))));
        arms.push(arm(
            string_pattern(wire),
            on_fields("value", vec![reference(true, var(local.clone()))]),
        ));
        let (value, writes) = match f.presence(def) {
            Presence::Required => (
                question(on_fields("required", vec![var(local), string(wire)])),
                "field",
            ),
            Presence::RequiredNullable => (unwrap_or_default(local), "field"),
            Presence::Optional => (unwrap_or_default(local), "optional"),
            Presence::Patch => (unwrap_or_default(local), "patch"),
        };
        init.push(field_value(field.clone(), Some(value)));
        write.push(on_writer(
            writes,
            vec![string(wire), reference(false, self_field(field))],
        ));
    }
    // What the listed fields do not take: the flattened unions' entries, the map of the
    // additional or unknown properties, or nothing.
    let other = if !s.flattened.is_empty() {
        locals.push(let_mut(
            rest.clone(),
            call(
                path(true, [fixed("serde_json"), fixed("Map"), fixed("new")]),
                [],
            ),
        ));
        for f in &s.flattened {
            let field = ident(&f.name);
            let value = question(on_fields(
                "flattened",
                vec![reference(false, var(rest.clone()))],
            ));
            init.push(field_value(field.clone(), Some(value)));
            write.push(on_writer(
                "flattened",
                vec![reference(false, self_field(field))],
            ));
        }
        on_fields("rest", vec![reference(true, var(rest))])
    } else if s.additional.is_some() || (!s.closed && !def.in_request) {
        let local = fixed(match s.additional {
            Some(_) => "additional_properties",
            None => "unknown_fields",
        });
        let map = path(
            true,
            [
                fixed("std"),
                fixed("collections"),
                fixed("BTreeMap"),
                fixed("new"),
            ],
        );
        locals.push(let_mut(local.clone(), call(map, [])));
        init.push(field_value(local.clone(), None));
        write.push(on_writer(
            "entries",
            vec![reference(false, self_field(local.clone()))],
        ));
        on_fields("unknown", vec![reference(true, var(local))])
    } else {
        on_fields("skip", vec![])
    };
    let next_key = on_fields("next_key", vec![]);
    let loop_ = if arms.is_empty() {
        // `while fields.next_key().is_some() { other; }`
        while_(method_call(next_key, "is_some", []), vec![statement(other)])
    } else {
        // `while let Some(key) = fields.next_key() { match key { arms, _ => other } }`
        arms.push(arm(wild(), other));
        let some_key = syn::Pat::TupleStruct(syn::PatTupleStruct {
            attrs: Vec::new(),
            qself: None,
            path: path(false, [fixed("Some")]),
            paren_token: Default::default(),
            elems: [binding(false, key.clone())].into_iter().collect(),
        });
        let condition = syn::Expr::Let(syn::ExprLet {
            attrs: Vec::new(),
            let_token: Default::default(),
            pat: Box::new(some_key),
            eq_token: Default::default(),
            expr: Box::new(next_key),
        });
        while_(
            condition,
            vec![syn::Stmt::Expr(matching(var(key), arms), None)],
        )
    };
    let mut read = locals;
    read.push(syn::Stmt::Expr(loop_, None));
    read.push(statement(question(on_fields("end", vec![]))));
    let built = syn::Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(false, [name.clone()]),
        brace_token: Default::default(),
        fields: init.into_iter().collect(),
        dot2_token: None,
        rest: None,
    });
    read.push(syn::Stmt::Expr(
        call(path(false, [fixed("Ok")]), [built]),
        None,
    ));

    // Both are generic: they are compiled where a program encodes or decodes the struct, not
    // for every struct in the client crate (issue 15).
    let mut object = template.object.clone();
    object.self_ty = Box::new(type_of(path(false, [name.clone()])));
    // A struct with nothing to write (an empty object) does not use its writer.
    let writer_param = if write.is_empty() {
        fixed("_writer")
    } else {
        writer
    };
    for item in &mut object.items {
        match item {
            syn::ImplItem::Const(c) => c.expr = string(&name.to_string()),
            syn::ImplItem::Fn(f) if f.sig.ident == "read" => {
                rename_parameter(f, 0, fields.clone());
                f.block = block(std::mem::take(&mut read));
            }
            syn::ImplItem::Fn(f) => {
                rename_parameter(f, 1, writer_param.clone());
                f.block = block(std::mem::take(&mut write));
            }
            _ => {}
        }
    }
    let mut serde = template.serde.clone();
    serde.mac.tokens = name.to_token_stream();
    [syn::Item::Impl(object), syn::Item::Macro(serde)]
}

/// `local.unwrap_or_default()`.
fn unwrap_or_default(local: Ident) -> syn::Expr {
    method_call(var(local), "unwrap_or_default", [])
}

/// `member: value` in a struct expression, or `member` alone.
fn field_value(member: Ident, value: Option<syn::Expr>) -> syn::FieldValue {
    syn::FieldValue {
        attrs: Vec::new(),
        colon_token: value.is_some().then(Default::default),
        expr: value.unwrap_or_else(|| var(member.clone())),
        member: syn::Member::Named(member),
    }
}

/// `while condition { body }`.
fn while_(condition: syn::Expr, body: Vec<syn::Stmt>) -> syn::Expr {
    syn::Expr::While(syn::ExprWhile {
        attrs: Vec::new(),
        label: None,
        while_token: Default::default(),
        cond: Box::new(condition),
        body: block(body),
    })
}

/// Names the `index`th parameter of `f`.
fn rename_parameter(f: &mut syn::ImplItemFn, index: usize, ident: Ident) {
    if let Some(syn::FnArg::Typed(parameter)) = f.sig.inputs.iter_mut().nth(index) {
        *parameter.pat = binding(false, ident);
    }
}

/// The reader's variable for a field: the field's name, unless clippy refuses it for a
/// variable (`disallowed_names`, default list: `foo_`; `just_underscores_and_digits`, a wire
/// name like `+1`: `value_1`), with underscores after it if a field already has that name.
fn variable(name: &str, taken: &[String]) -> Ident {
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
