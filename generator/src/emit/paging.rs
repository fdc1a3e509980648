//! Paged operations -> `{method}_pages` and `{method}_items`, beside the plain method.
//!
//! ```text
//! GET /v2/user?offset&limit            pub fn get_all_pages(&self, params: &UserGetAllParams)
//!   pagination: offset, items users  ->     -> runtime::Pages<'a, M, PaginatedUsersResponse, ErrorBody>
//!                                       pub fn get_all_items(&self, params: &UserGetAllParams)
//!                                           -> runtime::Items<'a, ClientFacingUser, ErrorBody>
//! ```
//!
//! The methods take the plain method's arguments (the caller's cursor or offset in `params` is
//! where the stream starts) and are thin: they hand `runtime::Pages` the arguments as owned
//! state, a closure that calls the plain method with a page's position, and one that reads
//! the fields saying where the next page starts. The loop, its checks and its errors live in
//! `runtime/paging.rs`. A group client is `Copy` and borrows the client's core, so its streams
//! live for `'a`; the client itself is cloned into them (two `Arc`s), so its streams are
//! `'static`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, ty};
use crate::ir::{Api, FieldPath, Operation, PageAdvance, PageForm, Success, Type};
use crate::lower::naming::Scope;

/// The stream methods of `op`, when it is paged; `root` when they go on the client itself.
pub(crate) fn methods(
    api: &Api,
    op: &Operation,
    params_struct: Option<&str>,
    root: bool,
) -> TokenStream {
    let (Some(p), Some(params_struct)) = (&op.pagination, params_struct) else {
        return TokenStream::new();
    };
    let page = match &op.success {
        Success::Json(t) | Success::JsonOrDownload { ty: t, .. } => ty(api, t),
        Success::Empty | Success::Text | Success::Download { .. } => return TokenStream::new(),
    };
    let Some(param) = op.params.iter().find(|q| q.name == p.param && !q.required) else {
        return TokenStream::new();
    };
    let params_struct = ident(params_struct);
    let lifetime = if root { quote!('static) } else { quote!('a) };
    let this = if root {
        quote!(self.clone())
    } else {
        quote!(*self)
    };

    // The plain method's arguments, as owned state (`state`), as the closure's pattern
    // (`names`) and as passed to the plain method (`call`).
    let mut args = Vec::new();
    let mut state = vec![this];
    // The client's name in the closure: one no parameter of the operation has.
    let taken: Vec<&str> = op.params.iter().map(|q| q.name.as_str()).collect();
    let client = ident(&Scope::with_reserved(&taken).claim("this"));
    let mut names = vec![quote!(#client)];
    let mut call = Vec::new();
    for q in op.params.iter().filter(|q| q.required) {
        let name = ident(&q.name);
        let t = super::operation::arg_type(api, &q.ty);
        args.push(quote!(#name: #t));
        if q.ty.is_copy() {
            state.push(quote!(#name));
            call.push(quote!(#name));
        } else if q.ty == Type::String {
            state.push(quote!(#name.to_owned()));
            call.push(quote!(&#name));
        } else {
            state.push(quote!(#name.clone()));
            call.push(quote!(&#name));
        }
        names.push(quote!(#name));
    }
    if let Some(body) = &op.body {
        let t = ty(api, &body.ty);
        if body.required {
            args.push(quote!(body: &#t));
            state.push(quote!(body.clone()));
            call.push(quote!(&body));
        } else {
            args.push(quote!(body: Option<&#t>));
            state.push(quote!(body.cloned()));
            call.push(quote!(body.as_ref()));
        }
        names.push(quote!(body));
    }
    args.push(quote!(params: &crate::params::#params_struct));
    let field = ident(&param.name);
    // The other optional parameters go along; the position is the stream's to set.
    let with_position = if op.params.iter().filter(|q| !q.required).count() == 1 {
        quote!(crate::params::#params_struct { #field })
    } else {
        state.push(quote!(params.clone()));
        names.push(quote!(params));
        quote!(crate::params::#params_struct { #field, ..params })
    };
    let start = if param.ty.is_copy() {
        quote!(params.#field)
    } else {
        quote!(params.#field.clone())
    };
    let plain = ident(&op.method);
    let pattern = match names.as_slice() {
        [one] => one.clone(),
        many => quote!((#(#many),*)),
    };
    let fetch = quote! {
        |#pattern, #field| async move {
            #client.#plain(#(#call,)* &#with_position).await
        }
    };
    let results = p.results.as_ref().map(|r| {
        let count = read_field(r, Take::Len);
        quote!(.results(#count))
    });
    let operation = format!("{} {}", op.http_method, op.path);
    let state = match state.as_slice() {
        [one] => one.clone(),
        many => quote!((#(#many),*)),
    };
    let read =
        |facts: TokenStream| quote!(|page: &#page| crate::runtime::PageInfo::new() #facts #results);
    let (call_pages, how) = match &p.form {
        PageForm::Cursor { next } => {
            let take = if next.leaf.is_copy() {
                Take::Copy
            } else {
                Take::Clone
            };
            let next_expr = read_field(next, take);
            let read = read(quote!(.next_cursor(#next_expr)));
            (
                quote!(crate::runtime::Pages::cursor(#operation, #state, #start, #fetch, #read)),
                format!(
                    " each page's `{}` goes back as `{}`.",
                    next.dotted(),
                    param.wire
                ),
            )
        }
        PageForm::Offset {
            origin,
            advance,
            has_next,
            total,
            pages,
            size,
            at,
        } => {
            let origin = proc_macro2::Literal::i64_unsuffixed(*origin);
            let (advance, by) = match advance {
                PageAdvance::Pages => (quote!(crate::runtime::Advance::Pages), "one".to_owned()),
                PageAdvance::Items => (
                    quote!(crate::runtime::Advance::Items),
                    "the number of results".to_owned(),
                ),
                PageAdvance::Step(step) => {
                    let step_field = ident(step);
                    (
                        quote!(crate::runtime::Advance::step(params.#step_field)),
                        format!("`params.{step}` (else the number of results)"),
                    )
                }
            };
            let facts = [
                ("has_next", has_next),
                ("total", total),
                ("pages", pages),
                ("size", size),
                ("at", at),
            ]
            .into_iter()
            .filter_map(|(setter, path)| {
                let setter = ident(setter);
                let value = read_field(path.as_ref()?, Take::Copy);
                Some(quote!(.#setter(#value)))
            });
            let read = read(quote!(#(#facts)*));
            (
                quote! {
                    crate::runtime::Pages::offset(#operation, #state, #start, #origin, #advance, #fetch, #read)
                },
                format!(" each page moves `{}` on by {by}.", param.wire),
            )
        }
    };
    let method = &op.method;
    let pages_name = ident(&p.pages_method);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let title = format!(" The pages of [`Self::{method}`] one after the other, as a `Stream`.");
    let starts = format!(
        " It starts at `params.{}` (none: the first page);",
        param.name
    );
    let pages = quote! {
        #[doc = #title]
        #[doc = ""]
        #[doc = #starts]
        #[doc = #how]
        #[doc = " A page is requested when the stream is polled, with the retries and options of the"]
        #[doc = " plain call; dropping the stream stops. An error is yielded, then the stream ends (also"]
        #[doc = " when the server's answers would loop: [`crate::runtime::PagingError`])."]
        #deprecated
        #many
        pub fn #pages_name(&self, #(#args),*) -> crate::runtime::Pages<#lifetime, M, #page, crate::ErrorBody> {
            #call_pages
        }
    };
    let items = p.items_method.as_ref().zip(p.results.as_ref()).map(|(name, r)| {
        let items_name = ident(name);
        let item = ty(api, &r.leaf);
        let take = by_value(r);
        let doc = format!(
            " The items of every page of [`Self::{method}`] (each page's `{}`), as a `Stream`",
            r.dotted()
        );
        let see = format!(" that holds one page at a time; see [`Self::{}`].", p.pages_method);
        let arg_names = op
            .params
            .iter()
            .filter(|q| q.required)
            .map(|q| ident(&q.name))
            .chain(op.body.as_ref().map(|_| ident("body")))
            .chain([ident("params")]);
        quote! {
            #[doc = #doc]
            #[doc = #see]
            #deprecated
            #many
            pub fn #items_name(&self, #(#args),*) -> crate::runtime::Items<#lifetime, #item, crate::ErrorBody> {
                crate::runtime::Items::new(self.#pages_name(#(#arg_names),*), |page| #take)
            }
        }
    });
    quote!(#pages #items)
}

/// What is read from a field of `page: &P`.
#[derive(Clone, Copy)]
enum Take {
    /// The value, cloned: `Option<T>`.
    Clone,
    /// The value, copied: `Option<T>`.
    Copy,
    /// The length of the list: `usize` (0 when absent).
    Len,
}

/// The field at `path` of `page: &P`, taken as `take` says.
fn read_field(path: &FieldPath, take: Take) -> TokenStream {
    let mut steps = path.steps.iter();
    let Some(first) = steps.next() else {
        return quote!(None);
    };
    let name = ident(&first.name);
    if path.steps.len() == 1 {
        return match (take, first.optional) {
            (Take::Clone, true) => quote!(page.#name.clone()),
            (Take::Clone, false) => quote!(Some(page.#name.clone())),
            (Take::Copy, true) => quote!(page.#name),
            (Take::Copy, false) => quote!(Some(page.#name)),
            (Take::Len, true) => quote!(page.#name.as_ref().map_or(0, Vec::len)),
            (Take::Len, false) => quote!(page.#name.len()),
        };
    }
    let mut expr = if first.optional {
        quote!(page.#name.as_ref())
    } else {
        quote!(Some(&page.#name))
    };
    for step in steps {
        let name = ident(&step.name);
        expr = if step.optional {
            quote!(#expr.and_then(|v| v.#name.as_ref()))
        } else {
            quote!(#expr.map(|v| &v.#name))
        };
    }
    match take {
        Take::Clone => quote!(#expr.cloned()),
        Take::Copy => quote!(#expr.copied()),
        Take::Len => quote!(#expr.map_or(0, Vec::len)),
    }
}

/// The list at `path` taken out of `page: P`; an absent list is empty.
fn by_value(path: &FieldPath) -> TokenStream {
    let mut steps = path.steps.iter();
    let Some(first) = steps.next() else {
        return quote!(Vec::new());
    };
    let name = ident(&first.name);
    if path.steps.len() == 1 {
        return if first.optional {
            quote!(page.#name.unwrap_or_default())
        } else {
            quote!(page.#name)
        };
    }
    let mut expr = if first.optional {
        quote!(page.#name)
    } else {
        quote!(Some(page.#name))
    };
    for step in steps {
        let name = ident(&step.name);
        expr = if step.optional {
            quote!(#expr.and_then(|v| v.#name))
        } else {
            quote!(#expr.map(|v| v.#name))
        };
    }
    quote!(#expr.unwrap_or_default())
}
