//! Webhooks (cargo feature `webhooks`): signatures checked over the raw body as received, a replay
//! window on the payload's timestamp, a hook that refuses an id already seen, and the payload
//! decoded into an open enum of events keyed by its `type`.
//!
//! Nothing here knows a particular provider: the signature headers, the keys and the payload's
//! field names are given to the [`WebhookVerifier`]. Signatures are checked with aws-lc-rs, the
//! crypto library the HTTP client's TLS (rustls) already uses.
//!
//! A generated crate plugs its own enum of typed events in through [`EventTypes`]; without one
//! ([`Untyped`]) every event is an [`Event::Unknown`], its payload kept whole as JSON.
//!
//! ```
//! use openapi_client_runtime::webhook::{Event, HeaderMap, Untyped, WebhookVerifier};
//! # fn demo(headers: &HeaderMap, body: &[u8], app_key_pem: &str, provider_rsa_pem: &str)
//! # -> Result<(), Box<dyn std::error::Error>> {
//! // Once: the app's Ed25519 key first, the provider's RSA key second (HighLevel's headers).
//! let verifier = WebhookVerifier::new()
//!     .ed25519("x-ghl-signature", app_key_pem)?
//!     .rsa_sha256("x-wh-signature", provider_rsa_pem)?;
//!
//! // Per request: the headers and the body exactly as received.
//! let webhook = verifier.verify::<Untyped>(headers, body)?;
//! if let Event::Unknown(event) = &webhook.event {
//!     println!("{:?}: {}", event.event_type, event.payload);
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_lc_rs::signature::{ParsedPublicKey, ED25519, RSA_PKCS1_2048_8192_SHA256};
use base64::Engine as _;
/// The headers of a request (`http::HeaderMap`, the type axum, hyper and reqwest use).
pub use reqwest::header::HeaderMap;
use reqwest::header::HeaderName;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The replay window when none is configured.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(300);

/// An enum of typed events, decoded from a payload whose event type it knows.
///
/// A generated crate implements it for its enum of events (typically `#[serde(tag = "type")]`);
/// a payload of any other type becomes [`Event::Unknown`].
pub trait EventTypes: DeserializeOwned {
    /// Whether `event_type` (the payload's type field) is one of the enum's events.
    fn is_known(event_type: &str) -> bool;
}

/// No typed events: every payload is an [`Event::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untyped {}

impl EventTypes for Untyped {
    fn is_known(_: &str) -> bool {
        false
    }
}

impl<'de> serde::Deserialize<'de> for Untyped {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("no event is typed"))
    }
}

/// An event: typed when its type is known, else kept whole.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<T> {
    /// An event of a type `T` knows.
    Known(T),
    /// An event of any other type, its payload kept whole.
    Unknown(UnknownEvent),
}

/// The payload of an event whose type is not known (or not typed).
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownEvent {
    /// The payload's type field, if it has one.
    pub event_type: Option<String>,
    /// The whole payload.
    pub payload: Value,
}

/// Which key verified a webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureKind {
    /// An Ed25519 signature.
    Ed25519,
    /// An RSA PKCS#1 v1.5 SHA-256 signature.
    RsaSha256,
}

/// A verified webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook<T> {
    /// The event.
    pub event: Event<T>,
    /// The payload's id (the replay guard's key), if it has one.
    pub webhook_id: Option<String>,
    /// The payload's timestamp, if it has one.
    pub timestamp: Option<SystemTime>,
    /// Which signature was verified.
    pub verified_by: SignatureKind,
}

/// Refuses a webhook id already seen: called once for each webhook whose signature and timestamp
/// are valid, last.
pub trait ReplayGuard: Send + Sync + 'static {
    /// Records `webhook_id`; `false` when it was seen before (the webhook is then refused).
    fn first_time(&self, webhook_id: &str) -> bool;
}

/// A [`ReplayGuard`] in memory: the ids seen within the last `keep` (twice the replay window is
/// enough: an older copy is refused by the window).
#[derive(Debug)]
pub struct MemoryReplayGuard {
    keep: Duration,
    seen: Mutex<HashMap<String, Instant>>,
}

impl MemoryReplayGuard {
    /// Remembers each id for `keep`.
    pub fn new(keep: Duration) -> Self {
        Self { keep, seen: Mutex::new(HashMap::new()) }
    }
}

impl Default for MemoryReplayGuard {
    fn default() -> Self {
        Self::new(DEFAULT_WINDOW * 2)
    }
}

impl ReplayGuard for MemoryReplayGuard {
    fn first_time(&self, webhook_id: &str) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let keep = self.keep;
        if seen.len() >= 1024 {
            seen.retain(|_, at| now.duration_since(*at) < keep);
        }
        match seen.get(webhook_id) {
            Some(at) if now.duration_since(*at) < keep => false,
            _ => {
                seen.insert(webhook_id.to_owned(), now);
                true
            }
        }
    }
}

/// A key that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    reason: String,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unusable public key: {}", self.reason)
    }
}

impl std::error::Error for KeyError {}

/// Why a webhook was refused. Each says which check failed, never a signature or a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// None of the configured signature headers is present.
    MissingSignature {
        /// The headers looked for.
        expected: Vec<String>,
    },
    /// The signature header is not base64.
    MalformedSignature {
        /// The header.
        header: String,
    },
    /// The signature does not match the body (changed in transit, or signed with another key).
    InvalidSignature {
        /// The header.
        header: String,
    },
    /// The body is not a JSON object.
    NotJson {
        /// Why.
        reason: String,
    },
    /// The payload has no timestamp, and the replay window needs one.
    MissingTimestamp {
        /// The field looked for.
        field: String,
    },
    /// The timestamp is not an RFC 3339 date-time (or a Unix time in seconds or milliseconds).
    InvalidTimestamp {
        /// The field.
        field: String,
    },
    /// The timestamp is outside the replay window.
    OutsideWindow {
        /// How far from now it is, in seconds (negative: in the future).
        age_secs: i64,
        /// The window.
        window: Duration,
    },
    /// The payload has no id, and the replay guard needs one.
    MissingWebhookId {
        /// The field looked for.
        field: String,
    },
    /// The replay guard has seen this id before.
    Replayed {
        /// The id.
        webhook_id: String,
    },
    /// The payload's type is a known event, but the payload does not match it.
    Decode {
        /// The event type.
        event_type: String,
        /// What did not match.
        message: String,
    },
}

impl WebhookError {
    /// The HTTP status to refuse the request with: `401` when the signature or the timestamp
    /// fails (the sender is not trusted), `409` for a replayed id, `400` for a payload that cannot
    /// be read.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::MissingSignature { .. }
            | WebhookError::MalformedSignature { .. }
            | WebhookError::InvalidSignature { .. }
            | WebhookError::MissingTimestamp { .. }
            | WebhookError::InvalidTimestamp { .. }
            | WebhookError::OutsideWindow { .. } => 401,
            WebhookError::Replayed { .. } => 409,
            WebhookError::NotJson { .. } | WebhookError::MissingWebhookId { .. } | WebhookError::Decode { .. } => 400,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature { expected } => {
                write!(f, "no signature header (expected one of: {})", expected.join(", "))
            }
            WebhookError::MalformedSignature { header } => write!(f, "the `{header}` signature is not base64"),
            WebhookError::InvalidSignature { header } => {
                write!(f, "the `{header}` signature does not match the body and key")
            }
            WebhookError::NotJson { reason } => write!(f, "the body is not a JSON object: {reason}"),
            WebhookError::MissingTimestamp { field } => write!(f, "the payload has no `{field}`"),
            WebhookError::InvalidTimestamp { field } => write!(f, "the payload's `{field}` is not a date-time"),
            WebhookError::OutsideWindow { age_secs, window } => {
                write!(f, "the timestamp is {age_secs} s from now, outside the window of {window:?}")
            }
            WebhookError::MissingWebhookId { field } => write!(f, "the payload has no `{field}`"),
            WebhookError::Replayed { webhook_id } => write!(f, "webhook `{webhook_id}` was already received"),
            WebhookError::Decode { event_type, message } => {
                write!(f, "the `{event_type}` event does not match its schema: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

#[derive(Clone)]
struct Scheme {
    header: HeaderName,
    kind: SignatureKind,
    key: ParsedPublicKey,
}

/// Checks and decodes webhooks. Cheap to clone; build it once.
///
/// [`verify`](Self::verify) checks, in this order: the signature of the first configured scheme
/// whose header is present (in the order they were added; another scheme is never tried after a
/// failure), over the body exactly as received; that the body is a JSON object; its timestamp
/// against the replay window; that a known event type decodes; and, last, that the replay guard
/// has not seen its id.
#[derive(Clone)]
pub struct WebhookVerifier {
    schemes: Vec<Scheme>,
    type_field: String,
    timestamp_field: String,
    window: Option<Duration>,
    id_field: String,
    replay: Option<Arc<dyn ReplayGuard>>,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<_> = self.schemes.iter().map(|s| (s.header.as_str(), s.kind)).collect();
        f.debug_struct("WebhookVerifier")
            .field("schemes", &schemes)
            .field("type_field", &self.type_field)
            .field("timestamp_field", &self.timestamp_field)
            .field("window", &self.window)
            .field("id_field", &self.id_field)
            .field("replay_guard", &self.replay.is_some())
            .finish()
    }
}

impl Default for WebhookVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl WebhookVerifier {
    /// A verifier with no key yet (add them with [`ed25519`](Self::ed25519) and
    /// [`rsa_sha256`](Self::rsa_sha256)), reading the payload's `type`, `timestamp` (a window of 5
    /// minutes) and `webhookId` (no replay guard until [`replay_guard`](Self::replay_guard)).
    pub fn new() -> Self {
        Self {
            schemes: Vec::new(),
            type_field: "type".to_owned(),
            timestamp_field: "timestamp".to_owned(),
            window: Some(DEFAULT_WINDOW),
            id_field: "webhookId".to_owned(),
            replay: None,
        }
    }

    /// Checks an Ed25519 signature (base64) in `header`, with `key`: a PEM `PUBLIC KEY`, or the
    /// base64 of its DER or of the raw 32 bytes.
    ///
    /// # Errors
    /// When `header` is not a header name or `key` not an Ed25519 public key.
    pub fn ed25519(self, header: &str, key: &str) -> Result<Self, KeyError> {
        self.scheme(header, SignatureKind::Ed25519, key)
    }

    /// Checks an RSA PKCS#1 v1.5 SHA-256 signature (base64) in `header`, with `key` (2048 to 8192
    /// bits): a PEM `PUBLIC KEY` or `RSA PUBLIC KEY`, or the base64 of its DER.
    ///
    /// # Errors
    /// When `header` is not a header name or `key` not an RSA public key.
    pub fn rsa_sha256(self, header: &str, key: &str) -> Result<Self, KeyError> {
        self.scheme(header, SignatureKind::RsaSha256, key)
    }

    fn scheme(mut self, header: &str, kind: SignatureKind, key: &str) -> Result<Self, KeyError> {
        let header = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| KeyError { reason: format!("`{header}` is not a header name") })?;
        let der = pem_or_base64(key)?;
        let algorithm: &'static dyn aws_lc_rs::signature::VerificationAlgorithm = match kind {
            SignatureKind::Ed25519 => &ED25519,
            SignatureKind::RsaSha256 => &RSA_PKCS1_2048_8192_SHA256,
        };
        let key = ParsedPublicKey::new(algorithm, &der)
            .map_err(|err| KeyError { reason: format!("not a {kind:?} public key: {err}") })?;
        self.schemes.retain(|scheme| scheme.header != header);
        self.schemes.push(Scheme { header, kind, key });
        Ok(self)
    }

    /// The payload's field holding the event type (`type` by default).
    pub fn type_field(mut self, field: impl Into<String>) -> Self {
        self.type_field = field.into();
        self
    }

    /// The payload's field holding the timestamp (`timestamp` by default).
    pub fn timestamp_field(mut self, field: impl Into<String>) -> Self {
        self.timestamp_field = field.into();
        self
    }

    /// How far from now the timestamp may be, either way (5 minutes by default); `None`: not
    /// checked (nor required).
    pub fn window(mut self, window: Option<Duration>) -> Self {
        self.window = window;
        self
    }

    /// The payload's field holding the webhook's id (`webhookId` by default).
    pub fn id_field(mut self, field: impl Into<String>) -> Self {
        self.id_field = field.into();
        self
    }

    /// Refuses the ids `guard` has seen ([`MemoryReplayGuard`], or one over a shared database);
    /// a payload without an id is then refused too.
    pub fn replay_guard(mut self, guard: impl ReplayGuard) -> Self {
        self.replay = Some(Arc::new(guard));
        self
    }

    /// Verifies and decodes a webhook: `headers` and `body` exactly as received.
    ///
    /// # Errors
    /// The first check that fails (see [`WebhookVerifier`]).
    pub fn verify<T: EventTypes>(&self, headers: &HeaderMap, body: &[u8]) -> Result<Webhook<T>, WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) as if it were `now` (for tests).
    ///
    /// # Errors
    /// As for `verify`.
    pub fn verify_at<T: EventTypes>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Webhook<T>, WebhookError> {
        let verified_by = self.check_signature(headers, body)?;
        let payload: Map<String, Value> =
            serde_json::from_slice(body).map_err(|err| WebhookError::NotJson { reason: err.to_string() })?;
        let text = |field: &str| payload.get(field).and_then(Value::as_str).map(str::to_owned);

        let timestamp = match payload.get(&self.timestamp_field) {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                parse_timestamp(value)
                    .ok_or_else(|| WebhookError::InvalidTimestamp { field: self.timestamp_field.clone() })?,
            ),
        };
        if let Some(window) = self.window {
            let at = timestamp.ok_or_else(|| WebhookError::MissingTimestamp { field: self.timestamp_field.clone() })?;
            let age = match now.duration_since(at) {
                Ok(age) => i64::try_from(age.as_secs()).unwrap_or(i64::MAX),
                Err(ahead) => -i64::try_from(ahead.duration().as_secs()).unwrap_or(i64::MAX),
            };
            if age.unsigned_abs() > window.as_secs() {
                return Err(WebhookError::OutsideWindow { age_secs: age, window });
            }
        }

        let webhook_id = text(&self.id_field);
        let event_type = text(&self.type_field);
        let event = match &event_type {
            Some(known) if T::is_known(known) => {
                let payload = Value::Object(payload);
                Event::Known(
                    serde_json::from_value(payload)
                        .map_err(|err| WebhookError::Decode { event_type: known.clone(), message: err.to_string() })?,
                )
            }
            _ => Event::Unknown(UnknownEvent { event_type, payload: Value::Object(payload) }),
        };

        if let Some(guard) = &self.replay {
            let id =
                webhook_id.as_deref().ok_or_else(|| WebhookError::MissingWebhookId { field: self.id_field.clone() })?;
            if !guard.first_time(id) {
                return Err(WebhookError::Replayed { webhook_id: id.to_owned() });
            }
        }
        Ok(Webhook { event, webhook_id, timestamp, verified_by })
    }

    /// The signature of the first scheme whose header is present, over `body`.
    fn check_signature(&self, headers: &HeaderMap, body: &[u8]) -> Result<SignatureKind, WebhookError> {
        let Some((scheme, value)) =
            self.schemes.iter().find_map(|scheme| headers.get(&scheme.header).map(|value| (scheme, value)))
        else {
            return Err(WebhookError::MissingSignature {
                expected: self.schemes.iter().map(|scheme| scheme.header.as_str().to_owned()).collect(),
            });
        };
        let header = || scheme.header.as_str().to_owned();
        let signature = value
            .to_str()
            .ok()
            .and_then(|text| decode_base64(text.trim()))
            .ok_or_else(|| WebhookError::MalformedSignature { header: header() })?;
        scheme.key.verify_sig(body, &signature).map_err(|_| WebhookError::InvalidSignature { header: header() })?;
        Ok(scheme.kind)
    }
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
    use base64::engine::{GeneralPurpose, GeneralPurposeConfig};
    const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    STANDARD
        .decode(text)
        .or_else(|_| STANDARD_LENIENT.decode(text))
        .or_else(|_| URL_SAFE.decode(text))
        .or_else(|_| URL_SAFE_NO_PAD.decode(text))
        .ok()
}

/// The DER (or raw) bytes of a key given as PEM or as base64.
fn pem_or_base64(key: &str) -> Result<Vec<u8>, KeyError> {
    let key = key.trim();
    let body: String = if key.starts_with("-----BEGIN") {
        key.lines().filter(|line| !line.starts_with("-----")).map(str::trim).collect()
    } else {
        key.split_whitespace().collect()
    };
    decode_base64(&body).ok_or_else(|| KeyError { reason: "neither PEM nor base64".to_owned() })
}

/// An RFC 3339 date-time (`2025-01-28T14:35:00Z`, `…00.123+02:00`), or a Unix time in seconds
/// or milliseconds (a number, or a string of digits).
fn parse_timestamp(value: &Value) -> Option<SystemTime> {
    let unix = |n: u64| {
        // Milliseconds from 2001 on are larger than any plausible seconds.
        let secs = if n >= 1_000_000_000_000 { n / 1000 } else { n };
        UNIX_EPOCH.checked_add(Duration::from_secs(secs))
    };
    match value {
        Value::Number(n) => unix(n.as_u64()?),
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => unix(text.parse().ok()?),
        Value::String(text) => parse_rfc3339(text),
        _ => None,
    }
}

fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok())?
    };
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            sign * (num(text.len() - 5..text.len() - 3)? * 3600 + num(text.len() - 2..text.len())? * 60)
        }
    };
    // Days from the civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(secs).ok()?))
}

#[cfg(feature = "axum")]
pub use self::axum_extractor::{VerifiedWebhook, WebhookRejection};

#[cfg(feature = "axum")]
mod axum_extractor {
    use super::{EventTypes, Webhook, WebhookError, WebhookVerifier};
    use axum::body::Bytes;
    use axum::extract::{FromRef, FromRequest, Request};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    /// An axum extractor (cargo feature `axum`): the handler receives a verified webhook, or the
    /// request is refused with [`WebhookError::status`] (`413` for a body over axum's limit). The
    /// [`WebhookVerifier`] comes from the router's state (`FromRef`).
    ///
    /// ```
    /// use axum::routing::post;
    /// use axum::Router;
    /// use openapi_client_runtime::webhook::{Event, MemoryReplayGuard, Untyped, VerifiedWebhook, WebhookVerifier};
    ///
    /// async fn on_webhook(VerifiedWebhook(webhook): VerifiedWebhook<Untyped>) -> &'static str {
    ///     if let Event::Unknown(event) = webhook.event {
    ///         println!("{:?} {:?}", event.event_type, webhook.webhook_id);
    ///     }
    ///     "ok"
    /// }
    ///
    /// # fn app(app_key_pem: &str) -> Result<Router, Box<dyn std::error::Error>> {
    /// let verifier = WebhookVerifier::new()
    ///     .ed25519("x-ghl-signature", app_key_pem)?
    ///     .replay_guard(MemoryReplayGuard::default());
    /// let app = Router::new().route("/webhooks", post(on_webhook)).with_state(verifier);
    /// # Ok(app)
    /// # }
    /// ```
    #[derive(Debug)]
    pub struct VerifiedWebhook<T>(pub Webhook<T>);

    /// Why [`VerifiedWebhook`] refused a request.
    #[derive(Debug)]
    pub enum WebhookRejection {
        /// The webhook failed a check.
        Invalid(WebhookError),
        /// The body could not be read (too large, or the connection failed).
        Body(axum::extract::rejection::BytesRejection),
    }

    impl IntoResponse for WebhookRejection {
        fn into_response(self) -> Response {
            match self {
                WebhookRejection::Invalid(err) => {
                    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::BAD_REQUEST);
                    tracing::info!(%status, error = %err, "webhook refused");
                    (status, err.to_string()).into_response()
                }
                WebhookRejection::Body(rejection) => rejection.into_response(),
            }
        }
    }

    impl<S, T> FromRequest<S> for VerifiedWebhook<T>
    where
        S: Send + Sync,
        WebhookVerifier: FromRef<S>,
        T: EventTypes,
    {
        type Rejection = WebhookRejection;

        async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
            let verifier = WebhookVerifier::from_ref(state);
            let (parts, body) = request.into_parts();
            let body = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
                .await
                .map_err(WebhookRejection::Body)?;
            verifier.verify(&parts.headers, &body).map(VerifiedWebhook).map_err(WebhookRejection::Invalid)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<u64> {
        parse_rfc3339(text).and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_secs())
    }

    #[test]
    fn rfc3339_timestamps() {
        assert_eq!(at("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(at("2025-01-28T14:35:00Z"), Some(1_738_074_900));
        assert_eq!(at("2025-01-28T14:35:00.123Z"), Some(1_738_074_900));
        assert_eq!(at("2025-01-28T16:35:00+02:00"), Some(1_738_074_900));
        assert_eq!(at("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        for bad in [
            "",
            "2025-01-28",
            "2025-13-01T00:00:00Z",
            "2025-01-28T14:35:00",
            "2025-01-28T14:35:00+0200",
            "2025-01-28T14:35:00.Z",
            "２０２５-01-28T14:35:00Z",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
        let secs = |v: Value| parse_timestamp(&v).and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_secs());
        assert_eq!(secs(Value::from(1_738_074_900_u64)), Some(1_738_074_900));
        assert_eq!(secs(Value::from(1_738_074_900_123_u64)), Some(1_738_074_900));
        assert_eq!(secs(Value::from("1738074900")), Some(1_738_074_900));
        assert_eq!(secs(Value::Bool(true)), None);
    }

    #[test]
    fn memory_replay_guard_refuses_an_id_seen_within_keep() {
        let guard = MemoryReplayGuard::default();
        assert!(guard.first_time("a"));
        assert!(!guard.first_time("a"));
        assert!(guard.first_time("b"));
        let forgetful = MemoryReplayGuard::new(Duration::ZERO);
        assert!(forgetful.first_time("a") && forgetful.first_time("a"));
    }
}
