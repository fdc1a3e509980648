//! Load: bytes of a YAML or JSON document -> `serde_json::Value`.
//!
//! YAML is read through `serde_yaml::Value` and converted by hand, so that what YAML allows and
//! JSON does not (integer keys such as `200:` under `responses`, merge keys `<<`) is carried
//! over rather than rejected. Syntax errors keep the line and column the parser reported.

use serde_json::{Map, Number, Value};

use crate::diag::{Diagnostic, Diagnostics};

/// Which syntax a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON.
    Json,
    /// YAML (a superset of JSON, used when the syntax cannot be told from the name).
    Yaml,
}

impl Syntax {
    /// Tells the syntax from the file name, then from the first character of the text.
    pub fn detect(file: &str, text: &str) -> Syntax {
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Syntax::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Syntax::Yaml
        } else if text.trim_start().starts_with('{') {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// Parses `text` (named `file` in messages) into a JSON value.
pub fn parse(file: &str, text: &str) -> Result<Value, Diagnostics> {
    let fail = |line, column, message: String| {
        Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            pointer: String::new(),
            line,
            column,
            message,
        }])
    };
    match Syntax::detect(file, text) {
        Syntax::Json => serde_json::from_str(text).map_err(|e| {
            fail(
                Some(e.line()),
                Some(e.column()),
                format!("invalid JSON: {}", strip_position(&e.to_string())),
            )
        }),
        Syntax::Yaml => {
            let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
                let (line, column) = e
                    .location()
                    .or_else(|| second_document(text))
                    .map_or((None, None), |l| (Some(l.line()), Some(l.column())));
                fail(
                    line,
                    column,
                    format!("invalid YAML: {}", strip_position(&e.to_string())),
                )
            })?;
            if let Err(e) = yaml.apply_merge() {
                return Err(Diagnostics(vec![Diagnostic {
                    file: file.to_owned(),
                    // `apply_merge` has taken the key out: find it in a fresh parse.
                    pointer: serde_yaml::from_str(text)
                        .ok()
                        .and_then(|fresh| bad_merge(&fresh, &mut String::new()))
                        .unwrap_or_default(),
                    line: None,
                    column: None,
                    message: format!("invalid YAML merge key: {e}"),
                }]));
            }
            yaml_to_json(yaml).map_err(|(pointer, message)| {
                Diagnostics(vec![Diagnostic {
                    file: file.to_owned(),
                    pointer,
                    line: None,
                    column: None,
                    message,
                }])
            })
        }
    }
}

/// Where the second document of a stream starts, for the "more than one document" error,
/// which carries no location: the error of reading that document, or its first event.
fn second_document(text: &str) -> Option<serde_yaml::Location> {
    use serde::Deserialize;
    let mut documents = serde_yaml::Deserializer::from_str(text);
    let first = documents.next()?;
    let _ = serde_yaml::Value::deserialize(first);
    let second = documents.next()?;
    match serde_yaml::Value::deserialize(second) {
        Err(e) => e.location(),
        Ok(_) => None,
    }
}

/// The pointer of a merge key `<<` whose value is neither a mapping nor a list of mappings.
fn bad_merge(value: &serde_yaml::Value, at: &mut String) -> Option<String> {
    use serde_yaml::Value as Y;
    match value {
        Y::Mapping(map) => {
            for (key, item) in map {
                let len = at.len();
                let key = match key {
                    Y::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let mergeable = |v: &Y| v.is_mapping();
                let bad = key == "<<"
                    && !(mergeable(item)
                        || item.as_sequence().is_some_and(|s| s.iter().all(mergeable)));
                if bad {
                    return Some(at.clone());
                }
                if let Some(found) = bad_merge(item, at) {
                    return Some(found);
                }
                at.truncate(len);
            }
            None
        }
        Y::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                if let Some(found) = bad_merge(item, at) {
                    return Some(found);
                }
                at.truncate(len);
            }
            None
        }
        Y::Tagged(tagged) => bad_merge(&tagged.value, at),
        _ => None,
    }
}

/// Drops the " at line X column Y" tail that the parsers append; the location is shown apart.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn yaml_to_json(value: serde_yaml::Value) -> Result<Value, (String, String)> {
    convert(value, &mut String::new())
}

fn convert(value: serde_yaml::Value, at: &mut String) -> Result<Value, (String, String)> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(Number::from_f64(f).ok_or_else(|| {
                    (
                        at.clone(),
                        format!("the number `{n}` cannot be represented in JSON"),
                    )
                })?)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                out.push(convert(item, at)?);
                at.truncate(len);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    complex => {
                        // The pointer names the key itself (in flow style), so that even a
                        // key of the top-level mapping has a place.
                        let text =
                            serde_json::to_string(&yaml_to_json(complex).ok()).unwrap_or_default();
                        return Err((
                            format!("{at}/{}", text.replace('~', "~0").replace('/', "~1")),
                            "a mapping key must be a plain scalar, not a list or a mapping"
                                .to_owned(),
                        ));
                    }
                };
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let item = convert(item, at)?;
                at.truncate(len);
                out.insert(key, item);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => convert(tagged.value, at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_become_strings() {
        let v = parse("a.yaml", "responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn documents_and_merge_keys_errors_are_located() {
        let e = parse("a.yaml", "a:\n      b: 1\n    c: 2\n").unwrap_err();
        assert!(e.0[0].line.is_some(), "{e}");
        let e = parse("a.yaml", "a: 1\n---\nb: [\n").unwrap_err();
        assert!(e.0[0].line.is_some(), "{e}");
        let e = parse("a.yaml", "? [a, b]\n: 1\n").unwrap_err();
        assert_eq!(e.0[0].pointer, "/[\"a\",\"b\"]", "{e}");
        let e = parse("a.yaml", "a:\n  x:\n    <<: 5\n").unwrap_err();
        assert_eq!(e.0[0].pointer, "/a/x/<<", "{e}");
    }

    #[test]
    fn yaml_errors_carry_the_line() {
        let e = parse("a.yaml", "a: [1, 2\nb: c\n").unwrap_err();
        assert!(e.0[0].line.is_some());
    }
}
