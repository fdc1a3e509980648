//! Whether a JSON value decodes through the generated type of an [`ir::Type`](crate::ir::Type),
//! and comes back out unchanged, checked on the IR without compiling anything.
//!
//! It follows the generated code's rules (`emit::objects`, `emit::unions`, the runtime's
//! `object.rs`, `timestamp.rs` and `string_enum.rs`), as the examples test of
//! `tests/full_spec.rs` decodes and re-encodes with the compiled client:
//!
//! | type | decodes | comes back different |
//! |---|---|---|
//! | struct | an object; each listed field's value decodes; each required one is there | an unknown field in a type the client also sends or that is closed (dropped) |
//! | map | an object of values that decode | |
//! | `Vec` | an array of values that decode | |
//! | `String`, `bool` | a string, a boolean | |
//! | `i32`, `i64`, `f64` | an integer in range, any number | |
//! | `Uuid`, `NaiveDate`, `Timestamp` | a UUID, a `YYYY-MM-DD` date, an RFC 3339 date-time (or one without offset) | another spelling of the same value |
//! | string enum | a string (a listed one when the enum is closed) | |
//! | tagged union | an object whose tag is a string; a known tag's variant decodes | |
//! | untagged union | the first member that decodes | what that member drops |
//! | `Option` | `null`, or the inner type | |
//!
//! Serde stops at the first error; this goes on, so that every problem of an example is
//! found. [`Problems::first`] is the one serde reports: the first value that fails in the
//! example's key order, else the first missing required field in the struct's field order.

use serde_json::Value;

use crate::ir::{Api, Presence, Type, TypeDef, TypeId, TypeKind};

/// One way a value does not go through its type.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Where in the value: `data[0].user_id` (empty for the value itself).
    pub path: String,
    /// JSON pointer of the schema (in the normalized document) that says what is wrong: the
    /// struct for a missing or unknown field, else the schema of the value.
    pub schema: String,
    /// What.
    pub kind: ProblemKind,
    /// Whether serde fails on it (`true`), or it decodes and comes back different.
    pub decode: bool,
}

impl Problem {
    /// A value of another JSON type than `expected`, which serde refuses.
    fn wrong(path: &str, schema: &str, expected: &str, found: &Value) -> Self {
        Problem {
            path: path.to_owned(),
            schema: schema.to_owned(),
            kind: ProblemKind::Type {
                expected: expected.to_owned(),
                found: found.clone(),
            },
            decode: true,
        }
    }
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum ProblemKind {
    /// A required field is not there.
    Missing {
        /// Its name on the wire.
        field: String,
        /// Whether the spec marks it deprecated.
        deprecated: bool,
    },
    /// A value of another JSON type.
    Type {
        /// What the type takes, in words (`a string`).
        expected: String,
        /// The value.
        found: Value,
    },
    /// A string the format does not parse, or that comes back spelled otherwise.
    Format {
        /// `uuid`, `date` or `date-time`.
        format: &'static str,
        /// The string.
        value: String,
    },
    /// A field the type does not list, dropped (the type keeps no unknown fields).
    Unknown {
        /// Its name on the wire.
        field: String,
        /// Its value.
        value: Value,
    },
    /// A value a closed enum does not list.
    EnumValue {
        /// The value.
        value: String,
    },
    /// A tagged union's object without its tag.
    NoTag {
        /// The tag property.
        tag: String,
    },
    /// No member of an untagged union decodes it; `inner` are the problems of the member
    /// closest to it (the first of the value's JSON type), empty when no member is of that
    /// JSON type.
    NoMember {
        /// The union's Rust name.
        union: String,
        /// The value.
        found: Value,
        /// The closest member's problems.
        inner: Vec<Problem>,
    },
}

/// The problems of one value, in the order serde meets them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The problem serde reports, if the value does not decode; else the first difference on
    /// the way back.
    pub fn first(&self) -> Option<&Problem> {
        self.0.iter().find(|p| p.decode).or_else(|| self.0.first())
    }

    /// Whether the value decodes (it may still come back different).
    pub fn decodes(&self) -> bool {
        !self.0.iter().any(|p| p.decode)
    }
}

/// The problems of `value` as a `ty` declared by the schema at `schema`.
pub fn check(api: &Api, ty: &Type, value: &Value, schema: &str) -> Problems {
    let mut out = Vec::new();
    let checker = Checker {
        api,
        visiting: Default::default(),
    };
    checker.value(ty, value, schema, "", &mut out);
    Problems(out)
}

/// `data[0]`, `data.user_id`.
fn join(path: &str, field: &str) -> String {
    match path {
        "" => field.to_owned(),
        _ => format!("{path}.{field}"),
    }
}

/// The words for a JSON value's type.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

struct Checker<'a> {
    api: &'a Api,
    /// The named types being checked against which values, innermost last: aliases and
    /// unions check the same value again, so a cycle of them would never end.
    visiting: std::cell::RefCell<Vec<(TypeId, *const Value)>>,
}

impl Checker<'_> {
    fn value(&self, ty: &Type, v: &Value, schema: &str, path: &str, out: &mut Vec<Problem>) {
        let wrong = |expected: &str, out: &mut Vec<Problem>| {
            out.push(Problem::wrong(path, schema, expected, v));
        };
        let format = |format: &'static str, decode: bool, out: &mut Vec<Problem>| {
            out.push(Problem {
                path: path.to_owned(),
                schema: schema.to_owned(),
                kind: ProblemKind::Format {
                    format,
                    value: v.as_str().unwrap_or_default().to_owned(),
                },
                decode,
            });
        };
        match (ty, v) {
            (Type::Json, _) | (Type::Unit, Value::Null) | (Type::Bool, Value::Bool(_)) => {}
            (Type::Option(_), Value::Null) => {}
            (Type::Option(t) | Type::Box(t), _) => self.value(t, v, schema, path, out),
            (Type::String | Type::Bytes, Value::String(_)) => {}
            (Type::F64, Value::Number(_)) => {}
            (Type::I64, Value::Number(n)) if n.is_i64() => {}
            (Type::I32, Value::Number(n))
                if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => {}
            (Type::Uuid, Value::String(s)) => match uuid::Uuid::parse_str(s) {
                Err(_) => format("uuid", true, out),
                Ok(u) if u.hyphenated().to_string() != *s => format("uuid", false, out),
                Ok(_) => {}
            },
            (Type::Date, Value::String(s)) => match s.parse::<chrono::NaiveDate>() {
                Err(_) => format("date", true, out),
                Ok(d) if d.to_string() != *s => format("date", false, out),
                Ok(_) => {}
            },
            (Type::DateTime, Value::String(s)) => match timestamp(s) {
                None => format("date-time", true, out),
                Some(false) => format("date-time", false, out),
                Some(true) => {}
            },
            (Type::Vec(t), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    self.value(t, item, &format!("{schema}/items"), &at, out);
                }
            }
            (Type::Map(t), Value::Object(entries)) => {
                for (k, item) in entries {
                    let at = join(path, k);
                    self.value(t, item, &format!("{schema}/additionalProperties"), &at, out);
                }
            }
            (Type::Named(id), Value::Array(items)) if self.is_object(*id) => {
                self.named(*id, v, schema, path, out);
                // The items, as the list of them the example shows would hold them.
                for (i, item) in items.iter().enumerate() {
                    self.named(*id, item, schema, &format!("{path}[{i}]"), out);
                }
            }
            (Type::Named(id), _) => self.named(*id, v, schema, path, out),
            (Type::Unit, _) => wrong("null", out),
            (Type::Bool, _) => wrong("a boolean", out),
            (Type::String | Type::Bytes | Type::Uuid | Type::Date | Type::DateTime, _) => {
                wrong("a string", out)
            }
            (Type::I32 | Type::I64, _) => wrong("an integer", out),
            (Type::F64, _) => wrong("a number", out),
            (Type::Vec(_), _) => wrong("a list", out),
            (Type::Map(_), _) => wrong("an object", out),
        }
    }

    fn named(&self, id: TypeId, v: &Value, schema: &str, path: &str, out: &mut Vec<Problem>) {
        let key = (id, v as *const Value);
        if self.visiting.borrow().contains(&key) {
            // Back at a type this value is already being checked against, with nothing read
            // in between (a cycle of aliases or unions): that check says what there is to say.
            return;
        }
        self.visiting.borrow_mut().push(key);
        self.named_once(id, v, schema, path, out);
        self.visiting.borrow_mut().pop();
    }

    fn named_once(&self, id: TypeId, v: &Value, schema: &str, path: &str, out: &mut Vec<Problem>) {
        let def = &self.api.types[id.0];
        let wrong = |expected: &str, out: &mut Vec<Problem>| {
            out.push(Problem::wrong(path, schema, expected, v));
        };
        match (&def.kind, v) {
            (TypeKind::Alias(t), _) => self.value(t, v, &def.pointer, path, out),
            (TypeKind::Enum(e), Value::String(s)) => {
                if !e.open && !e.values.iter().any(|x| x.wire == *s) {
                    out.push(Problem {
                        path: path.to_owned(),
                        schema: def.pointer.clone(),
                        kind: ProblemKind::EnumValue { value: s.clone() },
                        decode: true,
                    });
                }
            }
            (TypeKind::Enum(_), _) => wrong("a string", out),
            (TypeKind::Struct(_), Value::Object(_)) => self.object(def, v, path, out),
            (TypeKind::Struct(_), _) => wrong(&format!("an object (`{}`)", def.name), out),
            (TypeKind::Tagged(t), Value::Object(o)) => {
                let Some(tag) = o.get(&t.tag).and_then(Value::as_str) else {
                    out.push(Problem {
                        path: path.to_owned(),
                        schema: def.pointer.clone(),
                        kind: ProblemKind::NoTag { tag: t.tag.clone() },
                        decode: true,
                    });
                    return;
                };
                if let Some(variant) = t.variants.iter().find(|x| x.tags.iter().any(|x| x == tag)) {
                    self.value(&variant.ty, v, &def.pointer, path, out);
                }
            }
            (TypeKind::Tagged(_), _) => wrong(&format!("an object (`{}`)", def.name), out),
            (TypeKind::Untagged(variants), _) => {
                let mut closest = None;
                for variant in variants {
                    let mut inner = Vec::new();
                    self.value(&variant.ty, v, &def.pointer, path, &mut inner);
                    if !inner.iter().any(|p| p.decode) {
                        out.extend(inner);
                        return;
                    }
                    if closest.is_none() && self.same_json_type(&variant.ty, v) {
                        closest = Some(inner);
                    }
                }
                out.push(Problem {
                    path: path.to_owned(),
                    schema: def.pointer.clone(),
                    kind: ProblemKind::NoMember {
                        union: def.name.clone(),
                        found: v.clone(),
                        inner: closest.unwrap_or_default(),
                    },
                    decode: true,
                });
            }
        }
    }

    /// Whether the named type is an object type (a struct or a tagged union).
    fn is_object(&self, id: TypeId) -> bool {
        matches!(
            self.api.types[id.0].kind,
            TypeKind::Struct(_) | TypeKind::Tagged(_)
        )
    }

    /// Whether a value of `v`'s JSON type could be a `ty` (the member to blame).
    fn same_json_type(&self, ty: &Type, v: &Value) -> bool {
        match (ty, v) {
            (Type::Option(t) | Type::Box(t), _) => self.same_json_type(t, v),
            (Type::Named(id), _) => match &self.api.types[id.0].kind {
                TypeKind::Alias(t) => self.same_json_type(t, v),
                TypeKind::Enum(_) => v.is_string(),
                // One level down: a union nested in a union is taken as matching.
                TypeKind::Untagged(vs) => vs.iter().any(|x| match &x.ty {
                    Type::Named(inner) => {
                        matches!(self.api.types[inner.0].kind, TypeKind::Untagged(_))
                            || self.same_json_type(&x.ty, v)
                    }
                    ty => self.same_json_type(ty, v),
                }),
                TypeKind::Struct(_) | TypeKind::Tagged(_) => v.is_object(),
            },
            (Type::Vec(_), _) => v.is_array(),
            (Type::Map(_), _) => v.is_object(),
            (Type::Bool, _) => v.is_boolean(),
            (Type::I32 | Type::I64 | Type::F64, _) => v.is_number(),
            (Type::Unit, _) => v.is_null(),
            (Type::Json, _) => true,
            (Type::String | Type::Bytes | Type::Uuid | Type::Date | Type::DateTime, _) => {
                v.is_string()
            }
        }
    }

    fn object(&self, def: &TypeDef, v: &Value, path: &str, out: &mut Vec<Problem>) {
        let (TypeKind::Struct(s), Value::Object(o)) = (&def.kind, v) else {
            return;
        };
        let mut rest = serde_json::Map::new();
        // Keys in the example's order, as serde reads them.
        for (key, item) in o {
            let at = join(path, key);
            match s.fields.iter().find(|f| f.wire == *key) {
                Some(f) => {
                    let schema = format!("{}/properties/{}", def.pointer, escape(key));
                    let ty = match f.presence(def) {
                        Presence::Required => f.ty.clone(),
                        _ => Type::Option(Box::new(f.ty.clone())),
                    };
                    self.value(&ty, item, &schema, &at, out);
                }
                None if !s.flattened.is_empty() => {
                    rest.insert(key.clone(), item.clone());
                }
                None => match &s.additional {
                    Some(t) => {
                        let schema = format!("{}/additionalProperties", def.pointer);
                        self.value(t, item, &schema, &at, out);
                    }
                    None if s.closed || def.in_request || def.form => out.push(Problem {
                        path: path.to_owned(),
                        schema: def.pointer.clone(),
                        kind: ProblemKind::Unknown {
                            field: key.clone(),
                            value: item.clone(),
                        },
                        decode: false,
                    }),
                    None => {}
                },
            }
        }
        for f in &s.fields {
            if f.presence(def) == Presence::Required && !o.contains_key(&f.wire) {
                out.push(Problem {
                    path: path.to_owned(),
                    schema: def.pointer.clone(),
                    kind: ProblemKind::Missing {
                        field: f.wire.clone(),
                        deprecated: f.deprecated,
                    },
                    decode: true,
                });
            }
        }
        let rest = Value::Object(rest);
        for f in &s.flattened {
            self.value(&f.ty, &rest, &def.pointer, path, out);
        }
    }
}

/// A JSON pointer token.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// How the runtime's `Timestamp` takes `s`: `None` when it does not parse, `Some(false)` when
/// it comes back spelled otherwise (an equal instant and offset counts as the same).
fn timestamp(s: &str) -> Option<bool> {
    if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return Some(true);
    }
    let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())?;
    Some(naive.format("%Y-%m-%dT%H:%M:%S%.f").to_string() == s)
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn timestamps_as_the_runtime_reads_them() {
        assert_eq!(timestamp("2023-02-13T14:30:52+01:00"), Some(true));
        assert_eq!(timestamp("2023-02-13T14:30:52Z"), Some(true));
        assert_eq!(timestamp("2022-01-01T00:00:00"), Some(true));
        assert_eq!(timestamp("2022-01-01 00:00:00"), Some(false));
        assert_eq!(timestamp("2022-01-01"), None);
    }
}
