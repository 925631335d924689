//! The client: configuration, and sending a request with timeouts and retries.
//!
//! A generated crate defines its own `Client` and `ClientBuilder` (with [`crate::client!`]) around
//! [`ClientCore`] and [`ClientConfig`], so that its operations can be methods of its `Client`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{StatusCode, Url};

use super::auth::BearerToken;
use super::error::Error;
use super::rate_limit::{RateLimit, RateLimitHeaderNames};
use super::request::RequestParts;
use super::response::RawResponse;
use super::retry::{is_retryable_status, RetryBudget, RetryPolicy};

/// The per-attempt timeout used when none is configured.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The overall deadline of a call (every attempt and every wait) when none is configured.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// The largest response body read when none is configured.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

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
    pub base_url: Option<String>,
    pub timeout: Duration,
    pub deadline: Duration,
    pub max_response_bytes: usize,
    pub retry: RetryPolicy,
    pub user_agent: Option<String>,
    pub http_client: Option<reqwest::Client>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            bearer_token: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            user_agent: None,
            http_client: None,
        }
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
    /// `Bearer <token>`, marked sensitive.
    authorization: Option<HeaderValue>,
    user_agent: HeaderValue,
    timeout: Duration,
    deadline: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    budget: RetryBudget,
    rate_limit_headers: RateLimitHeaderNames,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("authenticated", &self.inner.authorization.is_some())
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Why no usable response came back: the request was not sent, no answer came in time, or the
/// answer was too large to read.
///
/// Converts into the matching [`Error`] variant of any operation with `?`.
#[derive(Debug)]
pub enum NoResponse {
    Timeout { after: Duration },
    DeadlineExceeded { after: Duration, last_status: Option<StatusCode> },
    Transport { source: reqwest::Error },
    InvalidRequest { reason: String },
    TooLarge { status: StatusCode, headers: HeaderMap, rate_limit: RateLimit, limit: usize },
}

impl<E> From<NoResponse> for Error<E> {
    fn from(failure: NoResponse) -> Self {
        match failure {
            NoResponse::Timeout { after } => Error::Timeout { after },
            NoResponse::DeadlineExceeded { after, last_status } => Error::DeadlineExceeded { after, last_status },
            NoResponse::Transport { source } => Error::Transport { source },
            NoResponse::InvalidRequest { reason } => Error::InvalidRequest { reason },
            NoResponse::TooLarge { status, headers, rate_limit, limit } => {
                Error::ResponseTooLarge { status, headers: Box::new(headers), rate_limit: Box::new(rate_limit), limit }
            }
        }
    }
}

impl ClientCore {
    /// Validates `config` against what the spec says and creates the client; the generated
    /// `ClientBuilder::build` documents when it refuses.
    pub fn new(api: &ApiInfo, config: ClientConfig) -> Result<Self, BuildError> {
        let base_url = validate_base_url(config.base_url.as_deref(), api.default_base_url)?;

        let authorization = match &config.bearer_token {
            None => None,
            Some(token) if token.expose().trim().is_empty() => return Err(BuildError::new(BuildErrorKind::EmptyToken)),
            Some(token) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                    .map_err(|_| BuildError::new(BuildErrorKind::InvalidToken))?;
                value.set_sensitive(true);
                Some(value)
            }
        };

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
            None => reqwest::Client::builder()
                .build()
                .map_err(|source| BuildError::new(BuildErrorKind::HttpClient(source)))?,
        };

        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                user_agent,
                timeout: config.timeout,
                deadline: config.deadline,
                max_response_bytes: config.max_response_bytes,
                budget: RetryBudget::new(&config.retry),
                retry: config.retry,
                rate_limit_headers: api.rate_limit_headers,
            }),
        })
    }

    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends the request described by `parts`, retrying per the client's [`RetryPolicy`], and
    /// returns the final response whatever its status. Only transport failures, timeouts and
    /// unbuildable URLs are failures here; generated code interprets the status.
    pub async fn execute(&self, parts: RequestParts) -> Result<RawResponse, NoResponse> {
        let inner = &*self.inner;
        let url = Url::parse(&parts.url(&inner.base_url)).map_err(|err| NoResponse::InvalidRequest {
            reason: format!("`{}`: the request URL is not valid: {err}", parts.operation_id),
        })?;
        let headers = self.request_headers(&parts);
        let timeout = parts.timeout.unwrap_or(inner.timeout);
        let deadline = parts.deadline.unwrap_or(inner.deadline);
        // `None`: so far off that it cannot be written as an instant (`Duration::MAX`), i.e. no deadline.
        let deadline_at = Instant::now().checked_add(deadline);
        let may_retry = inner.retry.allows_method(&parts.method);
        let max_retries = if may_retry { inner.retry.retries() } else { 0 };
        // Every attempt's event carries these through the span.
        let span =
            tracing::info_span!("request", operation = parts.operation_id, method = %parts.method, path = %parts.path);

        let mut retry: u32 = 0;
        let mut last_status = None;
        loop {
            let attempt = retry.saturating_add(1);
            let mut request = reqwest::Request::new(parts.method.clone(), url.clone());
            *request.headers_mut() = headers.clone();
            if let Some(body) = &parts.body {
                *request.body_mut() = Some(body.clone().into());
            }

            // The attempt gets its own timeout or what is left of the deadline, whichever is less.
            let left = deadline_at.map_or(Duration::MAX, |at| at.saturating_duration_since(Instant::now()));
            let cut_by_deadline = left < timeout;
            let sent = send(&inner.http, request, inner.max_response_bytes, &inner.rate_limit_headers);
            let outcome = match tokio::time::timeout(timeout.min(left), sent).await {
                Ok(Ok(response)) => Ok(response),
                // A timeout of a caller's own `http_client` is a timeout too (retried as one).
                Ok(Err(NoResponse::Transport { source })) if source.is_timeout() => {
                    Err(NoResponse::Timeout { after: timeout })
                }
                Ok(Err(failure)) => Err(failure),
                Err(_elapsed) if cut_by_deadline => Err(NoResponse::DeadlineExceeded { after: deadline, last_status }),
                Err(_elapsed) => Err(NoResponse::Timeout { after: timeout }),
            };

            let retryable = match &outcome {
                Ok(response) => is_retryable_status(response.status()),
                Err(NoResponse::Timeout { .. }) => true,
                Err(NoResponse::Transport { source }) => !source.is_builder() && !source.is_redirect(),
                Err(_) => false,
            };
            let delay = (retryable && retry < max_retries)
                .then(|| inner.retry.delay(retry, outcome.as_ref().ok().map(RawResponse::headers)))
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
            last_status = outcome.as_ref().ok().map(RawResponse::status);
            drop(outcome);
            tokio::time::sleep(delay).await;
            retry = attempt;
        }
    }

    /// Default headers, then the operation's own (which win).
    fn request_headers(&self, parts: &RequestParts) -> HeaderMap {
        let inner = &*self.inner;
        let mut headers = HeaderMap::with_capacity(4 + parts.headers.len());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, inner.user_agent.clone());
        if let Some(authorization) = &inner.authorization {
            headers.insert(AUTHORIZATION, authorization.clone());
        }
        if parts.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        for (name, value) in &parts.headers {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }
}

/// One attempt: send, then read the whole body (both inside the caller's timeout), refusing a
/// body larger than `limit` without reading past it.
async fn send(
    http: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
    rate_limit_headers: &RateLimitHeaderNames,
) -> Result<RawResponse, NoResponse> {
    let transport = |source: reqwest::Error| NoResponse::Transport { source };
    let mut response = http.execute(request).await.map_err(transport)?;
    let status: StatusCode = response.status();
    let too_large = |response: &mut reqwest::Response| {
        let headers = std::mem::take(response.headers_mut());
        let rate_limit = RateLimit::from_headers(&headers, rate_limit_headers);
        NoResponse::TooLarge { status, headers, rate_limit, limit }
    };
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Err(too_large(&mut response));
    }
    let mut body = BytesMut::with_capacity(announced as usize);
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large(&mut response));
        }
        body.extend_from_slice(&chunk);
    }
    let headers = std::mem::take(response.headers_mut());
    Ok(RawResponse::new(status, headers, body.freeze(), rate_limit_headers))
}

/// One event per attempt: how it ended and, if another follows, after what delay. Never headers.
fn log_attempt(attempt: u32, outcome: &Result<RawResponse, NoResponse>, retry_in: Option<Duration>) {
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
            NoResponse::DeadlineExceeded { after, .. } => write!(f, "the deadline of {after:?} ran out"),
            NoResponse::TooLarge { status, limit, .. } => {
                write!(f, "status {} with a body over {limit} bytes", status.as_u16())
            }
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
            /// The token sent as `Authorization: Bearer <token>` with every request.
            pub fn bearer_token(mut self, token: impl Into<$crate::BearerToken>) -> Self {
                self.config.bearer_token = Some(token.into());
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

            /// Uses an existing `reqwest::Client` (proxy, TLS or pool settings) instead of a new one.
            pub fn http_client(mut self, http_client: $crate::__private::reqwest::Client) -> Self {
                self.config.http_client = Some(http_client);
                self
            }

            /// Validates the configuration and creates the client.
            ///
            /// # Errors
            /// When no base URL is configured and the spec has none, when the base URL is not an
            /// absolute http(s) URL (or has credentials, a query or a fragment), when the token or
            /// user agent cannot be sent as a header, when the timeout is zero, or when the HTTP
            /// client cannot be created.
            pub fn build(self) -> ::core::result::Result<Client, $crate::BuildError> {
                $crate::__private::ClientCore::new(&$api, self.config).map(|core| Client { core })
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

/// Why [`ClientBuilder::build`] refused the configuration.
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
            .max_response_bytes(1024);
        assert!(!format!("{builder:?}").contains("sk-secret-123"));
        let client = match builder.build() {
            Ok(client) => client,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(client.base_url(), "https://api.example.com");
        let debug = format!("{client:?} {:?}", client.clone());
        assert!(!debug.contains("sk-secret-123"), "{debug}");
        assert!(debug.contains("authenticated: true"), "{debug}");
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
