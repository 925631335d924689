//! OAuth 2.0 tokens driving real calls (loopback servers only): one refresh for any number of
//! calls on an expired token, rotation saved to the store, one retry after a `401` and never two,
//! `invalid_grant` as a typed error with no further request, the authorization-code exchange, and
//! tokens minted per id from a parent token.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::capture::capture;
use common::*;
use openapi_client_runtime::oauth::{
    DerivedTokens, MemoryStore, OAuthConfig, TokenError, TokenManager, TokenSet, TokenSource,
};
use openapi_client_runtime::support::{Credential, Method, RequestParts};
use openapi_client_runtime::{Error, Secret};
use wiremock::matchers::{header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CANARY: &str = "canary-0a7c4e";

fn secret(kind: &str) -> String {
    format!("{kind}-{CANARY}")
}

fn form(request: &wiremock::Request) -> HashMap<String, String> {
    serde_urlencoded::from_bytes(&request.body).unwrap_or_default()
}

fn token_json(access: &str, refresh: Option<&str>, expires_in: u64) -> serde_json::Value {
    let mut json = serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": "conversations/message.readonly",
        "userType": "Location",
        "locationId": "loc-1",
    });
    if let Some(refresh) = refresh {
        json["refresh_token"] = refresh.into();
    }
    json
}

/// A token server answering every `POST /oauth/token` with `response`, after `delay`.
async fn token_server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(response).mount(&server).await;
    server
}

/// An API that answers 200 to `Authorization: Bearer <good>` and 401 to anything else.
async fn api_accepting(good: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(header_is("authorization", format!("Bearer {good}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).set_body_string(r#"{"message":"Invalid JWT"}"#))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

fn config(token_server: &MockServer) -> OAuthConfig {
    OAuthConfig::new(format!("{}/oauth/token", token_server.uri()), "client-1", secret("client-secret"))
        .param("user_type", "Location")
}

fn expired(access: &str, refresh: &str) -> TokenSet {
    let mut tokens = TokenSet::new(access, Some(Secret::from(refresh)), None);
    tokens.expires_at = Some(1);
    tokens
}

fn call() -> RequestParts {
    parts("getThing", Method::GET, "/thing")
}

async fn count(server: &MockServer) -> usize {
    received(server).await.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_calls_on_an_expired_token_cause_exactly_one_refresh() {
    let new_refresh = secret("refresh-2");
    let tokens = token_server(
        ResponseTemplate::new(200)
            .set_body_json(token_json(&secret("access-2"), Some(&new_refresh), 86_399))
            .set_delay(Duration::from_millis(200)),
    )
    .await;
    let api = api_accepting(&secret("access-2")).await;
    let store = MemoryStore::with_tokens(expired(&secret("access-1"), &secret("refresh-1")));
    let manager = TokenManager::new(config(&tokens), store.clone());
    let client = build(builder(&api.uri()).token_source(manager));

    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.send(call()).await.map(|response| response.status().as_u16()) })
    });
    let statuses: Vec<_> = futures::future::join_all(calls).await.into_iter().map(|joined| joined.ok()).collect();
    assert!(statuses.iter().all(|status| matches!(status, Some(Ok(200)))), "{statuses:?}");

    let token_requests = received(&tokens).await;
    assert_eq!(token_requests.len(), 1, "exactly one token request");
    let sent = form(&token_requests[0]);
    assert_eq!(sent.get("grant_type").map(String::as_str), Some("refresh_token"));
    assert_eq!(sent.get("refresh_token"), Some(&secret("refresh-1")));
    assert_eq!(sent.get("client_id").map(String::as_str), Some("client-1"));
    assert_eq!(sent.get("client_secret"), Some(&secret("client-secret")));
    assert_eq!(sent.get("user_type").map(String::as_str), Some("Location"));
    assert_eq!(count(&api).await, 100, "no call was sent with the expired token");

    let saved = store.tokens();
    assert_eq!(saved.as_ref().and_then(|t| t.refresh_token.as_ref()).map(Secret::expose), Some(new_refresh.as_str()));
    assert_eq!(saved.as_ref().and_then(|t| t.extra_str("locationId")), Some("loc-1"));
    assert!(saved.is_some_and(|t| t.is_fresh(Duration::from_secs(3600))));
}

#[tokio::test]
async fn a_token_about_to_expire_is_refreshed_before_the_call() {
    let tokens = token_server(ResponseTemplate::new(200).set_body_json(token_json("access-2", None, 86_399))).await;
    let api = api_accepting("access-2").await;
    // Valid for 2 more minutes: inside a 5-minute margin, outside a 1-minute one.
    let soon = TokenSet::new("access-1", Some(Secret::from("refresh-1")), Some(Duration::from_secs(120)));
    let relaxed = TokenManager::new(
        config(&tokens).refresh_margin(Duration::from_secs(60)),
        MemoryStore::with_tokens(soon.clone()),
    );
    assert_eq!(relaxed.access_token().await.ok().as_ref().map(Secret::expose), Some("access-1"));
    assert_eq!(count(&tokens).await, 0);

    let store = MemoryStore::with_tokens(soon);
    let client = build(builder(&api.uri()).token_source(TokenManager::new(config(&tokens), store.clone())));
    assert_eq!(client.send(call()).await.map(|r| r.status().as_u16()).ok(), Some(200));
    assert_eq!(count(&tokens).await, 1);
    // The server did not rotate: the refresh token is kept.
    let kept = store.tokens().and_then(|t| t.refresh_token).map(|r| r.expose().to_owned());
    assert_eq!(kept.as_deref(), Some("refresh-1"));
}

#[tokio::test]
async fn a_401_causes_one_refresh_and_one_retry_and_a_second_401_is_returned() {
    // The access token looks valid, but the API refuses it.
    let tokens =
        token_server(ResponseTemplate::new(200).set_body_json(token_json("access-2", Some("refresh-2"), 86_399))).await;
    let api = api_accepting("access-2").await;
    let valid = TokenSet::new("access-1", Some(Secret::from("refresh-1")), Some(Duration::from_secs(3600)));
    let client = build(builder(&api.uri()).credential(
        "oauth",
        Credential::token_source(TokenManager::new(config(&tokens), MemoryStore::with_tokens(valid))),
    ));
    let mut secured = call();
    secured.security(&[&["oauth"]]);
    assert_eq!(client.send(secured.clone()).await.map(|r| r.status().as_u16()).ok(), Some(200));
    assert_eq!(count(&tokens).await, 1);
    let auths: Vec<_> = received(&api).await.iter().map(|r| header(r, "authorization").map(str::to_owned)).collect();
    assert_eq!(auths, [Some("Bearer access-1".to_owned()), Some("Bearer access-2".to_owned())]);

    // An API that refuses every token: one refresh, one retry, and its second 401 is the answer.
    let refusing = api_accepting("nothing-is-accepted").await;
    let tokens =
        token_server(ResponseTemplate::new(200).set_body_json(token_json("access-3", Some("refresh-3"), 86_399))).await;
    let valid = TokenSet::new("access-1", Some(Secret::from("refresh-1")), Some(Duration::from_secs(3600)));
    let client = build(
        builder(&refusing.uri()).token_source(TokenManager::new(config(&tokens), MemoryStore::with_tokens(valid))),
    );
    assert_eq!(client.send(call()).await.map(|r| r.status().as_u16()).ok(), Some(401));
    assert_eq!(count(&refusing).await, 2, "the call and one retry");
    assert_eq!(count(&tokens).await, 1, "one refresh");
}

/// An API that answers `401` to `Authorization: Bearer access-1` after `refused_after`, and `200`
/// to `Bearer access-2` after `accepted_after`.
async fn slow_api(refused_after: Duration, accepted_after: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(header_is("authorization", "Bearer access-2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}").set_delay(accepted_after))
        .mount(&server)
        .await;
    Mock::given(header_is("authorization", "Bearer access-1"))
        .respond_with(ResponseTemplate::new(401).set_delay(refused_after))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_retry_after_a_401_gets_what_is_left_of_the_calls_deadline() {
    // Delays are lower bounds, so each case is decided by sums, not by how fast the machine is:
    // 400 ms (401) + 400 ms (refresh) > 600 ms; 400 ms (401) + 400 ms (the retry) > 600 ms.
    let slow = Duration::from_millis(400);
    let cases = [("a slow refresh", slow, Duration::ZERO, slow), ("a slow retry", Duration::ZERO, slow, slow)];
    for (case, refresh_delay, retry_delay, refused_after) in cases {
        let tokens = token_server(
            ResponseTemplate::new(200)
                .set_body_json(token_json("access-2", Some("refresh-2"), 86_399))
                .set_delay(refresh_delay),
        )
        .await;
        let api = slow_api(refused_after, retry_delay).await;
        let client_with = |deadline| {
            let valid = TokenSet::new("access-1", Some(Secret::from("refresh-1")), Some(Duration::from_secs(3600)));
            build(
                builder(&api.uri())
                    .deadline(deadline)
                    .token_source(TokenManager::new(config(&tokens), MemoryStore::with_tokens(valid))),
            )
        };
        let short = client_with(Duration::from_millis(600)).send(call()).await;
        assert!(matches!(short, Err(Error::DeadlineExceeded { .. })), "{case}: {short:?}");
        // The same call with room for all of it succeeds after the refresh.
        let long = client_with(Duration::from_secs(30)).send(call()).await;
        assert_eq!(long.map(|r| r.status().as_u16()).ok(), Some(200), "{case}");
    }
}

#[tokio::test]
async fn a_401_is_not_retried_for_a_static_token() {
    let api = api_accepting("other").await;
    let client = build(builder(&api.uri()).bearer_token("static"));
    assert_eq!(client.send(call()).await.map(|r| r.status().as_u16()).ok(), Some(401));
    assert_eq!(count(&api).await, 1);
}

#[tokio::test]
async fn invalid_grant_is_a_typed_error_and_nothing_more_is_sent() {
    let logs = capture();
    let tokens = token_server(ResponseTemplate::new(400).set_body_json(serde_json::json!({
        "error": "invalid_grant",
        "error_description": format!("Invalid grant: refresh token {} is invalid", secret("refresh-1")),
    })))
    .await;
    let api = api_accepting("access-2").await;
    let manager = TokenManager::new(
        config(&tokens),
        MemoryStore::with_tokens(expired(&secret("access-1"), &secret("refresh-1"))),
    );
    let client = build(builder(&api.uri()).token_source(manager.clone()));

    for _ in 0..3 {
        let err = match client.send(call()).await {
            Err(err) => err,
            Ok(response) => panic!("unexpected success: {}", response.status()),
        };
        assert!(err.needs_reauthorization(), "{err}");
        assert!(
            matches!(&err, Error::Token { source: TokenError::ReauthorizationRequired { error, .. } } if error == "invalid_grant")
        );
        let text = format!("{err} {err:?}");
        assert!(!text.contains(CANARY), "{text}");
        assert!(text.contains("authorized again"), "{text}");
    }
    assert_eq!(count(&tokens).await, 1, "the refused grant is not asked again");
    assert_eq!(count(&api).await, 0, "no call was sent");
    assert!(manager.refresh().await.is_err_and(|err| err.needs_reauthorization()));
    assert_eq!(count(&tokens).await, 1);

    // A 401 whose refresh is refused: the typed error, and no retry of the call.
    let tokens =
        token_server(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"}))).await;
    let valid = TokenSet::new("access-1", Some(Secret::from("refresh-1")), Some(Duration::from_secs(3600)));
    let client =
        build(builder(&api.uri()).token_source(TokenManager::new(config(&tokens), MemoryStore::with_tokens(valid))));
    assert!(client.send(call()).await.is_err_and(|err| err.needs_reauthorization()));
    assert_eq!(count(&api).await, 1);
    assert_eq!(count(&tokens).await, 1);
    let logged = logs.text();
    assert!(!logged.contains(CANARY), "{logged}");
}

#[tokio::test]
async fn the_authorization_code_is_exchanged_and_saved() {
    let tokens =
        token_server(ResponseTemplate::new(200).set_body_json(token_json("access-1", Some("refresh-1"), 86_399))).await;
    let store = MemoryStore::new();
    let manager = TokenManager::new(config(&tokens).redirect_uri("https://app.example/callback"), store.clone());
    let api = api_accepting("access-1").await;
    let client = build(builder(&api.uri()).token_source(manager.clone()));
    let before = client.send(call()).await.err().map(|err| err.to_string()).unwrap_or_default();
    assert!(before.contains("authorization code"), "{before}");
    assert_eq!(count(&api).await, 0);

    let got = manager.exchange_code(&secret("code")).await;
    assert_eq!(got.ok().as_ref().and_then(|t| t.extra_str("userType")), Some("Location"));
    let sent = form(&received(&tokens).await[0]);
    assert_eq!(sent.get("grant_type").map(String::as_str), Some("authorization_code"));
    assert_eq!(sent.get("code"), Some(&secret("code")));
    assert_eq!(sent.get("redirect_uri").map(String::as_str), Some("https://app.example/callback"));
    assert_eq!(sent.get("user_type").map(String::as_str), Some("Location"));
    assert!(store.tokens().is_some_and(|t| t.access_token.expose() == "access-1"));
    assert_eq!(client.send(call()).await.map(|r| r.status().as_u16()).ok(), Some(200));

    // A spent code is a refused grant too.
    let spent =
        token_server(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"}))).await;
    let err = TokenManager::new(config(&spent), MemoryStore::new()).exchange_code("spent").await.err();
    assert!(err.is_some_and(|err| err.needs_reauthorization()));
}

#[tokio::test]
async fn other_refusals_and_unusable_answers_are_errors_without_secrets() {
    for (response, expected) in [
        (ResponseTemplate::new(401).set_body_json(serde_json::json!({"error": "invalid_client"})), "invalid_client"),
        (ResponseTemplate::new(500).set_body_string("oops"), "HTTP 500"),
        (ResponseTemplate::new(200).set_body_string("not json"), "unusable"),
        (ResponseTemplate::new(200).set_body_json(serde_json::json!({"token_type": "Bearer"})), "access_token"),
    ] {
        let tokens = token_server(response).await;
        let manager = TokenManager::new(config(&tokens), MemoryStore::with_tokens(expired(&secret("a"), &secret("r"))));
        let err = manager.access_token().await.err().map(|err| format!("{err} {err:?}")).unwrap_or_default();
        assert!(err.contains(expected) && !err.contains(CANARY), "{err}");
        assert!(!manager.access_token().await.is_err_and(|err| err.needs_reauthorization()));
    }
}

#[tokio::test]
async fn minted_tokens_are_cached_per_id_and_minted_again_when_expired() {
    let minting = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/locationToken"))
        .and(header_is("authorization", "Bearer company-2"))
        .and(header_is("version", "2021-07-28"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("location-token", None, 86_399)))
        .with_priority(1)
        .mount(&minting)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401))
        .with_priority(10)
        .mount(&minting)
        .await;
    // The company token is refused at first: the parent refreshes it, once.
    let company_tokens =
        token_server(ResponseTemplate::new(200).set_body_json(token_json("company-2", Some("r2"), 86_399))).await;
    let valid = TokenSet::new("company-1", Some(Secret::from("r1")), Some(Duration::from_secs(3600)));
    let company =
        TokenManager::new(config(&company_tokens).param("user_type", "Company"), MemoryStore::with_tokens(valid));
    let locations = DerivedTokens::new(company, format!("{}/oauth/locationToken", minting.uri()), "locationId")
        .param("companyId", "company-1")
        .header("Version", "2021-07-28")
        .unwrap_or_else(|err| panic!("{err}"));
    let api = api_accepting("location-token").await;
    let client = build(builder(&api.uri()).token_source(locations.for_id("loc-1")));
    for _ in 0..3 {
        assert_eq!(client.send(call()).await.map(|r| r.status().as_u16()).ok(), Some(200));
    }
    // Another client of the same location shares the cached token.
    let again = build(builder(&api.uri()).token_source(locations.for_id("loc-1")));
    assert_eq!(again.send(call()).await.map(|r| r.status().as_u16()).ok(), Some(200));
    let mints: Vec<_> = received(&minting)
        .await
        .into_iter()
        .filter(|r| header(r, "authorization") == Some("Bearer company-2"))
        .collect();
    assert_eq!(mints.len(), 1, "one location token, cached");
    let sent = form(&mints[0]);
    assert_eq!(sent.get("companyId").map(String::as_str), Some("company-1"));
    assert_eq!(sent.get("locationId").map(String::as_str), Some("loc-1"));
    assert_eq!(count(&company_tokens).await, 1);

    // Another location: its own token.
    assert!(locations.for_id("loc-2").access_token().await.is_ok());
    let ids: Vec<_> = received(&minting).await.iter().map(form).filter_map(|f| f.get("locationId").cloned()).collect();
    assert_eq!(ids.last().map(String::as_str), Some("loc-2"));

    // Tokens that expire at once are minted for every call.
    let short = MockServer::start().await;
    Mock::given(path("/mint"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("short", None, 1)))
        .mount(&short)
        .await;
    let parent = TokenManager::new(config(&company_tokens), MemoryStore::with_tokens(TokenSet::new("p", None, None)));
    let source = DerivedTokens::new(parent, format!("{}/mint", short.uri()), "locationId").for_id("loc-1");
    for _ in 0..2 {
        assert_eq!(source.access_token().await.ok().as_ref().map(Secret::expose), Some("short"));
    }
    assert_eq!(count(&short).await, 2);
}
