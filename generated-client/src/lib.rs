//! Typed async client for the Junction health-data API (formerly Vital).
//!
//! The code of this crate is generated from the API's OpenAPI spec (`specs/junction.yaml`,
//! Junction 0.4.483) and committed in `junction.rs`; only the runtime in `runtime/` is written
//! by hand. With the feature `regenerate`, the build generates it again, from that spec or from
//! the one `JUNCTION_SPEC` names.
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
//! let body = UserPatchBody::default()
//!     .fallback_time_zone("Europe/London")
//!     .client_user_id(Patch::Null);
//! let user_id = "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10".parse().unwrap();
//! client.user().patch(user_id, &body).await?;
//! # Ok(())
//! # }
//! ```

#[cfg(not(any(
    feature = "rustls",
    feature = "native-tls",
    feature = "rustls-no-provider"
)))]
compile_error!(
    "the Junction client needs a TLS backend for https: turn on one of its features `rustls` \
     (the default), `native-tls` or `rustls-no-provider`"
);

pub mod runtime;

pub use runtime::Patch;

#[cfg(not(feature = "regenerate"))]
include!("junction.rs");
#[cfg(feature = "regenerate")]
include!(concat!(env!("OUT_DIR"), "/junction.rs"));

/// The examples of the README and of the pages in `docs/`, compiled as doctests.
#[cfg(doctest)]
mod doctests {
    #[doc = include_str!("../../README.md")]
    struct Readme;
    #[doc = include_str!("../../docs/client.md")]
    struct Client;
    #[doc = include_str!("../../docs/webhooks.md")]
    struct Webhooks;
    #[doc = include_str!("../../docs/pagination.md")]
    struct Pagination;
    #[doc = include_str!("../../docs/full-api.md")]
    struct FullApi;
    #[doc = include_str!("../../docs/updating.md")]
    struct Updating;
    #[doc = include_str!("../../docs/overlays.md")]
    struct Overlays;
    #[doc = include_str!("../../docs/cli.md")]
    struct Cli;
    #[doc = include_str!("../../docs/retries-and-tracing.md")]
    struct RetriesAndTracing;
    #[cfg(feature = "testing")]
    #[doc = include_str!("../../docs/testing-your-code.md")]
    struct TestingYourCode;
}
