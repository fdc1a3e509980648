//! Webhooks side by side: each is the server calling the client, so its payload is
//! something the client reads.
//!
//! | change                                   | breaking | why                                  |
//! |------------------------------------------|----------|--------------------------------------|
//! | a webhook added                          | no       | the client reads it as `Event::Unknown` until it is regenerated |
//! | a webhook removed                        | yes      | its `Event` variant goes              |
//! | its payload's type changed (another `$ref`, another shape) | yes | the variant's type changes |
//! | inside an inline payload                 | as for any schema the client reads   |
//!
//! A change inside a component the payload names is reported once, under that schema.

use serde_json::Value;

use crate::diag::Pointer;

use super::compare::Differ;
use super::schema::{Base, Place};
use super::usage::{entries, Usage};
use super::{ChangeKind, Side, Subject, METHODS};

/// The operation the server sends for a webhook, with its pointer: the first with a body, as
/// the generator reads it.
fn operation<'a>(item: &'a Value, at: &Pointer) -> Option<(&'a Value, Pointer)> {
    let ops = || {
        METHODS
            .iter()
            .filter_map(|m| item.get(*m).map(|op| (op, at.push(m))))
    };
    ops()
        .find(|(op, _)| op.get("requestBody").is_some())
        .or_else(|| ops().next())
}

/// The JSON schema of a webhook's body and its pointer.
fn payload(item: &Value, at: &Pointer) -> Option<(Value, Pointer)> {
    let (op, at) = operation(item, at)?;
    let content = op.get("requestBody")?.get("content")?;
    let (media, m) = entries(Some(content)).find(|(media, _)| crate::lower::is_json(media))?;
    let schema = m.get("schema")?;
    let at = at
        .push("requestBody")
        .push("content")
        .push(media)
        .push("schema");
    Some((schema.clone(), at))
}

impl Differ<'_> {
    /// Webhooks added, removed, and whose payload changed.
    pub(super) fn webhooks(&mut self) {
        // `normalize` moved them to `x-webhooks`; pointers name `webhooks`, as the spec does.
        let (old, new) = (self.old.get("x-webhooks"), self.new.get("x-webhooks"));
        let root = Pointer::root().push("webhooks");
        for (name, a) in entries(old) {
            let subject = Subject::Webhook { name: name.clone() };
            let at = root.push(name);
            let Some(b) = new.and_then(|n| n.get(name)) else {
                self.push(
                    &subject,
                    ChangeKind::WebhookRemoved,
                    true,
                    (Side::Old, &at),
                    "webhook removed (and its `Event` variant)".to_owned(),
                );
                continue;
            };
            match (payload(a, &at), payload(b, &at)) {
                (Some((x, x_at)), Some((y, y_at))) => {
                    let place = Place {
                        subject: subject.clone(),
                        base: Base::Text("payload".to_owned()),
                        field: String::new(),
                        old: x_at,
                        new: y_at,
                        usage: Usage::READ,
                    };
                    self.schema(&x, &y, &place);
                }
                (None, None) => {}
                (x, y) => {
                    let has = |p: &Option<(Value, Pointer)>| match p {
                        Some(_) => "a JSON body",
                        None => "no JSON body",
                    };
                    self.push(
                        &subject,
                        ChangeKind::TypeChanged,
                        true,
                        (Side::New, &at),
                        format!("payload changed from {} to {}", has(&x), has(&y)),
                    );
                }
            }
        }
        for (name, b) in entries(new) {
            if old.and_then(|o| o.get(name)).is_some() {
                continue;
            }
            let summary = operation(b, &root)
                .and_then(|(op, _)| op.get("summary"))
                .and_then(Value::as_str)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            self.push(
                &Subject::Webhook { name: name.clone() },
                ChangeKind::WebhookAdded,
                false,
                (Side::New, &root.push(name)),
                format!("webhook added{summary}"),
            );
        }
    }
}
