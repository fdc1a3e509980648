//! The second kind of compatibility: whether Rust code that compiled against the client of the
//! old spec still compiles against the client of the new one, and the version bump the client
//! crate needs ([`Bump`]).
//!
//! Every change that breaks the wire breaks Rust code too (the item it names is gone or has
//! another type). On top of those, some changes the wire does not mind change a signature:
//!
//! | change | why it breaks Rust code |
//! |---|---|
//! | a required property added, even to a response | `Type::new` takes one more argument (and a struct without required fields loses `Default`) |
//! | a property made required or optional | its field changes between `T` and `Option<T>`, and `new` with it |
//! | nullable added or removed | the field can change between `T`, `Option<T>` and `Patch<T>` |
//! | a required property deprecated, or no longer | a deprecated required field is read as optional (`Option<T>`) |
//! | a parameter made required or optional | it moves between the method's arguments and its params struct |
//! | the first optional parameter of an operation | the method takes a params struct it did not take |
//! | a request body added, removed, made required or optional | the method's arguments change |
//! | a client method renamed | its callers name the old one |
//!
//! Not breaking, since the generated types are `#[non_exhaustive]`: an optional property (a
//! field and its setter), an optional parameter of an operation that had some, a value of an
//! open enum, a webhook, an operation, a schema, a server, a security scheme.

use serde::Serialize;
use serde_json::Value;

use super::{Change, ChangeKind, Side, Subject};

/// The version bump a client crate needs for a set of changes, in semver's terms.
///
/// For a crate before 1.0, cargo reads the leftmost non-zero number as the major one:
/// `0.4.2 -> 0.5.0` is a major bump (`cargo update` does not take it), `0.4.2 -> 0.4.3` a
/// minor or patch one. [`Bump::next`] applies that rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing a program can see changed in the API (docs, examples, constraints).
    #[default]
    Patch,
    /// Something was added; code written against the old client compiles and works.
    Minor,
    /// Code written against the old client may not compile, or may fail against the API.
    Major,
}

impl Bump {
    /// The bump in words.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after `version` (`major.minor.patch`), as cargo's rules read it: before
    /// 1.0 a major bump raises the minor number and a minor bump the patch number. `None`
    /// when `version` is not three numbers.
    pub fn next(self, version: &str) -> Option<String> {
        let parts: Vec<u64> = version
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let [major, minor, patch] = parts[..] else {
            return None;
        };
        Some(match (self, major) {
            (Bump::Major, 0) | (Bump::Minor, 1..) => format!("{major}.{}.0", minor + 1),
            (Bump::Major, _) => format!("{}.0.0", major + 1),
            (Bump::Minor, 0) | (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        })
    }
}

/// The bump `changes` need.
pub fn bump(changes: &[Change]) -> Bump {
    if changes.iter().any(|c| c.breaking || c.breaks_rust) {
        Bump::Major
    } else if changes.iter().any(|c| adds(c.kind)) {
        Bump::Minor
    } else {
        Bump::Patch
    }
}

/// Whether a change of `kind` that breaks nothing adds to the client (a minor release).
fn adds(kind: ChangeKind) -> bool {
    use ChangeKind::*;
    !matches!(
        kind,
        DeprecationChanged | ConstraintsChanged | DocsChanged | OtherChanged
    )
}

/// Sets [`Change::breaks_rust`] on each change, from its kind and the two documents.
pub(super) fn classify(changes: &mut [Change], old: &Value, new: &Value) {
    for c in changes.iter_mut() {
        c.breaks_rust = c.breaking || signature_changes(c, old, new);
    }
}

fn signature_changes(c: &Change, old: &Value, new: &Value) -> bool {
    use ChangeKind::*;
    let doc = match c.side {
        Side::Old => old,
        Side::New => new,
    };
    let pointer = c.pointer.as_str();
    match c.kind {
        // A property deprecated on both sides was read as optional on both.
        PropertyMadeRequired | PropertyMadeOptional => {
            !(deprecated(old, pointer) && deprecated(new, pointer))
        }
        NullableAdded
        | NullableRemoved
        | ParameterMadeRequired
        | ParameterMadeOptional
        | RequestBodyAdded
        | RequestBodyRemoved
        | RequestBodyMadeRequired
        | RequestBodyMadeOptional
        | OperationRenamed
        | FeatureRemoved => true,
        PropertyAdded | DeprecationChanged => required_property(doc, pointer),
        ParameterAdded => match &c.subject {
            Subject::Operation { path, method } => !has_optional_parameter(old, path, method),
            _ => false,
        },
        _ => false,
    }
}

fn deprecated(doc: &Value, pointer: &str) -> bool {
    doc.pointer(pointer)
        .and_then(|p| p.get("deprecated"))
        .and_then(Value::as_bool)
        == Some(true)
}

/// Whether the pointer names a property (`…/properties/NAME`) its object requires.
fn required_property(doc: &Value, pointer: &str) -> bool {
    let Some((object, name)) = pointer.rsplit_once("/properties/") else {
        return false;
    };
    let name = name.replace("~1", "/").replace("~0", "~");
    doc.pointer(&format!("{object}/required"))
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|n| n.as_str() == Some(name.as_str())))
}

/// Whether operation `method path` of `doc` has an optional parameter (its own or its path
/// item's): then its params struct exists, and one more field is not a break.
fn has_optional_parameter(doc: &Value, path: &str, method: &str) -> bool {
    let item = doc.get("paths").and_then(|p| p.get(path));
    let op = item.and_then(|i| i.get(method.to_ascii_lowercase()));
    [op, item]
        .into_iter()
        .flatten()
        .filter_map(|v| v.get("parameters")?.as_array())
        .flatten()
        .map(|p| resolve(doc, p))
        .any(|p| p.get("required").and_then(Value::as_bool) != Some(true))
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p))
            .unwrap_or(value),
        None => value,
    }
}
