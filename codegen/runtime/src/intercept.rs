//! Consumers see and shape every call: interceptors that run around each attempt, and the options
//! of one call ([`CallOptions`]: extra headers and query parameters, a retry policy, a timeout, a
//! deadline, interceptors of this call only).
//!
//! An [`Interceptor`] is registered on the client builder (every call) or on one request builder
//! (that call only). Before every attempt, [`Interceptor::before_attempt`] sees the request that is
//! about to go out ([`AttemptRequest`]): it may read and change its headers and query, or refuse it.
//! After every attempt, [`Interceptor::after_attempt`] sees how it ended ([`AttemptOutcome`]):
//! status, headers, timing, the attempt's number, and whether another attempt follows.
//!
//! Order: the client's interceptors run first, then the call's, each in the order they were
//! registered; both hooks run in that same order. With none registered, nothing is allocated and
//! nothing is awaited.
//!
//! What an interceptor sees never holds a credential: the client adds its `Authorization`, API-key
//! headers, cookies and query keys after the interceptors ran, and only for the client's origin.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use super::request::{Encoding, InvalidRequest};
use super::retry::RetryPolicy;

/// The future an [`Interceptor`] hook returns: boxed, so that interceptors can be stored as
/// `Arc<dyn Interceptor>`; `Box::pin(async move { … })` makes one.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A hook around every attempt of a call. Both methods have a default that does nothing, so an
/// interceptor implements only what it needs.
///
/// ```
/// use openapi_client_runtime::{AttemptRequest, BoxFuture, Interceptor, Refusal};
///
/// /// Sends the tenant on every attempt.
/// struct Tenant(&'static str);
///
/// impl Interceptor for Tenant {
///     fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> BoxFuture<'a, Result<(), Refusal>> {
///         Box::pin(async move { request.set_header("x-tenant", self.0) })
///     }
/// }
/// ```
pub trait Interceptor: Send + Sync + 'static {
    /// Runs before every attempt (the first and each retry), after pacing let it go: it may change
    /// the request's headers and query. An `Err` refuses the request: nothing is sent and the call
    /// ends with `Error::InvalidRequest` naming the reason (a refusal is never retried).
    fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> BoxFuture<'a, Result<(), Refusal>> {
        let _ = request;
        Box::pin(std::future::ready(Ok(())))
    }

    /// Runs after every attempt, whatever its outcome (a response of any status, or a failure),
    /// before the wait for the next attempt if one follows.
    fn after_attempt<'a>(&'a self, outcome: &'a AttemptOutcome) -> BoxFuture<'a, ()> {
        let _ = outcome;
        Box::pin(std::future::ready(()))
    }
}

/// Why an interceptor refused a request (or could not change it as it wanted). Its text becomes
/// the reason of the call's `Error::InvalidRequest`: never put a secret in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    reason: String,
}

impl Refusal {
    /// A refusal with a human-readable reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into() }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Refusal {}

/// What identifies a call in hooks and spans.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallInfo<'a> {
    pub(crate) operation_id: &'a str,
    pub(crate) method: &'a Method,
    pub(crate) url_template: &'a str,
}

/// The request of one attempt, as an [`Interceptor`] sees it before it is sent: its headers (the
/// client's defaults, the operation's, the call's; never the credentials) and its query (without
/// the credentials' query keys), which the interceptor may change.
///
/// It dereferences to its [`AttemptInfo`]: `request.attempt()`, `request.url_template()`, ….
pub struct AttemptRequest {
    pub(crate) info: AttemptInfo,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
}

/// Which call and which attempt a hook sees (what [`AttemptRequest`] and [`AttemptOutcome`]
/// dereference to).
#[derive(Debug, Clone)]
pub struct AttemptInfo {
    pub(crate) operation_id: String,
    pub(crate) method: Method,
    pub(crate) url_template: String,
    pub(crate) attempt: u32,
}

impl AttemptInfo {
    pub(crate) fn new(call: &CallInfo<'_>, attempt: u32) -> Self {
        Self {
            operation_id: call.operation_id.to_owned(),
            method: call.method.clone(),
            url_template: call.url_template.to_owned(),
            attempt,
        }
    }

    /// The operation's `operationId` (for a request made with the client's `request`,
    /// [`RAW_OPERATION_ID`](crate::RAW_OPERATION_ID)).
    pub fn operation_id(&self) -> &str {
        &self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template, e.g. `/conversations/{conversationId}/messages`: never an id.
    pub fn url_template(&self) -> &str {
        &self.url_template
    }

    /// Which attempt: 1 for the first, 2 for the first retry, ….
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

impl std::ops::Deref for AttemptRequest {
    type Target = AttemptInfo;
    fn deref(&self) -> &AttemptInfo {
        &self.info
    }
}

impl std::ops::Deref for AttemptOutcome {
    type Target = AttemptInfo;
    fn deref(&self) -> &AttemptInfo {
        &self.info
    }
}

impl fmt::Debug for AttemptRequest {
    /// Header names only: their values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptRequest")
            .field("info", &self.info)
            .field("headers", &self.headers.keys().map(HeaderName::as_str).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl AttemptRequest {
    /// The request's path, its parameters filled in and percent-encoded.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string (percent-encoded, without the leading `?`; the credentials' query keys
    /// are added after the interceptors ran).
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The request headers, without the credentials.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request headers, to change. A credential header the client adds later replaces one of
    /// the same name set here.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// Sets a header, replacing earlier values of the same name; a name or value that cannot be
    /// sent (a line break, …) is a [`Refusal`] naming the header, never the value.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), Refusal> {
        let (name, value) = header_pair(name, value).map_err(|invalid| Refusal::new(invalid.to_string()))?;
        self.headers.insert(name, value);
        Ok(())
    }

    /// Appends the query parameter `name=value` (both percent-encoded).
    pub fn append_query(&mut self, name: &str, value: &str) {
        Encoding::Query.push_field(&mut self.query, name, [value], ',');
    }

    /// Replaces the query string (already encoded, without the leading `?`).
    pub fn set_query(&mut self, query: impl Into<String>) {
        self.query = query.into();
    }
}

/// How one attempt ended, as an [`Interceptor`] sees it afterwards. It dereferences to its
/// [`AttemptInfo`]: `outcome.attempt()`, `outcome.url_template()`, ….
pub struct AttemptOutcome {
    pub(crate) info: AttemptInfo,
    pub(crate) status: Option<StatusCode>,
    pub(crate) headers: Option<HeaderMap>,
    pub(crate) error_type: Option<String>,
    pub(crate) elapsed: Duration,
    pub(crate) retry_in: Option<Duration>,
}

impl fmt::Debug for AttemptOutcome {
    /// Header names only: their values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptOutcome")
            .field("info", &self.info)
            .field("status", &self.status)
            .field("error_type", &self.error_type)
            .field("elapsed", &self.elapsed)
            .field("retry_in", &self.retry_in)
            .finish_non_exhaustive()
    }
}

impl AttemptOutcome {
    /// The response's status, when a response arrived (also one whose body was too large).
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The response's headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers.as_ref()
    }

    /// Why the attempt failed, as OpenTelemetry's `error.type`: the status code (`"503"`) for a
    /// status of 400 or more, else `"timeout"`, `"deadline_exceeded"`, `"transport"`,
    /// `"response_too_large"`, `"invalid_request"` or `"missing_credentials"`; `None` for a
    /// success.
    pub fn error_type(&self) -> Option<&str> {
        self.error_type.as_deref()
    }

    /// How long the attempt took: sending, and reading the response.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// When another attempt follows: the wait before it.
    pub fn retry_in(&self) -> Option<Duration> {
        self.retry_in
    }
}

/// The options of one call: extra headers and query parameters, a retry policy, a per-attempt
/// timeout and an overall deadline that replace the client's, and interceptors that run after the
/// client's. Every request builder has a setter for each (`header`, `query`, `retry_policy`,
/// `timeout`, `deadline`, `interceptor`), and so does the client's `request`.
#[derive(Clone, Default)]
pub struct CallOptions {
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) interceptors: Interceptors,
}

/// Interceptors in the order they run; `Debug` shows how many.
#[derive(Clone, Default)]
pub struct Interceptors(Vec<Arc<dyn Interceptor>>);

impl Interceptors {
    /// Adds one after the others.
    pub fn push(&mut self, interceptor: impl Interceptor) {
        self.0.push(Arc::new(interceptor));
    }

    /// Adds `other`'s after these.
    pub(crate) fn extend(&mut self, other: &Interceptors) {
        self.0.extend(other.0.iter().cloned());
    }

    pub(crate) fn as_slice(&self) -> &[Arc<dyn Interceptor>] {
        &self.0
    }
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} interceptor(s)", self.0.len())
    }
}

impl fmt::Debug for CallOptions {
    /// Names only for headers and query parameters: their values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("headers", &self.headers.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("query", &self.query.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("interceptors", &self.interceptors)
            .finish()
    }
}

impl CallOptions {
    /// No option: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends the header `name: value` with this call, replacing a header of the same name that the
    /// operation or the client sets (but not a credential). A name or value that cannot be sent
    /// fails the call with `Error::InvalidRequest` before anything is sent.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Appends the query parameter `name=value` (both percent-encoded) after the operation's own.
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Retries this call per `retry` instead of the client's policy (the client's retry budget
    /// still applies).
    #[must_use]
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The time limit of each attempt of this call, instead of the client's.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The overall time limit of this call (every attempt and wait), instead of the client's.
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Adds an interceptor for this call only, run after the client's.
    #[must_use]
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(interceptor);
        self
    }

    /// The extra headers, checked.
    pub(crate) fn checked_headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, InvalidRequest> {
        self.headers.iter().map(|(name, value)| header_pair(name, value)).collect()
    }

    /// The extra query parameters.
    pub(crate) fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }
}

/// A header that can be sent, or why not (naming the header, never the value).
pub(crate) fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), InvalidRequest> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| InvalidRequest::new(format!("`{name}` is not a valid HTTP header name")))?;
    let header_value = HeaderValue::from_str(value).map_err(|_| {
        InvalidRequest::new(format!(
            "header `{name}`: value contains characters not allowed in an HTTP header (such as CR or LF)"
        ))
    })?;
    Ok((header_name, header_value))
}

/// The interceptors of a call: the client's, then the call's.
#[derive(Clone, Copy)]
pub(crate) struct Chain<'a> {
    pub(crate) client: &'a [Arc<dyn Interceptor>],
    pub(crate) call: &'a [Arc<dyn Interceptor>],
}

impl Chain<'_> {
    pub(crate) fn is_empty(&self) -> bool {
        self.client.is_empty() && self.call.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = &Arc<dyn Interceptor>> {
        self.client.iter().chain(self.call)
    }

    /// Runs every `before_attempt` in order; the first refusal stops the chain.
    pub(crate) async fn before(&self, request: &mut AttemptRequest) -> Result<(), Refusal> {
        for interceptor in self.iter() {
            interceptor.before_attempt(request).await?;
        }
        Ok(())
    }

    /// Runs every `after_attempt` in order.
    pub(crate) async fn after(&self, outcome: &AttemptOutcome) {
        for interceptor in self.iter() {
            interceptor.after_attempt(outcome).await;
        }
    }
}
