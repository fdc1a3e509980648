//! Small builders of `syn` trees, for the items that `emit` builds directly.
//!
//! The types are three quarters of the generated code. Writing them as `quote!` tokens and
//! parsing those back with `syn` was half of the generation time, so `emit::types` builds the
//! `syn` items itself with these helpers; `format` prints them with prettyplease all the same.
//! What goes inside attribute parentheses stays tokens (`quote!`), as `syn` keeps it too.

use proc_macro2::{Ident, Span, TokenStream};
use syn::punctuated::Punctuated;

/// An identifier for a fixed name of the generated code (`crate`, `types`, `Option`).
pub(crate) fn name(text: &str) -> Ident {
    Ident::new(text, Span::call_site())
}

/// A path from its segments, absolute (`::serde_json::Value`) when `global`.
pub(crate) fn path(global: bool, segments: impl IntoIterator<Item = Ident>) -> syn::Path {
    syn::Path {
        leading_colon: global.then(Default::default),
        segments: segments.into_iter().map(syn::PathSegment::from).collect(),
    }
}

/// The path `segments` as a type, the last segment taking `args` (`Vec<T>`) when there are any.
pub(crate) fn path_type(global: bool, segments: &[&str], args: Vec<syn::Type>) -> syn::Type {
    let mut path = path(global, segments.iter().map(|s| name(s)));
    if !args.is_empty() {
        if let Some(last) = path.segments.last_mut() {
            last.arguments =
                syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                    colon2_token: None,
                    lt_token: Default::default(),
                    args: args.into_iter().map(syn::GenericArgument::Type).collect(),
                    gt_token: Default::default(),
                });
        }
    }
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// A type named by `path`.
pub(crate) fn type_of(path: syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// `path` as an expression or a pattern (`Name::Variant`, `value`).
pub(crate) fn path_expr(path: syn::Path) -> syn::ExprPath {
    syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    }
}

/// The string literal `text` as an expression.
pub(crate) fn string(text: &str) -> syn::Expr {
    syn::Expr::Lit(literal(text))
}

/// The string literal `text`.
fn literal(text: &str) -> syn::ExprLit {
    syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
    }
}

/// An outer attribute `#[name(tokens)]`.
pub(crate) fn attr(name_: &str, tokens: TokenStream) -> syn::Attribute {
    outer(syn::Meta::List(syn::MetaList {
        path: path(false, [name(name_)]),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// An outer attribute that is a bare word, `#[deprecated]`.
pub(crate) fn word(name_: &str) -> syn::Attribute {
    outer(syn::Meta::Path(path(false, [name(name_)])))
}

/// `#[doc = "text"]`, which prettyplease prints as `///text`.
pub(crate) fn doc(text: &str) -> syn::Attribute {
    outer(syn::Meta::NameValue(syn::MetaNameValue {
        path: path(false, [name("doc")]),
        eq_token: Default::default(),
        value: string(text),
    }))
}

/// The attribute `meta`, written before an item.
pub(crate) fn outer(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `pub mod name { items }`, with the doc line `doc` and, when `allow_deprecated`, the inner
/// attribute `#![allow(deprecated)]`.
pub(crate) fn module(
    doc_line: &str,
    allow_deprecated: bool,
    name_: &str,
    items: Vec<syn::Item>,
) -> syn::ItemMod {
    let mut attrs = vec![doc(doc_line)];
    if allow_deprecated {
        attrs.push(syn::Attribute {
            style: syn::AttrStyle::Inner(Default::default()),
            ..attr("allow", quote::quote!(deprecated))
        });
    }
    syn::ItemMod {
        attrs,
        vis: public(),
        unsafety: None,
        mod_token: Default::default(),
        ident: name(name_),
        content: Some((Default::default(), items)),
        semi: None,
    }
}

/// `pub`.
pub(crate) fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// A named field `pub name: ty`.
pub(crate) fn field(attrs: Vec<syn::Attribute>, ident: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(ident),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// The braces of a struct with `fields`.
pub(crate) fn named(fields: Vec<syn::Field>) -> syn::Fields {
    syn::Fields::Named(syn::FieldsNamed {
        brace_token: Default::default(),
        named: terminated(fields),
    })
}

/// A unit or one-field tuple variant: `Name` or `Name(ty)`.
pub(crate) fn variant(
    attrs: Vec<syn::Attribute>,
    ident: Ident,
    ty: Option<syn::Type>,
) -> syn::Variant {
    let fields = match ty {
        None => syn::Fields::Unit,
        Some(ty) => syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: terminated([syn::Field {
                attrs: Vec::new(),
                vis: syn::Visibility::Inherited,
                mutability: syn::FieldMutability::None,
                ident: None,
                colon_token: None,
                ty,
            }]),
        }),
    };
    syn::Variant {
        attrs,
        ident,
        fields,
        discriminant: None,
    }
}

/// `items` separated by commas, with a trailing one, as `syn` reads a braced list.
pub(crate) fn terminated<T, P: Default>(items: impl IntoIterator<Item = T>) -> Punctuated<T, P> {
    let mut list = Punctuated::new();
    for item in items {
        list.push_value(item);
        list.push_punct(P::default());
    }
    list
}

/// A copy of the macro item `template` (`crate::m!(Name);`) called with `name`.
pub(crate) fn macro_for(template: &syn::ItemMacro, name: &Ident) -> syn::Item {
    let mut item = template.clone();
    item.mac.tokens = quote::ToTokens::to_token_stream(name);
    syn::Item::Macro(item)
}

/// `name` as an expression (`value`, `None`).
pub(crate) fn var(ident: Ident) -> syn::Expr {
    var_path(path(false, [ident]))
}

/// `path` as an expression (`Name::Variant`).
pub(crate) fn var_path(path: syn::Path) -> syn::Expr {
    syn::Expr::Path(path_expr(path))
}

/// `receiver.method(args)`.
pub(crate) fn method_call(
    receiver: syn::Expr,
    method: &str,
    args: impl IntoIterator<Item = syn::Expr>,
) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: name(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `function(args)`, the function named by `path` (`Some(..)`, `Ok(..)`).
pub(crate) fn call(function: syn::Path, args: impl IntoIterator<Item = syn::Expr>) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(syn::Expr::Path(path_expr(function))),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `&expr`, or `&mut expr` when `mutable`.
pub(crate) fn reference(mutable: bool, expr: syn::Expr) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: mutable.then(Default::default),
        expr: Box::new(expr),
    })
}

/// `self.member`.
pub(crate) fn self_field(member: Ident) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(var(name("self"))),
        dot_token: Default::default(),
        member: syn::Member::Named(member),
    })
}

/// `expr?`.
pub(crate) fn question(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Try(syn::ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// The statement `expr;`.
pub(crate) fn statement(expr: syn::Expr) -> syn::Stmt {
    syn::Stmt::Expr(expr, Some(Default::default()))
}

/// `let mut name = init;`.
pub(crate) fn let_mut(ident: Ident, init: syn::Expr) -> syn::Stmt {
    syn::Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat: binding(true, ident),
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(init),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// The pattern that binds `ident` (`mut ident` when `mutable`).
pub(crate) fn binding(mutable: bool, ident: Ident) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident,
        subpat: None,
    })
}

/// A `{ .. }` block of `stmts`.
pub(crate) fn block(stmts: Vec<syn::Stmt>) -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts,
    }
}

/// The match arm `pat => body,`.
pub(crate) fn arm(pat: syn::Pat, body: syn::Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// `match expr { arms }`.
pub(crate) fn matching(expr: syn::Expr, arms: Vec<syn::Arm>) -> syn::Expr {
    syn::Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(expr),
        brace_token: Default::default(),
        arms,
    })
}

/// The pattern `_`.
pub(crate) fn wild() -> syn::Pat {
    syn::Pat::Wild(syn::PatWild {
        attrs: Vec::new(),
        underscore_token: Default::default(),
    })
}

/// The string literal `text` as a pattern.
pub(crate) fn string_pattern(text: &str) -> syn::Pat {
    syn::Pat::Lit(literal(text))
}
