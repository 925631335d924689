//! Conformance with an independent implementation of the spec: Stoplight Prism serves
//! `spec/leadconnector.yaml` (validation and dynamic responses) and the generated client calls it
//! with random valid arguments. Prism reports every way a request breaks the spec in its
//! `sl-violations` header: there must be none, and every response it invents must decode.
//! The other direction: a request Prism rejects comes back as the operation's documented error.
//!
//! Needs Prism, so both tests are `#[ignore]`d: `cargo test` lists them as ignored, with the reason,
//! never as passed. `.ci/run` installs Prism with npm into `target/prism` and runs them with
//! `PRISM=target/prism/node_modules/.bin/prism cargo test -p leadconnector-tests --test prism -- --ignored`;
//! asked to run without `PRISM`, they fail and say why.

mod prism_support;

use std::time::Duration;

use leadconnector::conversations::GetMessagesError;
use leadconnector::types::MessageTypeFilter;
use leadconnector::{Client, Error, RetryPolicy};
use prism_support::{prism, runtime, violations, Prism};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn start(executable: &str) -> Prism {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/leadconnector.yaml");
    prism_support::start(executable, std::path::Path::new(spec), Duration::from_secs(60))
}

fn client(prism: &Prism) -> Client {
    Client::builder()
        .base_url(&prism.base_url)
        .bearer_token("conformance-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("the client builds")
}

const FILTERS: &[&str] = &[
    "TYPE_CALL",
    "TYPE_SMS",
    "TYPE_EMAIL",
    "TYPE_FACEBOOK",
    "TYPE_GMB",
    "TYPE_INSTAGRAM",
    "TYPE_WHATSAPP",
    "TYPE_ACTIVITY_APPOINTMENT",
    "TYPE_ACTIVITY_CONTACT",
    "TYPE_ACTIVITY_INVOICE",
    "TYPE_ACTIVITY_PAYMENT",
    "TYPE_ACTIVITY_OPPORTUNITY",
    "TYPE_LIVE_CHAT",
    "TYPE_INTERNAL_COMMENTS",
];

/// An id as a caller might pass one: any printable text, spaces and slashes included.
fn id() -> impl Strategy<Value = String> {
    // `.` and `..` are refused by the client itself (they would change the path).
    "[A-Za-z0-9 ._~:/?#@!$&'()*+,;=%-]{1,24}".prop_filter("not a dot segment", |s| s != "." && s != "..")
}

#[derive(Debug, Clone)]
struct Call {
    conversation_id: String,
    message_id: String,
    limit: Option<i32>,
    filters: Option<Vec<usize>>,
    last_message_id: Option<String>,
    pages: usize,
}

fn call() -> impl Strategy<Value = Call> {
    (
        id(),
        id(),
        proptest::option::of(1i32..=100),
        proptest::option::of(proptest::collection::vec(0..FILTERS.len(), 1..4)),
        proptest::option::of(id()),
        1usize..=3,
    )
        .prop_map(|(conversation_id, message_id, limit, filters, last_message_id, pages)| Call {
            conversation_id,
            message_id,
            limit,
            filters,
            last_message_id,
            pages,
        })
}

/// One round: `get_message`, then up to `pages` pages of `get_messages` with every parameter the
/// call sets. Returns how many requests were made, and how many of them followed a cursor.
async fn round(client: &Client, call: &Call) -> Result<(usize, usize), String> {
    let mut requests = 1;
    let message = client.conversations().get_message(&call.message_id).send().await;
    match &message {
        Ok(response) => {
            if let Some(v) = violations(openapi_client_runtime::Response::headers(&response)) {
                return Err(format!("get_message({:?}): Prism reports {v}", call.message_id));
            }
        }
        Err(err) => return Err(format!("get_message({:?}) did not decode: {err}", call.message_id)),
    }
    let mut builder = client.conversations().get_messages(&call.conversation_id);
    if let Some(limit) = call.limit {
        builder = builder.limit(limit);
    }
    if let Some(filters) = &call.filters {
        builder = builder.r#type(filters.iter().map(|i| MessageTypeFilter::from(FILTERS[*i])));
    }
    if let Some(cursor) = &call.last_message_id {
        builder = builder.last_message_id(cursor);
    }
    let mut pages = builder.into_pages();
    use futures::StreamExt;
    for _ in 0..call.pages {
        let Some(page) = pages.next().await else { break };
        requests += 1;
        match page {
            Ok(response) => {
                if let Some(v) = violations(openapi_client_runtime::Response::headers(&response)) {
                    return Err(format!("get_messages {call:?}: Prism reports {v}"));
                }
            }
            // Prism's invented pages may repeat a cursor; the client stops there, as documented.
            Err(Error::Pagination { .. }) => break,
            Err(err) => return Err(format!("get_messages {call:?} did not decode: {err}")),
        }
    }
    // The first page is one request of `get_messages`; every other followed a cursor.
    Ok((requests, requests.saturating_sub(2)))
}

#[test]
#[ignore = "needs Stoplight Prism: set PRISM to its executable and pass --ignored (.ci/run does)"]
fn random_valid_calls_break_no_rule_of_the_spec_and_every_response_decodes() {
    let prism = start(&prism());
    let client = client(&prism);
    let rt = runtime();
    let mut runner = TestRunner::new(Config { cases: 150, failure_persistence: None, ..Config::default() });
    // 150 rounds of at least two requests each: hundreds of calls.
    let (requests, followed) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let result = runner.run(&call(), |call| {
        let (made, cursors) = rt.block_on(round(&client, &call)).map_err(TestCaseError::fail)?;
        requests.set(requests.get() + made);
        followed.set(followed.get() + cursors);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let (requests, followed) = (requests.get(), followed.get());
    // Prism invents `nextPage`: pagination must have been exercised, not only first pages.
    assert!(followed > 0, "no round followed a cursor in {requests} requests");
    eprintln!(
        "Prism conformance: {requests} requests ({followed} after a cursor), no violation, every response decoded"
    );
}

#[test]
#[ignore = "needs Stoplight Prism: set PRISM to its executable and pass --ignored (.ci/run does)"]
fn a_request_prism_rejects_comes_back_as_the_documented_error() {
    let prism = start(&prism());
    let client = client(&prism);
    let rt = runtime();
    // `limit` has `minimum: 1`; the client sends what it is given, Prism answers 422.
    let err =
        rt.block_on(client.conversations().get_messages("c1").limit(0).send()).expect_err("Prism rejects limit=0");
    let v = err.headers().and_then(violations).unwrap_or_default();
    assert!(v.contains("limit"), "Prism names the parameter: {v}");
    match &err {
        Error::Api { response, body: GetMessagesError::UnprocessableEntity(_), .. } => {
            assert_eq!(response.status.as_u16(), 422)
        }
        other => panic!("expected the documented 422, got {other:?}"),
    }
}
