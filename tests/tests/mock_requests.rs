//! The exact requests the client sends, as a real HTTP server (wiremock on 127.0.0.1) receives
//! them: method, raw path, raw query string, headers; and the requests it refuses to send.

mod mock_support;

use leadconnector::types::MessageTypeFilter;
use leadconnector::Error;
use mock_support::*;
use wiremock::matchers::{header as header_is, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

/// A server that answers every request with an empty last page (a valid body for `getMessages`).
async fn any_page_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, golden("get_messages.last_page_empty.json")))
        .mount(&server)
        .await;
    server
}

/// A server that answers every request with a valid single message.
async fn any_message_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(json(200, golden("get_message.minimal.json"))).mount(&server).await;
    server
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

#[tokio::test]
async fn get_messages_sends_method_path_version_and_bearer() {
    let server = MockServer::start().await;
    // Matched strictly: the mock only answers a request with all of these.
    Mock::given(method("GET"))
        .and(path("/conversations/tDtDnQdgm2LXpyiqYvZ6/messages"))
        .and(header_is("Version", "2021-07-28"))
        .and(header_is("Authorization", "Bearer test-token-0001"))
        .and(header_is("Accept", "application/json"))
        .and(query_param_is_missing("limit"))
        .respond_with(json(200, golden("get_messages.last_page_empty.json")))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("the strict mock matched");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/conversations/tDtDnQdgm2LXpyiqYvZ6/messages");
    assert_eq!(request.url.query(), None, "no parameter set, no query string (not even `?`)");
    assert_eq!(header(&request, "version"), Some("2021-07-28"));
    assert_eq!(header(&request, "authorization"), Some("Bearer test-token-0001"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    // The crate's name and the version of `spec/release.toml` (the one place it is written), read as
    // `cargo xtask codegen` reads it.
    let version = xtask::leadconnector().expect("the project's configuration").config.crate_version;
    assert_eq!(header(&request, "user-agent"), Some(format!("leadconnector/{version}").as_str()));
    // Nothing progenitor-like, and no body or content type on a GET.
    assert_eq!(header(&request, "api-version"), None);
    assert_eq!(header(&request, "content-type"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_message_sends_its_own_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/ve9EPM428h8vShlRW1KT"))
        .and(header_is("Version", "2021-04-15"))
        .and(header_is("Authorization", "Bearer test-token-0001"))
        .respond_with(json(200, golden("get_message.minimal.json")))
        .expect(1)
        .mount(&server)
        .await;
    let message =
        client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("the strict mock matched");
    assert_eq!(message.id, "msg-minimal-1");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/conversations/messages/ve9EPM428h8vShlRW1KT");
    assert_eq!(request.url.query(), None);
    // D15: each operation keeps its page's value, and only one Version header is sent.
    assert_eq!(header(&request, "version"), Some("2021-04-15"));
    assert_eq!(header(&request, "authorization"), Some("Bearer test-token-0001"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_client_without_token_fails_before_sending_anything() {
    // Every operation requires the `bearer` scheme: without a token nothing is sent.
    let server = any_message_server().await;
    let client =
        leadconnector::Client::builder().base_url(server.uri()).retry_policy(fast_retry()).build().expect("builds");
    let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("no credential");
    match &err {
        leadconnector::Error::MissingCredentials { operation, missing } => {
            assert_eq!(*operation, "getMessage");
            assert_eq!(missing, &[vec!["bearer"]]);
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(server.received_requests().await.expect("recording").is_empty(), "nothing reaches the server");
}

#[tokio::test]
async fn query_parameters_limit_type_and_last_message_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations/tDtDnQdgm2LXpyiqYvZ6/messages"))
        .and(query_param("limit", "50"))
        .and(query_param("type", "TYPE_SMS,TYPE_CALL"))
        .and(query_param("lastMessageId", "msg-042"))
        .respond_with(json(200, golden("get_messages.last_page_empty.json")))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .limit(50)
        .r#type([MessageTypeFilter::TypeSms, MessageTypeFilter::TypeCall])
        .last_message_id("msg-042")
        .send()
        .await
        .expect("the strict mock matched");

    let request = only_request(&server).await;
    // The raw query string: integers as integers (`50`, not `50.0`), the `type` array joined with
    // a literal comma (style form, explode false; D7), parameters in the spec's order.
    assert_eq!(raw_query(&request), "lastMessageId=msg-042&limit=50&type=TYPE_SMS,TYPE_CALL");
}

#[tokio::test]
async fn limit_alone_is_an_integer() {
    let server = any_page_server().await;
    client(&server).conversations().get_messages(CONVERSATION_ID).limit(50).send().await.expect("200");
    assert_eq!(raw_query(&only_request(&server).await), "limit=50");

    let server = any_page_server().await;
    client(&server).conversations().get_messages(CONVERSATION_ID).limit(20).send().await.expect("200");
    assert_eq!(raw_query(&only_request(&server).await), "limit=20");
}

#[tokio::test]
async fn type_filter_forms() {
    // One value: no separator.
    let server = any_page_server().await;
    client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .r#type([MessageTypeFilter::TypeEmail])
        .send()
        .await
        .expect("200");
    assert_eq!(raw_query(&only_request(&server).await), "type=TYPE_EMAIL");

    // A value the spec does not list is sent as written; a comma inside a value is escaped so
    // that it cannot be mistaken for the separator.
    let server = any_page_server().await;
    client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .r#type([
            MessageTypeFilter::from("TYPE_FUTURE"),
            MessageTypeFilter::from("A,B"),
            MessageTypeFilter::TypeInternalComments,
        ])
        .send()
        .await
        .expect("200");
    assert_eq!(raw_query(&only_request(&server).await), "type=TYPE_FUTURE,A%2CB,TYPE_INTERNAL_COMMENTS");

    // No value at all: the parameter is left out.
    let server = any_page_server().await;
    client(&server).conversations().get_messages(CONVERSATION_ID).r#type([]).limit(5).send().await.expect("200");
    assert_eq!(raw_query(&only_request(&server).await), "limit=5");
}

#[tokio::test]
async fn last_message_id_is_percent_encoded_in_the_query() {
    let server = any_page_server().await;
    client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .last_message_id("a&b=c #d/é+")
        .send()
        .await
        .expect("200");
    let request = only_request(&server).await;
    assert_eq!(raw_query(&request), "lastMessageId=a%26b%3Dc%20%23d%2F%C3%A9%2B");
    // Decoded by the server, it is the exact value again.
    let pairs: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(pairs, vec![("lastMessageId".to_owned(), "a&b=c #d/é+".to_owned())]);
}

#[tokio::test]
async fn hostile_ids_stay_one_path_segment() {
    // `/ ? # % space` (and a non-ASCII letter) are percent-encoded, so the id stays one segment.
    let id = "a/b?c#d%e f é";
    let encoded = "a%2Fb%3Fc%23d%25e%20f%20%C3%A9";

    let server = any_page_server().await;
    client(&server).conversations().get_messages(id).send().await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), format!("/conversations/{encoded}/messages"));
    assert_eq!(request.url.query(), None, "`?` in the id must not start a query");
    assert_eq!(request.url.fragment(), None);

    let server = any_message_server().await;
    client(&server).conversations().get_message(id).send().await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), format!("/conversations/messages/{encoded}"));
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn dot_like_ids_that_are_not_dot_segments_are_sent() {
    // `...` is an ordinary segment; an already-encoded `%2e%2e` is encoded again (so it is never
    // decoded into `..` by the server); `.a` and `a.` are ordinary too.
    for (id, encoded) in [("...", "..."), ("%2e%2e", "%252e%252e"), (".a", ".a"), ("a.", "a."), ("~-_.", "~-_.")] {
        let server = any_message_server().await;
        client(&server).conversations().get_message(id).send().await.expect("200");
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), format!("/conversations/messages/{encoded}"), "id {id:?}");
    }
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_any_io() {
    let server = any_page_server().await;
    let client = client(&server);
    for id in [".", "..", ""] {
        let err = client.conversations().get_messages(id).send().await.expect_err("refused");
        match &err {
            Error::InvalidRequest { reason } => assert!(reason.contains("`conversationId`"), "{reason}"),
            other => panic!("id {id:?}: expected InvalidRequest, got {other:?}"),
        }
        assert_eq!(err.status(), None);
        assert!(err.to_string().starts_with("invalid request (not sent): "), "{err}");

        let err = client.conversations().get_message(id).send().await.expect_err("refused");
        match &err {
            Error::InvalidRequest { reason } => assert!(reason.contains("`id`"), "{reason}"),
            other => panic!("id {id:?}: expected InvalidRequest, got {other:?}"),
        }

        // Also through the pagination streams: the first item is the refusal, then the end.
        use futures::StreamExt;
        let mut items = client.conversations().get_messages(id).into_stream();
        assert!(matches!(items.next().await, Some(Err(Error::InvalidRequest { .. }))));
        assert!(items.next().await.is_none());
    }
    assert!(received(&server).await.is_empty(), "no request reached the server");
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_keeps_it() {
    let server = any_message_server().await;
    // A trailing slash on the base URL does not double the separator.
    let client = leadconnector::Client::builder()
        .bearer_token(TOKEN)
        .base_url(format!("{}/proxy/v2/", server.uri()))
        .build()
        .expect("builds");
    client.conversations().get_message(MESSAGE_ID).send().await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/proxy/v2/conversations/messages/ve9EPM428h8vShlRW1KT");
}

#[tokio::test]
async fn durations_too_long_to_be_an_instant_mean_no_limit_and_never_panic() {
    // `Duration::MAX` is how a caller says "no deadline"; `Instant::now() + Duration::MAX` would panic.
    let server = serve_message(json(200, golden("get_message.page_example.json"))).await;
    let client = builder_with(&server, TOKEN, fast_retry().max_retry_after(std::time::Duration::MAX))
        .deadline(std::time::Duration::MAX)
        .timeout(std::time::Duration::MAX)
        .build()
        .expect("builds");
    let message = client.conversations().get_message(MESSAGE_ID).send().await.expect("decodes");
    assert_eq!(message.id, "ve9EPM428h8vShlRW1KT");
    let message = client
        .conversations()
        .get_message(MESSAGE_ID)
        .deadline(std::time::Duration::MAX)
        .send()
        .await
        .expect("decodes");
    assert_eq!(message.id, "ve9EPM428h8vShlRW1KT");
}
