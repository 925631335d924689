//! What a consumer of the LeadConnector client can see and shape on every call: interceptors,
//! OpenTelemetry-shaped spans, per-call options, and the escape hatch (`Client::request`) to an
//! endpoint the spec does not describe.

mod mock_support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use leadconnector::{
    ApiError, AttemptOutcome, AttemptRequest, BoxFuture, Client, Error, Interceptor, Method, Refusal, RetryPolicy,
};
use mock_support::*;
use wiremock::matchers::{header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the test interceptor saw after each attempt: (attempt, status, retry_in is some).
type Seen = Arc<Mutex<Vec<(u32, Option<u16>, bool)>>>;

/// Adds `x-tenant` to every attempt, counts the attempts, and records what came back.
#[derive(Clone, Default)]
struct Tenant {
    before: Arc<AtomicU32>,
    seen: Seen,
}

impl Interceptor for Tenant {
    fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> BoxFuture<'a, Result<(), Refusal>> {
        Box::pin(async move {
            self.before.fetch_add(1, Ordering::SeqCst);
            // The interceptor never sees the credentials.
            assert!(request.headers().get("authorization").is_none());
            request.set_header("x-tenant", "acme")?;
            request.set_header("x-attempt", &request.attempt().to_string())
        })
    }

    fn after_attempt<'a>(&'a self, outcome: &'a AttemptOutcome) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let status = outcome.status().map(|s| s.as_u16());
            self.seen.lock().unwrap().push((outcome.attempt(), status, outcome.retry_in().is_some()));
        })
    }
}

#[tokio::test]
async fn a_client_interceptor_adds_a_header_to_every_attempt_and_sees_each() {
    let server = failing_then_ok(2, ResponseTemplate::new(503)).await;
    let tenant = Tenant::default();
    let client = builder_with(&server, TOKEN, fast_retry()).interceptor(tenant.clone()).build().unwrap();
    let page = client.conversations().get_messages(CONVERSATION_ID).send().await.expect("the third attempt succeeds");
    assert_eq!(openapi_client_runtime::Response::status(&page).as_u16(), 200);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "retried twice: three attempts");
    for (i, request) in requests.iter().enumerate() {
        assert_eq!(header(request, "x-tenant"), Some("acme"), "attempt {}", i + 1);
        assert_eq!(header(request, "x-attempt"), Some((i + 1).to_string().as_str()));
        assert_eq!(header(request, "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
    assert_eq!(tenant.before.load(Ordering::SeqCst), 3);
    assert_eq!(*tenant.seen.lock().unwrap(), [(1, Some(503), true), (2, Some(503), true), (3, Some(200), false)]);
}

/// Refuses every request, after the client's interceptor has run.
struct Refuse;

impl Interceptor for Refuse {
    fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> BoxFuture<'a, Result<(), Refusal>> {
        Box::pin(async move {
            assert_eq!(request.headers().get("x-tenant").map(|v| v.as_bytes()), Some(&b"acme"[..]), "order");
            Err(Refusal::new("no calls to this tenant today"))
        })
    }
}

#[tokio::test]
async fn a_call_interceptor_runs_after_the_clients_and_may_refuse() {
    let server = serve_messages(json(200, golden("get_messages.last_page_empty.json"))).await;
    let tenant = Tenant::default();
    let client = builder_with(&server, TOKEN, fast_retry()).interceptor(tenant.clone()).build().unwrap();
    let err =
        client.conversations().get_messages(CONVERSATION_ID).interceptor(Refuse).send().await.expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("no calls to this tenant today"), "{err}");
    assert!(received(&server).await.is_empty(), "nothing was sent");
    assert_eq!(tenant.before.load(Ordering::SeqCst), 1, "a refusal is not retried");
    // Another call of the same client has no such interceptor.
    assert!(client.conversations().get_messages(CONVERSATION_ID).send().await.is_ok());
}

#[tokio::test]
async fn per_call_headers_and_query_parameters_go_on_the_wire() {
    let server = serve_messages(json(200, golden("get_messages.last_page_empty.json"))).await;
    let client = mock_support::client(&server);
    client
        .conversations()
        .get_messages(CONVERSATION_ID)
        .limit(5)
        .header("x-request-signature", "sig-1")
        .header("Version", "2099-01-01")
        .query("debug", "a b&c")
        .send()
        .await
        .expect("ok");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(header(&requests[0], "x-request-signature"), Some("sig-1"));
    assert_eq!(header(&requests[0], "version"), Some("2099-01-01"), "a call's header replaces the operation's");
    assert_eq!(raw_query(&requests[0]), "limit=5&debug=a%20b%26c", "after the operation's own");

    let err = client
        .conversations()
        .get_messages(CONVERSATION_ID)
        .header("x-bad", "a\r\nb")
        .send()
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), 1, "a header that cannot be sent is refused before any I/O");
}

#[tokio::test]
async fn a_per_call_retry_policy_overrides_the_clients() {
    // The client never retries; this call does.
    let server = failing_then_ok(2, ResponseTemplate::new(503)).await;
    let client = client_no_retry(&server);
    let page = client.conversations().get_messages(CONVERSATION_ID).retry_policy(fast_retry()).send().await;
    assert!(page.is_ok(), "{page:?}");
    assert_eq!(received(&server).await.len(), 3);

    // The client retries; this call does not.
    let server = failing_then_ok(2, ResponseTemplate::new(503)).await;
    let client = mock_support::client(&server);
    let err = client
        .conversations()
        .get_messages(CONVERSATION_ID)
        .retry_policy(RetryPolicy::none())
        .send()
        .await
        .expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn per_call_options_hold_for_every_page() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, page_json("m2", true, &["m1", "m2"]))).await;
    page_for(&server, Some("m2"), json(200, page_json("m3", false, &["m3"]))).await;
    let client = mock_support::client(&server);
    let pages: Vec<_> = futures::StreamExt::collect(
        client.conversations().get_messages(CONVERSATION_ID).header("x-tenant", "t9").into_pages(),
    )
    .await;
    assert_eq!(pages.len(), 2);
    for request in received(&server).await {
        assert_eq!(header(&request, "x-tenant"), Some("t9"));
    }
}

// ---------------------------------------------------------------------------------------------
// The escape hatch

/// A server that answers the undocumented `GET /locations/{id}/widgets` with 200 and a JSON body
/// only when the bearer token is the client's.
async fn undocumented_server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/locations/loc%201%2F2/widgets"))
        .and(header_is("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_escape_hatch_sends_with_the_clients_base_url_credentials_and_headers() {
    let server = undocumented_server(json(200, r#"{"widgets":[1,2]}"#)).await;
    let client = mock_support::client(&server);
    let response = client
        .request(Method::GET, "/locations/{locationId}/widgets")
        .path_param("locationId", "loc 1/2")
        .query("limit", "2")
        .header("x-tenant", "acme")
        .send_json::<serde_json::Value>()
        .await
        .expect("the server checked the token");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200);
    assert_eq!(openapi_client_runtime::Response::body(&response)["widgets"], serde_json::json!([1, 2]));
    let requests = received(&server).await;
    assert_eq!(raw_query(&requests[0]), "limit=2");
    assert_eq!(header(&requests[0], "x-tenant"), Some("acme"));
    assert!(header(&requests[0], "user-agent").is_some_and(|ua| ua.starts_with("leadconnector/")));

    // As bytes, and through `?` into the crate's error.
    async fn bytes(client: &Client) -> Result<Vec<u8>, ApiError> {
        let response = client
            .request(Method::GET, "/locations/{locationId}/widgets")
            .path_param("locationId", "loc 1/2")
            .send()
            .await?;
        Ok(openapi_client_runtime::Response::into_inner(response).to_vec())
    }
    assert_eq!(bytes(&client).await.expect("ok"), br#"{"widgets":[1,2]}"#);

    // Without the token the server answers 404: an undocumented status, kept whole.
    let anonymous = Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none()).build().unwrap();
    let err = anonymous
        .request(Method::GET, "/locations/{locationId}/widgets")
        .path_param("locationId", "loc 1/2")
        .send()
        .await
        .expect_err("no token");
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    // Naming the scheme makes a missing credential a refusal before any I/O.
    let before = received(&server).await.len();
    let err = anonymous
        .request(Method::GET, "/locations/x/widgets")
        .security(&[&["bearer"]])
        .send()
        .await
        .expect_err("missing credentials");
    assert!(matches!(err, Error::MissingCredentials { .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), before);
}

#[tokio::test]
async fn the_escape_hatch_retries_as_the_operations_do() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/undocumented"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/undocumented")).respond_with(json(200, "{}")).mount(&server).await;
    let tenant = Tenant::default();
    let client = builder_with(&server, TOKEN, fast_retry()).interceptor(tenant.clone()).build().unwrap();
    let response = client.request(Method::GET, "/undocumented").send().await.expect("the third attempt");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200);
    assert_eq!(received(&server).await.len(), 3);
    assert_eq!(tenant.before.load(Ordering::SeqCst), 3, "the client's interceptors run too");

    // A POST is not retried (not idempotent), unless the call's policy says so.
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/things")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = mock_support::client(&server);
    let err = client.request(Method::POST, "/things").json(&serde_json::json!({"a": 1})).send().await.expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1);
    let _ = client
        .request(Method::POST, "/things")
        .json(&serde_json::json!({"a": 1}))
        .retry_policy(fast_retry().retry_non_idempotent(true))
        .send()
        .await;
    let requests = received(&server).await;
    assert_eq!(requests.len(), 4);
    assert_eq!(&requests[3].body[..], br#"{"a":1}"#);
    assert_eq!(header(&requests[3], "content-type"), Some("application/json"));
}

#[tokio::test]
async fn the_escape_hatch_keeps_the_size_cap_and_the_deadline() {
    let server = undocumented_server(json(200, vec![b' '; 4096])).await;
    let client = builder_with(&server, TOKEN, fast_retry()).max_response_bytes(1024).build().unwrap();
    let err = client
        .request(Method::GET, "/locations/{locationId}/widgets")
        .path_param("locationId", "loc 1/2")
        .send()
        .await
        .expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { limit: 1024, .. }), "{err:?}");

    let server = undocumented_server(json(200, "{}").set_delay(Duration::from_secs(3))).await;
    let client = mock_support::client(&server);
    let err = client
        .request(Method::GET, "/locations/{locationId}/widgets")
        .path_param("locationId", "loc 1/2")
        .deadline(Duration::from_millis(200))
        .send()
        .await
        .expect_err("deadline");
    assert!(matches!(err, Error::DeadlineExceeded { .. }), "{err:?}");

    let err = client.request(Method::GET, "/a/{id}").send().await.expect_err("no value for `id`");
    assert!(matches!(err, Error::InvalidRequest { .. }) && err.to_string().contains("`id`"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Spans

/// A span as the test layer recorded it.
#[derive(Debug, Clone)]
struct SpanRecord {
    id: u64,
    parent: Option<u64>,
    name: &'static str,
    fields: BTreeMap<String, String>,
    events: Vec<BTreeMap<String, String>>,
}

/// A `tracing` layer that keeps every span with its fields and the events inside it.
#[derive(Clone, Default)]
struct SpanLayer(Arc<Mutex<Vec<SpanRecord>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S> tracing_subscriber::Layer<S> for SpanLayer
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let parent = match attrs.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if attrs.is_contextual() => ctx.current_span().id().map(|id| id.into_u64()),
            None => None,
        };
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let name = attrs.metadata().name();
        self.0.lock().unwrap().push(SpanRecord { id: id.into_u64(), parent, name, fields, events: Vec::new() });
    }

    fn on_record(
        &self,
        id: &tracing::span::Id,
        values: &tracing::span::Record<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut spans = self.0.lock().unwrap();
        if let Some(span) = spans.iter_mut().rev().find(|span| span.id == id.into_u64()) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        let Some(id) = ctx.event_span(event).map(|span| span.id().into_u64()) else { return };
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let mut spans = self.0.lock().unwrap();
        if let Some(span) = spans.iter_mut().rev().find(|span| span.id == id) {
            span.events.push(fields);
        }
    }
}

/// The layer of this test binary, installed once as the global subscriber.
fn spans() -> SpanLayer {
    static LAYER: OnceLock<SpanLayer> = OnceLock::new();
    LAYER
        .get_or_init(|| {
            use tracing_subscriber::layer::SubscriberExt;
            let layer = SpanLayer::default();
            let subscriber = tracing_subscriber::registry().with(layer.clone());
            tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
            layer
        })
        .clone()
}

fn field<'s>(span: &'s SpanRecord, name: &str) -> Option<&'s str> {
    span.fields.get(name).map(String::as_str)
}

/// Runs `call` inside a span of its own named by `case`, so that its spans can be told from those of
/// the tests that run alongside (ports are reused); returns the spans below that one.
async fn spans_of<F: std::future::Future>(case: &str, call: F) -> Vec<SpanRecord> {
    use tracing::Instrument;
    let layer = spans();
    call.instrument(tracing::info_span!("test_case", case)).await;
    let all = layer.0.lock().unwrap().clone();
    let root = all
        .iter()
        .find(|span| span.name == "test_case" && field(span, "case") == Some(case))
        .map(|span| span.id)
        .expect("the test's span");
    let mut ids = vec![root];
    let mut below = Vec::new();
    // Spans are recorded in the order they start: a parent before its children.
    for span in &all {
        if span.parent.is_some_and(|parent| ids.contains(&parent)) {
            ids.push(span.id);
            below.push(span.clone());
        }
    }
    below
}

#[tokio::test]
async fn a_call_retried_after_a_429_has_a_span_per_call_and_per_attempt() {
    let server = failing_then_ok(1, ResponseTemplate::new(429).insert_header("Retry-After", "0")).await;
    let client = mock_support::client(&server);
    let call = client.conversations().get_messages(CONVERSATION_ID).limit(7).query("extra", "q-value-77").send();
    let recorded = spans_of("retried after a 429", async { call.await.expect("ok") }).await;
    let mine: Vec<&SpanRecord> = recorded.iter().collect();
    let calls: Vec<&&SpanRecord> = mine.iter().filter(|span| span.name == "http.client.call").collect();
    let attempts: Vec<&&SpanRecord> = mine.iter().filter(|span| span.name == "http.client.attempt").collect();
    assert_eq!((calls.len(), attempts.len()), (1, 2), "{mine:#?}");
    let call = calls[0];
    let port = server.address().port().to_string();
    for span in mine.iter() {
        assert_eq!(field(span, "server.port"), Some(port.as_str()));
        assert_eq!(field(span, "http.request.method"), Some("GET"));
        assert_eq!(field(span, "url.template"), Some("/conversations/{conversationId}/messages"));
        assert_eq!(field(span, "server.address"), Some("127.0.0.1"));
        assert_eq!(field(span, "openapi.operation_id"), Some("getMessages"));
        assert_eq!(field(span, "otel.name"), Some("GET /conversations/{conversationId}/messages"));
    }
    assert_eq!(field(call, "otel.kind"), Some("internal"));
    assert_eq!(field(call, "http.response.status_code"), Some("200"));
    assert_eq!(field(call, "error.type"), None);

    let (first, second) = (attempts[0], attempts[1]);
    for attempt in [first, second] {
        assert_eq!(attempt.parent, Some(call.id), "an attempt is a child of its call");
        assert_eq!(field(attempt, "otel.kind"), Some("client"));
    }
    assert_eq!(field(first, "http.response.status_code"), Some("429"));
    assert_eq!(field(first, "error.type"), Some("429"));
    assert_eq!(field(first, "otel.status_code"), Some("error"));
    assert_eq!(field(first, "http.request.resend_count"), None, "absent on the first attempt");
    assert_eq!(field(second, "http.response.status_code"), Some("200"));
    assert_eq!(field(second, "http.request.resend_count"), Some("1"));
    assert_eq!(field(second, "error.type"), None);

    // The wait before the retry is an event of the call's span.
    let wait = call.events.iter().find(|event| event.contains_key("retry.delay_ms")).expect("a retry event");
    assert_eq!(wait.get("error.type").map(String::as_str), Some("429"));
    assert_eq!(wait.get("http.request.resend_count").map(String::as_str), Some("1"));

    // Never an id, a token, a query key or value, a full URL.
    for span in &mine {
        let text = format!("{:?}", span);
        for secret in [CONVERSATION_ID, TOKEN, "q-value-77", "extra=", "limit=", "http://"] {
            assert!(!text.contains(secret), "`{secret}` in {text}");
        }
    }
}

#[tokio::test]
async fn the_escape_hatch_reports_its_path_template() {
    let server = undocumented_server(json(200, "{}")).await;
    let client = mock_support::client(&server);
    let call =
        client.request(Method::GET, "/locations/{locationId}/widgets").path_param("locationId", "loc 1/2").send();
    let recorded = spans_of("escape hatch", async { call.await.expect("ok") }).await;
    let call = recorded.iter().find(|span| span.name == "http.client.call").expect("the call's span");
    assert_eq!(field(call, "url.template"), Some("/locations/{locationId}/widgets"));
    assert_eq!(field(call, "openapi.operation_id"), Some("request"));
    assert_eq!(field(call, "http.response.status_code"), Some("200"));
}

#[tokio::test]
async fn a_wait_for_client_side_pacing_is_an_event_of_the_calls_span() {
    let server = serve_messages(json(200, golden("get_messages.last_page_empty.json"))).await;
    let pacing = leadconnector::Pacing::new().max_requests(1, Duration::from_millis(300));
    let client = builder_with(&server, TOKEN, fast_retry()).pacing(pacing).build().unwrap();
    client.conversations().get_messages(CONVERSATION_ID).send().await.expect("the first call goes at once");
    let second = client.conversations().get_messages(CONVERSATION_ID).send();
    let recorded = spans_of("pacing", async { second.await.expect("ok") }).await;
    let call = recorded.iter().find(|span| span.name == "http.client.call").expect("the call's span");
    let wait = call.events.iter().find_map(|event| event.get("pacing.wait_ms")).expect("a pacing event");
    let waited: u64 = wait.parse().expect("whole milliseconds");
    assert!(waited >= 100, "waited {waited} ms for the window");
}
