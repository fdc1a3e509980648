//! Schemas -> type expressions and named types.
//!
//! | schema (after `normalize`)                  | Rust                                      |
//! |---------------------------------------------|-------------------------------------------|
//! | `type: object` with `properties`            | `struct`, fields in document order        |
//! | `type: object`, only `additionalProperties` | `BTreeMap<String, T>`                     |
//! | `type: string, enum: [..]`                  | `enum` + `Other(String)` unless exhaustive|
//! | `const: v` (now `x-const`)                  | one-variant closed `enum`                 |
//! | `anyOf`/`oneOf` of several types            | `#[serde(untagged)] enum`                 |
//! | `allOf: [X]`                                | `X`                                       |
//! | `allOf: [A, B]` of objects                  | one `struct` with the fields of both      |
//! | `format: uuid / date / date-time / binary`  | `Uuid` / `NaiveDate` / `DateTime<FixedOffset>` / bytes |
//! | `{}` or no type                             | `serde_json::Value`                       |
//! | `nullable: true`                            | reported to the caller, who wraps it      |

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, ObjectType, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, StringType, VariantOrUnknownOrEmpty,
};

use super::naming::{self, Scope};
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::UntypedReason;
use crate::ir::{
    Body, BodyEncoding, Enum, EnumValue, Field, Operation, Struct, Success, Type, TypeDef, TypeId,
    TypeKind, Variant,
};

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
                self.types[id.0].doc = doc_of(&s.schema_data, &self.components[id.0]);
                self.types[id.0].deprecated = s.schema_data.deprecated;
                let ty = self.schema_type(s, at, &name, Some(id));
                if s.schema_data.nullable && ty != Type::Named(id) {
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
                s.schema_data.nullable,
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
                    deprecated: data.deprecated,
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
            SchemaKind::AllOf { all_of } => self.all_of(all_of, at, name_hint, slot, data),
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
        for (wire, prop) in properties {
            let here = at.push(wire);
            let Some(name) = naming::value_name(wire) else {
                self.sink.error(
                    &here,
                    format!("property name `{wire}` has no character usable in a Rust identifier"),
                );
                continue;
            };
            let name = scope.claim(&name);
            let (ty, nullable) = self.type_of(prop.into(), &here, &hint(parent, wire));
            let (doc, deprecated) = match prop {
                ReferenceOr::Item(s) => (doc_of(&s.schema_data, wire), s.schema_data.deprecated),
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
            });
        }
        fields
    }

    fn union(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        key: &str,
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
        data: &SchemaData,
    ) -> Type {
        let at = at.push(key);
        if members.len() == 1 {
            return self.value_type((&members[0]).into(), &at.push(0), name_hint);
        }
        if members.is_empty() {
            self.sink.error(&at, format!("`{key}` has no members"));
            return Type::Json;
        }
        let mut scope = Scope::default();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let ty = self.value_type(
                member.into(),
                &at.push(i),
                &hint(name_hint, &format!("Variant{}", i + 1)),
            );
            let name = scope.claim(&self.variant_name(&ty));
            variants.push(Variant { name, ty });
        }
        self.named(slot, name_hint, &at, data, TypeKind::Untagged(variants))
    }

    /// A variant name that says what the payload is.
    fn variant_name(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "Bool".into(),
            Type::I32 | Type::I64 => "Integer".into(),
            Type::F64 => "Number".into(),
            Type::String => "String".into(),
            Type::Uuid => "Uuid".into(),
            Type::Date => "Date".into(),
            Type::DateTime => "DateTime".into(),
            Type::Bytes => "Bytes".into(),
            Type::Json => "Value".into(),
            Type::Unit => "Null".into(),
            Type::Named(id) => naming::unraw(&self.types[id.0].name).to_owned(),
            Type::Vec(t) => format!("{}List", self.variant_name(t)),
            Type::Map(t) => format!("{}Map", self.variant_name(t)),
            Type::Option(t) | Type::Box(t) => self.variant_name(t),
        }
    }

    fn all_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
        data: &SchemaData,
    ) -> Type {
        let at = at.push("allOf");
        if members.len() == 1 {
            return self.value_type((&members[0]).into(), &at.push(0), name_hint);
        }
        // Several members: merge the objects they describe into one struct. A member `$ref`
        // whose fields hold this same inline `allOf` would be merged into itself forever.
        if self.inlining.contains(&at.to_string()) {
            self.sink.error(
                &at,
                "this inline `allOf` includes itself through a `$ref`, which is not supported; \
                 name it in `components/schemas`",
            );
            return Type::Json;
        }
        self.inlining.push(at.to_string());
        let mut fields: Vec<Field> = Vec::new();
        let mut additional = None;
        let mut required: Vec<&'a String> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let here = at.push(i);
            let mut parts = Vec::new();
            if !self.object_parts(member.into(), &here, &mut parts, 0) {
                self.sink.error(
                    &here,
                    "`allOf` is supported for objects only; this member is not an object",
                );
                continue;
            }
            for (parts, parts_at) in parts {
                required.extend(parts.required);
                for field in self.fields(parts.properties, parts.required, &parts_at, name_hint) {
                    match fields.iter_mut().find(|f| f.wire == field.wire) {
                        Some(existing) => existing.required |= field.required,
                        None => fields.push(field),
                    }
                }
                if let Some(AdditionalProperties::Any(true)) = parts.additional {
                    additional = Some(Type::Json);
                }
            }
        }
        // A member may only list names as required (`allOf: [$ref: Pet, required: [name]]`).
        for field in &mut fields {
            field.required |= required.contains(&&field.wire);
        }
        self.inlining.pop();
        self.named(
            slot,
            name_hint,
            &at,
            data,
            TypeKind::Struct(Struct {
                fields,
                additional,
                closed: false,
            }),
        )
    }

    /// Collects the object parts of a schema position into `out`, following `$ref`s and
    /// nested `allOf`s (up to a depth, against cycles). A schema that only constrains
    /// (`required: [..]` and no type) is a part with no properties. False when the position is
    /// not an object.
    fn object_parts(
        &mut self,
        node: Node<'a>,
        at: &Pointer,
        out: &mut Vec<(ObjectParts<'a>, Pointer)>,
        depth: usize,
    ) -> bool {
        const MAX_DEPTH: usize = 16;
        let (schema, at) = match node {
            Node::Inline(s) => (s, at.clone()),
            Node::Ref(reference) => {
                let Some(id) = self.resolve_schema_ref(reference, at) else {
                    return false;
                };
                let name = &self.components[id.0];
                match self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(name))
                {
                    Some(ReferenceOr::Item(s)) => {
                        (s, Pointer::from_escaped(&self.types[id.0].pointer))
                    }
                    _ => return false,
                }
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => out.push((
                ObjectParts {
                    properties: &o.properties,
                    required: &o.required,
                    additional: o.additional_properties.as_ref(),
                },
                at,
            )),
            SchemaKind::AllOf { all_of } if depth < MAX_DEPTH => {
                let at = at.push("allOf");
                for (i, member) in all_of.iter().enumerate() {
                    if !self.object_parts(member.into(), &at.push(i), out, depth + 1) {
                        return false;
                    }
                }
            }
            SchemaKind::Any(a)
                if a.typ.as_deref().is_none_or(|t| t == "object")
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.items.is_none()
                    && (!a.properties.is_empty() || !a.required.is_empty()) =>
            {
                if !a.all_of.is_empty() && depth < MAX_DEPTH {
                    let at = at.push("allOf");
                    for (i, member) in a.all_of.iter().enumerate() {
                        if !self.object_parts(member.into(), &at.push(i), out, depth + 1) {
                            return false;
                        }
                    }
                }
                out.push((
                    ObjectParts {
                        properties: &a.properties,
                        required: &a.required,
                        additional: a.additional_properties.as_ref(),
                    },
                    at,
                ))
            }
            _ => return false,
        }
        true
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
        if not.is_some() {
            self.sink
                .error(&at.push("not"), "`not` schemas are not supported");
            return Type::Json;
        }
        if !one_of.is_empty() {
            return self.union(one_of, "oneOf", at, name_hint, slot, data);
        }
        if !any_of.is_empty() {
            return self.union(any_of, "anyOf", at, name_hint, slot, data);
        }
        if !all_of.is_empty() {
            return self.all_of(all_of, at, name_hint, slot, data);
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

/// Every named type reachable from `ty`.
fn named_in(ty: &Type, out: &mut Vec<TypeId>) {
    match ty {
        Type::Named(id) => out.push(*id),
        Type::Vec(t) | Type::Map(t) | Type::Option(t) | Type::Box(t) => named_in(t, out),
        _ => {}
    }
}

/// Types a type definition refers to.
fn references(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                named_in(&f.ty, &mut out);
            }
            if let Some(a) = &s.additional {
                named_in(a, &mut out);
            }
        }
        TypeKind::Untagged(vs) => vs.iter().for_each(|v| named_in(&v.ty, &mut out)),
        TypeKind::Alias(t) => named_in(t, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// Marks every type reachable from a request body as sent in requests.
pub(crate) fn mark_request_types(types: &mut [TypeDef], operations: &[Operation]) {
    let mut stack = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            named_in(&body.ty, &mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        if types[id.0].in_request {
            continue;
        }
        types[id.0].in_request = true;
        stack.extend(references(&types[id.0].kind));
    }
}

/// Marks multipart body types as forms; everywhere else a binary string is a `String`.
pub(crate) fn mark_form_types(types: &mut [TypeDef], operations: &mut [Operation]) {
    for op in operations.iter() {
        if let Some(Body {
            ty: Type::Named(id),
            encoding: BodyEncoding::Multipart,
            ..
        }) = &op.body
        {
            types[id.0].form = true;
        }
    }
    fn no_bytes(ty: &mut Type) {
        match ty {
            Type::Bytes => *ty = Type::String,
            Type::Vec(t) | Type::Map(t) | Type::Option(t) | Type::Box(t) => no_bytes(t),
            _ => {}
        }
    }
    // Outside a multipart body, `format: binary` is text: a parameter, a JSON or form body, a
    // response.
    for op in operations.iter_mut() {
        op.params.iter_mut().for_each(|p| no_bytes(&mut p.ty));
        if let Some(body) = op
            .body
            .as_mut()
            .filter(|b| b.encoding != BodyEncoding::Multipart)
        {
            no_bytes(&mut body.ty);
        }
        match &mut op.success {
            Success::Json(t) | Success::JsonOrDownload { ty: t, .. } => no_bytes(t),
            Success::Empty | Success::Text | Success::Download { .. } => {}
        }
    }
    for def in types.iter_mut().filter(|d| !d.form) {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| no_bytes(&mut f.ty));
                if let Some(a) = &mut s.additional {
                    no_bytes(a);
                }
            }
            TypeKind::Untagged(vs) => vs.iter_mut().for_each(|v| no_bytes(&mut v.ty)),
            TypeKind::Alias(t) => no_bytes(t),
            TypeKind::Enum(_) => {}
        }
    }
}

/// The named type a value of `ty` holds inline (not behind a `Vec` or map), if any.
fn inline_target(ty: &Type) -> Option<TypeId> {
    match ty {
        Type::Named(id) => Some(*id),
        Type::Option(t) => inline_target(t),
        _ => None,
    }
}

/// Boxes every inline reference that closes a cycle, so recursive types have a finite size.
pub(crate) fn break_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| inline_target(&f.ty))
                .collect(),
            TypeKind::Untagged(vs) => vs.iter().filter_map(|v| inline_target(&v.ty)).collect(),
            TypeKind::Alias(t) => inline_target(t).into_iter().collect(),
            TypeKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, def) in types.iter_mut().enumerate() {
        let in_cycle = |target: TypeId| component[target.0] == component[i];
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    box_if(&mut f.ty, &in_cycle);
                }
            }
            TypeKind::Untagged(vs) => vs.iter_mut().for_each(|v| box_if(&mut v.ty, &in_cycle)),
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

fn box_if(ty: &mut Type, in_cycle: &impl Fn(TypeId) -> bool) {
    match ty {
        Type::Named(id) if in_cycle(*id) => *ty = Type::Box(Box::new(Type::Named(*id))),
        Type::Option(inner) => box_if(inner, in_cycle),
        _ => {}
    }
}

/// Tarjan's algorithm: the strongly connected component of each node.
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    struct State<'e> {
        edges: &'e [Vec<TypeId>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        components: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for w in s.edges[v].iter().map(|t| t.0) {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(wi) if s.on_stack[w] => s.low[v] = s.low[v].min(wi),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.components;
                if w == v {
                    break;
                }
            }
            s.components += 1;
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![0; n],
        components: 0,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    // A node alone in its component is only cyclic with a self-edge.
    let mut out = s.component;
    for (v, targets) in edges.iter().enumerate() {
        let alone = out.iter().filter(|c| **c == out[v]).count() == 1;
        if alone && !targets.iter().any(|t| t.0 == v) {
            out[v] = usize::MAX - v;
        }
    }
    out
}
