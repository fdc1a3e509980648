//! One operation -> its `clap::Args` struct and the `run` that calls the client.
//!
//! ```text
//! POST /v3/order (lab_tests create_order)   /// Create Order
//!   header x-idempotency-key (optional)  -> pub struct LabTestsCreateOrder {
//!   body CreateLabTestRequest (JSON)          #[arg(long = "x-idempotency-key")] x_idempotency_key: Option<String>,
//!                                             #[arg(long)] body: run::Body,
//!                                         }
//!                                         impl LabTestsCreateOrder {
//!                                             async fn run(self, client, out) -> run::Result {
//!                                                 let body: types::CreateLabTestRequest = self.body.json()?;
//!                                                 let mut params = params::LabTestsCreateOrderParams::default();
//!                                                 params.x_idempotency_key = self.x_idempotency_key;
//!                                                 out.json(client.lab_tests().create_order(&body, &params).await?)
//!                                             }
//!                                         }
//! ```

use heck::{ToKebabCase, ToShoutySnakeCase};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::{doc, ident, ty_in};
use crate::ir::{
    Api, Body, BodyEncoding, Operation, Param, ParamLocation, Success, Type, TypeKind,
};
use crate::lower::naming::{unraw, Scope};

/// The struct of `op`, named `name`; `params` is its params struct in the client, and `taken`
/// the long options every command has.
pub(super) fn operation(
    api: &Api,
    krate: &TokenStream,
    op: &Operation,
    params: Option<&str>,
    name: &str,
    taken: &[String],
) -> TokenStream {
    let mut reserved: Vec<&str> = taken.iter().map(String::as_str).collect();
    reserved.extend(["body", "all", "output"]);
    let mut scope = Scope::with_reserved(&reserved);
    let mut fields = Vec::new();
    let mut prepare = Vec::new();
    let mut args = Vec::new();

    // Required parameters: arguments of the method, in its order.
    for p in op.params.iter().filter(|p| p.required) {
        let arg = Arg::new(api, krate, p, &mut scope);
        let field = &arg.field;
        args.push(match &p.ty {
            t if t.is_copy() => quote!(self.#field),
            _ => quote!(&self.#field),
        });
        fields.push(arg.declaration(p));
    }
    // The body, decoded before anything is sent.
    if let Some(body) = &op.body {
        let (field, value) = body_field(api, krate, body, &mut scope);
        fields.push(field);
        prepare.push(value);
        args.push(body_arg(body));
    }
    // Optional parameters: fields of the client's params struct.
    if let Some(params) = params {
        let params = ident(params);
        let mut set = Vec::new();
        for p in op.params.iter().filter(|p| !p.required) {
            let arg = Arg::new(api, krate, p, &mut scope);
            let field = &arg.field;
            let target = ident(&p.name);
            set.push(match arg.list {
                true => quote!(params.#target = (!self.#field.is_empty()).then_some(self.#field);),
                false => quote!(params.#target = self.#field;),
            });
            fields.push(arg.declaration(p));
        }
        prepare.push(quote! {
            let mut params = #krate::params::#params::default();
            #(#set)*
        });
        args.push(quote!(&params));
    }

    let mut call = quote!(client);
    for group in &op.group {
        let group = ident(group);
        call = quote!(#call.#group());
    }
    let method = ident(&op.method);
    let answer = quote!(#call.#method(#(#args),*).await?);
    let finish = match &op.success {
        Success::Empty => quote!(out.empty(#answer)),
        Success::Json(_) => quote!(out.json(#answer)),
        Success::Text => quote!(out.text(#answer)),
        Success::Download { .. } => {
            fields.push(output_field());
            quote!(out.download(#answer, self.output.as_deref()).await)
        }
        Success::JsonOrDownload {
            download_method, ..
        } => {
            fields.push(output_field());
            let download = ident(download_method);
            quote! {
                match &self.output {
                    Some(file) => out.download(#call.#download(#(#args),*).await?, Some(file)).await,
                    None => out.json(#answer),
                }
            }
        }
    };
    let all = paged(op, params.is_some()).map(|(stream, items)| {
        fields.push(quote! {
            #[doc = " Every page, one after the other: one JSON line per item (per page when a page"]
            #[doc = " has no list of items), starting at the position given, if any."]
            #[arg(long)]
            all: bool,
        });
        let stream = ident(stream);
        let print = match items {
            true => quote!(out.items(#call.#stream(#(#args),*)).await),
            false => quote!(out.pages(#call.#stream(#(#args),*)).await),
        };
        quote! {
            if self.all {
                return #print;
            }
        }
    });

    let name = ident(name);
    let docs = doc::attrs(op.doc.as_deref());
    let spacer = op.doc.as_ref().map(|_| quote!(#[doc = ""]));
    let route = format!(" `{} {}`", op.http_method, op.path);
    let client_type = super::command::client_type(api, krate);
    quote! {
        #docs
        #spacer
        #[doc = #route]
        #[derive(Debug, ::clap::Args)]
        struct #name {
            #(#fields)*
        }

        impl #name {
            async fn run(self, client: &#client_type, out: &crate::run::Output) -> crate::run::Result {
                #(#prepare)*
                #all
                #finish
            }
        }
    }
}

/// A parameter as the command line takes it.
struct Arg {
    /// The struct's field.
    field: Ident,
    /// Its option (`--start-date`), or `None` for a positional argument.
    long: Option<String>,
    /// The field's type.
    ty: TokenStream,
    /// How clap parses a value: its own parser for the type, or this one.
    parser: Option<TokenStream>,
    /// A list: a repeated option, given when not empty.
    list: bool,
    /// `bool` that takes a value (`--flag true`), not a switch.
    boolean: bool,
    /// The values of a string enum, for the help.
    values: Option<String>,
}

impl Arg {
    fn new(api: &Api, krate: &TokenStream, p: &Param, scope: &mut Scope) -> Arg {
        // `timeout` taken by `Global`: `--timeout-2`.
        let name = scope
            .claim(&unraw(&p.name).to_kebab_case())
            .replace('_', "-");
        let field = ident(&name.replace('-', "_"));
        let long = (p.location != ParamLocation::Path).then_some(name);
        let inner = match &p.ty {
            Type::Option(inner) if !p.required => inner.as_ref(),
            t => t,
        };
        let (list, item) = match inner {
            Type::Vec(item) => (true, item.as_ref()),
            t => (false, t),
        };
        let item_ty = ty_in(api, item, krate);
        let ty = match (list, p.required) {
            (true, _) => quote!(Vec<#item_ty>),
            (false, true) => ty_in(api, &p.ty, krate),
            (false, false) => quote!(Option<#item_ty>),
        };
        Arg {
            field,
            long,
            ty,
            parser: parser(api, krate, item),
            list,
            boolean: *item == Type::Bool && p.required && !list,
            values: enum_values(api, item),
        }
    }

    /// The field, with its doc and `#[arg(..)]`.
    fn declaration(&self, p: &Param) -> TokenStream {
        let docs = doc::attrs(p.doc.as_deref());
        let values = self.values.as_ref().map(|values| {
            let spacer = p.doc.as_ref().map(|_| quote!(#[doc = ""]));
            quote!(#spacer #[doc = #values])
        });
        let field = &self.field;
        let ty = &self.ty;
        let mut attrs = Vec::new();
        if let Some(long) = &self.long {
            attrs.push(quote!(long = #long));
        }
        let value_name = unraw(&p.name).to_shouty_snake_case();
        attrs.push(quote!(value_name = #value_name));
        if let Some(parser) = &self.parser {
            attrs.push(quote!(value_parser = #parser));
        }
        if self.list && p.required {
            attrs.push(quote!(required = true));
        }
        if self.boolean {
            attrs.push(quote!(action = ::clap::ArgAction::Set));
        }
        quote! {
            #docs
            #values
            #[arg(#(#attrs),*)]
            #field: #ty,
        }
    }
}

/// ` One of: `a`, `b`.` for a string enum (of a closed one, the only values it takes).
fn enum_values(api: &Api, t: &Type) -> Option<String> {
    let Type::Named(id) = t else {
        return None;
    };
    let TypeKind::Enum(e) = &api.types[id.0].kind else {
        return None;
    };
    let values: Vec<String> = e.values.iter().map(|v| format!("`{}`", v.wire)).collect();
    Some(format!(" One of: {}.", values.join(", ")))
}

/// The value parser of a type clap does not parse by `FromStr`: JSON, or a plain string.
fn parser(api: &Api, krate: &TokenStream, t: &Type) -> Option<TokenStream> {
    match t {
        Type::Bool
        | Type::I32
        | Type::I64
        | Type::F64
        | Type::String
        | Type::Uuid
        | Type::Date
        | Type::DateTime => None,
        other => {
            let t = ty_in(api, other, krate);
            Some(quote!(crate::run::value::<#t>))
        }
    }
}

/// `--output FILE`, for the operations that download.
fn output_field() -> TokenStream {
    quote! {
        #[doc = " Write the downloaded body to this file (streamed), instead of standard output."]
        #[arg(long, value_name = "FILE")]
        output: Option<::std::path::PathBuf>,
    }
}

/// The body's field(s), and the statement that reads them into `body`.
fn body_field(
    api: &Api,
    krate: &TokenStream,
    body: &Body,
    scope: &mut Scope,
) -> (TokenStream, TokenStream) {
    let t = ty_in(api, &body.ty, krate);
    let (what, read) = match body.encoding {
        BodyEncoding::Multipart => return form_fields(api, krate, body, scope),
        BodyEncoding::Raw => (
            format!(" The body, sent as it is (`{}`):", body.media_type),
            quote!(crate::run::Body::bytes),
        ),
        BodyEncoding::Json | BodyEncoding::UrlEncoded => {
            let name = type_name(api, &body.ty);
            (
                format!(" The body, a `{name}` in JSON:"),
                quote!(crate::run::Body::json::<#t>),
            )
        }
    };
    let field_ty = match body.required {
        true => quote!(crate::run::Body),
        false => quote!(Option<crate::run::Body>),
    };
    let field = quote! {
        #[doc = #what]
        #[doc = " the text itself, `@FILE` to read a file, or `-` to read standard input."]
        #[arg(long, value_name = "JSON|@FILE|-")]
        body: #field_ty,
    };
    let value = match (body.required, body.encoding) {
        (true, _) => quote!(let body = #read(self.body)?;),
        (false, BodyEncoding::Raw) => quote! {
            let body = self.body.map(crate::run::Body::bytes).transpose()?.map(#krate::runtime::RawBody::new);
        },
        (false, _) => quote!(let body = self.body.map(#read).transpose()?;),
    };
    (field, value)
}

/// How the body goes to the method: by reference (a string or list through its `Deref`), or
/// for raw bytes as they are.
fn body_arg(body: &Body) -> TokenStream {
    match (body.encoding, body.required, &body.ty) {
        (BodyEncoding::Raw, ..) => quote!(body),
        (_, true, _) => quote!(&body),
        (_, false, Type::String | Type::Vec(_)) => quote!(body.as_deref()),
        (_, false, _) => quote!(body.as_ref()),
    }
}

/// The name of a body's type, for its help.
fn type_name(api: &Api, t: &Type) -> String {
    match t {
        Type::Named(id) => api.types[id.0].name.clone(),
        Type::Vec(item) => format!("list of {}", type_name(api, item)),
        Type::Map(item) => format!("map of {}", type_name(api, item)),
        Type::Option(inner) | Type::Box(inner) => type_name(api, inner),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// A multipart body: one option per field of its form struct (files by path), and the
/// statement that builds `body` from them (`new` with the required fields, then the others).
fn form_fields(
    api: &Api,
    krate: &TokenStream,
    body: &Body,
    scope: &mut Scope,
) -> (TokenStream, TokenStream) {
    let t = ty_in(api, &body.ty, krate);
    let fields = match &body.ty {
        Type::Named(id) => match &api.types[id.0].kind {
            TypeKind::Struct(s) => s.fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    let mut declarations = Vec::new();
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for f in fields {
        let name = scope
            .claim(&unraw(&f.name).to_kebab_case())
            .replace('_', "-");
        let field = ident(&name.replace('-', "_"));
        let target = ident(&f.name);
        let docs = doc::attrs(f.doc.as_deref());
        let value_name = unraw(&f.name).to_shouty_snake_case();
        let (ty, parser, value) = match &f.ty {
            Type::Bytes => (
                quote!(::std::path::PathBuf),
                TokenStream::new(),
                quote!(crate::run::file(&self.#field)?),
            ),
            Type::Vec(item) if **item == Type::Bytes => (
                quote!(Vec<::std::path::PathBuf>),
                TokenStream::new(),
                quote!(self.#field.iter().map(crate::run::file).collect::<::std::result::Result<Vec<_>, _>>()?),
            ),
            other => {
                let parser = parser(api, krate, other).map(|p| quote!(, value_parser = #p));
                (
                    ty_in(api, other, krate),
                    quote!(#parser),
                    quote!(self.#field),
                )
            }
        };
        let list = matches!(f.ty, Type::Vec(_));
        let (ty, required_list) = match (f.required, list) {
            (true, true) => (ty, quote!(, required = true)),
            (true, false) | (false, true) => (ty, TokenStream::new()),
            (false, false) => (quote!(Option<#ty>), TokenStream::new()),
        };
        declarations.push(quote! {
            #docs
            #[arg(long = #name, value_name = #value_name #parser #required_list)]
            #field: #ty,
        });
        match (f.required, list, f.ty == Type::Bytes) {
            (true, ..) => required.push(value),
            (false, true, _) => optional.push(quote! {
                if !self.#field.is_empty() {
                    body.#target = Some(#value);
                }
            }),
            (false, false, true) => optional.push(quote! {
                body.#target = self.#field.as_ref().map(crate::run::file).transpose()?;
            }),
            (false, false, false) => optional.push(quote!(body.#target = self.#field;)),
        }
    }
    let new = match required.is_empty() {
        true => quote!(#t::default()),
        false => quote!(#t::new(#(#required),*)),
    };
    let build = match optional.is_empty() {
        true => quote!(let body = #new;),
        false => quote! {
            let mut body = #new;
            #(#optional)*
        },
    };
    (quote!(#(#declarations)*), build)
}

/// The stream method `--all` reads, and whether it streams items (else pages): for paged
/// operations with a JSON page and a params struct, as `emit::paging` gives them.
fn paged(op: &Operation, has_params: bool) -> Option<(&str, bool)> {
    let p = op.pagination.as_ref()?;
    op.success.json_type()?;
    if !has_params || !op.params.iter().any(|q| q.name == p.param && !q.required) {
        return None;
    }
    match (&p.items_method, &p.results) {
        (Some(items), Some(_)) => Some((items, true)),
        _ => Some((&p.pages_method, false)),
    }
}
