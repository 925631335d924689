//! Interceptors at the runtime's level: what they see (never a credential), what their changes do
//! on the wire, and what they are told after an attempt that failed without a response.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use openapi_client_runtime::support::{Credential, Method};
use openapi_client_runtime::{AttemptOutcome, AttemptRequest, BoxFuture, Interceptor, Refusal, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Signs every attempt: checks that it sees no credential, adds a query parameter and a header.
struct Signer;

impl Interceptor for Signer {
    fn before_attempt<'a>(&'a self, request: &'a mut AttemptRequest) -> BoxFuture<'a, Result<(), Refusal>> {
        Box::pin(async move {
            for name in ["authorization", "x-api-key", "cookie"] {
                if request.headers().contains_key(name) {
                    return Err(Refusal::new(format!("saw the credential header `{name}`")));
                }
            }
            if request.query().contains("api_key") {
                return Err(Refusal::new("saw the query key"));
            }
            let signature = format!("{}:{}", request.method(), request.path());
            request.append_query("sig", &signature);
            request.set_header("x-signature", &signature)?;
            // A credential header set here is replaced by the client's credential.
            request.set_header("x-api-key", "from-the-interceptor")
        })
    }
}

#[tokio::test]
async fn interceptors_never_see_credentials_and_their_changes_reach_the_wire() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = build(
        builder(&server.uri())
            .credential("headerKey", Credential::api_key("the-header-key"))
            .credential("queryKey", Credential::api_key("the-query-key"))
            .interceptor(Signer),
    );
    let mut request = parts("signed", Method::GET, "/things/");
    request.path_param("id", "a b").expect("a valid segment");
    request.query("x", "1");
    request.security(&[&["headerKey", "queryKey"]]);
    let response = client.send(request).await.expect("sent");
    assert_eq!(response.status_code(), 200);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), Some("x=1&sig=GET%3A%2Fthings%2Fa%2520b&api_key=the-query-key"));
    assert_eq!(header(&requests[0], "x-signature"), Some("GET:/things/a%20b"));
    assert_eq!(header(&requests[0], "x-api-key"), Some("the-header-key"));
}

/// Records what each attempt's outcome said.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Interceptor for Recorder {
    fn after_attempt<'a>(&'a self, outcome: &'a AttemptOutcome) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let line = format!(
                "{} {} {} status={:?} error={:?} retry={} elapsed>0={}",
                outcome.operation_id(),
                outcome.url_template(),
                outcome.attempt(),
                outcome.status().map(|s| s.as_u16()),
                outcome.error_type(),
                outcome.retry_in().is_some(),
                outcome.elapsed() > Duration::ZERO,
            );
            self.0.lock().unwrap_or_else(|e| e.into_inner()).push(line);
        })
    }
}

#[tokio::test]
async fn after_an_attempt_without_a_response_the_interceptor_is_told_why() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2))).mount(&server).await;
    let recorder = Recorder::default();
    let client = build(
        builder(&server.uri())
            .timeout(Duration::from_millis(100))
            .retry_policy(fast_retry().max_retries(1))
            .interceptor(recorder.clone()),
    );
    let mut request = parts("slow", Method::GET, "/slow/");
    request.path_param("slowId", "42").expect("a valid segment");
    let err = client.send(request).await.expect_err("timed out");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(
        *recorder.0.lock().unwrap_or_else(|e| e.into_inner()),
        [
            "slow /slow/{slowId} 1 status=None error=Some(\"timeout\") retry=true elapsed>0=true",
            "slow /slow/{slowId} 2 status=None error=Some(\"timeout\") retry=false elapsed>0=true",
        ]
    );
}

#[tokio::test]
async fn an_escape_hatch_call_has_its_own_interceptors_after_the_clients() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client_recorder = Recorder::default();
    let call_recorder = Recorder::default();
    let client = build(builder(&server.uri()).retry_policy(RetryPolicy::none()).interceptor(client_recorder.clone()));
    let response = client
        .request(Method::DELETE, "/v9/{thing}")
        .path_param("thing", "t-1")
        .interceptor(call_recorder.clone())
        .send()
        .await
        .expect("204");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 204);
    let expected = ["request /v9/{thing} 1 status=Some(204) error=None retry=false elapsed>0=true"];
    assert_eq!(*client_recorder.0.lock().unwrap_or_else(|e| e.into_inner()), expected);
    assert_eq!(*call_recorder.0.lock().unwrap_or_else(|e| e.into_inner()), expected);
    assert_eq!(received(&server).await[0].url.path(), "/v9/t-1");
}
