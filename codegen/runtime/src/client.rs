//! The client: configuration, and sending a request with timeouts and retries.
//!
//! A generated crate defines its own `Client` and `ClientBuilder` (ordinary generated items) around
//! [`ClientCore`] and [`ClientConfig`], so that its operations can be methods of its `Client`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use tracing::Instrument;

use super::auth::{bearer_header, BearerToken, Chosen, Credential, CredentialError, Credentials, SecurityScheme};
use super::body::Body;
use super::error::{Error, ResponseMeta};
use super::intercept::{AttemptInfo, AttemptRequest, Chain, Interceptor, Interceptors};
use super::oauth::{SharedTokenSource, TokenError};
use super::pacing::{Pacer, Pacing};
use super::rate_limit::{RateLimit, RateLimitHeaderNames};
use super::request::RequestParts;
use super::response::{RawResponse, StreamedResponse};
use super::retry::{is_retryable_status, RetryBudget, RetryPolicy};
use super::telemetry;

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

/// Everything a consumer can configure, set through builder-style methods: the generated
/// `ClientBuilder` holds one and delegates each of its setters (whose docs are the consumer's) to
/// the method of the same name here; [`ClientCore::with_schemes`] validates it.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    bearer_token: Option<BearerToken>,
    /// Where each call gets its bearer token, instead of `bearer_token` (see [`crate::oauth`]).
    token_source: Option<SharedTokenSource>,
    /// A credential per security scheme name.
    credentials: Vec<(&'static str, Credential)>,
    base_url: Option<String>,
    timeout: Duration,
    deadline: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    /// Client-side pacing; off when `None`.
    pacing: Option<Pacing>,
    /// Run around every attempt of every call, before the call's own.
    interceptors: Interceptors,
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
            interceptors: Interceptors::default(),
        }
    }
}

impl ClientConfig {
    /// The token for operations that state no security and for bearer-like schemes without one.
    pub fn bearer_token(mut self, token: impl Into<BearerToken>) -> Self {
        self.bearer_token = Some(token.into());
        self.token_source = None;
        self
    }

    /// Where each call gets its bearer token (an OAuth [`TokenManager`](crate::oauth::TokenManager)),
    /// instead of a fixed `bearer_token`, which it replaces.
    pub fn token_source(mut self, source: impl Into<SharedTokenSource>) -> Self {
        self.token_source = Some(source.into());
        self.bearer_token = None;
        self
    }

    /// The credential of the security scheme `scheme`, replacing an earlier one.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// The base URL, instead of the spec's first server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The time limit of one attempt (30 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit of one call, every attempt and wait included (60 s by default).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The largest response body read, in bytes (8 MiB by default).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How failed attempts are retried.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The number of retries of the current policy.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry = self.retry.max_retries(max_retries);
        self
    }

    /// The `User-Agent`, instead of the generated crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Client-side pacing (off by default).
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = Some(pacing);
        self
    }

    /// An interceptor run around every attempt of every call, after those added before it.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(interceptor);
        self
    }

    /// An existing `reqwest::Client`, instead of a new one.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
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
    interceptors: Interceptors,
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
            .field("interceptors", &self.inner.interceptors)
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
        last_response: Option<Box<ResponseMeta>>,
        last_body: Bytes,
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
            NoResponse::DeadlineExceeded { after, last_response, last_body } => {
                Error::DeadlineExceeded { after, last_response, last_body }
            }
            NoResponse::Transport { source } => Error::Transport { source },
            NoResponse::InvalidRequest { reason } => Error::InvalidRequest { reason },
            NoResponse::MissingCredentials { operation, missing } => Error::MissingCredentials { operation, missing },
            NoResponse::TooLarge { response, limit } => Error::ResponseTooLarge { response, limit },
            NoResponse::Token { source } => Error::Token { source },
        }
    }
}

impl NoResponse {
    /// OpenTelemetry's `error.type` of the failure.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            NoResponse::Timeout { .. } => "timeout",
            NoResponse::DeadlineExceeded { .. } => "deadline_exceeded",
            NoResponse::Transport { .. } => "transport",
            NoResponse::InvalidRequest { .. } => "invalid_request",
            NoResponse::MissingCredentials { .. } => "missing_credentials",
            NoResponse::TooLarge { .. } => "response_too_large",
            NoResponse::Token { .. } => "token",
        }
    }

    /// The deadline ended the call; `last` is the last response that arrived, if one did.
    fn deadline_exceeded(after: Duration, last: Option<RawResponse>) -> Self {
        match last.map(RawResponse::into_parts) {
            Some((meta, body)) => {
                NoResponse::DeadlineExceeded { after, last_response: Some(Box::new(meta)), last_body: body }
            }
            None => NoResponse::DeadlineExceeded { after, last_response: None, last_body: Bytes::new() },
        }
    }
}

/// A token from the call's token source, within the call's deadline (`deadline_at`, of length `deadline`).
async fn token_within(
    deadline: Duration,
    deadline_at: Option<Instant>,
    token: impl std::future::Future<Output = Result<crate::Secret, crate::oauth::TokenError>>,
) -> Result<crate::Secret, NoResponse> {
    let token = match deadline_at {
        Some(at) => tokio::time::timeout_at(at.into(), token)
            .await
            .map_err(|_elapsed| NoResponse::deadline_exceeded(deadline, None))?,
        None => token.await,
    };
    token.map_err(|source| NoResponse::Token { source })
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
                interceptors: config.interceptors,
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

    /// [`run_spanned`](Self::run_spanned), with the token of the call's token source if its
    /// credentials have one: a call answered `401` asks the source once for a new token and is
    /// sent once more (unless its body cannot be sent again); the second answer is the answer.
    /// One deadline covers it all (DESIGN rule 8): getting the token, the first sending, the
    /// refresh and the second sending share what is left of it.
    async fn run(&self, parts: RequestParts, stream_statuses: &[u16]) -> Result<StreamedResponse, NoResponse> {
        let deadline = parts.deadline.unwrap_or(self.inner.deadline);
        // `None`: so far off that it cannot be written as an instant (`Duration::MAX`), i.e. no deadline.
        let deadline_at = Instant::now().checked_add(deadline);
        let source = self.inner.credentials.choose(parts.security).ok().and_then(|c| c.token_source().cloned());
        let Some(source) = source else {
            return self.run_spanned(&parts, stream_statuses, None, deadline_at).await;
        };
        let token = token_within(deadline, deadline_at, source.access_token()).await?;
        let first = self.run_spanned(&parts, stream_statuses, Some(&token), deadline_at).await?;
        let resendable = parts.body.as_ref().is_none_or(Body::is_resendable);
        if first.status() != StatusCode::UNAUTHORIZED || !resendable {
            return Ok(first);
        }
        drop(first);
        tracing::debug!(operation = parts.operation_id, "401: asking the token source for a new token");
        let token = token_within(deadline, deadline_at, source.rejected(&token)).await?;
        self.run_spanned(&parts, stream_statuses, Some(&token), deadline_at).await
    }

    /// One call in its span, with retries; `token` is the bearer token of the call's token source.
    async fn run_spanned(
        &self,
        parts: &RequestParts,
        stream_statuses: &[u16],
        token: Option<&crate::Secret>,
        deadline_at: Option<Instant>,
    ) -> Result<StreamedResponse, NoResponse> {
        let inner = &*self.inner;
        let url = Url::parse(&parts.url(&inner.base_url)).map_err(|err| NoResponse::InvalidRequest {
            reason: format!("`{}`: the request URL is not valid: {err}", parts.operation_id),
        })?;
        let info = parts.call_info();
        let call_span = telemetry::call_span(&info, &url);
        let outcome = self
            .run_in(parts, &url, stream_statuses, token, deadline_at, &call_span)
            .instrument(call_span.clone())
            .await;
        telemetry::record_outcome(&call_span, &outcome);
        outcome
    }

    /// [`run_spanned`](Self::run_spanned) inside the call's span: every attempt, and the waits between them.
    async fn run_in(
        &self,
        parts: &RequestParts,
        url: &Url,
        stream_statuses: &[u16],
        token: Option<&crate::Secret>,
        deadline_at: Option<Instant>,
        call_span: &tracing::Span,
    ) -> Result<StreamedResponse, NoResponse> {
        let inner = &*self.inner;
        let chosen = inner
            .credentials
            .choose(parts.security)
            .map_err(|missing| NoResponse::MissingCredentials { operation: parts.operation_id, missing })?;
        let headers = self.request_headers(parts);
        // Without interceptors the credentials' headers do not depend on the attempt: added once.
        // The token source's token, when the credentials have one, is the `Authorization` header.
        let token = token
            .map(|token| {
                bearer_header(token.expose()).ok_or_else(|| NoResponse::InvalidRequest {
                    reason: "the token source gave a token that cannot be sent in a header".to_owned(),
                })
            })
            .transpose()?;
        let mut credential_headers = headers.clone();
        apply_credentials(&chosen, token.as_ref(), &mut credential_headers);
        let chain = Chain { client: inner.interceptors.as_slice(), call: parts.interceptors.as_slice() };
        let retry_policy = parts.retry.as_ref().unwrap_or(&inner.retry);
        let timeout = parts.timeout.unwrap_or(inner.timeout);
        // The call's overall deadline, set once in `run` (so a retry after a refresh gets what is left).
        let deadline = parts.deadline.unwrap_or(inner.deadline);
        let left = || deadline_at.map_or(Duration::MAX, |at| at.saturating_duration_since(Instant::now()));
        // A streamed body can be read once: its first attempt is its only one.
        let resendable = parts.body.as_ref().is_none_or(Body::is_resendable);
        let may_retry = retry_policy.allows_method(&parts.method) && resendable;
        let max_retries = if may_retry { retry_policy.retries() } else { 0 };
        let info = parts.call_info();
        let attempt_of = Attempt {
            inner,
            parts,
            url,
            headers: &headers,
            credential_headers: &credential_headers,
            chosen: &chosen,
            token: token.as_ref(),
            chain,
            stream_statuses,
            timeout,
        };

        let mut retry: u32 = 0;
        // The last response that arrived, kept for the deadline error.
        let mut last: Option<RawResponse> = None;
        loop {
            let attempt = retry.saturating_add(1);

            // Pacing waits within the deadline, not within the attempt's timeout.
            let slot = match &inner.pacer {
                Some(pacer) => {
                    let waiting = Instant::now();
                    match tokio::time::timeout(left(), pacer.acquire()).await {
                        Ok(slot) => {
                            telemetry::pacing_wait(waiting.elapsed());
                            Some(slot)
                        }
                        Err(_elapsed) => return Err(NoResponse::deadline_exceeded(deadline, last)),
                    }
                }
                None => None,
            };
            // The attempt gets its own timeout or what is left of the deadline, whichever is less.
            let left_now = left();
            let cut_by_deadline = left_now < timeout;
            let attempt_span = telemetry::attempt_span(call_span, &info, url, attempt);
            let started = Instant::now();
            let sent = attempt_of.send(attempt).instrument(attempt_span.clone());
            let outcome = match tokio::time::timeout(timeout.min(left_now), sent).await {
                Ok(Ok(response)) => Ok(response),
                // A timeout of a caller's own `http_client` is a timeout too (retried as one).
                Ok(Err(NoResponse::Transport { source })) if source.is_timeout() => {
                    Err(NoResponse::Timeout { after: timeout })
                }
                Ok(Err(failure)) => Err(failure),
                Err(_elapsed) if cut_by_deadline => Err(NoResponse::deadline_exceeded(deadline, last.take())),
                Err(_elapsed) => Err(NoResponse::Timeout { after: timeout }),
            };
            let elapsed = started.elapsed();
            telemetry::record_outcome(&attempt_span, &outcome);
            drop(attempt_span);

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
            // The one deadline rule: when the deadline is why no further attempt is made (it ran
            // out, or the wait before the next retry reaches past it), the call ends with
            // `DeadlineExceeded`, which keeps the last response that arrived.
            let mut past_deadline = false;
            let delay = if retryable && retry < max_retries {
                let delay = retry_policy.delay(retry, outcome.as_ref().ok().map(StreamedResponse::headers));
                let fits = match (deadline_at, Instant::now().checked_add(delay)) {
                    (None, _) => true,
                    (Some(at), Some(resumes)) => resumes < at,
                    (Some(_), None) => false,
                };
                past_deadline = !fits;
                (fits && inner.budget.withdraw(matches!(outcome, Err(NoResponse::Timeout { .. })))).then_some(delay)
            } else {
                None
            };
            if !chain.is_empty() {
                chain.after(&telemetry::attempt_outcome(&info, attempt, &outcome, elapsed, delay)).await;
            }

            let Some(delay) = delay else {
                if retry == 0 && !retryable {
                    inner.budget.refund();
                }
                telemetry::log_attempt(attempt, &outcome, None);
                if past_deadline {
                    if let Ok(response) = outcome {
                        last = Some(response.into_read());
                    }
                    return Err(NoResponse::deadline_exceeded(deadline, last));
                }
                return outcome;
            };
            telemetry::log_attempt(attempt, &outcome, Some(delay));
            if let Ok(response) = outcome {
                last = Some(response.into_read());
            }
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

/// The chosen credentials' headers and cookies, and the token source's `Authorization`.
fn apply_credentials(chosen: &Chosen<'_>, token: Option<&HeaderValue>, headers: &mut HeaderMap) {
    chosen.apply_headers(headers);
    if let Some(token) = token {
        headers.insert(AUTHORIZATION, token.clone());
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
    /// The `Authorization` header of the call's token source, if its credentials have one.
    token: Option<&'a HeaderValue>,
    /// The interceptors, which may change the headers and query of each attempt.
    chain: Chain<'a>,
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
    async fn send(&self, attempt: u32) -> Result<StreamedResponse, NoResponse> {
        if self.chain.is_empty() {
            return self.send_as(self.url.clone(), self.headers, self.credential_headers).await;
        }
        // The interceptors see the request without credentials, and may change it.
        let parts = self.parts;
        let call = parts.call_info();
        let mut request = AttemptRequest {
            info: AttemptInfo::new(&call, attempt),
            path: parts.path.clone(),
            query: parts.query.clone(),
            headers: self.headers.clone(),
        };
        self.chain.before(&mut request).await.map_err(|refusal| NoResponse::InvalidRequest {
            reason: format!("`{}`: an interceptor refused the request: {refusal}", parts.operation_id),
        })?;
        let url =
            Url::parse(&RequestParts::url_of(&self.inner.base_url, &request.path, &request.query)).map_err(|err| {
                NoResponse::InvalidRequest {
                    reason: format!("`{}`: the request URL is not valid: {err}", parts.operation_id),
                }
            })?;
        let mut credential_headers = request.headers.clone();
        apply_credentials(self.chosen, self.token, &mut credential_headers);
        self.send_as(url, &request.headers, &credential_headers).await
    }

    /// [`send`](Self::send) of the request to `url` with `headers` (for another origin) or
    /// `credential_headers` (for the client's).
    async fn send_as(
        &self,
        url: Url,
        headers: &HeaderMap,
        credential_headers: &HeaderMap,
    ) -> Result<StreamedResponse, NoResponse> {
        let inner = self.inner;
        let origin = self.url.origin();
        let mut method = self.parts.method.clone();
        let mut url = url;
        let mut with_body = self.parts.body.is_some();
        let mut hops = 0;
        loop {
            let mut request_url = url.clone();
            let mut headers = if url.origin() == origin {
                self.chosen.apply_query(&mut request_url);
                credential_headers.clone()
            } else {
                headers.clone()
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
        // A body that arrives in one chunk is kept as it came (no copy, no second buffer of its
        // size); one in several chunks is copied into one buffer, sized as announced, as it arrives.
        let mut first: Option<Bytes> = None;
        let mut joined = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(|err| self.transport(err))? {
            let read = first.as_ref().map_or(0, Bytes::len) + joined.len();
            if read + chunk.len() > limit {
                return Err(too_large(&mut response));
            }
            if first.is_none() && joined.is_empty() {
                first = Some(chunk);
                continue;
            }
            if let Some(earlier) = first.take() {
                joined.reserve((announced as usize).max(earlier.len() + chunk.len()));
                joined.extend_from_slice(&earlier);
            }
            joined.extend_from_slice(&chunk);
        }
        let headers = std::mem::take(response.headers_mut());
        let body = first.unwrap_or_else(|| joined.freeze());
        Ok(StreamedResponse::complete(RawResponse::new(status, headers, body, rate_limit_headers)))
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
    use super::{validate_base_url, ApiInfo, ClientConfig, ClientCore};
    use crate::support::RateLimitHeaderNames;
    use crate::RetryPolicy;
    use std::time::Duration;

    const API: ApiInfo = ApiInfo {
        default_base_url: None,
        user_agent: "runtime-tests/0",
        rate_limit_headers: RateLimitHeaderNames::NONE,
    };

    // What a generated `ClientBuilder` is (it delegates every setter) and what its `build()` calls.
    type ClientBuilder = ClientConfig;
    struct Client;
    impl Client {
        fn builder() -> ClientBuilder {
            ClientConfig::default()
        }
    }
    trait Build {
        fn build(self) -> Result<ClientCore, super::BuildError>;
    }
    impl Build for ClientBuilder {
        fn build(self) -> Result<ClientCore, super::BuildError> {
            ClientCore::new(&API, self)
        }
    }

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
            .pacing(crate::Pacing::new().max_concurrency(4))
            .interceptor(Noop);
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
        assert!(debug.contains("interceptors: 1 interceptor(s)"), "{debug}");
        let raw = client
            .request(reqwest::Method::GET, "/a/{id}")
            .path_param("id", "sk-secret-123")
            .header("x", "sk-secret-123");
        let raw = format!("{raw:?}");
        assert!(!raw.contains("sk-secret-123") && raw.contains("/a/{id}"), "{raw}");
    }

    /// An interceptor that does nothing (the trait's defaults).
    struct Noop;
    impl crate::Interceptor for Noop {}

    #[test]
    fn credentials_need_a_declared_scheme() {
        let err = Client::builder()
            .base_url("https://api.example.com")
            .credential("apiKey", crate::support::Credential::api_key("sk-secret-123"))
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
