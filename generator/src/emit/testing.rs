//! Operations -> `pub mod testing` (feature `testing`): a mock server with typed stubs.
//!
//! ```text
//! PATCH /v2/user/{user_id}        server.user().patch()       -> UserPatchStub
//!   group user, method patch  ->      .with_user_id(id) .with_body(&body)
//!   204; 422 HTTPValidationError      .ok() .error_422(&e) .status(503) .delay(d) .expect(1)
//!                                     .mount().await; .sent().await -> Vec<Sent<UserPatchBody>>
//! ```
//!
//! The stubs are grouped as the client's methods are (`operation::groups`); each wraps a
//! `runtime::testing::Stub`, which does the matching, answering and recording, and adds the
//! operation's types: its path and query parameters, its body, its success and its declared
//! errors.

use std::collections::BTreeMap;
use std::sync::Arc;

use heck::ToUpperCamelCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operation::{arg_type, borrowed, groups, Group};
use super::{ident, ty, Part};
use crate::ir::{
    Answer, Api, BodyEncoding, FieldPath, Operation, PageAdvance, PageForm, ParamLocation,
    ParamStyle, SchemeKind, Success, Type,
};
use crate::lower::naming::{unraw, Scope};

/// The names the module gives: each group's stubs struct and the stub struct of each of its
/// operations, and where each group's operations start in `OPERATIONS`.
struct Plan<'a> {
    tree: BTreeMap<Vec<String>, Group<'a>>,
    names: BTreeMap<Vec<String>, (String, Vec<String>)>,
    first: BTreeMap<Vec<String>, usize>,
}

impl<'a> Plan<'a> {
    fn new(api: &'a Api) -> Self {
        let tree = groups(api);
        let mut scope = Scope::with_reserved(&["MockServer", "OPERATIONS"]);
        let mut names = BTreeMap::new();
        let mut first = BTreeMap::new();
        let mut index = 0usize;
        for (path, g) in &tree {
            let camel: String = path.iter().map(|p| p.to_upper_camel_case()).collect();
            let group_name = scope.claim(&format!("{camel}Stubs"));
            let ops = g
                .operations
                .iter()
                .map(|(op, _)| {
                    scope.claim(&format!(
                        "{camel}{}Stub",
                        unraw(&op.method).to_upper_camel_case()
                    ))
                })
                .collect();
            names.insert(path.clone(), (group_name, ops));
            first.insert(path.clone(), index);
            index += g.operations.len();
        }
        Plan { tree, names, first }
    }
}

/// `#[cfg(feature = "testing")] pub mod testing`, with the server, a struct of stubs per
/// group and a stub per operation.
pub fn module(api: &Api) -> Part<'_> {
    let plan = Arc::new(Plan::new(api));
    let mut parts = vec![Part::items({
        let plan = Arc::clone(&plan);
        move || server(api, &plan)
    })];
    for path in plan.tree.keys().filter(|path| !path.is_empty()) {
        let plan = Arc::clone(&plan);
        let path = path.clone();
        parts.push(Part::items(move || group_stubs(api, &plan, &path)));
    }
    for (path, g) in &plan.tree {
        for ((op, _), name) in g.operations.iter().zip(&plan.names[path].1) {
            let (op, name) = (*op, name.clone());
            parts.push(Part::items(move || {
                let cfg = super::features::of_group(api, &op.group);
                super::features::gate(&cfg, stub_struct(api, op, &name))
            }));
        }
    }
    let head = move |body: TokenStream| {
        let allow = super::allow_deprecated_item(api);
        quote! {
            #[doc = " A mock server with a typed stub per operation, for testing code that calls the API"]
            #[doc = " (feature `testing`)."]
            #[cfg(feature = "testing")]
            #allow
            pub mod testing {
                #body
            }
        }
    };
    Part::module(head, parts)
}

/// The stubs of group `path` (the root group's go on the server itself, beside its own):
/// one method per operation and an accessor per subgroup.
fn group_methods(api: &Api, plan: &Plan<'_>, path: &[String]) -> Vec<TokenStream> {
    let g = &plan.tree[path];
    let op_names = &plan.names[path].1;
    let mut methods = Vec::new();
    let mut root_names = Scope::with_reserved(&["start", "uri", "client", "unmatched"]);
    let (server, lifetime) = match path.is_empty() {
        true => (quote!(&self.server), quote!('_)),
        false => (quote!(self.server), quote!('s)),
    };
    let mut method_name = |name: &str| match path.is_empty() {
        true => ident(&root_names.claim(name)),
        false => ident(name),
    };
    for (i, ((op, _), stub_name)) in g.operations.iter().zip(op_names).enumerate() {
        let name = operation_name(op);
        let at = Literal::usize_unsuffixed(plan.first[path] + i);
        let stub = ident(stub_name);
        let fname = method_name(&op.method);
        let doc = format!(" Stubs `{} {}` (`{name}`).", op.http_method, op.path);
        methods.push(quote! {
            #[doc = #doc]
            pub fn #fname(&self) -> #stub<#lifetime> {
                #stub(self.server.stub(&OPERATIONS[#at]))
            }
        });
    }
    for child in &g.children {
        let Some(last) = child.last() else { continue };
        let child_name = ident(&plan.names[child].0);
        let accessor = method_name(last);
        let doc = format!(" The stubs of the `{}` group.", child.join("."));
        let cfg = match path.is_empty() {
            true => super::features::of_group(api, child),
            false => TokenStream::new(),
        };
        methods.push(quote! {
            #[doc = #doc]
            #cfg
            pub fn #accessor(&self) -> #child_name<#lifetime> {
                #child_name { server: #server }
            }
        });
    }
    methods
}

/// An operation's name in `OPERATIONS`: its group path and method, joined by dots.
fn operation_name(op: &Operation) -> String {
    op.group
        .iter()
        .map(String::as_str)
        .chain([unraw(&op.method)])
        .collect::<Vec<_>>()
        .join(".")
}

/// The stubs struct of group `path`.
fn group_stubs(api: &Api, plan: &Plan<'_>, path: &[String]) -> TokenStream {
    let name = ident(&plan.names[path].0);
    let methods = group_methods(api, plan, path);
    let doc = format!(" The stubs of the `{}` group.", path.join("."));
    let cfg = super::features::of_group(api, path);
    super::features::gate(
        &cfg,
        quote! {
            #[doc = #doc]
            #[derive(Clone, Copy)]
            pub struct #name<'s> {
                server: &'s crate::runtime::testing::Server,
            }

            impl<'s> #name<'s> {
                #(#methods)*
            }
        },
    )
}

/// The module's first items: `OPERATIONS` and the server, with the root group's stubs.
fn server(api: &Api, plan: &Plan<'_>) -> TokenStream {
    let entries = plan.tree.values().flat_map(|g| &g.operations).map(|(op, _)| {
        let name = operation_name(op);
        let method = &op.http_method;
        let template = &op.path;
        quote! {
            crate::runtime::testing::Operation { name: #name, method: #method, template: #template },
        }
    });
    let root_methods = match plan.tree.contains_key(&Vec::new()) {
        true => group_methods(api, plan, &[]),
        false => Vec::new(),
    };
    let client = ident(&api.client_name);
    let credentials = api.security_schemes.iter().map(|scheme| {
        let setter = ident(&scheme.setter);
        match scheme.kind {
            SchemeKind::ApiKey { .. } => quote!(.#setter("test-key")),
            SchemeKind::Bearer => quote!(.#setter("test-token")),
            SchemeKind::Basic => quote!(.#setter("test-user", "test-password")),
        }
    });
    // Signing test messages, for a spec with webhooks.
    let signed = (!api.webhooks.is_empty()).then(|| {
        quote!(
            pub use crate::runtime::SignedWebhook;
        )
    });
    quote! {
        pub use crate::runtime::testing::Sent;
        #signed

        const OPERATIONS: &[crate::runtime::testing::Operation] = &[#(#entries)*];

        #[doc = " A mock of the API on a free port of 127.0.0.1; [`Self::client`] calls it."]
        #[doc = ""]
        #[doc = " A request no stub matches is answered `404` and fails the test when the server"]
        #[doc = " is dropped, as does a stub's `expect` count that was not met."]
        pub struct MockServer {
            server: crate::runtime::testing::Server,
        }

        impl MockServer {
            #[doc = " Starts the server."]
            pub async fn start() -> MockServer {
                MockServer { server: crate::runtime::testing::Server::start(OPERATIONS).await }
            }

            #[doc = " Its base URL, `http://127.0.0.1:PORT`."]
            pub fn uri(&self) -> String {
                self.server.uri()
            }

            #[doc = " A client of this server, with test credentials and retry waits of a millisecond."]
            pub fn client(&self) -> crate::#client {
                crate::#client::builder()
                    #(#credentials)*
                    .base_url(self.server.uri())
                    .retry_delay(::std::time::Duration::from_millis(1))
                    .build()
                    .expect("a client of the mock server")
            }

            #[doc = " The messages of the requests no stub matched, so far."]
            pub fn unmatched(&self) -> Vec<String> {
                self.server.unmatched()
            }

            #[doc = " Compresses the answers with a body with gzip (`Content-Encoding: gzip`) when the"]
            #[doc = " request accepts it, as the API's servers do (default: off)."]
            pub fn gzip(&self, on: bool) {
                self.server.gzip(on);
            }

            #(#root_methods)*
        }
    }
}

/// The type a request's body decodes into, and the runtime function that decodes it.
fn sent_body(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let json = quote!(crate::runtime::testing::json_body);
    match &op.body {
        None => (quote!(()), json),
        Some(body) if body.encoding == BodyEncoding::Json => {
            let t = ty(api, &body.ty);
            match body.required {
                true => (t, json),
                false => (quote!(Option<#t>), json),
            }
        }
        Some(_) => (quote!(Vec<u8>), quote!(crate::runtime::testing::raw_body)),
    }
}

/// The stub of one operation: its matchers, its answers and what it received.
fn stub_struct(api: &Api, op: &Operation, name: &str) -> TokenStream {
    let name = ident(name);
    let mut scope = Scope::with_reserved(&[
        "ok",
        "status",
        "delay",
        "expect",
        "mount",
        "sent",
        "with_body",
    ]);
    let (body_ty, decode) = sent_body(api, op);
    let matchers = op
        .params
        .iter()
        .filter_map(|p| {
            let call = match (p.location, p.style) {
                (ParamLocation::Path, _) => quote!(path),
                (ParamLocation::Query, ParamStyle::Plain) => quote!(query),
                _ => return None,
            };
            let inner = match &p.ty {
                Type::Option(inner) => inner.as_ref(),
                t => t,
            };
            let arg = match inner.is_copy() {
                true => arg_type(api, inner),
                false => borrowed(api, inner),
            };
            let method = ident(&scope.claim(&format!("with_{}", unraw(&p.name))));
            let wire = &p.wire;
            let doc = format!(" Matches only requests whose `{wire}` is `value`.");
            Some(quote! {
                #[doc = #doc]
                pub fn #method(self, value: #arg) -> Self {
                    Self(self.0.#call(#wire, &value))
                }
            })
        })
        .collect::<Vec<_>>();
    let with_body = op.body.as_ref().and_then(|body| {
        (body.encoding == BodyEncoding::Json).then(|| {
            let t = borrowed(api, &body.ty);
            quote! {
                #[doc = " Matches only requests with this body."]
                pub fn with_body(self, body: #t) -> Self {
                    Self(self.0.body(body))
                }
            }
        })
    });
    let ok = match &op.success {
        Success::Empty => quote! {
            #[doc = " Answers `204 No Content`."]
            pub fn ok(self) -> Self {
                Self(self.0.status(204))
            }
        },
        Success::Json(t) | Success::JsonOrDownload { ty: t, .. } => {
            let t = borrowed(api, t);
            quote! {
                #[doc = " Answers `200` with this value."]
                pub fn ok(self, value: #t) -> Self {
                    Self(self.0.json(200, value))
                }
            }
        }
        Success::Text => quote! {
            #[doc = " Answers `200` with this text."]
            pub fn ok(self, text: &str) -> Self {
                Self(self.0.bytes(200, text, "text/plain"))
            }
        },
        Success::Download { media_type } => quote! {
            #[doc = " Answers `200` with these bytes."]
            pub fn ok(self, bytes: impl Into<Vec<u8>>) -> Self {
                Self(self.0.bytes(200, bytes, #media_type))
            }
        },
    };
    let pages = pages(api, op);
    // The default answer: the spec's first success example that decodes, else the minimal
    // value of the success type (`lint::minimal`): JSON text, sent as it is.
    let example = api
        .default_answers
        .iter()
        .find(|a| a.operation == op.pointer)
        .and_then(|a| {
            let doc = match &a.answer {
                Answer::Example { pointer, .. } => {
                    format!(" Answers `200` with the spec's example (`#{pointer}`).")
                }
                _ => " Answers `200` with the minimal value of the success type (the spec has no example\n of it that decodes): its required fields only, strings empty, numbers 0, lists empty.".to_owned(),
            };
            let text = serde_json::to_string(a.answer.value()?).ok()?;
            let lines = doc.split('\n');
            Some(quote! {
                #(#[doc = #lines])*
                pub fn example(self) -> Self {
                    let example = #text;
                    Self(self.0.bytes(200, example, "application/json"))
                }
            })
        });
    let errors = op.errors.iter().map(|e| {
        let method = ident(&scope.claim(&format!("error_{}", e.status)));
        let status = Literal::u16_unsuffixed(e.status);
        let t = ty(api, &Type::Named(e.ty));
        let doc = format!(" Answers `{}` with this error.", e.status);
        quote! {
            #[doc = #doc]
            pub fn #method(self, error: &#t) -> Self {
                Self(self.0.json(#status, error))
            }
        }
    });
    let doc = format!(" The stub of `{} {}`.", op.http_method, op.path);
    quote! {
        #[doc = #doc]
        #[must_use = "a stub does nothing until mounted with `.mount().await`"]
        pub struct #name<'s>(crate::runtime::testing::Stub<'s, #body_ty>);

        impl #name<'_> {
            #(#matchers)*
            #with_body
            #ok
            #example
            #pages
            #(#errors)*

            #[doc = " Answers with this status and no body."]
            pub fn status(self, status: u16) -> Self {
                Self(self.0.status(status))
            }

            #[doc = " Sends the answer before this after waiting `delay`."]
            pub fn delay(self, delay: ::std::time::Duration) -> Self {
                Self(self.0.delay(delay))
            }

            #[doc = " Fails the test, when the server is dropped, unless exactly `times` requests"]
            #[doc = " matched."]
            pub fn expect(self, times: u64) -> Self {
                Self(self.0.expect(times))
            }

            #[doc = " Puts the stub on the server; its answers are given in turn, the last repeating."]
            pub async fn mount(self) {
                self.0.mount().await
            }

            #[doc = " The requests this stub matches, so far, with their bodies decoded."]
            pub async fn sent(&self) -> Vec<crate::runtime::testing::Sent<#body_ty>> {
                self.0.sent_with(#decode).await
            }
        }
    }
}

/// `pages(&[..])` for a paged operation: each request gets the page its position selects.
fn pages(api: &Api, op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let page = match &op.success {
        Success::Json(t) | Success::JsonOrDownload { ty: t, .. } => ty(api, t),
        _ => return None,
    };
    op.params
        .iter()
        .find(|q| q.name == p.param && !q.required)?;
    let param = &p.param_wire;
    let wires = |path: &FieldPath| {
        let steps = path.steps.iter().map(|s| &s.wire);
        quote!(&[#(#steps),*])
    };
    let (rule, how) = match &p.form {
        PageForm::Cursor { next } => {
            let next_wires = wires(next);
            (
                quote!(crate::runtime::testing::PageRule::Cursor { param: #param, next: #next_wires }),
                format!(" the first page answers a request without `{param}`, each next one the `{param}`\n that the page before gave in `{}`.", next.dotted()),
            )
        }
        PageForm::Offset {
            origin, advance, ..
        } => {
            let step = match advance {
                PageAdvance::Pages => quote!(crate::runtime::testing::PageStep::Pages),
                PageAdvance::Items => quote!(crate::runtime::testing::PageStep::Items),
                PageAdvance::Step(name) => {
                    let wire = op
                        .params
                        .iter()
                        .find(|q| &q.name == name)
                        .map_or(name, |q| &q.wire);
                    quote!(crate::runtime::testing::PageStep::Param(#wire))
                }
            };
            let results = match &p.results {
                Some(r) => {
                    let r = wires(r);
                    quote!(Some(#r))
                }
                None => quote!(None),
            };
            let origin_lit = Literal::i64_unsuffixed(*origin);
            (
                quote! {
                    crate::runtime::testing::PageRule::Offset {
                        param: #param,
                        origin: #origin_lit,
                        step: #step,
                        results: #results,
                    }
                },
                format!(" the first page answers `{param}` = {origin} (or none), the next ones the positions\n the client moves on to; give an empty last page when an empty page ends the list."),
            )
        }
    };
    let lines = how.split('\n');
    Some(quote! {
        #[doc = " Answers each request with the page its position selects, as the API does:"]
        #(#[doc = #lines])*
        pub fn pages(self, pages: &[#page]) -> Self {
            Self(self.0.pages(#rule, pages))
        }
    })
}
