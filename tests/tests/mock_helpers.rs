//! The test support a consumer team gets with the `mock` feature: constructors for every type and
//! `mock::MockServer`, which answers each operation matched as the client sends it. Every operation
//! is mocked here with a typed success, a documented error (where it has one), an undocumented status
//! and a delay; the expected values are written by hand.

mod mock_support;

use std::time::{Duration, Instant};

use futures::TryStreamExt;
use leadconnector::conversations::GetMessagesError;
use leadconnector::mock::{self, MockServer};
use leadconnector::types::{
    BadRequestError, GetMessagesResponse, Message, MessageDirection, MessageType, MessageTypeFilter,
    UnprocessableEntityError,
};
use leadconnector::{Client, Error};
// Explicit: `leadconnector::mock::MockServer` is the server here, not wiremock's.
use mock_support::fast_retry;

/// A message with the required fields of the pages and the id `id`.
fn message(id: &str, body: Option<&str>) -> Message {
    let mut m = Message::new(
        id.into(),
        2,
        MessageType::TypeSms,
        "loc-1".into(),
        "contact-1".into(),
        "conv-1".into(),
        "2025-07-01T09:30:00.000Z".into(),
        MessageDirection::Inbound,
    );
    m.body = body.map(Into::into);
    m
}

fn page(last: &str, next_page: bool, messages: Vec<Message>) -> GetMessagesResponse {
    GetMessagesResponse::new(last.into(), next_page, messages)
}

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = mock::client_builder(&server).max_retries(0).build().expect("the mock client builds");
    (server, client)
}

#[tokio::test]
async fn get_messages_answers_the_typed_page_for_exactly_the_call_mocked() {
    let (server, client) = server_and_client().await;
    let sent = page("msg-2", false, vec![message("msg-1", Some("hello")), message("msg-2", None)]);
    let mocked = server
        .on(client.conversations().get_messages("conv-1").limit(2).r#type(vec![MessageTypeFilter::TypeSms]))
        .respond(sent.clone())
        .await;

    let got = client
        .conversations()
        .get_messages("conv-1")
        .limit(2)
        .r#type(vec![MessageTypeFilter::TypeSms])
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(openapi_client_runtime::Response::status(&got).as_u16(), 200);
    assert_eq!(openapi_client_runtime::Response::into_inner(got), sent);
    assert_eq!(mocked.calls().await, 1);

    // Another limit, another filter, another conversation: not the mocked call (wiremock answers 404).
    for other in [
        client.conversations().get_messages("conv-1").limit(3).r#type(vec![MessageTypeFilter::TypeSms]),
        client.conversations().get_messages("conv-1").limit(2),
        client.conversations().get_messages("conv-2").limit(2).r#type(vec![MessageTypeFilter::TypeSms]),
    ] {
        let err = other.send().await.expect_err("not mocked");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    }
    assert_eq!(mocked.calls().await, 1);
}

#[tokio::test]
async fn get_messages_pages_through_two_mocked_pages() {
    let (server, client) = server_and_client().await;
    server
        .on(client.conversations().get_messages("conv-1"))
        .respond(page("msg-2", true, vec![message("msg-1", None), message("msg-2", None)]))
        .await;
    let second = server
        .on(client.conversations().get_messages("conv-1").last_message_id("msg-2"))
        .expect(1)
        .respond(page("msg-3", false, vec![message("msg-3", None)]))
        .await;

    let ids: Vec<String> = client
        .conversations()
        .get_messages("conv-1")
        .into_stream()
        .map_ok(|m| m.id)
        .try_collect()
        .await
        .expect("both pages");
    assert_eq!(ids, ["msg-1", "msg-2", "msg-3"]);
    assert_eq!(second.calls().await, 1);
}

#[tokio::test]
async fn get_messages_answers_each_documented_error_with_its_status_and_body() {
    let (server, client) = server_and_client().await;
    let mut bad = BadRequestError::new();
    bad.message = Some("limit must be at most 100".into());
    bad.status_code = Some(400);
    server
        .on(client.conversations().get_messages("conv-400"))
        .respond_error(GetMessagesError::BadRequest(Box::new(bad.clone())))
        .await;
    let mut invalid = UnprocessableEntityError::new();
    invalid.message = Some(vec!["conversationId must be a string".into()]);
    server
        .on(client.conversations().get_messages("conv-422"))
        .respond_error(GetMessagesError::UnprocessableEntity(Box::new(invalid.clone())))
        .await;

    match client.conversations().get_messages("conv-400").send().await {
        Err(Error::Api { response, body: GetMessagesError::BadRequest(body), .. }) => {
            assert_eq!(response.status.as_u16(), 400);
            assert_eq!(*body, bad);
        }
        other => panic!("expected the documented 400, got {other:?}"),
    }
    match client.conversations().get_messages("conv-422").send().await {
        Err(Error::Api { response, body: GetMessagesError::UnprocessableEntity(body), .. }) => {
            assert_eq!(response.status.as_u16(), 422);
            assert_eq!(*body, invalid);
        }
        other => panic!("expected the documented 422, got {other:?}"),
    }
}

#[tokio::test]
async fn get_messages_answers_an_undocumented_status_and_the_client_retries_it() {
    let server = MockServer::start().await;
    // Retries as by default (2 of them), but without waiting long.
    let client = mock::client_builder(&server).retry_policy(fast_retry()).build().expect("builds");
    let mocked = server
        .on(client.conversations().get_messages("conv-1"))
        .expect(3)
        .respond_status(503, "<html>down</html>")
        .await;

    match client.conversations().get_messages("conv-1").send().await {
        Err(Error::UnexpectedStatus { response, body, .. }) => {
            assert_eq!(response.status.as_u16(), 503);
            assert_eq!(&body[..], b"<html>down</html>");
        }
        other => panic!("expected the undocumented 503, got {other:?}"),
    }
    assert_eq!(mocked.calls().await, 3, "the first attempt and two retries");
}

#[tokio::test]
async fn get_messages_answers_late_and_the_deadline_fires() {
    let (server, client) = server_and_client().await;
    server
        .on(client.conversations().get_messages("conv-1"))
        .delay(Duration::from_secs(5))
        .respond(page("m", false, vec![]))
        .await;
    let started = Instant::now();
    let err = client
        .conversations()
        .get_messages("conv-1")
        .deadline(Duration::from_millis(200))
        .send()
        .await
        .expect_err("too late");
    assert!(matches!(err, Error::DeadlineExceeded { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn get_message_answers_the_typed_message_and_what_it_does_not_document() {
    let (server, client) = server_and_client().await;
    let mut sent = message("msg/1 ?", Some("hi"));
    sent.content_type = Some("text/plain".into());
    // The id goes into the path percent-encoded: the mock matches it as the client encodes it.
    let mocked = server.on(client.conversations().get_message("msg/1 ?")).expect(1).respond(sent.clone()).await;
    server.on(client.conversations().get_message("gone")).respond_status(404, r#"{"message":"not found"}"#).await;

    let got = client.conversations().get_message("msg/1 ?").send().await.expect("the mock answers");
    assert_eq!(openapi_client_runtime::Response::into_inner(got), sent);
    assert_eq!(mocked.calls().await, 1);
    let err =
        client.conversations().get_message("gone").send().await.expect_err("404 is not documented for getMessage");
    assert!(matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == 404), "{err:?}");
}

#[tokio::test]
async fn get_message_answers_after_the_mocked_delay() {
    let (server, client) = server_and_client().await;
    let sent = message("slow", Some("late but whole"));
    let mocked = server
        .on(client.conversations().get_message("slow"))
        .delay(Duration::from_millis(300))
        .respond(sent.clone())
        .await;

    let started = Instant::now();
    let got = client.conversations().get_message("slow").send().await.expect("the late answer still arrives");
    assert!(started.elapsed() >= Duration::from_millis(300), "answered after {:?}", started.elapsed());
    assert_eq!(openapi_client_runtime::Response::status(&got).as_u16(), 200);
    assert_eq!(openapi_client_runtime::Response::into_inner(got), sent);
    assert_eq!(mocked.calls().await, 1);
}

#[tokio::test]
#[should_panic(expected = "would not be sent by the client")]
async fn mocking_a_call_the_client_would_refuse_fails_the_test_at_once() {
    let (server, client) = server_and_client().await;
    // An empty path id is refused before sending: a mock for it could never be called.
    let _ = server.on(client.conversations().get_message("")).respond(message("m", None)).await;
}
