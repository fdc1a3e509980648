//! Schemas -> type expressions and named types.
//!
//! | schema (after `normalize`)                  | Rust                                      |
//! |---------------------------------------------|-------------------------------------------|
//! | `type: object` with `properties`            | `struct`, fields in document order        |
//! | `type: object`, only `additionalProperties` | `BTreeMap<String, T>`                     |
//! | `type: string, enum: [..]`                  | `enum` + `Other(String)` unless exhaustive|
//! | `const: v` (now `x-const`)                  | one-variant closed `enum`                 |
//! | `anyOf`/`oneOf` of several types            | `#[serde(untagged)] enum`                 |
//! | `oneOf` of objects told apart by a property | `enum` by the tag + `Unknown` (`tagging`) |
//! | `allOf: [X]`, or `X` and members that only annotate | `X`                               |
//! | `allOf: [A, B]` of objects                  | one `struct` with the fields of both      |
//! | `allOf` of objects and a union of objects   | that `struct` + the union flattened       |
//! | `format: uuid / date / date-time / binary`  | `Uuid` / `NaiveDate` / `DateTime<FixedOffset>` / bytes |
//! | `{}` or no type                             | `serde_json::Value`                       |
//! | `nullable: true`                            | reported to the caller, who wraps it      |

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, ObjectType, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, StringType, VariantOrUnknownOrEmpty,
};

mod all_of;
mod passes;
mod tagging;
mod union;

pub(crate) use all_of::{fern_deprecated, fern_ignored};
pub(crate) use passes::{
    alias_cycles, break_cycles, mark_form_types, mark_request_types, relax_deprecated,
};

use super::naming::{self, Scope};
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::UntypedReason;
use crate::ir::{Enum, EnumValue, Field, Ignored, Struct, Type, TypeDef, TypeId, TypeKind};

/// A schema position: a `$ref` or an inline schema.
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Inline(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Inline(s),
        }
    }
}

/// Doc text of a schema named `name`: its description, else its title when the title says
/// more than the name (FastAPI titles most often repeat it: `user_id` -> "User Id"), then its
/// `default`.
pub(crate) fn doc_of(data: &SchemaData, name: &str) -> Option<String> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let text = [data.description.as_deref(), data.title.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|t| !t.is_empty() && squash(t) != squash(name));
    let default = data.default.as_ref().map(|d| {
        format!(
            "Defaults to `{}`.",
            serde_json::to_string(d).unwrap_or_default()
        )
    });
    match (text, default) {
        (Some(t), Some(d)) => Some(format!("{t}\n\n{d}")),
        (Some(t), None) => Some(t.to_owned()),
        (None, d) => d,
    }
}

/// `{parent}{suffix}` as a type name, e.g. `UserPatchBody` + `status` -> `UserPatchBodyStatus`.
pub(crate) fn hint(parent: &str, suffix: &str) -> String {
    let suffix = naming::type_name(suffix).unwrap_or_default();
    format!(
        "{}{}",
        naming::unraw(parent),
        suffix.trim_start_matches('_')
    )
}

/// The properties and required names of an object-like schema.
struct ObjectParts<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
}

impl<'a> Lowerer<'a> {
    /// Lowers component schema `id` into its slot.
    pub(crate) fn lower_named(
        &mut self,
        id: TypeId,
        schema: &'a ReferenceOr<Schema>,
        at: &Pointer,
    ) {
        let name = self.types[id.0].name.clone();
        let ty = match schema {
            ReferenceOr::Reference { reference } => self
                .resolve_schema_ref(reference, at)
                .map_or(Type::Json, Type::Named),
            ReferenceOr::Item(s) => {
                self.types[id.0].doc = all_of::doc(s, &self.components[id.0]);
                self.types[id.0].deprecated = all_of::deprecated(s);
                let ty = self.schema_type(s, at, &name, Some(id));
                if all_of::nullable(s) && ty != Type::Named(id) {
                    Type::Option(Box::new(ty))
                } else {
                    ty
                }
            }
        };
        if ty != Type::Named(id) {
            self.types[id.0].kind = TypeKind::Alias(ty);
        }
    }

    /// The type of a schema position and whether it may be `null`.
    pub(crate) fn type_of(
        &mut self,
        node: Node<'a>,
        at: &Pointer,
        name_hint: &str,
    ) -> (Type, bool) {
        match node {
            Node::Ref(reference) => (
                self.resolve_schema_ref(reference, at)
                    .map_or(Type::Json, Type::Named),
                false,
            ),
            Node::Inline(s) => (
                self.schema_type(s, at, name_hint, None),
                all_of::nullable(s),
            ),
        }
    }

    /// Like [`Self::type_of`], with `null` folded in as `Option`.
    pub(crate) fn value_type(&mut self, node: Node<'a>, at: &Pointer, name_hint: &str) -> Type {
        match self.type_of(node, at, name_hint) {
            (Type::Unit, _) => Type::Unit,
            (ty, true) => Type::Option(Box::new(ty)),
            (ty, false) => ty,
        }
    }

    /// Gives a named shape a home: `slot` when lowering a component, else a new named type.
    fn named(
        &mut self,
        slot: Option<TypeId>,
        name_hint: &str,
        at: &Pointer,
        data: &SchemaData,
        kind: TypeKind,
    ) -> Type {
        let id = match slot {
            Some(id) => id,
            None => {
                let name = self.type_names.claim(name_hint);
                self.types.push(TypeDef {
                    name,
                    pointer: at.to_string(),
                    doc: doc_of(data, name_hint),
                    deprecated: data.deprecated || all_of::fern_deprecated(&data.extensions),
                    in_request: false,
                    form: false,
                    kind: TypeKind::Alias(Type::Json),
                });
                TypeId(self.types.len() - 1)
            }
        };
        self.types[id.0].kind = kind;
        Type::Named(id)
    }

    /// The type of an inline schema, ignoring its `nullable`.
    pub(crate) fn schema_type(
        &mut self,
        s: &'a Schema,
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
    ) -> Type {
        let data = &s.schema_data;
        if data.extensions.get("x-null") == Some(&serde_json::Value::Bool(true)) {
            return Type::Unit;
        }
        match &s.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(st)) => {
                self.string(st, at, name_hint, slot, data)
            }
            SchemaKind::Type(openapiv3::Type::Integer(it)) => match &it.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Type::I32,
                _ => Type::I64,
            },
            SchemaKind::Type(openapiv3::Type::Number(_)) => Type::F64,
            SchemaKind::Type(openapiv3::Type::Boolean(_)) => Type::Bool,
            SchemaKind::Type(openapiv3::Type::Object(ObjectType {
                properties,
                required,
                additional_properties,
                min_properties: _,
                max_properties: _,
            })) => {
                let parts = ObjectParts {
                    properties,
                    required,
                    additional: additional_properties.as_ref(),
                };
                self.object(parts, at, name_hint, slot, data)
            }
            SchemaKind::Type(openapiv3::Type::Array(ArrayType {
                items,
                min_items: _,
                max_items: _,
                unique_items: _,
            })) => self.array(items.as_ref(), at, name_hint),
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", at, name_hint, slot, data),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", at, name_hint, slot, data),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, at, name_hint, slot, data),
            SchemaKind::Not { .. } => {
                self.sink
                    .error(&at.push("not"), "`not` schemas are not supported");
                Type::Json
            }
            SchemaKind::Any(any) => self.any(any, at, name_hint, slot, data),
        }
    }

    fn string(
        &mut self,
        st: &'a StringType,
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
        data: &SchemaData,
    ) -> Type {
        let values: Vec<&str> = st
            .enumeration
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !values.is_empty() {
            return self.string_enum(&values, at, name_hint, slot, data);
        }
        match &st.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Type::Bytes,
            VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" || f == "uuid4" => Type::Uuid,
            _ => Type::String,
        }
    }

    fn string_enum(
        &mut self,
        values: &[&str],
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
        data: &SchemaData,
    ) -> Type {
        let exhaustive = data.extensions.get("x-junction-exhaustive")
            == Some(&serde_json::Value::Bool(true))
            || data.extensions.contains_key("x-const");
        let mut scope = if exhaustive {
            Scope::default()
        } else {
            Scope::with_reserved(&["Other"])
        };
        // A value listed twice (the spec has such) is one variant.
        let mut seen = std::collections::BTreeSet::new();
        let values = values
            .iter()
            .filter(|wire| seen.insert(**wire))
            .enumerate()
            .map(|(i, wire)| EnumValue {
                name: scope
                    .claim(&naming::type_name(wire).unwrap_or_else(|| format!("Value{}", i + 1))),
                wire: (*wire).to_owned(),
            })
            .collect();
        let kind = TypeKind::Enum(Enum {
            values,
            open: !exhaustive,
        });
        self.named(slot, name_hint, at, data, kind)
    }

    fn array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &Pointer,
        name_hint: &str,
    ) -> Type {
        let item = match items {
            Some(items) => {
                self.value_type(items.into(), &at.push("items"), &hint(name_hint, "Item"))
            }
            None => self.untyped(at, UntypedReason::ArrayWithoutItems),
        };
        Type::Vec(Box::new(item))
    }

    fn object(
        &mut self,
        parts: ObjectParts<'a>,
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
        data: &SchemaData,
    ) -> Type {
        let additional = match parts.additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => {
                Some(self.untyped(&at.push("additionalProperties"), UntypedReason::OpenSchema))
            }
            Some(AdditionalProperties::Schema(s)) => Some(self.value_type(
                s.as_ref().into(),
                &at.push("additionalProperties"),
                &hint(name_hint, "Value"),
            )),
        };
        if parts.properties.is_empty() {
            // A component that is only a map stays a named alias of it.
            let value = match additional {
                Some(value) => value,
                None => self.untyped(at, UntypedReason::FreeFormObject),
            };
            return Type::Map(Box::new(value));
        }
        let fields = self.fields(parts.properties, parts.required, at, name_hint);
        let closed = matches!(parts.additional, Some(AdditionalProperties::Any(false)));
        let kind = TypeKind::Struct(Struct {
            fields,
            additional,
            closed,
            flattened: Vec::new(),
        });
        self.named(slot, name_hint, at, data, kind)
    }

    fn fields(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &Pointer,
        parent: &str,
    ) -> Vec<Field> {
        let mut scope = Scope::with_reserved(&["additional_properties", "unknown_fields"]);
        let mut fields = Vec::with_capacity(properties.len());
        let at = at.push("properties");
        for (index, (wire, prop)) in properties.iter().enumerate() {
            let here = at.push(wire);
            if let ReferenceOr::Item(s) = prop {
                if all_of::fern_ignored(&s.schema_data.extensions) {
                    self.ignored.push(Ignored {
                        pointer: here.to_string(),
                        what: format!("{parent}.{wire}"),
                    });
                    continue;
                }
            }
            // A name with no ASCII letter or digit (`名前`, `$`): `field_{n}`, n its position;
            // serde still reads and writes it under its own name.
            let name = naming::value_name(wire).unwrap_or_else(|| format!("field_{}", index + 1));
            let name = scope.claim(&name);
            let (ty, nullable) = self.type_of(prop.into(), &here, &hint(parent, wire));
            let (doc, deprecated) = match prop {
                ReferenceOr::Item(s) => (all_of::doc(s, wire), all_of::deprecated(s)),
                ReferenceOr::Reference { .. } => (None, false),
            };
            fields.push(Field {
                name,
                wire: wire.clone(),
                doc,
                nullable: nullable || ty == Type::Unit,
                ty,
                required: required.contains(wire),
                deprecated,
                relaxed: false,
            });
        }
        fields
    }

    fn any(
        &mut self,
        any: &'a AnySchema,
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
        data: &SchemaData,
    ) -> Type {
        let AnySchema {
            typ,
            properties,
            required,
            additional_properties,
            items,
            enumeration,
            format,
            one_of,
            all_of,
            any_of,
            not,
            ..
        } = any;
        if let Some(not) = not {
            // `not: {required: [a, b]}` beside properties only says which of them may not
            // appear together: no shape, so no type; any other `not` would change the type.
            if properties.is_empty() || !only_combines(&serde_json::to_value(not).ok()) {
                self.sink.error(
                    &at.push("not"),
                    "`not` schemas are not supported (only a `not` of `required` lists beside \
                     `properties`, which says which properties may not appear together)",
                );
                return Type::Json;
            }
            self.unenforced.push(at.push("not").to_string());
        }
        if !one_of.is_empty() {
            return self.union(one_of, "oneOf", at, name_hint, slot, data);
        }
        if !any_of.is_empty() {
            return self.union(any_of, "anyOf", at, name_hint, slot, data);
        }
        if !all_of.is_empty() {
            // Properties written beside `allOf` are one more member.
            let own = (!properties.is_empty() || !required.is_empty()).then_some(ObjectParts {
                properties,
                required,
                additional: additional_properties.as_ref(),
            });
            return self.all_of(all_of, own, at, name_hint, slot, data);
        }
        if !properties.is_empty() || typ.as_deref() == Some("object") {
            let parts = ObjectParts {
                properties,
                required,
                additional: additional_properties.as_ref(),
            };
            return self.object(parts, at, name_hint, slot, data);
        }
        if items.is_some() || typ.as_deref() == Some("array") {
            return self.array(items.as_ref(), at, name_hint);
        }
        let strings: Option<Vec<&str>> = enumeration.iter().map(|v| v.as_str()).collect();
        match (typ.as_deref(), strings) {
            (_, Some(values)) if !values.is_empty() => {
                self.string_enum(&values, at, name_hint, slot, data)
            }
            (Some("string"), _) => match format.as_deref() {
                Some("uuid" | "uuid4") => Type::Uuid,
                Some("date") => Type::Date,
                Some("date-time") => Type::DateTime,
                Some("binary") => Type::Bytes,
                _ => Type::String,
            },
            (Some("integer"), _) => Type::I64,
            (Some("number"), _) => Type::F64,
            (Some("boolean"), _) => Type::Bool,
            (Some(other), _) if other != "null" => {
                self.sink
                    .error(&at.push("type"), format!("unknown schema type `{other}`"));
                Type::Json
            }
            _ => self.untyped(at, UntypedReason::OpenSchema),
        }
    }
}

/// Whether a `not` schema only names properties that may not appear together: `required`
/// lists, alone or in an `anyOf`/`oneOf`/`allOf` of such (with docs and extensions).
fn only_combines(not: &Option<serde_json::Value>) -> bool {
    fn combines(v: &serde_json::Value) -> bool {
        let Some(o) = v.as_object() else { return false };
        let mut constrains = false;
        let each = o.iter().all(|(k, v)| match k.as_str() {
            "required" => {
                constrains = true;
                v.is_array()
            }
            "anyOf" | "oneOf" | "allOf" => {
                constrains = true;
                v.as_array().is_some_and(|a| a.iter().all(combines))
            }
            "description" | "title" => true,
            other => other.starts_with("x-"),
        });
        each && constrains
    }
    not.as_ref().is_some_and(combines)
}
