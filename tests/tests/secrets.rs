//! The bearer token never leaks: not in `Debug` of the client or its builders, not in `Display`
//! or `Debug` of any error the client can produce, and not in the `tracing` output of requests
//! that succeed, fail, are retried or time out (captured at TRACE level). Every request goes to a
//! wiremock server on 127.0.0.1, which checks that the token really is sent.

mod mock_support;
// The tracing capture the runtime's own tests use.
#[path = "../../codegen/runtime/tests/common/capture.rs"]
mod capture;

use std::io;
use std::time::Duration;

use capture::capture;

use futures::StreamExt;
use leadconnector::{Client, Error, RetryPolicy};
use mock_support::*;
use wiremock::matchers::{header as header_is, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CANARY: &str = "canary-7f3a9c";

fn assert_no_canary(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} leaks the token: {text}");
    // Not even a fragment of it.
    assert!(!text.contains("7f3a9c"), "{what} leaks part of the token: {text}");
}

/// Checks `Display`, `Debug` and alternate `Debug` of an error.
fn assert_error_is_clean<E: std::fmt::Debug>(what: &str, err: &Error<E>) {
    assert_no_canary(what, &err.to_string());
    assert_no_canary(what, &format!("{err:?}"));
    assert_no_canary(what, &format!("{err:#?}"));
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        assert_no_canary(what, &inner.to_string());
        assert_no_canary(what, &format!("{inner:?}"));
        source = inner.source();
    }
}

fn canary_client(server: &MockServer, retry: RetryPolicy) -> Client {
    client_with(server, CANARY, retry)
}

/// A server that answers only requests carrying the canary token.
async fn server_requiring_the_token() -> MockServer {
    let server = MockServer::start().await;
    let auth = format!("Bearer {CANARY}");
    // getMessages: 400/401/422 by `limit`, a 500 for limit=500, a decode error for limit=7,
    // pagination that repeats its cursor for limit=9, a success otherwise.
    for (limit, response) in [
        ("400", json(400, golden("error_400.page_example.json"))),
        ("401", json(401, golden("error_401.page_example.json"))),
        ("422", json(422, golden("error_422.page_example.json"))),
        ("500", ResponseTemplate::new(500).set_body_string("internal")),
        ("7", json(200, r#"{"lastMessageId":"x","nextPage":false,"messages":[{"id":1}]}"#)),
        ("9", json(200, page_json("same", true, &["m1"]))),
    ] {
        Mock::given(method("GET"))
            .and(path(messages_path()))
            .and(header_is("Authorization", auth.as_str()))
            .and(query_param("limit", limit))
            .respond_with(response)
            .with_priority(2)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(messages_path()))
        .and(header_is("Authorization", auth.as_str()))
        .and(query_param_is_missing("limit"))
        .respond_with(json(200, golden("get_messages.last_page_empty.json")))
        .mount(&server)
        .await;
    // getMessage: a 401 (undocumented there), a slow answer, a hang-up, a 503-then-200.
    Mock::given(method("GET"))
        .and(path("/conversations/messages/unauthorized"))
        .and(header_is("Authorization", auth.as_str()))
        .respond_with(json(401, golden("error_401.page_example.json")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/slow"))
        .and(header_is("Authorization", auth.as_str()))
        .respond_with(json(200, golden("get_message.minimal.json")).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/hangup"))
        .and(header_is("Authorization", auth.as_str()))
        .respond_with_err(|_: &wiremock::Request| io::Error::new(io::ErrorKind::ConnectionReset, "hang up"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/flaky"))
        .and(header_is("Authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/flaky"))
        .and(header_is("Authorization", auth.as_str()))
        .respond_with(json(200, golden("get_message.minimal.json")))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn client_and_builders_do_not_show_the_token() {
    let capture = capture();
    let server = MockServer::start().await;
    let builder = Client::builder().bearer_token(CANARY).base_url(server.uri()).retry_policy(fast_retry());
    assert_no_canary("ClientBuilder Debug", &format!("{builder:?} {builder:#?}"));
    let client = builder.build().expect("builds");
    let debug = format!("{client:?}");
    assert_no_canary("Client Debug", &debug);
    assert_no_canary("Client alternate Debug", &format!("{client:#?}"));
    assert!(debug.contains("authenticated: true"), "{debug}");
    assert_no_canary(
        "GetMessages Debug",
        &format!("{:?}", client.conversations().get_messages(CONVERSATION_ID).limit(3)),
    );
    assert_no_canary("GetMessage Debug", &format!("{:?}", client.conversations().get_message(MESSAGE_ID)));
    let token = leadconnector::BearerToken::new(CANARY);
    assert_no_canary("BearerToken Debug", &format!("{token:?}"));
    assert_no_canary("BearerToken Display", &format!("{token}"));
    assert_no_canary("tracing output", &capture.text());
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_without_echoing_it() {
    let capture = capture();
    for bad in [format!("{CANARY}\r\nX-Injected: 1"), format!("{CANARY}\n"), format!("{CANARY}\0")] {
        let err = Client::builder().bearer_token(bad).base_url("http://127.0.0.1:9").build().expect_err("refused");
        assert_no_canary("BuildError Display", &err.to_string());
        assert_no_canary("BuildError Debug", &format!("{err:?}"));
        assert!(err.to_string().contains("bearer token"), "{err}");
    }
    assert_no_canary("tracing output", &capture.text());
}

#[tokio::test]
async fn errors_of_every_kind_do_not_show_the_token() {
    let capture = capture();
    let server = server_requiring_the_token().await;
    let client = canary_client(&server, fast_retry());

    // A success first: proves the server sees the token (its mocks require it).
    let page = client.conversations().get_messages(CONVERSATION_ID).send().await.expect("the token is sent");
    assert_no_canary("Response Debug", &format!("{page:?}"));

    // Api, one per documented status.
    for limit in [400, 401, 422] {
        let err =
            client.conversations().get_messages(CONVERSATION_ID).limit(limit).send().await.expect_err("api error");
        assert!(matches!(err, Error::Api { .. }), "{err:?}");
        assert_error_is_clean("Api error", &err);
    }
    // UnexpectedStatus (after retries).
    let err = client.conversations().get_messages(CONVERSATION_ID).limit(500).send().await.expect_err("500");
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_error_is_clean("UnexpectedStatus", &err);
    let err = client.conversations().get_message("unauthorized").send().await.expect_err("401");
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_error_is_clean("UnexpectedStatus", &err);
    // Decode.
    let err = client.conversations().get_messages(CONVERSATION_ID).limit(7).send().await.expect_err("decode");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_error_is_clean("Decode", &err);
    // Timeout.
    let err = canary_client(&server, RetryPolicy::none())
        .conversations()
        .get_message("slow")
        .timeout(Duration::from_millis(30))
        .send()
        .await
        .expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_error_is_clean("Timeout", &err);
    // Transport.
    let err = canary_client(&server, RetryPolicy::none())
        .conversations()
        .get_message("hangup")
        .send()
        .await
        .expect_err("transport");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_error_is_clean("Transport", &err);
    // InvalidRequest.
    let err = client.conversations().get_message("..").send().await.expect_err("invalid");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_error_is_clean("InvalidRequest", &err);
    // Pagination.
    let results: Vec<_> = client.conversations().get_messages(CONVERSATION_ID).limit(9).into_pages().collect().await;
    let err = results.into_iter().find_map(Result::err).expect("a pagination error");
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
    assert_error_is_clean("Pagination", &err);
    assert_no_canary("tracing output", &capture.text());
}

#[tokio::test]
async fn a_redirect_to_another_origin_does_not_carry_the_token() {
    let capture = capture();
    // Two wiremock servers on 127.0.0.1: different ports, so different origins.
    let first = MockServer::start().await;
    let second = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(message_path()))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", format!("{}{}", second.uri(), message_path())),
        )
        .mount(&first)
        .await;
    Mock::given(method("GET")).respond_with(json(200, golden("get_message.minimal.json"))).mount(&second).await;

    let result = canary_client(&first, RetryPolicy::none()).conversations().get_message(MESSAGE_ID).send().await;
    // Whether the redirect is followed or reported, the token reaches only the first server.
    let first_requests = received(&first).await;
    assert_eq!(first_requests.len(), 1);
    assert_eq!(header(&first_requests[0], "authorization"), Some(format!("Bearer {CANARY}").as_str()));
    for request in received(&second).await {
        assert_eq!(header(&request, "authorization"), None, "the token followed a cross-origin redirect");
        for (name, value) in &request.headers {
            assert_no_canary(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
        }
    }
    match &result {
        Ok(response) => assert_no_canary("redirected Response Debug", &format!("{response:?}")),
        Err(err) => assert_error_is_clean("redirect error", err),
    }
    assert_no_canary("tracing output", &capture.text());
}

#[tokio::test]
async fn tracing_output_at_trace_level_does_not_show_the_token() {
    let capture = capture();
    let server = server_requiring_the_token().await;
    let client = canary_client(&server, fast_retry());
    tracing::info!("capture check");

    client.conversations().get_messages(CONVERSATION_ID).send().await.expect("success");
    client.conversations().get_message("flaky").send().await.expect("retried to success");
    let _ = client
        .conversations()
        .get_messages(CONVERSATION_ID)
        .limit(500)
        .send()
        .await
        .expect_err("500, retried and failing");
    let _ = client.conversations().get_messages(CONVERSATION_ID).limit(401).send().await.expect_err("401");
    let _ = client.conversations().get_message("unauthorized").send().await.expect_err("401");
    let _ = client
        .conversations()
        .get_message("slow")
        .timeout(Duration::from_millis(30))
        .send()
        .await
        .expect_err("timeout");
    let _ = client.conversations().get_message("hangup").send().await.expect_err("transport");
    let _: Vec<_> = client.conversations().get_messages(CONVERSATION_ID).limit(9).into_stream().collect().await;

    let text = capture.text();
    // The capture works and saw the client's own events (successes, retries, failures) and the
    // HTTP stack's TRACE-level ones.
    assert!(text.contains("capture check"), "{text}");
    assert!(text.contains("response received"), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("request failed"), "{text}");
    assert!(text.contains("getMessage"), "{text}");
    assert!(text.contains(" TRACE "), "{text}");
    assert_no_canary("tracing output", &text);
    assert!(!text.to_ascii_lowercase().contains("bearer"), "no Authorization value is logged: {text}");
}

/// OAuth: the access and refresh tokens, the client secret and the authorization code; webhooks:
/// the signature. None shows in `Debug`, errors or the tracing output, whatever the token
/// endpoint answers.
#[tokio::test]
async fn oauth_secrets_and_webhook_signatures_do_not_show() {
    use leadconnector::oauth::{MemoryStore, OAuthConfig, TokenManager, TokenSource};
    use wiremock::matchers::body_string_contains;

    let capture = capture();
    let api = server_requiring_the_token().await;
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains(format!("code-{CANARY}").as_str()))
        .respond_with(json(
            200,
            format!(r#"{{"access_token":"{CANARY}","refresh_token":"refresh-{CANARY}","expires_in":86399,"locationId":"l1"}}"#),
        ))
        .mount(&tokens)
        .await;
    // Every other grant is refused, echoing what it was sent (as a careless server might).
    Mock::given(method("POST"))
        .respond_with(|request: &wiremock::Request| {
            let sent = String::from_utf8_lossy(&request.body).into_owned();
            json(400, serde_json::json!({"error": "invalid_grant", "error_description": sent}).to_string())
        })
        .with_priority(10)
        .mount(&tokens)
        .await;

    let config = OAuthConfig::new(format!("{}/oauth/token", tokens.uri()), "client-1", format!("secret-{CANARY}"))
        .param("user_type", "Location");
    let store = MemoryStore::new();
    let manager = TokenManager::new(config.clone(), store.clone());
    let installed = manager.exchange_code(&format!("code-{CANARY}")).await.expect("the code is exchanged");
    for (what, text) in [
        ("TokenSet Debug", format!("{installed:?} {installed:#?}")),
        ("OAuthConfig Debug", format!("{config:?} {config:#?}")),
        ("TokenManager Debug", format!("{manager:?}")),
        ("MemoryStore Debug", format!("{store:?}")),
    ] {
        assert_no_canary(what, &text);
    }

    let builder = Client::builder().base_url(api.uri()).retry_policy(fast_retry()).token_source(manager.clone());
    assert_no_canary("ClientBuilder Debug", &format!("{builder:?}"));
    let client = builder.build().expect("builds");
    assert_no_canary("Client Debug", &format!("{client:?}"));
    // The server's mocks require the token: it is sent.
    client.conversations().get_messages(CONVERSATION_ID).send().await.expect("the access token is sent");

    // A 401: the refresh is refused (echoing the refresh token and the client secret).
    let err = client.conversations().get_message("unauthorized").send().await.expect_err("refused");
    assert!(err.needs_reauthorization(), "{err:?}");
    assert_error_is_clean("Error::Token", &err);

    // A refused code, and a token endpoint that cannot be reached.
    let err = TokenManager::new(config.clone(), MemoryStore::new())
        .exchange_code(&format!("spent-{CANARY}"))
        .await
        .expect_err("refused");
    assert_no_canary("TokenError", &format!("{err} {err:?}"));
    let unreachable = OAuthConfig::new("http://127.0.0.1:9/oauth/token", "client-1", format!("secret-{CANARY}"));
    let expired = leadconnector::oauth::TokenSet::new(
        CANARY,
        Some(leadconnector::Secret::new(format!("refresh-{CANARY}"))),
        Some(Duration::ZERO),
    );
    let err = TokenManager::new(unreachable, MemoryStore::with_tokens(expired)).access_token().await.expect_err("down");
    assert_no_canary("TokenError::Transport", &format!("{err} {err:?}"));

    // A webhook whose signature does not verify.
    let signature = "c2lnbmF0dXJlLWNhbmFyeS03ZjNhOWM="; // base64 of the canary
    let verifier = leadconnector::webhook::WebhookVerifier::new()
        .rsa_sha256("x-wh-signature", leadconnector::webhook::PUBLISHED_PUBLIC_KEY)
        .expect("HighLevel's published key parses");
    let mut headers = leadconnector::webhook::HeaderMap::new();
    headers.insert("x-wh-signature", signature.parse().expect("a header value"));
    let refused = verifier
        .verify::<leadconnector::webhook::Untyped>(&headers, br#"{"type":"ContactCreate"}"#)
        .expect_err("not signed by HighLevel");
    let text = format!("{refused} {refused:?}");
    assert!(!text.contains(signature) && !text.contains(&signature[..12]), "{text}");
    assert_no_canary("tracing output", &capture.text());
}
