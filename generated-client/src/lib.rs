//! Typed async client for the Junction health-data API (formerly Vital).
//!
//! The code of this crate is generated from the API's OpenAPI spec at build time (see the
//! repository's README); only the runtime in `runtime/` is written by hand.
//!
//! ```no_run
//! use junction::{Environment, Junction, Patch};
//! use junction::types::UserPatchBody;
//!
//! # async fn run() -> junction::Result<()> {
//! let client = Junction::builder()
//!     .api_key("YOUR_API_KEY")
//!     .environment(Environment::Sandbox)
//!     .build()?;
//! let body = UserPatchBody {
//!     fallback_time_zone: Patch::Value("Europe/London".to_owned()),
//!     client_user_id: Patch::Null,
//!     ..Default::default()
//! };
//! let user_id = "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10".parse().unwrap();
//! client.user().patch(user_id, &body).await?;
//! # Ok(())
//! # }
//! ```

pub mod runtime;

pub use runtime::Patch;

include!(concat!(env!("OUT_DIR"), "/junction.rs"));

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// The examples of docs/retries-and-tracing.md, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/retries-and-tracing.md")]
struct RetriesDoctests;
