//! Load: bytes of a YAML or JSON document -> `serde_json::Value`.
//!
//! YAML is read through `serde_yaml::Value` and converted by hand, so that what YAML allows and
//! JSON does not (integer keys such as `200:` under `responses`, merge keys `<<`) is carried
//! over rather than rejected; integers past 64 bits are read as the nearest floats (`wide`).
//! Syntax errors keep the line and column the parser reported.

use serde_json::{Map, Number, Value};

use crate::diag::{Diagnostic, Diagnostics};

mod wide;

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
    if Syntax::detect(file, text) == Syntax::Json {
        return read_json(text).map_err(|e| {
            fail(
                Some(e.line()),
                Some(e.column()),
                format!("invalid JSON: {}", strip_position(&e.to_string())),
            )
        });
    }
    // A document `serde_yaml` rejects is read again with integers past 64 bits as floats
    // (`wide`); if that fails too, the first error stands.
    let read = serde_yaml::from_str(text).or_else(|e| wide::from_str(text).map_err(|_| e));
    let mut yaml: serde_yaml::Value = read.map_err(|e| {
        let (line, column) = e.location().or_else(|| second_document(text)).map_or_else(
            || (document_marker(text), None),
            |l| (Some(l.line()), Some(l.column())),
        );
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

/// The line (from 1) of the first document marker (`---` or `...`) after some content: where
/// the first document ends, for the "more than one document" error when the second document
/// reads without an error to say where it is. Lines end at `\n`, `\r\n` or `\r`, as in YAML.
fn document_marker(text: &str) -> Option<usize> {
    let mut content = false;
    let mut rest = text;
    let mut line_number = 1;
    loop {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let marker = ["---", "..."].iter().any(|m| {
            line.strip_prefix(m)
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']))
        });
        if marker && content {
            return Some(line_number);
        }
        // Content: anything but blanks, comments and directives, also after a marker
        // (`--- value`).
        let body = if marker {
            line[3..].trim()
        } else {
            line.trim()
        };
        content |= !(body.is_empty() || body.starts_with('#') || !marker && body.starts_with('%'));
        if end == rest.len() {
            return None;
        }
        let width = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + width..];
        line_number += 1;
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
                // As `apply_merge` takes them: untagged (`is_mapping` would look through a tag).
                let mergeable = |v: &Y| matches!(v, Y::Mapping(_));
                let bad = key == "<<"
                    && !(mergeable(item)
                        || matches!(item, Y::Sequence(s) if s.iter().all(mergeable)));
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

/// How many numbers too large for a float a JSON document may have before its read gives up.
const MAX_WIDE_NUMBERS: usize = 1024;

/// Reads JSON as `serde_json` does, except that a number too large for a float (`1e999`), which
/// `serde_json` refuses, is read as a string of its text, as YAML reads `1e400`: a bound
/// `normalize` then drops. The error, if any, is of the text with those numbers quoted.
fn read_json(text: &str) -> Result<Value, serde_json::Error> {
    let mut error = match serde_json::from_str(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut text = text.to_owned();
    for _ in 0..MAX_WIDE_NUMBERS {
        if !error.to_string().starts_with("number out of range") {
            break;
        }
        let Some(quoted) = quote_number(&text, error.line(), error.column()) else {
            break;
        };
        text = quoted;
        match serde_json::from_str(&text) {
            Ok(value) => return Ok(value),
            Err(e) => error = e,
        }
    }
    Err(error)
}

/// `text` with the number that ends at `line` and `column` (both from 1, as `serde_json`
/// reports a number out of range) in double quotes.
fn quote_number(text: &str, line: usize, column: usize) -> Option<String> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let end = start + column;
    let bytes = text.as_bytes();
    let number = |b: &u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    if end > bytes.len() || !bytes.get(end - 1).is_some_and(number) {
        return None;
    }
    let begin = bytes[..end]
        .iter()
        .rposition(|b| !number(b))
        .map_or(0, |i| i + 1);
    Some(format!(
        "{}\"{}\"{}",
        &text[..begin],
        &text[begin..end],
        &text[end..]
    ))
}

/// A float JSON cannot hold (YAML's `.inf`, `-.inf`, `.nan`): its YAML spelling, as a string.
/// `normalize` drops a bound written so; elsewhere the value is kept as text.
fn beyond_floats(f: f64) -> Value {
    let text = if f.is_nan() {
        ".nan"
    } else if f > 0.0 {
        ".inf"
    } else {
        "-.inf"
    };
    Value::String(text.to_owned())
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
                Number::from_f64(f).map_or_else(|| beyond_floats(f), Value::Number)
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
        let e = parse("a.yaml", "a:\n  <<: !t {b: 1}\n").unwrap_err();
        assert_eq!(e.0[0].pointer, "/a/<<", "{e}");
        let e = parse("a.yaml", "a:\n  <<: [{b: 1}, !t {c: 2}]\n").unwrap_err();
        assert_eq!(e.0[0].pointer, "/a/<<", "{e}");
    }

    #[test]
    fn a_second_document_that_reads_is_located_at_its_marker() {
        let e = parse("a.yaml", "a: 1\r---\rb: 2\r").unwrap_err();
        assert_eq!(e.0[0].line, Some(2), "{e}");
        let e = parse("a.yaml", "--- # first\na: 1\n\n--- \nb: 2\n").unwrap_err();
        assert_eq!(e.0[0].line, Some(4), "{e}");
        assert_eq!(document_marker("a: 1\r\n...\r\n"), Some(2));
        assert_eq!(document_marker("---\na: 1\n----\n"), None);
        assert_eq!(document_marker("\r--- a\r--- b\r"), Some(3));
        assert_eq!(document_marker("--- # c\n--- b\n"), None);
    }

    #[test]
    fn yaml_errors_carry_the_line() {
        let e = parse("a.yaml", "a: [1, 2\nb: c\n").unwrap_err();
        assert!(e.0[0].line.is_some());
    }
}
