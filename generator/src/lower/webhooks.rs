//! Webhooks (OpenAPI 3.1 `webhooks`, which `normalize` moved to `x-webhooks`) ->
//! [`ir::Webhook`](crate::ir::Webhook)s and the tag that tells their payloads apart.
//!
//! | spec                                                  | IR                                  |
//! |-------------------------------------------------------|-------------------------------------|
//! | `webhooks: {daily.data.activity.*: {post: ..}}`       | `Webhook { name, variant: DailyDataActivity, .. }` |
//! | the JSON schema of the operation's request body       | `Webhook::payload`, typed like any body |
//! | a required string enum (or `const`) property that every payload has, whose values name one webhook each | `Api::webhook_tag`, `Webhook::tags` |
//!
//! The tag is worked out from the lowered types, not from names: Junction's payloads all
//! carry `event_type`, each with its own values (`daily.data.activity.created`,
//! `daily.data.activity.updated`), so the body alone says which webhook it is. GitHub's share
//! `action` values (`created` in dozens of payloads) and name the event in a header, so there
//! is no tag and the caller names the webhook.

use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use super::naming::{self, Scope};
use super::Lowerer;
use crate::diag::{Pointer, Sink};
use crate::ir::{Type, TypeDef, TypeKind, UntypedReason, Webhook};

/// Variant names the generated `Event` uses itself.
const RESERVED_VARIANTS: &[&str] = &["Unknown"];

/// A webhook as the spec gives it: its key, where it is, its path item when it reads as one.
pub(crate) struct RawWebhook {
    name: String,
    at: Pointer,
    item: Option<PathItem>,
}

/// Reads the webhooks of `doc` as path items; one that does not read is reported at its own
/// pointer (under `/webhooks`, where the spec has it).
pub(crate) fn read(doc: &OpenAPI, sink: &mut Sink) -> Vec<RawWebhook> {
    let root = Pointer::root().push("webhooks");
    let Some(hooks) = doc.extensions.get("x-webhooks") else {
        return Vec::new();
    };
    let Some(hooks) = hooks.as_object() else {
        sink.error(&root, "`webhooks` must be a mapping of names to path items");
        return Vec::new();
    };
    hooks
        .iter()
        // `x-webhooks` of a 3.0 document may carry extensions of its own
        // (`x-sdk-exclude: true`): an `x-` key whose value is no mapping is not a webhook.
        .filter(|(name, value)| !name.starts_with("x-") || value.is_object())
        .map(|(name, value)| {
            let at = root.push(name);
            let item = if value.get("$ref").is_some() {
                sink.error(&at, "a `$ref` to a path item is not supported");
                None
            } else {
                match serde_path_to_error::deserialize::<_, PathItem>(value) {
                    Ok(item) => Some(item),
                    Err(e) => {
                        let inner = Pointer::from_serde_path(e.path());
                        let here = Pointer::from_escaped(&format!("{}{}", at.as_str(), inner));
                        sink.error(&here, format!("not a valid path item: {}", e.inner()));
                        None
                    }
                }
            };
            RawWebhook {
                name: name.clone(),
                at,
                item,
            }
        })
        .collect()
}

impl<'a> Lowerer<'a> {
    /// Lowers every webhook that reads: its variant name, docs and payload type.
    pub(crate) fn lower_webhooks(&mut self, raw: &'a [RawWebhook]) -> Vec<Webhook> {
        let mut variants = Scope::with_reserved(RESERVED_VARIANTS);
        let mut out = Vec::new();
        for (index, hook) in raw.iter().enumerate() {
            let Some(item) = &hook.item else { continue };
            // The first operation with a body is what the server sends (`post` in practice).
            let found = item
                .iter()
                .find(|(_, op)| op.request_body.is_some())
                .or_else(|| item.iter().next());
            let words = hook.name.replace('*', " ").to_upper_camel_case();
            // A name with no ASCII letter or digit: `Webhook{n}`, n its position.
            let variant =
                naming::type_name(&words).unwrap_or_else(|| format!("Webhook{}", index + 1));
            let variant = variants.claim(&variant);
            let Some((method, op)) = found else {
                // No operation (a callback written where a webhook goes): the event is still
                // told apart by its name; its payload is any JSON.
                out.push(Webhook {
                    name: hook.name.clone(),
                    variant,
                    pointer: hook.at.to_string(),
                    doc: None,
                    deprecated: false,
                    payload: self.untyped(&hook.at, UntypedReason::NoSchema),
                    tags: Vec::new(),
                });
                continue;
            };
            let at = hook.at.push(method);
            let payload = match &op.request_body {
                Some(body) => self.payload(body, &at.push("requestBody"), &variant),
                None => self.untyped(&at.push("requestBody"), UntypedReason::NoSchema),
            };
            let doc = match (&op.summary, &op.description) {
                (Some(s), Some(d)) => Some(format!("{}\n\n{}", s.trim(), d.trim())),
                (Some(s), None) => Some(s.trim().to_owned()),
                (None, Some(d)) => Some(d.trim().to_owned()),
                (None, None) => None,
            };
            out.push(Webhook {
                name: hook.name.clone(),
                variant,
                pointer: hook.at.to_string(),
                doc,
                deprecated: op.deprecated || super::schema::fern_deprecated(&op.extensions),
                payload,
                tags: Vec::new(),
            });
        }
        out
    }

    /// The type of a webhook's JSON body; a body the client cannot read as JSON (another
    /// media type, no schema) stays a `serde_json::Value`, recorded as untyped, rather than
    /// failing the whole spec for one webhook.
    fn payload(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        variant: &str,
    ) -> Type {
        let Some(body) = self.resolve(body, "requestBodies", |c| &c.request_bodies, at) else {
            return Type::Json;
        };
        let json = body.content.iter().find(|(media, _)| super::is_json(media));
        match json {
            Some((
                media,
                openapiv3::MediaType {
                    schema: Some(s), ..
                },
            )) => self.value_type(
                s.into(),
                &at.push("content").push(media).push("schema"),
                &format!("{variant}Payload"),
            ),
            _ => self.untyped(&at.push("content"), UntypedReason::NoSchema),
        }
    }
}

/// Works out the tag property of the payloads and fills in each webhook's tag values: the
/// first property (in the first payload's order) that every JSON payload requires, non-null,
/// as a string enum, with no value shared by two webhooks. `None` when there is none. A
/// webhook whose body the client keeps untyped (not JSON, or no schema) has no say: it can
/// only be read by name.
pub(crate) fn infer_tag(types: &[TypeDef], hooks: &mut [Webhook]) -> Option<String> {
    let per_hook: Vec<Option<Candidates>> = hooks
        .iter()
        .map(|h| (h.payload != Type::Json).then(|| tag_candidates(types, &h.payload)))
        .collect();
    let typed: Vec<&Candidates> = per_hook.iter().flatten().collect();
    let tag = typed.first()?.iter().map(|(name, _)| name).find(|name| {
        let mut seen = std::collections::BTreeSet::new();
        typed.iter().all(|fields| {
            fields
                .iter()
                .find(|(n, _)| n == *name)
                .is_some_and(|(_, values)| values.iter().all(|v| seen.insert(v.as_str())))
        })
    })?;
    for (hook, fields) in hooks.iter_mut().zip(&per_hook) {
        if let Some((_, values)) = fields.iter().flatten().find(|(n, _)| n == tag) {
            hook.tags = values.clone();
        }
    }
    Some(tag.clone())
}

/// Properties that could be the tag, each with its values, in document order.
type Candidates = Vec<(String, Vec<String>)>;

/// The required, non-null string-enum properties of a payload, with their values.
fn tag_candidates(types: &[TypeDef], payload: &Type) -> Candidates {
    let Some(TypeKind::Struct(s)) = named(types, payload) else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter(|f| f.required && !f.nullable)
        .filter_map(|f| match named(types, &f.ty) {
            Some(TypeKind::Enum(e)) if !e.values.is_empty() => Some((
                f.wire.clone(),
                e.values.iter().map(|v| v.wire.clone()).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// The shape of a named type, through aliases (at most a few levels: the arena has no alias
/// cycles, but a bound keeps a bad one from hanging).
fn named<'t>(types: &'t [TypeDef], ty: &Type) -> Option<&'t TypeKind> {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            Type::Named(id) => match &types.get(id.0)?.kind {
                TypeKind::Alias(inner) => ty = inner,
                kind => return Some(kind),
            },
            _ => return None,
        }
    }
    None
}
