//! Servers: `servers` -> the `Environment` variants, and the `{variables}` of their URLs ->
//! settings of the builder.
//!
//! ```text
//! url: https://{region}.example.com/{version}     Environment::ApiExampleCom (the URL template)
//! variables:                                    builder.region(Region::Eu)  (enum in every server)
//!   region: {enum: [us, eu], default: us}        builder.version("v2")       (no enum: a String)
//!   version: {default: v1}
//! ```
//!
//! A variable is one setting for all servers that have it; each server keeps its own default.
//! It is an enum (with `Other(String)`) when every server that has it lists the same values,
//! and a `String` otherwise. A `{name}` that the server does not declare stays in the URL as
//! written.

use indexmap::IndexMap;

use super::naming::{self, Scope};
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::{EnumValue, Server, ServerEnum, ServerVariable};

/// One piece of a server URL template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written.
    Text(&'a str),
    /// A `{name}` placeholder.
    Variable(&'a str),
}

/// Splits a URL template at its `{name}` placeholders.
pub fn pieces(url: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Variable(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// What the servers that have one variable say about it.
struct Seen {
    /// Each server's `enum` (empty when it lists none).
    enums: Vec<Vec<String>>,
    doc: Option<String>,
}

impl Lowerer<'_> {
    /// The servers and the variables of their URLs; setters are claimed in `setters`, enum
    /// type names in `root`.
    pub(crate) fn servers(
        &mut self,
        setters: &mut Scope,
        root: &mut Scope,
    ) -> (Vec<Server>, Vec<ServerVariable>) {
        let at = Pointer::root().push("servers");
        let mut names = Scope::default();
        let mut out = Vec::new();
        let mut seen: IndexMap<String, Seen> = IndexMap::new();
        for (i, server) in self.doc.servers.iter().enumerate() {
            let openapiv3::Server {
                url,
                description,
                variables,
                extensions,
            } = server;
            let declared = variables.as_ref();
            let mut defaults = Vec::new();
            for piece in pieces(url) {
                let Piece::Variable(name) = piece else {
                    continue;
                };
                let Some(variable) = declared.and_then(|v| v.get(name)) else {
                    continue;
                };
                if defaults.iter().any(|(n, _): &(String, String)| n == name) {
                    continue;
                }
                if naming::value_name(name).is_none() {
                    self.sink.error(
                        &at.push(i).push("variables").push(name),
                        format!(
                            "server variable name `{name}` has no character usable in a Rust \
                             identifier"
                        ),
                    );
                    continue;
                }
                defaults.push((name.to_owned(), variable.default.clone()));
                let entry = seen.entry(name.to_owned()).or_insert(Seen {
                    enums: Vec::new(),
                    doc: None,
                });
                entry.enums.push(variable.enumeration.clone());
                if entry.doc.is_none() {
                    entry.doc = variable
                        .description
                        .clone()
                        .filter(|d| !d.trim().is_empty());
                }
            }
            let raw = extensions
                .get("x-fern-server-name")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| url_words(url));
            let name = naming::type_name(&raw).unwrap_or_else(|| format!("Server{}", i + 1));
            out.push(Server {
                name: names.claim(&name),
                url: url.trim_end_matches('/').to_owned(),
                doc: description.clone(),
                defaults,
            });
        }
        let variables = seen
            .into_iter()
            .map(|(name, seen)| {
                let setter = setters.claim(&naming::value_name(&name).unwrap_or_default());
                let first = &seen.enums[0];
                let values = (!first.is_empty() && seen.enums.iter().all(|e| e == first))
                    .then(|| server_enum(&name, first, root));
                ServerVariable {
                    name,
                    setter,
                    values,
                    doc: seen.doc,
                }
            })
            .collect();
        (out, variables)
    }
}

/// The enum of a variable's values, named after the variable.
fn server_enum(variable: &str, values: &[String], root: &mut Scope) -> ServerEnum {
    let name = naming::type_name(variable).unwrap_or_else(|| "ServerVariable".to_owned());
    let mut variants = Scope::with_reserved(&["Other"]);
    let mut out: Vec<EnumValue> = Vec::new();
    for (i, value) in values.iter().enumerate() {
        if out.iter().any(|v| v.wire == *value) {
            continue;
        }
        let wanted = naming::type_name(value).unwrap_or_else(|| format!("Value{}", i + 1));
        out.push(EnumValue {
            name: variants.claim(&wanted),
            wire: value.clone(),
        });
    }
    ServerEnum {
        name: root.claim(&name),
        values: out,
    }
}

/// A name for a server without `x-fern-server-name`: its host, e.g. `api.example.com` ->
/// `ApiExampleCom`.
fn url_words(url: &str) -> String {
    let host = url.split("://").nth(1).unwrap_or(url);
    host.split('/').next().unwrap_or(host).replace('.', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_at_placeholders() {
        assert_eq!(
            pieces("https://{region}.x.com/{v}"),
            vec![
                Piece::Text("https://"),
                Piece::Variable("region"),
                Piece::Text(".x.com/"),
                Piece::Variable("v"),
            ]
        );
        assert_eq!(
            pieces("https://x.com/{open"),
            vec![Piece::Text("https://x.com/{open")]
        );
        assert_eq!(pieces(""), Vec::<Piece>::new());
    }
}
