//! Credentials: the spec's security schemes, the credentials given for them, and which of
//! them each request carries.
//!
//! The generated builder has one setter per scheme of the spec and keeps what it is given by
//! the scheme's index ([`Config::secret`](super::Config::secret),
//! [`Config::basic`](super::Config::basic)). An operation accepts any one of a list of
//! requirements (the spec's `security`), each a set of schemes sent together: the first
//! requirement whose credentials were all given is sent. An empty list sends nothing; without
//! a list (the spec declares none) every credential given is sent. Every secret is marked
//! sensitive and never appears in `Debug` output or error messages.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

/// A secret string whose `Debug` output never shows it.
#[derive(Clone)]
pub struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One security scheme of the spec, as the generated builder describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// An API key.
    ApiKey {
        /// Where it goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
        /// The builder method that takes it.
        setter: &'static str,
        /// The environment variable read when the builder is given none.
        env: Option<&'static str>,
    },
    /// A bearer token, sent as `Authorization: Bearer ..`.
    Bearer {
        /// The builder method that takes it.
        setter: &'static str,
    },
    /// A user name and password, sent as `Authorization: Basic ..`.
    Basic {
        /// The builder method that takes them.
        setter: &'static str,
    },
}

impl Scheme {
    /// How the user gives this credential, for error messages.
    fn how(&self) -> String {
        match *self {
            Scheme::ApiKey {
                location,
                name,
                setter,
                env,
            } => {
                let env = env.map(|e| format!(" or set {e}")).unwrap_or_default();
                let place = match location {
                    KeyLocation::Header => format!("`{name}`"),
                    KeyLocation::Query => format!("the query parameter `{name}`"),
                    KeyLocation::Cookie => format!("the cookie `{name}`"),
                };
                format!("call `.{setter}(..)`{env} (it is sent in {place})")
            }
            Scheme::Bearer { setter } | Scheme::Basic { setter } => {
                format!("call `.{setter}(..)`")
            }
        }
    }
}

/// A `security` list: any one of its requirements authenticates a request; each lists the
/// schemes (indices into [`AuthSchemes::schemes`]) sent together.
pub type Security = &'static [&'static [usize]];

/// The credentials an API takes, as the spec's `securitySchemes` and `security` say.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthSchemes {
    /// The schemes, in the spec's order.
    pub schemes: &'static [Scheme],
    /// What operations without their own `security` require; `None` when the spec does not
    /// say (then every credential given is sent).
    pub security: Option<Security>,
    /// Whether a client without any credential is refused at `build` (every operation needs
    /// one).
    pub required: bool,
}

/// A credential given to the builder for one scheme.
#[derive(Clone)]
pub(crate) enum Given {
    /// An API key or a bearer token.
    Secret(Secret),
    /// A user name and password.
    Basic(String, Secret),
}

impl fmt::Debug for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// What one credential puts on a request.
#[derive(Clone)]
enum Credential {
    /// A header (an API key, or `Authorization`), marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, Secret),
    /// A `name=value` pair of the `Cookie` header.
    Cookie(String),
}

/// The credentials of a client, by scheme, ready to be put on requests.
#[derive(Clone)]
pub(crate) struct Credentials {
    schemes: &'static [Scheme],
    by_scheme: Vec<Option<Credential>>,
    security: Option<Security>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.by_scheme
                    .iter()
                    .flatten()
                    .map(|_| Secret(String::new())),
            )
            .finish()
    }
}

impl Credentials {
    /// Checks the credentials `given` (by scheme index) for the API's `auth`, reading the
    /// environment for API keys not given.
    pub(crate) fn new(
        auth: &AuthSchemes,
        mut given: BTreeMap<usize, Given>,
    ) -> Result<Self, String> {
        let mut by_scheme = Vec::with_capacity(auth.schemes.len());
        for (i, scheme) in auth.schemes.iter().enumerate() {
            let given = given.remove(&i).or_else(|| match scheme {
                Scheme::ApiKey { env: Some(env), .. } => std::env::var(env)
                    .ok()
                    .filter(|k| !k.is_empty())
                    .map(|k| Given::Secret(Secret(k))),
                _ => None,
            });
            by_scheme.push(match given {
                Some(given) => Some(credential(scheme, given)?),
                None => None,
            });
        }
        if auth.required && !auth.schemes.is_empty() && by_scheme.iter().all(Option::is_none) {
            let ways: Vec<String> = auth.schemes.iter().map(Scheme::how).collect();
            return Err(format!("no credentials: {}", ways.join(", or ")));
        }
        Ok(Credentials {
            schemes: auth.schemes,
            by_scheme,
            security: auth.security,
        })
    }

    /// What operations without their own `security` require.
    pub(crate) fn default_security(&self) -> Option<Security> {
        self.security
    }

    /// Puts on `request` the credentials of the first requirement of `security` that were all
    /// given (every credential given when `security` is `None`); an error names what to give
    /// when none was.
    pub(crate) fn apply(
        &self,
        security: Option<Security>,
        request: &mut reqwest::Request,
    ) -> Result<(), String> {
        let chosen: Vec<usize> = match security {
            None => (0..self.by_scheme.len())
                .filter(|&i| self.by_scheme[i].is_some())
                .collect(),
            Some([]) => Vec::new(),
            Some(alternatives) => {
                let given = |i: &usize| self.by_scheme.get(*i).is_some_and(Option::is_some);
                match alternatives.iter().find(|r| r.iter().all(given)) {
                    Some(requirement) => requirement.to_vec(),
                    None => return Err(self.missing(alternatives)),
                }
            }
        };
        for credential in chosen.iter().filter_map(|&i| self.by_scheme[i].as_ref()) {
            match credential {
                Credential::Header(name, value) => {
                    request.headers_mut().insert(name.clone(), value.clone());
                }
                Credential::Query(name, Secret(value)) => {
                    request.url_mut().query_pairs_mut().append_pair(name, value);
                }
                Credential::Cookie(pair) => {
                    let cookie = match request.headers().get(COOKIE).map(HeaderValue::to_str) {
                        Some(Ok(before)) => format!("{before}; {pair}"),
                        _ => pair.clone(),
                    };
                    let mut value = HeaderValue::from_str(&cookie)
                        .map_err(|_| "a cookie has characters not allowed in a header")?;
                    value.set_sensitive(true);
                    request.headers_mut().insert(COOKIE, value);
                }
            }
        }
        Ok(())
    }

    /// The message for an operation none of whose requirements were given.
    fn missing(&self, alternatives: Security) -> String {
        let ways: Vec<String> = alternatives
            .iter()
            .map(|requirement| {
                requirement
                    .iter()
                    .filter_map(|&i| self.schemes.get(i).map(Scheme::how))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        format!("no credentials for this operation: {}", ways.join("; or "))
    }
}

/// The credential `given` for `scheme`, checked.
fn credential(scheme: &Scheme, given: Given) -> Result<Credential, String> {
    let header = |text: String, what: &str| {
        HeaderValue::from_str(&text)
            .map(|mut value| {
                value.set_sensitive(true);
                value
            })
            .map_err(|_| format!("the {what} contains characters not allowed in a header"))
    };
    match (*scheme, given) {
        (Scheme::ApiKey { location, name, .. }, Given::Secret(Secret(key))) => match location {
            KeyLocation::Header => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| format!("`{name}` is not a header name"))?;
                Ok(Credential::Header(name, header(key, "API key")?))
            }
            KeyLocation::Query => Ok(Credential::Query(name, Secret(key))),
            KeyLocation::Cookie => {
                header(key.clone(), "API key")?;
                if key.contains(';') {
                    return Err("the API key contains `;`, which a cookie cannot hold".into());
                }
                Ok(Credential::Cookie(format!("{name}={key}")))
            }
        },
        (Scheme::Bearer { .. }, Given::Secret(Secret(token))) => Ok(Credential::Header(
            AUTHORIZATION,
            header(format!("Bearer {token}"), "bearer token")?,
        )),
        (Scheme::Basic { .. }, Given::Basic(user, Secret(password))) => {
            let pair =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            Ok(Credential::Header(
                AUTHORIZATION,
                header(format!("Basic {pair}"), "user name or password")?,
            ))
        }
        (scheme, _) => Err(format!(
            "the credential given does not fit its scheme: {}",
            scheme.how()
        )),
    }
}

/// `e` without the values of its URL's query, which may hold an API key.
pub(crate) fn scrub(mut e: reqwest::Error) -> reqwest::Error {
    if let Some(url) = e.url_mut() {
        if url.query().is_some() {
            let names: Vec<String> = url
                .query_pairs()
                .map(|(name, _)| name.into_owned())
                .collect();
            let mut pairs = url.query_pairs_mut();
            pairs.clear();
            for name in names {
                pairs.append_pair(&name, "<redacted>");
            }
        }
    }
    e
}
