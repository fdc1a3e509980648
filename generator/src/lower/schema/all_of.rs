//! `allOf`: merged objects.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind};

use super::super::Lowerer;
use super::{Node, ObjectParts};
use crate::diag::Pointer;
use crate::ir::{Field, Struct, Type, TypeId, TypeKind};

impl<'a> Lowerer<'a> {
    pub(super) fn all_of(
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
}
