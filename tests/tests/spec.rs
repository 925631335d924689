//! Facts of the reference pages that the spec must hold, written here by hand from the pages
//! (enum counts, the values run together on the list page, the Version of each page, the examples).

use serde_json::Value;

fn spec() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/leadconnector.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    codegen::load::parse_yaml(&text, false).unwrap().0
}

fn enum_values(spec: &Value, schema: &str) -> Vec<String> {
    spec["components"]["schemas"][schema]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema} has no enum"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn enums_hold_exactly_the_values_the_pages_list() {
    let spec = spec();
    // The list page prints these run together; joined back, they must give the page's text exactly.
    let list_page = [
        ("MessageTypeFilter", 14, "TYPE_CALLTYPE_SMSTYPE_EMAILTYPE_FACEBOOKTYPE_GMBTYPE_INSTAGRAMTYPE_WHATSAPPTYPE_ACTIVITY_APPOINTMENTTYPE_ACTIVITY_CONTACTTYPE_ACTIVITY_INVOICETYPE_ACTIVITY_PAYMENTTYPE_ACTIVITY_OPPORTUNITYTYPE_LIVE_CHATTYPE_INTERNAL_COMMENTS"),
        ("MessageDirection", 2, "inboundoutbound"),
        ("MessageStatus", 11, "connecteddeliveredfailedopenedpendingreadscheduledsentundeliveredclickedopt_out"),
        ("CallStatus", 8, "pendingcompletedansweredbusyno-answerfailedcanceledvoicemail"),
        ("MessageSource", 5, "workflowbulk_actionscampaignapiapp"),
    ];
    for (schema, count, printed) in list_page {
        let values = enum_values(&spec, schema);
        assert_eq!(values.len(), count, "{schema}");
        assert_eq!(values.concat(), printed, "{schema}");
    }
    // messageType: the list page's 35, then the single page's one more (D3).
    let message_type = enum_values(&spec, "MessageType");
    assert_eq!(message_type.len(), 36);
    assert_eq!(message_type[..35].concat(), "TYPE_CALLTYPE_SMSTYPE_EMAILTYPE_SMS_REVIEW_REQUESTTYPE_WEBCHATTYPE_SMS_NO_SHOW_REQUESTTYPE_CAMPAIGN_SMSTYPE_CAMPAIGN_CALLTYPE_CAMPAIGN_EMAILTYPE_CAMPAIGN_VOICEMAILTYPE_FACEBOOKTYPE_CAMPAIGN_FACEBOOKTYPE_CAMPAIGN_MANUAL_CALLTYPE_CAMPAIGN_MANUAL_SMSTYPE_GMBTYPE_CAMPAIGN_GMBTYPE_REVIEWTYPE_INSTAGRAMTYPE_WHATSAPPTYPE_CUSTOM_SMSTYPE_CUSTOM_EMAILTYPE_CUSTOM_PROVIDER_SMSTYPE_CUSTOM_PROVIDER_EMAILTYPE_IVR_CALLTYPE_ACTIVITY_CONTACTTYPE_ACTIVITY_INVOICETYPE_ACTIVITY_PAYMENTTYPE_ACTIVITY_OPPORTUNITYTYPE_LIVE_CHATTYPE_LIVE_CHAT_INFO_MESSAGETYPE_ACTIVITY_APPOINTMENTTYPE_FACEBOOK_COMMENTTYPE_INSTAGRAM_COMMENTTYPE_CUSTOM_CALLTYPE_INTERNAL_COMMENT");
    assert_eq!(message_type[35], "TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG");
    // D10: each list as printed.
    assert!(enum_values(&spec, "MessageTypeFilter").contains(&"TYPE_INTERNAL_COMMENTS".to_string()));
    assert!(message_type.contains(&"TYPE_INTERNAL_COMMENT".to_string()));
}

fn operation<'a>(spec: &'a Value, path: &str) -> &'a Value {
    &spec["paths"][path]["get"]
}

fn parameter<'a>(op: &'a Value, name: &str) -> &'a Value {
    op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

#[test]
fn operations_parameters_and_versions() {
    let spec = spec();
    assert_eq!(spec["servers"][0]["url"], "https://services.leadconnectorhq.com");
    assert_eq!(spec["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let list = operation(&spec, "/conversations/{conversationId}/messages");
    assert_eq!(list["operationId"], "getMessages");
    assert_eq!(list["summary"], "Get messages by conversation id");
    assert_eq!(parameter(list, "Version")["schema"]["enum"], serde_json::json!(["2021-07-28"]));
    assert_eq!(parameter(list, "conversationId")["schema"]["example"], "tDtDnQdgm2LXpyiqYvZ6");
    assert_eq!(parameter(list, "lastMessageId")["in"], "query");
    let limit = parameter(list, "limit");
    assert_eq!((limit["schema"]["type"].as_str(), limit["schema"]["default"].as_i64()), (Some("integer"), Some(20)));
    let filter = parameter(list, "type");
    assert_eq!((filter["style"].as_str(), filter["explode"].as_bool()), (Some("form"), Some(false)));
    let statuses: Vec<&String> = list["responses"].as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "400", "401", "422"]);
    assert_eq!(list["x-pagination"]["cursorParam"], "lastMessageId");
    assert_eq!(list["x-pagination"]["hasMoreField"], "nextPage");

    let single = operation(&spec, "/conversations/messages/{id}");
    assert_eq!(single["operationId"], "getMessage");
    assert_eq!(parameter(single, "Version")["schema"]["enum"], serde_json::json!(["2021-04-15"]));
    // D11: the single page documents no error response.
    let statuses: Vec<&String> = single["responses"].as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200"]);
}

#[test]
fn examples_are_the_pages_own() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    assert_eq!(schemas["GetMessagesResponse"]["properties"]["lastMessageId"]["example"], "p1mRSHeLDhAms5q0LMr4");
    assert_eq!(schemas["Message"]["properties"]["altId"]["example"], "msg_123456789");
    assert_eq!(schemas["Message"]["properties"]["chatWidgetId"]["example"], "67b0cc8cf14b19d85ace7s35");
    assert_eq!(schemas["Message"]["properties"]["dateAdded"]["example"], "2024-03-27T18:13:49.000Z");
    assert_eq!(schemas["MessageType"]["example"], "SMS");
    assert_eq!(
        schemas["UnauthorizedError"]["properties"]["message"]["example"],
        "Invalid token: access token is invalid"
    );
    assert_eq!(schemas["UnprocessableEntityError"]["properties"]["message"]["type"], "array");
    assert_eq!(schemas["BadRequestError"]["properties"]["message"]["type"], "string");
    assert!(schemas["BadRequestError"]["properties"].get("error").is_none(), "the 400 body shows no `error`");
    let required: Vec<&str> =
        schemas["Message"]["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(
        required,
        [
            "id",
            "type",
            "messageType",
            "locationId",
            "contactId",
            "conversationId",
            "dateAdded",
            "direction",
            "contentType"
        ]
    );
}
