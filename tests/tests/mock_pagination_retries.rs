//! Pagination (`into_stream`, `into_pages`), retries, timeouts and transport failures against a
//! real HTTP server (wiremock on 127.0.0.1). Retry delays are a few milliseconds.

mod mock_support;

use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use leadconnector::conversations::GetMessagesError;
use leadconnector::types::{Message, MessageTypeFilter};
use leadconnector::{Client, Error, RetryPolicy};
use mock_support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Pagination

#[tokio::test]
async fn into_stream_walks_page_of_100_then_the_empty_last_page() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, golden("get_messages.page_of_100.json"))).await;
    page_for(&server, Some("msg-099"), json(200, golden("get_messages.last_page_empty.json"))).await;

    let messages: Vec<_> = client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .limit(100)
        .r#type([MessageTypeFilter::TypeSms, MessageTypeFilter::TypeCall])
        .into_stream()
        .try_collect()
        .await
        .expect("both pages decode");

    let ids: Vec<&str> = messages.iter().map(|m| m.id.as_str()).collect();
    let expected: Vec<String> = (0..100).map(|i| format!("msg-{i:03}")).collect();
    assert_eq!(ids, expected);
    // Every page request keeps `limit` and `type`; the second adds the cursor.
    assert_eq!(
        queries(&server).await,
        vec![
            "limit=100&type=TYPE_SMS,TYPE_CALL".to_owned(),
            "lastMessageId=msg-099&limit=100&type=TYPE_SMS,TYPE_CALL".to_owned()
        ]
    );
    for request in received(&server).await {
        assert_eq!(request.url.path(), messages_path());
        assert_eq!(header(&request, "version"), Some("2021-07-28"));
        assert_eq!(header(&request, "authorization"), Some("Bearer test-token-0001"));
    }
}

#[tokio::test]
async fn into_pages_follows_a_three_page_chain() {
    let server = MockServer::start().await;
    page_for(
        &server,
        Some("start"),
        json(200, page_json("c1", true, &["a1", "a2"])).insert_header("X-RateLimit-Remaining", "9"),
    )
    .await;
    page_for(
        &server,
        Some("c1"),
        json(200, page_json("c2", true, &["b1", "b2"])).insert_header("X-RateLimit-Remaining", "8"),
    )
    .await;
    page_for(
        &server,
        Some("c2"),
        json(200, page_json("c3", false, &["c1"])).insert_header("X-RateLimit-Remaining", "7"),
    )
    .await;

    // The caller's own starting cursor is where the walk begins.
    let pages: Vec<_> = client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .last_message_id("start")
        .limit(2)
        .r#type([MessageTypeFilter::TypeEmail])
        .into_pages()
        .try_collect()
        .await
        .expect("three pages");

    assert_eq!(pages.len(), 3);
    type Summary = (u16, String, bool, Vec<String>, Option<u64>);
    let summary: Vec<Summary> = pages
        .iter()
        .map(|p| {
            (
                openapi_client_runtime::Response::status(&p).as_u16(),
                p.last_message_id.clone(),
                p.next_page,
                p.messages.iter().map(|m| m.id.clone()).collect(),
                openapi_client_runtime::Response::rate_limit(&p).remaining,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (200, "c1".to_owned(), true, vec!["a1".to_owned(), "a2".to_owned()], Some(9)),
            (200, "c2".to_owned(), true, vec!["b1".to_owned(), "b2".to_owned()], Some(8)),
            (200, "c3".to_owned(), false, vec!["c1".to_owned()], Some(7)),
        ]
    );
    assert_eq!(
        queries(&server).await,
        vec![
            "lastMessageId=start&limit=2&type=TYPE_EMAIL".to_owned(),
            "lastMessageId=c1&limit=2&type=TYPE_EMAIL".to_owned(),
            "lastMessageId=c2&limit=2&type=TYPE_EMAIL".to_owned(),
        ]
    );
}

/// The id of the next item of a message stream, `None` at its end (an error item fails the test).
async fn next_id<S>(items: &mut S) -> Option<String>
where
    S: futures::Stream<Item = Result<Message, Error<GetMessagesError>>> + Unpin,
{
    items.next().await.map(|item| item.expect("an item, not an error").id)
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, page_json("c1", true, &["a1", "a2"]))).await;
    page_for(&server, Some("c1"), json(200, page_json("c2", false, &["b1"]))).await;

    let client = client(&server);
    let mut items = client.conversations().get_messages(CONVERSATION_ID).into_stream();
    assert!(received(&server).await.is_empty(), "nothing is sent before the stream is read");
    assert_eq!(next_id(&mut items).await.as_deref(), Some("a1"));
    assert_eq!(next_id(&mut items).await.as_deref(), Some("a2"));
    assert_eq!(received(&server).await.len(), 1, "the second page is not fetched before it is needed");
    assert_eq!(next_id(&mut items).await.as_deref(), Some("b1"));
    assert!(items.next().await.is_none());
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_single_page_without_next_page_is_one_request() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, golden("get_messages.last_page_empty.json"))).await;
    let pages: Vec<_> = client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .into_pages()
        .try_collect()
        .await
        .expect("one page");
    assert_eq!(pages.len(), 1);
    assert!(pages[0].messages.is_empty());
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_repeated_cursor_is_a_pagination_error_and_ends_the_stream() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, page_json("c1", true, &["a1"]))).await;
    // The server hands out the same cursor again.
    page_for(&server, Some("c1"), json(200, page_json("c1", true, &["b1"]))).await;

    let client = client(&server);
    let mut pages = client.conversations().get_messages(CONVERSATION_ID).into_pages();
    let first = pages.next().await.expect("a first page").expect("ok");
    assert_eq!(first.last_message_id, "c1");
    let second = pages.next().await.expect("a second page").expect("ok");
    assert_eq!(second.messages[0].id, "b1");
    match pages.next().await {
        Some(Err(Error::Pagination { reason })) => assert!(reason.contains("`c1`"), "{reason}"),
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert!(pages.next().await.is_none(), "the stream ends after the error");
    assert_eq!(received(&server).await.len(), 2, "the repeated cursor is not requested again");

    // The same through into_stream: the items of both pages, then the error, then the end.
    let results: Vec<Result<String, String>> = client
        .conversations()
        .get_messages(CONVERSATION_ID)
        .into_stream()
        .map(|r| r.map(|m| m.id).map_err(|e| e.to_string()))
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[0], Ok("a1".to_owned()));
    assert_eq!(results[1], Ok("b1".to_owned()));
    let error = results[2].as_ref().expect_err("the last item is the error");
    assert!(error.starts_with("pagination stopped: "), "{error}");
}

#[tokio::test]
async fn a_server_repeating_the_callers_starting_cursor_is_caught_at_once() {
    let server = MockServer::start().await;
    // Asked for the page after `start`, the server says the next page is after `start` again.
    page_for(&server, Some("start"), json(200, page_json("start", true, &["a1"]))).await;

    let client = client(&server);
    let results: Vec<Result<String, String>> = client
        .conversations()
        .get_messages(CONVERSATION_ID)
        .last_message_id("start")
        .into_stream()
        .map(|r| r.map(|m| m.id).map_err(|e| e.to_string()))
        .collect()
        .await;
    // Expected: the page once, then the pagination error; one request.
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0], Ok("a1".to_owned()));
    assert!(results[1].as_ref().is_err_and(|e| e.starts_with("pagination stopped: ")), "{results:?}");
    assert_eq!(received(&server).await.len(), 1, "the identical request is not sent twice");
}

#[tokio::test]
async fn next_page_without_a_cursor_does_not_loop_or_send_an_empty_cursor() {
    // nextPage is true but lastMessageId is empty: there is nothing to follow.
    let server = MockServer::start().await;
    page_for(&server, None, json(200, page_json("", true, &["a1"]))).await;
    let results: Vec<_> = client(&server).conversations().get_messages(CONVERSATION_ID).into_stream().collect().await;
    // The one item, then the end: an empty cursor is not followed and is no error.
    assert!(matches!(results.as_slice(), [Ok(m)] if m.id == "a1"), "{results:?}");
    assert_eq!(queries(&server).await, vec![String::new()], "no request with `lastMessageId=`");
}

#[tokio::test]
async fn an_error_in_the_middle_is_yielded_and_ends_the_stream() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, page_json("c1", true, &["a1", "a2"]))).await;
    page_for(
        &server,
        Some("c1"),
        ResponseTemplate::new(500).set_body_string("boom").insert_header("x-request-id", "mid"),
    )
    .await;
    // Never reached.
    page_for(&server, Some("c2"), json(200, page_json("c3", false, &["z"]))).await;

    let client = client_no_retry(&server);
    let mut items = client.conversations().get_messages(CONVERSATION_ID).limit(2).into_stream();
    assert_eq!(items.next().await.expect("item").expect("ok").id, "a1");
    assert_eq!(items.next().await.expect("item").expect("ok").id, "a2");
    match items.next().await {
        Some(Err(err @ Error::UnexpectedStatus { .. })) => {
            assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
            assert_eq!(err.raw_body(), Some(&b"boom"[..]));
            assert_eq!(err.headers().and_then(|h| h.get("x-request-id")).map(|v| v.as_bytes()), Some(&b"mid"[..]));
        }
        other => panic!("expected the 500, got {other:?}"),
    }
    assert!(items.next().await.is_none(), "the stream ends after the error");
    assert_eq!(queries(&server).await, vec!["limit=2".to_owned(), "lastMessageId=c1&limit=2".to_owned()]);
}

#[tokio::test]
async fn a_documented_error_or_bad_body_in_the_middle_ends_into_pages() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, page_json("c1", true, &["a1"]))).await;
    page_for(&server, Some("c1"), json(422, golden("error_422.page_example.json"))).await;
    let client_422 = client(&server);
    let mut pages = client_422.conversations().get_messages(CONVERSATION_ID).into_pages();
    assert!(matches!(pages.next().await, Some(Ok(_))));
    match pages.next().await {
        Some(Err(Error::Api { response, body: GetMessagesError::UnprocessableEntity(_), .. })) => {
            assert_eq!(response.status.as_u16(), 422)
        }
        other => panic!("expected the 422, got {other:?}"),
    }
    assert!(pages.next().await.is_none());
    drop(pages);

    let server = MockServer::start().await;
    page_for(&server, None, json(200, page_json("c1", true, &["a1"]))).await;
    page_for(&server, Some("c1"), json(200, r#"{"lastMessageId":"c2","nextPage":true,"messages":[{"id":5}]}"#)).await;
    let results: Vec<_> = client(&server).conversations().get_messages(CONVERSATION_ID).into_stream().collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().map(|m| m.id.as_str()).ok(), Some("a1"));
    match &results[1] {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "messages[0].id"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn a_429_with_retry_after_0_then_200_succeeds_with_two_requests() {
    let server = failing_then_ok(1, ResponseTemplate::new(429).insert_header("Retry-After", "0")).await;
    let page = client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .limit(10)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(openapi_client_runtime::Response::status(&page).as_u16(), 200);
    assert_eq!(page.last_message_id, "msg-099");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    // The retry is the same request.
    for request in &requests {
        assert_eq!(raw_query(request), "limit=10");
        assert_eq!(header(request, "authorization"), Some("Bearer test-token-0001"));
        assert_eq!(header(request, "version"), Some("2021-07-28"));
    }
}

#[tokio::test]
async fn retry_after_is_obeyed_and_capped() {
    // The backoff is at most 5 ms, so a wait of at least 50 ms can only come from Retry-After
    // (1 s, capped here to 50 ms by max_retry_after).
    let server = failing_then_ok(1, ResponseTemplate::new(429).insert_header("Retry-After", "1")).await;
    let client = client_with(&server, TOKEN, fast_retry().max_retry_after(Duration::from_millis(50)));
    let started = Instant::now();
    client.conversations().get_messages(CONVERSATION_ID).send().await.expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(50), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(900), "Retry-After is capped: {elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn two_503_then_200_succeeds_with_three_requests() {
    let server = failing_then_ok(2, ResponseTemplate::new(503)).await;
    let page =
        client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("the second retry succeeds");
    assert_eq!(openapi_client_runtime::Response::status(&page).as_u16(), 200);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in [408u16, 429, 500, 502, 503, 504] {
        let server = failing_then_ok(1, ResponseTemplate::new(status)).await;
        client(&server)
            .conversations()
            .get_messages(CONVERSATION_ID)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(received(&server).await.len(), 2, "{status}");
    }
}

#[tokio::test]
async fn retries_exhausted_is_the_last_unexpected_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy").insert_header("x-attempt", "any"))
        .mount(&server)
        .await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("always 503");
    match &err {
        Error::UnexpectedStatus { response, body, .. } => {
            assert_eq!(response.status.as_u16(), 503);
            assert_eq!(&body[..], b"busy");
            assert_eq!(response.headers.get("x-attempt").map(|v| v.as_bytes()), Some(&b"any"[..]));
        }
        other => panic!("expected UnexpectedStatus 503, got {other:?}"),
    }
    // The default policy: 1 attempt + 2 retries.
    assert_eq!(received(&server).await.len(), 3);

    // max_retries on the builder changes only the count.
    server.reset().await;
    Mock::given(method("GET")).and(path(messages_path())).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = builder_with(&server, TOKEN, fast_retry()).max_retries(4).build().unwrap();
    let err = client.conversations().get_messages(CONVERSATION_ID).send().await.expect_err("always 503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 5);
}

#[tokio::test]
async fn retry_policy_none_sends_one_request() {
    let server = failing_then_ok(1, ResponseTemplate::new(503)).await;
    let err =
        client_no_retry(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("no retry");
    assert!(matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == 503), "{err:?}");
    assert_eq!(received(&server).await.len(), 1);

    let server = failing_then_ok(1, ResponseTemplate::new(429).insert_header("Retry-After", "0")).await;
    let client = Client::builder().bearer_token(TOKEN).base_url(server.uri()).max_retries(0).build().unwrap();
    let err = client.conversations().get_messages(CONVERSATION_ID).send().await.expect_err("no retry");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for (status, body) in [
        (400u16, golden("error_400.page_example.json")),
        (401, golden("error_401.page_example.json")),
        (422, golden("error_422.page_example.json")),
        (403, b"forbidden".to_vec()),
        (404, b"not found".to_vec()),
        (501, b"not implemented".to_vec()),
    ] {
        let server = failing_then_ok(1, json(status, body)).await;
        let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("final");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(received(&server).await.len(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn get_message_is_retried_too() {
    let ok = json(200, golden("get_message.minimal.json"));
    let server = failing_then(&message_path(), 2, ResponseTemplate::new(502), ok).await;
    let message = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("retried to success");
    assert_eq!(message.id, "msg-minimal-1");
    assert_eq!(received(&server).await.len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Timeouts and transport failures

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(messages_path()))
        .respond_with(json(200, golden("get_messages.last_page_empty.json")).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    let client = client_no_retry(&server);
    let started = Instant::now();
    let err = client
        .conversations()
        .get_messages(CONVERSATION_ID)
        .timeout(Duration::from_millis(50))
        .send()
        .await
        .expect_err("too slow");
    assert!(started.elapsed() < Duration::from_millis(450), "{:?}", started.elapsed());
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Timeout { after } if after == Duration::from_millis(50)), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(err.to_string(), "request timed out after 50ms");
    assert_eq!(received(&server).await.len(), 1);

    // The client-wide timeout applies when the call sets none.
    let client = builder_with(&server, TOKEN, RetryPolicy::none()).timeout(Duration::from_millis(40)).build().unwrap();
    let err = client.conversations().get_messages(CONVERSATION_ID).send().await.expect_err("too slow");
    assert!(matches!(err, Error::Timeout { after } if after == Duration::from_millis(40)), "{err:?}");
}

#[tokio::test]
async fn timeouts_are_retried() {
    // Always slow: 1 attempt + 2 retries, each timing out.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(message_path()))
        .respond_with(json(200, golden("get_message.minimal.json")).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let err = client(&server)
        .conversations()
        .get_message(MESSAGE_ID)
        .timeout(Duration::from_millis(30))
        .send()
        .await
        .expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(received(&server).await.len(), 3);

    // Slow once, then fast: the retry succeeds.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(message_path()))
        .respond_with(json(200, golden("get_message.minimal.json")).set_delay(Duration::from_millis(300)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(message_path()))
        .respond_with(json(200, golden("get_message.minimal.json")))
        .mount(&server)
        .await;
    let message = client(&server)
        .conversations()
        .get_message(MESSAGE_ID)
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .expect("the retry is fast");
    assert_eq!(message.id, "msg-minimal-1");
    assert_eq!(received(&server).await.len(), 2);
}

#[derive(Debug)]
struct Hangup;

impl std::fmt::Display for Hangup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the mock server hangs up")
    }
}

impl std::error::Error for Hangup {}

#[tokio::test]
async fn a_connection_closed_without_response_is_a_transport_error() {
    // wiremock closes the connection without an HTTP response.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(messages_path()))
        .respond_with_err(|_: &wiremock::Request| Hangup)
        .mount(&server)
        .await;
    let err =
        client_no_retry(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("no response");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(!err.is_timeout());
    assert!(err.to_string().starts_with("transport error: "), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn transport_errors_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(messages_path()))
        .respond_with_err(|_: &wiremock::Request| Hangup)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(messages_path()))
        .respond_with(json(200, golden("get_messages.last_page_empty.json")))
        .mount(&server)
        .await;
    let page = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("the retry succeeds");
    assert!(!page.next_page);
    assert_eq!(received(&server).await.len(), 2);
}
