//! `oneOf` / `anyOf`: unions, tagged when a property tells the members apart (see
//! [`super::tagging`]), else untagged.

use openapiv3::{ReferenceOr, Schema, SchemaData};

use super::super::naming::{self, Scope};
use super::super::Lowerer;
use super::hint;
use crate::diag::Pointer;
use crate::ir::{Tagged, TaggedVariant, Type, TypeId, TypeKind, Variant};

impl<'a> Lowerer<'a> {
    /// The type of `{key}: members` (`oneOf` or `anyOf`).
    pub(super) fn union(
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
        if let Some(tagging) = self.tagging(members, data.discriminator.as_ref(), &at) {
            // `Unknown` keeps the objects with a tag no variant knows.
            let mut scope = Scope::with_reserved(&["Unknown"]);
            let mut variants = Vec::with_capacity(members.len());
            for (i, (member, (tags, holds_tag))) in members.iter().zip(tagging.members).enumerate()
            {
                // An inline member is named after its tag: `Shape` with `circle` is
                // `Shape::Circle(ShapeCircle)`.
                let tag_name = match member {
                    ReferenceOr::Item(_) => tags.first().and_then(|t| naming::type_name(t)),
                    ReferenceOr::Reference { .. } => None,
                };
                let type_hint = match &tag_name {
                    Some(tag) => hint(name_hint, tag),
                    None => hint(name_hint, &format!("Variant{}", i + 1)),
                };
                let ty = self.value_type(member.into(), &at.push(i), &type_hint);
                let name = scope.claim(&tag_name.unwrap_or_else(|| self.variant_name(&ty)));
                variants.push(TaggedVariant {
                    name,
                    tags,
                    ty,
                    holds_tag,
                });
            }
            let kind = TypeKind::Tagged(Tagged {
                tag: tagging.tag,
                variants,
            });
            return self.named(slot, name_hint, &at, data, kind);
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
}
