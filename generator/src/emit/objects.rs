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
//!
//! Such impls are four tenths of the generated code. `generate` writes most of them as text
//! ([`text`]) rather than as `syn` trees for prettyplease, which is much cheaper; the `syn`
//! way ([`impls`]) is kept for the rest and for `emit::api`, and the tests hold the two equal
//! byte for byte.

use proc_macro2::Ident;
use quote::format_ident;
use syn::parse_quote;

use super::ident;
use super::syntax::{
    self, arm, binding, block, call, let_mut, matching, method_call, name as fixed, path, question,
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
    placeholder: syn::Item,
}

/// The line prettyplease prints for the item that stands in `pub mod types` for an impl
/// written as text (see [`text`]), replaced by that text once the module is printed.
pub const PLACEHOLDER: &str = "    __object_impl!();";

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
            placeholder: parse_quote!(__object_impl!();),
        }
    }
}

/// What both renderings of a struct's `impl Object` work from: the reader's variable names
/// (none of them a field's) and what each field becomes.
pub(super) struct Plan {
    /// The reader's parameter, `fields` unless a field has that name.
    fields: Ident,
    /// The key matched in the reader's loop.
    key: Ident,
    /// The writer's parameter: `_writer` when there is nothing to write.
    writer: Ident,
    entries: Vec<Entry>,
    other: Other,
}

/// A listed field: `local` read from `wire`, then stored in `field`; `required` ones must be
/// there; `write` is the writer's method that writes it.
struct Entry {
    field: Ident,
    local: Ident,
    wire: String,
    required: bool,
    write: &'static str,
}

/// What the listed fields do not take.
enum Other {
    /// The flattened unions' fields, read from the map `rest` of the other entries.
    Flattened { rest: Ident, unions: Vec<Ident> },
    /// The map of additional or unknown properties, a field and the reader's variable.
    Map(Ident),
    /// Nothing: other entries are skipped.
    Skip,
}

/// The names and entries of `s`'s impl, for [`text`] and [`impls`].
pub(super) fn plan(def: &TypeDef, s: &Struct) -> Plan {
    let taken: Vec<String> = s
        .fields
        .iter()
        .map(|f| unraw(&f.name).to_owned())
        .chain(s.flattened.iter().map(|f| unraw(&f.name).to_owned()))
        .collect();
    let entries: Vec<Entry> = s
        .fields
        .iter()
        .map(|f| {
            let (required, write) = match f.presence(def) {
                Presence::Required => (true, "field"),
                Presence::RequiredNullable => (false, "field"),
                Presence::Optional => (false, "optional"),
                Presence::Patch => (false, "patch"),
            };
            Entry {
                field: ident(&f.name),
                local: variable(&f.name, &taken),
                wire: f.wire.clone(),
                required,
                write,
            }
        })
        .collect();
    let other = if !s.flattened.is_empty() {
        Other::Flattened {
            rest: fresh("rest", &taken),
            unions: s.flattened.iter().map(|f| ident(&f.name)).collect(),
        }
    } else if s.additional.is_some() || (!s.closed && !def.in_request) {
        Other::Map(fixed(match s.additional {
            Some(_) => "additional_properties",
            None => "unknown_fields",
        }))
    } else {
        Other::Skip
    };
    // A struct with nothing to write (an empty object) does not use its writer.
    let writes = !entries.is_empty() || !matches!(other, Other::Skip);
    Plan {
        fields: fresh("fields", &taken),
        key: fresh("key", &taken),
        writer: fixed(if writes { "writer" } else { "_writer" }),
        entries,
        other,
    }
}

/// `impl Object for name` and the serde impls through it.
pub(super) fn impls(template: &Template, plan: &Plan, name: &Ident) -> [syn::Item; 2] {
    let Plan {
        fields,
        key,
        writer,
        ..
    } = plan;
    // `fields.method(args)` and `writer.method(args)`.
    let on_fields =
        |method: &str, args: Vec<syn::Expr>| method_call(var(fields.clone()), method, args);
    let on_writer = |method: &str, args: Vec<syn::Expr>| {
        statement(method_call(var(writer.clone()), method, args))
    };

    let mut locals = Vec::with_capacity(plan.entries.len() + 1);
    let mut arms = Vec::with_capacity(plan.entries.len() + 1);
    let mut init = Vec::with_capacity(plan.entries.len() + 1);
    let mut write = Vec::with_capacity(plan.entries.len() + 1);
    for e in &plan.entries {
        let local = || var(e.local.clone());
        locals.push(let_mut(e.local.clone(), var(fixed("None"))));
        arms.push(arm(
            string_pattern(&e.wire),
            on_fields("value", vec![reference(true, local())]),
        ));
        let value = match e.required {
            true => question(on_fields("required", vec![local(), string(&e.wire)])),
            false => method_call(local(), "unwrap_or_default", []),
        };
        init.push(field_value(e.field.clone(), Some(value)));
        write.push(on_writer(
            e.write,
            vec![
                string(&e.wire),
                reference(false, self_field(e.field.clone())),
            ],
        ));
    }
    let other = match &plan.other {
        Other::Flattened { rest, unions } => {
            let new = path(true, [fixed("serde_json"), fixed("Map"), fixed("new")]);
            locals.push(let_mut(rest.clone(), call(new, [])));
            for union in unions {
                let value = question(on_fields(
                    "flattened",
                    vec![reference(false, var(rest.clone()))],
                ));
                init.push(field_value(union.clone(), Some(value)));
                write.push(on_writer(
                    "flattened",
                    vec![reference(false, self_field(union.clone()))],
                ));
            }
            on_fields("rest", vec![reference(true, var(rest.clone()))])
        }
        Other::Map(map) => {
            let new = ["std", "collections", "BTreeMap", "new"].map(fixed);
            locals.push(let_mut(map.clone(), call(path(true, new), [])));
            init.push(field_value(map.clone(), None));
            write.push(on_writer(
                "entries",
                vec![reference(false, self_field(map.clone()))],
            ));
            on_fields("unknown", vec![reference(true, var(map.clone()))])
        }
        Other::Skip => on_fields("skip", vec![]),
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
            vec![syn::Stmt::Expr(matching(var(key.clone()), arms), None)],
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
    for item in &mut object.items {
        match item {
            syn::ImplItem::Const(c) => c.expr = string(&name.to_string()),
            syn::ImplItem::Fn(f) if f.sig.ident == "read" => {
                rename_parameter(f, 0, fields.clone());
                f.block = block(std::mem::take(&mut read));
            }
            syn::ImplItem::Fn(f) => {
                rename_parameter(f, 1, writer.clone());
                f.block = block(std::mem::take(&mut write));
            }
            _ => {}
        }
    }
    [syn::Item::Impl(object), serde_item(template, name)]
}

/// The item that stands for an impl written as text.
pub(super) fn placeholder(template: &Template) -> syn::Item {
    template.placeholder.clone()
}

/// `crate::object_serde!(name);`.
pub(super) fn serde_item(template: &Template, name: &Ident) -> syn::Item {
    syntax::macro_for(&template.serde, name)
}

/// The same `impl Object` as [`impls`] builds, as the text prettyplease prints for it inside
/// `pub mod types` (before blank lines are added), written directly: building, printing and
/// freeing the `syn` tree of some 30,000 lines of such impls was most of the generation time.
/// `None` where a line might not print as written here (a long name may make prettyplease
/// break a line; a short struct expression stays on one line): then the impl goes the `syn`
/// way. `generator/tests/surface.rs` and the corpus tests hold the two ways equal.
pub(super) fn text(plan: &Plan, name: &Ident) -> Option<String> {
    /// Lines up to this width are printed as they are: prettyplease's margin is 89 columns.
    const WIDTH: usize = 88;
    let (fields, key, writer) = (&plan.fields, &plan.key, &plan.writer);
    let lit = |text: &str| proc_macro2::Literal::string(text).to_string();
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut init = Vec::new();
    let mut write = Vec::new();
    for e in &plan.entries {
        let (local, wire, field) = (&e.local, lit(&e.wire), &e.field);
        locals.push(format!("let mut {local} = None;"));
        arms.push(format!("{wire} => {fields}.value(&mut {local}),"));
        init.push(match e.required {
            true => format!("{field}: {fields}.required({local}, {wire})?"),
            false => format!("{field}: {local}.unwrap_or_default()"),
        });
        write.push(format!("{writer}.{}({wire}, &self.{field});", e.write));
    }
    let other = match &plan.other {
        Other::Flattened { rest, unions } => {
            locals.push(format!("let mut {rest} = ::serde_json::Map::new();"));
            for union in unions {
                init.push(format!("{union}: {fields}.flattened(&{rest})?"));
                write.push(format!("{writer}.flattened(&self.{union});"));
            }
            format!("{fields}.rest(&mut {rest})")
        }
        Other::Map(map) => {
            locals.push(format!(
                "let mut {map} = ::std::collections::BTreeMap::new();"
            ));
            init.push(map.to_string());
            write.push(format!("{writer}.entries(&self.{map});"));
            format!("{fields}.unknown(&mut {map})")
        }
        Other::Skip => format!("{fields}.skip()"),
    };
    // prettyplease keeps a struct expression on one line up to 34 columns: such short ones
    // (and the ones near that width) go the `syn` way.
    let flat = name.to_string().len() + 4 + init.iter().map(|i| i.len() + 2).sum::<usize>();
    if flat <= 50 {
        return None;
    }

    let mut out = String::with_capacity(1024 + 160 * plan.entries.len());
    // Each line, or `None` when it is too wide to be sure of prettyplease's layout.
    let mut line = |indent: usize, text: &str| {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(text);
        out.push('\n');
        (indent + text.len() <= WIDTH).then_some(())
    };
    line(
        4,
        &format!("impl crate::runtime::object::Object for {name} {{"),
    )?;
    line(
        8,
        &format!("const NAME: &'static str = {};", lit(&name.to_string())),
    )?;
    line(8, "fn read<'de, M: ::serde::de::MapAccess<'de>>(")?;
    line(
        12,
        &format!("{fields}: &mut crate::runtime::object::Fields<'de, M>,"),
    )?;
    line(8, ") -> Result<Self, M::Error> {")?;
    for local in &locals {
        line(12, local)?;
    }
    if arms.is_empty() {
        line(12, &format!("while {fields}.next_key().is_some() {{"))?;
        line(16, &format!("{other};"))?;
    } else {
        line(
            12,
            &format!("while let Some({key}) = {fields}.next_key() {{"),
        )?;
        line(16, &format!("match {key} {{"))?;
        for arm in &arms {
            line(20, arm)?;
        }
        line(20, &format!("_ => {other},"))?;
        line(16, "}")?;
    }
    line(12, "}")?;
    line(12, &format!("{fields}.end()?;"))?;
    line(12, &format!("Ok({name} {{"))?;
    for value in &init {
        line(16, &format!("{value},"))?;
    }
    line(12, "})")?;
    line(8, "}")?;
    line(8, "fn write<M: ::serde::ser::SerializeMap>(")?;
    line(12, "&self,")?;
    line(
        12,
        &format!("{writer}: &mut crate::runtime::object::Writer<'_, M>,"),
    )?;
    if write.is_empty() {
        line(8, ") {}")?;
    } else {
        line(8, ") {")?;
        for statement in &write {
            line(12, statement)?;
        }
        line(8, "}")?;
    }
    line(4, "}")?;
    Some(out)
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
