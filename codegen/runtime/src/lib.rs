//! The runtime of generated OpenAPI clients: HTTP execution, credentials, request bodies (JSON,
//! forms, multipart, bytes, streams), streamed downloads, retries, rate-limit parsing, the error
//! type, pagination and open enums.
//!
//! A generated crate depends on this crate and re-exports the items its users need. Nothing here
//! knows about any particular API: what the runtime needs of a spec (its default server, the user
//! agent, the rate-limit header names) arrives as an [`support::ApiInfo`] from the generated code.
//!
//! The items under [`support`] are what generated code calls. They are a versioned API like the rest:
//! a generated crate requires this crate by a caret range (`0.2` means `>=0.2.0, <0.3.0`), and CI
//! runs cargo-semver-checks on this crate (with `support`, which is not hidden so that it is
//! checked) against its last release, so a patch or minor release cannot break a published
//! generated crate. Consumers do not need it: a generated crate re-exports what they use.
//!
//! Consumers see and shape every call: [`Interceptor`]s run around each attempt, every call and
//! attempt has a span that follows OpenTelemetry's HTTP client conventions (see the `telemetry`
//! module's table in the source, and the generated crate's README), [`CallOptions`] change one call,
//! and [`RawRequest`] reaches an endpoint the API description does not describe.
//!
//! [`oauth`] gives a client OAuth 2.0 tokens that refresh themselves (see its module docs for a
//! store that persists them to a file). The cargo feature `webhooks` adds `webhook`: verified,
//! replay-checked, decoded webhooks; `axum` adds its extractor.
//!
//! The cargo feature `mock` adds [`mock`]: a local server that answers a generated client's operations
//! with typed values, for the tests of the crates that use the client.

#![forbid(unsafe_code)]

mod auth;
mod body;
mod client;
mod error;
mod intercept;
#[cfg(feature = "mock")]
pub mod mock;
pub mod oauth;
mod open_enum;
mod pacing;
mod pagination;
mod rate_limit;
mod raw;
mod request;
mod response;
mod retry;
mod telemetry;
mod unknown;
#[cfg(feature = "webhooks")]
pub mod webhook;

pub use auth::{BearerToken, Secret};
pub use body::{FilePart, Payload};
pub use bytes::Bytes;
pub use client::BuildError;
pub use error::{Error, ResponseMeta};
pub use intercept::{AttemptInfo, AttemptOutcome, AttemptRequest, BoxFuture, CallOptions, Interceptor, Refusal};
pub use pacing::Pacing;
pub use rate_limit::RateLimit;
pub use raw::{RawRequest, RAW_OPERATION_ID};
pub use reqwest::Method;
pub use response::{ByteStream, Response};
pub use retry::RetryPolicy;
pub use unknown::UnknownValue;

/// What generated code calls: the client core and its configuration, credentials, request building,
/// response decoding, open enums and pagination. Versioned with the crate (see the crate docs);
/// consumers of a generated crate never name it.
pub mod support {
    pub use crate::auth::{Credential, KeyLocation, SchemeKind, SecurityScheme};
    pub use crate::client::{ApiInfo, ClientConfig, ClientCore, NoResponse};
    pub use crate::intercept::{CallOptions, Interceptors};
    pub use crate::open_enum::{deserialize as deserialize_open_enum, from_wire, from_wire_owned, OpenEnum};
    /// Pagination over any operation: one cursor (`pages`, `items`), several cursors
    /// ([`cursors`](pagination::cursors)), an offset ([`offset`](pagination::offset)) or a page
    /// number ([`page`](pagination::page)).
    pub mod pagination {
        pub use crate::pagination::{cursors, items, offset, page, pages};
    }
    #[cfg(feature = "mock")]
    pub use crate::mock;
    pub use crate::rate_limit::RateLimitHeaderNames;
    pub use crate::request::{to_text, FormStyle, InvalidRequest, PathStyle, RequestParts};
    pub use crate::response::{RawResponse, StreamedResponse};
    pub use crate::{api_error, open_enum_impls};
    pub use bytes::Bytes;
    pub use futures_core::Stream;
    pub use reqwest::Method;
    pub use {reqwest, serde};
}
