//! The runtime of generated OpenAPI clients: HTTP execution, credentials, request bodies (JSON,
//! forms, multipart, bytes, streams), streamed downloads, retries, rate-limit parsing, the error
//! type, pagination and open enums.
//!
//! A generated crate depends on this crate and re-exports the items its users need. Nothing here
//! knows about any particular API: what the runtime needs of a spec (its default server, the user
//! agent, the rate-limit header names) arrives as an [`__private::ApiInfo`] from the generated code.
//!
//! The items under [`__private`] exist for generated code only; they are not a stable API.
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
#[cfg(feature = "mock")]
pub mod mock;
pub mod oauth;
mod open_enum;
mod pacing;
mod pagination;
mod rate_limit;
mod request;
mod response;
mod retry;
mod unknown;
#[cfg(feature = "webhooks")]
pub mod webhook;

pub use auth::{BearerToken, Secret};
pub use body::{FilePart, Payload};
pub use bytes::Bytes;
pub use client::BuildError;
pub use error::{Error, ResponseMeta};
pub use pacing::Pacing;
pub use rate_limit::RateLimit;
pub use response::{ByteStream, Response};
pub use retry::RetryPolicy;
pub use unknown::UnknownValue;

/// What generated code calls; not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::auth::{Credential, KeyLocation, SchemeKind, SecurityScheme};
    pub use crate::client::{ApiInfo, ClientConfig, ClientCore, NoResponse};
    pub use crate::open_enum::{deserialize as deserialize_open_enum, from_wire, from_wire_owned, OpenEnum};
    /// Cursor pagination over any operation.
    pub mod pagination {
        pub use crate::pagination::{items, pages};
    }
    #[cfg(feature = "mock")]
    pub use crate::mock;
    pub use crate::rate_limit::RateLimitHeaderNames;
    pub use crate::request::{to_text, FormStyle, InvalidRequest, RequestParts};
    pub use crate::response::{RawResponse, StreamedResponse};
    pub use crate::{api_error, client, open_enum_impls};
    pub use bytes::Bytes;
    pub use futures_core::Stream;
    pub use reqwest::Method;
    pub use {reqwest, serde};
}
