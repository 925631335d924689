//! Successful responses, and the raw response that generated code turns into a result.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::{Map, Value};

use super::error::{Error, ResponseMeta};
use super::rate_limit::{RateLimit, RateLimitHeaderNames};

/// A successful response: the decoded body plus the status, headers and rate limits.
///
/// Derefs to the body, so `page.messages.len()` works on a `Response<Page>`. Like `Arc` and `Box`,
/// it has no methods of its own, only associated functions (`Response::status(&page)`), so that
/// nothing it adds can shadow a member of the body: `message.status` is always the message's own
/// field, and the HTTP status is `Response::status(&message)`.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    rate_limit: RateLimit,
    body: T,
    /// The envelope's other members when the body arrived wrapped (`x-envelope`); boxed because
    /// it is rare and `Response` is moved around a lot.
    envelope: Option<Box<Map<String, Value>>>,
}

impl<T> Response<T> {
    /// The HTTP status (one of the operation's documented success statuses).
    pub fn status(this: &Self) -> StatusCode {
        this.status
    }

    /// The response headers.
    pub fn headers(this: &Self) -> &HeaderMap {
        &this.headers
    }

    /// Rate limits reported with the response.
    pub fn rate_limit(this: &Self) -> &RateLimit {
        &this.rate_limit
    }

    /// When the body arrived wrapped in an envelope (an operation whose spec declares
    /// `x-envelope`), the envelope's other members, such as a `traceId`; `None` when it arrived as
    /// documented. The documented body itself is [`Response::body`] either way.
    pub fn envelope(this: &Self) -> Option<&Map<String, Value>> {
        this.envelope.as_deref()
    }

    /// The decoded body (what the response derefs to).
    pub fn body(this: &Self) -> &T {
        &this.body
    }

    /// The decoded body, dropping the rest.
    pub fn into_inner(this: Self) -> T {
        this.body
    }

    /// Everything, by value: `(status, headers, rate_limit, body)`.
    pub fn into_parts(this: Self) -> (StatusCode, HeaderMap, RateLimit, T) {
        (this.status, this.headers, this.rate_limit, this.body)
    }

    /// Transforms the body, keeping status, headers and rate limits.
    pub fn map<U>(this: Self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: this.status,
            headers: this.headers,
            rate_limit: this.rate_limit,
            body: f(this.body),
            envelope: this.envelope,
        }
    }

    /// A response with `body`, without an envelope.
    fn from_meta(meta: ResponseMeta, body: T) -> Self {
        let ResponseMeta { status, headers, rate_limit } = meta;
        Response { status, headers, rate_limit, body, envelope: None }
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
    meta: ResponseMeta,
    body: Bytes,
}

impl RawResponse {
    /// Assembles a response, parsing the rate-limit headers named by the spec.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes, rate_limit_headers: &RateLimitHeaderNames) -> Self {
        Self { meta: ResponseMeta::read(status, headers, rate_limit_headers), body }
    }

    /// The HTTP status as a number, for the generated `match` over documented statuses.
    pub fn status_code(&self) -> u16 {
        self.meta.status.as_u16()
    }

    /// The status, headers and rate limits, and the body.
    pub(crate) fn into_parts(self) -> (ResponseMeta, Bytes) {
        (self.meta, self.body)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.meta.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.meta.headers
    }

    /// Decodes a JSON success body; a mismatch (or an empty body) is [`Error::Decode`] with the
    /// JSON path where it failed.
    pub fn success_json<T: serde::de::DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        match decode_json::<T>(&self.body) {
            Ok(body) => Ok(self.into_response(body)),
            Err(failure) => Err(self.into_decode_error(failure.path, failure.message)),
        }
    }

    /// Decodes a JSON success body that may also arrive wrapped: as an object whose member
    /// `property` holds the documented body (`x-envelope`). The documented (flat) shape is tried
    /// first; the envelope's other members are kept on the response ([`Response::envelope`]). A body
    /// that matches neither is [`Error::Decode`] at the path of the shape that got further.
    pub fn success_json_enveloped<T: serde::de::DeserializeOwned, E>(
        self,
        property: &str,
    ) -> Result<Response<T>, Error<E>> {
        match decode_json_enveloped::<T>(&self.body, property) {
            Ok((body, envelope)) => {
                let mut response = self.into_response(body);
                response.envelope = envelope.map(Box::new);
                Ok(response)
            }
            Err(failure) => Err(self.into_decode_error(failure.path, failure.message)),
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

    /// A success whose body is text (`text/*`): decoded per the `charset` of its `Content-Type`,
    /// UTF-8 when there is none. A body that is not valid in that charset, or an unknown charset,
    /// is [`Error::Decode`] (path `.`) saying so; nothing is replaced silently.
    pub fn success_text<E>(self) -> Result<Response<String>, Error<E>> {
        match decode_text(&self.meta.headers, &self.body) {
            Ok(text) => Ok(self.into_response(text)),
            Err(message) => Err(self.into_decode_error(".".to_owned(), message)),
        }
    }

    /// A documented error status with a JSON body: [`Error::Api`] with the typed body wrapped in
    /// the operation's error variant, or [`Error::Decode`] if the body does not match.
    pub fn api_error_json<B: serde::de::DeserializeOwned, E>(self, wrap: impl FnOnce(B) -> E) -> Error<E> {
        match decode_json::<B>(&self.body) {
            Ok(body) => Error::Api { response: Box::new(self.meta), body: wrap(body) },
            Err(failure) => self.into_decode_error(failure.path, failure.message),
        }
    }

    /// A documented error status without a (typed) body.
    pub fn api_error_empty<E>(self, variant: E) -> Error<E> {
        Error::Api { response: Box::new(self.meta), body: variant }
    }

    /// A status the spec does not document for this operation.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus { response: Box::new(self.meta), body: self.body }
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response::from_meta(self.meta, body)
    }

    fn into_decode_error<E>(self, path: String, message: String) -> Error<E> {
        Error::Decode { response: Box::new(self.meta), path, message, body: self.body }
    }
}

/// The text of `body` in the charset its `Content-Type` names (UTF-8 by default), or why not.
fn decode_text(headers: &HeaderMap, body: &[u8]) -> Result<String, String> {
    let charset = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<mime::Mime>().ok())
        .and_then(|media_type| media_type.get_param(mime::CHARSET).map(|charset| charset.as_str().to_owned()));
    let encoding = match charset.as_deref() {
        None => encoding_rs::UTF_8,
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| format!("the response's charset `{}` is not one the client knows", label.escape_debug()))?,
    };
    if encoding == encoding_rs::UTF_8 {
        // The standard library's message says where the first invalid byte is.
        return std::str::from_utf8(body)
            .map(str::to_owned)
            .map_err(|err| format!("the body is not valid UTF-8: {err}"));
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|text| text.into_owned())
        .ok_or_else(|| format!("the body is not valid {}", encoding.name()))
}

/// A response body read as it arrives, chunk by chunk, never held whole in memory: the body of a
/// [`Response`] from an operation that streams its download. The client's `max_response_bytes`
/// does not apply to it (reading it is the caller's choice).
///
/// The call's deadline covers getting the response's status and headers, not reading this body;
/// each chunk must instead arrive within the per-attempt timeout of the call (the client's
/// `timeout`, or the operation's override) after the previous one, or the stream yields
/// [`Error::Timeout`] and ends. A connection failure mid-body yields [`Error::Transport`] and ends
/// it. Nothing is retried once the body is being read.
pub struct ByteStream<E> {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>,
    idle_timeout: Duration,
    idle: Option<Pin<Box<tokio::time::Sleep>>>,
    done: bool,
    error: PhantomData<fn() -> E>,
}

impl<E> ByteStream<E> {
    fn new(inner: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>, idle_timeout: Duration) -> Self {
        Self { inner, idle_timeout, idle: None, done: false, error: PhantomData }
    }

    fn from_bytes(body: Bytes) -> Self {
        let once = futures_util::stream::iter((!body.is_empty()).then_some(Ok(body)));
        Self::new(Box::pin(once), Duration::MAX)
    }

    /// The same stream, typed for another operation's errors.
    fn cast<F>(self) -> ByteStream<F> {
        ByteStream {
            inner: self.inner,
            idle_timeout: self.idle_timeout,
            idle: None,
            done: self.done,
            error: PhantomData,
        }
    }
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("idle_timeout", &self.idle_timeout).field("done", &self.done).finish()
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        match this.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                // The next chunk gets the full idle timeout again.
                this.idle = None;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(source))) => {
                this.done = true;
                Poll::Ready(Some(Err(Error::Transport { source: source.without_url() })))
            }
            Poll::Ready(None) => {
                this.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let after = this.idle_timeout;
                let idle = match &mut this.idle {
                    Some(idle) => idle,
                    None => {
                        // `None`: too far off to be an instant, i.e. no idle timeout.
                        let Some(at) = tokio::time::Instant::now().checked_add(after) else {
                            return Poll::Pending;
                        };
                        this.idle.insert(Box::pin(tokio::time::sleep_until(at)))
                    }
                };
                match std::future::Future::poll(idle.as_mut(), cx) {
                    Poll::Ready(()) => {
                        this.done = true;
                        Poll::Ready(Some(Err(Error::Timeout { after })))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

/// The response of an operation that may stream its body
/// ([`ClientCore::execute_streaming`](super::support::ClientCore::execute_streaming)): a status the
/// operation streams keeps its body unread for [`success_stream`](Self::success_stream); any other
/// status was read whole (within `max_response_bytes`) and is interpreted as a [`RawResponse`] is.
pub struct StreamedResponse {
    inner: Streamed,
}

enum Streamed {
    Streaming { meta: ResponseMeta, body: ByteStream<()> },
    Complete(RawResponse),
}

impl fmt::Debug for StreamedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Streamed::Streaming { meta, .. } => {
                f.debug_struct("StreamedResponse").field("status", &meta.status).field("body", &"<stream>").finish()
            }
            Streamed::Complete(raw) => f.debug_tuple("StreamedResponse").field(raw).finish(),
        }
    }
}

impl StreamedResponse {
    pub(crate) fn streaming(
        status: StatusCode,
        headers: HeaderMap,
        response: reqwest::Response,
        idle_timeout: Duration,
        rate_limit_headers: &RateLimitHeaderNames,
    ) -> Self {
        let meta = ResponseMeta::read(status, headers, rate_limit_headers);
        let body = ByteStream::new(Box::pin(response.bytes_stream()), idle_timeout);
        Self { inner: Streamed::Streaming { meta, body } }
    }

    pub(crate) fn complete(raw: RawResponse) -> Self {
        Self { inner: Streamed::Complete(raw) }
    }

    /// The HTTP status as a number, for the generated `match` over documented statuses.
    pub fn status_code(&self) -> u16 {
        self.status().as_u16()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match &self.inner {
            Streamed::Streaming { meta, .. } => meta.status,
            Streamed::Complete(raw) => raw.status(),
        }
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        match &self.inner {
            Streamed::Streaming { meta, .. } => &meta.headers,
            Streamed::Complete(raw) => raw.headers(),
        }
    }

    /// A success whose body is handed to the caller as a [`ByteStream`], unread.
    pub fn success_stream<E>(self) -> Result<Response<ByteStream<E>>, Error<E>> {
        match self.inner {
            Streamed::Streaming { meta, body } => Ok(Response::from_meta(meta, body.cast())),
            Streamed::Complete(raw) => {
                let body = ByteStream::from_bytes(raw.body.clone());
                Ok(raw.into_response(body))
            }
        }
    }

    /// The response with its body read; a streamed one is dropped unread (its connection closed),
    /// so only [`success_stream`](Self::success_stream) should be used for a streamed status.
    pub(crate) fn into_read(self) -> RawResponse {
        match self.inner {
            Streamed::Streaming { meta, .. } => RawResponse { meta, body: Bytes::new() },
            Streamed::Complete(raw) => raw,
        }
    }

    /// See [`RawResponse::success_json`].
    pub fn success_json<T: serde::de::DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        self.into_read().success_json()
    }

    /// See [`RawResponse::success_empty`].
    pub fn success_empty<E>(self) -> Result<Response<()>, Error<E>> {
        self.into_read().success_empty()
    }

    /// See [`RawResponse::success_bytes`].
    pub fn success_bytes<E>(self) -> Result<Response<Bytes>, Error<E>> {
        self.into_read().success_bytes()
    }

    /// See [`RawResponse::success_text`].
    pub fn success_text<E>(self) -> Result<Response<String>, Error<E>> {
        self.into_read().success_text()
    }

    /// See [`RawResponse::api_error_json`].
    pub fn api_error_json<B: serde::de::DeserializeOwned, E>(self, wrap: impl FnOnce(B) -> E) -> Error<E> {
        self.into_read().api_error_json(wrap)
    }

    /// See [`RawResponse::api_error_empty`].
    pub fn api_error_empty<E>(self, variant: E) -> Error<E> {
        self.into_read().api_error_empty(variant)
    }

    /// See [`RawResponse::unexpected`].
    pub fn unexpected<E>(self) -> Error<E> {
        self.into_read().unexpected()
    }
}

/// Why a body did not decode: where (a JSON path, `.` for the root) and what.
#[derive(Debug)]
struct DecodeFailure {
    path: String,
    /// How many steps into the document `path` is: the failure that got further is the more
    /// telling one when a body matches neither of two shapes.
    depth: usize,
    message: String,
}

impl DecodeFailure {
    fn at_root(message: impl Into<String>) -> Self {
        Self { path: ".".to_owned(), depth: 0, message: message.into() }
    }

    fn from_tracked<E: std::fmt::Display>(err: serde_path_to_error::Error<E>) -> Self {
        Self { path: err.path().to_string(), depth: err.path().iter().count(), message: err.inner().to_string() }
    }
}

/// Decodes `bytes` as exactly one JSON value of type `T`.
fn decode_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeFailure> {
    // Fast path: plain serde_json (which also refuses trailing bytes). Tracking the path costs
    // about a third of the decoding time, so it is paid only when decoding has already failed.
    serde_json::from_slice::<T>(bytes).map_err(|_| why_not::<T>(bytes))
}

/// Why `bytes`, which did not decode as a `T`, does not: re-read with the JSON path tracked.
fn why_not<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> DecodeFailure {
    if is_blank(bytes) {
        return DecodeFailure::at_root("empty body where JSON was expected");
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(err) => DecodeFailure::from_tracked(err),
        // The value reads, so what follows it is wrong: two documents, or HTML after JSON.
        Ok(_) => DecodeFailure::at_root(
            de.end().err().map_or_else(|| "the body is not one JSON value".to_owned(), |e| e.to_string()),
        ),
    }
}

/// Decodes `bytes` as a `T`, or else as an object whose member `property` is a `T` (returning the
/// object's other members). The flat reading is tried first and wins when both would match.
fn decode_json_enveloped<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    property: &str,
) -> Result<(T, Option<Map<String, Value>>), DecodeFailure> {
    if let Ok(value) = serde_json::from_slice::<T>(bytes) {
        return Ok((value, None));
    }
    let mut inner_failure = None;
    let mut not_one_value = None;
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(mut envelope)) => {
            if let Some(inner) = envelope.remove(property) {
                match serde_path_to_error::deserialize::<_, T>(inner) {
                    Ok(value) => return Ok((value, Some(envelope))),
                    Err(err) => inner_failure = Some(inside(property, DecodeFailure::from_tracked(err))),
                }
            }
        }
        Ok(_) => {}
        Err(err) if !is_blank(bytes) => not_one_value = Some(err),
        Err(_) => {}
    }
    // Neither shape: report the one the body resembles, i.e. the failure that got further; a body
    // that is not one JSON value, and fails at the top anyway, is reported as such.
    let flat_failure = why_not::<T>(bytes);
    Err(match (inner_failure, not_one_value) {
        (Some(inner), _) if inner.depth > flat_failure.depth => inner,
        (_, Some(err)) if flat_failure.depth == 0 => DecodeFailure::at_root(err.to_string()),
        _ => flat_failure,
    })
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// `failure`, found inside the member `property`, as a path from the envelope's root.
fn inside(property: &str, failure: DecodeFailure) -> DecodeFailure {
    let path = match failure.path.as_str() {
        "." => property.to_owned(),
        p if p.starts_with('[') => format!("{property}{p}"),
        p => format!("{property}.{p}"),
    };
    DecodeFailure { path, depth: failure.depth + 1, ..failure }
}

#[cfg(test)]
mod tests {
    use super::{RawResponse, Response};
    use crate::support::RateLimitHeaderNames;
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

    fn raw(status: u16, body: impl AsRef<[u8]>) -> RawResponse {
        RawResponse::new(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            HeaderMap::new(),
            Bytes::copy_from_slice(body.as_ref()),
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
        assert_eq!(Response::status(&page), StatusCode::OK);
        assert_eq!(page.messages.len(), 2); // through Deref
        assert!(Response::body(&page).next_page);
        let (status, _headers, _rate, body) = Response::into_parts(Response::map(page, |p| p.messages));
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
        let (path, message) = decode_failure(raw(200, truncated).success_json::<Page, ()>());
        assert_eq!(path, "messages[0].direction");
        assert!(message.contains("EOF"), "{message}");
    }

    #[test]
    fn empty_html_and_trailing_garbage_are_decode_errors() {
        for body in [&b""[..], b"  \r\n", b"<html>502 Bad Gateway</html>"] {
            let (path, message) = decode_failure(raw(200, body).success_json::<Page, ()>());
            assert_eq!(path, ".", "{message}");
            assert!(!message.is_empty());
        }
        let mut two = GOOD.to_vec();
        two.extend_from_slice(b" {}");
        let (path, message) = decode_failure(raw(200, two).success_json::<Page, ()>());
        assert_eq!(path, ".");
        assert!(message.contains("trailing"), "{message}");
        // Deeply nested input hits serde_json's recursion limit instead of the stack.
        let deep = "[".repeat(100_000);
        let err = raw(200, deep).success_json::<serde_json::Value, ()>();
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
            Error::Decode { response, path, .. } => {
                assert_eq!(response.status, StatusCode::BAD_REQUEST);
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
        assert!(matches!(r, Ok(ref r) if Response::status(r) == StatusCode::NO_CONTENT));
        let r = raw(200, b"\x00\xff").success_bytes::<()>();
        assert!(matches!(r, Ok(ref r) if Response::body(r) == &b"\x00\xff"[..]));
        assert_eq!(raw(201, b"").status_code(), 201);
    }

    fn enveloped(body: &'static [u8]) -> Result<crate::Response<Page>, Error<()>> {
        raw(200, body).success_json_enveloped::<Page, ()>("data")
    }

    #[test]
    fn an_enveloped_body_decodes_as_the_documented_type_and_keeps_the_rest() {
        let page = enveloped(
            br#"{"traceId":"t-1","data":{"messages":[{"id":"a","direction":"inbound"}],"nextPage":false},"n":2}"#,
        );
        let page = page.unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            Response::body(&page),
            &Page { messages: vec![Message { id: "a".into(), direction: Direction::Inbound }], next_page: false }
        );
        let envelope = Response::envelope(&page).expect("the envelope is kept");
        assert_eq!(envelope.len(), 2);
        assert_eq!(envelope.get("traceId"), Some(&serde_json::json!("t-1")));
        assert_eq!(envelope.get("n"), Some(&serde_json::json!(2)));
        // `map` keeps it.
        assert!(Response::envelope(&Response::map(page, |p| p.messages.len())).is_some());
    }

    #[test]
    fn a_flat_body_decodes_as_before_without_an_envelope() {
        let page = enveloped(GOOD).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(page.messages.len(), 2);
        assert!(Response::envelope(&page).is_none());
        // A plain `success_json` never has one.
        assert!(raw(200, GOOD).success_json::<Page, ()>().map(|p| Response::envelope(&p).is_none()).unwrap_or(false));
    }

    #[test]
    fn a_body_matching_neither_shape_names_the_path_that_got_further() {
        // Wrapped, with a bad message inside: the path is inside the envelope.
        let (path, message) = decode_failure(enveloped(
            br#"{"data":{"messages":[{"id":"a","direction":"inbound"},{"id":"b","direction":"up"}],"nextPage":true}}"#,
        ));
        assert_eq!(path, "data.messages[1].direction");
        assert!(message.contains("up"), "{message}");
        // Flat, with a bad message: the flat path, even though the body has no `data`.
        let (path, _) =
            decode_failure(enveloped(br#"{"messages":[{"id":"a","direction":"sideways"}],"nextPage":true}"#));
        assert_eq!(path, "messages[0].direction");
        // The member is there but holds the wrong kind of value: the member is where it failed (the
        // flat reading failed at the root, for want of `messages`).
        let (path, message) = decode_failure(enveloped(br#"{"data":"nope"}"#));
        assert_eq!(path, "data");
        assert!(message.contains("invalid type"), "{message}");
        // Not an object at all, empty, or trailing garbage: as without an envelope.
        for body in [&b"[]"[..], b"", b"<html>502</html>"] {
            let (path, message) = decode_failure(enveloped(body));
            assert_eq!(path, ".", "{message}");
        }
        // A second document after a wrapped body: not one JSON value, so neither shape.
        let (path, message) = decode_failure(enveloped(br#"{"data":{"messages":[],"nextPage":true}} {}"#));
        assert_eq!(path, ".");
        assert!(message.contains("trailing"), "{message}");
        let (path, message) = decode_failure(enveloped(br#"{"messages":[],"nextPage":true} {}"#));
        assert_eq!(path, ".");
        assert!(message.contains("trailing"), "{message}");
    }
}
