//! Hand-written runtime of the generated client: HTTP execution, authentication, retries,
//! rate-limit parsing, the error type and pagination.
//!
//! This code is copied verbatim into every generated crate, so it knows nothing about any
//! particular API: the spec-specific values (default base URL, user agent, rate-limit header
//! names) come from the generated `crate::spec_info` module.

// The generated operations use only the part of this crate-internal API that their spec needs
// (a spec without pagination never calls `pagination::pages`, ...), so unused helpers are expected:
// the generated `lib.rs` declares this module as `#[allow(dead_code)] mod runtime;` (an inner
// `#![allow(dead_code)]` here would duplicate it, which clippy refuses).

mod auth;
mod client;
mod error;
pub(crate) mod open_enum;
pub(crate) mod pagination;
mod rate_limit;
mod request;
mod response;
mod retry;
mod unknown;

pub use auth::BearerToken;
pub use client::{BuildError, Client, ClientBuilder};
pub use error::Error;
pub use rate_limit::{RateLimit, RateLimitHeaderNames};
pub use response::Response;
pub use retry::RetryPolicy;
pub use unknown::UnknownValue;

// Names for generated code; which of them a given spec's code spells out varies.
#[allow(unused_imports)]
pub(crate) use open_enum::{open_enum_impls, OpenEnum};
#[allow(unused_imports)]
pub(crate) use request::{to_text, InvalidRequest, RequestParts};
#[allow(unused_imports)]
pub(crate) use response::RawResponse;
