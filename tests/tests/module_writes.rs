//! One write of each module family, built through the generated builders and types and sent to a
//! wiremock server on 127.0.0.1: the exact request (method, path, the `Version` the operation
//! declares, the bearer token, the JSON content type and body), the typed success body, and one
//! documented error decoded to its variant. Every expectation is written from the operation's page
//! in `spec/modules/<module>.yaml`.

mod mock_support;

use leadconnector::calendars::CreateAppointmentError;
use leadconnector::contacts::CreateContactError;
use leadconnector::conversations::SendANewMessageError;
use leadconnector::invoices::CreateInvoiceError;
use leadconnector::types::{
    AddressDto, AppointmentCreateSchema, AppointmentCreateSchemaAppointmentStatus,
    AppointmentCreateSchemaMeetingLocationType, AppointmentSchemaResponseAppointmentStatus, BusinessDetailsDto,
    ContactDetailsDto, CreateContactDto, CreateInvoiceDto, CreateInvoiceDtoAltType, CreateInvoiceResponseDtoAltType,
    CreateInvoiceResponseDtoStatus, DndSettingSchema, DndSettingSchemaStatus, DndSettingsSchema, InvoiceItemDto,
    InvoiceItemDtoType, InvoicesDiscountDto, InvoicesDiscountDtoType, SearchConversationStartAfterDate,
    SendMessageBodyDto, SendMessageBodyDtoStatus, SendMessageBodyDtoType, SendMessageResponseDtoStatus, SentToDto,
};
use leadconnector::{Client, Error, Response};
use mock_support::*;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header as header_is, method, path};
use wiremock::{Mock, MockServer};

/// A server that answers `verb route` with `status` and `body` only when the request carries
/// `version`, the test token and a JSON content type (anything else gets wiremock's 404).
async fn strict_server(
    verb: &str,
    route: &str,
    version: &str,
    expected_body: &Value,
    status: u16,
    body: Value,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .and(header_is("Version", version))
        .and(header_is("Authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header_is("Content-Type", "application/json"))
        .and(body_json(expected_body))
        .respond_with(json(status, body.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// A server that answers every request with `status` and `body`.
async fn answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(json(status, body.to_string())).mount(&server).await;
    server
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request (a documented error is not retried)");
    requests.remove(0)
}

/// Asserts everything of `request` but its body, and returns the body parsed as JSON.
fn sent_json(request: &wiremock::Request, route: &str, version: &str) -> Value {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), route);
    assert_eq!(request.url.query(), None, "no query parameter on these writes");
    assert_eq!(header(request, "version"), Some(version));
    assert_eq!(header(request, "authorization"), Some("Bearer test-token-0001"));
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_eq!(header(request, "accept"), Some("application/json"));
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

// ---------------------------------------------------------------------------------------------
// conversations: `send-a-new-message` (POST /conversations/messages, Version 2021-04-15, 200)

/// The body of an SMS: the four required fields (`type`, `subType`, `contactId`, `status`) and
/// the three an SMS needs.
fn sms() -> SendMessageBodyDto {
    // HighLevel types `subType` `type: object` (with the string example `Email`): the typed field
    // is a JSON object, so an object it is.
    let mut body = SendMessageBodyDto::new(
        SendMessageBodyDtoType::Sms,
        serde_json::Map::new(),
        "abc123def456".to_owned(),
        SendMessageBodyDtoStatus::Pending,
    );
    body.message = Some("Hello, how can I help you today?".to_owned());
    body.from_number = Some("+1499499299".to_owned());
    body.to_number = Some("+1439499299".to_owned());
    body.attachments = Some(vec!["https://storage.com/file1.pdf".to_owned()]);
    body
}

#[tokio::test]
async fn send_a_new_message_posts_its_body_and_decodes_the_sent_message() {
    let expected = json!({
        "type": "SMS",
        "subType": {},
        "contactId": "abc123def456",
        "attachments": ["https://storage.com/file1.pdf"],
        "message": "Hello, how can I help you today?",
        "fromNumber": "+1499499299",
        "toNumber": "+1439499299",
        "status": "pending"
    });
    let answer = json!({
        "conversationId": "ABC12h2F6uBrIkfXYazb",
        "messageId": "t22c6DQcTDf3MjRhwf77",
        "messageIds": ["t22c6DQcTDf3MjRhwf77"],
        "msg": "Message queued successfully.",
        "status": "pending"
    });
    let server = strict_server("POST", "/conversations/messages", "2021-04-15", &expected, 200, answer).await;

    let sent = client(&server).conversations().send_a_new_message().body(sms()).send().await.expect("200");

    assert_eq!(Response::status(&sent).as_u16(), 200);
    assert_eq!(sent.conversation_id, "ABC12h2F6uBrIkfXYazb");
    assert_eq!(sent.message_id, "t22c6DQcTDf3MjRhwf77");
    assert_eq!(sent.message_ids.as_deref(), Some(&["t22c6DQcTDf3MjRhwf77".to_owned()][..]));
    assert_eq!(sent.msg.as_deref(), Some("Message queued successfully."));
    assert_eq!(sent.status, SendMessageResponseDtoStatus::Pending);
    assert_eq!(sent.email_message_id, None);
    assert_eq!(sent.forward_data, None);
    assert!(sent.additional_properties.is_empty());

    let request = only_request(&server).await;
    assert_eq!(sent_json(&request, "/conversations/messages", "2021-04-15"), expected);
    // The fields in the spec's order, unset optional fields left out (not `null`).
    assert_eq!(
        std::str::from_utf8(&request.body).expect("UTF-8"),
        concat!(
            r#"{"type":"SMS","subType":{},"contactId":"abc123def456","attachments":["https://storage.com/file1.pdf"],"#,
            r#""message":"Hello, how can I help you today?","fromNumber":"+1499499299","toNumber":"+1439499299","#,
            r#""status":"pending"}"#
        )
    );
}

#[tokio::test]
async fn send_a_new_message_400_is_a_typed_bad_request() {
    let server = answering(400, json!({"statusCode": 400, "message": "Contact not found"})).await;
    let err = client(&server).conversations().send_a_new_message().body(sms()).send().await.expect_err("400");
    match &err {
        Error::Api { response, body: SendANewMessageError::BadRequest(bad), .. } => {
            assert_eq!(response.status.as_u16(), 400);
            assert_eq!(bad.status_code, Some(400.0));
            assert_eq!(bad.message.as_deref(), Some("Contact not found"));
            assert!(bad.additional_properties.is_empty());
        }
        other => panic!("expected Api/BadRequest, got {other:?}"),
    }
    only_request(&server).await;
}

#[tokio::test]
async fn send_a_new_message_without_a_body_sends_nothing() {
    // The body is required: without `.body()` the call fails before anything is sent.
    let server = answering(200, json!({})).await;
    let err = client(&server).conversations().send_a_new_message().send().await.expect_err("no body");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// contacts: `create-contact` (POST /contacts/, Version 2021-07-28, 201)

fn rosan() -> CreateContactDto {
    let mut contact = CreateContactDto::new("ve9EPM428h8vShlRW1KT".to_owned());
    contact.first_name = Some("Rosan".to_owned());
    contact.last_name = Some("Deo".to_owned());
    contact.email = Some("rosan@deos.com".to_owned());
    contact.phone = Some("+1 888-888-8888".to_owned());
    contact.dnd = Some(false);
    let mut dnd = DndSettingsSchema::new();
    let mut sms = DndSettingSchema::new(DndSettingSchemaStatus::Active);
    sms.message = Some("opted out by text".to_owned());
    dnd.sms = Some(sms);
    contact.dnd_settings = Some(dnd);
    contact.tags = Some(vec!["lead".to_owned(), "vip".to_owned()]);
    contact.source = Some("public api".to_owned());
    contact.country = Some("US".to_owned());
    contact
}

#[tokio::test]
async fn create_contact_posts_its_body_and_decodes_the_created_contact() {
    let expected = json!({
        "firstName": "Rosan",
        "lastName": "Deo",
        "email": "rosan@deos.com",
        "locationId": "ve9EPM428h8vShlRW1KT",
        "phone": "+1 888-888-8888",
        "dnd": false,
        "dndSettings": {"SMS": {"status": "active", "message": "opted out by text"}},
        "tags": ["lead", "vip"],
        "source": "public api",
        "country": "US"
    });
    let answer = json!({
        "contact": {
            "id": "seD4PfOuKoVMLkEZqohJ",
            "dateAdded": "2021-08-31T09:59:41.937Z",
            "locationId": "ve9EPM428h8vShlRW1KT",
            "firstName": "Rosan",
            "firstNameLowerCase": "rosan",
            "email": "rosan@deos.com",
            "dnd": false,
            "dndSettings": {"SMS": {"status": "active", "message": "opted out by text", "code": "101"}},
            "tags": ["lead", "vip"],
            "birthMonth": 8,
            "visitorId": "not-in-the-spec"
        }
    });
    let server = strict_server("POST", "/contacts/", "2021-07-28", &expected, 201, answer).await;

    let created = client(&server).contacts().create_contact().body(rosan()).send().await.expect("201");

    assert_eq!(Response::status(&created).as_u16(), 201);
    let contact = created.contact.as_ref().expect("the created contact");
    assert_eq!(contact.id.as_deref(), Some("seD4PfOuKoVMLkEZqohJ"));
    assert_eq!(contact.date_added.as_deref(), Some("2021-08-31T09:59:41.937Z"));
    assert_eq!(contact.location_id.as_deref(), Some("ve9EPM428h8vShlRW1KT"));
    assert_eq!(contact.first_name.as_deref(), Some("Rosan"));
    assert_eq!(contact.first_name_lower_case.as_deref(), Some("rosan"));
    assert_eq!(contact.email.as_deref(), Some("rosan@deos.com"));
    assert_eq!(contact.dnd, Some(false));
    let sms = contact.dnd_settings.as_ref().and_then(|d| d.sms.as_ref()).expect("SMS settings");
    assert_eq!(sms.status, DndSettingSchemaStatus::Active);
    assert_eq!(sms.code.as_deref(), Some("101"));
    assert_eq!(contact.tags.as_deref(), Some(&["lead".to_owned(), "vip".to_owned()][..]));
    assert_eq!(contact.birth_month, Some(8.0));
    assert_eq!(contact.last_name, None);
    // A field the spec does not list is kept, not dropped.
    assert_eq!(contact.additional_properties.get("visitorId"), Some(&json!("not-in-the-spec")));
    assert_eq!(contact.additional_properties.len(), 1);

    let request = only_request(&server).await;
    assert_eq!(sent_json(&request, "/contacts/", "2021-07-28"), expected);
}

#[tokio::test]
async fn create_contact_422_is_a_typed_unprocessable_entity() {
    let body = json!({"statusCode": 422, "message": ["email must be an email"], "error": "Unprocessable Entity"});
    let server = answering(422, body).await;
    let err = client(&server).contacts().create_contact().body(rosan()).send().await.expect_err("422");
    match &err {
        Error::Api { response, body: CreateContactError::UnprocessableEntity(unprocessable), .. } => {
            assert_eq!(response.status.as_u16(), 422);
            assert_eq!(unprocessable.status_code, Some(422.0));
            assert_eq!(unprocessable.message.as_deref(), Some(&["email must be an email".to_owned()][..]));
            assert_eq!(unprocessable.error.as_deref(), Some("Unprocessable Entity"));
        }
        other => panic!("expected Api/UnprocessableEntity, got {other:?}"),
    }
    only_request(&server).await;
}

// ---------------------------------------------------------------------------------------------
// calendars: `create-appointment` (POST /calendars/events/appointments, Version 2021-04-15, 200)

fn appointment() -> AppointmentCreateSchema {
    let mut appointment = AppointmentCreateSchema::new(
        "CVokAlI8fgw4WYWoCtQz".to_owned(),
        "C2QujeCh8ZnC7al2InWR".to_owned(),
        "0007BWpSzSwfiuSl0tR2".to_owned(),
        "2021-06-23T03:30:00+05:30".to_owned(),
    );
    appointment.end_time = Some("2021-06-23T04:30:00+05:30".to_owned());
    appointment.title = Some("Test Event".to_owned());
    appointment.meeting_location_type = Some(AppointmentCreateSchemaMeetingLocationType::MsTeams);
    appointment.appointment_status = Some(AppointmentCreateSchemaAppointmentStatus::Confirmed);
    appointment.ignore_free_slot_validation = Some(true);
    appointment.to_notify = Some(false);
    appointment
}

#[tokio::test]
async fn create_appointment_posts_its_body_and_decodes_the_booking() {
    let expected = json!({
        "title": "Test Event",
        "meetingLocationType": "ms_teams",
        "appointmentStatus": "confirmed",
        "toNotify": false,
        "ignoreFreeSlotValidation": true,
        "calendarId": "CVokAlI8fgw4WYWoCtQz",
        "locationId": "C2QujeCh8ZnC7al2InWR",
        "contactId": "0007BWpSzSwfiuSl0tR2",
        "startTime": "2021-06-23T03:30:00+05:30",
        "endTime": "2021-06-23T04:30:00+05:30"
    });
    let answer = json!({
        "id": "0TkCdp9PfvLeWKYRRvIz",
        "calendarId": "CVokAlI8fgw4WYWoCtQz",
        "locationId": "C2QujeCh8ZnC7al2InWR",
        "contactId": "0007BWpSzSwfiuSl0tR2",
        "startTime": "2021-06-23T03:30:00+05:30",
        "endTime": "2021-06-23T04:30:00+05:30",
        "title": "Test Event",
        "meetingLocationType": "ms_teams",
        "appointmentStatus": "confirmed",
        "isRecurring": false
    });
    let server = strict_server("POST", "/calendars/events/appointments", "2021-04-15", &expected, 200, answer).await;

    let booked = client(&server).calendars().create_appointment().body(appointment()).send().await.expect("200");

    assert_eq!(booked.id, "0TkCdp9PfvLeWKYRRvIz");
    assert_eq!(booked.calendar_id, "CVokAlI8fgw4WYWoCtQz");
    assert_eq!(booked.location_id, "C2QujeCh8ZnC7al2InWR");
    assert_eq!(booked.contact_id, "0007BWpSzSwfiuSl0tR2");
    assert_eq!(booked.start_time.as_deref(), Some("2021-06-23T03:30:00+05:30"));
    assert_eq!(booked.end_time.as_deref(), Some("2021-06-23T04:30:00+05:30"));
    assert_eq!(booked.title.as_deref(), Some("Test Event"));
    // The response's `meetingLocationType` is a plain string (no enum on that page).
    assert_eq!(booked.meeting_location_type.as_deref(), Some("ms_teams"));
    assert_eq!(booked.appointment_status, Some(AppointmentSchemaResponseAppointmentStatus::Confirmed));
    assert_eq!(booked.is_recurring, Some(false));
    assert_eq!(booked.rrule, None);
    assert!(booked.additional_properties.is_empty());

    let request = only_request(&server).await;
    assert_eq!(sent_json(&request, "/calendars/events/appointments", "2021-04-15"), expected);
}

#[tokio::test]
async fn create_appointment_400_is_a_typed_bad_request() {
    let server =
        answering(400, json!({"statusCode": 400, "message": "The slot you have selected is no longer available."}))
            .await;
    let err = client(&server).calendars().create_appointment().body(appointment()).send().await.expect_err("400");
    match &err {
        Error::Api { response, body: CreateAppointmentError::BadRequest(bad), .. } => {
            assert_eq!(response.status.as_u16(), 400);
            assert_eq!(bad.status_code, Some(400.0));
            assert_eq!(bad.message.as_deref(), Some("The slot you have selected is no longer available."));
        }
        other => panic!("expected Api/BadRequest, got {other:?}"),
    }
    only_request(&server).await;

    // `create-appointment` documents no 422: one is an unexpected status, its body kept raw.
    let server = answering(422, json!({"statusCode": 422, "message": ["startTime must be a date"]})).await;
    let err = client(&server).calendars().create_appointment().body(appointment()).send().await.expect_err("422");
    assert!(matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == 422), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// invoices: `create-invoice` (POST /invoices/, Version 2021-07-28, 200; Location-Access or
// Agency-Access, both bearer tokens)

fn invoice() -> CreateInvoiceDto {
    let mut address = AddressDto::new();
    address.address_line1 = Some("9931 Beechwood".to_owned());
    address.city = Some("St. Houston".to_owned());
    address.country_code = Some("US".to_owned());
    let mut business = BusinessDetailsDto::new();
    business.name = Some("ABC Corp.".to_owned());
    business.address = Some(address);
    let mut item = InvoiceItemDto::new("ABC Product".to_owned(), "USD".to_owned(), 999.0, 2.0);
    item.r#type = Some(InvoiceItemDtoType::OneTime);
    let mut discount = InvoicesDiscountDto::new(InvoicesDiscountDtoType::Percentage);
    discount.value = Some(10.0);
    let contact = ContactDetailsDto::new(
        "6578278e879ad2646715ba9c".to_owned(),
        "Alex".to_owned(),
        "+1234567890".to_owned(),
        "alex@example.com".to_owned(),
    );
    let mut invoice = CreateInvoiceDto::new(
        "6578278e879ad2646715ba9c".to_owned(),
        CreateInvoiceDtoAltType::Location,
        "New Invoice".to_owned(),
        business,
        "USD".to_owned(),
        vec![item],
        discount,
        contact,
        "2023-01-01".to_owned(),
        SentToDto::new(vec!["alex@example.com".to_owned()]),
        false,
    );
    invoice.due_date = Some("2023-01-14".to_owned());
    invoice.invoice_number_prefix = Some("INV-".to_owned());
    invoice
}

/// The body of [`invoice`], written from `CreateInvoiceDto`. `amount`, `qty` and `value` are
/// `type: number` (`f64`): serde_json writes them with a fraction (`2.0`), which is the same JSON
/// number as `2`.
fn invoice_json() -> Value {
    json!({
        "altId": "6578278e879ad2646715ba9c",
        "altType": "location",
        "name": "New Invoice",
        "businessDetails": {
            "name": "ABC Corp.",
            "address": {"addressLine1": "9931 Beechwood", "city": "St. Houston", "countryCode": "US"}
        },
        "currency": "USD",
        "items": [{"name": "ABC Product", "currency": "USD", "amount": 999.0, "qty": 2.0, "type": "one_time"}],
        "discount": {"value": 10.0, "type": "percentage"},
        "contactDetails": {
            "id": "6578278e879ad2646715ba9c",
            "name": "Alex",
            "phoneNo": "+1234567890",
            "email": "alex@example.com"
        },
        "issueDate": "2023-01-01",
        "dueDate": "2023-01-14",
        "sentTo": {"email": ["alex@example.com"]},
        "liveMode": false,
        "invoiceNumberPrefix": "INV-"
    })
}

#[tokio::test]
async fn create_invoice_posts_its_body_and_decodes_the_draft() {
    let expected = invoice_json();
    let answer = json!({
        "_id": "6578278e879ad2646715ba9d",
        "status": "draft",
        "liveMode": false,
        "amountPaid": 0,
        "altId": "6578278e879ad2646715ba9c",
        "altType": "location",
        "name": "New Invoice",
        "businessDetails": {"name": "ABC Corp."},
        "invoiceNumber": 1001,
        "currency": "USD",
        "contactDetails": {"id": "6578278e879ad2646715ba9c", "name": "Alex"},
        "issueDate": "2023-01-01",
        "dueDate": "2023-01-14",
        "discount": {"type": "percentage", "value": 10},
        "invoiceItems": [],
        "total": 1798.2,
        "title": "INVOICE",
        "amountDue": 1798.2,
        "createdAt": "2023-12-12T09:27:42.355Z",
        "updatedAt": "2023-12-12T09:27:42.355Z"
    });
    let server = strict_server("POST", "/invoices/", "2021-07-28", &expected, 200, answer).await;

    let draft = client(&server).invoices().create_invoice().body(invoice()).send().await.expect("200");

    assert_eq!(draft.id, "6578278e879ad2646715ba9d");
    assert_eq!(draft.status, CreateInvoiceResponseDtoStatus::Draft);
    assert!(!draft.live_mode);
    assert_eq!(draft.amount_paid, 0.0);
    assert_eq!(draft.alt_id, "6578278e879ad2646715ba9c");
    assert_eq!(draft.alt_type, CreateInvoiceResponseDtoAltType::Location);
    assert_eq!(draft.name, "New Invoice");
    assert_eq!(draft.business_details.get("name"), Some(&json!("ABC Corp.")));
    assert_eq!(draft.invoice_number, 1001.0);
    assert_eq!(draft.currency, "USD");
    assert_eq!(draft.contact_details.get("name"), Some(&json!("Alex")));
    assert_eq!(draft.issue_date, "2023-01-01");
    assert_eq!(draft.due_date, "2023-01-14");
    assert_eq!(draft.discount.as_ref().and_then(|d| d.get("type")), Some(&json!("percentage")));
    assert!(draft.invoice_items.is_empty());
    assert_eq!(draft.total, 1798.2);
    assert_eq!(draft.title, "INVOICE");
    assert_eq!(draft.amount_due, 1798.2);
    assert_eq!(draft.created_at, "2023-12-12T09:27:42.355Z");
    assert_eq!(draft.updated_at, "2023-12-12T09:27:42.355Z");
    assert_eq!(draft.automatic_taxes_enabled, None);
    assert!(draft.additional_properties.is_empty());

    let request = only_request(&server).await;
    assert_eq!(sent_json(&request, "/invoices/", "2021-07-28"), expected);
}

#[tokio::test]
async fn create_invoice_sends_the_location_token_first() {
    // Its security is `Location-Access` or `Agency-Access`: with both set, the first is sent; with
    // only the agency token, that one.
    let server = answering(422, json!({})).await;
    let both = Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retry())
        .location_access("location-token")
        .agency_access("agency-token")
        .build()
        .expect("builds");
    both.invoices().create_invoice().body(invoice()).send().await.expect_err("422");
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Bearer location-token"));

    let server = answering(422, json!({})).await;
    let agency = Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retry())
        .agency_access("agency-token")
        .build()
        .expect("builds");
    agency.invoices().create_invoice().body(invoice()).send().await.expect_err("422");
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Bearer agency-token"));
}

#[tokio::test]
async fn create_invoice_422_is_a_typed_unprocessable_entity() {
    let body = json!({
        "statusCode": 422,
        "message": ["items.0.amount must be a number", "sentTo.email must be an array"],
        "error": "Unprocessable Entity"
    });
    let server = answering(422, body).await;
    let err = client(&server).invoices().create_invoice().body(invoice()).send().await.expect_err("422");
    match &err {
        Error::Api { response, body: CreateInvoiceError::UnprocessableEntity(unprocessable), .. } => {
            assert_eq!(response.status.as_u16(), 422);
            assert_eq!(unprocessable.status_code, Some(422.0));
            assert_eq!(
                unprocessable.message.as_deref(),
                Some(&["items.0.amount must be a number".to_owned(), "sentTo.email must be an array".to_owned()][..])
            );
            assert_eq!(unprocessable.error.as_deref(), Some("Unprocessable Entity"));
        }
        other => panic!("expected Api/UnprocessableEntity, got {other:?}"),
    }
    only_request(&server).await;
}

// ---------------------------------------------------------------------------------------------
// conversations: `search-conversation` (GET /conversations/search): `startAfterDate` is a number
// or a list (the import's `query-object-wrapper` repair), in the exploded form style.

/// The query of the one request `search_conversation` makes with `start_after_date` set to `value`.
async fn search_query(value: SearchConversationStartAfterDate) -> String {
    let server = answering(200, json!({"conversations": [], "total": 0})).await;
    // Only the request is asserted here; whatever the answer decodes to does not matter.
    let _ =
        client(&server).conversations().search_conversation().location_id("loc1").start_after_date(value).send().await;
    only_request(&server).await.url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn search_conversation_sends_start_after_date_as_a_number_or_once_per_item() {
    assert_eq!(
        search_query(SearchConversationStartAfterDate::Number(1600854.0)).await,
        "locationId=loc1&startAfterDate=1600854"
    );
    let list = SearchConversationStartAfterDate::StringList(vec!["1600854".to_owned(), "1600851".to_owned()]);
    assert_eq!(search_query(list).await, "locationId=loc1&startAfterDate=1600854&startAfterDate=1600851");
}
