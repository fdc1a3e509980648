//! Security: `components.securitySchemes` -> the credentials the builder takes, and the
//! `security` lists (of the document and of each operation) -> which of them a request sends.
//!
//! ```text
//! apiKey in header/query/cookie  -> SchemeKind::ApiKey, builder.api_key(..) (or one setter per key)
//! http bearer, oauth2, openIdConnect -> SchemeKind::Bearer, builder.bearer_token(..)
//! http basic                     -> SchemeKind::Basic, builder.basic_auth(user, password)
//! security: [{a: []}, {b: [], c: []}] -> vec![vec![a], vec![b, c]]: a alone, or b and c together
//! ```
//!
//! Setter names: the bearer schemes (`http` `bearer`, OAuth 2, OpenID Connect) are one
//! credential, `bearer_token`, since each sends the same `Authorization: Bearer` header; the
//! `basic` ones likewise are `basic_auth`. The one API key is `api_key`; several are told apart
//! by their scheme names (`appKeyAuth` -> `app_key`). A requirement that names a scheme the
//! document does not define can never be met and is dropped; when every one is dropped, any
//! one credential will do.

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, SecurityRequirement};

use super::naming::{self, Scope};
use super::{operation, Lowerer};
use crate::diag::Pointer;
use crate::ir::{KeyLocation, SchemeKind, Security, SecurityScheme};

/// The builder's own methods and fields: a setter never takes one of these names.
pub(crate) const BUILDER_NAMES: &[&str] = &[
    "config",
    "environment",
    "base_url",
    "timeout",
    "max_retries",
    "retry_delay",
    "header",
    "user_agent",
    "http_client",
    "build",
    "clone",
    "default",
    "fmt",
    "server_url",
];

impl Lowerer<'_> {
    /// The schemes of `components.securitySchemes` the client takes credentials for, and the
    /// index of each key of `securitySchemes` among them; the builder's setter names are
    /// claimed in `setters`.
    pub(crate) fn security_schemes(
        &mut self,
        setters: &mut Scope,
    ) -> (Vec<SecurityScheme>, Vec<(String, usize)>) {
        let Some(components) = self.doc.components.as_ref() else {
            return (Vec::new(), Vec::new());
        };
        let mut names = Vec::new();
        let at = Pointer::root().push("components").push("securitySchemes");
        let mut found = Vec::new();
        for (name, item) in &components.security_schemes {
            let here = at.push(name);
            let Some(scheme) =
                self.resolve(item, "securitySchemes", |c| &c.security_schemes, &here)
            else {
                continue;
            };
            let (kind, doc) = match scheme {
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name: key,
                    description,
                    extensions: _,
                } => {
                    let location = match location {
                        APIKeyLocation::Header => KeyLocation::Header,
                        APIKeyLocation::Query => KeyLocation::Query,
                        APIKeyLocation::Cookie => KeyLocation::Cookie,
                    };
                    if location == KeyLocation::Header && !operation::is_header_name(key) {
                        self.sink.error(
                            &here.push("name"),
                            format!("`{key}` is not a valid HTTP header name"),
                        );
                        continue;
                    }
                    if location == KeyLocation::Cookie && !is_cookie_name(key) {
                        self.sink.error(
                            &here.push("name"),
                            format!("`{key}` is not a valid cookie name"),
                        );
                        continue;
                    }
                    let kind = SchemeKind::ApiKey {
                        location,
                        name: key.clone(),
                    };
                    (kind, description)
                }
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (SchemeKind::Bearer, description),
                    "basic" => (SchemeKind::Basic, description),
                    other => {
                        self.sink.error(
                            &here.push("scheme"),
                            format!(
                                "the `http` scheme `{other}` is not supported; only `bearer` \
                                 and `basic`"
                            ),
                        );
                        continue;
                    }
                },
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SchemeKind::Bearer, description)
                }
            };
            let shared = match kind {
                SchemeKind::ApiKey { .. } => None,
                _ => found.iter().position(|s: &SecurityScheme| s.kind == kind),
            };
            match shared {
                Some(i) => {
                    if found[i].doc.is_none() {
                        found[i].doc = description_of(doc);
                    }
                    names.push((name.clone(), i));
                }
                None => {
                    names.push((name.clone(), found.len()));
                    found.push(SecurityScheme {
                        name: name.clone(),
                        setter: String::new(),
                        kind,
                        doc: description_of(doc),
                    });
                }
            }
        }
        let keys = found
            .iter()
            .filter(|s| matches!(s.kind, SchemeKind::ApiKey { .. }))
            .count();
        for scheme in &mut found {
            let alone = keys == 1 || !matches!(scheme.kind, SchemeKind::ApiKey { .. });
            let wanted = setter_name(scheme, alone);
            scheme.setter = setters.claim(&wanted);
        }
        (found, names)
    }

    /// A `security` list as indices into `schemes`: requirements naming a scheme that is not
    /// defined (or that the client cannot send) are dropped, since no credential can meet them.
    pub(crate) fn requirements(&mut self, list: &[SecurityRequirement], _at: &Pointer) -> Security {
        lower_requirements(list, &self.scheme_names)
    }
}

/// [`Lowerer::requirements`] without the lowerer.
fn lower_requirements(list: &[SecurityRequirement], names: &[(String, usize)]) -> Security {
    let mut out: Security = Vec::new();
    for requirement in list {
        let requirement: &IndexMap<String, Vec<String>> = requirement;
        let found: Option<Vec<usize>> = requirement
            .keys()
            .map(|name| names.iter().find(|(n, _)| n == name).map(|(_, i)| *i))
            .collect();
        if let Some(mut schemes) = found {
            schemes.dedup();
            if !out.contains(&schemes) {
                out.push(schemes);
            }
        }
    }
    if out.is_empty() && !list.is_empty() {
        // Every requirement named an unknown scheme: any one credential rather than none.
        let mut all: Vec<usize> = names.iter().map(|(_, i)| *i).collect();
        all.sort_unstable();
        all.dedup();
        out = all.into_iter().map(|i| vec![i]).collect();
    }
    out
}

/// The setter of a scheme: the kind's name, or for one API key of several, from the
/// scheme's name (`appKeyAuth` -> `app_key`).
fn setter_name(scheme: &SecurityScheme, alone: bool) -> String {
    match (&scheme.kind, alone) {
        (SchemeKind::ApiKey { .. }, true) => "api_key".to_owned(),
        (SchemeKind::Bearer, _) => "bearer_token".to_owned(),
        (SchemeKind::Basic, _) => "basic_auth".to_owned(),
        (SchemeKind::ApiKey { .. }, false) => {
            let base = naming::value_name(&scheme.name).unwrap_or_default();
            let base = naming::unraw(&base);
            let trimmed = base.strip_suffix("_auth").filter(|b| !b.is_empty());
            naming::value_name(trimmed.unwrap_or(base)).unwrap_or_else(|| "api_key".to_owned())
        }
    }
}

/// A non-empty description.
fn description_of(doc: &Option<String>) -> Option<String> {
    doc.as_ref().filter(|d| !d.trim().is_empty()).cloned()
}

/// RFC 6265 `cookie-name`: a token (visible ASCII without separators).
fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(names: &[&str]) -> SecurityRequirement {
        names.iter().map(|n| (n.to_string(), Vec::new())).collect()
    }

    #[test]
    fn requirements_are_alternatives_of_schemes_sent_together() {
        let names: Vec<(String, usize)> = ["a", "b", "c", "d"]
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i.min(2)))
            .collect();
        let list = [req(&["a"]), req(&["b", "c"]), req(&[])];
        assert_eq!(
            lower_requirements(&list, &names),
            vec![vec![0], vec![1, 2], vec![]]
        );
        assert_eq!(lower_requirements(&[], &names), Vec::<Vec<usize>>::new());
        // An unknown scheme drops its requirement; only unknown ones: any credential.
        let list = [req(&["a", "zz"]), req(&["b"])];
        assert_eq!(lower_requirements(&list, &names), vec![vec![1]]);
        let list = [req(&["zz"])];
        assert_eq!(
            lower_requirements(&list, &names),
            vec![vec![0], vec![1], vec![2]]
        );
        // `d` shares `c`'s credential (two bearer schemes): one requirement.
        let list = [req(&["c"]), req(&["d"])];
        assert_eq!(lower_requirements(&list, &names), vec![vec![2]]);
    }

    #[test]
    fn cookie_names_are_tokens() {
        assert!(is_cookie_name("session_id"));
        assert!(!is_cookie_name("a b"));
        assert!(!is_cookie_name("a;b"));
        assert!(!is_cookie_name(""));
    }
}
