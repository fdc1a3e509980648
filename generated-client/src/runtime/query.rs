//! Parameters beyond the plain `form` and `simple` styles: query lists separated by spaces or
//! pipes, query objects as `deepObject` (`card[number]=..`), cookies, and values written as
//! their JSON text (parameters described by `content`).

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::header::{HeaderValue, COOKIE};
use serde::{Serialize, Serializer};

use super::core::{param_texts, RequestBuilder};

/// What a cookie value cannot hold as it is (RFC 6265 `cookie-octet`), percent-encoded.
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// A parameter value written as its JSON text, for a parameter described by
/// `content: application/json`: `{"a":1}` goes in the query as `?filter=%7B%22a%22%3A1%7D`.
/// `None` writes nothing.
#[derive(Clone, Copy, Debug)]
pub struct JsonText<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for JsonText<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serde_json::to_value(self.0).map_err(serde::ser::Error::custom)? {
            serde_json::Value::Null => serializer.serialize_none(),
            value => serializer.serialize_str(&value.to_string()),
        }
    }
}

/// The `deepObject` pairs of `value` under `prefix`: an object's fields as `prefix[field]`, a
/// list's items as `prefix[0]`, nested to any depth; `null` gives nothing.
fn deep_pairs(prefix: String, value: serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, value) in fields {
                deep_pairs(format!("{prefix}[{key}]"), value, out);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.into_iter().enumerate() {
                deep_pairs(format!("{prefix}[{i}]"), value, out);
            }
        }
        Value::String(text) => out.push((prefix, text)),
        other => out.push((prefix, other.to_string())),
    }
}

impl<B> RequestBuilder<'_, B> {
    /// Adds a query parameter whose list items go in one pair, separated by `separator`
    /// (`spaceDelimited` or `pipeDelimited`, `explode: false`); `None` adds nothing.
    pub fn query_delimited<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        separator: &str,
    ) -> Self {
        match param_texts(value) {
            Ok(texts) if texts.is_empty() => {}
            Ok(texts) => self.query.push((name.to_owned(), texts.join(separator))),
            Err(e) => self.problem = Some(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds a query parameter in the `deepObject` style: `name[field]=value` for each field of
    /// an object, `name[field][0][inner]=value` for nested objects and lists; `None` adds
    /// nothing.
    pub fn query_deep<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => deep_pairs(name.to_owned(), value, &mut self.query),
            Err(e) => self.problem = Some(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds a cookie to the `Cookie` header; `None` adds nothing, a list is sent
    /// comma-separated, and characters a cookie cannot hold are percent-encoded.
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        let text = match param_texts(value) {
            Ok(texts) if texts.is_empty() => return self,
            Ok(texts) => texts.join(","),
            Err(e) => {
                self.problem = Some(format!("cookie `{name}`: {e}"));
                return self;
            }
        };
        let pair = format!("{name}={}", utf8_percent_encode(&text, COOKIE_VALUE));
        let line = match self.headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
            Some(before) => format!("{before}; {pair}"),
            None => pair,
        };
        match HeaderValue::from_str(&line) {
            Ok(value) => {
                self.headers.insert(COOKIE, value);
            }
            Err(_) => {
                self.problem = Some(format!(
                    "cookie `{name}` has characters not allowed in a header"
                ))
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::deep_pairs;

    #[test]
    fn deep_objects_nest_fields_and_list_items() {
        let value = serde_json::json!({
            "number": "4242",
            "exp": {"month": 12, "year": 2030},
            "items": [{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
            "skip": null,
        });
        let mut out = Vec::new();
        deep_pairs("card".to_owned(), value, &mut out);
        // Fields come in the order serde_json keeps them; sorted here.
        let mut pairs: Vec<String> = out.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.sort();
        assert_eq!(
            pairs,
            [
                "card[exp][month]=12",
                "card[exp][year]=2030",
                "card[items][0][price]=p_1",
                "card[items][0][quantity]=2",
                "card[items][1][price]=p_2",
                "card[number]=4242",
            ]
        );
    }
}
