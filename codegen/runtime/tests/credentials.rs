//! Credentials of every kind on the wire, refusals before any I/O, and the secrets never showing
//! (Debug, Display, errors, `tracing` at TRACE) nor following a redirect to another origin.

mod common;

use base64::Engine as _;
use common::capture::capture;
use common::*;
use openapi_client_runtime::support::{Credential, Method, RequestParts};
use openapi_client_runtime::{Error, RetryPolicy};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const CANARY: &str = "canary-5e1d7b";

fn secret(kind: &str) -> String {
    format!("{kind}-{CANARY}")
}

fn assert_no_canary(what: &str, text: &str) {
    assert!(!text.contains(CANARY) && !text.contains("5e1d7b"), "{what} leaks a secret: {text}");
    // Basic credentials travel base64-encoded.
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", secret("user"), secret("password")));
    assert!(!text.contains(&basic), "{what} leaks the basic credentials: {text}");
}

fn assert_error_is_clean<E: std::fmt::Debug>(what: &str, err: &Error<E>) {
    assert_no_canary(what, &err.to_string());
    assert_no_canary(what, &format!("{err:?} {err:#?}"));
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        assert_no_canary(what, &format!("{inner} {inner:?}"));
        source = inner.source();
    }
}

/// Every scheme configured, with secrets that contain the canary.
fn with_every_credential(builder: ClientBuilder) -> ClientBuilder {
    builder
        .credential("bearerAuth", Credential::token(secret("bearer")))
        .credential("basicAuth", Credential::basic(secret("user"), secret("password")))
        .credential("headerKey", Credential::api_key(secret("header")))
        .credential("queryKey", Credential::api_key(secret("query")))
        .credential("cookieKey", Credential::api_key(secret("cookie")))
        .credential("oauth", Credential::token(secret("oauth")))
        .credential("oidc", Credential::token(secret("oidc")))
}

fn secured(requirement: &'static [&'static [&'static str]]) -> RequestParts {
    let mut parts = parts("secured", Method::GET, "/secured");
    parts.query("x", "1");
    parts.security(requirement);
    parts
}

/// The request of `secured(requirement)`, made with the escape hatch (`Client::request`) instead
/// of as an operation: it must carry the same credentials, the same way.
async fn send_raw(
    client: &Client,
    requirement: &'static [&'static [&'static str]],
) -> Result<openapi_client_runtime::Response<bytes::Bytes>, Error<std::convert::Infallible>> {
    client.request(Method::GET, "/secured").query("x", "1").security(requirement).send().await
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

/// What a request carried: `Authorization`, `X-API-Key`, `Cookie`, and the query string.
fn carried(request: &wiremock::Request) -> (Option<String>, Option<String>, Option<String>, String) {
    let get = |name| header(request, name).map(str::to_owned);
    (get("authorization"), get("x-api-key"), get("cookie"), request.url.query().unwrap_or_default().to_owned())
}

fn owned(
    auth: Option<&str>,
    key: Option<&str>,
    cookie: Option<&str>,
    query: &str,
) -> (Option<String>, Option<String>, Option<String>, String) {
    (auth.map(str::to_owned), key.map(str::to_owned), cookie.map(str::to_owned), query.to_owned())
}

#[tokio::test]
async fn each_kind_is_sent_where_its_scheme_says() {
    let capture = capture();
    let server = ok_server().await;
    let client = build(with_every_credential(builder(&server.uri())));
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", secret("user"), secret("password")));
    let cases: Vec<(&'static [&'static [&'static str]], _)> = vec![
        (&[&["bearerAuth"]], owned(Some(&format!("Bearer {}", secret("bearer"))), None, None, "x=1")),
        (&[&["basicAuth"]], owned(Some(&format!("Basic {basic}")), None, None, "x=1")),
        (&[&["headerKey"]], owned(None, Some(&secret("header")), None, "x=1")),
        (&[&["queryKey"]], owned(None, None, None, &format!("x=1&api_key={}", secret("query")))),
        (&[&["cookieKey"]], owned(None, None, Some(&format!("session={}", secret("cookie"))), "x=1")),
        (&[&["oauth"]], owned(Some(&format!("Bearer {}", secret("oauth"))), None, None, "x=1")),
        (&[&["oidc"]], owned(Some(&format!("Bearer {}", secret("oidc"))), None, None, "x=1")),
        // Schemes used together.
        (
            &[&["headerKey", "cookieKey", "queryKey"]],
            owned(
                None,
                Some(&secret("header")),
                Some(&format!("session={}", secret("cookie"))),
                &format!("x=1&api_key={}", secret("query")),
            ),
        ),
        // `security: []`: nothing.
        (&[], owned(None, None, None, "x=1")),
        // An optional requirement (`{}` first) sends nothing either.
        (&[&[], &["headerKey"]], owned(None, None, None, "x=1")),
    ];
    for (requirement, _) in &cases {
        let response = client.send(secured(requirement)).await.expect("sent");
        assert_eq!(response.status_code(), 200);
    }
    for (requirement, _) in &cases {
        let response = send_raw(&client, requirement).await.expect("sent");
        assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200);
    }
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2 * cases.len());
    let (operations, raw) = requests.split_at(cases.len());
    for ((requirement, expected), request) in cases.iter().zip(operations) {
        assert_eq!(&carried(request), expected, "{requirement:?}");
    }
    for ((requirement, expected), request) in cases.iter().zip(raw) {
        assert_eq!(&carried(request), expected, "escape hatch: {requirement:?}");
    }
    assert_no_canary("tracing output", &capture.text());
}

#[tokio::test]
async fn the_first_configured_alternative_is_used_and_the_bearer_token_stands_in() {
    let server = ok_server().await;
    let client = build(
        builder(&server.uri()).credential("headerKey", Credential::api_key("key-1")).bearer_token("global-token"),
    );
    // basicAuth is not configured: the second alternative is used.
    client.send(secured(&[&["basicAuth"], &["headerKey"]])).await.expect("sent");
    // The bearer token stands in for bearer-like schemes without their own credential.
    client.send(secured(&[&["oauth"]])).await.expect("sent");
    // An operation that states no security: today's behaviour, the bearer token.
    client.send(parts("open", Method::GET, "/open")).await.expect("sent");
    // `security: []`: not even the bearer token.
    client.send(secured(&[])).await.expect("sent");
    let requests = received(&server).await;
    let carried: Vec<_> = requests.iter().map(carried).collect();
    assert_eq!(
        carried,
        vec![
            owned(None, Some("key-1"), None, "x=1"),
            owned(Some("Bearer global-token"), None, None, "x=1"),
            owned(Some("Bearer global-token"), None, None, ""),
            owned(None, None, None, "x=1"),
        ]
    );
}

#[tokio::test]
async fn a_missing_credential_fails_before_any_io_naming_the_schemes() {
    let server = ok_server().await;
    let client = build(builder(&server.uri()).credential("headerKey", Credential::api_key("key-1")));
    let err = client
        .send(secured(&[&["basicAuth"], &["headerKey", "queryKey"]]))
        .await
        .expect_err("no alternative is configured");
    match &err {
        Error::MissingCredentials { operation, missing } => {
            assert_eq!(*operation, "secured");
            assert_eq!(missing, &vec![vec!["basicAuth"], vec!["queryKey"]]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), None, "not a response");
    let text = err.to_string();
    assert!(text.starts_with("not sent: `secured` requires credentials"), "{text}");
    assert!(text.contains("`basicAuth`, or `queryKey`"), "{text}");
    // The bearer token does not stand in for an API key.
    let client = build(builder(&server.uri()).bearer_token("global-token"));
    let err = client.send(secured(&[&["cookieKey"]])).await.expect_err("missing");
    assert!(matches!(err, Error::MissingCredentials { .. }), "{err:?}");
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn build_refusals_name_the_scheme_but_never_the_secret() {
    let refusal = |builder: ClientBuilder| match builder.build() {
        Ok(_) => panic!("built"),
        Err(err) => {
            let text = format!("{err} {err:?}");
            assert_no_canary("BuildError", &text);
            text
        }
    };
    let b = || builder("http://127.0.0.1:9");
    assert!(refusal(b().credential("nope", Credential::api_key(secret("k")))).contains("`nope`"));
    assert!(refusal(b().credential("basicAuth", Credential::api_key(secret("k")))).contains("`basicAuth`"));
    assert!(refusal(b().credential("headerKey", Credential::api_key(format!("{}\r\nX: 1", secret("k")))))
        .contains("`headerKey`"));
    assert!(
        refusal(b().credential("cookieKey", Credential::api_key(format!("{}; a=b", secret("k"))))).contains("cookie")
    );
    assert!(refusal(b().credential("oauth", Credential::token(""))).contains("empty"));
}

#[tokio::test]
async fn no_secret_shows_in_debug_display_or_errors() {
    let capture = capture();
    let server = MockServer::start().await;
    Mock::given(path("/secured")).respond_with(ResponseTemplate::new(401).set_body_string("no")).mount(&server).await;
    let builder = with_every_credential(builder(&server.uri()));
    assert_no_canary("ClientBuilder Debug", &format!("{builder:?} {builder:#?}"));
    let client = build(builder);
    let debug = format!("{client:?} {client:#?}");
    assert_no_canary("Client Debug", &debug);
    assert!(debug.contains("authenticated: true") && debug.contains("queryKey"), "{debug}");
    let requirements: [&'static [&'static [&'static str]]; 3] =
        [&[&["basicAuth"]], &[&["queryKey", "cookieKey", "headerKey"]], &[&["bearerAuth"]]];
    for requirement in requirements {
        let parts = secured(requirement);
        assert_no_canary("RequestParts Debug", &format!("{parts:?}"));
        let response = client.send(parts).await.expect("sent");
        let err = response.unexpected::<()>();
        assert_error_is_clean("UnexpectedStatus", &err);
    }
    assert_no_canary("tracing output", &capture.text());
}

#[tokio::test]
async fn a_transport_error_never_shows_the_query_key() {
    let capture = capture();
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let client =
        build(with_every_credential(builder(&format!("http://127.0.0.1:{port}"))).retry_policy(RetryPolicy::none()));
    let err = client.send(secured(&[&["queryKey", "headerKey"]])).await.expect_err("connection refused");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_error_is_clean("Transport", &err);
    let text = err.to_string();
    // The URL is still there to help, with the key hidden.
    assert!(text.contains("api_key=%3Credacted%3E"), "{text}");
    assert!(text.contains("x=1"), "{text}");
    // The escape hatch redacts the same way.
    let err = send_raw(&client, &[&["queryKey", "headerKey"]]).await.expect_err("connection refused");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_error_is_clean("Transport (escape hatch)", &err);
    assert!(err.to_string().contains("api_key=%3Credacted%3E"), "{err}");
    // Retried (a connection error is), the same.
    let client = build(with_every_credential(builder(&format!("http://127.0.0.1:{port}"))));
    let err = client.send(secured(&[&["queryKey"]])).await.expect_err("connection refused");
    assert_error_is_clean("Transport after retries", &err);
    let text = capture.text();
    assert!(text.contains("request failed") && text.contains("retrying"), "the capture works: {text}");
    assert_no_canary("tracing output", &text);
}

#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_origin() {
    let capture = capture();
    let alternatives: [&'static [&'static [&'static str]]; 6] = [
        &[&["bearerAuth"]],
        &[&["basicAuth"]],
        &[&["headerKey"]],
        &[&["queryKey"]],
        &[&["cookieKey"]],
        &[&["oauth", "queryKey", "cookieKey", "headerKey"]],
    ];
    for status in [302u16, 307, 308, 301, 303] {
        for requirement in alternatives {
            let second = ok_server().await;
            let first = redirecting_server("/secured", status, &format!("{}/landing?y=2", second.uri()), None).await;
            let client = build(with_every_credential(builder(&first.uri())));
            let response = client.send(secured(requirement)).await.expect("followed");
            assert_eq!(response.status_code(), 200, "{status} followed");
            // The escape hatch follows the same rule (checked below with the operation's request).
            let response = send_raw(&client, requirement).await.expect("followed");
            assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200, "{status} followed");

            let first_requests = received(&first).await;
            assert_eq!(first_requests.len(), 2);
            for sent in &first_requests {
                let (auth, key, cookie, query) = carried(sent);
                assert!(
                    auth.is_some() || key.is_some() || cookie.is_some() || query.contains("api_key"),
                    "{requirement:?}"
                );
            }
            let second_requests = received(&second).await;
            assert_eq!(second_requests.len(), 2);
            for landed in &second_requests {
                assert_eq!(carried(landed), owned(None, None, None, "y=2"), "{status} {requirement:?}");
                assert_eq!(header(landed, "referer"), None);
                for (name, value) in &landed.headers {
                    assert_no_canary(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
                }
                assert_no_canary("redirected URL", landed.url.as_str());
            }
        }
    }
    assert_no_canary("tracing output", &capture.text());
}

#[tokio::test]
async fn a_redirect_within_the_origin_keeps_the_credentials() {
    let server = redirecting_server("/secured", 302, "/moved?z=3", Some("/moved")).await;
    let client = build(with_every_credential(builder(&server.uri())));
    let response = client.send(secured(&[&["headerKey", "queryKey", "cookieKey"]])).await.expect("followed");
    assert_eq!(response.status_code(), 200);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        carried(&requests[1]),
        owned(
            None,
            Some(&secret("header")),
            Some(&format!("session={}", secret("cookie"))),
            &format!("z=3&api_key={}", secret("query"))
        )
    );
    // A redirect loop ends with the last redirect as the answer.
    let looping = redirecting_server("/secured", 302, "/secured", None).await;
    let client = build(with_every_credential(builder(&looping.uri())));
    let response = client.send(secured(&[&["headerKey"]])).await.expect("an answer");
    assert_eq!(response.status_code(), 302);
    assert_eq!(received(&looping).await.len(), 11);
}
