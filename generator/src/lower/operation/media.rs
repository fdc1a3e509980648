//! Request bodies and responses: which of the media types an entry offers is used, and how.
//!
//! JSON wins wherever it is offered: `application/json`, any `+json` type
//! (`merge-patch+json`, `json-patch+json`, `problem+json`, the pattern `application/*+json`),
//! and the wildcards `*/*` and `application/*` when their schema is not a binary string. The
//! others are used when JSON is not offered, and never make an operation fail:
//!
//! - a body: `multipart/form-data` (an object schema), then
//!   `application/x-www-form-urlencoded`, then any other media type (`application/octet-stream`,
//!   `image/*`, `text/plain`, XML, ...) as bytes the caller gives, sent with that media type as
//!   `Content-Type`;
//! - a success: `text/plain` is a `String`, any other media type a download; beside JSON, only
//!   a binary media type (its schema absent, `{}` or a binary string) gives a second method
//!   that downloads it; structured ones (XML, YAML, protobuf) are left aside;
//! - an error: one with a JSON body is typed; the others keep their text.
//!
//! A request body whose `content` is empty describes nothing to send: the operation takes
//! none.

use openapiv3::{
    MediaType, ReferenceOr, RequestBody, Response, Schema, SchemaKind, StatusCode, StringFormat,
    VariantOrUnknownOrEmpty,
};

use super::super::Lowerer;
use crate::diag::Pointer;
use crate::ir::{
    Body, BodyEncoding, ErrorResponse, Success, Type, TypeDef, TypeId, TypeKind, UntypedReason,
};

/// Whether a media type is JSON: `application/json` or any `+json` type, parameters aside.
pub(crate) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// A media type without its parameters, in lower case (`Application/JSON; charset=utf-8` ->
/// `application/json`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// What one entry of a `content` map is, for choosing among several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// JSON, under any of its names.
    Json,
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// `text/plain` with a string (or no) schema.
    Text,
    /// Bytes: the schema is absent, `{}` or a binary string.
    Binary,
    /// Any other media type with a schema (XML, YAML, protobuf, CSV, ...).
    Other,
}

impl<'a> Lowerer<'a> {
    /// What an entry of a `content` map is.
    fn kind(&self, media: &str, schema: Option<&'a ReferenceOr<Schema>>) -> Kind {
        let essence = essence(media);
        let binary = || self.is_binary(schema);
        match essence.as_str() {
            _ if is_json(&essence) || essence == "text/json" => Kind::Json,
            "*/*" | "application/*" if binary() => Kind::Binary,
            "*/*" | "application/*" => Kind::Json,
            "multipart/form-data" => Kind::Multipart,
            "application/x-www-form-urlencoded" => Kind::UrlEncoded,
            "text/plain" if schema.is_none() || self.is_string(schema) => Kind::Text,
            _ if binary() => Kind::Binary,
            _ => Kind::Other,
        }
    }

    /// The schema a `$ref` chain ends at (at most a few steps, inside the document).
    fn media_target(&self, schema: Option<&'a ReferenceOr<Schema>>) -> Option<&'a Schema> {
        let mut schema = schema?;
        for _ in 0..8 {
            match schema {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    let name = name.replace("~1", "/").replace("~0", "~");
                    schema = self.doc.components.as_ref()?.schemas.get(&name)?;
                }
            }
        }
        None
    }

    /// Whether a schema stands for bytes: absent, `{}`, or a string of format `binary` or
    /// `byte`.
    fn is_binary(&self, schema: Option<&'a ReferenceOr<Schema>>) -> bool {
        let Some(reference) = schema else {
            return true;
        };
        if is_empty_schema(reference) {
            return true;
        }
        match self.media_target(Some(reference)).map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(openapiv3::Type::String(s))) => matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary | StringFormat::Byte)
            ),
            _ => false,
        }
    }

    /// Whether a schema is a string that is not binary.
    fn is_string(&self, schema: Option<&'a ReferenceOr<Schema>>) -> bool {
        matches!(
            self.media_target(schema).map(|s| &s.schema_kind),
            Some(SchemaKind::Type(openapiv3::Type::String(_)))
        ) && !self.is_binary(schema)
    }

    /// Whether a schema is an object with properties (or built of objects): what a multipart
    /// body must be to name its parts. (Swagger 2's `type: object, format: file`, with no
    /// properties, is a file: raw bytes.)
    fn media_is_object(&self, schema: Option<&'a ReferenceOr<Schema>>) -> bool {
        match self.media_target(schema).map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(openapiv3::Type::Object(o))) => !o.properties.is_empty(),
            Some(
                SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. },
            ) => true,
            Some(SchemaKind::Any(any)) => !any.properties.is_empty(),
            _ => false,
        }
    }

    /// The request body: the media type used, its encoding and type.
    pub(super) fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        at: &Pointer,
        type_hint: &str,
    ) -> Option<Body> {
        let body = self.resolve(body, "requestBodies", |c| &c.request_bodies, at)?;
        let RequestBody {
            description: _,
            content,
            required,
            extensions: _,
        } = body;
        // JSON, then a multipart object, then a URL-encoded form, then raw bytes.
        let rank = |kind: Kind, object: bool| match kind {
            Kind::Json => 0,
            Kind::Multipart if object => 1,
            Kind::UrlEncoded => 2,
            Kind::Text | Kind::Binary | Kind::Other => 3,
            Kind::Multipart => 4,
        };
        let found = content
            .iter()
            .map(|(media, m)| {
                let schema = m.schema.as_ref();
                let kind = self.kind(media, schema);
                (rank(kind, self.media_is_object(schema)), kind, media, m)
            })
            .min_by_key(|(rank, ..)| *rank);
        // An empty `content` describes nothing to send: the operation takes no body.
        let (_, kind, media, MediaType { schema, .. }) = found?;
        let here = at.push("content").push(media).push("schema");
        let encoding = match kind {
            Kind::Json => BodyEncoding::Json,
            Kind::UrlEncoded => BodyEncoding::UrlEncoded,
            Kind::Text | Kind::Binary | Kind::Other => BodyEncoding::Raw,
            Kind::Multipart => BodyEncoding::Multipart,
        };
        let media_type = match (encoding, essence(media).as_str()) {
            (BodyEncoding::Json, e) if e.contains('*') => "application/json".to_owned(),
            (BodyEncoding::Raw, e) if e.contains('*') => e.to_owned(),
            _ => media.clone(),
        };
        let ty = match (encoding, schema) {
            // The caller gives the bytes; the schema only documents them.
            (BodyEncoding::Raw, _) => Type::Bytes,
            (_, Some(s)) => self.value_type(s.into(), &here, &format!("{type_hint}Body")),
            (_, None) => self.untyped(&here, UntypedReason::NoSchema),
        };
        if encoding == BodyEncoding::Multipart && !matches!(ty, Type::Named(_)) {
            self.sink.error(
                &here,
                "a multipart body must be an object schema (one part per property)",
            );
            return None;
        }
        Some(Body {
            ty,
            required: *required,
            encoding,
            media_type,
        })
    }

    /// What a success returns, and the declared errors with a JSON body.
    pub(super) fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
        at: &Pointer,
        type_hint: &str,
    ) -> (Success, Vec<ErrorResponse>) {
        let streaming = extensions.get("x-fern-streaming") == Some(&serde_json::Value::Bool(true));
        let mut success = None;
        let mut errors = Vec::new();
        for (code, response) in &responses.responses {
            let here = at.push(code);
            let status = match code {
                StatusCode::Code(n) => *n,
                StatusCode::Range(n) => *n * 100,
            };
            let Some(response) = self.resolve(response, "responses", |c| &c.responses, &here)
            else {
                continue;
            };
            let Response { content, .. } = response;
            if (200..300).contains(&status) {
                if success.is_none() {
                    success = Some(self.success(content, streaming, &here, type_hint));
                }
            } else if status >= 400 {
                let Some((media, m)) = content
                    .iter()
                    .find(|(m, t)| self.kind(m, t.schema.as_ref()) == Kind::Json)
                else {
                    continue;
                };
                let Some(schema) = &m.schema else { continue };
                let schema_at = here.push("content").push(media).push("schema");
                let ty = self.value_type(
                    schema.into(),
                    &schema_at,
                    &format!("{type_hint}Error{status}"),
                );
                let id = match ty {
                    Type::Named(id) => id,
                    other => {
                        self.error_alias(other, &schema_at, &format!("{type_hint}Error{status}"))
                    }
                };
                errors.push(ErrorResponse { status, ty: id });
            }
        }
        (success.unwrap_or(Success::Empty), errors)
    }

    /// What a 2xx response gives: nothing, a JSON type, a string, a download, or both a JSON
    /// type and a download chosen by the `Accept` header. A JSON media type with an empty
    /// schema beside a binary one (Junction's PDF endpoints) does not count as JSON.
    fn success(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        streaming: bool,
        at: &Pointer,
        type_hint: &str,
    ) -> Success {
        let kinds: Vec<(&'a String, &'a MediaType, Kind)> = content
            .iter()
            .map(|(media, m)| (media, m, self.kind(media, m.schema.as_ref())))
            .collect();
        let binary = kinds
            .iter()
            .find(|(.., k)| *k == Kind::Binary)
            .map(|(media, ..)| (*media).clone());
        let json = kinds.iter().find(|(_, m, k)| {
            *k == Kind::Json && !(binary.is_some() && m.schema.as_ref().is_none_or(is_empty_schema))
        });
        match (json, binary) {
            _ if content.is_empty() => Success::Empty,
            (Some(_), Some(media_type)) if streaming => Success::Download { media_type },
            (Some((media, m, _)), download) => {
                let ty = match &m.schema {
                    Some(s) => self.value_type(
                        s.into(),
                        &at.push("content").push(media).push("schema"),
                        &format!("{type_hint}Response"),
                    ),
                    None => self.untyped(&at.push("content").push(media), UntypedReason::NoSchema),
                };
                match download {
                    Some(media_type) => Success::JsonOrDownload {
                        ty,
                        media_type,
                        download_method: String::new(),
                    },
                    None => Success::Json(ty),
                }
            }
            (None, _) if kinds.iter().any(|(.., k)| *k == Kind::Text) => Success::Text,
            (None, Some(media_type)) => Success::Download { media_type },
            (None, None) => match kinds.iter().find(|(.., k)| *k != Kind::Json) {
                Some((media, ..)) => Success::Download {
                    media_type: (*media).clone(),
                },
                None => Success::Empty,
            },
        }
    }

    /// A named alias for an error body that is not a named type already.
    fn error_alias(&mut self, ty: Type, at: &Pointer, name_hint: &str) -> TypeId {
        let name = self.type_names.claim(name_hint);
        self.types.push(TypeDef {
            name,
            pointer: at.to_string(),
            doc: None,
            deprecated: false,
            in_request: false,
            form: false,
            kind: TypeKind::Alias(ty),
        });
        TypeId(self.types.len() - 1)
    }
}

/// `{}`: a schema that allows anything.
fn is_empty_schema(s: &ReferenceOr<Schema>) -> bool {
    matches!(s, ReferenceOr::Item(schema) if *schema == Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    })
}
