//! OAuth 2.0 access tokens that refresh themselves: the authorization-code and refresh grants,
//! rotation through a [`TokenStore`], refresh ahead of expiry with one request however many calls
//! wait for it, a retry after a `401`, and tokens minted from another token (HighLevel's location
//! tokens, minted from a company token).
//!
//! Nothing here knows a particular provider: the token URL, the extra form fields a provider needs
//! (HighLevel's `user_type`), the minting endpoint and its headers are all parameters.
//!
//! A client uses a token source through its builder's `token_source`: every call asks it for an
//! access token (refreshed first when it expires within the margin), and a call answered `401` asks
//! it once for a new one and is sent once more, never more. A refresh the server refuses with
//! `invalid_grant` is [`TokenError::ReauthorizationRequired`]: the user must authorize the app
//! again, and nothing is asked of the server after it.
//!
//! # A store that persists to a file
//!
//! Refresh tokens rotate: each refresh returns a new one and spends the old, so the new one must be
//! saved before it is used. [`MemoryStore`] keeps them in memory; a store of your own persists them:
//!
//! ```
//! use std::path::PathBuf;
//! use openapi_client_runtime::oauth::{BoxFuture, StoreError, TokenSet, TokenStore};
//!
//! /// Keeps the tokens in a JSON file (write to a temporary file and rename: a crash mid-write
//! /// never loses the only copy of the refresh token).
//! struct FileStore(PathBuf);
//!
//! impl TokenStore for FileStore {
//!     fn load(&self) -> BoxFuture<'_, Result<Option<TokenSet>, StoreError>> {
//!         Box::pin(async move {
//!             match std::fs::read(&self.0) {
//!                 Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
//!                 Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
//!                 Err(err) => Err(err.into()),
//!             }
//!         })
//!     }
//!
//!     fn save<'a>(&'a self, tokens: &'a TokenSet) -> BoxFuture<'a, Result<(), StoreError>> {
//!         Box::pin(async move {
//!             let partial = self.0.with_extension("partial");
//!             std::fs::write(&partial, serde_json::to_vec(tokens)?)?;
//!             std::fs::rename(&partial, &self.0)?;
//!             Ok(())
//!         })
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use openapi_client_runtime::oauth::{OAuthConfig, TokenManager};
//!
//! # let dir = std::env::temp_dir().join(format!("oauth-doctest-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! let config = OAuthConfig::new("https://services.leadconnectorhq.com/oauth/token", "my-client-id", "my-client-secret")
//!     .param("user_type", "Location");
//! let tokens = TokenManager::new(config, FileStore(dir.join("tokens.json")));
//! // Once, in the redirect handler: `tokens.exchange_code(&code).await?` saves the first tokens.
//! // Then hand `tokens` to the client builder's `token_source`.
//! # let _ = tokens;
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as SyncMutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use futures_core::future::BoxFuture;
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use crate::auth::{bearer_header, Secret};
use crate::request::Encoding;

/// How long before its expiry an access token is refreshed, when not configured.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);
/// The time limit of one token request when the caller gives no HTTP client of its own.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// At most this much of a refusal's `error_description` is kept.
const MAX_DESCRIPTION: usize = 300;

/// Where a client gets the access token of each call.
///
/// Implemented by [`TokenManager`] (OAuth 2.0 with refresh) and by the sources of
/// [`DerivedTokens`]; implement it for any other way of obtaining tokens.
pub trait TokenSource: Send + Sync + 'static {
    /// An access token that is valid now (refreshed first if it expires within the margin).
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, TokenError>>;

    /// The API answered `401` to a call that carried `rejected`: a token to try once more with.
    /// When the current token is no longer `rejected` (another call refreshed it meanwhile), that
    /// one, without a request.
    fn rejected<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Secret, TokenError>>;
}

/// A [`TokenSource`] shared by clients: cheap to clone. Its `Debug` shows nothing of the tokens.
#[derive(Clone)]
pub struct SharedTokenSource(Arc<dyn TokenSource>);

impl SharedTokenSource {
    /// Shares `source`.
    pub fn new(source: impl TokenSource) -> Self {
        Self(Arc::new(source))
    }

    /// Shares a source that is already behind an `Arc`.
    pub fn from_arc(source: Arc<dyn TokenSource>) -> Self {
        Self(source)
    }

    /// See [`TokenSource::access_token`].
    pub async fn access_token(&self) -> Result<Secret, TokenError> {
        self.0.access_token().await
    }

    /// See [`TokenSource::rejected`].
    pub async fn rejected(&self, rejected: &Secret) -> Result<Secret, TokenError> {
        self.0.rejected(rejected).await
    }
}

impl fmt::Debug for SharedTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSource(..)")
    }
}

impl<S: TokenSource> From<S> for SharedTokenSource {
    fn from(source: S) -> Self {
        Self::new(source)
    }
}

/// The tokens of one authorization: what a token endpoint answered.
///
/// Serialisable (with the secrets in clear, for a [`TokenStore`] to persist); its `Debug` shows
/// neither token.
#[derive(Clone, Serialize, Deserialize)]
pub struct TokenSet {
    /// The access token.
    #[serde(with = "exposed")]
    pub access_token: Secret,
    /// The refresh token, if the server issued one (a minted token has none).
    #[serde(with = "exposed_opt", default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// When the access token expires, in seconds since the Unix epoch; `None` when the server did
    /// not say (such a token is used until a call is answered `401`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
    /// The scopes granted, as the server wrote them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The other members of the token response (HighLevel: `userType`, `companyId`, `locationId`,
    /// `userId`, …), except tokens.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

impl TokenSet {
    /// Tokens given directly (e.g. from your own database), expiring `expires_in` from now.
    pub fn new(access_token: impl Into<Secret>, refresh_token: Option<Secret>, expires_in: Option<Duration>) -> Self {
        Self {
            access_token: access_token.into(),
            refresh_token,
            expires_at: expires_in.map(|after| unix_now().saturating_add(after.as_secs())),
            scope: None,
            extra: Map::new(),
        }
    }

    /// Whether the access token is still valid `margin` from now.
    pub fn is_fresh(&self, margin: Duration) -> bool {
        self.expires_at.is_none_or(|at| unix_now().saturating_add(margin.as_secs()) < at)
    }

    /// A member of the token response that is not a token, e.g. `"locationId"`.
    pub fn extra_str(&self, name: &str) -> Option<&str> {
        self.extra.get(name).and_then(Value::as_str)
    }
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

/// Serialises a [`Secret`] as its plain text, for a store.
mod exposed {
    use super::Secret;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(secret.expose())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        String::deserialize(deserializer).map(Secret::from)
    }
}

mod exposed_opt {
    use super::Secret;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(secret: &Option<Secret>, serializer: S) -> Result<S::Ok, S::Error> {
        match secret {
            Some(secret) => serializer.serialize_some(secret.expose()),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Secret>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(Secret::from))
    }
}

/// The error of a [`TokenStore`].
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// Where a [`TokenManager`] keeps its tokens between runs.
///
/// `save` is called with every new set of tokens before the client uses them, and so before the
/// old refresh token (spent by the refresh) is forgotten.
pub trait TokenStore: Send + Sync + 'static {
    /// The saved tokens, if any.
    fn load(&self) -> BoxFuture<'_, Result<Option<TokenSet>, StoreError>>;
    /// Saves `tokens`, replacing what was saved.
    fn save<'a>(&'a self, tokens: &'a TokenSet) -> BoxFuture<'a, Result<(), StoreError>>;
}

/// A [`TokenStore`] in memory: the tokens are lost when the process ends. Clones share the
/// tokens.
#[derive(Clone, Default)]
pub struct MemoryStore {
    tokens: Arc<SyncMutex<Option<TokenSet>>>,
}

impl MemoryStore {
    /// An empty store: authorize with [`TokenManager::exchange_code`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `tokens`.
    pub fn with_tokens(tokens: TokenSet) -> Self {
        Self { tokens: Arc::new(SyncMutex::new(Some(tokens))) }
    }

    /// What the store holds now.
    pub fn tokens(&self) -> Option<TokenSet> {
        self.tokens.lock().map(|tokens| tokens.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore").field("tokens", &self.tokens()).finish()
    }
}

impl TokenStore for MemoryStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<TokenSet>, StoreError>> {
        let tokens = self.tokens();
        Box::pin(async move { Ok(tokens) })
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> BoxFuture<'a, Result<(), StoreError>> {
        let mut slot = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = Some(tokens.clone());
        Box::pin(async { Ok(()) })
    }
}

/// Why no access token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The authorization server refused the grant (`invalid_grant`): the refresh token (or the
    /// authorization code) is expired, revoked or already spent. The user must authorize the app
    /// again; nothing more is asked of the server with these tokens.
    ReauthorizationRequired {
        /// The OAuth error code (`invalid_grant`).
        error: String,
        /// The server's `error_description`, if any (shortened, without any secret of the request).
        description: Option<String>,
    },
    /// There are no tokens yet: exchange an authorization code first (or save tokens in the
    /// store), or the tokens have no refresh token and the access token has expired.
    NotAuthorized {
        /// What is missing.
        reason: &'static str,
    },
    /// The token endpoint refused the request for another reason than `invalid_grant`.
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The OAuth error code, if the body had one.
        error: Option<String>,
        /// The server's `error_description` or `message`, if any (shortened, without any secret
        /// of the request).
        description: Option<String>,
    },
    /// The token request could not be sent, or its response not read.
    Transport {
        /// The underlying error (its URL is the token endpoint's; the secrets travel in the body).
        source: reqwest::Error,
    },
    /// The token endpoint answered something that is not a token response.
    InvalidResponse {
        /// What is wrong with it.
        reason: String,
    },
    /// The token store failed to load or save the tokens.
    Store {
        /// The store's error.
        source: StoreError,
    },
    /// Another call's refresh, which this call waited for, failed just before.
    RefreshFailed {
        /// Why it failed.
        reason: String,
    },
    /// The configuration cannot be used (e.g. a header value with a line break).
    InvalidConfig {
        /// What is wrong.
        reason: String,
    },
}

impl TokenError {
    /// Whether the user must authorize the app again ([`TokenError::ReauthorizationRequired`]).
    pub fn needs_reauthorization(&self) -> bool {
        matches!(self, TokenError::ReauthorizationRequired { .. })
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let described = |f: &mut fmt::Formatter<'_>, description: &Option<String>| match description {
            Some(description) => write!(f, ": {description}"),
            None => Ok(()),
        };
        match self {
            TokenError::ReauthorizationRequired { error, description } => {
                write!(f, "the authorization server refused the grant (`{error}`); the app must be authorized again")?;
                described(f, description)
            }
            TokenError::NotAuthorized { reason } => write!(f, "no usable OAuth tokens: {reason}"),
            TokenError::Rejected { status, error, description } => {
                write!(f, "the token endpoint answered HTTP {status}")?;
                if let Some(error) = error {
                    write!(f, " (`{error}`)")?;
                }
                described(f, description)
            }
            TokenError::Transport { source } => {
                f.write_str("the token request failed: ")?;
                crate::error::write_with_causes(f, source)
            }
            TokenError::InvalidResponse { reason } => write!(f, "the token endpoint's response is unusable: {reason}"),
            TokenError::Store { source } => write!(f, "the token store failed: {source}"),
            TokenError::RefreshFailed { reason } => {
                write!(f, "the token refresh this call waited for failed: {reason}")
            }
            TokenError::InvalidConfig { reason } => write!(f, "invalid OAuth configuration: {reason}"),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenError::Transport { source } => Some(source),
            TokenError::Store { source } => Some(&**source),
            _ => None,
        }
    }
}

/// The OAuth 2.0 client: the token endpoint, the app's credentials, and the extra form fields the
/// provider needs. Its `Debug` shows the endpoint and the client id, never the secret.
#[derive(Clone)]
pub struct OAuthConfig {
    token_url: String,
    refresh_url: Option<String>,
    client_id: String,
    client_secret: Secret,
    redirect_uri: Option<String>,
    params: Vec<(String, String)>,
    refresh_margin: Duration,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for OAuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthConfig")
            .field("token_url", &self.token_url)
            .field("refresh_url", &self.refresh_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("redirect_uri", &self.redirect_uri)
            .field("params", &self.params)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl OAuthConfig {
    /// The token endpoint (an `oauth2` flow's `tokenUrl`) and the app's client id and secret.
    pub fn new(token_url: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self {
            token_url: token_url.into(),
            refresh_url: None,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: None,
            params: Vec::new(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            http: None,
        }
    }

    /// A separate endpoint for the refresh grant (an `oauth2` flow's `refreshUrl`); the token
    /// endpoint by default.
    pub fn refresh_url(mut self, url: impl Into<String>) -> Self {
        self.refresh_url = Some(url.into());
        self
    }

    /// The `redirect_uri` sent with the authorization code (when the authorization request had
    /// one).
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// A form field sent with every token request, e.g. HighLevel's `user_type` (`Company` or
    /// `Location`).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// How long before it expires the access token is refreshed (5 minutes by default).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The HTTP client of the token requests (proxy, TLS settings); a new one by default.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The URL to send the user to for consent: `authorize_url` (an `oauth2` flow's
    /// `authorizationUrl`) with `response_type=code`, the client id, the redirect URI, the scopes
    /// (space-separated) and `state`, if given.
    pub fn authorization_url(&self, authorize_url: &str, scopes: &[&str], state: Option<&str>) -> String {
        let mut query = String::new();
        Encoding::Query.push_field(&mut query, "response_type", ["code"], ',');
        Encoding::Query.push_field(&mut query, "client_id", [self.client_id.as_str()], ',');
        Encoding::Query.push_field(&mut query, "redirect_uri", self.redirect_uri.as_deref(), ',');
        Encoding::Query.push_field(&mut query, "scope", (!scopes.is_empty()).then(|| scopes.join(" ")), ',');
        Encoding::Query.push_field(&mut query, "state", state, ',');
        let sep = if authorize_url.contains('?') { '&' } else { '?' };
        format!("{authorize_url}{sep}{query}")
    }

    fn http(&self) -> Result<reqwest::Client, TokenError> {
        match &self.http {
            Some(http) => Ok(http.clone()),
            None => token_http_client(),
        }
    }

    /// The form of a grant: `grant_type`, the grant's own fields, the client's credentials, the
    /// extra fields.
    fn form(&self, grant: &str, fields: &[(&str, &str)]) -> String {
        let mut form = String::new();
        Encoding::Form.push_field(&mut form, "grant_type", [grant], ',');
        for (name, value) in fields {
            Encoding::Form.push_field(&mut form, name, [value], ',');
        }
        Encoding::Form.push_field(&mut form, "client_id", [self.client_id.as_str()], ',');
        Encoding::Form.push_field(&mut form, "client_secret", [self.client_secret.expose()], ',');
        for (name, value) in &self.params {
            Encoding::Form.push_field(&mut form, name, [value], ',');
        }
        form
    }
}

fn token_http_client() -> Result<reqwest::Client, TokenError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TOKEN_REQUEST_TIMEOUT)
        .build()
        .map_err(|source| TokenError::Transport { source })
}

/// One token request: a form POST, answered with a token response or an OAuth error. `secrets`
/// are scrubbed from anything of the answer that is kept.
async fn token_request(
    http: &reqwest::Client,
    url: &str,
    bearer: Option<&Secret>,
    headers: &[(HeaderName, HeaderValue)],
    form: String,
    secrets: &[&str],
) -> Result<TokenSet, TokenError> {
    let mut request = http
        .post(url)
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form);
    for (name, value) in headers {
        request = request.header(name.clone(), value.clone());
    }
    if let Some(token) = bearer {
        let value = bearer_header(token.expose()).ok_or_else(|| TokenError::InvalidConfig {
            reason: "the token contains characters not allowed in an HTTP header".to_owned(),
        })?;
        request = request.header(AUTHORIZATION, value);
    }
    let response = request.send().await.map_err(|source| TokenError::Transport { source })?;
    let status = response.status();
    let body = response.bytes().await.map_err(|source| TokenError::Transport { source })?;
    let json: Option<Map<String, Value>> = serde_json::from_slice(&body).ok();
    let text =
        |json: &Map<String, Value>, name: &str| json.get(name).and_then(Value::as_str).map(|text| scrub(text, secrets));
    if !status.is_success() {
        let error = json.as_ref().and_then(|json| text(json, "error"));
        let description = json.as_ref().and_then(|json| {
            text(json, "error_description").or_else(|| text(json, "message")).or_else(|| {
                // HighLevel sends `message` as an array of strings for some refusals.
                json.get("message").and_then(Value::as_array).map(|items| {
                    let joined: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                    scrub(&joined.join("; "), secrets)
                })
            })
        });
        let invalid_grant = |text: &str| {
            let text = text.to_ascii_lowercase();
            text.contains("invalid_grant") || text.contains("invalid grant")
        };
        if error.as_deref().is_some_and(invalid_grant)
            || description.as_deref().is_some_and(|description| status.is_client_error() && invalid_grant(description))
        {
            return Err(TokenError::ReauthorizationRequired {
                error: error.unwrap_or_else(|| "invalid_grant".to_owned()),
                description,
            });
        }
        return Err(TokenError::Rejected { status: status.as_u16(), error, description });
    }
    let Some(mut json) = json else {
        return Err(TokenError::InvalidResponse { reason: format!("HTTP {status} without a JSON object") });
    };
    let access_token = match json.remove("access_token") {
        Some(Value::String(token)) if !token.trim().is_empty() => Secret::from(token),
        _ => return Err(TokenError::InvalidResponse { reason: "no `access_token`".to_owned() }),
    };
    let refresh_token = match json.remove("refresh_token") {
        Some(Value::String(token)) if !token.is_empty() => Some(Secret::from(token)),
        _ => None,
    };
    let expires_in = match json.remove("expires_in") {
        Some(Value::Number(n)) => n.as_u64().or_else(|| n.as_f64().filter(|n| *n >= 0.0).map(|n| n as u64)),
        Some(Value::String(n)) => n.trim().parse().ok(),
        _ => None,
    };
    let scope = match json.remove("scope") {
        Some(Value::String(scope)) => Some(scope),
        _ => None,
    };
    json.remove("id_token");
    Ok(TokenSet {
        access_token,
        refresh_token,
        expires_at: expires_in.map(|secs| unix_now().saturating_add(secs)),
        scope,
        extra: json,
    })
}

/// `text` with every secret replaced and cut to [`MAX_DESCRIPTION`] characters.
fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut text: String = text.chars().take(MAX_DESCRIPTION).collect();
    for secret in secrets.iter().filter(|secret| secret.len() >= 4) {
        text = text.replace(secret, "<redacted>");
    }
    text
}

/// The current tokens of a source, and what became of the last refresh.
#[derive(Default)]
struct Slot {
    tokens: Option<TokenSet>,
    loaded: bool,
    /// The refusal (`invalid_grant`) that ended these tokens: returned again, never re-asked.
    refused: Option<(String, Option<String>)>,
    /// Why the last refresh failed, when it did.
    last_failure: Option<String>,
}

/// Counts the refreshes, so that a call that waited for one that failed fails too, instead of
/// starting another.
#[derive(Default)]
struct Attempts(AtomicU64);

impl Attempts {
    fn seen(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    fn start(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }

    /// The failure of a refresh that ran while the caller waited (it saw `seen` before waiting).
    fn failed_meanwhile(&self, seen: u64, slot: &Slot) -> Option<TokenError> {
        let reason = slot.last_failure.as_ref().filter(|_| self.seen() != seen)?;
        Some(TokenError::RefreshFailed { reason: reason.clone() })
    }
}

/// OAuth 2.0 tokens that refresh themselves: a [`TokenSource`] for a client's `token_source`.
/// Cheap to clone (clones share the tokens); its `Debug` shows no secret.
///
/// Any number of concurrent calls that find the access token expired (or expiring within the
/// margin) cause exactly one refresh, and all of them proceed with its token. A refresh saves the
/// new tokens in the [`TokenStore`] before they replace the old ones.
#[derive(Clone)]
pub struct TokenManager {
    inner: Arc<ManagerInner>,
}

struct ManagerInner {
    config: OAuthConfig,
    store: Arc<dyn TokenStore>,
    http: SyncMutex<Option<reqwest::Client>>,
    slot: Mutex<Slot>,
    attempts: Attempts,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

impl TokenManager {
    /// Tokens for the app `config`, kept in `store` (loaded from it on first use).
    pub fn new(config: OAuthConfig, store: impl TokenStore) -> Self {
        Self::with_store(config, Arc::new(store))
    }

    /// [`TokenManager::new`] with a store that is already shared.
    pub fn with_store(config: OAuthConfig, store: Arc<dyn TokenStore>) -> Self {
        Self {
            inner: Arc::new(ManagerInner {
                config,
                store,
                http: SyncMutex::new(None),
                slot: Mutex::new(Slot::default()),
                attempts: Attempts::default(),
            }),
        }
    }

    /// Exchanges the authorization code the provider sent to the redirect URI for the first
    /// tokens, saves them in the store, and returns them (their `extra` says e.g. which location
    /// or company they are for).
    ///
    /// # Errors
    /// [`TokenError::ReauthorizationRequired`] when the code is expired or already used; any other
    /// [`TokenError`] when the request fails or the store cannot save.
    pub async fn exchange_code(&self, code: &str) -> Result<TokenSet, TokenError> {
        let inner = &*self.inner;
        let config = &inner.config;
        let redirect = config.redirect_uri.as_deref();
        let mut fields = vec![("code", code)];
        fields.extend(redirect.map(|uri| ("redirect_uri", uri)));
        let form = config.form("authorization_code", &fields);
        let http = self.http()?;
        let secrets = [code, config.client_secret.expose()];
        let mut slot = inner.slot.lock().await;
        inner.attempts.start();
        let tokens = token_request(&http, &config.token_url, None, &[], form, &secrets).await?;
        inner.store.save(&tokens).await.map_err(|source| TokenError::Store { source })?;
        *slot = Slot { tokens: Some(tokens.clone()), loaded: true, refused: None, last_failure: None };
        Ok(tokens)
    }

    /// Replaces the tokens (saving them in the store first), e.g. after an authorization made
    /// elsewhere.
    ///
    /// # Errors
    /// [`TokenError::Store`] when the store cannot save them (the tokens are then not used).
    pub async fn set_tokens(&self, tokens: TokenSet) -> Result<(), TokenError> {
        let mut slot = self.inner.slot.lock().await;
        self.inner.store.save(&tokens).await.map_err(|source| TokenError::Store { source })?;
        *slot = Slot { tokens: Some(tokens), loaded: true, refused: None, last_failure: None };
        Ok(())
    }

    /// The current tokens (loaded from the store if not yet), without refreshing them.
    ///
    /// # Errors
    /// [`TokenError::Store`] when the store cannot load them.
    pub async fn tokens(&self) -> Result<Option<TokenSet>, TokenError> {
        let mut slot = self.inner.slot.lock().await;
        self.load(&mut slot).await?;
        Ok(slot.tokens.clone())
    }

    /// Refreshes the tokens now, whatever their expiry.
    ///
    /// # Errors
    /// As for a refresh on expiry (see [`TokenSource::access_token`]).
    pub async fn refresh(&self) -> Result<TokenSet, TokenError> {
        let mut slot = self.inner.slot.lock().await;
        self.load(&mut slot).await?;
        self.refresh_locked(&mut slot).await?;
        slot.tokens.clone().ok_or(TokenError::NotAuthorized { reason: "no tokens" })
    }

    fn http(&self) -> Result<reqwest::Client, TokenError> {
        let mut http = self.inner.http.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(http) = &*http {
            return Ok(http.clone());
        }
        let client = self.inner.config.http()?;
        *http = Some(client.clone());
        Ok(client)
    }

    async fn load(&self, slot: &mut Slot) -> Result<(), TokenError> {
        if !slot.loaded {
            slot.tokens = self.inner.store.load().await.map_err(|source| TokenError::Store { source })?;
            slot.loaded = true;
        }
        Ok(())
    }

    /// The token to use now: the current one if it is `usable`, else a refreshed one (unless a
    /// refresh this call waited for failed, or the grant was refused).
    async fn token_where(&self, usable: impl Fn(&TokenSet) -> bool) -> Result<Secret, TokenError> {
        let inner = &*self.inner;
        let seen = inner.attempts.seen();
        let mut slot = inner.slot.lock().await;
        self.load(&mut slot).await?;
        if let Some(tokens) = slot.tokens.as_ref().filter(|tokens| usable(tokens)) {
            return Ok(tokens.access_token.clone());
        }
        if let Some(failed) = inner.attempts.failed_meanwhile(seen, &slot) {
            return Err(failed);
        }
        self.refresh_locked(&mut slot).await
    }

    /// The refresh grant, under the slot's lock; the new tokens are saved before they replace the
    /// old ones (whose refresh token the server has just spent).
    async fn refresh_locked(&self, slot: &mut Slot) -> Result<Secret, TokenError> {
        let inner = &*self.inner;
        let config = &inner.config;
        if let Some((error, description)) = &slot.refused {
            return Err(TokenError::ReauthorizationRequired { error: error.clone(), description: description.clone() });
        }
        let current = slot
            .tokens
            .as_ref()
            .ok_or(TokenError::NotAuthorized { reason: "no tokens yet: exchange an authorization code first" })?;
        let refresh_token = current.refresh_token.clone().ok_or(TokenError::NotAuthorized {
            reason: "the access token has expired and there is no refresh token",
        })?;
        inner.attempts.start();
        let form = config.form("refresh_token", &[("refresh_token", refresh_token.expose())]);
        let url = config.refresh_url.as_deref().unwrap_or(&config.token_url);
        let secrets = [refresh_token.expose(), config.client_secret.expose(), current.access_token.expose()];
        tracing::debug!("refreshing the OAuth access token");
        let result = match self.http() {
            Ok(http) => token_request(&http, url, None, &[], form, &secrets).await,
            Err(err) => Err(err),
        };
        let mut tokens = match result {
            Ok(tokens) => tokens,
            Err(TokenError::ReauthorizationRequired { error, description }) => {
                tracing::warn!(error = %error, "the refresh grant was refused: the app must be authorized again");
                slot.refused = Some((error.clone(), description.clone()));
                return Err(TokenError::ReauthorizationRequired { error, description });
            }
            Err(err) => {
                tracing::info!(error = %err, "the token refresh failed");
                slot.last_failure = Some(err.to_string());
                return Err(err);
            }
        };
        // A server that does not rotate keeps the refresh token valid.
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token);
        }
        let saved = inner.store.save(&tokens).await;
        let access = tokens.access_token.clone();
        // The old refresh token is spent whether or not the store kept the new one.
        slot.tokens = Some(tokens);
        slot.last_failure = None;
        match saved {
            Ok(()) => Ok(access),
            Err(source) => {
                tracing::warn!("the refreshed tokens could not be saved");
                Err(TokenError::Store { source })
            }
        }
    }
}

impl TokenSource for TokenManager {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, TokenError>> {
        let margin = self.inner.config.refresh_margin;
        Box::pin(self.token_where(move |tokens| tokens.is_fresh(margin)))
    }

    fn rejected<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Secret, TokenError>> {
        let margin = self.inner.config.refresh_margin;
        Box::pin(
            self.token_where(move |tokens| {
                tokens.access_token.expose() != rejected.expose() && tokens.is_fresh(margin)
            }),
        )
    }
}

/// Tokens minted from another token, one per id, cached and minted again when they expire: e.g.
/// HighLevel's location tokens, minted from a company token with `POST /oauth/locationToken`.
///
/// ```
/// use openapi_client_runtime::oauth::DerivedTokens;
///
/// # fn demo(company_tokens: openapi_client_runtime::oauth::TokenManager) -> Result<(), Box<dyn std::error::Error>> {
/// let locations = DerivedTokens::new(
///     company_tokens,                                                 // holds a `Company` token
///     "https://services.leadconnectorhq.com/oauth/locationToken",
///     "locationId",
/// )
/// .param("companyId", "the-company-id")
/// .header("Version", "2021-07-28")?;
/// let for_one_location = locations.for_id("the-location-id");      // a client's `token_source`
/// # let _ = for_one_location;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct DerivedTokens {
    inner: Arc<DerivedInner>,
}

struct DerivedInner {
    parent: SharedTokenSource,
    url: String,
    id_field: String,
    params: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    refresh_margin: Duration,
    http: reqwest::Client,
    cache: SyncMutex<HashMap<String, Arc<DerivedSlot>>>,
}

#[derive(Default)]
struct DerivedSlot {
    slot: Mutex<Slot>,
    attempts: Attempts,
}

impl fmt::Debug for DerivedTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.inner.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("DerivedTokens")
            .field("url", &self.inner.url)
            .field("id_field", &self.inner.id_field)
            .field("params", &self.inner.params)
            .field("headers", &headers)
            .finish_non_exhaustive()
    }
}

impl DerivedTokens {
    /// Tokens minted by a form POST to `url`, authorized with `parent`'s token, the id of each
    /// in the form field `id_field`.
    pub fn new(parent: impl Into<SharedTokenSource>, url: impl Into<String>, id_field: impl Into<String>) -> Self {
        Self {
            inner: Arc::new(DerivedInner {
                parent: parent.into(),
                url: url.into(),
                id_field: id_field.into(),
                params: Vec::new(),
                headers: Vec::new(),
                refresh_margin: DEFAULT_REFRESH_MARGIN,
                http: token_http_client().unwrap_or_default(),
                cache: SyncMutex::new(HashMap::new()),
            }),
        }
    }

    fn configure(mut self, change: impl FnOnce(&mut DerivedInner)) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => change(inner),
            None => {
                let inner = &*self.inner;
                let mut copy = DerivedInner {
                    parent: inner.parent.clone(),
                    url: inner.url.clone(),
                    id_field: inner.id_field.clone(),
                    params: inner.params.clone(),
                    headers: inner.headers.clone(),
                    refresh_margin: inner.refresh_margin,
                    http: inner.http.clone(),
                    cache: SyncMutex::new(HashMap::new()),
                };
                change(&mut copy);
                self.inner = Arc::new(copy);
            }
        }
        self
    }

    /// A form field sent with every minting request (HighLevel: `companyId`).
    pub fn param(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let field = (name.into(), value.into());
        self.configure(|inner| inner.params.push(field))
    }

    /// A header sent with every minting request (HighLevel: `Version: 2021-07-28`).
    ///
    /// # Errors
    /// When `name` or `value` cannot be sent in a header.
    pub fn header(self, name: &str, value: &str) -> Result<Self, TokenError> {
        let invalid = || TokenError::InvalidConfig { reason: format!("`{name}` cannot be sent as a header") };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        Ok(self.configure(|inner| inner.headers.push((name, value))))
    }

    /// How long before it expires a minted token is minted again (5 minutes by default).
    pub fn refresh_margin(self, margin: Duration) -> Self {
        self.configure(|inner| inner.refresh_margin = margin)
    }

    /// The HTTP client of the minting requests.
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.configure(|inner| inner.http = http)
    }

    /// The token source of `id` (a client's `token_source`): its tokens are cached, shared with
    /// every other source of the same id, and minted again when they expire.
    pub fn for_id(&self, id: impl Into<String>) -> SharedTokenSource {
        let id = id.into();
        let mut cache = self.inner.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let slot = Arc::clone(cache.entry(id.clone()).or_default());
        SharedTokenSource::new(DerivedSource { inner: Arc::clone(&self.inner), id, slot })
    }
}

/// The token source of one id of [`DerivedTokens`].
struct DerivedSource {
    inner: Arc<DerivedInner>,
    id: String,
    slot: Arc<DerivedSlot>,
}

impl DerivedSource {
    async fn token_where(&self, usable: impl Fn(&TokenSet) -> bool) -> Result<Secret, TokenError> {
        let seen = self.slot.attempts.seen();
        let mut slot = self.slot.slot.lock().await;
        if let Some(tokens) = slot.tokens.as_ref().filter(|tokens| usable(tokens)) {
            return Ok(tokens.access_token.clone());
        }
        if let Some(failed) = self.slot.attempts.failed_meanwhile(seen, &slot) {
            return Err(failed);
        }
        self.slot.attempts.start();
        match self.mint().await {
            Ok(tokens) => {
                let access = tokens.access_token.clone();
                *slot = Slot { tokens: Some(tokens), loaded: true, refused: None, last_failure: None };
                Ok(access)
            }
            Err(err) => {
                slot.last_failure = Some(err.to_string());
                Err(err)
            }
        }
    }

    /// One minting request; when the parent's token is refused (`401`), once more with a new one.
    async fn mint(&self) -> Result<TokenSet, TokenError> {
        let inner = &*self.inner;
        let mut form = String::new();
        for (name, value) in &inner.params {
            Encoding::Form.push_field(&mut form, name, [value], ',');
        }
        Encoding::Form.push_field(&mut form, &inner.id_field, [self.id.as_str()], ',');
        let parent = inner.parent.access_token().await?;
        let request = |token: Secret, form: String| async move {
            let result =
                token_request(&inner.http, &inner.url, Some(&token), &inner.headers, form, &[token.expose()]).await;
            (token, result)
        };
        match request(parent, form.clone()).await {
            (rejected, Err(TokenError::Rejected { status: 401, .. })) => {
                let parent = inner.parent.rejected(&rejected).await?;
                request(parent, form).await.1
            }
            (_, result) => result,
        }
    }
}

impl TokenSource for DerivedSource {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, TokenError>> {
        let margin = self.inner.refresh_margin;
        Box::pin(self.token_where(move |tokens| tokens.is_fresh(margin)))
    }

    fn rejected<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Secret, TokenError>> {
        let margin = self.inner.refresh_margin;
        Box::pin(
            self.token_where(move |tokens| {
                tokens.access_token.expose() != rejected.expose() && tokens.is_fresh(margin)
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let mut tokens = TokenSet::new("access-s3cret", Some(Secret::from("refresh-s3cret")), None);
        tokens.extra.insert("locationId".into(), Value::from("loc-1"));
        let config = OAuthConfig::new("https://h/token", "id", "client-s3cret").param("user_type", "Location");
        let text = format!("{tokens:?} {config:?} {:?}", MemoryStore::with_tokens(tokens.clone()));
        assert!(!text.contains("s3cret"), "{text}");
        assert!(text.contains("locationId") && text.contains("user_type"), "{text}");
        let json = serde_json::to_string(&tokens).unwrap_or_default();
        let back: Option<TokenSet> = serde_json::from_str(&json).ok();
        assert_eq!(back.map(|t| t.refresh_token.map(|r| r.expose().to_owned())), Some(Some("refresh-s3cret".into())));
    }

    #[test]
    fn authorization_url_encodes_each_part() {
        let config = OAuthConfig::new("https://h/token", "my id", "s").redirect_uri("https://app/cb?x=1");
        let url = config.authorization_url("https://h/authorize", &["a.readonly", "b.write"], Some("st"));
        assert_eq!(
            url,
            "https://h/authorize?response_type=code&client_id=my%20id&redirect_uri=https%3A%2F%2Fapp%2Fcb%3Fx%3D1\
             &scope=a.readonly%20b.write&state=st"
        );
    }

    #[test]
    fn freshness_honours_the_margin() {
        let soon = TokenSet::new("a", None, Some(Duration::from_secs(60)));
        assert!(soon.is_fresh(Duration::from_secs(10)));
        assert!(!soon.is_fresh(Duration::from_secs(120)));
        assert!(TokenSet::new("a", None, None).is_fresh(Duration::from_secs(3600)));
        assert_eq!(scrub("bad token abcd1234 here", &["abcd1234"]), "bad token <redacted> here");
    }
}
