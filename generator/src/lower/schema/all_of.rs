//! `allOf`: what its members add up to.
//!
//! | members (after dropping those that only annotate)  | Rust                               |
//! |-----------------------------------------------------|------------------------------------|
//! | one: `allOf: [$ref: R, {description, nullable}]`     | `R` (nullable reported to caller)  |
//! | objects                                             | one `struct` with the fields of all|
//! | objects and one union of objects                    | that `struct` + the union flattened|
//! | anything else                                       | a located error                    |
//!
//! A member only annotates when it has no keyword that shapes a value: a description, a title,
//! `nullable`, a default, `readOnly`, `deprecated`, `xml`, an example, or constraints that do
//! not change the Rust type (`pattern`, `minimum`, `maxLength`, ...).

use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind,
    VariantOrUnknownOrEmpty,
};

use super::super::Lowerer;
use super::{doc_of, hint, Node, ObjectParts};
use crate::diag::Pointer;
use crate::ir::{Field, Flattened, Struct, Type, TypeId, TypeKind};

/// How deep `$ref`s and nested `allOf`s are followed when looking for object parts.
const MAX_DEPTH: usize = 16;

/// Whether a schema position only annotates: no keyword of it shapes a value. A `oneOf` or
/// `anyOf` whose members only list required names (`anyOf: [{required: [a]}, {required: [b]}]`,
/// "at least one of") only validates, and counts as annotating.
pub(super) fn annotates_only(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = member else {
        return false;
    };
    let a = match &s.schema_kind {
        SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } => {
            return !m.is_empty() && m.iter().all(only_requires)
        }
        SchemaKind::Any(a) => a,
        _ => return false,
    };
    if a.one_of.is_empty() != a.any_of.is_empty() && a.properties.is_empty() {
        let m = if a.one_of.is_empty() {
            &a.any_of
        } else {
            &a.one_of
        };
        let rest = AnySchema {
            one_of: Vec::new(),
            any_of: Vec::new(),
            ..a.clone()
        };
        return m.iter().all(only_requires)
            && annotates_only(&ReferenceOr::Item(Schema {
                schema_data: s.schema_data.clone(),
                schema_kind: SchemaKind::Any(rest),
            }));
    }
    let AnySchema {
        typ,
        properties,
        required,
        additional_properties,
        items,
        enumeration,
        one_of,
        all_of,
        any_of,
        not,
        ..
    } = a;
    typ.is_none()
        && properties.is_empty()
        && required.is_empty()
        && additional_properties.is_none()
        && items.is_none()
        && enumeration.is_empty()
        && one_of.is_empty()
        && all_of.is_empty()
        && any_of.is_empty()
        && not.is_none()
        && !s.schema_data.extensions.contains_key("x-null")
        && !s.schema_data.extensions.contains_key("x-const")
}

/// Whether a member only lists required names (and annotates).
fn only_requires(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) if !a.required.is_empty() => {
                annotates_only(&ReferenceOr::Item(Schema {
                    schema_data: SchemaData::default(),
                    schema_kind: SchemaKind::Any(AnySchema {
                        required: Vec::new(),
                        ..a.clone()
                    }),
                }))
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// Whether a member only states a primitive type (`{type: string}` beside a `$ref` to a
/// string enum): it restates what another member says more precisely.
fn restates_type(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = member else {
        return false;
    };
    match &s.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(st)) => {
            st.enumeration.is_empty() && matches!(st.format, VariantOrUnknownOrEmpty::Empty)
        }
        SchemaKind::Type(openapiv3::Type::Integer(it)) => it.enumeration.is_empty(),
        SchemaKind::Type(openapiv3::Type::Number(nt)) => nt.enumeration.is_empty(),
        SchemaKind::Type(openapiv3::Type::Boolean(bt)) => bt.enumeration.is_empty(),
        _ => false,
    }
}

/// The `allOf` members of a schema, if it is one.
fn all_of_members(s: &Schema) -> &[ReferenceOr<Schema>] {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => &[],
    }
}

/// The annotations of a schema and of the members of its `allOf` that only annotate, the
/// schema's own first.
fn annotations(s: &Schema) -> impl Iterator<Item = &SchemaData> {
    let members = all_of_members(s).iter().filter(|m| annotates_only(m));
    std::iter::once(&s.schema_data).chain(members.filter_map(|m| match m {
        ReferenceOr::Item(m) => Some(&m.schema_data),
        ReferenceOr::Reference { .. } => None,
    }))
}

/// Whether a schema may be `null`: its own `nullable`, or that of an `allOf` member that only
/// annotates (`allOf: [{nullable: true}, $ref: R]`).
pub(crate) fn nullable(s: &Schema) -> bool {
    annotations(s).any(|d| d.nullable)
}

/// Whether a schema is deprecated (`deprecated: true` or Fern's `x-fern-availability:
/// deprecated`), by itself or by an `allOf` member that only annotates.
pub(crate) fn deprecated(s: &Schema) -> bool {
    annotations(s).any(|d| d.deprecated || fern_deprecated(&d.extensions))
}

/// Whether Fern's `x-fern-availability` of these extensions says `deprecated`.
pub(crate) fn fern_deprecated(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> bool {
    extensions
        .get("x-fern-availability")
        .and_then(|v| v.as_str())
        == Some("deprecated")
}

/// Whether these extensions hold Fern's `x-fern-ignore: true`: not part of the SDK.
pub(crate) fn fern_ignored(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> bool {
    extensions.get("x-fern-ignore") == Some(&serde_json::Value::Bool(true))
}

/// Doc text of a schema named `name` ([`doc_of`]), else of the first `allOf` member that only
/// annotates and has some (`allOf: [$ref: R, {description: ..}]`).
pub(crate) fn doc(s: &Schema, name: &str) -> Option<String> {
    annotations(s).find_map(|d| doc_of(d, name))
}

/// What an `allOf` member that shapes values is.
enum Shape<'a> {
    /// An object, in parts (a `$ref` to an `allOf` of objects is several).
    Object(Vec<(ObjectParts<'a>, Pointer)>),
    /// A `oneOf`/`anyOf` (inline or behind a `$ref`) whose every member is an object.
    UnionOfObjects,
    /// Something else: a primitive, an array, a union with a non-object member.
    Other,
    /// A `$ref` that names no component (reported).
    Unresolved,
}

impl<'a> Lowerer<'a> {
    /// The type of `allOf: members`; `own` holds the properties written beside `allOf` in the
    /// same schema, which are merged as one more object member.
    pub(super) fn all_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: Option<ObjectParts<'a>>,
        at: &Pointer,
        name_hint: &str,
        slot: Option<TypeId>,
        data: &SchemaData,
    ) -> Type {
        let here = at.clone();
        let at = at.push("allOf");
        let shaped: Vec<(usize, &'a ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !annotates_only(m))
            .collect();
        match (shaped.as_slice(), &own) {
            ([], None) => return self.untyped(&at, crate::ir::UntypedReason::OpenSchema),
            ([(i, member)], None) => {
                return self.value_type((*member).into(), &at.push(*i), name_hint)
            }
            _ => {}
        }
        // `allOf: [$ref: R, {type: string}]`: the member that only states a primitive type
        // adds nothing to the other, unless that is an object.
        if own.is_none() {
            let precise: Vec<_> = shaped.iter().filter(|(_, m)| !restates_type(m)).collect();
            let kept = match precise.as_slice() {
                [] => shaped.first(),
                [only] if !self.is_object(only.1, &at.push(only.0)) => Some(*only),
                _ => None,
            };
            if let Some((i, member)) = kept {
                return self.value_type((*member).into(), &at.push(*i), name_hint);
            }
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
        let mut objects = Vec::new();
        let mut unions = Vec::new();
        for (i, member) in &shaped {
            let member_at = at.push(*i);
            match self.shape((*member).into(), &member_at) {
                Shape::Object(parts) => objects.extend(parts),
                Shape::UnionOfObjects => unions.push((*member, member_at)),
                Shape::Unresolved => return Type::Json,
                Shape::Other => {
                    self.sink.error(
                        &member_at,
                        "`allOf` of objects with this member cannot be expressed in Rust: it is \
                         neither an object nor a union of objects",
                    );
                    return Type::Json;
                }
            }
        }
        if let Some(own) = own {
            objects.push((own, here));
        }
        if unions.len() > 1 {
            self.sink.error(
                &unions[1].1,
                "`allOf` with more than one union member is not supported",
            );
            return Type::Json;
        }
        self.inlining.push(at.to_string());
        let mut fields: Vec<Field> = Vec::new();
        let mut additional = None;
        let mut required: Vec<&'a String> = Vec::new();
        for (parts, parts_at) in objects {
            required.extend(parts.required);
            for field in self.fields(parts.properties, parts.required, &parts_at, name_hint) {
                match fields.iter_mut().find(|f| f.wire == field.wire) {
                    Some(existing) => existing.required |= field.required,
                    None => fields.push(field),
                }
            }
            match parts.additional {
                _ if additional.is_some() => {}
                Some(AdditionalProperties::Any(true)) => additional = Some(Type::Json),
                Some(AdditionalProperties::Schema(value)) => {
                    additional = Some(self.value_type(
                        value.as_ref().into(),
                        &parts_at.push("additionalProperties"),
                        &hint(name_hint, "Value"),
                    ))
                }
                Some(AdditionalProperties::Any(false)) | None => {}
            }
        }
        // A member may only list names as required (`allOf: [$ref: Pet, required: [name]]`).
        for field in &mut fields {
            field.required |= required.contains(&&field.wire);
        }
        let flattened = unions
            .into_iter()
            .map(|(member, member_at)| {
                let ty = self.value_type(member.into(), &member_at, &hint(name_hint, "Variant"));
                let doc = match member {
                    ReferenceOr::Item(s) => doc(s, ""),
                    ReferenceOr::Reference { .. } => None,
                }
                .or_else(|| {
                    Some(
                        "The properties of the union this object also is, beside its fields."
                            .into(),
                    )
                });
                Flattened {
                    name: self.flattened_name(&ty, &fields),
                    ty,
                    doc,
                }
            })
            .collect();
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
                flattened,
            }),
        )
    }

    /// The field name of a flattened union of type `ty`: its type name in snake case
    /// (`PaymentMethod` -> `payment_method`), or `variant`, not taken by `fields`.
    fn flattened_name(&self, ty: &Type, fields: &[Field]) -> String {
        let base = match ty {
            Type::Named(id) => {
                super::naming::value_name(super::naming::unraw(&self.types[id.0].name))
            }
            _ => None,
        }
        .unwrap_or_else(|| "variant".to_owned());
        let mut scope =
            super::naming::Scope::with_reserved(&["additional_properties", "unknown_fields"]);
        for f in fields {
            scope.claim(&f.name);
        }
        scope.claim(&base)
    }

    /// Whether a schema position is an object.
    fn is_object(&mut self, member: &'a ReferenceOr<Schema>, at: &Pointer) -> bool {
        self.object_parts(member.into(), at, &mut Vec::new(), 0)
    }

    /// What a member of an `allOf` is.
    fn shape(&mut self, node: Node<'a>, at: &Pointer) -> Shape<'a> {
        let mut parts = Vec::new();
        if self.object_parts(node, at, &mut parts, 0) {
            return Shape::Object(parts);
        }
        let Some((schema, at)) = self.target(node, at) else {
            if let Node::Ref(reference) = node {
                // Reports the `$ref` that names no component.
                self.resolve_schema_ref(reference, at);
            }
            return Shape::Unresolved;
        };
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } => m,
            SchemaKind::Any(a) if a.properties.is_empty() && a.all_of.is_empty() => {
                match (a.one_of.is_empty(), a.any_of.is_empty()) {
                    (false, true) => &a.one_of,
                    (true, false) => &a.any_of,
                    _ => return Shape::Other,
                }
            }
            _ => return Shape::Other,
        };
        let all_objects = members.iter().enumerate().all(|(i, m)| {
            let mut parts = Vec::new();
            self.object_parts(m.into(), &at.push(i), &mut parts, 1)
        });
        match all_objects && !members.is_empty() {
            true => Shape::UnionOfObjects,
            false => Shape::Other,
        }
    }

    /// The schema at a position and its pointer: an inline one, or the component a `$ref`
    /// names (following `$ref`s between components). `None` when it names none (which the
    /// lowering of the position reports).
    pub(super) fn target(&mut self, node: Node<'a>, at: &Pointer) -> Option<(&'a Schema, Pointer)> {
        let mut reference = match node {
            Node::Inline(s) => return Some((s, at.clone())),
            Node::Ref(reference) => reference,
        };
        let schemas = &self.doc.components.as_ref()?.schemas;
        for _ in 0..MAX_DEPTH {
            let name = reference
                .strip_prefix("#/components/schemas/")?
                .replace("~1", "/")
                .replace("~0", "~");
            let id = self.components.iter().position(|c| *c == name)?;
            match schemas.get(&name)? {
                ReferenceOr::Item(s) => {
                    return Some((s, Pointer::from_escaped(&self.types[id].pointer)))
                }
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// Collects the object parts of a schema position into `out`, following `$ref`s and
    /// nested `allOf`s (up to a depth, against cycles), skipping `allOf` members that only
    /// annotate. A schema that only constrains (`required: [..]` and no type) is a part with
    /// no properties. False when the position is not an object.
    pub(super) fn object_parts(
        &mut self,
        node: Node<'a>,
        at: &Pointer,
        out: &mut Vec<(ObjectParts<'a>, Pointer)>,
        depth: usize,
    ) -> bool {
        let Some((schema, at)) = self.target(node, at) else {
            return false;
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
            SchemaKind::AllOf { all_of } => return self.member_parts(all_of, &at, out, depth),
            SchemaKind::Any(a)
                if a.typ.as_deref().is_none_or(|t| t == "object")
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.items.is_none()
                    && a.not.is_none()
                    && a.enumeration.is_empty()
                    && (!a.properties.is_empty()
                        || !a.required.is_empty()
                        || !a.all_of.is_empty()
                        || a.additional_properties.is_some()
                        || a.typ.is_some()) =>
            {
                if !a.all_of.is_empty() && !self.member_parts(&a.all_of, &at, out, depth) {
                    return false;
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

    /// [`Self::object_parts`] of each member of `allOf: all_of` at `at` that does not only
    /// annotate; false when one is not an object, or when none is left.
    fn member_parts(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        out: &mut Vec<(ObjectParts<'a>, Pointer)>,
        depth: usize,
    ) -> bool {
        let at = at.push("allOf");
        let shaped: Vec<_> = all_of
            .iter()
            .enumerate()
            .filter(|(_, m)| !annotates_only(m))
            .collect();
        !shaped.is_empty()
            && depth < MAX_DEPTH
            && shaped
                .into_iter()
                .all(|(i, m)| self.object_parts(m.into(), &at.push(i), out, depth + 1))
    }
}
