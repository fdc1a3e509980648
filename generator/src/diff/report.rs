//! The changelog's data: a [`Report`] of [`Change`]s, each about a [`Subject`], of a
//! [`ChangeKind`], breaking or not, located by a pointer into one [`Side`]; and the counts
//! and queries over it. Rendering is `render.rs`; the walk that finds changes, `compare.rs`.

use serde::{Serialize, Serializer};

use crate::diag::Pointer;

use super::overlays::OverlayDrift;
use super::render::{self, Format};
use super::rust::Bump;

/// The changelog between two specs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The old document.
    pub old: Version,
    /// The new document.
    pub new: Version,
    /// Every change, sorted by subject, then in walk order.
    pub changes: Vec<Change>,
    /// The overlays applied to both sides, and the actions that stopped matching (`None`
    /// when the diff was run without overlays).
    pub overlays: Option<OverlayDrift>,
}

/// Which document a report side is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The file (or URL) as the user named it.
    pub file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
}

/// One change between the two documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: an operation, a schema, a server or the security setup.
    pub subject: Subject,
    /// The kind of change.
    pub kind: ChangeKind,
    /// True when code written against the old client can fail against the new API: the wire
    /// breaks.
    pub breaking: bool,
    /// True when Rust code that compiled against the client of the old spec may not compile
    /// against the client of the new one (every wire break, and some changes of signature:
    /// `rust.rs`).
    pub breaks_rust: bool,
    /// Which document [`Change::pointer`] points into.
    #[serde(rename = "in")]
    pub side: Side,
    /// Where: an RFC 6901 pointer into that (normalized) document.
    #[serde(serialize_with = "pointer_text")]
    pub pointer: Pointer,
    /// What changed, as one line for people.
    pub message: String,
}

/// What a change is about. The order of the variants is the order of the report's sections.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Subject {
    /// A server (an `Environment` of the client).
    Server {
        /// Its `x-fern-server-name`, else its URL.
        name: String,
    },
    /// A security scheme or the top-level security requirements.
    Security {
        /// The scheme's name, or `security` for the requirement list.
        name: String,
    },
    /// A cargo feature of the generated crate: a top-level group of the client, or
    /// `webhooks`.
    Feature {
        /// The feature's name (the group's).
        name: String,
    },
    /// An operation.
    Operation {
        /// The path template.
        path: String,
        /// The method, upper case.
        method: String,
    },
    /// A webhook: a request the server sends to the client.
    Webhook {
        /// Its key in `webhooks`.
        name: String,
    },
    /// A schema under `components/schemas`.
    Schema {
        /// Its name.
        name: String,
    },
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Server { name } => write!(f, "server `{name}`"),
            Subject::Security { name } if name == "security" => f.write_str("security"),
            Subject::Security { name } => write!(f, "security scheme `{name}`"),
            Subject::Feature { name } => write!(f, "feature `{name}`"),
            Subject::Operation { path, method } => write!(f, "`{method} {path}`"),
            Subject::Webhook { name } => write!(f, "webhook `{name}`"),
            Subject::Schema { name } => write!(f, "`{name}`"),
        }
    }
}

/// The document a pointer points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The old document (for what was removed).
    Old,
    /// The new document.
    New,
}

/// The kinds of change, as they appear in the JSON report (`snake_case`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A server appeared.
    ServerAdded,
    /// A server is gone.
    ServerRemoved,
    /// A server's URL or description changed.
    ServerChanged,
    /// A security scheme appeared.
    SecuritySchemeAdded,
    /// A security scheme is gone.
    SecuritySchemeRemoved,
    /// A security scheme's type, location or name changed.
    SecuritySchemeChanged,
    /// The security requirements (top-level or of an operation) changed.
    SecurityRequirementsChanged,
    /// A top-level group (or the webhooks) appeared: a new cargo feature.
    FeatureAdded,
    /// A top-level group (or the webhooks) is gone, and its cargo feature with it.
    FeatureRemoved,
    /// An operation appeared.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// The `operationId`, tags or Fern SDK names of an operation changed.
    OperationRenamed,
    /// A parameter appeared.
    ParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// A parameter became required.
    ParameterMadeRequired,
    /// A parameter became optional.
    ParameterMadeOptional,
    /// A request body appeared.
    RequestBodyAdded,
    /// The request body is gone.
    RequestBodyRemoved,
    /// The request body became required.
    RequestBodyMadeRequired,
    /// The request body became optional.
    RequestBodyMadeOptional,
    /// A response status appeared.
    ResponseAdded,
    /// A response status is gone.
    ResponseRemoved,
    /// A media type of a request or response appeared.
    MediaTypeAdded,
    /// A media type of a request or response is gone.
    MediaTypeRemoved,
    /// A webhook appeared.
    WebhookAdded,
    /// A webhook is gone.
    WebhookRemoved,
    /// A schema appeared under `components/schemas`.
    SchemaAdded,
    /// A schema is gone from `components/schemas`.
    SchemaRemoved,
    /// A schema, property, parameter or body changed type.
    TypeChanged,
    /// A property appeared.
    PropertyAdded,
    /// A property is gone.
    PropertyRemoved,
    /// A property became required.
    PropertyMadeRequired,
    /// A property became optional.
    PropertyMadeOptional,
    /// A schema became nullable.
    NullableAdded,
    /// A schema is no longer nullable.
    NullableRemoved,
    /// An enum value appeared.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// Deprecated, or no longer.
    DeprecationChanged,
    /// Bounds, lengths, patterns, `readOnly` and similar changed.
    ConstraintsChanged,
    /// Descriptions, summaries, titles, examples or defaults changed.
    DocsChanged,
    /// Anything else (such as a vendor extension).
    OtherChanged,
}

/// Which compatibility a change can break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compatibility {
    /// An old client against the new API.
    Wire,
    /// Rust code that compiled against the old client, against the new one.
    Rust,
    /// Either.
    Any,
}

impl std::str::FromStr for Compatibility {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "wire" => Ok(Compatibility::Wire),
            "rust" => Ok(Compatibility::Rust),
            "any" => Ok(Compatibility::Any),
            other => Err(format!(
                "unknown compatibility `{other}`: expected `wire`, `rust` or `any`"
            )),
        }
    }
}

/// Counts for the top of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Breaking changes (on the wire).
    pub breaking: usize,
    /// Other changes.
    pub non_breaking: usize,
    /// Changes that break Rust code written against the old client, wire breaks included.
    pub breaks_rust: usize,
    /// The version bump the client crate needs.
    pub bump: Bump,
    /// Operations added.
    pub operations_added: usize,
    /// Operations removed.
    pub operations_removed: usize,
    /// Operations present in both with at least one change.
    pub operations_changed: usize,
    /// Schemas added.
    pub schemas_added: usize,
    /// Schemas removed.
    pub schemas_removed: usize,
    /// Schemas present in both with at least one change.
    pub schemas_changed: usize,
}

impl Report {
    /// True when at least one change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// True when at least one change breaks the kind of compatibility `kind` names.
    pub fn breaks(&self, kind: Compatibility) -> bool {
        self.changes.iter().any(|c| match kind {
            Compatibility::Wire => c.breaking,
            Compatibility::Rust => c.breaks_rust,
            Compatibility::Any => c.breaking || c.breaks_rust,
        })
    }

    /// The version bump the client crate needs for these changes.
    pub fn bump(&self) -> Bump {
        super::rust::bump(&self.changes)
    }

    /// The changes that break Rust code but not the wire, in report order.
    pub fn breaking_rust_only(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaks_rust && !c.breaking)
    }

    /// The changes that are breaking, in report order.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// Operations (`METHOD /path`) with a change of `kind`.
    pub fn operations_with(&self, kind: ChangeKind) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| match &c.subject {
                Subject::Operation { path, method } => Some(format!("{method} {path}")),
                _ => None,
            })
            .collect()
    }

    /// Operations present in both documents with at least one change, as `METHOD /path`.
    pub fn operations_changed(&self) -> Vec<String> {
        self.changed(|s| match s {
            Subject::Operation { path, method } => Some(format!("{method} {path}")),
            _ => None,
        })
    }

    /// Schemas with a change of `kind`.
    pub fn schemas_with(&self, kind: ChangeKind) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| match &c.subject {
                Subject::Schema { name } => Some(name.clone()),
                _ => None,
            })
            .collect()
    }

    /// Schemas present in both documents with at least one change.
    pub fn schemas_changed(&self) -> Vec<String> {
        self.changed(|s| match s {
            Subject::Schema { name } => Some(name.clone()),
            _ => None,
        })
    }

    fn changed(&self, key: impl Fn(&Subject) -> Option<String>) -> Vec<String> {
        let whole = [
            ChangeKind::OperationAdded,
            ChangeKind::OperationRemoved,
            ChangeKind::SchemaAdded,
            ChangeKind::SchemaRemoved,
        ];
        // The changes are sorted by subject, so the changes of one subject are adjacent.
        let mut out: Vec<String> = self
            .changes
            .iter()
            .filter(|c| !whole.contains(&c.kind))
            .filter_map(|c| key(&c.subject))
            .collect();
        out.dedup();
        out
    }

    /// The counts at the top of the report.
    pub fn summary(&self) -> Summary {
        let breaking = self.breaking().count();
        Summary {
            breaking,
            non_breaking: self.changes.len() - breaking,
            breaks_rust: self.changes.iter().filter(|c| c.breaks_rust).count(),
            bump: self.bump(),
            operations_added: self.operations_with(ChangeKind::OperationAdded).len(),
            operations_removed: self.operations_with(ChangeKind::OperationRemoved).len(),
            operations_changed: self.operations_changed().len(),
            schemas_added: self.schemas_with(ChangeKind::SchemaAdded).len(),
            schemas_removed: self.schemas_with(ChangeKind::SchemaRemoved).len(),
            schemas_changed: self.schemas_changed().len(),
        }
    }

    /// The report as Markdown, for people.
    pub fn to_markdown(&self) -> String {
        let mut out = render::markdown(self);
        if let Some(overlays) = &self.overlays {
            overlays.markdown(&mut out);
        }
        out
    }

    /// The report as pretty-printed JSON, for tools: `old`, `new`, `summary`, `changes`, and
    /// `overlays` (`files`, `stale`) when overlays were applied.
    pub fn to_json(&self) -> String {
        render::json(self)
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => self.to_markdown(),
            Format::Json => self.to_json(),
        }
    }
}

fn pointer_text<S: Serializer>(pointer: &Pointer, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(pointer.as_str())
}
