//! Request bodies other than JSON: bytes or streams ([`Payload`]), form fields, and multipart
//! parts ([`FilePart`]).
//!
//! A body made only of bytes and text is kept as is and rebuilt for every attempt, so it is sent
//! again on a retry or a `307`/`308` redirect. A body holding a stream can be sent once: a call
//! whose body holds a stream is never retried (see [`Payload::stream`]).

use std::fmt;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::stream::BoxStream;
use futures_util::TryStreamExt as _;
use reqwest::header::HeaderValue;

use super::request::InvalidRequest;

/// The error type a caller's stream may yield.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Chunks = BoxStream<'static, Result<Bytes, BoxError>>;

/// The content of a binary request body or of a file part: bytes, which can be sent any number
/// of times, or a stream, which is read once, as it is sent, and never held in memory whole.
///
/// Cloning a stream payload shares the one stream: whichever clone is sent first consumes it.
#[derive(Clone)]
pub struct Payload {
    inner: PayloadInner,
}

#[derive(Clone)]
enum PayloadInner {
    Bytes(Bytes),
    Stream { stream: Arc<Mutex<Option<Chunks>>>, length: Option<u64> },
}

impl Payload {
    /// Bytes in memory; sent again, whole, on a retry.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self { inner: PayloadInner::Bytes(bytes.into()) }
    }

    /// A stream of chunks, read as the request is sent. `length`, when known, is announced
    /// (`Content-Length`, or the part's length in a multipart body); a stream that then yields a
    /// different number of bytes makes the request fail.
    ///
    /// A stream can be sent once: a call whose body holds one is not retried (its first failure
    /// or retryable status is its result), and a `307`/`308` redirect is not followed (the
    /// redirect is the result). An error the stream yields aborts the request, and the call ends
    /// with `Error::Transport`.
    pub fn stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let stream: Chunks = Box::pin(stream.err_into());
        Self { inner: PayloadInner::Stream { stream: Arc::new(Mutex::new(Some(stream))), length } }
    }

    /// The length in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.inner {
            PayloadInner::Bytes(bytes) => Some(bytes.len() as u64),
            PayloadInner::Stream { length, .. } => *length,
        }
    }

    /// Whether the payload is bytes of length 0.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether it can be sent again (it is bytes, not a stream).
    pub fn is_resendable(&self) -> bool {
        matches!(self.inner, PayloadInner::Bytes(_))
    }

    /// The bytes, when it is not a stream.
    pub(crate) fn as_bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            PayloadInner::Bytes(bytes) => Some(bytes),
            PayloadInner::Stream { .. } => None,
        }
    }

    /// The body to send: the bytes, or the stream taken out (an error if it was sent before).
    pub(crate) fn to_reqwest(&self, what: &dyn fmt::Display) -> Result<(reqwest::Body, Option<u64>), InvalidRequest> {
        match &self.inner {
            PayloadInner::Bytes(bytes) => Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64))),
            PayloadInner::Stream { stream, length } => {
                let taken = stream.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                match taken {
                    Some(stream) => Ok((reqwest::Body::wrap_stream(stream), *length)),
                    None => Err(InvalidRequest::new(format!(
                        "{what}: the stream was already sent; a streamed body can be sent only once"
                    ))),
                }
            }
        }
    }
}

impl fmt::Debug for Payload {
    /// Shows the kind and length, never the content.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            PayloadInner::Bytes(bytes) => f.debug_struct("Payload::Bytes").field("len", &bytes.len()).finish(),
            PayloadInner::Stream { stream, length } => {
                let sent = stream.lock().map_or(true, |guard| guard.is_none());
                f.debug_struct("Payload::Stream").field("length", length).field("sent", &sent).finish()
            }
        }
    }
}

impl From<Bytes> for Payload {
    fn from(bytes: Bytes) -> Self {
        Self::bytes(bytes)
    }
}

impl From<Vec<u8>> for Payload {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&'static [u8]> for Payload {
    fn from(bytes: &'static [u8]) -> Self {
        Self::bytes(bytes)
    }
}

impl From<String> for Payload {
    fn from(text: String) -> Self {
        Self::bytes(text)
    }
}

impl From<&'static str> for Payload {
    fn from(text: &'static str) -> Self {
        Self::bytes(text)
    }
}

/// A file in a `multipart/form-data` body: its content (bytes or a stream), and optionally a file
/// name and a media type.
///
/// ```
/// # use openapi_client_runtime::FilePart;
/// let part = FilePart::bytes(&b"%PDF-1.7"[..]).file_name("report.pdf").content_type("application/pdf");
/// ```
#[derive(Clone, Debug)]
pub struct FilePart {
    pub(crate) payload: Payload,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
}

impl FilePart {
    /// A file whose content is in memory; re-sent whole on a retry.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self::new(Payload::bytes(bytes))
    }

    /// A file read from a stream as it is sent, never held whole in memory. `length`, when
    /// known, is announced. A stream can be sent once: see [`Payload::stream`].
    pub fn stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self::new(Payload::stream(stream, length))
    }

    /// A file with the given content.
    pub fn new(payload: impl Into<Payload>) -> Self {
        Self { payload: payload.into(), file_name: None, content_type: None }
    }

    /// The file name sent with the part (`filename` of its `Content-Disposition`).
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's media type, e.g. `image/png`. Without one the operation's default applies
    /// (usually `application/octet-stream`). A value that is not a media type makes the call fail
    /// with `Error::InvalidRequest`, naming the part, before anything is sent.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// One part of a multipart body.
#[derive(Clone)]
pub(crate) enum Field {
    Text(String),
    Json(Bytes),
    File { part: FilePart, content_type: HeaderValue },
}

/// A request body, as generated code describes it; built into a `reqwest` body for each attempt.
#[derive(Clone)]
pub(crate) enum Body {
    /// `application/json`.
    Json(Bytes),
    /// `application/x-www-form-urlencoded`, already encoded.
    Form(String),
    /// Any other media type: bytes or a stream.
    Payload { content_type: HeaderValue, payload: Payload },
    /// `multipart/form-data`: named parts in order.
    Multipart(Vec<(String, Field)>),
}

impl Body {
    /// Whether the body can be sent more than once (it holds no stream).
    pub(crate) fn is_resendable(&self) -> bool {
        match self {
            Body::Json(_) | Body::Form(_) => true,
            Body::Payload { payload, .. } => payload.is_resendable(),
            Body::Multipart(fields) => fields.iter().all(|(_, field)| match field {
                Field::File { part, .. } => part.payload.is_resendable(),
                Field::Text(_) | Field::Json(_) => true,
            }),
        }
    }

    /// The `Content-Type` of a body that is not multipart (whose boundary is chosen per attempt).
    pub(crate) fn content_type(&self) -> Option<HeaderValue> {
        match self {
            Body::Json(_) => Some(HeaderValue::from_static("application/json")),
            Body::Form(_) => Some(HeaderValue::from_static("application/x-www-form-urlencoded")),
            Body::Payload { content_type, .. } => Some(content_type.clone()),
            Body::Multipart(_) => None,
        }
    }

    /// The exact bytes of a body that is neither multipart nor a stream (what a mock matches).
    #[cfg_attr(not(feature = "mock"), allow(dead_code))]
    pub(crate) fn exact_bytes(&self) -> Option<&[u8]> {
        match self {
            Body::Json(bytes) => Some(bytes),
            Body::Form(text) => Some(text.as_bytes()),
            Body::Payload { payload, .. } => payload.as_bytes().map(|b| &b[..]),
            Body::Multipart(_) => None,
        }
    }

    /// Adds the body to a request being built (for multipart, with its `Content-Type` and, when
    /// every part's length is known, its `Content-Length`).
    pub(crate) fn attach(
        &self,
        operation: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, InvalidRequest> {
        Ok(match self {
            Body::Json(bytes) => request.body(bytes.clone()),
            Body::Form(text) => request.body(text.clone()),
            Body::Payload { payload, .. } => {
                let (body, length) = payload.to_reqwest(&format_args!("`{operation}`: the request body"))?;
                match length {
                    Some(length) if !payload.is_resendable() => {
                        request.header(reqwest::header::CONTENT_LENGTH, length).body(body)
                    }
                    _ => request.body(body),
                }
            }
            Body::Multipart(fields) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, field) in fields {
                    let part = match field {
                        Field::Text(text) => reqwest::multipart::Part::text(text.clone()),
                        // The bytes themselves (shared, not copied), of known length.
                        Field::Json(bytes) => reqwest::multipart::Part::stream(bytes.clone())
                            .mime_str("application/json")
                            .map_err(|_| InvalidRequest::new("`application/json` is not a media type"))?,
                        Field::File { part, content_type } => {
                            let what = format_args!("`{operation}`: multipart part `{name}`");
                            let (body, length) = part.payload.to_reqwest(&what)?;
                            let mut built = match length {
                                Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                                None => reqwest::multipart::Part::stream(body),
                            };
                            if let Some(file_name) = &part.file_name {
                                built = built.file_name(file_name.clone());
                            }
                            let content_type = content_type.to_str().ok().unwrap_or_default();
                            built.mime_str(content_type).map_err(|_| {
                                InvalidRequest::new(format!("{what}: `{content_type}` is not a media type"))
                            })?
                        }
                    };
                    form = form.part(name.clone(), part);
                }
                request.multipart(form)
            }
        })
    }

    /// What `Debug` shows: the kind and size, never the content (a form may hold a password).
    pub(crate) fn describe(&self) -> String {
        match self {
            Body::Json(bytes) => format!("json, {} bytes", bytes.len()),
            Body::Form(text) => format!("form, {} bytes", text.len()),
            Body::Payload { content_type, payload } => {
                let kind = if payload.is_resendable() { "bytes" } else { "stream" };
                let length = payload.len().map_or_else(|| "unknown length".to_owned(), |n| format!("{n} bytes"));
                format!("{kind} ({}), {length}", content_type.to_str().unwrap_or("?"))
            }
            Body::Multipart(fields) => {
                let names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
                format!("multipart, parts {names:?}")
            }
        }
    }
}

/// Checks that `media_type` is one media type (not a range like `*/*` or `image/*`) that can be a
/// header value; `what` names the body or part in the refusal.
pub(crate) fn media_type(media_type: &str, what: &dyn fmt::Display) -> Result<HeaderValue, InvalidRequest> {
    let refuse = |why: &str| Err(InvalidRequest::new(format!("{what}: `{}` {why}", media_type.escape_debug())));
    let parsed: Option<mime::Mime> = media_type.parse().ok();
    let Some(parsed) = parsed.filter(|m| !m.type_().as_str().is_empty() && !m.subtype().as_str().is_empty()) else {
        return refuse("is not a media type (expected e.g. `application/octet-stream`)");
    };
    if parsed.type_() == mime::STAR || parsed.subtype() == mime::STAR {
        return refuse("is a media range, not one media type");
    }
    match HeaderValue::from_str(media_type) {
        Ok(value) => Ok(value),
        Err(_) => refuse("contains characters not allowed in an HTTP header"),
    }
}
