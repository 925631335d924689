//! The client generated from `codegen/tests/fixtures/pagination-styles.yaml`
//! (`tests/fixture-clients/pagination-styles`) against wiremock: `into_stream()` and `into_pages()`
//! of every `x-pagination` style send exactly the queries the style's rule gives, keep the caller's
//! other parameters, collect every item, and stop where the rule says.

use fixture_pagination_styles::{Client, Error};
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server on which `GET route` answers by exact query string (`""` for none) from `script`; any
/// other query gets a 418, which a stream yields as its error.
async fn server(route: &str, script: &[(&str, Value)]) -> MockServer {
    let server = MockServer::start().await;
    let answers: Vec<(String, Value)> = script.iter().map(|(q, v)| ((*q).to_owned(), v.clone())).collect();
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(move |request: &Request| {
            let query = request.url.query().unwrap_or("");
            match answers.iter().find(|(q, _)| q == query) {
                Some((_, body)) => ResponseTemplate::new(200).set_body_json(body),
                None => ResponseTemplate::new(418),
            }
        })
        .mount(&server)
        .await;
    server
}

/// The query of every request `server` received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.expect("request recording is on");
    received.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect()
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).max_retries(0).build().expect("the client builds")
}

#[tokio::test]
async fn one_cursor_in_a_nested_object_is_followed_while_more_is_true() {
    let server = server(
        "/events",
        &[
            ("kind=x", json!({"events": ["a", "b"], "meta": {"next": "c2", "more": true}})),
            ("after=c2&kind=x", json!({"events": ["c"], "meta": {"next": "c3", "more": false}})),
        ],
    )
    .await;
    let events: Vec<String> = client(&server).list_events().kind("x").into_stream().try_collect().await.unwrap();
    assert_eq!(events, ["a", "b", "c"]);
    assert_eq!(queries(&server).await, ["kind=x", "after=c2&kind=x"]);
}

#[tokio::test]
async fn two_cursors_from_meta_are_sent_together_until_both_are_null() {
    let server = server(
        "/contacts",
        &[
            (
                "locationId=L&limit=2",
                json!({"contacts": [{"id": "1"}, {"id": "2"}], "meta": {"startAfter": 1700, "startAfterId": "2"}}),
            ),
            (
                "locationId=L&startAfter=1700&startAfterId=2&limit=2",
                json!({"contacts": [{"id": "3"}], "meta": {"startAfter": null, "startAfterId": null}}),
            ),
        ],
    )
    .await;
    let contacts: Vec<_> =
        client(&server).search_contacts().location_id("L").limit(2).into_stream().try_collect().await.unwrap();
    let ids: Vec<_> = contacts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(queries(&server).await, ["locationId=L&limit=2", "locationId=L&startAfter=1700&startAfterId=2&limit=2"]);
}

#[tokio::test]
async fn two_cursors_repeated_by_the_server_end_the_stream_with_an_error() {
    let page = json!({"contacts": [{"id": "1"}], "meta": {"startAfter": 5, "startAfterId": "1"}});
    let server =
        server("/contacts", &[("locationId=L", page.clone()), ("locationId=L&startAfter=5&startAfterId=1", page)])
            .await;
    let got: Vec<_> = client(&server).search_contacts().location_id("L").into_stream().collect().await;
    assert_eq!(got.len(), 3, "two items, then the error: {got:?}");
    assert!(matches!(got.last(), Some(Err(Error::Pagination { .. }))), "{got:?}");
    assert_eq!(queries(&server).await, ["locationId=L", "locationId=L&startAfter=5&startAfterId=1"]);
}

#[tokio::test]
async fn skip_advances_by_the_items_read_and_stops_at_the_total_in_meta() {
    let server = server(
        "/opportunities",
        &[
            ("skip=10", json!({"opportunities": [{"id": "k"}, {"id": "l"}, {"id": "m"}], "meta": {"total": 15}})),
            ("skip=13", json!({"opportunities": [{"id": "n"}, {"id": "o"}], "meta": {"total": 15}})),
        ],
    )
    .await;
    let got: Vec<_> = client(&server).list_opportunities().skip(10).into_stream().try_collect().await.unwrap();
    let ids: Vec<_> = got.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["k", "l", "m", "n", "o"]);
    assert_eq!(queries(&server).await, ["skip=10", "skip=13"]);
}

#[tokio::test]
async fn skip_stops_on_a_page_shorter_than_the_callers_limit() {
    let server = server(
        "/opportunities",
        &[
            ("limit=2", json!({"opportunities": [{"id": "a"}, {"id": "b"}]})),
            ("skip=2&limit=2", json!({"opportunities": [{"id": "c"}]})),
        ],
    )
    .await;
    let pages: Vec<_> = client(&server).list_opportunities().limit(2).into_pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(queries(&server).await, ["limit=2", "skip=2&limit=2"]);
}

#[tokio::test]
async fn page_numbers_count_from_one_and_stop_when_pages_times_limit_reach_the_total() {
    let server = server(
        "/invoices",
        &[
            ("limit=2", json!({"invoices": ["a", "b"], "total": 6})),
            ("page=2&limit=2", json!({"invoices": ["c", "d"], "total": 6})),
            ("page=3&limit=2", json!({"invoices": ["e", "f"], "total": 6})),
        ],
    )
    .await;
    let got: Vec<String> = client(&server).list_invoices().limit(2).into_stream().try_collect().await.unwrap();
    assert_eq!(got, ["a", "b", "c", "d", "e", "f"]);
    assert_eq!(queries(&server).await, ["limit=2", "page=2&limit=2", "page=3&limit=2"]);
}

#[tokio::test]
async fn page_numbers_from_zero_stop_on_an_empty_page_and_a_missing_list_is_empty() {
    let server = server(
        "/reports",
        &[
            ("", json!({"reports": ["r0"]})),
            ("page=1", json!({"reports": ["r1"]})),
            ("page=2", json!({"reports": null})),
        ],
    )
    .await;
    let got: Vec<String> = client(&server).list_reports().into_stream().try_collect().await.unwrap();
    assert_eq!(got, ["r0", "r1"]);
    assert_eq!(queries(&server).await, ["", "page=1", "page=2"]);
}

#[tokio::test]
async fn page_numbers_a_server_that_ignores_the_page_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/reports"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"reports": ["same"]})))
        .mount(&server)
        .await;
    let got: Vec<_> = client(&server).list_reports().page(4).into_stream().collect().await;
    assert_eq!(got.len(), 3, "the item twice, then the error: {got:?}");
    assert!(matches!(got.last(), Some(Err(Error::Pagination { .. }))), "{got:?}");
    assert_eq!(queries(&server).await, ["page=4", "page=5"]);
}
