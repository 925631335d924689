//! The error type of every operation.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::rate_limit::{RateLimit, RateLimitHeaderNames};

/// How much of a body (or of a typed error's `Debug`) `Display` shows.
const DISPLAY_BODY_LIMIT: usize = 200;

/// The status, headers and rate limits of the response an [`Error`] carries
/// ([`Error::response`]): kept whenever a response arrived, so the HTTP status is never lost.
/// Request headers (and so the bearer token) are never stored here.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// Rate limits reported with the response.
    pub rate_limit: RateLimit,
}

impl ResponseMeta {
    /// Assembles the metadata of a response, e.g. to build an [`Error`] in a test.
    pub fn new(status: StatusCode, headers: HeaderMap, rate_limit: RateLimit) -> Self {
        Self { status, headers, rate_limit }
    }

    /// The metadata of a response that arrived, parsing the rate-limit headers named by the spec.
    pub(crate) fn read(status: StatusCode, headers: HeaderMap, rate_limit_headers: &RateLimitHeaderNames) -> Self {
        let rate_limit = RateLimit::from_headers(&headers, rate_limit_headers);
        Self { status, headers, rate_limit }
    }
}

/// Why an operation failed. `E` is the operation's own enum of documented error responses.
///
/// Whenever a response arrived, its status, headers and rate limits are kept (a [`ResponseMeta`],
/// see [`response`](Error::response)), so the HTTP status is never lost. Request headers (and so
/// the bearer token) are never stored here. The `ResponseMeta` is boxed so that
/// `Result<_, Error<E>>` stays small (`clippy::result_large_err`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status the spec documents; `body` is its typed body.
    Api {
        /// The status, headers and rate limits of the response (boxed to keep `Error` small).
        response: Box<ResponseMeta>,
        /// The documented error body.
        body: E,
    },
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// The status, headers and rate limits of the response (boxed to keep `Error` small).
        response: Box<ResponseMeta>,
        /// The raw response body.
        body: Bytes,
    },
    /// The body does not match its schema (including empty, truncated or non-JSON bodies).
    Decode {
        /// The status, headers and rate limits of the response (boxed to keep `Error` small).
        response: Box<ResponseMeta>,
        /// JSON path where decoding failed, e.g. `messages[3].direction`, or `.` for the root.
        path: String,
        /// What did not match.
        message: String,
        /// The raw response body.
        body: Bytes,
    },
    /// An attempt took longer than the configured timeout (after any retries).
    Timeout {
        /// The per-attempt timeout that elapsed.
        after: Duration,
    },
    /// The request could not be sent or its response could not be read.
    Transport {
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// The request was refused before any I/O (bad path segment, bad header value, ...).
    InvalidRequest {
        /// Why, naming the offending parameter.
        reason: String,
    },
    /// Pagination could not continue, e.g. the server repeated a cursor.
    Pagination {
        /// What went wrong.
        reason: String,
    },
    /// The call's overall deadline (every attempt and every wait between them) ended the call: it
    /// ran out during an attempt or a wait (for pacing, or before a retry), or the wait before the
    /// next retry (a `Retry-After`, a backoff) would reach past it, so that retry was not made and
    /// the call ended at once.
    ///
    /// Either way, the last response that arrived (of an earlier attempt, or the one whose retry
    /// did not fit) is kept: [`status`](Error::status), [`headers`](Error::headers),
    /// [`response`](Error::response) and [`raw_body`](Error::raw_body) answer from it.
    DeadlineExceeded {
        /// The deadline.
        after: Duration,
        /// The status, headers and rate limits of the last response that arrived, if one did.
        last_response: Option<Box<ResponseMeta>>,
        /// The body of that response (empty when none arrived, or when its body was not read).
        last_body: Bytes,
    },
    /// The operation requires credentials that the client was not given, so nothing was sent
    /// (this is never a response of the server: a server's `401` is [`Error::Api`] or
    /// [`Error::UnexpectedStatus`]). Configure one of the listed alternatives on the client builder.
    MissingCredentials {
        /// The operation (its `operationId`).
        operation: &'static str,
        /// For each alternative the operation accepts, in the API description's order, the
        /// security schemes of that alternative that have no credential.
        missing: Vec<Vec<&'static str>>,
    },
    /// The response body is larger than the client accepts; nothing past the limit was read.
    ResponseTooLarge {
        /// The status, headers and rate limits of the response (boxed to keep `Error` small).
        response: Box<ResponseMeta>,
        /// The limit in bytes (see the client builder's `max_response_bytes`).
        limit: usize,
    },
    /// The client's token source (e.g. OAuth 2.0 tokens, see [`crate::oauth`]) could give no
    /// access token, so nothing was sent; [`Error::needs_reauthorization`] says whether the user
    /// must authorize the app again.
    Token {
        /// Why.
        source: crate::oauth::TokenError,
    },
}

impl<E> Error<E> {
    /// The status, headers and rate limits of the response the error carries: `Some` for
    /// [`Api`](Error::Api), [`UnexpectedStatus`](Error::UnexpectedStatus),
    /// [`Decode`](Error::Decode) and [`ResponseTooLarge`](Error::ResponseTooLarge), and for
    /// [`DeadlineExceeded`](Error::DeadlineExceeded) when a response arrived before it ran out
    /// (the last one).
    pub fn response(&self) -> Option<&ResponseMeta> {
        match self {
            Error::DeadlineExceeded { last_response, .. } => last_response.as_deref(),
            Error::Api { response, .. }
            | Error::UnexpectedStatus { response, .. }
            | Error::Decode { response, .. }
            | Error::ResponseTooLarge { response, .. } => Some(response),
            Error::Timeout { .. }
            | Error::Transport { .. }
            | Error::InvalidRequest { .. }
            | Error::Pagination { .. }
            | Error::MissingCredentials { .. }
            | Error::Token { .. } => None,
        }
    }

    /// The HTTP status, whenever a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Transport { source } => source.status(),
            _ => self.response().map(|response| response.status),
        }
    }

    /// The response headers, whenever a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.response().map(|response| &response.headers)
    }

    /// The rate limits reported with the response, whenever a response arrived.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.response().map(|response| &response.rate_limit)
    }

    /// The raw body of an undocumented status, of a body that failed to decode, or of the last
    /// response before the deadline ran out.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            Error::DeadlineExceeded { last_response: Some(_), last_body, .. } => Some(last_body),
            _ => None,
        }
    }

    /// The typed body of a documented error status.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether an attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. } | Error::DeadlineExceeded { .. })
    }

    /// Whether the token source's grant was refused (`invalid_grant`): the user must authorize
    /// the app again ([`TokenError::ReauthorizationRequired`](crate::oauth::TokenError)).
    pub fn needs_reauthorization(&self) -> bool {
        matches!(self, Error::Token { source } if source.needs_reauthorization())
    }

    /// Converts the typed error body, keeping everything else (e.g. to merge operation errors).
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api { response, body } => Error::Api { response, body: f(body) },
            Error::UnexpectedStatus { response, body } => Error::UnexpectedStatus { response, body },
            Error::Decode { response, path, message, body } => Error::Decode { response, path, message, body },
            Error::Timeout { after } => Error::Timeout { after },
            Error::Transport { source } => Error::Transport { source },
            Error::InvalidRequest { reason } => Error::InvalidRequest { reason },
            Error::Pagination { reason } => Error::Pagination { reason },
            Error::DeadlineExceeded { after, last_response, last_body } => {
                Error::DeadlineExceeded { after, last_response, last_body }
            }
            Error::MissingCredentials { operation, missing } => Error::MissingCredentials { operation, missing },
            Error::ResponseTooLarge { response, limit } => Error::ResponseTooLarge { response, limit },
            Error::Token { source } => Error::Token { source },
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { response, body } => {
                let body = format!("{body:?}");
                write!(f, "HTTP {}: {}", response.status, Truncated(body.as_bytes()))
            }
            Error::UnexpectedStatus { response, body } => {
                write!(f, "undocumented HTTP status {}", response.status)?;
                if !body.is_empty() {
                    write!(f, ", body: {:?}", Truncated(body).to_string())?;
                }
                Ok(())
            }
            Error::Decode { response, path, message, .. } => {
                let status = response.status;
                write!(f, "the HTTP {status} response body does not match its schema at `{path}`: {message}")
            }
            Error::Timeout { after } => write!(f, "request timed out after {after:?}"),
            Error::Transport { source } => {
                f.write_str("transport error: ")?;
                write_with_causes(f, source)
            }
            Error::InvalidRequest { reason } => write!(f, "invalid request (not sent): {reason}"),
            Error::Pagination { reason } => write!(f, "pagination stopped: {reason}"),
            Error::DeadlineExceeded { after, last_response, .. } => {
                write!(f, "the call's deadline of {after:?} ran out")?;
                match last_response {
                    Some(response) => write!(f, " (the last response was HTTP {})", response.status),
                    None => Ok(()),
                }
            }
            Error::MissingCredentials { operation, missing } => {
                write!(f, "not sent: `{operation}` requires credentials the client was not given: ")?;
                write_missing(f, missing)?;
                f.write_str(" (set them on the client builder)")
            }
            Error::ResponseTooLarge { response, limit } => {
                let status = response.status;
                write!(f, "the HTTP {status} response body is larger than the limit of {limit} bytes")
            }
            Error::Token { source } => write!(f, "not sent: no access token: {source}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source } => Some(source),
            Error::Token { source } => Some(source),
            _ => None,
        }
    }
}

/// `error: cause: cause of the cause…`, so that logs and messages say why a connection failed.
pub(crate) fn write_with_causes(f: &mut fmt::Formatter<'_>, error: &dyn std::error::Error) -> fmt::Result {
    write!(f, "{error}")?;
    let mut cause = error.source();
    while let Some(inner) = cause {
        write!(f, ": {inner}")?;
        cause = inner.source();
    }
    Ok(())
}

/// `` `basicAuth`, or `apiKey` and `appId` ``: what each alternative still needs.
pub(crate) fn write_missing(f: &mut fmt::Formatter<'_>, missing: &[Vec<&'static str>]) -> fmt::Result {
    for (i, alternative) in missing.iter().enumerate() {
        if i > 0 {
            f.write_str(", or ")?;
        }
        for (j, scheme) in alternative.iter().enumerate() {
            if j > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "`{scheme}`")?;
        }
    }
    Ok(())
}

/// Shows at most [`DISPLAY_BODY_LIMIT`] bytes, lossily decoded, with an ellipsis if cut.
struct Truncated<'a>(&'a [u8]);

impl fmt::Display for Truncated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.0.get(..DISPLAY_BODY_LIMIT).unwrap_or(self.0);
        // A multi-byte character cut in half becomes U+FFFD, never a panic.
        f.write_str(&String::from_utf8_lossy(shown))?;
        if shown.len() < self.0.len() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// Defines the generated crate's crate-level error `$name`: an [`Error`] whose API body is `$any`
/// (the generated enum with one variant per operation), converted from any operation's
/// `Error<E>` with `?` where `E: Into<$any>`. It dereferences to that `Error`, so `status()`,
/// `headers()` and the other accessors answer as for one operation, and
/// [`api_body`](Error::api_body) gives the operation's typed error.
#[doc(hidden)]
#[macro_export]
macro_rules! api_error {
    ($name:ident, $any:ident) => {
        /// Any operation's error, so that `?` carries the errors of several operations. It
        /// dereferences to the [`Error`] of the operation that failed: `status()`, `headers()` and
        /// `raw_body()` answer as for one operation, and `api_body()` is its documented error.
        #[derive(Debug)]
        pub struct $name(Box<$crate::Error<$any>>);

        impl $name {
            /// The error with the operation's documented error inside.
            pub fn into_inner(self) -> $crate::Error<$any> {
                *self.0
            }
        }

        /// For the errors of the client's `request` (an endpoint the API description does not
        /// describe), which have no documented error.
        impl ::core::convert::From<::core::convert::Infallible> for $any {
            fn from(never: ::core::convert::Infallible) -> Self {
                match never {}
            }
        }

        impl ::core::ops::Deref for $name {
            type Target = $crate::Error<$any>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl<E: Into<$any>> From<$crate::Error<E>> for $name {
            fn from(error: $crate::Error<E>) -> Self {
                Self(Box::new(error.map_api(Into::into)))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::error::Error for $name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                ::std::error::Error::source(&*self.0)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{Error, ResponseMeta};
    use crate::RateLimit;
    use bytes::Bytes;
    use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
    use reqwest::StatusCode;
    use std::time::Duration;

    #[derive(Debug, PartialEq)]
    enum OpError {
        NotFound(String),
    }

    fn headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-secret-looking", HeaderValue::from_static("header-value-123"));
        h
    }

    fn meta(status: StatusCode, headers: HeaderMap) -> Box<ResponseMeta> {
        Box::new(ResponseMeta::new(status, headers, RateLimit::default()))
    }

    #[test]
    fn accessors() {
        let api: Error<OpError> =
            Error::Api { response: meta(StatusCode::NOT_FOUND, headers()), body: OpError::NotFound("gone".into()) };
        assert_eq!(api.status(), Some(StatusCode::NOT_FOUND));
        assert!(api.headers().is_some());
        assert!(api.rate_limit().is_some());
        assert_eq!(api.raw_body(), None);
        assert_eq!(api.api_body(), Some(&OpError::NotFound("gone".into())));
        assert_eq!(api.response().map(|response| response.status), Some(StatusCode::NOT_FOUND));
        let mapped: Error<String> = api.map_api(|e| format!("{e:?}"));
        assert_eq!(mapped.api_body().map(String::as_str), Some("NotFound(\"gone\")"));
        assert!(mapped.headers().is_some_and(|h| h.contains_key("x-secret-looking")));

        let timeout: Error<OpError> = Error::Timeout { after: Duration::from_secs(1) };
        assert!(timeout.is_timeout());
        assert_eq!(timeout.status(), None);
        assert_eq!(timeout.headers(), None);
        assert!(timeout.response().is_none());
        let unexpected: Error<OpError> = Error::UnexpectedStatus {
            response: meta(StatusCode::IM_A_TEAPOT, HeaderMap::new()),
            body: Bytes::from_static(b"short"),
        };
        assert_eq!(unexpected.raw_body(), Some(&b"short"[..]));
        assert!(!unexpected.is_timeout());
        let unexpected = unexpected.map_api(|_| ());
        assert_eq!(unexpected.status(), Some(StatusCode::IM_A_TEAPOT));
    }

    #[test]
    fn display_includes_status_not_header_values_and_truncates() {
        let mut h = headers();
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer should-not-be-here"));
        let long = "é".repeat(500); // 1000 bytes, cut inside a character
        let err: Error<OpError> =
            Error::UnexpectedStatus { response: meta(StatusCode::IM_A_TEAPOT, h.clone()), body: Bytes::from(long) };
        let text = err.to_string();
        assert!(text.contains("418"), "{text}");
        assert!(!text.contains("header-value-123"), "{text}");
        assert!(!text.contains("should-not-be-here"), "{text}");
        assert!(text.len() < 300, "{}", text.len());
        assert!(text.contains('…'));

        let api: Error<OpError> =
            Error::Api { response: meta(StatusCode::NOT_FOUND, h.clone()), body: OpError::NotFound("x".repeat(1000)) };
        let text = api.to_string();
        assert!(text.starts_with("HTTP 404 Not Found: NotFound(\"xxx"), "{text}");
        assert!(text.len() < 300);

        let decode: Error<OpError> = Error::Decode {
            response: meta(StatusCode::OK, h),
            path: "messages[3].direction".into(),
            message: "invalid type".into(),
            body: Bytes::new(),
        };
        assert_eq!(
            decode.to_string(),
            "the HTTP 200 OK response body does not match its schema at `messages[3].direction`: invalid type"
        );
        let empty: Error<OpError> =
            Error::UnexpectedStatus { response: meta(StatusCode::BAD_GATEWAY, HeaderMap::new()), body: Bytes::new() };
        assert_eq!(empty.to_string(), "undocumented HTTP status 502 Bad Gateway");

        let too_large: Error<OpError> =
            Error::ResponseTooLarge { response: meta(StatusCode::OK, HeaderMap::new()), limit: 1024 };
        assert_eq!(too_large.to_string(), "the HTTP 200 OK response body is larger than the limit of 1024 bytes");
        assert_eq!(too_large.map_api(|_| ()).status(), Some(StatusCode::OK));
    }

    #[test]
    fn stays_small() {
        // Small enough for `clippy::result_large_err` (128 bytes) with room for the typed body.
        let size = std::mem::size_of::<Error<()>>();
        assert!(size <= 112, "{size}");
    }

    #[test]
    fn display_of_the_remaining_variants() {
        let e: Error<OpError> = Error::InvalidRequest { reason: "r".into() };
        assert_eq!(e.to_string(), "invalid request (not sent): r");
        let e: Error<OpError> = Error::Pagination { reason: "p".into() };
        assert_eq!(e.to_string(), "pagination stopped: p");
        let e: Error<OpError> = Error::MissingCredentials {
            operation: "getFile",
            missing: vec![vec!["basicAuth"], vec!["apiKey", "appId"]],
        };
        assert_eq!(
            e.to_string(),
            "not sent: `getFile` requires credentials the client was not given: `basicAuth`, or `apiKey` and \
             `appId` (set them on the client builder)"
        );
        assert_eq!(e.status(), None);
        let e: Error<OpError> = Error::Timeout { after: Duration::from_millis(1500) };
        assert_eq!(e.to_string(), "request timed out after 1.5s");
        assert!(std::error::Error::source(&e).is_none());
    }
}
