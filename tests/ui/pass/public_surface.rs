// The rest of the public surface a consumer uses: every builder method, the response wrapper,
// pagination page by page, typed errors, open enums, client configuration. The requests are only
// built into futures that `main` drops; what `main` runs needs no network.

use std::time::Duration;

use futures::TryStreamExt;
use leadconnector::conversations::{GetMessageError, GetMessagesError};
use leadconnector::types::{GetMessagesResponse, Message, MessageDirection, MessageType, MessageTypeFilter};
use leadconnector::{BearerToken, BuildError, Client, Error, RateLimit, Response, RetryPolicy};

fn configured_client() -> Result<Client, BuildError> {
    Client::builder()
        .bearer_token(BearerToken::new("not-a-real-token"))
        .base_url("http://127.0.0.1:9/")
        .timeout(Duration::from_secs(5))
        .retry_policy(
            RetryPolicy::default()
                .max_retries(3)
                .base_delay(Duration::from_millis(100))
                .max_delay(Duration::from_secs(2))
                .max_retry_after(Duration::from_secs(30))
                .retry_non_idempotent(false),
        )
        .max_retries(1)
        .user_agent("consumer-team/1.0")
        .build()
}

/// An open enum is matched with a wildcard arm: a later version of the crate may add variants.
fn direction(message: &Message) -> &str {
    match &message.direction {
        MessageDirection::Inbound => "in",
        MessageDirection::Outbound => "out",
        MessageDirection::Unknown(value) => value.as_str(),
        _ => "not known to this consumer",
    }
}

fn is_text(message_type: &MessageType) -> bool {
    match message_type {
        MessageType::TypeSms | MessageType::TypeCustomSms | MessageType::TypeCampaignSms => true,
        other => other.is_unknown() && other.as_str().ends_with("_SMS"),
    }
}

async fn one_page(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let response: Response<GetMessagesResponse> = client
        .conversations().get_messages("tDtDnQdgm2LXpyiqYvZ6")
        .r#type([MessageTypeFilter::TypeSms, MessageTypeFilter::TypeCall])
        .last_message_id("p1mRSHeLDhAms5q0LMr4")
        .limit(20)
        .timeout(Duration::from_secs(10))
        .send()
        .await?;

    // `Response` has associated functions, not methods (as `Arc`): nothing shadows a field of the body.
    let status: u16 = Response::status(&response).as_u16();
    let request_id = Response::headers(&response).get("x-request-id").and_then(|v| v.to_str().ok());
    let rate: &RateLimit = Response::rate_limit(&response);
    let (remaining, daily): (Option<u64>, Option<u64>) = (rate.remaining, rate.daily_remaining);
    println!("{status} {request_id:?} {remaining:?} {daily:?}");

    let page: GetMessagesResponse = Response::into_inner(response);
    for message in &page.messages {
        println!("{} {} {}", message.id, direction(message), is_text(&message.message_type));
    }
    println!("next: {} after {}", page.next_page, page.last_message_id);
    Ok(())
}

async fn every_page(client: &Client) -> Result<usize, Error<GetMessagesError>> {
    let mut pages = client.conversations().get_messages("tDtDnQdgm2LXpyiqYvZ6").limit(100).into_pages();
    let mut total = 0;
    while let Some(page) = pages.try_next().await? {
        total += page.messages.len();
        if Response::rate_limit(&page).remaining == Some(0) {
            break;
        }
    }
    Ok(total)
}

async fn typed_errors(client: &Client) -> Option<u16> {
    match client.conversations().get_messages("tDtDnQdgm2LXpyiqYvZ6").send().await {
        Ok(page) => {
            println!("{} messages", page.messages.len());
            None
        }
        Err(Error::Api { body: GetMessagesError::UnprocessableEntity(e), response, .. }) => {
            let reasons: Option<Vec<String>> = e.message;
            eprintln!("422 {}: {reasons:?}", response.status);
            Some(422)
        }
        Err(Error::Api { body: GetMessagesError::Unauthorized(e), .. }) => {
            eprintln!("token refused: {:?}", e.message);
            Some(401)
        }
        // GetMessagesError is non_exhaustive: the 400 and any status documented later land here.
        // The status, headers and rate limits of the response that came back, in one struct.
        Err(Error::Api { response, body, .. }) => {
            let rate: &RateLimit = &response.rate_limit;
            eprintln!("{}: {body:?} (remaining: {:?})", response.status, rate.remaining);
            Some(response.status.as_u16())
        }
        Err(Error::UnexpectedStatus { response, body, .. }) => {
            let request_id = response.headers.get("x-request-id").and_then(|v| v.to_str().ok());
            eprintln!("undocumented {}: {} bytes, request {request_id:?}", response.status, body.len());
            Some(response.status.as_u16())
        }
        Err(Error::Decode { path, message, .. }) => {
            eprintln!("bad body at {path}: {message}");
            None
        }
        Err(Error::Timeout { after }) => {
            eprintln!("timed out after {after:?}");
            None
        }
        // Error is non_exhaustive too: transport, invalid request, pagination, later additions.
        Err(err) => {
            eprintln!("{err} (raw body: {:?}, headers: {:?})", err.raw_body(), err.headers());
            // Kept past the error, e.g. for a log line later.
            let response: Option<leadconnector::ResponseMeta> = err.response().cloned();
            eprintln!("response: {response:?}, rate limits: {:?}", err.rate_limit());
            err.status().map(|s| s.as_u16())
        }
    }
}

async fn one_message(client: &Client) -> Result<Message, Error<GetMessageError>> {
    let response = client
        .conversations().get_message("ve9EPM428h8vShlRW1KT")
        .timeout(Duration::from_secs(3))
        .send()
        .await?;
    // Through `Deref`, a field of the message; its HTTP status is `Response::status(&response)`.
    let _own_status: &Option<leadconnector::types::MessageStatus> = &response.status;
    Ok(Response::into_inner(response))
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::main]
async fn main() {
    // The spec's first server is the default base URL.
    let default = Client::builder().bearer_token("t").build().expect("default client");
    assert_eq!(default.base_url(), "https://services.leadconnectorhq.com");

    let client = configured_client().expect("configured client");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    // The token is configured once and never shown again.
    assert!(!format!("{client:?}").contains("not-a-real-token"));
    assert!(!format!("{:?}", BearerToken::new("not-a-real-token")).contains("not-a-real-token"));

    // The only public way to get an unknown value: decode (or convert) a wire value.
    let brand_new = MessageType::from("TYPE_BRAND_NEW_SMS");
    assert!(brand_new.is_unknown() && is_text(&brand_new));
    assert_eq!(brand_new.to_string(), "TYPE_BRAND_NEW_SMS");
    assert_eq!("TYPE_SMS".parse::<MessageType>(), Ok(MessageType::TypeSms));
    assert_eq!(MessageTypeFilter::TypeSms.as_str(), "TYPE_SMS");

    // Built, checked to be spawnable, dropped: nothing is sent.
    let a = one_page(&client);
    let b = every_page(&client);
    let c = typed_errors(&client);
    let d = one_message(&client);
    assert_send(&a);
    assert_send(&b);
    assert_send(&c);
    assert_send(&d);
    drop((a, b, c, d));
}
