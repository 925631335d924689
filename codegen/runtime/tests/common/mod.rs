//! What every test here shares: a client defined as a generated crate defines one (a `Client`
//! around `ClientCore`, built from the runtime's `ClientConfig`, to which a generated
//! `ClientBuilder` delegates every setter), for an API that declares one security scheme of every kind.

#![allow(dead_code)]

pub mod capture;

use std::time::Duration;

use openapi_client_runtime::support::{
    self as runtime, ApiInfo, KeyLocation, Method, RateLimitHeaderNames, RawResponse, RequestParts, SchemeKind,
    SecurityScheme,
};
use openapi_client_runtime::RetryPolicy;

pub const API: ApiInfo =
    ApiInfo { default_base_url: None, user_agent: "runtime-tests/0", rate_limit_headers: RateLimitHeaderNames::NONE };

/// One security scheme of every kind, as a generated crate would declare them.
pub const SCHEMES: &[SecurityScheme] = &[
    SecurityScheme { name: "bearerAuth", kind: SchemeKind::HttpBearer },
    SecurityScheme { name: "basicAuth", kind: SchemeKind::HttpBasic },
    SecurityScheme { name: "headerKey", kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-API-Key" } },
    SecurityScheme { name: "queryKey", kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "api_key" } },
    SecurityScheme { name: "cookieKey", kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "session" } },
    SecurityScheme { name: "oauth", kind: SchemeKind::OAuth2 },
    SecurityScheme { name: "oidc", kind: SchemeKind::OpenIdConnect },
];

/// The generated crate's `Client`: the core, and the operations (here, `send`).
#[derive(Debug, Clone)]
pub struct Client {
    core: runtime::ClientCore,
}

/// The generated `ClientBuilder` is a `ClientConfig` with the consumer's docs on each setter.
pub type ClientBuilder = runtime::ClientConfig;

/// `build()`, as the generated `ClientBuilder` has it.
pub trait Build {
    fn build(self) -> Result<Client, openapi_client_runtime::BuildError>;
}

impl Build for ClientBuilder {
    fn build(self) -> Result<Client, openapi_client_runtime::BuildError> {
        build_with(&API, SCHEMES, self)
    }
}

/// Builds a client for another API description.
pub fn build_with(
    api: &ApiInfo,
    schemes: &'static [SecurityScheme],
    config: ClientBuilder,
) -> Result<Client, openapi_client_runtime::BuildError> {
    runtime::ClientCore::with_schemes(api, schemes, config).map(|core| Client { core })
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The escape hatch, as the generated `Client::request`.
    pub fn request(&self, method: Method, path: impl Into<String>) -> openapi_client_runtime::RawRequest {
        self.core.request(method, path)
    }

    /// What a generated operation does: send, and get the response back whatever its status.
    pub async fn send(&self, parts: RequestParts) -> Result<RawResponse, openapi_client_runtime::Error<()>> {
        Ok(self.core.execute(parts).await?)
    }

    pub fn core(&self) -> &runtime::ClientCore {
        &self.core
    }
}

/// Retries without waiting long.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default().base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(5))
}

/// A builder pointed at `base_url`, retrying fast.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder().base_url(base_url).retry_policy(fast_retry())
}

/// A built client; panics with the build error.
pub fn build(builder: ClientBuilder) -> Client {
    match builder.build() {
        Ok(client) => client,
        Err(err) => panic!("{err}"),
    }
}

pub fn parts(operation: &'static str, method: Method, path: &'static str) -> RequestParts {
    let mut parts = RequestParts::new(operation, method);
    parts.path(path);
    parts
}

/// The value of header `name` of a received request, as text.
pub fn header<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

pub async fn received(server: &wiremock::MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

/// A server on which `from` answers `status` with `Location: location`, and `landing`, if given,
/// answers 200.
pub async fn redirecting_server(
    from: &str,
    status: u16,
    location: &str,
    landing: Option<&str>,
) -> wiremock::MockServer {
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(path(from))
        .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
        .mount(&server)
        .await;
    if let Some(landing) = landing {
        Mock::given(path(landing)).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    }
    server
}
