//! `oneOf` / `anyOf`: untagged unions.

use openapiv3::{ReferenceOr, Schema, SchemaData};

use super::super::naming::{self, Scope};
use super::super::Lowerer;
use super::hint;
use crate::diag::Pointer;
use crate::ir::{Type, TypeId, TypeKind, Variant};

impl<'a> Lowerer<'a> {
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
