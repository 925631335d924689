//! Every body in `tests/golden/` decodes to the value written here by hand (from the reference pages
//! and `tests/golden/README.md`), and encodes back to JSON equal to the input — unknown enum values and
//! unknown fields included.

use leadconnector::types::{
    BadRequestError, CallDuration, CallStatus, GetMessagesResponse, Message, MessageDirection, MessageSource,
    MessageStatus, MessageType, UnauthorizedError, UnprocessableEntityError,
};
mod expected;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn golden(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes a golden body and checks that it encodes back to the same JSON.
fn decode<T: DeserializeOwned + serde::Serialize>(name: &str) -> T {
    let text = golden(name);
    let value: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
    let input: Value = serde_json::from_str(&text).unwrap();
    let output = serde_json::to_value(&value).unwrap();
    assert_eq!(output, input, "{name} does not encode back to its input");
    value
}

const PAGE_ID: &str = "ve9EPM428h8vShlRW1KT";
const USER_ID: &str = "ve9EPM428kjkvShlRW1KT";

#[test]
fn single_page_example_decodes() {
    let m: Message = decode("get_message.page_example.json");
    expected::assert_single_page_example(&m);
}

#[test]
fn list_page_example_decodes() {
    let page: GetMessagesResponse = decode("get_messages.page_example.json");
    assert_eq!(page.last_message_id, "p1mRSHeLDhAms5q0LMr4");
    assert!(page.next_page);
    assert_eq!(page.messages.len(), 1);
    let m = &page.messages[0];
    assert_eq!(m.id, PAGE_ID);
    assert_eq!(m.message_type.as_str(), "SMS");
    assert_eq!(m.body.as_deref(), Some("Hi there"));
    assert_eq!(m.attachments, Some(vec![]));
    let meta = m.meta.as_ref().unwrap();
    // D4: the list page types callDuration as a string; it stays one.
    assert_eq!(meta.call_duration, Some(CallDuration::String("120".into())));
    assert_eq!(
        meta.email.as_ref().unwrap().message_ids,
        Some(vec![USER_ID.to_string(), "ve9EPs1028kjkvShlRW1KT".to_string()])
    );
    assert_eq!(m.source, Some(MessageSource::Workflow));
    assert_eq!(m.alt_id, None);
    assert_eq!(m.chat_widget_id, None);
}

#[test]
fn error_bodies_decode_each_with_its_own_shape() {
    let e400: BadRequestError = decode("error_400.page_example.json");
    assert_eq!((e400.status_code, e400.message.as_deref()), (Some(400), Some("Bad Request")));
    assert!(e400.additional_properties.is_empty());
    let e401: UnauthorizedError = decode("error_401.page_example.json");
    assert_eq!(e401.status_code, Some(401));
    assert_eq!(e401.message.as_deref(), Some("Invalid token: access token is invalid"));
    assert_eq!(e401.error.as_deref(), Some("Unauthorized"));
    let e422: UnprocessableEntityError = decode("error_422.page_example.json");
    assert_eq!(e422.status_code, Some(422));
    assert_eq!(e422.message, Some(vec!["Unprocessable Entity".to_string()]));
    assert_eq!(e422.error.as_deref(), Some("Unprocessable Entity"));
}

#[test]
fn minimal_message_keeps_absent_fields_absent() {
    let m: Message = decode("get_message.minimal.json");
    assert_eq!(m.id, "msg-minimal-1");
    assert_eq!(m.r#type, 2);
    assert_eq!(m.message_type, MessageType::TypeSms);
    assert_eq!(m.location_id, "loc-minimal-1");
    assert_eq!(m.contact_id, "contact-minimal-1");
    assert_eq!(m.conversation_id, "conv-minimal-1");
    assert_eq!(m.direction, MessageDirection::Outbound);
    assert_eq!(m.content_type.as_deref(), Some("text/plain"));
    assert_eq!((&m.alt_id, &m.body, &m.status, &m.attachments), (&None, &None, &None, &None));
    assert_eq!((&m.meta, &m.source, &m.user_id), (&None, &None, &None));
    assert_eq!((&m.conversation_provider_id, &m.chat_widget_id), (&None, &None));
    assert_eq!(serde_json::to_value(&m).unwrap().as_object().unwrap().len(), 9);
}

#[test]
fn values_outside_every_enum_are_kept_exactly() {
    let m: Message = decode("get_message.unknown_enum_values.json");
    assert_eq!(m.r#type, 99);
    assert_eq!(m.message_type.as_str(), "TYPE_CARRIER_PIGEON");
    assert!(m.message_type.is_unknown());
    assert_eq!(m.direction.as_str(), "sideways");
    assert!(m.direction.is_unknown());
    assert_eq!(m.status.as_ref().map(MessageStatus::as_str), Some("teleported"));
    assert_eq!(m.source.as_ref().map(MessageSource::as_str), Some("fax_gateway"));
    let meta = m.meta.as_ref().unwrap();
    assert_eq!(meta.call_status.as_ref().map(CallStatus::as_str), Some("on-hold"));
    assert!(meta.call_status.as_ref().unwrap().is_unknown());
    assert_eq!(meta.call_duration, Some(CallDuration::Integer(120)));
}

#[test]
fn undocumented_fields_are_kept_at_every_level() {
    let m: Message = decode("get_message.unknown_fields.json");
    assert_eq!(m.message_type, MessageType::TypeEmail);
    assert_eq!(m.content_type.as_deref(), Some("text/html"));
    let extra = &m.additional_properties;
    assert_eq!(extra.len(), 4);
    assert_eq!(extra["undocumentedString"], json!("kept as is"));
    assert_eq!(extra["undocumentedNumber"], json!(42));
    assert_eq!(
        extra["undocumentedObject"],
        json!({"nestedString": "deep", "nestedArray": [1, "two", false], "nestedObject": {"level": 3}})
    );
    assert_eq!(extra["undocumentedNull"], Value::Null);
    let meta = m.meta.as_ref().unwrap();
    assert_eq!(meta.additional_properties.len(), 2);
    assert_eq!(meta.additional_properties["undocumentedMetaField"], json!("meta extra"));
    assert_eq!(meta.additional_properties["undocumentedMetaNumber"], json!(7));
    let email = meta.email.as_ref().unwrap();
    assert_eq!(email.message_ids, Some(vec![USER_ID.to_string()]));
    assert_eq!(email.additional_properties["undocumentedEmailField"], json!("thread-7"));
}

#[test]
fn call_duration_as_string_and_as_number() {
    let s: Message = decode("get_message.call_duration_string.json");
    assert_eq!(s.id, "msg-call-string-1");
    assert_eq!(s.message_type, MessageType::TypeCall);
    assert_eq!(s.meta.as_ref().unwrap().call_duration, Some(CallDuration::String("120".into())));
    let n: Message = decode("get_message.call_duration_number.json");
    assert_eq!(n.id, "msg-call-number-1");
    assert_eq!(n.meta.as_ref().unwrap().call_duration, Some(CallDuration::Integer(120)));
    assert_eq!(n.meta.as_ref().unwrap().call_status, Some(CallStatus::Completed));
}

#[test]
fn empty_last_page() {
    let page: GetMessagesResponse = decode("get_messages.last_page_empty.json");
    assert_eq!(page.last_message_id, "msg-099");
    assert!(!page.next_page);
    assert!(page.messages.is_empty());
}

#[test]
fn page_of_100_follows_its_documented_pattern() {
    let page: GetMessagesResponse = decode("get_messages.page_of_100.json");
    assert_eq!(page.last_message_id, "msg-099");
    assert!(page.next_page);
    assert_eq!(page.messages.len(), 100);
    for (i, m) in page.messages.iter().enumerate() {
        assert_eq!(m.id, format!("msg-{i:03}"));
        let (code, kind) =
            [(2, MessageType::TypeSms), (1, MessageType::TypeCall), (3, MessageType::TypeEmail)][i % 3].clone();
        assert_eq!((m.r#type, &m.message_type), (code, &kind), "message {i}");
        assert_eq!(
            (m.location_id.as_str(), m.contact_id.as_str(), m.conversation_id.as_str()),
            ("loc-1", "contact-1", "conv-1")
        );
        assert_eq!(m.date_added, format!("2024-03-27T{:02}:{:02}:00.000Z", 18 + i / 60, i % 60));
        assert_eq!(m.body, Some(format!("Message {i}")));
        let direction = if i % 2 == 0 { MessageDirection::Inbound } else { MessageDirection::Outbound };
        assert_eq!(m.direction, direction);
        let expected_meta = (i % 10 == 0).then_some(CallDuration::Integer(60));
        assert_eq!(m.meta.as_ref().and_then(|meta| meta.call_duration.clone()), expected_meta, "message {i}");
        assert_eq!((&m.status, &m.attachments, &m.source), (&None, &None, &None));
        assert!(m.additional_properties.is_empty());
    }
}

#[test]
fn open_enums_round_trip_and_name_variants_by_wire_value() {
    assert_eq!(MessageType::from("TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG"), MessageType::TypeActivityEmployeeActionLog);
    assert_eq!(CallStatus::from("no-answer"), CallStatus::NoAnswer);
    assert_eq!(MessageStatus::from("opt_out"), MessageStatus::OptOut);
    assert_eq!(MessageSource::from("bulk_actions"), MessageSource::BulkActions);
    let unknown: MessageType = "TYPE_SOMETHING_NEW".parse().unwrap();
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"TYPE_SOMETHING_NEW\"");
    let back: MessageType = serde_json::from_str("\"TYPE_SOMETHING_NEW\"").unwrap();
    assert_eq!(back, unknown);
    // A known value never ends up in `Unknown`, however it was made.
    assert!(!MessageType::from(String::from("TYPE_SMS")).is_unknown());
}

// ---------------------------------------------------------------------------------------------
// Live shapes (spec/overlays/live-api.yaml, tests/golden/README.md "The live shapes"). The wrapped
// bodies need the client's envelope decoding: they are tested through the client in
// `mock_live_shapes.rs`.

#[test]
fn meta_call_is_typed_next_to_the_documented_call_fields() {
    let m: Message = decode("get_message.meta_call.json");
    assert_eq!(m.id, "msg-meta-call-1");
    assert_eq!((m.r#type, &m.message_type), (1, &MessageType::TypeCall));
    assert_eq!(m.content_type.as_deref(), Some("text/plain"));
    let meta = m.meta.as_ref().expect("meta");
    // D32: `meta.call` has its own type; the documented call fields are simply absent.
    let call = meta.call.as_ref().expect("meta.call");
    assert_eq!(call.duration, Some(CallDuration::Integer(120)));
    assert_eq!(call.status, Some(CallStatus::NoAnswer));
    assert!(call.additional_properties.is_empty());
    assert_eq!((&meta.call_duration, &meta.call_status, &meta.email), (&None, &None, &None));
    assert!(meta.additional_properties.is_empty());
    assert!(m.additional_properties.is_empty());
}

#[test]
fn a_message_without_content_type_decodes() {
    let m: Message = decode("get_message.no_content_type.json");
    assert_eq!(m.id, "msg-no-content-type-1");
    assert_eq!((m.r#type, &m.message_type), (2, &MessageType::TypeSms));
    assert_eq!(
        (m.location_id.as_str(), m.contact_id.as_str(), m.conversation_id.as_str()),
        ("loc-minimal-1", "contact-minimal-1", "conv-minimal-1")
    );
    assert_eq!(m.date_added, "2024-03-27T18:13:49.000Z");
    assert_eq!(m.direction, MessageDirection::Inbound);
    assert_eq!(m.body.as_deref(), Some("No contentType here"));
    // D33: absent, and it stays absent when written back (no `null`, no empty string).
    assert_eq!(m.content_type, None);
    let back = serde_json::to_value(&m).unwrap();
    assert_eq!(back.as_object().unwrap().len(), 9);
    assert!(back.get("contentType").is_none());
}
