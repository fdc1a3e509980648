//! The hand-written runtime that the generated code calls.
//!
//! Nothing here depends on the spec: transport with retries and tracing, configuration and
//! per-request options, errors, the [`Patch`] field state, [`Timestamp`], files for multipart
//! bodies, raw bodies ([`RawBody`]), query styles and cookies, the raw-response [`Mode`],
//! reading paged operations as streams ([`Pages`], [`Items`]) and webhook verification
//! ([`Webhook`]); behind the feature `testing`, the shared part of the test kit. The
//! generator copies these files verbatim into every crate it writes.

mod auth;
mod body;
mod core;
mod error;
mod form;
mod mode;
#[doc(hidden)]
pub mod object;
mod paging;
mod patch;
mod query;
mod response;
pub mod retry;
mod send;
#[doc(hidden)]
pub mod string_enum;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "testing")]
mod testing_pages;
#[cfg(feature = "testing")]
mod testing_webhook;
mod timestamp;
pub mod webhook;
mod webhook_event;

pub use self::auth::{AuthSchemes, KeyLocation, Scheme, Secret, Security};
pub use self::body::RawBody;
pub use self::core::{
    Config, Core, RequestBuilder, RequestOptions, DEFAULT_MAX_RETRIES, DEFAULT_READ_TIMEOUT,
    DEFAULT_RETRY_DELAY, DEFAULT_TIMEOUT,
};
pub use self::error::{ApiError, Error, TransportError};
pub use self::form::{File, Files, Form};
pub use self::mode::{Mode, Parsed, Raw, WithResponse};
pub use self::paging::{
    Advance, Cursor, Items, PageInfo, Pages, PagingError, PagingProblem, Position,
};
pub use self::patch::Patch;
pub use self::query::JsonText;
pub use self::response::{Download, Response};
pub use self::retry::{Attempts, Stop};
#[cfg(feature = "testing")]
pub use self::testing_webhook::SignedWebhook;
pub use self::timestamp::{ParseTimestampError, Timestamp};
pub use self::webhook::{Webhook, WebhookError};
