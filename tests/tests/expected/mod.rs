//! Expected values shared by several test binaries, written by hand from the reference pages.

use leadconnector::types::{CallDuration, CallStatus, Message, MessageDirection, MessageSource, MessageStatus};
use serde_json::json;

const PAGE_ID: &str = "ve9EPM428h8vShlRW1KT";
const USER_ID: &str = "ve9EPM428kjkvShlRW1KT";

/// The single page's example message (`tests/golden/get_message.page_example.json`), field by field.
pub fn assert_single_page_example(m: &Message) {
    assert_eq!(m.id, PAGE_ID);
    assert_eq!(m.r#type, 1);
    // D8: "SMS" is not a listed value; it is kept exactly.
    assert!(m.message_type.is_unknown());
    assert_eq!(m.message_type.as_str(), "SMS");
    assert_eq!(m.message_type.to_string(), "SMS");
    assert_eq!(
        (m.location_id.as_str(), m.contact_id.as_str(), m.conversation_id.as_str()),
        (PAGE_ID, PAGE_ID, PAGE_ID)
    );
    assert_eq!(m.date_added, "2024-03-27T18:13:49.000Z");
    assert_eq!(m.direction, MessageDirection::Inbound);
    assert_eq!(m.content_type.as_deref(), Some("text/plain"));
    assert_eq!(m.alt_id.as_deref(), Some("msg_123456789"));
    assert_eq!(m.body.as_deref(), Some("Hi there"));
    assert_eq!(m.status, Some(MessageStatus::Connected));
    assert_eq!(m.attachments, Some(vec!["<string>".to_string()]));
    let meta = m.meta.as_ref().expect("meta");
    // D4: the page's number 120.
    assert_eq!(meta.call_duration, Some(CallDuration::Integer(120)));
    assert_eq!(meta.call_status, Some(CallStatus::Completed));
    // D9: the example nests email.email.messageIds; the documented messageIds is absent and the inner
    // `email` is kept as an unknown field.
    let email = meta.email.as_ref().expect("meta.email");
    assert_eq!(email.message_ids, None);
    assert_eq!(
        email.additional_properties.get("email"),
        Some(&json!({"messageIds": [USER_ID, "ve9EPs1028kjkvShlRW1KT"]}))
    );
    assert_eq!(m.source, Some(MessageSource::Workflow));
    assert_eq!(m.user_id.as_deref(), Some(USER_ID));
    assert_eq!(m.conversation_provider_id.as_deref(), Some(USER_ID));
    assert_eq!(m.chat_widget_id.as_deref(), Some("67b0cc8cf14b19d85ace7s35"));
    assert!(m.additional_properties.is_empty());
}
