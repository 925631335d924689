//! The client: configuration, and sending a request with timeouts and retries.
//!
//! A generated crate defines its own `Client` and `ClientBuilder` (with [`crate::client!`]) around
//! [`ClientCore`] and [`ClientConfig`], so that its operations can be methods of its `Client`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, USER_AGENT};
use reqwest::{Method, StatusCode, Url};

use super::auth::{bearer_header, BearerToken, Chosen, Credential, CredentialError, Credentials, SecurityScheme};
use super::body::Body;
use super::error::{Error, ResponseMeta};
use super::oauth::{SharedTokenSource, TokenError};
use super::pacing::{Pacer, Pacing};
use super::rate_limit::{RateLimit, RateLimitHeaderNames};
use super::request::RequestParts;
use super::response::{RawResponse, StreamedResponse};
use super::retry::{is_retryable_status, RetryBudget, RetryPolicy};

/// The per-attempt timeout used when none is configured.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The overall deadline of a call (every attempt and every wait) when none is configured.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// The largest response body read when none is configured.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// The most redirects one attempt follows; the redirect after them is the answer.
const MAX_REDIRECTS: usize = 10;

/// What the runtime needs to know of the spec, supplied by the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiInfo {
    /// The spec's first server, if it declares one.
    pub default_base_url: Option<&'static str>,
    /// The default `User-Agent`: the generated crate's name and version.
    pub user_agent: &'static str,
    /// The response headers that carry rate limits.
    pub rate_limit_headers: RateLimitHeaderNames,
}

/// Everything a consumer can configure; the generated `ClientBuilder` sets these fields.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub bearer_token: Option<BearerToken>,
    /// Where each call gets its bearer token, instead of `bearer_token` (see [`crate::oauth`]).
    pub token_source: Option<SharedTokenSource>,
    /// A credential per security scheme name (set with [`ClientConfig::set_credential`]).
    pub credentials: Vec<(&'static str, Credential)>,
    pub base_url: Option<String>,
    pub timeout: Duration,
    pub deadline: Duration,
    pub max_response_bytes: usize,
    pub retry: RetryPolicy,
    pub user_agent: Option<String>,
    pub http_client: Option<reqwest::Client>,
    /// Client-side pacing; off when `None`.
    pub pacing: Option<Pacing>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            bearer_token: None,
            token_source: None,
            credentials: Vec::new(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            user_agent: None,
            http_client: None,
            pacing: None,
        }
    }
}

impl ClientConfig {
    /// Sets the credential of the security scheme `scheme`, replacing an earlier one.
    pub fn set_credential(&mut self, scheme: &'static str, credential: Credential) {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
    }
}

/// The shared part of every generated client. Cheap to clone: the configuration and the
/// connection pool sit behind one `Arc`.
#[derive(Clone)]
pub struct ClientCore {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Validated, without a trailing '/'.
    base_url: String,
    /// The credentials, by security scheme, and the `bearer_token`.
    credentials: Credentials,
    user_agent: HeaderValue,
    timeout: Duration,
    deadline: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    budget: RetryBudget,
    rate_limit_headers: RateLimitHeaderNames,
    pacer: Option<Pacer>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("authenticated", &self.inner.credentials.any())
            .field("credentials", &self.inner.credentials.configured_names())
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("retry", &self.inner.retry)
            .field("pacing", &self.inner.pacer.is_some())
            .finish_non_exhaustive()
    }
}

/// Why no usable response came back: the request was not sent, no answer came in time, or the
/// answer was too large to read.
///
/// Converts into the matching [`Error`] variant of any operation with `?`.
#[derive(Debug)]
pub enum NoResponse {
    Timeout {
        after: Duration,
    },
    DeadlineExceeded {
        after: Duration,
        last_status: Option<StatusCode>,
    },
    Transport {
        source: reqwest::Error,
    },
    InvalidRequest {
        reason: String,
    },
    MissingCredentials {
        operation: &'static str,
        missing: Vec<Vec<&'static str>>,
    },
    TooLarge {
        response: Box<ResponseMeta>,
        limit: usize,
    },
    /// The token source could give no access token.
    Token {
        source: TokenError,
    },
}

impl<E> From<NoResponse> for Error<E> {
    fn from(failure: NoResponse) -> Self {
        match failure {
            NoResponse::Timeout { after } => Error::Timeout { after },
            NoResponse::DeadlineExceeded { after, last_status } => Error::DeadlineExceeded { after, last_status },
            NoResponse::Transport { source } => Error::Transport { source },
            NoResponse::InvalidRequest { reason } => Error::InvalidRequest { reason },
            NoResponse::MissingCredentials { operation, missing } => Error::MissingCredentials { operation, missing },
            NoResponse::TooLarge { response, limit } => Error::ResponseTooLarge { response, limit },
            NoResponse::Token { source } => Error::Token { source },
        }
    }
}

impl ClientCore {
    /// Validates `config` against what the spec says and creates the client; the generated
    /// `ClientBuilder::build` documents when it refuses.
    pub fn new(api: &ApiInfo, config: ClientConfig) -> Result<Self, BuildError> {
        Self::with_schemes(api, &[], config)
    }

    /// [`ClientCore::new`] for an API description that declares security schemes: every
    /// credential configured must be for one of `schemes`, and of its kind.
    pub fn with_schemes(
        api: &ApiInfo,
        schemes: &'static [SecurityScheme],
        config: ClientConfig,
    ) -> Result<Self, BuildError> {
        let base_url = validate_base_url(config.base_url.as_deref(), api.default_base_url)?;

        let bearer = match &config.bearer_token {
            None => None,
            Some(token) if token.expose().trim().is_empty() => return Err(BuildError::new(BuildErrorKind::EmptyToken)),
            Some(token) => {
                Some(bearer_header(token.expose()).ok_or_else(|| BuildError::new(BuildErrorKind::InvalidToken))?)
            }
        };
        let credentials = match config.token_source {
            Some(source) => Credentials::with_token_source(schemes, &config.credentials, source),
            None => Credentials::new(schemes, &config.credentials, bearer),
        }
        .map_err(|err| BuildError::new(BuildErrorKind::Credential(err)))?;

        let user_agent = config.user_agent.as_deref().unwrap_or(api.user_agent);
        let user_agent =
            HeaderValue::from_str(user_agent).map_err(|_| BuildError::new(BuildErrorKind::InvalidUserAgent))?;

        if config.timeout.is_zero() {
            return Err(BuildError::new(BuildErrorKind::ZeroTimeout));
        }
        if config.deadline.is_zero() {
            return Err(BuildError::new(BuildErrorKind::ZeroDeadline));
        }

        let http = match config.http_client {
            Some(http) => http,
            // Redirects are followed by `send`, which drops the credentials on a hop to another origin.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|source| BuildError::new(BuildErrorKind::HttpClient(source)))?,
        };

        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                user_agent,
                timeout: config.timeout,
                deadline: config.deadline,
                max_response_bytes: config.max_response_bytes,
                budget: RetryBudget::new(&config.retry),
                retry: config.retry,
                rate_limit_headers: api.rate_limit_headers,
                pacer: config.pacing.as_ref().map(Pacer::new),
            }),
        })
    }

    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends the request described by `parts`, retrying per the client's [`RetryPolicy`], and
    /// returns the final response whatever its status, its body read (within
    /// `max_response_bytes`). Only transport failures, timeouts, unbuildable requests and missing
    /// credentials are failures here; generated code interprets the status.
    ///
    /// A request whose body holds a stream is sent once, never retried.
    pub async fn execute(&self, parts: RequestParts) -> Result<RawResponse, NoResponse> {
        self.run(parts, &[]).await.map(StreamedResponse::into_read)
    }

    /// [`execute`](Self::execute) for an operation that streams its download: a response whose
    /// status is one of `stream_statuses` comes back with its body unread (for
    /// [`StreamedResponse::success_stream`]), without the `max_response_bytes` limit; any other is
    /// read whole, within the limit, as `execute` does. The per-attempt timeout and the deadline
    /// cover getting the status and headers; each chunk of a streamed body must then arrive
    /// within the per-attempt timeout (see [`crate::ByteStream`]).
    pub async fn execute_streaming(
        &self,
        parts: RequestParts,
        stream_statuses: &[u16],
    ) -> Result<StreamedResponse, NoResponse> {
        self.run(parts, stream_statuses).await
    }

    /// [`run_attempts`](Self::run_attempts), with the token of the call's token source if its
    /// credentials have one: a call answered `401` asks the source once for a new token and is
    /// sent once more (unless its body cannot be sent again); the second answer is the answer.
    async fn run(&self, parts: RequestParts, stream_statuses: &[u16]) -> Result<StreamedResponse, NoResponse> {
        let source = self.inner.credentials.choose(parts.security).ok().and_then(|c| c.token_source().cloned());
        let Some(source) = source else {
            return self.run_attempts(&parts, stream_statuses, None).await;
        };
        let token = source.access_token().await.map_err(|source| NoResponse::Token { source })?;
        let first = self.run_attempts(&parts, stream_statuses, Some(&token)).await?;
        let resendable = parts.body.as_ref().is_none_or(Body::is_resendable);
        if first.status() != StatusCode::UNAUTHORIZED || !resendable {
            return Ok(first);
        }
        drop(first);
        tracing::debug!(operation = parts.operation_id, "401: asking the token source for a new token");
        let token = source.rejected(&token).await.map_err(|source| NoResponse::Token { source })?;
        self.run_attempts(&parts, stream_statuses, Some(&token)).await
    }

    /// Sends the call, with retries; `token` is the bearer token of the call's token source.
    async fn run_attempts(
        &self,
        parts: &RequestParts,
        stream_statuses: &[u16],
        token: Option<&crate::Secret>,
    ) -> Result<StreamedResponse, NoResponse> {
        let inner = &*self.inner;
        let url = Url::parse(&parts.url(&inner.base_url)).map_err(|err| NoResponse::InvalidRequest {
            reason: format!("`{}`: the request URL is not valid: {err}", parts.operation_id),
        })?;
        let chosen = inner
            .credentials
            .choose(parts.security)
            .map_err(|missing| NoResponse::MissingCredentials { operation: parts.operation_id, missing })?;
        let headers = self.request_headers(parts);
        // The credentials' headers do not depend on the hop: added once, for every attempt.
        let mut credential_headers = headers.clone();
        chosen.apply_headers(&mut credential_headers);
        if let Some(token) = token {
            let value = bearer_header(token.expose()).ok_or_else(|| NoResponse::InvalidRequest {
                reason: "the token source gave a token that cannot be sent in a header".to_owned(),
            })?;
            credential_headers.insert(AUTHORIZATION, value);
        }
        let timeout = parts.timeout.unwrap_or(inner.timeout);
        let deadline = parts.deadline.unwrap_or(inner.deadline);
        // `None`: so far off that it cannot be written as an instant (`Duration::MAX`), i.e. no deadline.
        let deadline_at = Instant::now().checked_add(deadline);
        // A streamed body can be read once: its first attempt is its only one.
        let resendable = parts.body.as_ref().is_none_or(Body::is_resendable);
        let may_retry = inner.retry.allows_method(&parts.method) && resendable;
        let max_retries = if may_retry { inner.retry.retries() } else { 0 };
        // Every attempt's event carries these through the span.
        let span =
            tracing::info_span!("request", operation = parts.operation_id, method = %parts.method, path = %parts.path);
        let attempt_of = Attempt {
            inner,
            parts,
            url: &url,
            headers: &headers,
            credential_headers: &credential_headers,
            chosen: &chosen,
            stream_statuses,
            timeout,
        };

        let mut retry: u32 = 0;
        let mut last_status = None;
        loop {
            let attempt = retry.saturating_add(1);

            // Pacing waits within the deadline, not within the attempt's timeout.
            let slot = match &inner.pacer {
                Some(pacer) => {
                    let left = deadline_at.map_or(Duration::MAX, |at| at.saturating_duration_since(Instant::now()));
                    match tokio::time::timeout(left, pacer.acquire()).await {
                        Ok(slot) => Some(slot),
                        Err(_elapsed) => return Err(NoResponse::DeadlineExceeded { after: deadline, last_status }),
                    }
                }
                None => None,
            };
            // The attempt gets its own timeout or what is left of the deadline, whichever is less.
            let left = deadline_at.map_or(Duration::MAX, |at| at.saturating_duration_since(Instant::now()));
            let cut_by_deadline = left < timeout;
            let outcome = match tokio::time::timeout(timeout.min(left), attempt_of.send()).await {
                Ok(Ok(response)) => Ok(response),
                // A timeout of a caller's own `http_client` is a timeout too (retried as one).
                Ok(Err(NoResponse::Transport { source })) if source.is_timeout() => {
                    Err(NoResponse::Timeout { after: timeout })
                }
                Ok(Err(failure)) => Err(failure),
                Err(_elapsed) if cut_by_deadline => Err(NoResponse::DeadlineExceeded { after: deadline, last_status }),
                Err(_elapsed) => Err(NoResponse::Timeout { after: timeout }),
            };

            if let (Some(pacer), Ok(response)) = (&inner.pacer, &outcome) {
                pacer.observe(&RateLimit::from_headers(response.headers(), &inner.rate_limit_headers));
            }
            drop(slot);
            let retryable = match &outcome {
                Ok(response) => is_retryable_status(response.status()),
                Err(NoResponse::Timeout { .. }) => true,
                Err(NoResponse::Transport { source }) => !source.is_builder() && !source.is_redirect(),
                Err(_) => false,
            };
            let delay = (retryable && retry < max_retries)
                .then(|| inner.retry.delay(retry, outcome.as_ref().ok().map(StreamedResponse::headers)))
                // A retry that cannot even start before the deadline is not made: this outcome,
                // whatever it is, is more useful than a deadline error.
                .filter(|delay| match (deadline_at, Instant::now().checked_add(*delay)) {
                    (None, _) => true,
                    (Some(at), Some(resumes)) => resumes < at,
                    (Some(_), None) => false,
                })
                .filter(|_| inner.budget.withdraw(matches!(outcome, Err(NoResponse::Timeout { .. }))));

            let Some(delay) = delay else {
                if retry == 0 && !retryable {
                    inner.budget.refund();
                }
                span.in_scope(|| log_attempt(attempt, &outcome, None));
                return outcome;
            };
            span.in_scope(|| log_attempt(attempt, &outcome, Some(delay)));
            last_status = outcome.as_ref().ok().map(StreamedResponse::status);
            drop(outcome);
            tokio::time::sleep(delay).await;
            retry = attempt;
        }
    }

    /// Default headers, the body's `Content-Type`, then the operation's own headers (which win).
    /// Credentials are added by [`ClientCore::run`] and [`Attempt::send`].
    fn request_headers(&self, parts: &RequestParts) -> HeaderMap {
        let inner = &*self.inner;
        let mut headers = HeaderMap::with_capacity(4 + parts.headers.len());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, inner.user_agent.clone());
        if let Some(content_type) = parts.body.as_ref().and_then(Body::content_type) {
            headers.insert(CONTENT_TYPE, content_type);
        }
        for (name, value) in &parts.headers {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }
}

/// Everything one attempt needs.
struct Attempt<'a> {
    inner: &'a Inner,
    parts: &'a RequestParts,
    /// The request URL, on the client's origin, without query keys.
    url: &'a Url,
    /// Without credentials, for a hop to another origin.
    headers: &'a HeaderMap,
    /// `headers` with the chosen credentials' headers and cookies, for a hop to the client's origin.
    credential_headers: &'a HeaderMap,
    /// For the query keys, added per hop to the client's origin.
    chosen: &'a Chosen<'a>,
    stream_statuses: &'a [u16],
    /// The per-attempt timeout, which is also the idle timeout of a streamed body.
    timeout: Duration,
}

impl Attempt<'_> {
    /// One attempt: send, following redirects, then read the whole body (all inside the caller's
    /// timeout), refusing a body larger than the limit without reading past it. A status the
    /// operation streams is returned with its body unread.
    ///
    /// Redirects (301, 302, 303, 307, 308 with a `Location`, at most [`MAX_REDIRECTS`]) are
    /// followed here: credentials go only to the client's origin (scheme, host and port), so a
    /// hop to any other origin carries no `Authorization`, API key header, cookie or query key; a
    /// hop back to the client's origin carries them again. 303, and 301/302 after a POST, become a
    /// GET without body; otherwise the method and body are kept, and a body that cannot be sent
    /// again (a stream) ends the redirects there: the redirect response is the answer.
    async fn send(&self) -> Result<StreamedResponse, NoResponse> {
        let inner = self.inner;
        let origin = self.url.origin();
        let mut method = self.parts.method.clone();
        let mut url = self.url.clone();
        let mut with_body = self.parts.body.is_some();
        let mut hops = 0;
        loop {
            let mut request_url = url.clone();
            let mut headers = if url.origin() == origin {
                self.chosen.apply_query(&mut request_url);
                self.credential_headers.clone()
            } else {
                self.headers.clone()
            };
            if !with_body {
                headers.remove(CONTENT_TYPE);
            }
            let mut request = inner.http.request(method.clone(), request_url).headers(headers);
            if let Some(body) = self.parts.body.as_ref().filter(|_| with_body) {
                request = body
                    .attach(self.parts.operation_id, request)
                    .map_err(|invalid| NoResponse::InvalidRequest { reason: invalid.to_string() })?;
            }
            let request = request.build().map_err(|err| self.transport(err))?;
            let response = inner.http.execute(request).await.map_err(|err| self.transport(err))?;

            let status = response.status();
            if let Some(next) = redirect_target(&response, &url).filter(|_| hops < MAX_REDIRECTS) {
                let to_get = status == StatusCode::SEE_OTHER && method != Method::HEAD
                    || matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND) && method == Method::POST;
                let resends_body = with_body && !to_get;
                if !resends_body || self.parts.body.as_ref().is_none_or(Body::is_resendable) {
                    if to_get {
                        method = Method::GET;
                        with_body = false;
                    }
                    tracing::debug!(
                        status = status.as_u16(),
                        same_origin = (next.origin() == origin),
                        "following a redirect"
                    );
                    url = next;
                    hops += 1;
                    continue;
                }
            }
            return self.finish(response).await;
        }
    }

    /// The final response of an attempt: streamed, or read whole within the limit.
    async fn finish(&self, mut response: reqwest::Response) -> Result<StreamedResponse, NoResponse> {
        let inner = self.inner;
        let limit = inner.max_response_bytes;
        let rate_limit_headers = &inner.rate_limit_headers;
        let status: StatusCode = response.status();
        if self.stream_statuses.contains(&status.as_u16()) {
            let headers = std::mem::take(response.headers_mut());
            return Ok(StreamedResponse::streaming(status, headers, response, self.timeout, rate_limit_headers));
        }
        let too_large = |response: &mut reqwest::Response| {
            let headers = std::mem::take(response.headers_mut());
            NoResponse::TooLarge { response: Box::new(ResponseMeta::read(status, headers, rate_limit_headers)), limit }
        };
        let announced = response.content_length().unwrap_or(0);
        if announced > limit as u64 {
            return Err(too_large(&mut response));
        }
        let mut body = BytesMut::with_capacity(announced as usize);
        while let Some(chunk) = response.chunk().await.map_err(|err| self.transport(err))? {
            if body.len() + chunk.len() > limit {
                return Err(too_large(&mut response));
            }
            body.extend_from_slice(&chunk);
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(StreamedResponse::complete(RawResponse::new(status, headers, body.freeze(), rate_limit_headers)))
    }

    /// A transport failure, with the secret query parameters of its URL hidden.
    fn transport(&self, mut source: reqwest::Error) -> NoResponse {
        if let Some(url) = source.url_mut() {
            self.inner.credentials.redact(url);
        }
        NoResponse::Transport { source }
    }
}

/// Where a redirect response points, resolved against the URL it answered; `None` when it is not
/// a redirect, has no usable `Location`, or points to something other than http(s).
fn redirect_target(response: &reqwest::Response, current: &Url) -> Option<Url> {
    if !matches!(
        response.status(),
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    ) {
        return None;
    }
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let next = current.join(location).ok()?;
    matches!(next.scheme(), "http" | "https").then_some(next)
}

/// One event per attempt: how it ended and, if another follows, after what delay. Never headers.
fn log_attempt(attempt: u32, outcome: &Result<StreamedResponse, NoResponse>, retry_in: Option<Duration>) {
    match (outcome, retry_in) {
        (Ok(response), None) => {
            let status = response.status().as_u16();
            tracing::debug!(attempt, status, "response received")
        }
        (Err(failure), None) => tracing::debug!(attempt, result = %failure, "request failed"),
        (Ok(response), Some(delay)) => {
            let status = response.status().as_u16();
            tracing::info!(attempt, status, ?delay, "retryable status, retrying")
        }
        (Err(failure), Some(delay)) => {
            tracing::info!(attempt, result = %failure, ?delay, "attempt failed, retrying")
        }
    }
}

impl fmt::Display for NoResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoResponse::Timeout { after } => write!(f, "timed out after {after:?}"),
            NoResponse::Transport { source } => crate::error::write_with_causes(f, source),
            NoResponse::InvalidRequest { reason } => f.write_str(reason),
            NoResponse::MissingCredentials { operation, missing } => {
                write!(f, "`{operation}` requires credentials the client was not given: ")?;
                crate::error::write_missing(f, missing)
            }
            NoResponse::DeadlineExceeded { after, .. } => write!(f, "the deadline of {after:?} ran out"),
            NoResponse::TooLarge { response, limit } => {
                write!(f, "status {} with a body over {limit} bytes", response.status.as_u16())
            }
            NoResponse::Token { source } => write!(f, "no access token: {source}"),
        }
    }
}

/// Defines the generated crate's `Client` and `ClientBuilder` around [`ClientCore`] and
/// [`ClientConfig`], given a constant [`ApiInfo`]. The generated crate's operations are methods of
/// this `Client`, so it must be its own type; the consumer-facing docs of both live here, once.
#[doc(hidden)]
#[macro_export]
macro_rules! client {
    ($api:expr) => {
        $crate::client!($api, &[]);
    };
    ($api:expr, $schemes:expr) => {
        /// The API client. Cheap to clone (the configuration and the connection pool are shared), so
        /// clone it rather than building one per request.
        #[derive(Clone)]
        pub struct Client {
            core: $crate::__private::ClientCore,
        }

        impl ::core::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.core, f)
            }
        }

        impl Client {
            /// Starts configuring a client; usually only the credentials are needed.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { config: ::core::default::Default::default() }
            }

            /// The base URL requests go to (without a trailing `/`).
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }
        }

        /// Configures a [`Client`]; obtained from [`Client::builder`].
        #[derive(Debug, Clone)]
        #[must_use = "a `ClientBuilder` does nothing until `.build()`"]
        pub struct ClientBuilder {
            config: $crate::__private::ClientConfig,
        }

        impl ClientBuilder {
            /// The token sent as `Authorization: Bearer <token>`: with the requests of operations
            /// whose API description states no security, and for every bearer-like security
            /// scheme (http `bearer`, `oauth2`, `openIdConnect`) not given a credential of its own.
            pub fn bearer_token(mut self, token: impl Into<$crate::BearerToken>) -> Self {
                self.config.bearer_token = Some(token.into());
                self.config.token_source = None;
                self
            }

            /// Where each call gets the token sent as `Authorization: Bearer <token>`, instead of a
            /// fixed [`bearer_token`](Self::bearer_token) (which it replaces, for the same
            /// operations and schemes): e.g. an OAuth 2.0
            /// [`TokenManager`]($crate::oauth::TokenManager), which refreshes the token before it
            /// expires. A call answered `401` gets a new token from the source and is sent once
            /// more; when there is none, the call fails with `Error::Token`.
            pub fn token_source(mut self, source: impl Into<$crate::oauth::SharedTokenSource>) -> Self {
                self.config.token_source = Some(source.into());
                self.config.bearer_token = None;
                self
            }

            /// Sets the credential of a security scheme; what the generated per-scheme setters
            /// call.
            #[doc(hidden)]
            pub fn credential(mut self, scheme: &'static str, credential: $crate::__private::Credential) -> Self {
                self.config.set_credential(scheme, credential);
                self
            }

            /// Overrides the spec's default server, e.g. for a proxy or a mock server.
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.config.base_url = Some(base_url.into());
                self
            }

            /// The time limit for one attempt (sending plus reading the whole response); 30 s by
            /// default. Retries each get the full time again.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout = timeout;
                self
            }

            /// The overall time limit of one call: every attempt and every wait between attempts;
            /// 60 s by default. When it runs out during an attempt the call ends with
            /// `Error::DeadlineExceeded`; a retry that could not start before it is not made.
            pub fn deadline(mut self, deadline: ::std::time::Duration) -> Self {
                self.config.deadline = deadline;
                self
            }

            /// The largest response body the client reads, in bytes (8 MiB by default); a larger
            /// one ends the call with `Error::ResponseTooLarge`, and nothing past the limit is read.
            pub fn max_response_bytes(mut self, limit: usize) -> Self {
                self.config.max_response_bytes = limit;
                self
            }

            /// How failed attempts are retried (see [`RetryPolicy`]($crate::RetryPolicy)).
            pub fn retry_policy(mut self, retry: $crate::RetryPolicy) -> Self {
                self.config.retry = retry;
                self
            }

            /// Shortcut for changing only the number of retries of the current policy (0 disables
            /// them).
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.config.retry = self.config.retry.max_retries(max_retries);
                self
            }

            /// Replaces the default `User-Agent` (the generated crate's name and version).
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.config.user_agent = Some(user_agent.into());
                self
            }

            /// Paces the client's calls ([`Pacing`](crate::Pacing)): they wait for the rate limit's
            /// budget (configured, or reported by the API's rate-limit headers) instead of being
            /// sent to fail with `429`, and at most so many are in flight at once. Off by default.
            pub fn pacing(mut self, pacing: $crate::Pacing) -> Self {
                self.config.pacing = Some(pacing);
                self
            }

            /// Uses an existing `reqwest::Client` (proxy, TLS or pool settings) instead of a new one.
            ///
            /// Build it with `redirect(reqwest::redirect::Policy::none())`: this client follows
            /// redirects itself and sends credentials only to the configured origin, whereas a
            /// `reqwest::Client` that follows them carries API-key headers, and a `Referer` with
            /// the query string, to whatever origin it is sent.
            pub fn http_client(mut self, http_client: $crate::__private::reqwest::Client) -> Self {
                self.config.http_client = Some(http_client);
                self
            }

            /// Validates the configuration and creates the client.
            ///
            /// # Errors
            /// When no base URL is configured and the spec has none, when the base URL is not an
            /// absolute http(s) URL (or has credentials, a query or a fragment), when a token, key,
            /// password or the user agent is empty or cannot be sent, when the timeout is zero, or
            /// when the HTTP client cannot be created.
            pub fn build(self) -> ::core::result::Result<Client, $crate::BuildError> {
                $crate::__private::ClientCore::with_schemes(&$api, $schemes, self.config).map(|core| Client { core })
            }
        }
    };
}

/// The configured base URL (or the spec's default), checked and without a trailing '/'.
fn validate_base_url(configured: Option<&str>, default: Option<&str>) -> Result<String, BuildError> {
    let raw = configured.or(default).ok_or_else(|| BuildError::new(BuildErrorKind::NoBaseUrl))?;
    let url = Url::parse(raw).map_err(|err| BuildError::new(BuildErrorKind::BaseUrlUnparsable(err.to_string())))?;
    let invalid = |reason: String| Err(BuildError::new(BuildErrorKind::BaseUrlInvalid(reason)));
    if !url.username().is_empty() || url.password().is_some() {
        // Never echo the URL here: it contains credentials.
        return invalid("it must not contain credentials; use `bearer_token` instead".to_owned());
    }
    if url.scheme() != "http" && url.scheme() != "https" {
        return invalid(format!("scheme `{}` is not http or https", url.scheme()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return invalid(format!("`{url}` must not have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Why a generated `ClientBuilder::build` refused the configuration.
#[derive(Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug)]
enum BuildErrorKind {
    NoBaseUrl,
    BaseUrlUnparsable(String),
    BaseUrlInvalid(String),
    EmptyToken,
    InvalidToken,
    InvalidUserAgent,
    ZeroTimeout,
    ZeroDeadline,
    HttpClient(reqwest::Error),
    Credential(CredentialError),
}

impl BuildError {
    fn new(kind: BuildErrorKind) -> Self {
        Self { kind }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::NoBaseUrl => f.write_str(
                "no base URL: the API description declares no server, so set one with `ClientBuilder::base_url`",
            ),
            BuildErrorKind::BaseUrlUnparsable(err) => {
                write!(f, "invalid base URL: {err} (expected e.g. `https://api.example.com`)")
            }
            BuildErrorKind::BaseUrlInvalid(reason) => write!(f, "invalid base URL: {reason}"),
            BuildErrorKind::EmptyToken => f.write_str("the bearer token is empty"),
            BuildErrorKind::InvalidToken => {
                f.write_str("the bearer token contains characters not allowed in an HTTP header (such as a line break)")
            }
            BuildErrorKind::InvalidUserAgent => {
                f.write_str("the user agent contains characters not allowed in an HTTP header (such as a line break)")
            }
            BuildErrorKind::ZeroTimeout => f.write_str("the timeout must be greater than zero"),
            BuildErrorKind::ZeroDeadline => f.write_str("the deadline must be greater than zero"),
            BuildErrorKind::HttpClient(_) => f.write_str("the HTTP client could not be created"),
            BuildErrorKind::Credential(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            BuildErrorKind::HttpClient(source) => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{validate_base_url, ApiInfo};
    use crate::__private::RateLimitHeaderNames;
    use crate::RetryPolicy;
    use std::time::Duration;

    const API: ApiInfo = ApiInfo {
        default_base_url: None,
        user_agent: "runtime-tests/0",
        rate_limit_headers: RateLimitHeaderNames::NONE,
    };

    // The generated crate's `Client` and `ClientBuilder`, exactly as generated code defines them.
    crate::client!(API);

    fn base(configured: Option<&str>, default: Option<&str>) -> Result<String, String> {
        validate_base_url(configured, default).map_err(|e| e.to_string())
    }

    #[test]
    fn base_url_validation() {
        assert_eq!(base(Some("https://api.example.com/"), None), Ok("https://api.example.com".into()));
        assert_eq!(base(Some("http://127.0.0.1:8080/v1//"), None), Ok("http://127.0.0.1:8080/v1".into()));
        assert_eq!(base(None, Some("https://default.example")), Ok("https://default.example".into()));
        assert_eq!(
            base(Some("https://override.example"), Some("https://default.example")),
            Ok("https://override.example".into())
        );
        let none = base(None, None).unwrap_err_or_default();
        assert!(none.contains("base_url"), "{none}");
        let relative = base(Some("/v1"), None).unwrap_err_or_default();
        assert!(relative.starts_with("invalid base URL"), "{relative}");
        let scheme = base(Some("ftp://x.example"), None).unwrap_err_or_default();
        assert!(scheme.contains("`ftp`"), "{scheme}");
        let no_scheme = base(Some("localhost:8080"), None).unwrap_err_or_default();
        assert!(no_scheme.contains("not http or https"), "{no_scheme}");
        let query = base(Some("https://x.example/?a=1"), None).unwrap_err_or_default();
        assert!(query.contains("query"), "{query}");
        let creds = base(Some("https://user:hunter2@x.example"), None).unwrap_err_or_default();
        assert!(creds.contains("credentials") && !creds.contains("hunter2"), "{creds}");
    }

    trait UnwrapErr {
        fn unwrap_err_or_default(self) -> String;
    }
    impl UnwrapErr for Result<String, String> {
        fn unwrap_err_or_default(self) -> String {
            match self {
                Ok(ok) => format!("unexpectedly valid: {ok}"),
                Err(err) => err,
            }
        }
    }

    #[test]
    fn builder_and_debug_never_show_the_token() {
        let builder = Client::builder()
            .bearer_token("sk-secret-123")
            .base_url("https://api.example.com/")
            .timeout(Duration::from_secs(5))
            .retry_policy(RetryPolicy::none())
            .max_retries(1)
            .user_agent("test/1.0")
            .http_client(reqwest::Client::new())
            .deadline(Duration::from_secs(20))
            .max_response_bytes(1024)
            .pacing(crate::Pacing::new().max_concurrency(4));
        assert!(!format!("{builder:?}").contains("sk-secret-123"));
        let client = match builder.build() {
            Ok(client) => client,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(client.base_url(), "https://api.example.com");
        let debug = format!("{client:?} {:?}", client.clone());
        assert!(!debug.contains("sk-secret-123"), "{debug}");
        assert!(debug.contains("authenticated: true"), "{debug}");
        assert!(debug.contains("pacing: true"), "{debug}");
    }

    #[test]
    fn a_token_source_replaces_the_bearer_token() {
        let tokens = crate::oauth::TokenSet::new("sk-secret-123", None, None);
        let config = crate::oauth::OAuthConfig::new("https://h/token", "id", "sk-secret-456");
        let source = crate::oauth::TokenManager::new(config, crate::oauth::MemoryStore::with_tokens(tokens));
        let builder = Client::builder().base_url("https://api.example.com").bearer_token("sk-secret-789");
        let builder = builder.token_source(source);
        let debug = format!("{builder:?} {:?}", builder.clone().build().map_err(|e| e.to_string()));
        assert!(!debug.contains("sk-secret"), "{debug}");
        assert!(debug.contains("authenticated: true"), "{debug}");
    }

    #[test]
    fn credentials_need_a_declared_scheme() {
        let err = Client::builder()
            .base_url("https://api.example.com")
            .credential("apiKey", crate::__private::Credential::api_key("sk-secret-123"))
            .build()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("`apiKey`") && !err.contains("sk-secret-123"), "{err}");
    }

    #[test]
    fn builder_refusals() {
        let msg = |b: ClientBuilder| b.build().map(|_| ()).err().map(|e| e.to_string());
        let b = || Client::builder().base_url("https://api.example.com");
        let bad_token = msg(b().bearer_token("abc\r\nX-Injected: 1")).unwrap_or_default();
        assert!(bad_token.contains("bearer token") && !bad_token.contains("abc"), "{bad_token}");
        assert!(msg(b().bearer_token("  ")).unwrap_or_default().contains("empty"));
        assert!(msg(b().user_agent("a\nb")).unwrap_or_default().contains("user agent"));
        assert!(msg(b().timeout(Duration::ZERO)).unwrap_or_default().contains("timeout"));
        assert!(msg(b().deadline(Duration::ZERO)).unwrap_or_default().contains("deadline"));
        assert_eq!(msg(b()), None, "no token is allowed (unauthenticated APIs)");
    }
}
