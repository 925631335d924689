//! Every pagination style against a wiremock server: the exact query of every request in order, the
//! items collected, and each stop rule. The request builder here is written as a generated one is:
//! a `Clone` struct of parameters whose `send` makes the request, and small functions that read a
//! page and set the next request's parameter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::{Stream, StreamExt};
use openapi_client_runtime::support::pagination::{cursors, offset, page};
use openapi_client_runtime::support::{Method, RequestParts};
use openapi_client_runtime::{Error, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod common;

use common::Client;

/// The request builder: the operation's parameters, in the order it sends them.
#[derive(Clone, Debug)]
struct List {
    client: Client,
    q: Option<String>,
    skip: Option<i32>,
    page: Option<i32>,
    limit: Option<i32>,
    start_after: Option<f64>,
    start_after_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Page {
    items: Vec<String>,
    total: Option<i64>,
    meta: Option<Meta>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    start_after: Option<f64>,
    start_after_id: Option<String>,
}

async fn send(list: List) -> Result<Response<Page>, Error<()>> {
    let mut parts = RequestParts::new("list", Method::GET);
    parts.path("/things");
    if let Some(q) = &list.q {
        parts.query("q", q);
    }
    if let Some(skip) = list.skip {
        parts.query("skip", &skip.to_string());
    }
    if let Some(page) = list.page {
        parts.query("page", &page.to_string());
    }
    if let Some(limit) = list.limit {
        parts.query("limit", &limit.to_string());
    }
    if let Some(start_after) = list.start_after {
        parts.query("startAfter", &start_after.to_string());
    }
    if let Some(id) = &list.start_after_id {
        parts.query("startAfterId", id);
    }
    let response = list.client.send(parts).await?;
    match response.status_code() {
        200 => response.success_json(),
        _ => Err(response.unexpected()),
    }
}

fn items(page: &Page) -> &[String] {
    &page.items
}

fn take_items(page: Page) -> Vec<String> {
    page.items
}

fn total(page: &Page) -> Option<u64> {
    page.total.and_then(|t| u64::try_from(t).ok())
}

fn with_skip(mut list: List, skip: u64) -> Option<List> {
    list.skip = Some(i32::try_from(skip).ok()?);
    Some(list)
}

fn with_page(mut list: List, page: u64) -> Option<List> {
    list.page = Some(i32::try_from(page).ok()?);
    Some(list)
}

fn cursor_values(page: &Page) -> Vec<Option<String>> {
    let meta = page.meta.as_ref();
    vec![meta.and_then(|m| m.start_after).map(|v| v.to_string()), meta.and_then(|m| m.start_after_id.clone())]
}

fn with_cursors(mut list: List, page: &Page) -> List {
    let meta = page.meta.as_ref();
    list.start_after = meta.and_then(|m| m.start_after);
    list.start_after_id = meta.and_then(|m| m.start_after_id.clone());
    list
}

/// A server that answers `GET /things` by the exact query string (`""` for none), from `script`;
/// any other query gets a 418, which ends a stream with an error the test sees.
async fn server(script: &[(&str, Value)]) -> (MockServer, Arc<Mutex<Vec<String>>>) {
    let server = MockServer::start().await;
    let answers: HashMap<String, Value> = script.iter().map(|(q, v)| ((*q).to_owned(), v.clone())).collect();
    let queries = Arc::new(Mutex::new(Vec::new()));
    let seen = queries.clone();
    Mock::given(path("/things"))
        .respond_with(move |request: &Request| {
            let query = request.url.query().unwrap_or("").to_owned();
            seen.lock().unwrap().push(query.clone());
            match answers.get(&query) {
                Some(body) => ResponseTemplate::new(200).set_body_json(body),
                None => ResponseTemplate::new(418),
            }
        })
        .mount(&server)
        .await;
    (server, queries)
}

fn list(server: &MockServer) -> List {
    List {
        client: common::build(common::builder(&server.uri())),
        q: Some("x".into()),
        skip: None,
        page: None,
        limit: None,
        start_after: None,
        start_after_id: None,
    }
}

/// What the stream yields: items, then `Err(reason)` for a pagination error or `Err(status)` for
/// an unexpected status.
async fn collect(stream: impl Stream<Item = Result<String, Error<()>>> + Unpin) -> Vec<Result<String, String>> {
    stream
        .map(|item| {
            item.map_err(|error| match error {
                Error::Pagination { reason } => reason,
                other => format!("status {:?}", other.status().map(|s| s.as_u16())),
            })
        })
        .collect()
        .await
}

fn oks(items: &[&str]) -> Vec<Result<String, String>> {
    items.iter().map(|i| Ok((*i).to_owned())).collect()
}

fn queries(log: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    log.lock().unwrap().clone()
}

fn offset_items(
    list: List,
    start: u64,
    limit: Option<u64>,
) -> impl Stream<Item = Result<String, Error<()>>> + Unpin + Send + 'static {
    offset::items(list, start, limit, send, items, total, with_skip, take_items)
}

fn page_items(
    list: List,
    start: u64,
    base: u64,
    limit: Option<u64>,
) -> impl Stream<Item = Result<String, Error<()>>> + Unpin + Send + 'static {
    page::items(list, start, base, limit, send, items, total, with_page, take_items)
}

fn cursor_items(list: List) -> impl Stream<Item = Result<String, Error<()>>> + Unpin + Send + 'static {
    let start = vec![list.start_after.map(|v| v.to_string()), list.start_after_id.clone()];
    cursors::items(list, start, send, cursor_values, items, with_cursors, take_items)
}

// --- offset ------------------------------------------------------------------------------------

#[tokio::test]
async fn offset_advances_by_the_items_read_and_stops_on_a_page_shorter_than_the_callers_limit() {
    let (server, log) = server(&[
        ("q=x&limit=2", json!({"items": ["a", "b"]})),
        ("q=x&skip=2&limit=2", json!({"items": ["c", "d"]})),
        ("q=x&skip=4&limit=2", json!({"items": ["e"]})),
    ])
    .await;
    let list = List { limit: Some(2), ..list(&server) };
    assert_eq!(collect(offset_items(list, 0, Some(2))).await, oks(&["a", "b", "c", "d", "e"]));
    assert_eq!(queries(&log), ["q=x&limit=2", "q=x&skip=2&limit=2", "q=x&skip=4&limit=2"]);
}

#[tokio::test]
async fn offset_starts_from_the_callers_offset_and_stops_when_it_reaches_the_total() {
    // The server's pages are of 3 (no limit was set); the total is 8, so skip=8 is never asked.
    let (server, log) = server(&[
        ("q=x&skip=2", json!({"items": ["c", "d", "e"], "total": 8})),
        ("q=x&skip=5", json!({"items": ["f", "g", "h"], "total": 8})),
    ])
    .await;
    let list = List { skip: Some(2), ..list(&server) };
    assert_eq!(collect(offset_items(list, 2, None)).await, oks(&["c", "d", "e", "f", "g", "h"]));
    assert_eq!(queries(&log), ["q=x&skip=2", "q=x&skip=5"]);
}

#[tokio::test]
async fn offset_stops_on_an_empty_page() {
    let (server, log) = server(&[
        ("q=x", json!({"items": ["a", "b"]})),
        ("q=x&skip=2", json!({"items": ["c"]})),
        ("q=x&skip=3", json!({"items": []})),
    ])
    .await;
    assert_eq!(collect(offset_items(list(&server), 0, None)).await, oks(&["a", "b", "c"]));
    assert_eq!(queries(&log), ["q=x", "q=x&skip=2", "q=x&skip=3"]);
}

#[tokio::test]
async fn offset_a_total_that_grows_does_not_extend_the_walk() {
    // Each page claims more items than the last; the first total (4) bounds the walk.
    let (server, log) = server(&[
        ("q=x", json!({"items": ["a", "b"], "total": 4})),
        ("q=x&skip=2", json!({"items": ["c", "d"], "total": 400})),
        ("q=x&skip=4", json!({"items": ["e", "f"], "total": 4000})),
    ])
    .await;
    assert_eq!(collect(offset_items(list(&server), 0, None)).await, oks(&["a", "b", "c", "d"]));
    assert_eq!(queries(&log), ["q=x", "q=x&skip=2"]);
}

#[tokio::test]
async fn offset_a_server_that_ignores_the_offset_ends_the_stream_with_an_error() {
    // Any query gets the same full page, with no total: the second page repeats the first.
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": ["a", "b"]})))
        .mount(&server)
        .await;
    let got = collect(offset_items(list(&server), 0, None)).await;
    let mut want = oks(&["a", "b", "a", "b"]);
    want.push(Err(
        "the server answered offset 2 with the items of a page it had already sent; stopping to avoid an endless loop"
            .into(),
    ));
    assert_eq!(got, want);
    let sent: Vec<_> = common::received(&server).await.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect();
    assert_eq!(sent, ["q=x", "q=x&skip=2"]);
}

#[tokio::test]
async fn offset_an_offset_past_the_parameters_type_ends_the_stream_with_an_error() {
    let start = i32::MAX - 1;
    let first = format!("q=x&skip={start}");
    let (server, log) = server(&[(first.as_str(), json!({"items": ["a", "b"]}))]).await;
    let list = List { skip: Some(start), ..list(&server) };
    let got = collect(offset_items(list, u64::try_from(start).unwrap(), None)).await;
    let mut want = oks(&["a", "b"]);
    want.push(Err("the next offset, 2147483648, does not fit the offset parameter's type".into()));
    assert_eq!(got, want);
    assert_eq!(queries(&log), [first]);
}

#[tokio::test]
async fn offset_an_error_response_is_yielded_after_the_items_before_it_and_ends_the_stream() {
    // skip=2 is not in the script: 418.
    let (server, log) = server(&[("q=x", json!({"items": ["a", "b"]}))]).await;
    let got = collect(offset_items(list(&server), 0, None)).await;
    let mut want = oks(&["a", "b"]);
    want.push(Err("status Some(418)".into()));
    assert_eq!(got, want);
    assert_eq!(queries(&log), ["q=x", "q=x&skip=2"]);
}

// --- page numbers ------------------------------------------------------------------------------

#[tokio::test]
async fn page_counts_up_from_one_and_stops_on_a_short_page() {
    let (server, log) = server(&[
        ("q=x&limit=2", json!({"items": ["a", "b"]})),
        ("q=x&page=2&limit=2", json!({"items": ["c", "d"]})),
        ("q=x&page=3&limit=2", json!({"items": ["e"]})),
    ])
    .await;
    let list = List { limit: Some(2), ..list(&server) };
    assert_eq!(collect(page_items(list, 1, 1, Some(2))).await, oks(&["a", "b", "c", "d", "e"]));
    assert_eq!(queries(&log), ["q=x&limit=2", "q=x&page=2&limit=2", "q=x&page=3&limit=2"]);
}

#[tokio::test]
async fn page_stops_when_pages_times_limit_reaches_the_total() {
    // Started at page 2 of 2-item pages, total 6: page 3 covers 6 items, page 4 is never asked.
    let (server, log) = server(&[
        ("q=x&page=2&limit=2", json!({"items": ["c", "d"], "total": 6})),
        ("q=x&page=3&limit=2", json!({"items": ["e", "f"], "total": 6})),
    ])
    .await;
    let list = List { page: Some(2), limit: Some(2), ..list(&server) };
    assert_eq!(collect(page_items(list, 2, 1, Some(2))).await, oks(&["c", "d", "e", "f"]));
    assert_eq!(queries(&log), ["q=x&page=2&limit=2", "q=x&page=3&limit=2"]);
}

#[tokio::test]
async fn page_zero_based_without_a_limit_stops_when_the_items_read_reach_the_total() {
    let (server, log) = server(&[
        ("q=x", json!({"items": ["a", "b"], "total": 3})),
        ("q=x&page=1", json!({"items": ["c"], "total": 3})),
    ])
    .await;
    assert_eq!(collect(page_items(list(&server), 0, 0, None)).await, oks(&["a", "b", "c"]));
    assert_eq!(queries(&log), ["q=x", "q=x&page=1"]);
}

#[tokio::test]
async fn page_stops_on_an_empty_page() {
    let (server, log) = server(&[("q=x", json!({"items": ["a", "b"]})), ("q=x&page=2", json!({"items": []}))]).await;
    assert_eq!(collect(page_items(list(&server), 1, 1, None)).await, oks(&["a", "b"]));
    assert_eq!(queries(&log), ["q=x", "q=x&page=2"]);
}

#[tokio::test]
async fn page_a_server_that_cycles_between_two_pages_ends_the_stream_with_an_error() {
    let (server, log) = server(&[
        ("q=x", json!({"items": ["a", "b"]})),
        ("q=x&page=2", json!({"items": ["c", "d"]})),
        ("q=x&page=3", json!({"items": ["a", "b"]})),
    ])
    .await;
    let got = collect(page_items(list(&server), 1, 1, None)).await;
    let mut want = oks(&["a", "b", "c", "d", "a", "b"]);
    want.push(Err(
        "the server answered page 3 with the items of a page it had already sent; stopping to avoid an endless loop"
            .into(),
    ));
    assert_eq!(got, want);
    assert_eq!(queries(&log), ["q=x", "q=x&page=2", "q=x&page=3"]);
}

// --- several cursors ---------------------------------------------------------------------------

#[tokio::test]
async fn cursors_are_sent_together_from_the_page_until_every_one_is_missing() {
    let (server, log) = server(&[
        ("q=x", json!({"items": ["a", "b"], "meta": {"startAfter": 100, "startAfterId": "b"}})),
        (
            "q=x&startAfter=100&startAfterId=b",
            json!({"items": ["c"], "meta": {"startAfter": 200, "startAfterId": "c"}}),
        ),
        ("q=x&startAfter=200&startAfterId=c", json!({"items": ["d"], "meta": {"startAfter": null}})),
    ])
    .await;
    assert_eq!(collect(cursor_items(list(&server))).await, oks(&["a", "b", "c", "d"]));
    assert_eq!(queries(&log), ["q=x", "q=x&startAfter=100&startAfterId=b", "q=x&startAfter=200&startAfterId=c"]);
}

#[tokio::test]
async fn cursors_stop_on_a_page_without_items() {
    let (server, log) = server(&[
        ("q=x", json!({"items": ["a"], "meta": {"startAfter": 1, "startAfterId": "a"}})),
        ("q=x&startAfter=1&startAfterId=a", json!({"items": [], "meta": {"startAfter": 2, "startAfterId": "z"}})),
    ])
    .await;
    assert_eq!(collect(cursor_items(list(&server))).await, oks(&["a"]));
    assert_eq!(queries(&log), ["q=x", "q=x&startAfter=1&startAfterId=a"]);
}

#[tokio::test]
async fn cursors_repeated_by_the_server_end_the_stream_with_an_error() {
    // The caller starts from (5, "e"); the first page hands out the same pair again.
    let (server, log) = server(&[(
        "q=x&startAfter=5&startAfterId=e",
        json!({"items": ["f"], "meta": {"startAfter": 5, "startAfterId": "e"}}),
    )])
    .await;
    let list = List { start_after: Some(5.0), start_after_id: Some("e".into()), ..list(&server) };
    let got = collect(cursor_items(list)).await;
    let mut want = oks(&["f"]);
    want.push(Err("the server returned the cursors `5`, `e` a second time; stopping to avoid an endless loop".into()));
    assert_eq!(got, want);
    assert_eq!(queries(&log), ["q=x&startAfter=5&startAfterId=e"]);
}

#[tokio::test]
async fn the_page_streams_of_each_style_yield_whole_pages() {
    let (server, log) = server(&[
        ("q=x&limit=2", json!({"items": ["a", "b"], "total": 3})),
        ("q=x&skip=2&limit=2", json!({"items": ["c"], "total": 3})),
    ])
    .await;
    let list = List { limit: Some(2), ..list(&server) };
    let pages: Vec<_> = offset::pages(list, 0, Some(2), send, items, total, with_skip).collect().await;
    let pages: Vec<Vec<String>> = pages.into_iter().map(|p| Response::into_inner(p.unwrap()).items).collect();
    assert_eq!(pages, [vec!["a", "b"], vec!["c"]]);
    assert_eq!(queries(&log), ["q=x&limit=2", "q=x&skip=2&limit=2"]);
}
