//! The client: configuration, and sending a request with timeouts and retries.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{StatusCode, Url};

use super::auth::BearerToken;
use super::error::Error;
use super::request::RequestParts;
use super::response::RawResponse;
use super::retry::{is_retryable_status, RetryPolicy};

/// The per-attempt timeout used when none is configured.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The API client. Cheap to clone (the configuration and connection pool are shared), so clone
/// it rather than building one per request.
#[derive(Clone)]
pub struct Client {
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
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("authenticated", &self.inner.authorization.is_some())
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client; only the bearer token is usually needed.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends the request described by `parts`, retrying per the client's [`RetryPolicy`], and
    /// returns the final response whatever its status. Only transport failures, timeouts and
    /// unbuildable URLs are errors here; generated code interprets the status.
    pub(crate) async fn execute<E>(&self, parts: RequestParts) -> Result<RawResponse, Error<E>> {
        let inner = &*self.inner;
        let url = Url::parse(&parts.url(&inner.base_url)).map_err(|err| Error::InvalidRequest {
            reason: format!(
                "`{}`: the request URL is not valid: {err}",
                parts.operation_id
            ),
        })?;
        let headers = self.request_headers(&parts);
        let timeout = parts.timeout.unwrap_or(inner.timeout);
        let may_retry = inner.retry.allows_method(&parts.method);
        let max_retries = if may_retry { inner.retry.retries() } else { 0 };
        // Every attempt's event carries these through the span.
        let span = tracing::info_span!("request", operation = parts.operation_id, method = %parts.method, path = %parts.path);

        let mut retry: u32 = 0;
        loop {
            let attempt = retry.saturating_add(1);
            let mut request = reqwest::Request::new(parts.method.clone(), url.clone());
            *request.headers_mut() = headers.clone();
            if let Some(body) = &parts.body {
                *request.body_mut() = Some(body.clone().into());
            }

            let outcome = match tokio::time::timeout(timeout, send(&inner.http, request)).await {
                Ok(Ok(response)) => Ok(response),
                Ok(Err(source)) if source.is_timeout() => Err(Error::Timeout { after: timeout }),
                Ok(Err(source)) => Err(Error::Transport { source }),
                Err(_elapsed) => Err(Error::Timeout { after: timeout }),
            };

            let retryable = match &outcome {
                Ok(response) => is_retryable_status(response.status()),
                Err(Error::Timeout { .. }) => true,
                Err(Error::Transport { source }) => !source.is_builder() && !source.is_redirect(),
                Err(_) => false,
            };

            if !retryable || retry >= max_retries {
                span.in_scope(|| log_attempt(attempt, &outcome, None));
                return outcome;
            }

            let delay = inner
                .retry
                .delay(retry, outcome.as_ref().ok().map(RawResponse::headers));
            span.in_scope(|| log_attempt(attempt, &outcome, Some(delay)));
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

/// One attempt: send, then read the whole body (both inside the caller's timeout).
async fn send(
    http: &reqwest::Client,
    request: reqwest::Request,
) -> Result<RawResponse, reqwest::Error> {
    let response = http.execute(request).await?;
    let status: StatusCode = response.status();
    let headers = response.headers().clone();
    let body: Bytes = response.bytes().await?;
    Ok(RawResponse::new(status, headers, body))
}

/// One event per attempt: how it ended and, if another follows, after what delay. Never headers.
fn log_attempt<E>(
    attempt: u32,
    outcome: &Result<RawResponse, Error<E>>,
    retry_in: Option<Duration>,
) {
    let result = Outcome(outcome);
    match (outcome.is_ok(), retry_in) {
        (true, None) => tracing::debug!(attempt, %result, "response received"),
        (false, None) => tracing::debug!(attempt, %result, "request failed"),
        (true, Some(delay)) => {
            tracing::info!(attempt, %result, ?delay, "retryable status, retrying")
        }
        (false, Some(delay)) => {
            tracing::info!(attempt, %result, ?delay, "attempt failed, retrying")
        }
    }
}

/// An attempt's outcome for logs: `status 503`, or the transport error.
struct Outcome<'a, E>(&'a Result<RawResponse, Error<E>>);

impl<E> fmt::Display for Outcome<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ok(response) => write!(f, "status {}", response.status().as_u16()),
            Err(error) => DisplayError(error).fmt(f),
        }
    }
}

/// `Display` for any `Error<E>` (the operation's `E` need not be `Debug` for logging; it is never
/// an `Api` error here, because `execute` does not interpret statuses).
struct DisplayError<'a, E>(&'a Error<E>);

impl<E> fmt::Display for DisplayError<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Timeout { after } => write!(f, "timed out after {after:?}"),
            Error::Transport { source } => {
                write!(f, "{source}")?;
                let mut cause = std::error::Error::source(source);
                while let Some(inner) = cause {
                    write!(f, ": {inner}")?;
                    cause = inner.source();
                }
                Ok(())
            }
            _ => f.write_str("error"),
        }
    }
}

/// Configures a [`Client`]; obtained from [`Client::builder`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    bearer_token: Option<BearerToken>,
    base_url: Option<String>,
    timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            bearer_token: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: None,
            http_client: None,
        }
    }
}

impl ClientBuilder {
    /// The token sent as `Authorization: Bearer <token>` with every request.
    #[must_use]
    pub fn bearer_token(mut self, token: impl Into<BearerToken>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// Overrides the spec's default server, e.g. for a proxy or a mock server.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The time limit for one attempt (sending plus reading the whole response); 30 s by
    /// default. Retries each get the full time again.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed attempts are retried (see [`RetryPolicy`]).
    #[must_use]
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Shortcut for changing only the number of retries of the current policy (0 disables them).
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry = self.retry.max_retries(max_retries);
        self
    }

    /// Replaces the default `User-Agent` (the generated crate's name and version).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses an existing `reqwest::Client` (proxy, TLS or pool settings) instead of a new one.
    #[must_use]
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    /// Validates the configuration and creates the client.
    ///
    /// # Errors
    /// When no base URL is configured and the spec has none, when the base URL is not an
    /// absolute http(s) URL (or has credentials, a query or a fragment), when the token or user
    /// agent cannot be sent as a header, when the timeout is zero, or when the HTTP client cannot
    /// be created.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url =
            validate_base_url(self.base_url.as_deref(), crate::spec_info::DEFAULT_BASE_URL)?;

        let authorization = match &self.bearer_token {
            None => None,
            Some(token) if token.expose().trim().is_empty() => {
                return Err(BuildError::new(BuildErrorKind::EmptyToken))
            }
            Some(token) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                    .map_err(|_| BuildError::new(BuildErrorKind::InvalidToken))?;
                value.set_sensitive(true);
                Some(value)
            }
        };

        let user_agent = self
            .user_agent
            .as_deref()
            .unwrap_or(crate::spec_info::USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| BuildError::new(BuildErrorKind::InvalidUserAgent))?;

        if self.timeout.is_zero() {
            return Err(BuildError::new(BuildErrorKind::ZeroTimeout));
        }

        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|source| BuildError::new(BuildErrorKind::HttpClient(source)))?,
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
            }),
        })
    }
}

/// The configured base URL (or the spec's default), checked and without a trailing '/'.
fn validate_base_url(
    configured: Option<&str>,
    default: Option<&str>,
) -> Result<String, BuildError> {
    let raw = configured
        .or(default)
        .ok_or_else(|| BuildError::new(BuildErrorKind::NoBaseUrl))?;
    let url = Url::parse(raw)
        .map_err(|err| BuildError::new(BuildErrorKind::BaseUrlUnparsable(err.to_string())))?;
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
            BuildErrorKind::InvalidToken => f.write_str(
                "the bearer token contains characters not allowed in an HTTP header (such as a line break)",
            ),
            BuildErrorKind::InvalidUserAgent => f.write_str(
                "the user agent contains characters not allowed in an HTTP header (such as a line break)",
            ),
            BuildErrorKind::ZeroTimeout => f.write_str("the timeout must be greater than zero"),
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
    use super::{validate_base_url, Client};
    use crate::runtime::RetryPolicy;
    use std::time::Duration;

    fn base(configured: Option<&str>, default: Option<&str>) -> Result<String, String> {
        validate_base_url(configured, default).map_err(|e| e.to_string())
    }

    #[test]
    fn base_url_validation() {
        assert_eq!(
            base(Some("https://api.example.com/"), None),
            Ok("https://api.example.com".into())
        );
        assert_eq!(
            base(Some("http://127.0.0.1:8080/v1//"), None),
            Ok("http://127.0.0.1:8080/v1".into())
        );
        assert_eq!(
            base(None, Some("https://default.example")),
            Ok("https://default.example".into())
        );
        assert_eq!(
            base(
                Some("https://override.example"),
                Some("https://default.example")
            ),
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
        assert!(
            creds.contains("credentials") && !creds.contains("hunter2"),
            "{creds}"
        );
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
            .user_agent("test/1.0");
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
        let msg = |b: super::ClientBuilder| b.build().map(|_| ()).err().map(|e| e.to_string());
        let b = || Client::builder().base_url("https://api.example.com");
        let bad_token = msg(b().bearer_token("abc\r\nX-Injected: 1")).unwrap_or_default();
        assert!(
            bad_token.contains("bearer token") && !bad_token.contains("abc"),
            "{bad_token}"
        );
        assert!(msg(b().bearer_token("  "))
            .unwrap_or_default()
            .contains("empty"));
        assert!(msg(b().user_agent("a\nb"))
            .unwrap_or_default()
            .contains("user agent"));
        assert!(msg(b().timeout(Duration::ZERO))
            .unwrap_or_default()
            .contains("timeout"));
        assert_eq!(msg(b()), None, "no token is allowed (unauthenticated APIs)");
    }
}
