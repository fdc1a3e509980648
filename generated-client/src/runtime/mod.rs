//! The hand-written runtime that the generated code calls.
//!
//! Nothing here depends on the spec: transport, configuration, errors and the [`Patch`] field
//! state. The generator copies these files verbatim into every crate it writes.

mod core;
mod error;
mod form;
mod patch;
mod timestamp;

pub use self::core::{path_param, Config, Core, Download, RequestBuilder, Response, Secret};
pub use self::error::{ApiError, Error};
pub use self::form::{File, Files, Form};
pub use self::patch::Patch;
pub use self::timestamp::{ParseTimestampError, Timestamp};
