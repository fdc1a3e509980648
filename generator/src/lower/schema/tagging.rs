//! Which property tells the members of a union apart, and by which values.
//!
//! A `oneOf`/`anyOf` is tagged when every member is an object and each can be given the
//! values of one string property that select it, no value selecting two members:
//!
//! - with a `discriminator`: its `propertyName`; a member's values are the `mapping` keys that
//!   name it, else the constant the member pins the property to (a one-value `enum` or a
//!   `const`), else, for a `$ref`, the name of the component (the OpenAPI default);
//! - without one: the first property that every member requires and pins to one constant
//!   (FastAPI/Pydantic and schemars write unions so).
//!
//! Anything else stays an untagged union, told apart by shape.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind};

use super::super::Lowerer;
use super::{Node, ObjectParts};
use crate::diag::Pointer;

/// How a union's members are told apart.
pub(super) struct Tagging {
    /// The property, on the wire.
    pub(super) tag: String,
    /// Per member, in order: the values that select it, and whether the member requires the
    /// property (then its values carry the tag themselves).
    pub(super) members: Vec<(Vec<String>, bool)>,
}

/// The object parts of one member.
type Parts<'a> = Vec<(ObjectParts<'a>, Pointer)>;

impl<'a> Lowerer<'a> {
    /// The tagging of a union's `members` at `at`, when it has one.
    pub(super) fn tagging(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        at: &Pointer,
    ) -> Option<Tagging> {
        let mut parts: Vec<Parts<'a>> = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let mut member_parts = Vec::new();
            if !self.object_parts(member.into(), &at.push(i), &mut member_parts, 0) {
                return None;
            }
            parts.push(member_parts);
        }
        let tagging = match discriminator {
            Some(d) => self.by_discriminator(members, &parts, d)?,
            None => self.by_constant(&parts)?,
        };
        let mut seen = std::collections::BTreeSet::new();
        let distinct = tagging
            .members
            .iter()
            .all(|(tags, _)| !tags.is_empty() && tags.iter().all(|t| seen.insert(t.as_str())));
        distinct.then_some(tagging)
    }

    fn by_discriminator(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        parts: &[Parts<'a>],
        d: &Discriminator,
    ) -> Option<Tagging> {
        let tag = d.property_name.clone();
        let mut out = Vec::with_capacity(members.len());
        for (member, parts) in members.iter().zip(parts) {
            let reference = match member {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            };
            let component = reference.and_then(|r| r.strip_prefix("#/components/schemas/"));
            let mapped: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, target)| {
                    Some(target.as_str()) == reference || Some(target.as_str()) == component
                })
                .map(|(value, _)| value.clone())
                .collect();
            let tags = if !mapped.is_empty() {
                mapped
            } else {
                match self.pinned(parts, &tag) {
                    Some(values) => values,
                    None => vec![component?.replace("~1", "/").replace("~0", "~")],
                }
            };
            out.push((tags, requires(parts, &tag)));
        }
        Some(Tagging { tag, members: out })
    }

    fn by_constant(&mut self, parts: &[Parts<'a>]) -> Option<Tagging> {
        let candidates: Vec<&'a String> = parts
            .first()?
            .iter()
            .flat_map(|(p, _)| p.properties.keys())
            .collect();
        'candidate: for tag in candidates {
            let mut out = Vec::with_capacity(parts.len());
            for member in parts {
                match self.pinned(member, tag) {
                    Some(values) if values.len() == 1 && requires(member, tag) => {
                        out.push((values, true))
                    }
                    _ => continue 'candidate,
                }
            }
            return Some(Tagging {
                tag: tag.clone(),
                members: out,
            });
        }
        None
    }

    /// The string values a member's property `name` is limited to (a string `enum`, or a
    /// `const`), when it has such a property.
    fn pinned(&mut self, parts: &[(ObjectParts<'a>, Pointer)], name: &str) -> Option<Vec<String>> {
        let (property, at) = parts
            .iter()
            .rev()
            .find_map(|(p, at)| p.properties.get(name).map(|s| (s, at)))?;
        let (schema, _) = self.target(Node::from(property), at)?;
        let values: Vec<String> = match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(st)) => {
                st.enumeration.iter().flatten().cloned().collect()
            }
            SchemaKind::Any(a) => a
                .enumeration
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<_>>()?,
            _ => Vec::new(),
        };
        (!values.is_empty()).then_some(values)
    }
}

/// Whether a member's parts list `name` as required.
fn requires(parts: &[(ObjectParts<'_>, Pointer)], name: &str) -> bool {
    parts
        .iter()
        .any(|(p, _)| p.required.iter().any(|r| r == name))
        && parts.iter().any(|(p, _)| p.properties.contains_key(name))
}
