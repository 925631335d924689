//! Successful responses, and the raw response that generated code turns into a result.

use std::ops::Deref;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::error::Error;
use super::rate_limit::{RateLimit, RateLimitHeaderNames};

/// A successful response: the decoded body plus the status, headers and rate limits.
///
/// Derefs to the body, so `page.messages.len()` works on a `Response<Page>`.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    rate_limit: RateLimit,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status (one of the operation's documented success statuses).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Rate limits reported with the response.
    pub fn rate_limit(&self) -> &RateLimit {
        &self.rate_limit
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping the rest.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Everything, by value: `(status, headers, rate_limit, body)`.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, RateLimit, T) {
        (self.status, self.headers, self.rate_limit, self.body)
    }

    /// Transforms the body, keeping status, headers and rate limits.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, rate_limit: self.rate_limit, body: f(self.body) }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// A complete response (any status) with its body read, before it is interpreted.
#[derive(Debug, Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    rate_limit: RateLimit,
}

impl RawResponse {
    /// Assembles a response, parsing the rate-limit headers named by the spec.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes, rate_limit_headers: &RateLimitHeaderNames) -> Self {
        let rate_limit = RateLimit::from_headers(&headers, rate_limit_headers);
        Self { status, headers, body, rate_limit }
    }

    /// The HTTP status as a number, for the generated `match` over documented statuses.
    pub fn status_code(&self) -> u16 {
        self.status.as_u16()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Decodes a JSON success body; a mismatch (or an empty body) is [`Error::Decode`] with the
    /// JSON path where it failed.
    pub fn success_json<T: serde::de::DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        match decode_json::<T>(&self.body) {
            Ok(body) => Ok(self.into_response(body)),
            Err((path, message)) => Err(self.into_decode_error(path, message)),
        }
    }

    /// A success whose body is ignored (e.g. 204 No Content).
    pub fn success_empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(self.into_response(()))
    }

    /// A success whose body is returned as raw bytes (non-JSON content).
    pub fn success_bytes<E>(self) -> Result<Response<Bytes>, Error<E>> {
        let body = self.body.clone();
        Ok(self.into_response(body))
    }

    /// A documented error status with a JSON body: [`Error::Api`] with the typed body wrapped in
    /// the operation's error variant, or [`Error::Decode`] if the body does not match.
    pub fn api_error_json<B: serde::de::DeserializeOwned, E>(self, wrap: impl FnOnce(B) -> E) -> Error<E> {
        match decode_json::<B>(&self.body) {
            Ok(body) => Error::Api {
                status: self.status,
                headers: Box::new(self.headers),
                rate_limit: Box::new(self.rate_limit),
                body: wrap(body),
            },
            Err((path, message)) => self.into_decode_error(path, message),
        }
    }

    /// A documented error status without a (typed) body.
    pub fn api_error_empty<E>(self, variant: E) -> Error<E> {
        Error::Api {
            status: self.status,
            headers: Box::new(self.headers),
            rate_limit: Box::new(self.rate_limit),
            body: variant,
        }
    }

    /// A status the spec does not document for this operation.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: Box::new(self.headers),
            rate_limit: Box::new(self.rate_limit),
            body: self.body,
        }
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response { status: self.status, headers: self.headers, rate_limit: self.rate_limit, body }
    }

    fn into_decode_error<E>(self, path: String, message: String) -> Error<E> {
        Error::Decode {
            status: self.status,
            headers: Box::new(self.headers),
            rate_limit: Box::new(self.rate_limit),
            path,
            message,
            body: self.body,
        }
    }
}

/// Decodes `bytes` as exactly one JSON value of type `T`; on failure returns the JSON path
/// (`.` for the root) and the message.
fn decode_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err((".".to_owned(), "empty body where JSON was expected".to_owned()));
    }
    // Fast path: plain serde_json (which also refuses trailing bytes). Tracking the path costs
    // about a third of the decoding time, so it is paid only when decoding has already failed.
    if let Ok(value) = serde_json::from_slice::<T>(bytes) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T =
        serde_path_to_error::deserialize(&mut de).map_err(|err| (err.path().to_string(), err.inner().to_string()))?;
    // Trailing bytes after the value (e.g. two documents, or HTML after JSON) are an error too.
    de.end().map_err(|err| (".".to_owned(), err.to_string()))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::RawResponse;
    use crate::__private::RateLimitHeaderNames;
    use crate::Error;
    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Page {
        messages: Vec<Message>,
        #[serde(rename = "nextPage")]
        next_page: bool,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Message {
        id: String,
        direction: Direction,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Direction {
        Inbound,
        Outbound,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct ErrorBody {
        message: String,
    }

    #[derive(Debug, PartialEq)]
    enum OpError {
        BadRequest(ErrorBody),
        Unauthorized,
    }

    fn raw(status: u16, body: &'static [u8]) -> RawResponse {
        RawResponse::new(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            HeaderMap::new(),
            Bytes::from_static(body),
            &RateLimitHeaderNames::NONE,
        )
    }

    fn decode_failure(result: Result<crate::Response<Page>, Error<()>>) -> (String, String) {
        match result {
            Err(Error::Decode { path, message, .. }) => (path, message),
            other => (format!("not a decode error: {other:?}"), String::new()),
        }
    }

    const GOOD: &[u8] =
        br#"{"messages":[{"id":"a","direction":"inbound"},{"id":"b","direction":"outbound"}],"nextPage":true}"#;

    #[test]
    fn success_json_decodes_and_keeps_the_metadata() {
        let page = raw(200, GOOD).success_json::<Page, ()>();
        let page = match page {
            Ok(page) => page,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.messages.len(), 2); // through Deref
        assert!(page.body().next_page);
        let (status, _headers, _rate, body) = page.map(|p| p.messages).into_parts();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body.len(), 2);
    }

    #[test]
    fn decode_error_names_the_path() {
        let (path, message) = decode_failure(
            raw(
                200,
                br#"{"messages":[{"id":"a","direction":"inbound"},{"id":"b","direction":"sideways"}],"nextPage":true}"#,
            )
            .success_json::<Page, ()>(),
        );
        assert_eq!(path, "messages[1].direction");
        assert!(message.contains("sideways"), "{message}");
    }

    #[test]
    fn truncated_body_is_a_decode_error_with_a_path() {
        // Cut inside the first message's `direction` value: `..."direction":"inbo`.
        let truncated = GOOD.get(..40).unwrap_or_default();
        let (path, message) = decode_failure(
            RawResponse::new(
                StatusCode::OK,
                HeaderMap::new(),
                Bytes::copy_from_slice(truncated),
                &RateLimitHeaderNames::NONE,
            )
            .success_json::<Page, ()>(),
        );
        assert_eq!(path, "messages[0].direction");
        assert!(message.contains("EOF"), "{message}");
    }

    #[test]
    fn empty_html_and_trailing_garbage_are_decode_errors() {
        for body in [&b""[..], b"  \r\n", b"<html>502 Bad Gateway</html>"] {
            let (path, message) = decode_failure(
                RawResponse::new(
                    StatusCode::OK,
                    HeaderMap::new(),
                    Bytes::copy_from_slice(body),
                    &RateLimitHeaderNames::NONE,
                )
                .success_json::<Page, ()>(),
            );
            assert_eq!(path, ".", "{message}");
            assert!(!message.is_empty());
        }
        let mut two = GOOD.to_vec();
        two.extend_from_slice(b" {}");
        let (path, message) = decode_failure(
            RawResponse::new(StatusCode::OK, HeaderMap::new(), Bytes::from(two), &RateLimitHeaderNames::NONE)
                .success_json::<Page, ()>(),
        );
        assert_eq!(path, ".");
        assert!(message.contains("trailing"), "{message}");
        // Deeply nested input hits serde_json's recursion limit instead of the stack.
        let deep = "[".repeat(100_000);
        let err = RawResponse::new(StatusCode::OK, HeaderMap::new(), Bytes::from(deep), &RateLimitHeaderNames::NONE)
            .success_json::<serde_json::Value, ()>();
        assert!(matches!(err, Err(Error::Decode { .. })));
    }

    #[test]
    fn decode_error_keeps_status_and_body() {
        let err = raw(200, b"nope").success_json::<Page, ()>();
        match err {
            Err(err) => {
                assert_eq!(err.status(), Some(StatusCode::OK));
                assert_eq!(err.raw_body(), Some(&b"nope"[..]));
                assert!(err.rate_limit().is_some());
            }
            Ok(_) => panic!("decoded garbage"),
        }
    }

    #[test]
    fn api_errors() {
        let err = raw(400, br#"{"message":"bad"}"#).api_error_json(OpError::BadRequest);
        assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(err.api_body(), Some(&OpError::BadRequest(ErrorBody { message: "bad".into() })));
        let err = raw(400, br#"{"message":["a","b"]}"#).api_error_json(OpError::BadRequest);
        match err {
            Error::Decode { status, path, .. } => {
                assert_eq!(status, StatusCode::BAD_REQUEST);
                assert_eq!(path, "message");
            }
            other => panic!("{other:?}"),
        }
        let err = raw(401, b"whatever").api_error_empty(OpError::Unauthorized);
        assert_eq!(err.api_body(), Some(&OpError::Unauthorized));
        let err: Error<OpError> = raw(418, b"teapot").unexpected();
        assert!(matches!(err, Error::UnexpectedStatus { ref body, .. } if body == &b"teapot"[..]));
    }

    #[test]
    fn success_empty_and_bytes() {
        let r = raw(204, b"ignored").success_empty::<()>();
        assert!(matches!(r, Ok(ref r) if r.status() == StatusCode::NO_CONTENT));
        let r = raw(200, b"\x00\xff").success_bytes::<()>();
        assert!(matches!(r, Ok(ref r) if r.body() == &b"\x00\xff"[..]));
        assert_eq!(raw(201, b"").status_code(), 201);
    }
}
