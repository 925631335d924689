//! Test support for the consumers of a generated client (cargo feature `mock`): a local HTTP server
//! (wiremock) that answers an operation exactly as the generated client sends it, with a typed value.
//!
//! ```text
//! let server = MockServer::start().await;
//! let client = mock::client_builder(&server).build()?;            // generated: base URL and a token set
//! let mocked = server.on(client.get_pet("p1")).respond(pet).await;  // matches what `send()` would send
//! assert_eq!(my_function(&client).await?, …);
//! assert_eq!(mocked.calls().await, 1);
//! ```
//!
//! A request matches a mock when its method, path, query string and the operation's own headers
//! (and body, if it has one) are exactly those the builder given to [`MockServer::on`] would send.
//! Credentials, `User-Agent` and `Accept` are the client's, not the operation's, and are not matched;
//! but the query string is matched exactly, so a client whose API key goes in the query string does
//! not match: give the client of a mocked test a header or bearer credential instead.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use wiremock::{Mock, Request, ResponseTemplate, Times};

use crate::request::{InvalidRequest, RequestParts};

pub use wiremock;

/// An operation of a generated client, as the mock server answers it. Every request builder of a
/// crate generated with the `mock` feature implements it; the generated code is its only implementor.
pub trait MockOperation {
    /// What `send()` gives on success (the `T` of `Response<T>`).
    type Success;
    /// The operation's documented error responses (its `…Error` enum).
    type Error;
    /// The request `send()` would make, or why it would refuse to make one.
    fn mock_request(&self) -> Result<RequestParts, InvalidRequest>;
    /// The documented success response carrying `value`.
    fn mock_success(value: &Self::Success) -> MockResponse;
    /// The documented response of `error`: its status, and its body when it has one.
    fn mock_error(error: &Self::Error) -> MockResponse;
}

/// A status and a body, as a mocked operation answers.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: u16,
    body: Option<(Vec<u8>, String)>,
}

impl MockResponse {
    /// `value` as a JSON body.
    ///
    /// # Panics
    /// When `value` cannot be written as JSON, which a generated type never is (its maps have string
    /// keys): a test then fails here rather than against a body that is not what it asked for.
    pub fn json<T: serde::Serialize + ?Sized>(status: u16, value: &T) -> Self {
        let body =
            serde_json::to_vec(value).unwrap_or_else(|e| panic!("the mocked value cannot be written as JSON: {e}"));
        Self { status, body: Some((body, "application/json".to_owned())) }
    }

    /// Raw bytes in the media type `content_type`.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self { status, body: Some((body.into(), content_type.to_owned())) }
    }

    /// No body.
    pub fn empty(status: u16) -> Self {
        Self { status, body: None }
    }

    fn template(self) -> ResponseTemplate {
        let template = ResponseTemplate::new(self.status);
        match self.body {
            Some((body, content_type)) => template.set_body_raw(body, &content_type),
            None => template,
        }
    }
}

/// A local HTTP server for tests. Point a client at [`uri`](Self::uri) (the generated
/// `mock::client_builder` does) and answer its operations with [`on`](Self::on).
///
/// Dropping it verifies every [`MockCall::expect`]ation, as wiremock does: a test whose mock was called
/// a wrong number of times fails there.
pub struct MockServer {
    server: wiremock::MockServer,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.server.uri()).finish()
    }
}

impl MockServer {
    /// Starts a server on a free local port.
    pub async fn start() -> Self {
        Self { server: wiremock::MockServer::start().await }
    }

    /// The server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server itself, for anything this module does not cover.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// Answers the call that `operation` (a request builder, with the parameters the test expects)
    /// would make. The builder is only read: nothing is sent.
    pub fn on<O: MockOperation>(&self, operation: O) -> MockCall<'_, O> {
        MockCall { server: self, request: operation.mock_request(), delay: None, times: None, operation: PhantomData }
    }
}

/// One mocked call: how the server answers it. Nothing is mounted until a `respond…` method is
/// awaited.
#[must_use = "a mock answers nothing until one of its `respond…` methods is awaited"]
pub struct MockCall<'s, O> {
    server: &'s MockServer,
    request: Result<RequestParts, InvalidRequest>,
    delay: Option<Duration>,
    times: Option<Times>,
    operation: PhantomData<fn() -> O>,
}

impl<'s, O: MockOperation> MockCall<'s, O> {
    /// Answers only after `delay` (to exercise timeouts and deadlines).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Expects the call `times` times (`1`, `2..`, `..=3`): checked when the server is dropped.
    pub fn expect(mut self, times: impl Into<Times>) -> Self {
        self.times = Some(times.into());
        self
    }

    /// Answers with the documented success carrying `value`.
    pub async fn respond(self, value: O::Success) -> Mocked<'s> {
        let response = O::mock_success(&value);
        self.mount(response.template()).await
    }

    /// Answers with the documented error `error` (its status and body).
    pub async fn respond_error(self, error: O::Error) -> Mocked<'s> {
        let response = O::mock_error(&error);
        self.mount(response.template()).await
    }

    /// Answers with any status and body, documented or not (a 500 page, a 429, a body the spec
    /// does not describe).
    pub async fn respond_status(self, status: u16, body: impl Into<Vec<u8>>) -> Mocked<'s> {
        self.mount(ResponseTemplate::new(status).set_body_bytes(body.into())).await
    }

    /// Answers with a wiremock response template (headers such as `Retry-After`, anything else).
    pub async fn respond_with(self, template: ResponseTemplate) -> Mocked<'s> {
        self.mount(template).await
    }

    /// # Panics
    /// When the builder given to [`MockServer::on`] would refuse to send (a required parameter
    /// missing, an empty path parameter): the test is wrong, and says so here.
    async fn mount(self, template: ResponseTemplate) -> Mocked<'s> {
        let request = match self.request {
            Ok(parts) => SameRequest(parts),
            Err(reason) => panic!("the mocked call would not be sent by the client: {reason}"),
        };
        let template = match self.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        };
        let mut mock = Mock::given(request.clone()).respond_with(template).named(request.0.operation_id);
        if let Some(times) = self.times {
            mock = mock.expect(times);
        }
        mock.mount(&self.server.server).await;
        Mocked { server: self.server, request }
    }
}

/// A mounted mock: how often it was called.
#[derive(Debug)]
pub struct Mocked<'s> {
    server: &'s MockServer,
    request: SameRequest,
}

impl Mocked<'_> {
    /// How many requests the server has received that match this mock.
    pub async fn calls(&self) -> usize {
        let received = self.server.server.received_requests().await.unwrap_or_default();
        received.iter().filter(|r| wiremock::Match::matches(&self.request, r)).count()
    }
}

/// Matches a request equal to the one the client would send, in everything the operation decides.
#[derive(Debug, Clone)]
struct SameRequest(RequestParts);

impl wiremock::Match for SameRequest {
    fn matches(&self, request: &Request) -> bool {
        let parts = &self.0;
        let header_sent =
            |(name, value): &(HeaderName, HeaderValue)| request.headers.get_all(name).iter().any(|sent| sent == value);
        request.method == parts.method
            && request.url.path() == parts.path
            && request.url.query().unwrap_or("") == parts.query
            && parts.headers.iter().all(header_sent)
            // A multipart body (its boundary is random) or a streamed one is not compared.
            && parts.body.as_ref().and_then(|body| body.exact_bytes()).is_none_or(|body| request.body == body)
    }
}
