//! The shapes the live API is reported to send besides the documented ones
//! (`spec/overlays/live-api.yaml`), through the client against a real HTTP server: the page wrapped in
//! `messages` (D30), the message wrapped in `message` next to a `traceId` (D31) with `meta.call` (D32)
//! and without `contentType` (D33). Expected values are written by hand from `tests/golden/README.md`.
//! The wrapped shapes decode through `x-envelope`: the documented type is the type whichever shape
//! arrived, and what only the envelope carries is on the response.

mod mock_support;

use futures::TryStreamExt;
use leadconnector::types::{CallDuration, CallStatus, Message, MessageDirection, MessageStatus, MessageType};
use mock_support::*;
use wiremock::MockServer;

/// The `traceId` of `get_message.wrapped_call.json`.
const TRACE_ID: &str = "3f2b9c4e-8a71-4d0c-9e55-1b6a2f7d0c93";

/// `msg-nested-1` … `msg-nested-3` of `tests/golden/README.md`, field by field.
fn assert_nested_message(m: &Message) {
    assert_eq!(
        (m.location_id.as_str(), m.contact_id.as_str(), m.conversation_id.as_str()),
        ("loc-nested", "contact-nested", "conv-nested")
    );
    assert_eq!(m.content_type.as_deref(), Some("text/plain"));
    assert_eq!((&m.alt_id, &m.attachments, &m.source, &m.user_id), (&None, &None, &None, &None));
    assert!(m.additional_properties.is_empty());
    match m.id.as_str() {
        "msg-nested-1" => {
            assert_eq!((m.r#type, &m.message_type), (2, &MessageType::TypeSms));
            assert_eq!(m.date_added, "2025-07-01T09:30:00.000Z");
            assert_eq!(m.body.as_deref(), Some("First of the wrapped page"));
            assert_eq!(m.direction, MessageDirection::Outbound);
            assert_eq!(m.status, Some(MessageStatus::Delivered));
            assert_eq!(m.meta, None);
        }
        "msg-nested-2" => {
            assert_eq!((m.r#type, &m.message_type), (1, &MessageType::TypeCall));
            assert_eq!(m.date_added, "2025-07-01T09:31:00.000Z");
            assert_eq!(m.body, None);
            assert_eq!(m.direction, MessageDirection::Inbound);
            assert_eq!(m.status, Some(MessageStatus::Connected));
            let meta = m.meta.as_ref().expect("meta");
            assert_eq!(meta.call_duration, Some(CallDuration::Integer(45)));
            assert_eq!(meta.call_status, Some(CallStatus::Completed));
            assert_eq!(meta.call, None);
        }
        "msg-nested-3" => {
            assert_eq!((m.r#type, &m.message_type), (2, &MessageType::TypeSms));
            assert_eq!(m.date_added, "2025-07-01T09:40:00.000Z");
            assert_eq!(m.body.as_deref(), Some("Last of the wrapped pages"));
            assert_eq!(m.direction, MessageDirection::Inbound);
            assert_eq!(m.status, None);
            assert_eq!(m.meta, None);
        }
        other => panic!("unexpected message {other}"),
    }
}

#[tokio::test]
async fn the_nested_page_decodes_as_the_documented_page() {
    let server = serve_messages(json(200, golden("get_messages.nested_page.json"))).await;
    let page =
        client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("the wrapped page decodes");

    assert_eq!(openapi_client_runtime::Response::status(&page).as_u16(), 200);
    // The page's envelope holds nothing besides the page.
    assert_eq!(openapi_client_runtime::Response::envelope(&page).map(|e| e.len()), Some(0));
    assert_eq!(page.last_message_id, "msg-nested-2");
    assert!(page.next_page);
    assert!(page.additional_properties.is_empty());
    let ids: Vec<&str> = page.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["msg-nested-1", "msg-nested-2"]);
    page.messages.iter().for_each(assert_nested_message);
}

#[tokio::test]
async fn the_flat_page_has_no_envelope() {
    let server = serve_messages(json(200, golden("get_messages.page_example.json"))).await;
    let page =
        client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("the flat page decodes");

    assert_eq!(openapi_client_runtime::Response::status(&page).as_u16(), 200);
    assert!(openapi_client_runtime::Response::envelope(&page).is_none(), "the flat shape has no envelope");
    assert_eq!(page.last_message_id, "p1mRSHeLDhAms5q0LMr4");
    assert!(page.next_page);
    let ids: Vec<&str> = page.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["ve9EPM428h8vShlRW1KT"]);
}

#[tokio::test]
async fn nested_pages_paginate() {
    let server = MockServer::start().await;
    page_for(&server, None, json(200, golden("get_messages.nested_page.json"))).await;
    page_for(&server, Some("msg-nested-2"), json(200, golden("get_messages.nested_last_page.json"))).await;

    let messages: Vec<Message> = client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .into_stream()
        .try_collect()
        .await
        .expect("both wrapped pages decode");

    let ids: Vec<&str> = messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["msg-nested-1", "msg-nested-2", "msg-nested-3"]);
    messages.iter().for_each(assert_nested_message);
    assert_eq!(queries(&server).await, ["", "lastMessageId=msg-nested-2"]);
}

#[tokio::test]
async fn the_wrapped_call_message_decodes_with_meta_call_kept() {
    let server = serve_message(json(200, golden("get_message.wrapped_call.json"))).await;
    let response =
        client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("the wrapped message decodes");

    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200);
    let m = &*response;
    assert_eq!(m.id, "msg-wrapped-call-1");
    assert_eq!((m.r#type, &m.message_type), (1, &MessageType::TypeCall));
    assert_eq!(
        (m.location_id.as_str(), m.contact_id.as_str(), m.conversation_id.as_str()),
        ("loc-wrapped", "contact-wrapped", "conv-wrapped")
    );
    assert_eq!(m.date_added, "2025-11-04T15:02:11.000Z");
    assert_eq!(m.direction, MessageDirection::Outbound);
    assert_eq!(m.status, Some(MessageStatus::Connected));
    assert_eq!(m.attachments, Some(vec![]));
    assert_eq!(m.user_id.as_deref(), Some("user-wrapped"));
    // D33: no contentType.
    assert_eq!(m.content_type, None);
    // D32: the call data under `meta.call`, typed.
    let meta = m.meta.as_ref().expect("meta");
    let call = meta.call.as_ref().expect("meta.call");
    assert_eq!(call.duration, Some(CallDuration::Integer(37)));
    assert_eq!(call.status, Some(CallStatus::Completed));
    assert_eq!((&meta.call_duration, &meta.call_status), (&None, &None));
    // D31: the envelope's `traceId` belongs to the response, not to the message.
    assert!(m.additional_properties.is_empty());
    let envelope = openapi_client_runtime::Response::envelope(&response).expect("the message arrived wrapped");
    assert_eq!(envelope.len(), 1);
    assert_eq!(envelope.get("traceId"), Some(&serde_json::json!(TRACE_ID)));
}

#[tokio::test]
async fn a_flat_message_with_meta_call_and_without_content_type_decodes_now() {
    let server = serve_message(json(200, golden("get_message.meta_call.json"))).await;
    let response = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("200 decodes");
    assert!(openapi_client_runtime::Response::envelope(&response).is_none(), "the flat shape has no envelope");
    let m = openapi_client_runtime::Response::into_inner(response);
    assert_eq!(m.id, "msg-meta-call-1");
    let call = m.meta.as_ref().and_then(|meta| meta.call.as_ref()).expect("meta.call");
    assert_eq!(
        (call.duration.clone(), call.status.clone()),
        (Some(CallDuration::Integer(120)), Some(CallStatus::NoAnswer))
    );

    let server = serve_message(json(200, golden("get_message.no_content_type.json"))).await;
    let response = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("200 decodes");
    assert!(openapi_client_runtime::Response::envelope(&response).is_none(), "the flat shape has no envelope");
    let m = openapi_client_runtime::Response::into_inner(response);
    assert_eq!(m.id, "msg-no-content-type-1");
    assert_eq!(m.content_type, None);
    assert_eq!(m.body.as_deref(), Some("No contentType here"));
}

#[tokio::test]
async fn a_wrapped_message_that_does_not_match_names_the_path_inside_the_envelope() {
    let mut body: serde_json::Value = serde_json::from_slice(&golden("get_message.wrapped_call.json")).expect("golden");
    body["message"]["direction"] = serde_json::json!(42);
    let server = serve_message(json(200, body.to_string())).await;
    match client(&server).conversations().get_message(MESSAGE_ID).send().await {
        Err(leadconnector::Error::Decode { response, path, .. }) => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(path, "message.direction");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wrapped_page_that_does_not_match_names_the_path_inside_the_envelope() {
    let mut body: serde_json::Value = serde_json::from_slice(&golden("get_messages.nested_page.json")).expect("golden");
    body["messages"]["messages"][1]["direction"] = serde_json::json!(42);
    let server = serve_messages(json(200, body.to_string())).await;
    match client(&server).conversations().get_messages(CONVERSATION_ID).send().await {
        Err(leadconnector::Error::Decode { response, path, .. }) => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(path, "messages.messages[1].direction");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
