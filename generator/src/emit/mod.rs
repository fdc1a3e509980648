//! Emit: [`ir::Api`](crate::ir::Api) -> `syn` items.
//!
//! The only stage that writes code. The types, three quarters of it, are built as `syn` items
//! directly (`types`, with the builders of `syntax`); the rest is written with `quote!` and
//! read back into items a group at a time. The output is one file of items, laid out as:
//! `pub mod types` (every named type, in the order the IR holds them), `pub mod params`
//! (optional query and header parameters per operation), `pub mod resources` (one client per
//! group), `pub mod webhooks` (the typed events, when the spec has webhooks), then at the
//! root the client, its builder, `Environment`, `ErrorBody`, `Error` and `Result`. Generated
//! code names spec types by absolute path (`crate::types::X`) and everything else either by
//! absolute path (`::std::collections::BTreeMap`, `::serde::`) or by its prelude name (`Option`, `String`, `Vec`, `Box`, `Some`, `Ok`, `Default`, `Into`): no
//! generated item takes a prelude name, since `lower::naming` reserves them for spec types
//! (`Option` in a spec becomes `Option2`). It calls `crate::runtime` for all shared behaviour.

mod auth;
mod client;
pub mod doc;
mod objects;
pub(crate) mod operation;
mod paging;
mod servers;
mod syntax;
pub(crate) mod types;
mod unions;
pub(crate) mod webhooks;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::ir::{Api, Type};

/// The whole API as one file; `crate_name` is what the doc examples `use`. Fails only if the
/// code emitted as tokens does not parse, which is a generator bug.
pub fn api(api: &Api, crate_name: &str) -> Result<syn::File, String> {
    let mut items = vec![syn::Item::Mod(types::module(api))];
    items.extend(rest(api, crate_name)?);
    Ok(syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    })
}

/// `pub mod types` cut into about `parts` consecutive runs of types of about the same size,
/// each given as the module holding that run (the first with the module's attributes), so
/// that the parts can be built and printed on different threads and joined in order.
pub fn types_parts(api: &Api, parts: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = api.types.iter().map(types::weight).sum();
    let size = total.div_ceil(parts.max(1)).max(1);
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut filled) = (0, 0);
    for (i, def) in api.types.iter().enumerate() {
        filled += types::weight(def);
        if filled >= size {
            ranges.push(start..i + 1);
            (start, filled) = (i + 1, 0);
        }
    }
    if start < api.types.len() || ranges.is_empty() {
        ranges.push(start..api.types.len());
    }
    ranges
}

/// The module of `pub mod types` that holds the types `range` (see [`types_parts`]), and the
/// texts of the impls that stand in it as placeholders, in order (see [`fill_placeholders`]).
pub fn types_part(api: &Api, range: std::ops::Range<usize>) -> (syn::ItemMod, Vec<String>) {
    let head = range.start == 0;
    let mut texts = Vec::new();
    let items = types::items(api, &api.types[range], Some(&mut texts));
    (types::module_of(api, items, head), texts)
}

/// `printed`, the text of a module from [`types_part`], with each placeholder line replaced by
/// the next of `texts`.
pub fn fill_placeholders(printed: &str, texts: Vec<String>) -> String {
    if texts.is_empty() {
        return printed.to_owned();
    }
    let mut out =
        String::with_capacity(printed.len() + texts.iter().map(String::len).sum::<usize>());
    let mut texts = texts.into_iter();
    for line in printed.split_inclusive('\n') {
        match line.strip_suffix('\n') == Some(objects::PLACEHOLDER) {
            true => out.push_str(&texts.next().unwrap_or_default()),
            false => out.push_str(line),
        }
    }
    out
}

/// Everything after `pub mod types`: the params and resources modules and the crate root,
/// emitted as tokens and read into items a few at a time. Fails only if the tokens are not
/// valid Rust, which is a generator bug.
pub fn rest(api: &Api, crate_name: &str) -> Result<Vec<syn::Item>, String> {
    let mut items = Vec::new();
    for part in RestPart::ALL {
        items.extend(rest_part(api, crate_name, part)?);
    }
    Ok(items)
}

/// The parts of [`rest`], in their order; each is emitted on its own by [`rest_part`]. A
/// part's discriminant is its place in [`RestPart::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestPart {
    /// `pub mod params`: the operations' parameter and builder types.
    Params,
    /// `pub mod resources`: the operations, by group.
    Resources,
    /// `pub mod webhooks`, when the spec has webhooks.
    Webhooks,
    /// The crate root: the client and its settings.
    Root,
}

impl RestPart {
    /// Every part, in the order of the code.
    pub const ALL: [RestPart; 4] = [
        RestPart::Params,
        RestPart::Resources,
        RestPart::Webhooks,
        RestPart::Root,
    ];
}

/// The items of one part of [`rest`].
pub fn rest_part(api: &Api, crate_name: &str, part: RestPart) -> Result<Vec<syn::Item>, String> {
    Ok(match part {
        RestPart::Params => vec![syn::Item::Mod(operation::params_module(api)?)],
        RestPart::Resources => vec![syn::Item::Mod(operation::resources_module(api)?)],
        RestPart::Webhooks => webhooks::module(api)?
            .map(syn::Item::Mod)
            .into_iter()
            .collect(),
        RestPart::Root => parse_items(client::root(api, crate_name))?,
    })
}

/// The items `tokens` hold.
fn parse_items(tokens: TokenStream) -> Result<Vec<syn::Item>, String> {
    crate::format::parse(tokens).map(|file| file.items)
}

/// Whether the spec deprecates anything: then the generated code, which uses the deprecated
/// items itself, allows that (their users still get the warning).
fn any_deprecated(api: &Api) -> bool {
    api.operations.iter().any(|o| o.deprecated)
        || api.types.iter().any(|t| {
            t.deprecated
                || matches!(&t.kind, crate::ir::TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
        })
}

/// `#[allow(deprecated)]` for a generated item, when needed.
pub(crate) fn allow_deprecated_item(api: &Api) -> TokenStream {
    match any_deprecated(api) {
        true => quote!(#[allow(deprecated)]),
        false => TokenStream::new(),
    }
}

/// An identifier from a name the IR has already made valid (`r#type` becomes a raw one).
/// Names built from valid parts can still be invalid (`1st` + `Client`, a group `match`):
/// [`naming::ident_text`](crate::lower::naming::ident_text) makes those valid, never a panic.
pub fn ident(name: &str) -> Ident {
    let name = crate::lower::naming::ident_text(name);
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&name, Span::call_site()),
    }
}

/// The Rust type of a type expression, as tokens.
pub fn ty(api: &Api, t: &Type) -> TokenStream {
    rust_type(api, t).into_token_stream()
}

/// The Rust type of a type expression.
pub fn rust_type(api: &Api, t: &Type) -> syn::Type {
    use syntax::path_type;
    match t {
        Type::Bool => path_type(false, &["bool"], Vec::new()),
        Type::I32 => path_type(false, &["i32"], Vec::new()),
        Type::I64 => path_type(false, &["i64"], Vec::new()),
        Type::F64 => path_type(false, &["f64"], Vec::new()),
        Type::String => path_type(false, &["String"], Vec::new()),
        Type::Uuid => path_type(true, &["uuid", "Uuid"], Vec::new()),
        Type::Date => path_type(true, &["chrono", "NaiveDate"], Vec::new()),
        Type::DateTime => path_type(false, &["crate", "runtime", "Timestamp"], Vec::new()),
        Type::Bytes => path_type(false, &["crate", "runtime", "File"], Vec::new()),
        Type::Json => path_type(true, &["serde_json", "Value"], Vec::new()),
        Type::Unit => syn::Type::Tuple(syn::TypeTuple {
            paren_token: Default::default(),
            elems: Default::default(),
        }),
        Type::Named(id) => syntax::type_of(syntax::path(
            false,
            [
                syntax::name("crate"),
                syntax::name("types"),
                ident(&api.types[id.0].name),
            ],
        )),
        Type::Vec(inner) => path_type(false, &["Vec"], vec![rust_type(api, inner)]),
        Type::Map(inner) => path_type(
            true,
            &["std", "collections", "BTreeMap"],
            vec![
                path_type(false, &["String"], Vec::new()),
                rust_type(api, inner),
            ],
        ),
        Type::Option(inner) => path_type(false, &["Option"], vec![rust_type(api, inner)]),
        Type::Box(inner) => path_type(false, &["Box"], vec![rust_type(api, inner)]),
    }
}

#[cfg(test)]
mod tests {
    use super::RestPart;

    #[test]
    fn a_rest_part_is_numbered_by_its_place() {
        for (i, part) in RestPart::ALL.into_iter().enumerate() {
            assert_eq!(part as usize, i);
        }
    }
}
