//! A default answer for every stub of the test kit: the spec's success example when it
//! decodes, else the minimal JSON value of the success type, built from the IR and checked
//! with [`decode`](super::decode) before it is offered.
//!
//! | type | minimal value |
//! |---|---|
//! | struct | its required fields (`null` for a required nullable one); optional ones left out |
//! | flattened union | its value's fields beside the struct's |
//! | `String`, `bool`, numbers | `""`, `false`, `0` |
//! | `Uuid`, `NaiveDate`, `Timestamp` | [`UUID`], [`DATE`], [`DATE_TIME`] |
//! | string enum (and a `const`) | its first value |
//! | `Vec`, map, any JSON | `[]`, `{}`, `{}` |
//! | `Option`, `()` | `null` |
//! | tagged union | its first variant that can be built, with its first tag |
//! | untagged union | its first member whose value decodes as the union |
//!
//! A type met again inside itself through required fields cannot be built that way: the
//! nearest union tries its next member, else the operation has no default answer
//! ([`Answer::None`] says why). Lists and optional fields cut every other cycle.

use serde_json::{Map, Value};

use super::decode;
use crate::ir::{Answer, Api, DefaultAnswer, Presence, Type, TypeId, TypeKind};

/// The UUID of every `format: uuid` string (a valid version 4 UUID).
pub const UUID: &str = "00000000-0000-4000-8000-000000000000";
/// The date of every `format: date` string.
pub const DATE: &str = "2026-01-01";
/// The instant of every `format: date-time` string.
pub const DATE_TIME: &str = "2026-01-01T00:00:00+00:00";

/// The default answer of each operation with a JSON success, in operation order: its first
/// success example that decodes (from [`Api::response_examples`]), else its minimal value.
pub fn default_answers(api: &Api) -> Vec<DefaultAnswer> {
    api.operations
        .iter()
        .filter_map(|op| {
            let ty = op.success.json_type()?;
            let example = api
                .response_examples
                .iter()
                .find(|e| e.operation == op.pointer && e.decodes);
            let answer = match example {
                Some(e) => Answer::Example {
                    pointer: e.pointer.clone(),
                    value: e.value.clone(),
                },
                None => match minimal(api, ty) {
                    Ok(value) => Answer::Minimal(value),
                    Err(why) => Answer::None(why),
                },
            };
            Some(DefaultAnswer {
                operation: op.pointer.clone(),
                answer,
            })
        })
        .collect()
}

/// The minimal value of `ty` that decodes through its generated type, or why there is none.
pub fn minimal(api: &Api, ty: &Type) -> Result<Value, String> {
    let mut builder = Builder {
        api,
        visiting: Vec::new(),
    };
    let value = builder.value(ty)?;
    let problems = decode::check(api, ty, &value, "");
    match problems.0.iter().find(|p| p.decode) {
        None => Ok(value),
        Some(p) => Err(format!(
            "its minimal value does not decode: {}",
            super::render::problem(api, p)
        )),
    }
}

struct Builder<'a> {
    api: &'a Api,
    /// The named types being built, innermost last.
    visiting: Vec<TypeId>,
}

impl Builder<'_> {
    fn value(&mut self, ty: &Type) -> Result<Value, String> {
        Ok(match ty {
            Type::Bool => Value::Bool(false),
            Type::I32 | Type::I64 | Type::F64 => Value::from(0),
            Type::String | Type::Bytes => Value::from(""),
            Type::Uuid => Value::from(UUID),
            Type::Date => Value::from(DATE),
            Type::DateTime => Value::from(DATE_TIME),
            Type::Json | Type::Map(_) => Value::Object(Map::new()),
            Type::Unit | Type::Option(_) => Value::Null,
            Type::Vec(_) => Value::Array(Vec::new()),
            Type::Box(t) => self.value(t)?,
            Type::Named(id) => {
                if self.visiting.contains(id) {
                    let name = &self.api.types[id.0].name;
                    return Err(format!("`{name}` holds itself through required fields"));
                }
                self.visiting.push(*id);
                let built = self.named(*id);
                self.visiting.pop();
                built?
            }
        })
    }

    fn named(&mut self, id: TypeId) -> Result<Value, String> {
        let def = &self.api.types[id.0];
        match &def.kind {
            TypeKind::Alias(t) => self.value(t),
            TypeKind::Enum(e) => Ok(Value::from(
                e.values.first().map_or("", |v| v.wire.as_str()),
            )),
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                for f in &s.fields {
                    match f.presence(def) {
                        Presence::Required => {
                            let v = self.value(&f.ty)?;
                            object.insert(f.wire.clone(), v);
                        }
                        Presence::RequiredNullable => {
                            object.insert(f.wire.clone(), Value::Null);
                        }
                        Presence::Optional | Presence::Patch => {}
                    }
                }
                for f in &s.flattened {
                    if let Value::Object(fields) = self.value(&f.ty)? {
                        for (k, v) in fields {
                            object.entry(k).or_insert(v);
                        }
                    }
                }
                Ok(Value::Object(object))
            }
            TypeKind::Tagged(t) => {
                let mut why = format!("`{}` has no variant", def.name);
                for variant in &t.variants {
                    let Some(tag) = variant.tags.first() else {
                        continue;
                    };
                    match self.value(&variant.ty) {
                        Ok(Value::Object(mut object)) => {
                            object.insert(t.tag.clone(), Value::from(tag.as_str()));
                            return Ok(Value::Object(object));
                        }
                        Ok(_) => why = format!("`{}`'s variants are not objects", def.name),
                        Err(e) => why = e,
                    }
                }
                Err(why)
            }
            TypeKind::Untagged(variants) => {
                let mut why = format!("`{}` has no member", def.name);
                for variant in variants {
                    match self.value(&variant.ty) {
                        Ok(v) => {
                            if decode::check(self.api, &Type::Named(id), &v, "").decodes() {
                                return Ok(v);
                            }
                            why = format!("no member's minimal value decodes as `{}`", def.name);
                        }
                        Err(e) => why = e,
                    }
                }
                Err(why)
            }
        }
    }
}
