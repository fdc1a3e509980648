//! The API surface of a generated client, as text: every type with its fields and Rust types,
//! every operation with its signature; no description text.
//!
//! It is what a reviewer reads when the spec changes: the surface of the old and the new spec
//! differ only in the lines of what changed. Types and signatures are rendered from the very
//! tokens `emit` writes (shortened: `crate::types::X` is `X`, `::std::option::Option` is
//! `Option`), so the surface cannot disagree with the code. It comes in sections, so that a
//! snapshot per section keeps each file small:
//!
//! ```text
//! client              the client, environments, auth, error bodies
//! ops/<group>         one per group of operations
//! webhooks            the webhook events, when the spec has webhooks
//! types/<letter>      the types whose name starts with that letter
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use proc_macro2::TokenStream;

use crate::emit;
use crate::ir::{Api, KeyLocation, Operation, SchemeKind, Success, Type, TypeDef, TypeKind};

/// The surface of `api`, section name -> text, sections in name order.
pub fn render(api: &Api) -> BTreeMap<String, String> {
    let mut sections: BTreeMap<String, String> = BTreeMap::new();
    sections.insert("client".to_owned(), client(api));
    for op in &api.operations {
        let group = if op.group.is_empty() {
            "(client)".to_owned()
        } else {
            op.group.join(".")
        };
        operation(api, op, sections.entry(format!("ops/{group}")).or_default());
    }
    if !api.webhooks.is_empty() {
        sections.insert("webhooks".to_owned(), webhooks(api));
    }
    for def in &api.types {
        let letter = def
            .name
            .trim_start_matches("r#")
            .chars()
            .next()
            .filter(char::is_ascii_alphabetic)
            .map_or('_', |c| c.to_ascii_uppercase());
        type_def(
            api,
            def,
            sections.entry(format!("types/{letter}")).or_default(),
        );
    }
    sections
}

/// All sections in one text, each under a `# name` line.
pub fn render_text(api: &Api) -> String {
    render(api)
        .into_iter()
        .map(|(name, text)| format!("# {name}\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Tokens of a type, shortened for reading.
fn short(tokens: TokenStream) -> String {
    let text = tokens.to_string();
    let mut out = text
        .replace("crate :: types :: ", "")
        .replace("crate :: runtime :: ", "")
        .replace("crate :: params :: ", "")
        .replace(":: std :: option :: ", "")
        .replace(":: std :: vec :: ", "")
        .replace(":: std :: collections :: ", "")
        .replace(":: std :: string :: ", "")
        .replace(":: std :: boxed :: ", "")
        .replace(":: serde_json :: ", "")
        .replace(":: uuid :: ", "")
        .replace(":: chrono :: ", "");
    for (from, to) in [(" < ", "<"), (" >", ">"), (" , ", ", "), ("& ", "&")] {
        out = out.replace(from, to);
    }
    out
}

fn ty(api: &Api, t: &Type) -> String {
    short(emit::ty(api, t))
}

fn client(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "client {}  ({} {})",
        api.client_name, api.title, api.version
    );
    for s in &api.servers {
        let _ = writeln!(out, "environment {} = {}", s.name, s.url);
    }
    for v in &api.server_variables {
        let ty = v.values.as_ref().map_or("String", |e| e.name.as_str());
        let _ = writeln!(out, "server variable {}: .{}({ty})", v.name, v.setter);
    }
    for scheme in &api.security_schemes {
        let (line, usual) = match &scheme.kind {
            SchemeKind::ApiKey { location, name } => {
                let place = match location {
                    KeyLocation::Header => "header",
                    KeyLocation::Query => "query",
                    KeyLocation::Cookie => "cookie",
                };
                let name = match location {
                    KeyLocation::Header => name.to_ascii_lowercase(),
                    _ => name.clone(),
                };
                (format!("api key in {place} {name}"), "api_key")
            }
            SchemeKind::Bearer => ("bearer token".to_owned(), "bearer_token"),
            SchemeKind::Basic => ("basic auth".to_owned(), "basic_auth"),
        };
        let _ = match scheme.setter == usual {
            true => writeln!(out, "{line}"),
            false => writeln!(out, "{line}: .{}(..)", scheme.setter),
        };
    }
    for id in &api.error_types {
        let _ = writeln!(out, "error body {}", api.types[id.0].name);
    }
    out
}

/// One line per webhook: its name, its `Event` variant and payload type, and its tag values.
fn webhooks(api: &Api) -> String {
    let mut out = String::new();
    match &api.webhook_tag {
        Some(tag) => {
            let _ = writeln!(out, "event tag {tag}");
        }
        None => {
            let _ = writeln!(out, "no event tag: the caller names the webhook");
        }
    }
    for w in &api.webhooks {
        let deprecated = if w.deprecated { "#[deprecated] " } else { "" };
        let _ = write!(
            out,
            "{deprecated}{} -> Event::{}({})",
            w.name,
            w.variant,
            ty(api, &emit::webhooks::held(w))
        );
        if !w.tags.is_empty() {
            let _ = write!(out, " when {}", w.tags.join(" | "));
        }
        out.push('\n');
    }
    out
}

fn operation(api: &Api, op: &Operation, out: &mut String) {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            format!(
                "{}: {}",
                p.name,
                short(emit::operation::arg_type(api, &p.ty))
            )
        })
        .collect();
    if let Some(body) = &op.body {
        let t = short(emit::operation::body_type(api, body));
        args.push(format!("body: {t}"));
    }
    let optional: Vec<String> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            format!(
                "{}: {}",
                p.name,
                short(emit::operation::optional_param_type(api, p))
            )
        })
        .collect();
    if !optional.is_empty() {
        args.push(format!("params: {{ {} }}", optional.join(", ")));
    }
    let deprecated = if op.deprecated { "#[deprecated] " } else { "" };
    let mut line = |method: &str, ret: String| {
        let _ = writeln!(out, "{deprecated}{method}({}) -> {ret}", args.join(", "));
    };
    match &op.success {
        Success::Empty => line(&op.method, "()".to_owned()),
        Success::Text => line(&op.method, "String".to_owned()),
        Success::Json(t) => line(&op.method, ty(api, t)),
        Success::Download { media_type } => line(&op.method, format!("Download<{media_type}>")),
        Success::JsonOrDownload {
            ty: t,
            media_type,
            download_method,
        } => {
            line(&op.method, ty(api, t));
            line(download_method, format!("Download<{media_type}>"));
        }
    }
    if let (Some(p), Some(t)) = (&op.pagination, op.success.json_type()) {
        line(&p.pages_method, format!("Pages<{}>", ty(api, t)));
        if let (Some(items), Some(results)) = (&p.items_method, &p.results) {
            line(items, format!("Items<{}>", ty(api, &results.leaf)));
        }
    }
    let _ = writeln!(out, "    {} {}", op.http_method, op.path);
    if let Some(p) = &op.pagination {
        let _ = writeln!(
            out,
            "    paged by {}: {}",
            crate::coverage::form_name(p),
            crate::coverage::describe(p)
        );
    }
    for e in &op.errors {
        let _ = writeln!(out, "    {} -> {}", e.status, api.types[e.ty.0].name);
    }
}

fn type_def(api: &Api, def: &TypeDef, out: &mut String) {
    let deprecated = if def.deprecated { "#[deprecated] " } else { "" };
    match &def.kind {
        TypeKind::Struct(s) => {
            let kind = if def.form { "form struct" } else { "struct" };
            let _ = writeln!(out, "{deprecated}{kind} {} {{", def.name);
            for f in &s.fields {
                let t = if def.form {
                    ty(api, &f.ty)
                } else {
                    short(emit::types::field_type(api, def, f))
                };
                let wire = if f.wire == f.name.trim_start_matches("r#") {
                    String::new()
                } else {
                    format!("  // {:?}", f.wire)
                };
                let relaxed = if f.relaxed {
                    "  // required but deprecated: read as optional"
                } else {
                    ""
                };
                let _ = writeln!(out, "    {}: {t}{wire}{relaxed}", f.name);
            }
            for f in &s.flattened {
                let _ = writeln!(out, "    ..{}: {}", f.name, ty(api, &f.ty));
            }
            if let Some(a) = &s.additional {
                let _ = writeln!(out, "    ..Map<String, {}>", ty(api, a));
            } else if !s.closed && !def.in_request && !def.form {
                let _ = writeln!(out, "    ..unknown_fields");
            }
            let _ = writeln!(out, "}}");
        }
        TypeKind::Enum(e) => {
            let open = if e.open { " (open)" } else { "" };
            let values: Vec<String> = e
                .values
                .iter()
                .map(|v| format!("{} = {:?}", v.name, v.wire))
                .collect();
            let _ = writeln!(
                out,
                "{deprecated}enum {}{open} {{ {} }}",
                def.name,
                values.join(", ")
            );
        }
        TypeKind::Untagged(variants) => {
            let variants: Vec<String> = variants
                .iter()
                .map(|v| format!("{}({})", v.name, ty(api, &v.ty)))
                .collect();
            let _ = writeln!(
                out,
                "{deprecated}untagged {} {{ {} }}",
                def.name,
                variants.join(", ")
            );
        }
        TypeKind::Tagged(t) => {
            let variants: Vec<String> = t
                .variants
                .iter()
                .map(|v| format!("{}({}) = {:?}", v.name, ty(api, &v.ty), v.tags))
                .collect();
            let _ = writeln!(
                out,
                "{deprecated}tagged {} by {:?} {{ {}, Unknown }}",
                def.name,
                t.tag,
                variants.join(", ")
            );
        }
        TypeKind::Alias(t) => {
            let _ = writeln!(out, "{deprecated}type {} = {}", def.name, ty(api, t));
        }
    }
}
