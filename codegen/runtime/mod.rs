//! Hand-written runtime of the generated client: HTTP execution, authentication, retries,
//! rate-limit parsing, the error type and pagination.
//!
//! This code is copied verbatim into every generated crate, so it knows nothing about any
//! particular API: the spec-specific values (default base URL, user agent, rate-limit header
//! names) come from the generated `crate::spec_info` module.

// The generated operations use only the part of this crate-internal API that their spec needs
// (a spec without pagination never calls `pagination::pages`, one without headers never calls
// `RequestParts::header`, ...). Unused helpers are therefore expected, not a mistake.
#![allow(dead_code)]

mod auth;
mod client;
mod error;
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

pub(crate) use request::{InvalidRequest, RequestParts};
pub(crate) use response::RawResponse;
