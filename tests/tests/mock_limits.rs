//! What bounds a call: the overall deadline (across attempts and `Retry-After` waits), the retry
//! budget, and the response-size cap. Also that calls and streams are owned (`Send + 'static`) and
//! that one crate-level error carries every operation's.

mod mock_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use leadconnector::conversations::GetMessagesError;
use leadconnector::{ApiError, Client, Error, OperationError, RetryPolicy};
use mock_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A test client for `server` with the given deadline and retry policy.
fn limited_client(server: &MockServer, deadline: Duration, retry: RetryPolicy) -> Client {
    builder_with(server, TOKEN, retry).deadline(deadline).build().expect("the test client builds")
}

/// The page's example message, after `delay`.
fn slow_message(delay: Duration) -> ResponseTemplate {
    json(200, golden("get_message.page_example.json")).set_delay(delay)
}

/// The one deadline rule, first way: the wait before the next retry (here the server's
/// `Retry-After`) reaches past the deadline, so the retry is not made and the call ends at once
/// with `DeadlineExceeded`, keeping the response whose retry did not fit.
#[tokio::test]
async fn a_retry_after_longer_than_the_deadline_ends_the_call_at_once_keeping_the_response() {
    let server = serve_message(
        ResponseTemplate::new(503)
            .insert_header("Retry-After", "5")
            .insert_header("x-trace", "t1")
            .set_body_string("busy"),
    )
    .await;
    let retry = fast_retry().max_retries(5).max_retry_after(Duration::from_secs(60));
    // The 5 s wait cannot fit in the 3 s deadline, so the client stops at once: well before the
    // deadline itself runs out.
    let client = limited_client(&server, Duration::from_secs(3), retry);
    let started = Instant::now();
    let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("503");
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    match &err {
        Error::DeadlineExceeded { after, last_response: Some(response), last_body } => {
            assert_eq!(*after, Duration::from_secs(3));
            assert_eq!(response.status.as_u16(), 503);
            assert_eq!(response.headers.get("retry-after").map(|v| v.as_bytes()), Some(&b"5"[..]));
            assert_eq!(&last_body[..], b"busy");
        }
        other => panic!("expected DeadlineExceeded with the 503, got {other:?}"),
    }
    assert!(err.is_timeout());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.headers().and_then(|h| h.get("x-trace")).map(|v| v.as_bytes()), Some(&b"t1"[..]));
    assert_eq!(err.raw_body(), Some(&b"busy"[..]));
    assert_eq!(
        err.to_string(),
        "the call's deadline of 3s ran out (the last response was HTTP 503 Service Unavailable)"
    );
    assert_eq!(received(&server).await.len(), 1, "a retry that cannot start in time is not sent");
}

/// Without retries left, the deadline is not why the call ended: the 503 is the answer.
#[tokio::test]
async fn a_retry_after_past_the_deadline_without_retries_left_is_the_response_itself() {
    let server =
        serve_message(ResponseTemplate::new(503).insert_header("Retry-After", "5").set_body_string("busy")).await;
    let client = limited_client(&server, Duration::from_secs(3), RetryPolicy::none());
    let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("503");
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert!(!err.is_timeout());
    assert_eq!(err.raw_body(), Some(&b"busy"[..]));
}

#[tokio::test]
async fn the_deadline_cuts_a_slow_attempt_even_when_the_attempt_timeout_is_longer() {
    let server = serve_message(slow_message(Duration::from_secs(3))).await;
    let client = limited_client(&server, Duration::from_millis(300), fast_retry());
    let started = Instant::now();
    let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("deadline");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(1500), "{elapsed:?}");
    match &err {
        Error::DeadlineExceeded { after, last_response, last_body } => {
            assert_eq!(*after, Duration::from_millis(300));
            assert!(last_response.is_none(), "no response arrived: {last_response:?}");
            assert!(last_body.is_empty());
        }
        other => panic!("expected DeadlineExceeded, got {other:?}"),
    }
    assert!(err.is_timeout());
    assert_eq!(err.to_string(), "the call's deadline of 300ms ran out");
}

/// The one deadline rule, second way: the deadline runs out during an attempt (here the retry
/// after a 503); the error keeps the last response that arrived, the 503, whole.
#[tokio::test]
async fn the_deadline_spans_retries_and_keeps_the_last_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "0")
                .insert_header("x-trace", "t2")
                .set_body_string("later"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(slow_message(Duration::from_secs(3))).mount(&server).await;
    let client = limited_client(&server, Duration::from_millis(400), fast_retry());
    let started = Instant::now();
    let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("deadline");
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    assert!(matches!(err, Error::DeadlineExceeded { .. }), "{err:?}");
    assert!(err.is_timeout());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "the last response's status is kept");
    assert_eq!(err.headers().and_then(|h| h.get("x-trace")).map(|v| v.as_bytes()), Some(&b"t2"[..]));
    assert_eq!(err.raw_body(), Some(&b"later"[..]));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_per_call_deadline_overrides_the_clients() {
    let server = serve_message(slow_message(Duration::from_millis(400))).await;
    let client = limited_client(&server, Duration::from_millis(100), fast_retry());
    let message = client.conversations().get_message(MESSAGE_ID).deadline(Duration::from_secs(5)).send().await;
    assert!(message.is_ok(), "{message:?}");
    let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("the client's 100 ms deadline");
    assert!(matches!(err, Error::DeadlineExceeded { .. }), "{err:?}");
}

#[tokio::test]
async fn the_retry_budget_stops_retries_in_an_outage() {
    let server = serve_message(ResponseTemplate::new(503)).await;
    // Room for exactly one retry (5 tokens).
    let client = limited_client(&server, Duration::from_secs(5), fast_retry().retry_budget(5));
    for _ in 0..3 {
        let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("503");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    }
    assert_eq!(received(&server).await.len(), 4, "1 + 1 retry, then one attempt per call");
}

/// A server on 127.0.0.1 that answers every connection with status 200.
///
/// Without `announce_length`, it sends `total` bytes of JSON whitespace, chunked (no length), counting
/// what it managed to write before the client hung up. With `announce_length`, it sends only the
/// headers, with `content-length: total`, and then stalls forever without sending a byte of the
/// body: only a client that refuses on the header alone gets an answer.
async fn endless_body_server(total: usize, announce_length: bool) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let written = Arc::new(AtomicUsize::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = if announce_length {
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {total}\r\n\r\n")
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_owned()
                };
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                if announce_length {
                    // Keep the connection open, and never send the body.
                    let _socket = socket;
                    std::future::pending::<()>().await;
                    return;
                }
                let block = vec![b' '; 64 * 1024];
                let mut sent = 0;
                while sent < total {
                    let mut chunk = format!("{:x}\r\n", block.len()).into_bytes();
                    chunk.extend_from_slice(&block);
                    chunk.extend_from_slice(b"\r\n");
                    if socket.write_all(&chunk).await.is_err() {
                        return;
                    }
                    sent += block.len();
                    counter.store(sent, Ordering::SeqCst);
                }
            });
        }
    });
    (format!("http://{address}"), written)
}

const MIB: usize = 1024 * 1024;

/// A client for `base_url` that accepts bodies of at most 1 MiB and never retries.
fn one_mib_client(base_url: String) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token("test-token")
        .max_response_bytes(MIB)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_100_mib_body_is_refused_after_the_limit_without_reading_it_all() {
    let (base_url, written) = endless_body_server(100 * MIB, false).await;
    let client = one_mib_client(base_url);
    let err = client.conversations().get_message(MESSAGE_ID).send().await.expect_err("too large");
    match &err {
        Error::ResponseTooLarge { response, limit, .. } => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(*limit, MIB);
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(err.to_string().contains("larger than the limit of 1048576 bytes"), "{err}");
    // Give the server a moment to notice the closed connection, then look at how far it got: the
    // client read 1 MiB; the rest is at most what the loopback socket buffers held.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = written.load(Ordering::SeqCst);
    assert!(sent < 24 * MIB, "the server wrote {} MiB of 100 before the client stopped", sent / MIB);
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading() {
    // The server sends the headers, announcing 100 MiB, and then stalls: a client that waited for the
    // body would hang until the timeout below, so only a refusal on the header passes.
    let (base_url, _) = endless_body_server(100 * MIB, true).await;
    let client = one_mib_client(base_url);
    let started = Instant::now();
    let err = tokio::time::timeout(Duration::from_secs(5), client.conversations().get_messages(CONVERSATION_ID).send())
        .await
        .expect("refused on the announced length, without waiting for the body")
        .expect_err("too large");
    match &err {
        Error::ResponseTooLarge { response, limit, .. } => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(*limit, MIB);
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn calls_and_streams_are_owned_and_can_be_spawned() {
    let server = serve_message(json(200, golden("get_message.page_example.json"))).await;
    page_for(&server, None, json(200, page_json("m2", false, &["m1", "m2"]))).await;
    let client = client(&server);
    let call = tokio::spawn(client.conversations().get_message(MESSAGE_ID).send());
    let stream = client.conversations().get_messages(CONVERSATION_ID).into_stream();
    let walk = tokio::spawn(async move { stream.try_collect::<Vec<_>>().await });
    drop(client);
    let message = call.await.expect("joined").expect("decoded");
    assert_eq!(message.id, MESSAGE_ID);
    let ids: Vec<String> = walk.await.expect("joined").expect("walked").into_iter().map(|m| m.id).collect();
    assert_eq!(ids, ["m1", "m2"]);
}

/// A consumer's function that calls two operations and uses `?` on both.
async fn first_message_of(client: &Client, conversation: &str) -> Result<String, ApiError> {
    let page = client.conversations().get_messages(conversation).limit(1).send().await?;
    let first = page.messages.first().map(|m| m.id.clone()).unwrap_or_default();
    let message = client.conversations().get_message(first).send().await?;
    Ok(openapi_client_runtime::Response::into_inner(message).id)
}

#[tokio::test]
async fn one_crate_level_error_carries_every_operations_error() {
    let server = serve_messages(json(200, page_json("m1", false, &[MESSAGE_ID]))).await;
    Mock::given(method("GET"))
        .and(path(message_path()))
        .respond_with(json(400, golden("error_400.page_example.json")))
        .mount(&server)
        .await;
    let err = first_message_of(&client(&server), CONVERSATION_ID).await.expect_err("400 from getMessage");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    // getMessage documents no error status: an undocumented one keeps status and body.
    assert!(matches!(&*err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_eq!(err.raw_body(), Some(&golden("error_400.page_example.json")[..]));
    assert!(err.to_string().starts_with("undocumented HTTP status 400"), "{err}");

    let server = serve_messages(json(422, golden("error_422.page_example.json"))).await;
    let err = first_message_of(&client(&server), CONVERSATION_ID).await.expect_err("422 from getMessages");
    match err.into_inner() {
        Error::Api {
            body: OperationError::ConversationsGetMessages(GetMessagesError::UnprocessableEntity(_)), ..
        } => {}
        other => panic!("expected getMessages' 422, got {other:?}"),
    }
}
