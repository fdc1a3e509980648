//! For each problem, the Overlay 1.0 actions that make the spec agree with its example.
//!
//! | problem | action |
//! |---|---|
//! | a required field the example omits | remove it from the `required` list that names it |
//! | a required deprecated property | the same |
//! | a value of another JSON type | replace the schema: a list of the old one, the old one made nullable, or either the old one or the example's JSON type (`anyOf`) |
//! | a format the example contradicts | remove the `format` |
//! | a field a type that drops unknown fields does not list | add the property, typed as the example's value |
//! | a value a closed enum does not list | add it to the `enum` |
//! | no member of a union matches | the actions of the closest member, else a member of the example's JSON type |
//!
//! Actions are written against the document as the overlays already given left it, before
//! normalization (`x-examples`, `allOf` around a `$ref` with siblings are the generator's
//! own), so they apply after the existing actions of `specs/junction.overlay.yaml`.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::decode::{Problem, ProblemKind};

/// One Overlay 1.0 action.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Action {
    /// RFC 9535 JSONPath of the nodes.
    pub target: String,
    /// Why, in one line.
    pub description: String,
    /// An object to merge into the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update: Option<Value>,
    /// Remove the target.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub remove: bool,
}

/// The document the actions are written for, and how normalization moved its nodes.
pub struct Fixer<'a> {
    /// The spec after the given overlays, before normalization.
    pub raw: &'a Value,
    /// Normalization's moves: (pointer now, pointer in the text).
    pub moves: &'a [(String, String)],
}

impl Fixer<'_> {
    /// The pointer of a node of the normalized document in the text's document.
    fn relocate(&self, pointer: &str) -> String {
        let mut p = pointer.to_owned();
        for (now, was) in self.moves.iter().rev() {
            if let Some(rest) = p.strip_prefix(now.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    p = format!("{was}{rest}");
                }
            }
        }
        p
    }

    /// The actions for `problem`, found in the example at `example`.
    pub fn actions(&self, problem: &Problem, example: &str) -> Vec<Action> {
        let site = self.site(&self.relocate(&problem.schema));
        let why = |what: String| format!("the spec's own example at #{example} {what}");
        match &problem.kind {
            ProblemKind::Missing { field, .. } => self
                .required_entry(&site, field)
                .map(|target| Action {
                    target,
                    description: why(format!("omits `{field}`, which the schema requires")),
                    update: None,
                    remove: true,
                })
                .into_iter()
                .collect(),
            ProblemKind::Unknown { field, value } => vec![Action {
                target: self.path(&site),
                description: why(format!("has `{field}`, which the schema does not list")),
                update: Some(json!({ "properties": { field: self.infer(value) } })),
                remove: false,
            }],
            ProblemKind::Format { format, value } => self
                .format_node(&site)
                .map(|target| Action {
                    target,
                    description: why(format!(
                        "has {value:?}, which is not a `{format}` as the client reads it"
                    )),
                    update: None,
                    remove: true,
                })
                .into_iter()
                .collect(),
            ProblemKind::EnumValue { value } => vec![Action {
                target: self.path(&site),
                description: why(format!("has {value:?}, which the enum does not list")),
                update: Some(json!({ "enum": [value] })),
                remove: false,
            }],
            ProblemKind::Type { expected, found } => self.replace(&site, found, |_| {
                why(format!(
                    "has {} where the schema says {expected}",
                    super::decode::json_kind(found)
                ))
            }),
            ProblemKind::NoMember { inner, found, .. } if inner.is_empty() => {
                let node = self.raw.pointer(&site);
                let key = match node.and_then(|n| n.get("oneOf")) {
                    Some(_) => "oneOf",
                    None => "anyOf",
                };
                vec![Action {
                    target: self.path(&site),
                    description: why(format!(
                        "has {}, which no member of the union is",
                        super::decode::json_kind(found)
                    )),
                    update: Some(json!({ key: [self.infer(found)] })),
                    remove: false,
                }]
            }
            ProblemKind::NoMember { inner, .. } => inner
                .iter()
                .flat_map(|p| self.actions(p, example))
                .collect(),
            ProblemKind::NoTag { .. } => Vec::new(),
        }
    }

    /// Where the schema at `pointer` is written: itself, or, for a property of a struct
    /// merged from an `allOf` (`S/properties/p`, which the document does not have), the
    /// property in the member that declares it.
    fn site(&self, pointer: &str) -> String {
        if self.raw.pointer(pointer).is_some() {
            return pointer.to_owned();
        }
        let Some((owner, key)) = pointer.rsplit_once("/properties/") else {
            return pointer.to_owned();
        };
        let name = key.replace("~1", "/").replace("~0", "~");
        let holder = self.find(owner, 0, &|node| {
            node.get("properties").and_then(|p| p.get(&name)).is_some()
        });
        holder.map_or_else(|| pointer.to_owned(), |h| format!("{h}/properties/{key}"))
    }

    /// The action that takes a required deprecated property out of `required`.
    pub fn required_deprecated(&self, schema: &str, field: &str) -> Option<Action> {
        let site = self.relocate(schema);
        Some(Action {
            target: self.required_entry(&site, field)?,
            description: format!(
                "`{field}` is deprecated, on its way out of the API, so it is not required"
            ),
            update: None,
            remove: true,
        })
    }

    /// Replaces the schema at `site` by one the value `found` fits: remove it, then write the
    /// new one under its parent.
    fn replace(&self, site: &str, found: &Value, why: impl Fn(()) -> String) -> Vec<Action> {
        let Some(old) = self.raw.pointer(site) else {
            return Vec::new();
        };
        let Some((parent, key)) = site.rsplit_once('/') else {
            return Vec::new();
        };
        let key = key.replace("~1", "/").replace("~0", "~");
        let new = self.widen(old, found);
        vec![
            Action {
                target: self.path(site),
                description: why(()),
                update: None,
                remove: true,
            },
            Action {
                target: self.path(parent),
                description: why(()),
                update: Some(json!({ key: new })),
                remove: false,
            },
        ]
    }

    fn is_31(&self) -> bool {
        self.raw
            .get("openapi")
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with("3.1"))
    }

    /// A schema that takes `found` where `old` did not.
    fn widen(&self, old: &Value, found: &Value) -> Value {
        let typed = old.get("type").and_then(Value::as_str);
        match found {
            Value::Null if self.is_31() => match typed {
                Some(t) if old.get("$ref").is_none() => {
                    let mut new = old.clone();
                    new["type"] = json!([t, "null"]);
                    new
                }
                _ => json!({ "anyOf": [old, { "type": "null" }] }),
            },
            Value::Null => match old.get("$ref") {
                Some(_) => json!({ "allOf": [old], "nullable": true }),
                None => {
                    let mut new = old.clone();
                    new["nullable"] = Value::Bool(true);
                    new
                }
            },
            Value::Array(_) if typed != Some("array") => json!({ "type": "array", "items": old }),
            // Either: what the schema said (other examples may show it) or what this shows.
            _ => json!({ "anyOf": [old, self.infer(found)] }),
        }
    }

    /// The plainest schema of a value's JSON type.
    fn infer(&self, v: &Value) -> Value {
        match v {
            Value::Null if self.is_31() => json!({ "type": "null" }),
            Value::Null => json!({}),
            Value::Bool(_) => json!({ "type": "boolean" }),
            Value::Number(n) if n.is_f64() => json!({ "type": "number" }),
            Value::Number(_) => json!({ "type": "integer" }),
            Value::String(_) => json!({ "type": "string" }),
            Value::Array(a) => {
                json!({ "type": "array", "items": a.first().map_or(json!({}), |x| self.infer(x)) })
            }
            Value::Object(_) => json!({ "type": "object" }),
        }
    }

    /// The JSONPath of the entry `field` of the `required` list that names it, in the schema at
    /// `site` or in the `allOf` members it is made of.
    fn required_entry(&self, site: &str, field: &str) -> Option<String> {
        let holder = self.find(site, 0, &|node| {
            node.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(field)))
        })?;
        Some(format!(
            "{}.required[?@ == '{}']",
            self.path(&holder),
            quote(field)
        ))
    }

    /// The JSONPath of the `format` of the schema at `site` or of an `allOf` member of it.
    fn format_node(&self, site: &str) -> Option<String> {
        let holder = self.find(site, 0, &|node| node.get("format").is_some())?;
        Some(format!("{}.format", self.path(&holder)))
    }

    /// The schema at `site`, or the first of its `allOf` members (through `$ref`s) that `has`.
    fn find(&self, site: &str, depth: usize, has: &dyn Fn(&Value) -> bool) -> Option<String> {
        let node = self.raw.pointer(site)?;
        if has(node) {
            return Some(site.to_owned());
        }
        if depth > 8 {
            return None;
        }
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            return self.find(r.strip_prefix('#')?, depth + 1, has);
        }
        let members = node.get("allOf").and_then(Value::as_array)?;
        (0..members.len()).find_map(|i| self.find(&format!("{site}/allOf/{i}"), depth + 1, has))
    }

    /// The RFC 9535 JSONPath that selects the node at `pointer` (of the raw document).
    pub fn path(&self, pointer: &str) -> String {
        let mut out = String::from("$");
        let mut node = Some(self.raw);
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let in_array = node.is_some_and(Value::is_array);
            node = node.and_then(|n| match n {
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                Value::Object(o) => o.get(&token),
                _ => None,
            });
            let plain = token
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if in_array {
                out.push_str(&format!("[{token}]"));
            } else if plain {
                out.push('.');
                out.push_str(&token);
            } else {
                out.push_str(&format!("['{}']", quote(&token)));
            }
        }
        out
    }
}

/// A string for a single-quoted JSONPath literal.
fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\'', "\\'")
}

/// The actions as the YAML of an Overlay 1.0 `actions` list, indented to paste under
/// `actions:`.
pub fn yaml(actions: &[Action]) -> String {
    let list: Vec<Value> = actions
        .iter()
        .map(|a| {
            let mut m = Map::new();
            m.insert("target".into(), Value::String(a.target.clone()));
            m.insert("description".into(), Value::String(a.description.clone()));
            if let Some(u) = &a.update {
                m.insert("update".into(), u.clone());
            }
            if a.remove {
                m.insert("remove".into(), Value::Bool(true));
            }
            Value::Object(m)
        })
        .collect();
    let text = serde_yaml::to_string(&list).unwrap_or_default();
    text.lines().map(|l| format!("  {l}\n")).collect::<String>()
}
