//! Named types -> `pub mod types`.
//!
//! | IR                    | Rust                                                          |
//! |-----------------------|---------------------------------------------------------------|
//! | `Struct`              | `struct`, serde through `runtime::object` (`objects`); `Default` when no field is required |
//! | field required        | `T`                                                           |
//! | field required, null  | `Option<T>` (sent as `null` when `None`)                      |
//! | field optional        | `Option<T>`, left out when `None`                             |
//! | optional + nullable, in a request type | `Patch<T>`: omit / `null` / value            |
//! | open `Enum`           | unit variants + `#[serde(untagged)] Other(String)`            |
//! | closed `Enum`         | unit variants, `Copy`                                         |
//! | `Untagged`            | `#[serde(untagged)] enum`, one variant per member             |
//! | `Tagged`              | `enum` + `Unknown`, serde impls by the tag (`unions`)         |
//! | `Struct` `flattened`  | fields read from the entries the others leave; no `unknown_fields` (the union keeps them) |
//! | `Alias`               | `pub type`                                                    |

use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};
use syn::parse_quote;

use super::syntax::{self, arm, attr, path, type_of, word};
use super::{doc, ident, objects, rust_type};
use crate::ir::{Api, Enum, Field, Presence, Struct, Type, TypeDef, TypeKind};

/// `pub mod types`, every named type in the order the IR holds them, all as `syn` items.
pub fn module(api: &Api) -> syn::ItemMod {
    module_of(api, items(api, &api.types, None), true)
}

/// `pub mod types` holding `items`; with its doc and inner attributes when `head`, bare when
/// it is printed only for the items (see `format::module_part`).
pub fn module_of(api: &Api, items: Vec<syn::Item>, head: bool) -> syn::ItemMod {
    let mut module = syntax::module(
        " Types of the request and response bodies, one per schema of the spec.",
        super::any_deprecated(api),
        "types",
        items,
    );
    if !head {
        module.attrs.clear();
    }
    module
}

/// The items of the types `defs`, in their order. With `texts`, the structs' `impl Object`s
/// that can be are written as text there, each standing in the items as a placeholder (see
/// `objects::text`); without, every impl is a `syn` item.
pub fn items(api: &Api, defs: &[TypeDef], mut texts: Option<&mut Vec<String>>) -> Vec<syn::Item> {
    let templates = Templates::new();
    let mut items = Vec::with_capacity(defs.len() * 4);
    for def in defs {
        type_def(api, def, &templates, texts.as_deref_mut(), &mut items);
    }
    items
}

/// About how much code `def` becomes, to share the types out in even parts.
pub fn weight(def: &TypeDef) -> usize {
    1 + match &def.kind {
        TypeKind::Struct(s) => s.fields.len() + s.flattened.len(),
        TypeKind::Enum(e) => e.values.len(),
        TypeKind::Untagged(variants) => variants.len(),
        TypeKind::Tagged(_) | TypeKind::Alias(_) => 1,
    }
}

/// The parts of an enum's `impl`s that are the same for every enum, read once per module and
/// copied per enum, which is much cheaper than building them from tokens each time.
struct Templates {
    as_str: syn::ItemImpl,
    display: syn::ItemImpl,
    string_enum: syn::ItemImpl,
    string_enum_serde: syn::ItemMacro,
    object: objects::Template,
}

impl Templates {
    fn new() -> Self {
        Templates {
            as_str: parse_quote! {
                impl Name {
                    #[doc = " The value as it is sent on the wire."]
                    pub fn as_str(&self) -> &str {
                        match self {}
                    }
                }
            },
            display: parse_quote! {
                impl ::std::fmt::Display for Name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            },
            string_enum: parse_quote! {
                impl crate::runtime::string_enum::StringEnum for Name {
                    const VALUES: &'static [&'static str] = &[];
                    fn from_known(value: &str) -> Option<Self> {}
                    fn from_unknown(value: String) -> Option<Self> {}
                }
            },
            string_enum_serde: parse_quote!(crate::string_enum_serde!(Name);),
            object: objects::Template::new(),
        }
    }
}

/// The derive list of a type.
fn derive(tokens: TokenStream) -> syn::Attribute {
    attr("derive", tokens)
}

fn type_def(
    api: &Api,
    def: &TypeDef,
    templates: &Templates,
    texts: Option<&mut Vec<String>>,
    items: &mut Vec<syn::Item>,
) {
    let mut attrs = doc::attributes(def.doc.as_deref());
    if def.deprecated {
        attrs.push(word("deprecated"));
    }
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) if def.form => form_structure(api, s, attrs, name, items),
        TypeKind::Struct(s) => {
            items.push(syn::Item::Struct(structure(
                api,
                def,
                s,
                attrs,
                name.clone(),
            )));
            let object = &templates.object;
            let plan = objects::plan(def, s);
            // With `texts`, as text where it can be; else as `syn`.
            match texts.and_then(|texts| Some((texts, objects::text(&plan, &name)?))) {
                Some((texts, text)) => {
                    texts.push(text);
                    items.push(objects::placeholder(object));
                    items.push(objects::serde_item(object, &name));
                }
                None => items.extend(objects::impls(object, &plan, &name)),
            }
        }
        TypeKind::Enum(e) => enumeration(e, attrs, name, templates, items),
        TypeKind::Untagged(variants) => {
            attrs.push(derive(quote!(
                Clone,
                Debug,
                PartialEq,
                ::serde::Serialize,
                ::serde::Deserialize
            )));
            attrs.push(attr("serde", quote!(untagged)));
            attrs.push(attr("allow", quote!(clippy::large_enum_variant)));
            let variants = variants
                .iter()
                .map(|v| syntax::variant(Vec::new(), ident(&v.name), Some(rust_type(api, &v.ty))));
            items.push(syn::Item::Enum(enumeration_item(
                attrs,
                name,
                variants.collect(),
            )));
        }
        TypeKind::Tagged(t) => super::unions::tagged(api, t, attrs, name, items),
        TypeKind::Alias(target) => items.push(syn::Item::Type(syn::ItemType {
            attrs,
            vis: syntax::public(),
            type_token: Default::default(),
            ident: name,
            generics: Default::default(),
            eq_token: Default::default(),
            ty: Box::new(rust_type(api, target)),
            semi_token: Default::default(),
        })),
    }
}

fn structure(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    mut attrs: Vec<syn::Attribute>,
    name: Ident,
) -> syn::ItemStruct {
    let mut fields: Vec<syn::Field> = s.fields.iter().map(|f| field(api, def, f)).collect();
    let map_of = |t: syn::Type| {
        syntax::path_type(
            true,
            &["std", "collections", "BTreeMap"],
            vec![syntax::path_type(false, &["String"], Vec::new()), t],
        )
    };
    for f in &s.flattened {
        let attrs = doc::attributes(f.doc.as_deref());
        fields.push(syntax::field(attrs, ident(&f.name), rust_type(api, &f.ty)));
    }
    match &s.additional {
        // The flattened union sees every property the fields do not take; a map beside it
        // would hold them a second time.
        _ if !s.flattened.is_empty() => {}
        Some(t) => fields.push(syntax::field(
            vec![syntax::doc(
                " Properties beyond the listed ones, which the spec allows.",
            )],
            syntax::name("additional_properties"),
            map_of(rust_type(api, t)),
        )),
        // What the server sends beyond the spec is kept, not dropped: a newer server may add
        // fields before the spec lists them. Types the caller builds for requests skip this.
        None if !s.closed && !def.in_request => fields.push(syntax::field(
            vec![syntax::doc(
                " Fields the server sent that this version of the spec does not list.",
            )],
            syntax::name("unknown_fields"),
            map_of(rust_type(api, &Type::Json)),
        )),
        None => {}
    }
    // Serde comes from the runtime's `Object` (see `objects`), not the derive.
    let default = default_derive(s);
    attrs.push(derive(quote!(Clone, Debug, #default PartialEq)));
    struct_item(attrs, name, fields)
}

/// `pub struct name { fields }`.
fn struct_item(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    fields: Vec<syn::Field>,
) -> syn::ItemStruct {
    syn::ItemStruct {
        attrs,
        vis: syntax::public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syntax::named(fields),
        semi_token: None,
    }
}

/// `pub enum name { variants }`.
fn enumeration_item(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    variants: Vec<syn::Variant>,
) -> syn::ItemEnum {
    syn::ItemEnum {
        attrs,
        vis: syntax::public(),
        enum_token: Default::default(),
        ident: name,
        generics: Default::default(),
        brace_token: Default::default(),
        variants: syntax::terminated(variants),
    }
}

/// The body of a multipart request: plain fields (files are `runtime::File`) and the
/// conversion into form parts, one per field (none for an absent optional field).
fn form_structure(
    api: &Api,
    s: &Struct,
    mut attrs: Vec<syn::Attribute>,
    name: Ident,
    items: &mut Vec<syn::Item>,
) {
    let fields = s.fields.iter().map(|f| {
        let t = rust_type(api, &f.ty);
        let t = match f.required {
            true => t,
            false => syntax::path_type(false, &["Option"], vec![t]),
        };
        syntax::field(doc::attributes(f.doc.as_deref()), ident(&f.name), t)
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
    attrs.push(syntax::doc(""));
    attrs.push(syntax::doc(
        " Sent as `multipart/form-data`, one part per field.",
    ));
    attrs.push(derive(quote!(Clone, Debug, #default)));
    items.push(syn::Item::Struct(struct_item(
        attrs,
        name.clone(),
        fields.collect(),
    )));
    // Rare (one per multipart body), so built from tokens. They always parse: the names are
    // identifiers `ident` made valid, the wire names string literals.
    items.push(parse_quote! {
        impl #name {
            pub(crate) fn to_form(&self) -> crate::runtime::Form {
                crate::runtime::Form::new() #(#parts)*
            }
        }
    });
}

/// `Default,` for the derive list of a struct whose fields may all be left out.
fn default_derive(s: &Struct) -> TokenStream {
    if s.fields.iter().all(|f| !f.required) && s.flattened.is_empty() {
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
    field_rust_type(api, def, f).into_token_stream()
}

fn field_rust_type(api: &Api, def: &TypeDef, f: &Field) -> syn::Type {
    let inner = rust_type(api, &f.ty);
    match f.presence(def) {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => {
            syntax::path_type(false, &["Option"], vec![inner])
        }
        Presence::Patch => syntax::path_type(false, &["crate", "runtime", "Patch"], vec![inner]),
    }
}

/// The doc lines of a field the spec requires but deprecates, read as optional.
const RELAXED: [&str; 2] = [
    " Optional although the spec requires it: it is deprecated, so the API may stop sending it,",
    " and what the client reads must still decode then (`--strict-deprecated` keeps it required).",
];

fn field(api: &Api, def: &TypeDef, f: &Field) -> syn::Field {
    let mut attrs = doc::attributes(f.doc.as_deref());
    if f.relaxed {
        if !attrs.is_empty() {
            attrs.push(syntax::doc(""));
        }
        attrs.extend(RELAXED.map(syntax::doc));
    }
    if f.deprecated {
        attrs.push(word("deprecated"));
    }
    // A type nested this deep is what the spec says; naming its parts would not help.
    if depth(&f.ty) >= 4 {
        attrs.push(attr("allow", quote!(clippy::type_complexity)));
    }
    syntax::field(attrs, ident(&f.name), field_rust_type(api, def, f))
}

fn enumeration(
    e: &Enum,
    mut attrs: Vec<syn::Attribute>,
    name: Ident,
    templates: &Templates,
    items: &mut Vec<syn::Item>,
) {
    // `Name::Variant`, in the arms of `as_str`.
    let qualified = |variant: Ident| path(false, [name.clone(), variant]);
    let mut variants = Vec::with_capacity(e.values.len() + 1);
    let mut arms = Vec::with_capacity(e.values.len() + 1);
    for v in &e.values {
        let wire = &v.wire;
        variants.push(syntax::variant(Vec::new(), ident(&v.name), None));
        let pattern = syn::Pat::Path(syntax::path_expr(qualified(ident(&v.name))));
        arms.push(arm(pattern, syntax::string(wire)));
    }
    let copy = if e.open {
        variants.push(syntax::variant(
            vec![syntax::doc(
                " A value this version of the client does not know yet, kept as sent.",
            )],
            syntax::name("Other"),
            Some(syntax::path_type(false, &["String"], Vec::new())),
        ));
        // `Name::Other(value) => value,`
        let pattern = syn::Pat::TupleStruct(syn::PatTupleStruct {
            attrs: Vec::new(),
            qself: None,
            path: qualified(syntax::name("Other")),
            paren_token: Default::default(),
            elems: syntax::terminated([syn::Pat::Ident(syn::PatIdent {
                attrs: Vec::new(),
                by_ref: None,
                mutability: None,
                ident: syntax::name("value"),
                subpat: None,
            })]),
        });
        let value = syn::Expr::Path(syntax::path_expr(path(false, [syntax::name("value")])));
        arms.push(arm(pattern, value));
        TokenStream::new()
    } else {
        quote!(Copy,)
    };
    // Serde comes from the runtime's `StringEnum` (see `string_enum_serde`), not the derive.
    attrs.push(derive(quote!(
        Clone, #copy Debug, PartialEq, Eq, Hash, PartialOrd, Ord
    )));
    items.push(syn::Item::Enum(enumeration_item(
        attrs,
        name.clone(),
        variants,
    )));
    let serde = string_enum_impls(e, &name, templates);
    let self_ty = Box::new(type_of(path(false, [name])));
    let mut as_str = templates.as_str.clone();
    as_str.self_ty = self_ty.clone();
    if let Some(syn::ImplItem::Fn(f)) = as_str.items.first_mut() {
        if let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = f.block.stmts.first_mut() {
            m.arms = arms;
        }
    }
    items.push(syn::Item::Impl(as_str));
    let mut display = templates.display.clone();
    display.self_ty = self_ty;
    items.push(syn::Item::Impl(display));
    items.extend(serde);
}

/// `impl StringEnum` (the wire values, read in one `match`) and serde through it, which
/// compiles in a fraction of the time serde's derive takes for the same enum. Built from the
/// module's copies of what every enum shares.
fn string_enum_impls(e: &Enum, name: &Ident, templates: &Templates) -> [syn::Item; 2] {
    let qualified = |variant: Ident| syntax::var_path(path(false, [name.clone(), variant]));
    let value = syntax::name("value");
    let mut arms: Vec<syn::Arm> = e
        .values
        .iter()
        .map(|v| {
            let variant = qualified(ident(&v.name));
            let body = syntax::call(path(false, [syntax::name("Some")]), [variant]);
            arm(syntax::string_pattern(&v.wire), body)
        })
        .collect();
    arms.push(arm(syntax::wild(), syntax::var(syntax::name("None"))));
    let values = syn::Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: e.values.iter().map(|v| syntax::string(&v.wire)).collect(),
    });

    let mut item = templates.string_enum.clone();
    item.self_ty = Box::new(type_of(path(false, [name.clone()])));
    // A closed enum keeps the trait's default: an unknown value is an error.
    item.items.retain(|item| {
        e.open || !matches!(item, syn::ImplItem::Fn(f) if f.sig.ident == "from_unknown")
    });
    for item in &mut item.items {
        match item {
            syn::ImplItem::Const(c) => c.expr = syntax::reference(false, values.clone()),
            syn::ImplItem::Fn(f) if f.sig.ident == "from_known" => {
                let matched =
                    syntax::matching(syntax::var(value.clone()), std::mem::take(&mut arms));
                f.block = syntax::block(vec![syn::Stmt::Expr(matched, None)]);
            }
            syn::ImplItem::Fn(f) => {
                // `Some(Name::Other(value))`
                let other = syntax::call(
                    path(false, [name.clone(), syntax::name("Other")]),
                    [syntax::var(value.clone())],
                );
                let body = syntax::call(path(false, [syntax::name("Some")]), [other]);
                f.block = syntax::block(vec![syn::Stmt::Expr(body, None)]);
            }
            _ => {}
        }
    }
    [
        syn::Item::Impl(item),
        syntax::macro_for(&templates.string_enum_serde, name),
    ]
}
