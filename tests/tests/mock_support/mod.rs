//! Helpers shared by the mock-server tests (`mock_*.rs`, `secrets.rs`, `decode_never_panics.rs`).
//!
//! Every client built here talks only to a wiremock server on 127.0.0.1 and retries with
//! millisecond delays, so the tests stay fast.

#![allow(dead_code)]

use std::time::Duration;

use leadconnector::{Client, ClientBuilder, RetryPolicy};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The token the ordinary test clients send.
pub const TOKEN: &str = "test-token-0001";

/// The conversation id of the pages' examples.
pub const CONVERSATION_ID: &str = "tDtDnQdgm2LXpyiqYvZ6";
/// The message id of the pages' examples.
pub const MESSAGE_ID: &str = "ve9EPM428h8vShlRW1KT";

/// The path of `getMessages` for [`CONVERSATION_ID`].
pub fn messages_path() -> String {
    format!("/conversations/{CONVERSATION_ID}/messages")
}

/// The path of `getMessage` for [`MESSAGE_ID`].
pub fn message_path() -> String {
    format!("/conversations/messages/{MESSAGE_ID}")
}

/// A body from `tests/golden/`, as bytes exactly as stored.
pub fn golden(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Retries as by default (2), but waiting at most a few milliseconds between attempts.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default().base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(5))
}

/// A client for `server` with [`TOKEN`] and [`fast_retry`].
pub fn client(server: &MockServer) -> Client {
    client_with(server, TOKEN, fast_retry())
}

/// A client for `server` that never retries.
pub fn client_no_retry(server: &MockServer) -> Client {
    client_with(server, TOKEN, RetryPolicy::none())
}

/// A client for `server` with the given token and retry policy.
pub fn client_with(server: &MockServer, token: &str, retry: RetryPolicy) -> Client {
    builder_with(server, token, retry).build().expect("the test client builds")
}

/// The builder of [`client_with`], for tests that configure more.
pub fn builder_with(server: &MockServer, token: &str, retry: RetryPolicy) -> ClientBuilder {
    Client::builder().bearer_token(token).base_url(server.uri()).retry_policy(retry).timeout(Duration::from_secs(10))
}

/// A response with a JSON content type and exactly these body bytes.
pub fn json(status: u16, body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into(), "application/json")
}

/// Everything the server has received so far (request recording is on for every test server).
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is enabled")
}

/// The raw (still percent-encoded) query string of a received request, `""` if it had none.
pub fn raw_query(request: &Request) -> &str {
    request.url.query().unwrap_or("")
}

/// The only value of header `name` on a received request, as text.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    let mut values = request.headers.get_all(name).iter();
    let first = values.next()?;
    assert!(values.next().is_none(), "header `{name}` was sent more than once");
    Some(first.to_str().expect("header value is text"))
}

/// A `getMessages` page with the given cursor, `nextPage` and message ids (all other fields fixed).
pub fn page_json(last_message_id: &str, next_page: bool, ids: &[&str]) -> String {
    let messages: Vec<serde_json::Value> = ids.iter().map(|id| message_json(id)).collect();
    serde_json::json!({ "lastMessageId": last_message_id, "nextPage": next_page, "messages": messages }).to_string()
}

/// A minimal valid message (the 9 required fields) with the given id.
pub fn message_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "type": 2,
        "messageType": "TYPE_SMS",
        "locationId": "loc-1",
        "contactId": "contact-1",
        "conversationId": "conv-1",
        "dateAdded": "2024-03-27T18:13:49.000Z",
        "direction": "outbound",
        "contentType": "text/plain"
    })
}

/// A server answering `getMessages` (for [`CONVERSATION_ID`]) with `response`.
pub async fn serve_messages(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(messages_path())).respond_with(response).mount(&server).await;
    server
}

/// A server answering `getMessage` (for [`MESSAGE_ID`]) with `response`.
pub async fn serve_message(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(message_path())).respond_with(response).mount(&server).await;
    server
}

/// A server whose first `n` `getMessages` answers are `first`, then the empty last page.
pub async fn failing_then_ok(n: u64, first: ResponseTemplate) -> MockServer {
    failing_then(&messages_path(), n, first, json(200, golden("get_messages.last_page_empty.json"))).await
}

/// A server whose first `n` answers to `GET at` are `first`, then `then`.
pub async fn failing_then(at: &str, n: u64, first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(at)).respond_with(first).up_to_n_times(n).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path(at)).respond_with(then).mount(&server).await;
    server
}

/// Mounts a `getMessages` response for requests whose `lastMessageId` is `cursor` (or that have
/// none, for `None`).
pub async fn page_for(server: &MockServer, cursor: Option<&str>, response: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path(messages_path()));
    let mock = match cursor {
        Some(cursor) => mock.and(query_param("lastMessageId", cursor)),
        None => mock.and(query_param_is_missing("lastMessageId")),
    };
    mock.respond_with(response).mount(server).await;
}

/// The raw query strings of every request received, in order.
pub async fn queries(server: &MockServer) -> Vec<String> {
    received(server).await.iter().map(|r| raw_query(r).to_owned()).collect()
}
