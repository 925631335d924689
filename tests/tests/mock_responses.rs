//! Responses from a real HTTP server (wiremock on 127.0.0.1) become the right typed result:
//! every operation × every documented status, undocumented statuses, bodies that do not match
//! their schema, and the rate-limit headers. Expected values are written by hand from
//! `tests/golden/README.md` and the reference pages.

mod expected;
mod mock_support;

use leadconnector::conversations::{GetMessageError, GetMessagesError};
use leadconnector::types::{
    BadRequestError, CallDuration, CallStatus, MessageDirection, MessageSource, MessageStatus, MessageType,
    UnauthorizedError, UnprocessableEntityError,
};
use leadconnector::Error;
use mock_support::*;
use serde_json::json;
use wiremock::ResponseTemplate;

const USER_ID: &str = "ve9EPM428kjkvShlRW1KT";

// ---------------------------------------------------------------------------------------------
// getMessages: 200

#[tokio::test]
async fn get_messages_200_list_page_example() {
    let server = serve_messages(json(200, golden("get_messages.page_example.json"))).await;
    let page = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("200 decodes");

    assert_eq!(openapi_client_runtime::Response::status(&page).as_u16(), 200);
    assert_eq!(page.last_message_id, "p1mRSHeLDhAms5q0LMr4");
    assert!(page.next_page);
    assert!(page.additional_properties.is_empty());
    assert_eq!(page.messages.len(), 1);
    let m = &page.messages[0];
    assert_eq!(m.id, MESSAGE_ID);
    assert_eq!(m.r#type, 1);
    // D8: "SMS" is not a listed value; it is kept exactly.
    assert!(m.message_type.is_unknown());
    assert_eq!(m.message_type.as_str(), "SMS");
    assert_eq!(
        (m.location_id.as_str(), m.contact_id.as_str(), m.conversation_id.as_str()),
        (MESSAGE_ID, MESSAGE_ID, MESSAGE_ID)
    );
    assert_eq!(m.date_added, "2024-03-27T18:13:49.000Z");
    assert_eq!(m.body.as_deref(), Some("Hi there"));
    assert_eq!(m.direction, MessageDirection::Inbound);
    assert_eq!(m.status, Some(MessageStatus::Connected));
    assert_eq!(m.content_type.as_deref(), Some("text/plain"));
    assert_eq!(m.attachments, Some(vec![]));
    let meta = m.meta.as_ref().expect("meta");
    // D4: the list page types callDuration as a string.
    assert_eq!(meta.call_duration, Some(CallDuration::String("120".into())));
    assert_eq!(meta.call_status, Some(CallStatus::Completed));
    assert_eq!(
        meta.email.as_ref().and_then(|e| e.message_ids.clone()),
        Some(vec![USER_ID.to_owned(), "ve9EPs1028kjkvShlRW1KT".to_owned()])
    );
    assert_eq!(m.source, Some(MessageSource::Workflow));
    assert_eq!(m.user_id.as_deref(), Some(USER_ID));
    assert_eq!(m.conversation_provider_id.as_deref(), Some(USER_ID));
    assert_eq!(m.alt_id, None);
    assert_eq!(m.chat_widget_id, None);
    assert!(m.additional_properties.is_empty());
}

#[tokio::test]
async fn get_messages_200_page_of_100() {
    let server = serve_messages(json(200, golden("get_messages.page_of_100.json"))).await;
    let page =
        client(&server).conversations().get_messages(CONVERSATION_ID).limit(100).send().await.expect("200 decodes");

    assert_eq!(openapi_client_runtime::Response::status(&page).as_u16(), 200);
    assert_eq!(page.last_message_id, "msg-099");
    assert!(page.next_page);
    assert_eq!(page.messages.len(), 100);
    // The pattern of tests/golden/README.md, message by message.
    for (i, m) in page.messages.iter().enumerate() {
        assert_eq!(m.id, format!("msg-{i:03}"));
        let (code, kind) = match i % 3 {
            0 => (2, MessageType::TypeSms),
            1 => (1, MessageType::TypeCall),
            _ => (3, MessageType::TypeEmail),
        };
        assert_eq!(m.r#type, code, "{}", m.id);
        assert_eq!(m.message_type, kind, "{}", m.id);
        assert_eq!(m.location_id, "loc-1");
        assert_eq!(m.contact_id, "contact-1");
        assert_eq!(m.conversation_id, "conv-1");
        assert_eq!(m.date_added, format!("2024-03-27T{:02}:{:02}:00.000Z", 18 + i / 60, i % 60));
        assert_eq!(m.body.as_deref(), Some(format!("Message {i}").as_str()));
        let direction = if i % 2 == 0 { MessageDirection::Inbound } else { MessageDirection::Outbound };
        assert_eq!(m.direction, direction, "{}", m.id);
        assert_eq!(m.content_type.as_deref(), Some("text/plain"));
        if i % 10 == 0 {
            let meta = m.meta.as_ref().unwrap_or_else(|| panic!("{} has meta", m.id));
            assert_eq!(meta.call_duration, Some(CallDuration::Integer(60)));
            assert_eq!(meta.call_status, None);
            assert_eq!(meta.email, None);
        } else {
            assert_eq!(m.meta, None, "{}", m.id);
        }
        assert_eq!((&m.status, &m.attachments, &m.source, &m.user_id), (&None, &None, &None, &None));
        assert_eq!((&m.alt_id, &m.chat_widget_id, &m.conversation_provider_id), (&None, &None, &None));
        assert!(m.additional_properties.is_empty());
    }
    // A few spot checks written out in full.
    assert_eq!(page.messages[59].date_added, "2024-03-27T18:59:00.000Z");
    assert_eq!(page.messages[60].date_added, "2024-03-27T19:00:00.000Z");
    assert_eq!(page.messages[99].date_added, "2024-03-27T19:39:00.000Z");
    let count = |t: MessageType| page.messages.iter().filter(|m| m.message_type == t).count();
    assert_eq!(
        (count(MessageType::TypeSms), count(MessageType::TypeCall), count(MessageType::TypeEmail)),
        (34, 33, 33)
    );
    assert_eq!(page.messages.iter().filter(|m| m.direction == MessageDirection::Inbound).count(), 50);
    assert_eq!(page.messages.iter().filter(|m| m.meta.is_some()).count(), 10);
}

#[tokio::test]
async fn get_messages_200_last_page_empty() {
    let server = serve_messages(json(200, golden("get_messages.last_page_empty.json"))).await;
    let page = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("200 decodes");
    assert_eq!(page.last_message_id, "msg-099");
    assert!(!page.next_page);
    assert!(page.messages.is_empty());
}

// ---------------------------------------------------------------------------------------------
// getMessages: the documented error statuses 400, 401, 422

#[tokio::test]
async fn get_messages_400_is_a_typed_bad_request() {
    let server =
        serve_messages(json(400, golden("error_400.page_example.json")).insert_header("x-request-id", "req-400")).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("400 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.headers().and_then(|h| h.get("x-request-id")).map(|v| v.as_bytes()), Some(&b"req-400"[..]));
    assert_eq!(err.raw_body(), None, "a documented error keeps its typed body");
    match &err {
        Error::Api { response, body: GetMessagesError::BadRequest(boxed), .. } => {
            let BadRequestError { status_code, message, additional_properties, .. } = &**boxed;
            assert_eq!(response.status.as_u16(), 400);
            assert_eq!(*status_code, Some(400));
            assert_eq!(message.as_deref(), Some("Bad Request"));
            assert!(additional_properties.is_empty());
        }
        other => panic!("expected Api/BadRequest, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.starts_with("HTTP 400 Bad Request: BadRequest("), "{text}");
    // Documented error statuses are final: no retry.
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn get_messages_401_is_a_typed_unauthorized() {
    let server = serve_messages(json(401, golden("error_401.page_example.json"))).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("401 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    match &err {
        Error::Api { response, body: GetMessagesError::Unauthorized(boxed), .. } => {
            let UnauthorizedError { status_code, message, error, additional_properties, .. } = &**boxed;
            assert_eq!(response.status.as_u16(), 401);
            assert_eq!(*status_code, Some(401));
            assert_eq!(message.as_deref(), Some("Invalid token: access token is invalid"));
            assert_eq!(error.as_deref(), Some("Unauthorized"));
            assert!(additional_properties.is_empty());
        }
        other => panic!("expected Api/Unauthorized, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn get_messages_422_is_a_typed_unprocessable_entity() {
    let server = serve_messages(json(422, golden("error_422.page_example.json"))).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("422 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    match &err {
        Error::Api { response, body: GetMessagesError::UnprocessableEntity(boxed), .. } => {
            let UnprocessableEntityError { status_code, message, error, additional_properties, .. } = &**boxed;
            assert_eq!(response.status.as_u16(), 422);
            assert_eq!(*status_code, Some(422));
            // D19: `message` is a list of strings on 422.
            assert_eq!(message.as_deref(), Some(&["Unprocessable Entity".to_owned()][..]));
            assert_eq!(error.as_deref(), Some("Unprocessable Entity"));
            assert!(additional_properties.is_empty());
        }
        other => panic!("expected Api/UnprocessableEntity, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn documented_error_bodies_keep_unknown_fields() {
    let body = json!({"statusCode": 400, "message": "limit must be a number", "traceId": "abc-123", "details": [1, 2]});
    let server = serve_messages(json(400, body.to_string())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("400");
    match err.api_body() {
        Some(GetMessagesError::BadRequest(b)) => {
            assert_eq!(b.message.as_deref(), Some("limit must be a number"));
            assert_eq!(b.additional_properties.get("traceId"), Some(&json!("abc-123")));
            assert_eq!(b.additional_properties.get("details"), Some(&json!([1, 2])));
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// getMessage: 200

#[tokio::test]
async fn get_message_200_single_page_example() {
    let server = serve_message(json(200, golden("get_message.page_example.json"))).await;
    let message = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("200 decodes");

    assert_eq!(openapi_client_runtime::Response::status(&message).as_u16(), 200);
    expected::assert_single_page_example(openapi_client_runtime::Response::body(&message));
}

#[tokio::test]
async fn get_message_200_unknown_enum_values_decode() {
    let server = serve_message(json(200, golden("get_message.unknown_enum_values.json"))).await;
    let m = openapi_client_runtime::Response::into_inner(
        client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("200 decodes"),
    );
    assert_eq!(m.id, "msg-unknown-enums-1");
    assert_eq!(m.r#type, 99);
    assert_eq!(m.message_type.as_str(), "TYPE_CARRIER_PIGEON");
    assert!(m.direction.is_unknown());
    assert_eq!(m.direction.as_str(), "sideways");
    assert_eq!(m.status.as_ref().map(|s| s.as_str()), Some("teleported"));
    assert_eq!(m.source.as_ref().map(|s| s.as_str()), Some("fax_gateway"));
    assert_eq!(m.meta.as_ref().and_then(|x| x.call_status.as_ref()).map(|s| s.as_str()), Some("on-hold"));
}

// ---------------------------------------------------------------------------------------------
// Undocumented statuses

#[tokio::test]
async fn get_messages_500_is_an_unexpected_status_with_headers_and_raw_body() {
    // Not valid UTF-8, not JSON: kept byte for byte.
    let body: &[u8] = b"upstream \xff\xfe exploded";
    let server = serve_messages(
        ResponseTemplate::new(500)
            .set_body_raw(body.to_vec(), "text/plain")
            .insert_header("x-request-id", "req-500-abc"),
    )
    .await;
    let err = client_no_retry(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .send()
        .await
        .expect_err("500 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.raw_body(), Some(body));
    assert!(err.api_body().is_none());
    match &err {
        Error::UnexpectedStatus { response, body: raw, .. } => {
            assert_eq!(response.status.as_u16(), 500);
            assert_eq!(response.headers.get("x-request-id").map(|v| v.as_bytes()), Some(&b"req-500-abc"[..]));
            assert_eq!(&raw[..], body);
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.starts_with("undocumented HTTP status 500 Internal Server Error, body: "), "{text}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn get_messages_404_is_an_unexpected_status() {
    let server = serve_messages(json(404, r#"{"statusCode":404,"message":"Conversation not found"}"#)).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("404 is an error");
    assert!(matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == 404), "{err:?}");
    assert_eq!(err.raw_body(), Some(&br#"{"statusCode":404,"message":"Conversation not found"}"#[..]));
    // 404 is not transient: one attempt.
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_undocumented_success_status_is_an_unexpected_status() {
    // Only 200 is documented: a 204 (or 201) is not silently taken for a page.
    let server = serve_messages(ResponseTemplate::new(204)).await;
    let err =
        client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("204 is undocumented");
    assert!(matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == 204), "{err:?}");
    assert_eq!(err.raw_body(), Some(&b""[..]));

    let server = serve_message(json(201, golden("get_message.minimal.json"))).await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("201 is undocumented");
    assert!(matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == 201), "{err:?}");
    assert_eq!(err.raw_body(), Some(&golden("get_message.minimal.json")[..]));
}

#[tokio::test]
async fn get_message_401_is_undocumented_and_keeps_the_raw_body() {
    // D11: getMessage documents no error response, so even the list page's 401 body is "unexpected".
    let body = golden("error_401.page_example.json");
    let server =
        serve_message(json(401, body.clone()).insert_header("www-authenticate", "Bearer realm=\"leadconnector\""))
            .await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("401 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    match &err {
        Error::UnexpectedStatus { response, body: raw, .. } => {
            assert_eq!(response.status.as_u16(), 401);
            assert_eq!(
                response.headers.get("www-authenticate").map(|v| v.as_bytes()),
                Some(&b"Bearer realm=\"leadconnector\""[..])
            );
            assert_eq!(&raw[..], &body[..]);
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    let _: Option<&GetMessageError> = err.api_body();
    assert!(err.api_body().is_none());
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn get_message_400_and_422_are_undocumented_too() {
    for (status, file) in [(400, "error_400.page_example.json"), (422, "error_422.page_example.json")] {
        let body = golden(file);
        let server = serve_message(json(status, body.clone())).await;
        let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("an error");
        assert!(
            matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == status),
            "{err:?}"
        );
        assert_eq!(err.raw_body(), Some(&body[..]));
    }
}

// ---------------------------------------------------------------------------------------------
// Bodies that do not match their schema: Error::Decode with status, JSON path and raw body

/// Asserts `err` is `Error::Decode` with this status and path, keeping `body`; returns the message.
fn assert_decode<E: std::fmt::Debug>(err: &Error<E>, status: u16, expected_path: &str, body: &[u8]) -> String {
    match err {
        Error::Decode { response, path, message, body: raw, .. } => {
            assert_eq!(response.status.as_u16(), status, "{err:?}");
            assert_eq!(path, expected_path, "{err:?}");
            assert_eq!(&raw[..], body, "the raw body is kept");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            assert_eq!(err.raw_body(), Some(body));
            message.clone()
        }
        other => panic!("expected Decode at `{expected_path}`, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_at_the_cut() {
    // Cut the list page's example inside the first message's `body` value ("Hi th|ere").
    let full = golden("get_messages.page_example.json");
    let text = std::str::from_utf8(&full).unwrap();
    let cut = text.find("\"Hi th").expect("the example has \"Hi there\"") + "\"Hi th".len();
    let truncated = full[..cut].to_vec();
    let server = serve_messages(json(200, truncated.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("truncated");
    let message = assert_decode(&err, 200, "messages[0].body", &truncated);
    assert!(message.contains("EOF"), "{message}");
    assert_eq!(
        err.to_string(),
        format!("the HTTP 200 OK response body does not match its schema at `messages[0].body`: {message}")
    );
}

#[tokio::test]
async fn truncated_json_of_a_single_message() {
    // Cut right after `"callDuration": 1` of the single page's example: the number ends with the
    // input, so `meta` is never closed. The error is raised inside `meta`, where the next key
    // should be; serde_path_to_error writes a key it could not read as `?`.
    let full = golden("get_message.page_example.json");
    let text = std::str::from_utf8(&full).unwrap();
    let cut = text.find("\"callDuration\": 1").unwrap() + "\"callDuration\": 1".len();
    let truncated = full[..cut].to_vec();
    let server = serve_message(json(200, truncated.clone())).await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("truncated");
    let message = assert_decode(&err, 200, "meta.?", &truncated);
    assert!(message.contains("EOF"), "{message}");
}

#[tokio::test]
async fn html_is_a_decode_error_at_the_root() {
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
    let server = serve_messages(ResponseTemplate::new(200).set_body_raw(html.clone(), "text/html")).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("html");
    assert_decode(&err, 200, ".", &html);
    assert_eq!(err.headers().and_then(|h| h.get("content-type")).map(|v| v.as_bytes()), Some(&b"text/html"[..]));

    // The same under a documented error status keeps that status.
    let server = serve_messages(ResponseTemplate::new(422).set_body_raw(html.clone(), "text/html")).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("html");
    assert_decode(&err, 422, ".", &html);
}

#[tokio::test]
async fn empty_body_is_a_decode_error() {
    let server = serve_messages(ResponseTemplate::new(200)).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("empty");
    let message = assert_decode(&err, 200, ".", b"");
    assert_eq!(message, "empty body where JSON was expected");

    let server = serve_message(json(200, "  \r\n")).await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("blank");
    assert_decode(&err, 200, ".", b"  \r\n");

    let server = serve_messages(ResponseTemplate::new(401)).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("empty 401");
    assert_decode(&err, 401, ".", b"");
}

#[tokio::test]
async fn text_plain_non_json_is_a_decode_error() {
    let server = serve_messages(ResponseTemplate::new(200).set_body_raw(b"OK".to_vec(), "text/plain")).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("text");
    assert_decode(&err, 200, ".", b"OK");

    let server =
        serve_message(ResponseTemplate::new(200).set_body_raw(b"Too many requests, slow down".to_vec(), "text/plain"))
            .await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("text");
    assert_decode(&err, 200, ".", b"Too many requests, slow down");
}

#[tokio::test]
async fn trailing_bytes_after_the_json_are_a_decode_error() {
    let mut body = page_json("m1", false, &["m1"]).into_bytes();
    body.extend_from_slice(b"<html>");
    let server = serve_messages(json(200, body.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("trailing");
    let message = assert_decode(&err, 200, ".", &body);
    assert!(message.contains("trailing"), "{message}");
}

#[tokio::test]
async fn wrong_type_at_a_nested_place_names_the_path() {
    // messages[1].direction is a number.
    let mut second = message_json("m2");
    second["direction"] = json!(7);
    let body = json!({"lastMessageId": "m2", "nextPage": false, "messages": [message_json("m1"), second]})
        .to_string()
        .into_bytes();
    let server = serve_messages(json(200, body.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("wrong type");
    let message = assert_decode(&err, 200, "messages[1].direction", &body);
    assert!(message.contains("invalid type: integer `7`"), "{message}");

    // messages[0].meta.callDuration is neither an integer nor a string: the union keeps it (Other).
    let mut first = message_json("m1");
    first["meta"] = json!({"callDuration": 12.5});
    let body = json!({"lastMessageId": "m1", "nextPage": false, "messages": [first]}).to_string();
    let server = serve_messages(json(200, body)).await;
    let page =
        client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("an unlisted form is kept");
    assert_eq!(
        page.messages[0].meta.as_ref().and_then(|m| m.call_duration.clone()),
        Some(CallDuration::Other(json!(12.5)))
    );

    // A string where the page wants a boolean.
    let body = br#"{"lastMessageId":"m1","nextPage":"yes","messages":[]}"#.to_vec();
    let server = serve_messages(json(200, body.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("wrong type");
    assert_decode(&err, 200, "nextPage", &body);

    // getMessage: `type` is a string.
    let mut m = message_json("m1");
    m["type"] = json!("one");
    let body = m.to_string().into_bytes();
    let server = serve_message(json(200, body.clone())).await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("wrong type");
    assert_decode(&err, 200, "type", &body);

    // getMessage: meta.email.messageIds[1] is a number.
    let mut m = message_json("m1");
    m["meta"] = json!({"email": {"messageIds": ["a", 2]}});
    let body = m.to_string().into_bytes();
    let server = serve_message(json(200, body.clone())).await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("wrong type");
    assert_decode(&err, 200, "meta.email.messageIds[1]", &body);
}

#[tokio::test]
async fn a_missing_required_field_is_a_decode_error() {
    let mut m = message_json("m1");
    m.as_object_mut().unwrap().remove("direction");
    let body = m.to_string().into_bytes();
    let server = serve_message(json(200, body.clone())).await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("missing field");
    let message = assert_decode(&err, 200, ".", &body);
    assert!(message.contains("missing field `direction`"), "{message}");

    let mut m = message_json("m1");
    m.as_object_mut().unwrap().remove("id");
    let body =
        json!({"lastMessageId": "m1", "nextPage": true, "messages": [message_json("m0"), m]}).to_string().into_bytes();
    let server = serve_messages(json(200, body.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("missing field");
    let message = assert_decode(&err, 200, "messages[1]", &body);
    assert!(message.contains("missing field `id`"), "{message}");
}

#[tokio::test]
async fn documented_error_with_the_wrong_body_shape_is_a_decode_error_keeping_the_status() {
    // 401 wants `message` as a string; 422 wants a list.
    let body = br#"{"statusCode":401,"message":["a","b"]}"#.to_vec();
    let server = serve_messages(json(401, body.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("401");
    assert_decode(&err, 401, "message", &body);

    let body = br#"{"statusCode":422,"message":"Unprocessable Entity"}"#.to_vec();
    let server = serve_messages(json(422, body.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("422");
    assert_decode(&err, 422, "message", &body);

    let body = br#"{"statusCode":"400"}"#.to_vec();
    let server = serve_messages(json(400, body.clone())).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("400");
    assert_decode(&err, 400, "statusCode", &body);
}

// ---------------------------------------------------------------------------------------------
// Rate limits

fn with_rate_limits(response: ResponseTemplate) -> ResponseTemplate {
    response
        .insert_header("X-RateLimit-Max", "100")
        .insert_header("X-RateLimit-Remaining", "97")
        .insert_header("X-RateLimit-Interval-Milliseconds", "10000")
        .insert_header("X-RateLimit-Limit-Daily", "200000")
        .insert_header("X-RateLimit-Daily-Remaining", "199876")
}

#[tokio::test]
async fn rate_limits_on_a_success() {
    let server = serve_messages(with_rate_limits(json(200, golden("get_messages.last_page_empty.json")))).await;
    let page = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("200");
    let rate = openapi_client_runtime::Response::rate_limit(&page);
    assert_eq!(rate.limit, Some(100));
    assert_eq!(rate.remaining, Some(97));
    assert_eq!(rate.interval_ms, Some(10_000));
    assert_eq!(rate.daily_limit, Some(200_000));
    assert_eq!(rate.daily_remaining, Some(199_876));

    let server = serve_message(with_rate_limits(json(200, golden("get_message.minimal.json")))).await;
    let message = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect("200");
    assert_eq!(openapi_client_runtime::Response::rate_limit(&message).limit, Some(100));
    assert_eq!(openapi_client_runtime::Response::rate_limit(&message).daily_remaining, Some(199_876));
    assert_eq!(message.id, "msg-minimal-1");
}

#[tokio::test]
async fn rate_limits_on_documented_and_undocumented_errors() {
    let server = serve_messages(with_rate_limits(json(422, golden("error_422.page_example.json")))).await;
    let err = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("422");
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    let rate = err.rate_limit().expect("a response arrived");
    assert_eq!(rate.limit, Some(100));
    assert_eq!(rate.remaining, Some(97));
    assert_eq!(rate.interval_ms, Some(10_000));
    assert_eq!(rate.daily_limit, Some(200_000));
    assert_eq!(rate.daily_remaining, Some(199_876));

    let server = serve_messages(with_rate_limits(ResponseTemplate::new(429).insert_header("Retry-After", "0"))).await;
    let err = client_no_retry(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect_err("429");
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_eq!(err.rate_limit().and_then(|r| r.remaining), Some(97));

    let server = serve_message(with_rate_limits(json(200, "not json"))).await;
    let err = client(&server).conversations().get_message(MESSAGE_ID).send().await.expect_err("decode");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.rate_limit().and_then(|r| r.daily_limit), Some(200_000));
}

#[tokio::test]
async fn garbage_rate_limit_values_are_none() {
    let response = json(200, golden("get_messages.last_page_empty.json"))
        .insert_header("X-RateLimit-Max", "lots")
        .insert_header("X-RateLimit-Remaining", "-1")
        .insert_header("X-RateLimit-Interval-Milliseconds", "10000.5")
        .insert_header("X-RateLimit-Limit-Daily", "")
        .insert_header("X-RateLimit-Daily-Remaining", "42");
    let server = serve_messages(response).await;
    let page = client(&server)
        .conversations()
        .get_messages(CONVERSATION_ID)
        .send()
        .await
        .expect("garbage headers never fail a request");
    let rate = openapi_client_runtime::Response::rate_limit(&page);
    assert_eq!(rate.limit, None);
    assert_eq!(rate.remaining, None);
    assert_eq!(rate.interval_ms, None);
    assert_eq!(rate.daily_limit, None);
    assert_eq!(rate.daily_remaining, Some(42), "the one good header is still read");

    // No rate-limit headers at all.
    let server = serve_messages(json(200, golden("get_messages.last_page_empty.json"))).await;
    let page = client(&server).conversations().get_messages(CONVERSATION_ID).send().await.expect("200");
    let rate = openapi_client_runtime::Response::rate_limit(&page);
    assert_eq!(
        (rate.limit, rate.remaining, rate.interval_ms, rate.daily_limit, rate.daily_remaining),
        (None, None, None, None, None)
    );
}

// ---------------------------------------------------------------------------------------------
// The size of the error type

#[test]
fn the_error_type_stays_under_clippys_result_large_err_threshold() {
    let size = std::mem::size_of::<Error<GetMessagesError>>();
    assert!(size <= 128, "Error<GetMessagesError> is {size} bytes");
    let size = std::mem::size_of::<Error<GetMessageError>>();
    assert!(size <= 128, "Error<GetMessageError> is {size} bytes");
}
