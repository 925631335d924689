//! Credentials: the security schemes an API description declares, the secrets a client is given
//! for them, and how a request carries them. No secret is ever shown by a `Debug` or `Display`
//! implementation here, and none is ever logged.
//!
//! OAuth 2 and OpenID Connect are supported as what a request carries: an access token, sent as
//! `Authorization: Bearer <token>`: a fixed one, or one a [`SharedTokenSource`] gives each call
//! (see [`crate::oauth`], which obtains and refreshes OAuth 2.0 tokens).

use std::fmt;

use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use reqwest::Url;

use super::oauth::SharedTokenSource;
use super::request::Encoding;

const REDACTED: &str = "<redacted>";

/// Defines a string type whose `Debug` and `Display` show only `Name(<redacted>)`, so that the
/// secret cannot leak through logs or error messages; it is read only through `expose`.
macro_rules! redacted_string {
    ($(#[$doc:meta])* $name:ident, $new:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(String);

        impl $name {
            #[doc = $new]
            pub fn new(secret: impl Into<String>) -> Self {
                Self(secret.into())
            }

            /// Returns the secret itself; named so that every use of it stands out in review.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), REDACTED)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self, f)
            }
        }

        impl From<String> for $name {
            fn from(secret: String) -> Self {
                Self(secret)
            }
        }

        impl From<&str> for $name {
            fn from(secret: &str) -> Self {
                Self(secret.to_owned())
            }
        }
    };
}

redacted_string!(
    /// A bearer token sent as `Authorization: Bearer <token>`.
    ///
    /// Its `Debug` and `Display` output is redacted so that the secret cannot leak through logs or
    /// error messages; read it only through the deliberately named [`BearerToken::expose`].
    BearerToken,
    "Wraps a token (without the `Bearer ` prefix)."
);

redacted_string!(
    /// A secret: a password, an API key, an access token.
    ///
    /// Its `Debug` and `Display` output is redacted so that it cannot leak through logs or error
    /// messages; read it only through the deliberately named [`Secret::expose`].
    Secret,
    "Wraps a secret."
);

impl From<BearerToken> for Secret {
    fn from(token: BearerToken) -> Self {
        Self(token.0)
    }
}

/// A security scheme of the API description (`components.securitySchemes`), as the generated
/// crate describes it to the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the API description (the key under `securitySchemes`), as used in
    /// security requirements.
    pub name: &'static str,
    /// How a request carries its credential.
    pub kind: SchemeKind,
}

/// How a request carries the credential of a [`SecurityScheme`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `type: http, scheme: bearer`: `Authorization: Bearer <token>` ([`Credential::Token`]).
    HttpBearer,
    /// `type: http, scheme: basic`: `Authorization: Basic <base64(user:password)>`
    /// ([`Credential::Basic`]).
    HttpBasic,
    /// `type: apiKey`: the key, as is, in the header, query parameter or cookie `name`
    /// ([`Credential::ApiKey`]).
    ApiKey {
        /// Where the key goes (`in`).
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// `type: oauth2`: an access token sent as a bearer token ([`Credential::Token`]); the flows
    /// that obtain it are out of scope.
    OAuth2,
    /// `type: openIdConnect`: an access token sent as a bearer token ([`Credential::Token`]); the
    /// discovery and flows that obtain it are out of scope.
    OpenIdConnect,
}

impl SchemeKind {
    /// Whether the scheme's credential is a token sent as `Authorization: Bearer`, which the
    /// client-wide `bearer_token` can stand in for.
    fn is_bearer_like(self) -> bool {
        matches!(self, SchemeKind::HttpBearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect)
    }

    fn expects(self) -> &'static str {
        match self {
            SchemeKind::HttpBearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => "a token",
            SchemeKind::HttpBasic => "a user and a password",
            SchemeKind::ApiKey { .. } => "an API key",
        }
    }
}

/// Where an API key goes (an `apiKey` scheme's `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie (in the `Cookie` header).
    Cookie,
}

/// The credential configured for one security scheme. Every secret is a [`Secret`], so the
/// `Debug` output of a credential never shows it.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credential {
    /// The token of an http `bearer`, `oauth2` or `openIdConnect` scheme.
    Token(Secret),
    /// The user and password of an http `basic` scheme (both redacted: some APIs use a key as the
    /// user).
    Basic {
        /// The user (must not contain `:`).
        user: Secret,
        /// The password (may be empty).
        password: Secret,
    },
    /// The key of an `apiKey` scheme.
    ApiKey(Secret),
    /// A token of an http `bearer`, `oauth2` or `openIdConnect` scheme, asked of the source for
    /// each call (and once more after a `401`).
    Source(SharedTokenSource),
}

impl Credential {
    /// A token for an http `bearer`, `oauth2` or `openIdConnect` scheme.
    pub fn token(token: impl Into<Secret>) -> Self {
        Credential::Token(token.into())
    }

    /// A user and password for an http `basic` scheme.
    pub fn basic(user: impl Into<Secret>, password: impl Into<Secret>) -> Self {
        Credential::Basic { user: user.into(), password: password.into() }
    }

    /// A key for an `apiKey` scheme.
    pub fn api_key(key: impl Into<Secret>) -> Self {
        Credential::ApiKey(key.into())
    }

    /// A token source for an http `bearer`, `oauth2` or `openIdConnect` scheme.
    pub fn token_source(source: impl Into<SharedTokenSource>) -> Self {
        Credential::Source(source.into())
    }

    fn kind_name(&self) -> &'static str {
        match self {
            Credential::Token(_) | Credential::Source(_) => "a token",
            Credential::Basic { .. } => "a user and a password",
            Credential::ApiKey(_) => "an API key",
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => write!(f, "Token({REDACTED})"),
            Credential::Basic { .. } => write!(f, "Basic {{ user: {REDACTED}, password: {REDACTED} }}"),
            Credential::ApiKey(_) => write!(f, "ApiKey({REDACTED})"),
            Credential::Source(_) => f.write_str("TokenSource(..)"),
        }
    }
}

/// Why a configured credential cannot be used; never contains the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CredentialError {
    UnknownScheme(&'static str),
    WrongKind { scheme: &'static str, expected: &'static str, given: &'static str },
    Empty(&'static str),
    NotAHeader(&'static str),
    NotACookie(&'static str),
    UserWithColon(&'static str),
    BadHeaderName { scheme: &'static str, header: &'static str },
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialError::UnknownScheme(scheme) => {
                write!(f, "the API description declares no security scheme `{scheme}`")
            }
            CredentialError::WrongKind { scheme, expected, given } => {
                write!(f, "security scheme `{scheme}` takes {expected}, not {given}")
            }
            CredentialError::Empty(scheme) => write!(f, "the credential for security scheme `{scheme}` is empty"),
            CredentialError::NotAHeader(scheme) => write!(
                f,
                "the credential for security scheme `{scheme}` contains characters not allowed in an HTTP header \
                 (such as a line break)"
            ),
            CredentialError::NotACookie(scheme) => write!(
                f,
                "the API key for security scheme `{scheme}` contains characters not allowed in a cookie \
                 (whitespace, `\"`, `,`, `;`, `\\` or control characters)"
            ),
            CredentialError::UserWithColon(scheme) => {
                write!(f, "the user for security scheme `{scheme}` must not contain `:`")
            }
            CredentialError::BadHeaderName { scheme, header } => {
                write!(f, "security scheme `{scheme}`: `{header}` is not a valid HTTP header name")
            }
        }
    }
}

/// What one configured credential adds to a request, computed once when the client is built.
#[derive(Clone)]
enum Applied {
    /// A header (`Authorization`, or an API key's), marked sensitive.
    Header(HeaderName, HeaderValue),
    /// `name=value`, percent-encoded, appended to the query string; `name` as declared.
    Query { name: &'static str, pair: String },
    /// `name=value`, added to the `Cookie` header.
    Cookie(String),
    /// `Authorization: Bearer <token>`, the token asked of the source for each call.
    Source(SharedTokenSource),
}

/// The credentials of a client, by security scheme.
#[derive(Clone)]
pub(crate) struct Credentials {
    schemes: &'static [SecurityScheme],
    by_scheme: Vec<(&'static str, Applied)>,
    /// `Authorization: Bearer <token>` from the builder's `bearer_token`: for requests whose
    /// operation states no security, and for every bearer-like scheme not configured on its own.
    fallback_bearer: Option<Applied>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("schemes", &self.configured_names())
            .field("bearer_token", &self.fallback_bearer.is_some())
            .finish()
    }
}

/// The credentials one request carries, chosen from a client's [`Credentials`].
#[derive(Default)]
pub(crate) struct Chosen<'c> {
    applied: Vec<&'c Applied>,
}

impl Credentials {
    /// Checks every configured credential against the declared schemes and prepares what it adds
    /// to a request. `bearer` is the builder's `bearer_token`, already validated.
    pub(crate) fn new(
        schemes: &'static [SecurityScheme],
        configured: &[(&'static str, Credential)],
        fallback_bearer: Option<HeaderValue>,
    ) -> Result<Self, CredentialError> {
        Self::with_source(schemes, configured, fallback_bearer.map(|value| Applied::Header(AUTHORIZATION, value)))
    }

    /// [`Credentials::new`] with a token source standing in as the `bearer_token`.
    pub(crate) fn with_token_source(
        schemes: &'static [SecurityScheme],
        configured: &[(&'static str, Credential)],
        source: SharedTokenSource,
    ) -> Result<Self, CredentialError> {
        Self::with_source(schemes, configured, Some(Applied::Source(source)))
    }

    fn with_source(
        schemes: &'static [SecurityScheme],
        configured: &[(&'static str, Credential)],
        fallback_bearer: Option<Applied>,
    ) -> Result<Self, CredentialError> {
        let mut by_scheme = Vec::with_capacity(configured.len());
        for (name, credential) in configured {
            let scheme =
                schemes.iter().find(|scheme| scheme.name == *name).ok_or(CredentialError::UnknownScheme(name))?;
            by_scheme.push((scheme.name, prepare(scheme, credential)?));
        }
        Ok(Self { schemes, by_scheme, fallback_bearer })
    }

    /// Whether anything at all is configured.
    pub(crate) fn any(&self) -> bool {
        self.fallback_bearer.is_some() || !self.by_scheme.is_empty()
    }

    /// The names of the configured schemes.
    pub(crate) fn configured_names(&self) -> Vec<&'static str> {
        self.by_scheme.iter().map(|(name, _)| *name).collect()
    }

    /// Hides the values of the query parameters that carry secrets in `url` (in place), for an
    /// error that shows it.
    pub(crate) fn redact(&self, url: &mut Url) {
        let names: Vec<&str> = self
            .by_scheme
            .iter()
            .filter_map(|(_, applied)| match applied {
                Applied::Query { name, .. } => Some(*name),
                _ => None,
            })
            .collect();
        redact_query(url, &names);
    }

    /// What a request of an operation with `requirement` carries: for `None` (the operation
    /// states nothing) the `bearer_token` if there is one; otherwise the first alternative whose
    /// schemes all have a credential (an empty alternative, or an empty requirement, carries
    /// nothing). When no alternative can be met: for each, the schemes without a credential.
    pub(crate) fn choose(
        &self,
        requirement: Option<&'static [&'static [&'static str]]>,
    ) -> Result<Chosen<'_>, Vec<Vec<&'static str>>> {
        let Some(requirement) = requirement else {
            return Ok(Chosen { applied: self.fallback_bearer.iter().collect() });
        };
        if requirement.is_empty() {
            return Ok(Chosen::default());
        }
        let mut missing = Vec::with_capacity(requirement.len());
        for alternative in requirement {
            let found: Vec<Option<&Applied>> = alternative.iter().map(|name| self.for_scheme(name)).collect();
            if found.iter().all(Option::is_some) {
                return Ok(Chosen { applied: found.into_iter().flatten().collect() });
            }
            missing.push(
                alternative.iter().zip(&found).filter(|(_, found)| found.is_none()).map(|(name, _)| *name).collect(),
            );
        }
        Err(missing)
    }

    fn for_scheme(&self, name: &str) -> Option<&Applied> {
        if let Some((_, applied)) = self.by_scheme.iter().find(|(scheme, _)| *scheme == name) {
            return Some(applied);
        }
        let bearer_like = self.schemes.iter().any(|scheme| scheme.name == name && scheme.kind.is_bearer_like());
        if bearer_like {
            self.fallback_bearer.as_ref()
        } else {
            None
        }
    }
}

impl Chosen<'_> {
    /// The token source of the chosen credentials, if one of them is a source: the caller asks it
    /// for the token and sends it as `Authorization: Bearer`.
    pub(crate) fn token_source(&self) -> Option<&SharedTokenSource> {
        self.applied.iter().find_map(|applied| match applied {
            Applied::Source(source) => Some(source),
            _ => None,
        })
    }

    /// Adds the chosen headers and cookies to the headers of a request. They do not depend on the
    /// URL, so this is done once per call; send them only to the origin the client was configured
    /// for.
    pub(crate) fn apply_headers(&self, headers: &mut HeaderMap) {
        let mut cookies: Vec<&str> = Vec::new();
        for applied in &self.applied {
            match applied {
                Applied::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Applied::Query { .. } | Applied::Source(_) => {}
                Applied::Cookie(pair) => cookies.push(pair),
            }
        }
        if !cookies.is_empty() {
            let mut cookie = headers.get(COOKIE).and_then(|v| v.to_str().ok()).map(str::to_owned).unwrap_or_default();
            for pair in cookies {
                if !cookie.is_empty() {
                    cookie.push_str("; ");
                }
                cookie.push_str(pair);
            }
            if let Ok(mut value) = HeaderValue::from_str(&cookie) {
                value.set_sensitive(true);
                headers.insert(COOKIE, value);
            }
        }
    }

    /// Adds the chosen query keys to `url`. Call it only for a URL of the origin the client was
    /// configured for.
    pub(crate) fn apply_query(&self, url: &mut Url) {
        for applied in &self.applied {
            let Applied::Query { name, pair } = applied else { continue };
            // Already there when a same-origin redirect's `Location` kept it.
            if !url.query_pairs().any(|(existing, _)| existing == *name) {
                let query = match url.query() {
                    Some(query) if !query.is_empty() => format!("{query}&{pair}"),
                    _ => pair.clone(),
                };
                url.set_query(Some(&query));
            }
        }
    }
}

/// `value` as a header value marked sensitive; `None` when it cannot be sent in a header.
fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// `Authorization: Bearer <token>`, marked sensitive; `None` for a token that cannot be sent.
pub(crate) fn bearer_header(token: &str) -> Option<HeaderValue> {
    sensitive(&format!("Bearer {token}"))
}

fn prepare(scheme: &SecurityScheme, credential: &Credential) -> Result<Applied, CredentialError> {
    let name = scheme.name;
    let wrong =
        || CredentialError::WrongKind { scheme: name, expected: scheme.kind.expects(), given: credential.kind_name() };
    match (scheme.kind, credential) {
        (kind, Credential::Token(token)) if kind.is_bearer_like() => {
            if token.expose().trim().is_empty() {
                return Err(CredentialError::Empty(name));
            }
            let value = bearer_header(token.expose()).ok_or(CredentialError::NotAHeader(name))?;
            Ok(Applied::Header(AUTHORIZATION, value))
        }
        (kind, Credential::Source(source)) if kind.is_bearer_like() => Ok(Applied::Source(source.clone())),
        (SchemeKind::HttpBasic, Credential::Basic { user, password }) => {
            if user.expose().is_empty() && password.expose().is_empty() {
                return Err(CredentialError::Empty(name));
            }
            if user.expose().contains(':') {
                return Err(CredentialError::UserWithColon(name));
            }
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", user.expose(), password.expose()));
            let value = sensitive(&format!("Basic {encoded}")).ok_or(CredentialError::NotAHeader(name))?;
            Ok(Applied::Header(AUTHORIZATION, value))
        }
        (SchemeKind::ApiKey { location, name: key_name }, Credential::ApiKey(key)) => {
            let key = key.expose();
            if key.is_empty() {
                return Err(CredentialError::Empty(name));
            }
            match location {
                KeyLocation::Header => {
                    let header = HeaderName::from_bytes(key_name.as_bytes())
                        .map_err(|_| CredentialError::BadHeaderName { scheme: name, header: key_name })?;
                    Ok(Applied::Header(header, sensitive(key).ok_or(CredentialError::NotAHeader(name))?))
                }
                KeyLocation::Query => {
                    let mut pair = String::new();
                    Encoding::Query.push_field(&mut pair, key_name, [key], ',');
                    Ok(Applied::Query { name: key_name, pair })
                }
                KeyLocation::Cookie => {
                    // RFC 6265 cookie-octets, and a token-like name.
                    let octet = |b: u8| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
                    if !key.bytes().all(octet) {
                        return Err(CredentialError::NotACookie(name));
                    }
                    if key_name.is_empty() || HeaderName::from_bytes(key_name.as_bytes()).is_err() {
                        return Err(CredentialError::BadHeaderName { scheme: name, header: key_name });
                    }
                    Ok(Applied::Cookie(format!("{key_name}={key}")))
                }
            }
        }
        _ => Err(wrong()),
    }
}

/// Hides the values of the query parameters `names` in `url` (in place), for errors that show it.
fn redact_query(url: &mut Url, names: &[&str]) {
    if names.is_empty() || url.query().is_none() {
        return;
    }
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    if !pairs.iter().any(|(k, _)| names.contains(&k.as_str())) {
        return;
    }
    let mut query = url.query_pairs_mut();
    query.clear();
    for (name, value) in &pairs {
        let value = if names.contains(&name.as_str()) { REDACTED } else { value };
        query.append_pair(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[SecurityScheme] = &[
        SecurityScheme { name: "bearer", kind: SchemeKind::HttpBearer },
        SecurityScheme { name: "basic", kind: SchemeKind::HttpBasic },
        SecurityScheme { name: "key", kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Key" } },
        SecurityScheme { name: "q", kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "api_key" } },
        SecurityScheme { name: "c", kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "sid" } },
        SecurityScheme { name: "oauth", kind: SchemeKind::OAuth2 },
    ];

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let token = BearerToken::new("sk-very-secret");
        assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
        assert_eq!(format!("{token}"), "BearerToken(<redacted>)");
        assert_eq!(format!("{token:#?}"), "BearerToken(<redacted>)");
        assert_eq!(token.expose(), "sk-very-secret");
        assert_eq!(BearerToken::from("a").expose(), "a");
        assert_eq!(BearerToken::from(String::from("b")).expose(), "b");
        let secret = Secret::from(token);
        assert_eq!(format!("{secret:?} {secret}"), "Secret(<redacted>) Secret(<redacted>)");
        for credential in [
            Credential::token("sk-very-secret"),
            Credential::basic("sk-very-secret", "sk-very-secret"),
            Credential::api_key("sk-very-secret"),
        ] {
            let debug = format!("{credential:?} {credential:#?}");
            assert!(!debug.contains("very-secret"), "{debug}");
        }
    }

    fn credentials(configured: &[(&'static str, Credential)]) -> Result<Credentials, CredentialError> {
        Credentials::new(SCHEMES, configured, None)
    }

    #[test]
    fn refusals_name_the_scheme_never_the_secret() {
        let err = |c: &[(&'static str, Credential)]| credentials(c).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err(&[("nope", Credential::token("s3cret"))]).contains("`nope`"));
        let wrong = err(&[("basic", Credential::token("s3cret"))]);
        assert!(wrong.contains("`basic`") && wrong.contains("user and a password"), "{wrong}");
        assert!(err(&[("key", Credential::api_key(""))]).contains("empty"));
        assert!(err(&[("bearer", Credential::token(" "))]).contains("empty"));
        let header = err(&[("key", Credential::api_key("s3cret\r\nX: 1"))]);
        assert!(header.contains("`key`") && !header.contains("s3cret"), "{header}");
        let cookie = err(&[("c", Credential::api_key("s3cret; other=1"))]);
        assert!(cookie.contains("cookie") && !cookie.contains("s3cret"), "{cookie}");
        assert!(err(&[("basic", Credential::basic("a:b", "s3cret"))]).contains("`:`"));
        assert!(credentials(&[("basic", Credential::basic("key-as-user", ""))]).is_ok());
    }

    #[test]
    fn choose_takes_the_first_complete_alternative() {
        let creds = match credentials(&[("key", Credential::api_key("k")), ("q", Credential::api_key("v"))]) {
            Ok(creds) => creds,
            Err(err) => panic!("{err}"),
        };
        let missing = creds.choose(Some(&[&["basic"], &["key", "bearer"]])).err();
        assert_eq!(missing, Some(vec![vec!["basic"], vec!["bearer"]]));
        let chosen = creds.choose(Some(&[&["basic"], &["key", "q"]])).map(|c| c.applied.len()).ok();
        assert_eq!(chosen, Some(2));
        assert_eq!(creds.choose(Some(&[])).map(|c| c.applied.len()).ok(), Some(0));
        assert_eq!(creds.choose(Some(&[&["basic"], &[]])).map(|c| c.applied.len()).ok(), Some(0));
        assert_eq!(creds.choose(None).map(|c| c.applied.len()).ok(), Some(0));

        let mut headers = HeaderMap::new();
        let mut url = Url::parse("https://h/p?x=1").unwrap_or_else(|e| panic!("{e}"));
        if let Ok(chosen) = creds.choose(Some(&[&["key", "q"]])) {
            chosen.apply_headers(&mut headers);
            chosen.apply_query(&mut url);
            chosen.apply_query(&mut url);
        }
        assert_eq!(url.query(), Some("x=1&api_key=v"));
        assert_eq!(headers.get("x-key").map(|v| v.is_sensitive()), Some(true));
        creds.redact(&mut url);
        assert_eq!(url.query(), Some("x=1&api_key=%3Credacted%3E"));
    }

    #[test]
    fn bearer_token_stands_in_for_bearer_like_schemes() {
        let bearer = bearer_header("t");
        let creds = match Credentials::new(SCHEMES, &[], bearer) {
            Ok(creds) => creds,
            Err(err) => panic!("{err}"),
        };
        const BEARER: &[&[&str]] = &[&["bearer"]];
        const OAUTH: &[&[&str]] = &[&["oauth"]];
        for requirement in [None, Some(BEARER), Some(OAUTH)] {
            let mut headers = HeaderMap::new();
            let mut url = Url::parse("https://h/p").unwrap_or_else(|e| panic!("{e}"));
            let chosen = creds.choose(requirement).unwrap_or_default();
            chosen.apply_headers(&mut headers);
            chosen.apply_query(&mut url);
            assert_eq!(headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()), Some("Bearer t"));
        }
        assert_eq!(creds.choose(Some(&[&["key"]])).err(), Some(vec![vec!["key"]]));
    }
}
