//! Operations -> `pub mod resources` (a client per group) and `pub mod params`.
//!
//! ```text
//! PATCH /v2/user/{user_id}            pub async fn patch(&self, user_id: Uuid,
//!   group user, method patch    ->        body: &types::UserPatchBody) -> Result<()>
//!   204; 422 HTTPValidationError      on UserClient, reached by `client.user()`
//! ```
//!
//! Required parameters are positional (path ones in template order); optional query, header
//! and cookie parameters go in one `params::{Group}{Method}Params` struct with `Default` and a
//! setter per parameter (`setters`). A
//! body is taken by reference, except raw bytes: anything that converts into
//! `runtime::RawBody`. The method body builds the request through `crate::runtime` (one
//! builder call per parameter, as its location and style say), then matches the status: any
//! 2xx is the success, each declared error status decodes into its `ErrorBody` variant,
//! anything else is an unexpected status.

use std::collections::BTreeMap;
use std::sync::Arc;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::setters::{self, Kind, Member};
use super::{doc, ident, ty, Part};
use crate::ir::{
    Api, Body, BodyEncoding, Operation, Param, ParamLocation, ParamStyle, Success, Type,
};
use crate::lower::naming::{unraw, Scope};

/// The clients of one group path and what hangs off it.
pub(crate) struct Group<'a> {
    pub(crate) struct_name: String,
    pub(crate) children: Vec<Vec<String>>,
    pub(crate) operations: Vec<(&'a Operation, Option<String>)>,
}

/// Plans the group tree: every group path and its ancestors, each with its struct name.
pub(crate) fn groups(api: &Api) -> BTreeMap<Vec<String>, Group<'_>> {
    let mut tree: BTreeMap<Vec<String>, Group<'_>> = BTreeMap::new();
    let mut names = Scope::default();
    let mut params = Scope::default();
    let mut ensure = |tree: &mut BTreeMap<Vec<String>, Group<'_>>, path: &[String]| {
        for depth in 0..=path.len() {
            let key = path[..depth].to_vec();
            if tree.contains_key(&key) {
                continue;
            }
            let camel: String = key.iter().map(|p| p.to_upper_camel_case()).collect();
            let struct_name = names.claim(&format!("{camel}Client"));
            tree.insert(
                key.clone(),
                Group {
                    struct_name,
                    children: Vec::new(),
                    operations: Vec::new(),
                },
            );
            if depth > 0 {
                if let Some(parent) = tree.get_mut(&path[..depth - 1]) {
                    parent.children.push(key);
                }
            }
        }
    };
    for op in &api.operations {
        ensure(&mut tree, &op.group);
        let params_name = has_optional(op).then(|| {
            let camel: String = op.group.iter().map(|p| p.to_upper_camel_case()).collect();
            params.claim(&format!(
                "{camel}{}Params",
                unraw(&op.method).to_upper_camel_case()
            ))
        });
        if let Some(group) = tree.get_mut(&op.group) {
            group.operations.push((op, params_name));
        }
    }
    tree
}

fn has_optional(op: &Operation) -> bool {
    op.params.iter().any(|p| !p.required)
}

/// `pub mod params`: a struct of optional parameters for each operation that has some.
pub fn params_module(api: &Api) -> Part<'_> {
    let structs = groups(api)
        .into_values()
        .flat_map(|g| g.operations)
        .filter_map(|(op, name)| {
            let name = name?;
            Some(Part::items(move || params_struct(api, op, &name)))
        });
    super::module(
        " Optional query and header parameters of the operations that have them.",
        super::any_deprecated(api),
        "params",
        structs.collect(),
    )
}

/// `params::{name}`: the optional parameters of `op`, with a setter each.
fn params_struct(api: &Api, op: &Operation, name: &str) -> TokenStream {
    let name = ident(name);
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let docs = doc::attrs(p.doc.as_deref());
        let fname = ident(&p.name);
        let t = optional_param_type(api, p);
        quote!(#docs pub #fname: #t,)
    });
    let members: Vec<Member> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let inner = match &p.ty {
                Type::Option(inner) => inner,
                t => t,
            };
            Member {
                name: p.name.clone(),
                kind: Kind::Optional(ty(api, inner)),
                deprecated: false,
            }
        })
        .collect();
    let setters = setters::impls(&name, &members);
    let summary = format!(" Optional parameters of `{} {}`.", op.http_method, op.path);
    let cfg = super::features::of_group(api, &op.group);
    super::features::gate(
        &cfg,
        quote! {
            #[doc = #summary]
            #[derive(Clone, Debug, Default, PartialEq)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }

            #setters
        },
    )
}

/// `pub mod resources`: one client struct per group, with its operations and subgroups.
pub fn resources_module(api: &Api) -> Part<'_> {
    let tree = Arc::new(groups(api));
    let structs = tree.keys().filter(|path| !path.is_empty()).map(|path| {
        let (tree, path) = (Arc::clone(&tree), path.clone());
        Part::items(move || group_client(api, &tree, &path))
    });
    super::module(
        " The API's operations, grouped as the vendor's SDKs group them.",
        super::any_deprecated(api),
        "resources",
        structs.collect(),
    )
}

/// `resources::{Group}Client`: the client of group `path`.
fn group_client(
    api: &Api,
    tree: &BTreeMap<Vec<String>, Group<'_>>,
    path: &[String],
) -> TokenStream {
    let g = &tree[path];
    let name = ident(&g.struct_name);
    let doc = format!(" Operations of the `{}` group.", path.join("."));
    let body = group_body(api, tree, g, false);
    let cfg = super::features::of_group(api, path);
    super::features::gate(
        &cfg,
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = " Calls return the decoded body; after [`Self::with_raw_response`] they also"]
            #[doc = " return the status and headers."]
            #[derive(Clone, Copy, Debug)]
            pub struct #name<'a, M = crate::runtime::Parsed> {
                pub(crate) core: &'a crate::runtime::Core<crate::ErrorBody>,
                pub(crate) mode: ::std::marker::PhantomData<M>,
            }

            impl<'a, M: crate::runtime::Mode> #name<'a, M> {
                #[doc = " The same operations, returning the status and headers with the body."]
                pub fn with_raw_response(&self) -> #name<'a, crate::runtime::Raw> {
                    #name { core: self.core, mode: ::std::marker::PhantomData }
                }

                #body
            }
        },
    )
}

/// The root group's methods and accessors, for the client struct itself.
pub fn root_methods(api: &Api) -> TokenStream {
    let tree = groups(api);
    match tree.get(&Vec::new()) {
        Some(root) => group_body(api, &tree, root, true),
        None => TokenStream::new(),
    }
}

/// Accessors for the subgroups and the operation methods of group `g`; `root` when they go on
/// the client itself (which owns its core, where a group client borrows it for `'a`). Both are
/// generic over the mode `M`, which the accessors pass on.
fn group_body(
    api: &Api,
    tree: &BTreeMap<Vec<String>, Group<'_>>,
    g: &Group<'_>,
    root: bool,
) -> TokenStream {
    let accessors = g.children.iter().filter_map(|child| {
        let child_group = tree.get(child)?;
        let accessor = ident(child.last()?);
        let struct_name = ident(&child_group.struct_name);
        let doc = format!(" Operations of the `{}` group.", child.join("."));
        // Only the client's own accessors open a top-level group.
        let (cfg, needs, off) = match root {
            true => (
                super::features::of_group(api, child),
                super::features::group_doc(api, child),
                super::features::off_accessor(api, child, &accessor),
            ),
            false => (TokenStream::new(), TokenStream::new(), TokenStream::new()),
        };
        let (generics, core) = if root {
            (quote!('_, M), quote!(&self.core))
        } else {
            (quote!('a, M), quote!(self.core))
        };
        Some(quote! {
            #[doc = #doc]
            #needs
            #cfg
            pub fn #accessor(&self) -> crate::resources::#struct_name<#generics> {
                crate::resources::#struct_name {
                    core: #core,
                    mode: ::std::marker::PhantomData,
                }
            }

            #off
        })
    });
    let methods = g.operations.iter().map(|(op, params)| {
        let plain = method(api, op, params.as_deref());
        let paged = super::paging::methods(api, op, params.as_deref(), root);
        quote!(#plain #paged)
    });
    quote! {
        #(#accessors)*
        #(#methods)*
    }
}

/// The type of an optional parameter in its params struct: `Option<T>`.
pub(crate) fn optional_param_type(api: &Api, p: &Param) -> TokenStream {
    let t = ty(api, &p.ty);
    match &p.ty {
        Type::Option(_) => t,
        _ => quote!(Option<#t>),
    }
}

/// How a required parameter is taken: `Copy` types by value, strings as `&str`, the rest by
/// reference.
pub(crate) fn arg_type(api: &Api, t: &Type) -> TokenStream {
    if t.is_copy() {
        ty(api, t)
    } else if *t == Type::String {
        quote!(&str)
    } else {
        let t = ty(api, t);
        quote!(&#t)
    }
}

/// How the body is taken: by reference (a list as a slice, a string as `&str`), or for raw
/// bytes anything that converts into `runtime::RawBody` (bytes, a `Vec<u8>`, a string, a
/// `runtime::File`).
pub(crate) fn body_type(api: &Api, body: &Body) -> TokenStream {
    match (body.encoding, body.required) {
        (BodyEncoding::Raw, true) => quote!(impl Into<crate::runtime::RawBody>),
        (BodyEncoding::Raw, false) => quote!(Option<crate::runtime::RawBody>),
        (_, true) => borrowed(api, &body.ty),
        (_, false) => {
            let t = borrowed(api, &body.ty);
            quote!(Option<#t>)
        }
    }
}

/// A reference to a value of `t`: `&str` and `&[T]` for a string and a list.
pub(crate) fn borrowed(api: &Api, t: &Type) -> TokenStream {
    match t {
        Type::String => quote!(&str),
        Type::Vec(item) => {
            let item = ty(api, item);
            quote!(&[#item])
        }
        other => {
            let t = ty(api, other);
            quote!(&#t)
        }
    }
}

/// The call that puts the body on the request, and a line for the method's doc about how it
/// is sent, when that is not plain JSON.
fn body_call(body: &Body) -> (TokenStream, Option<String>) {
    let media = &body.media_type;
    let plain_json = media
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    let (set, note) = match body.encoding {
        BodyEncoding::Json if plain_json => (quote!(request.json(body)), None),
        BodyEncoding::Json => (
            quote!(request.json_as(body, #media)),
            Some(format!(" The body is sent as JSON, with `Content-Type: {media}`.")),
        ),
        BodyEncoding::Multipart => (quote!(request.multipart(body.to_form())), None),
        BodyEncoding::UrlEncoded => (quote!(request.urlencoded(body)), None),
        BodyEncoding::Raw if media.contains('*') => (
            quote!(request.raw(body, #media)),
            Some(format!(
                " The body's bytes are sent as they are (the spec accepts `{media}`), with the\n \
                 content type set by [`with_content_type`](crate::runtime::RawBody::with_content_type),\n \
                 else `application/octet-stream`."
            )),
        ),
        BodyEncoding::Raw => (
            quote!(request.raw(body, #media)),
            Some(format!(
                " The body's bytes are sent as they are, as `{media}` unless\n \
                 [`with_content_type`](crate::runtime::RawBody::with_content_type) names another."
            )),
        ),
    };
    let call = match (body.required, body.encoding) {
        (true, BodyEncoding::Raw) => quote! {
            let body: crate::runtime::RawBody = body.into();
            let request = #set;
        },
        (true, _) => quote!(let request = #set;),
        (false, _) => quote! {
            let request = match body {
                Some(body) => #set,
                None => request,
            };
        },
    };
    (call, note)
}

/// The method(s) of one operation, on a client generic over its [`Mode`](crate::ir): calls
/// return `M::Output<T>`, the body, or the body with status and headers.
fn method(api: &Api, op: &Operation, params_struct: Option<&str>) -> TokenStream {
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let pname = ident(&p.name);
        let t = arg_type(api, &p.ty);
        args.push(quote!(#pname: #t));
    }
    if let Some(body) = &op.body {
        let t = body_type(api, body);
        args.push(quote!(body: #t));
    }
    if let Some(params_struct) = params_struct {
        let s = ident(params_struct);
        args.push(quote!(params: &crate::params::#s));
    }

    let http_method = ident(&op.http_method);
    let template = &op.path;
    let (body_call, body_note) = match &op.body {
        Some(body) => body_call(body),
        None => (TokenStream::new(), None),
    };
    let body_note = body_note.map(|n| {
        let lines = n.split('\n');
        quote!(#[doc = ""] #(#[doc = #lines])*)
    });
    let error_arms: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|e| {
            let status = proc_macro2::Literal::u16_unsuffixed(e.status);
            let variant = ident(&api.types[e.ty.0].name);
            quote!(#status => response.error(crate::ErrorBody::#variant).await,)
        })
        .collect();
    let docs = doc::attrs(op.doc.as_deref());
    let beta = op.beta.then(|| {
        quote! {
            #[doc = ""]
            #[doc = " **Beta** (`x-fern-availability: beta`): it may change or go away without notice."]
        }
    });
    let route = format!(" `{} {}`", op.http_method, op.path);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // One method: its name, what it returns, how it reads a success, what it accepts.
    // `ret` is `None` for a call that returns nothing.
    let one = |name: &str,
               ret: Option<TokenStream>,
               success: TokenStream,
               accept: Option<&str>,
               note: Option<String>| {
        let operation = op
            .group
            .iter()
            .map(String::as_str)
            .chain([name])
            .collect::<Vec<_>>()
            .join(".");
        let name = ident(name);
        let accept = accept.map(|media| quote!(.header("accept", #media)));
        let note = note.map(|n| quote!(#[doc = ""] #[doc = #n]));
        let param_calls = op.params.iter().map(param_call);
        let security = super::auth::call(api, op);
        let matched = quote! {
            match response.status() {
                200..=299 => #success,
                #(#error_arms)*
                _ => response.unexpected().await,
            }
        };
        let (output, finish) = match ret {
            None => (
                quote!(M::Output<()>),
                quote! {
                    let head = response.head::<M>();
                    #matched?;
                    Ok(M::output(head, ()))
                },
            ),
            Some(ret) => (
                quote!(M::Output<#ret>),
                quote! {
                    let head = response.head::<M>();
                    let value: #ret = #matched?;
                    Ok(M::output(head, value))
                },
            ),
        };
        quote! {
            #docs
            #[doc = ""]
            #[doc = #route]
            #beta
            #body_note
            #note
            #deprecated
            #many
            pub async fn #name(&self, #(#args),*) -> crate::Result<#output> {
                let request = self.core.request(::reqwest::Method::#http_method, #template, #operation)
                    #security
                    #(#param_calls)*
                    #accept;
                #body_call
                let response = request.send().await?;
                #finish
            }
        }
    };
    let download = quote!(crate::runtime::Download<crate::ErrorBody>);
    match &op.success {
        Success::Empty => one(&op.method, None, quote!(response.empty()), None, None),
        Success::Json(t) => one(
            &op.method,
            Some(ty(api, t)),
            quote!(response.json().await),
            None,
            None,
        ),
        Success::Text => one(
            &op.method,
            Some(quote!(String)),
            quote!(response.string().await),
            Some("text/plain"),
            None,
        ),
        Success::Download { media_type } => one(
            &op.method,
            Some(download.clone()),
            quote!(response.download()),
            Some(media_type),
            Some(format!(
                " Streams the `{media_type}` body; nothing is buffered."
            )),
        ),
        Success::JsonOrDownload {
            ty: t,
            media_type,
            download_method,
        } => {
            let json = one(
                &op.method,
                Some(ty(api, t)),
                quote!(response.json().await),
                Some("application/json"),
                Some(format!(
                    " The same data as `{media_type}`: [`Self::{download_method}`]."
                )),
            );
            let bytes = one(
                download_method,
                Some(download),
                quote!(response.download()),
                Some(media_type),
                Some(format!(
                    " Asks for `{media_type}` and streams it; nothing is buffered."
                )),
            );
            quote!(#json #bytes)
        }
    }
}

/// The builder call that puts one parameter on the request, as its location and style say.
fn param_call(p: &Param) -> TokenStream {
    let pname = ident(&p.name);
    let value = if p.required {
        quote!(&#pname)
    } else {
        quote!(&params.#pname)
    };
    // Described by JSON `content`: the value's JSON text, written as a plain value.
    let (value, style) = match p.style {
        ParamStyle::Json => (quote!(&crate::runtime::JsonText(#value)), ParamStyle::Plain),
        style => (value, style),
    };
    let wire = &p.wire;
    match (p.location, style, p.explode) {
        (ParamLocation::Path, ..) => quote!(.path(#wire, #value)),
        (ParamLocation::Query, ParamStyle::DeepObject, _) => quote!(.query_deep(#wire, #value)),
        (ParamLocation::Query, ParamStyle::SpaceDelimited, false) => {
            quote!(.query_delimited(#wire, #value, " "))
        }
        (ParamLocation::Query, ParamStyle::PipeDelimited, false) => {
            quote!(.query_delimited(#wire, #value, "|"))
        }
        (ParamLocation::Query, _, true) => quote!(.query(#wire, #value)),
        (ParamLocation::Query, _, false) => quote!(.query_joined(#wire, #value)),
        (ParamLocation::Header, ..) => {
            let wire = p.wire.to_ascii_lowercase();
            if p.idempotency_key {
                quote!(.idempotency_key(#wire, #value))
            } else {
                quote!(.header(#wire, #value))
            }
        }
        (ParamLocation::Cookie, ..) => quote!(.cookie(#wire, #value)),
    }
}
