//! All naming in one place: spec names -> valid, stable Rust identifiers.
//!
//! The rules, decided once:
//! - Type and variant names: a spec name that is already a valid UpperCamelCase identifier is
//!   kept as written (`HTTPValidationError`, `ProductionEU`), so users find the names of the
//!   vendor's docs; anything else goes through `heck` (`user_patch` -> `UserPatch`).
//! - Field, parameter and method names: `heck` snake_case (`userId` -> `user_id`).
//! - Only ASCII letters, digits and `_` survive; a name that starts with a digit gets a `_`
//!   in front; a keyword becomes a raw identifier (`r#type`), or gets a `_` behind where Rust
//!   has no raw form (`self`, `Self`, `super`, `crate`).
//! - A name with no usable character left is an error for the caller to report with its
//!   location.
//! - Names within one scope are made unique by [`Scope`] with a numeric suffix, in document
//!   order.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2021, strict and reserved.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Keeps ASCII letters and digits, turning every other run into one separator.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

fn finish(name: String) -> Option<String> {
    if name.is_empty() || name.chars().all(|c| c == '_') {
        return None;
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    Some(if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    })
}

/// A type or variant name, or `None` when `raw` has no usable character.
pub fn type_name(raw: &str) -> Option<String> {
    let keep = raw.starts_with(|c: char| c.is_ascii_uppercase())
        && raw.chars().all(|c| c.is_ascii_alphanumeric());
    if keep {
        return finish(raw.to_owned());
    }
    finish(ascii_words(raw).to_upper_camel_case())
}

/// A field, parameter or method name, or `None` when `raw` has no usable character.
pub fn value_name(raw: &str) -> Option<String> {
    finish(ascii_words(raw).to_snake_case())
}

/// `name` made a valid Rust identifier whatever it holds: the last line of defence of the
/// emitters, for names that were built from parts after [`type_name`] / [`value_name`] ran
/// (`1st` + `Client`, a group name `match`). A valid name comes back unchanged; otherwise
/// other characters become `_`, a leading digit gets a `_` in front, a keyword becomes raw
/// (`r#match`) or gets a `_` behind (`self_`).
pub fn ident_text(name: &str) -> String {
    let base = unraw(name);
    let mut out: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.chars().all(|c| c == '_') {
        out = format!("unnamed{out}");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    } else if KEYWORDS.contains(&out.as_str()) {
        out.insert_str(0, "r#");
    }
    out
}

/// The identifier without its `r#` prefix, for names built from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A namespace in which every name is given once.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `name` if free, else `name2`, `name3`, ... (`name_2` for snake_case names).
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let base = unraw(name);
        let sep = if base.contains('_') || base.starts_with(|c: char| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_keep_valid_camel_names() {
        assert_eq!(
            type_name("HTTPValidationError").as_deref(),
            Some("HTTPValidationError")
        );
        assert_eq!(type_name("user_patch").as_deref(), Some("UserPatch"));
        assert_eq!(type_name("1password").as_deref(), Some("_1password"));
        assert_eq!(type_name("Self").as_deref(), Some("Self_"));
        assert_eq!(type_name("🙂"), None);
    }

    #[test]
    fn values_are_snake_and_escape_keywords() {
        assert_eq!(value_name("userId").as_deref(), Some("user_id"));
        assert_eq!(value_name("type").as_deref(), Some("r#type"));
        assert_eq!(value_name("self").as_deref(), Some("self_"));
        assert_eq!(value_name("24h").as_deref(), Some("_24h"));
        assert_eq!(value_name("a-b.c").as_deref(), Some("a_b_c"));
        assert_eq!(value_name("---"), None);
    }

    #[test]
    fn ident_text_makes_any_name_valid() {
        assert_eq!(ident_text("UserClient"), "UserClient");
        assert_eq!(ident_text("r#type"), "r#type");
        assert_eq!(ident_text("match"), "r#match");
        assert_eq!(ident_text("self"), "self_");
        assert_eq!(ident_text("1stClient"), "_1stClient");
        assert_eq!(ident_text("a-b\"c"), "a_b_c");
        assert_eq!(ident_text(""), "unnamed");
        assert_eq!(ident_text("_"), "unnamed_");
        assert_eq!(ident_text("é"), "unnamed_");
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut s = Scope::default();
        assert_eq!(s.claim("user_id"), "user_id");
        assert_eq!(s.claim("user_id"), "user_id_2");
        assert_eq!(s.claim("Foo"), "Foo");
        assert_eq!(s.claim("Foo"), "Foo2");
        assert_eq!(s.claim("r#type"), "r#type");
        assert_eq!(s.claim("r#type"), "type_2");
    }
}
