//! 4. Pagination from a loopback server: our `into_stream()` vs a raw reqwest + serde_json loop
//!    (written here, decoding into the same generated page type, so the difference is the client's
//!    own work: URL and header building, retries bookkeeping, the stream), in pages of 100; ours by
//!    hand (one `send()` a page, the cursor followed as the raw loop does), which separates the
//!    per-request cost from the stream's; and our peak memory at 10,000 vs 100,000 messages, which
//!    must stay flat.
//!
//! The server is `loopback::serve`, a minimal HTTP/1.1 responder, so that server cost is small and
//! the same for both clients.

use std::sync::Arc;
use std::time::Instant;

use futures::TryStreamExt;
use tokio::net::TcpListener;

use crate::alloc;
use crate::loopback;
use crate::stats::{round_ratios, show, times, Figure, Measure, Row};
use crate::Options;

const PAGE: usize = 100;

/// The body of page `k` of a conversation of `total` messages.
fn page_body(k: usize, total: usize) -> String {
    let pages = total.div_ceil(PAGE);
    let mut body = String::with_capacity(PAGE * 260);
    body.push_str("{\"messages\":[");
    for i in 0..PAGE {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            "{{\"id\":\"m{k}-{i:03}\",\"type\":2,\"messageType\":\"TYPE_SMS\",\"locationId\":\"loc-1\",\"contactId\":\"contact-1\",\"conversationId\":\"conv-1\",\"dateAdded\":\"2024-03-27T18:13:49.000Z\",\"body\":\"Message {i}\",\"direction\":\"inbound\",\"status\":\"delivered\",\"contentType\":\"text/plain\"}}"
        ));
    }
    body.push_str(&format!("],\"lastMessageId\":\"m{k}-{:03}\",\"nextPage\":{}}}", PAGE - 1, k + 1 < pages));
    body
}

/// Which page a request asks for: 0 without a cursor, k+1 after `m{k}-…`.
fn page_index(request_line: &str) -> usize {
    request_line
        .split("lastMessageId=m")
        .nth(1)
        .and_then(|rest| rest.split('-').next())
        .and_then(|k| k.parse::<usize>().ok())
        .map_or(0, |k| k + 1)
}

/// A whole response with page `k` of `total` messages, for the request line `line`.
fn page_response(line: &str, total: usize) -> String {
    let body = page_body(page_index(line), total);
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
}

async fn ours(base: &str, expected: usize) -> usize {
    let client = leadconnector::Client::builder().base_url(base).bearer_token("bench").build().expect("client");
    let mut stream = client.conversations().get_messages("conv-1").limit(PAGE as i32).into_stream();
    let mut n = 0;
    while let Some(message) = stream.try_next().await.expect("page") {
        std::hint::black_box(&message);
        n += 1;
    }
    assert_eq!(n, expected);
    n
}

/// Counts a page's messages and gives the cursor of the next page (`None` after the last).
fn count_and_follow(page: leadconnector::types::GetMessagesResponse, n: &mut usize) -> Option<String> {
    *n += page.messages.len();
    std::hint::black_box(&page);
    page.next_page.then_some(page.last_message_id)
}

/// Ours without the stream: one `send()` per page, the cursor followed by hand (as `raw` does).
async fn ours_sent(base: &str, expected: usize) -> usize {
    let client = leadconnector::Client::builder().base_url(base).bearer_token("bench").build().expect("client");
    let mut cursor: Option<String> = None;
    let mut n = 0;
    loop {
        let mut call = client.conversations().get_messages("conv-1").limit(PAGE as i32);
        if let Some(c) = &cursor {
            call = call.last_message_id(c.clone());
        }
        let page = leadconnector::Response::into_inner(call.send().await.expect("page"));
        cursor = count_and_follow(page, &mut n);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(n, expected);
    n
}

async fn raw(base: &str, expected: usize) -> usize {
    let http = reqwest::Client::new();
    let mut cursor: Option<String> = None;
    let mut n = 0;
    loop {
        let mut url = format!("{base}/conversations/conv-1/messages?limit={PAGE}");
        if let Some(c) = &cursor {
            url.push_str("&lastMessageId=");
            url.push_str(c);
        }
        let bytes = http
            .get(&url)
            .header("Version", "2021-07-28")
            .bearer_auth("bench")
            .send()
            .await
            .expect("send")
            .bytes()
            .await
            .expect("body");
        let page: leadconnector::types::GetMessagesResponse = serde_json::from_slice(&bytes).expect("page");
        cursor = count_and_follow(page, &mut n);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(n, expected);
    n
}

pub fn run(options: &Options, rows: &mut Vec<Row>) -> Option<Figure> {
    eprintln!("== 4. pagination");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
    runtime.block_on(async {
        let small = 10_000;
        let large = 100_000;
        let mut bases = Vec::new();
        for total in [small, large] {
            let listener = TcpListener::bind("127.0.0.1:0").await.ok()?;
            let base = format!("http://{}", listener.local_addr().ok()?);
            tokio::spawn(loopback::serve(listener, Arc::new(move |line: &str| page_response(line, total))));
            bases.push(base);
        }
        // Warm up the clients (connections, allocator), then alternate the three sides in each
        // round so that drift hits them alike; each round's own ratio is a sample of the ratio.
        ours(&bases[0], small).await;
        ours_sent(&bases[0], small).await;
        raw(&bases[0], small).await;
        let rounds = if options.quick { 15 } else { 41 };
        // Per side (stream, by hand, raw), its time in each round; the order turns each round.
        let mut t: [Vec<f64>; 3] = Default::default();
        for round in 0..rounds {
            for k in 0..3 {
                let side = (round + k) % 3;
                let start = Instant::now();
                match side {
                    0 => ours(&bases[0], small).await,
                    1 => ours_sent(&bases[0], small).await,
                    _ => raw(&bases[0], small).await,
                };
                t[side].push(start.elapsed().as_secs_f64());
            }
        }
        let (s, o, r) = (times(&t[0]), times(&t[1]), times(&t[2]));
        // Throughput ratios: the raw loop's time over ours, round by round.
        let (stream_ratio, sent_ratio) = (round_ratios(&t[2], &t[0]), round_ratios(&t[2], &t[1]));
        let rate = |m: &Measure| format!("{:.0}k msg/s", small as f64 / m.median / 1e3);
        rows.push(Row {
            what: "paginate 10,000 messages, pages of 100 (loopback)".into(),
            ours: show(&s),
            baseline: show(&r),
            ratio: Some(stream_ratio.median),
            note: format!(
                "throughput ours/raw, median of {rounds} alternated rounds (±{:.0}%); `into_stream()`; {} vs {}",
                stream_ratio.spread_pct(),
                rate(&s),
                rate(&r)
            ),
        });
        rows.push(Row {
            what: "paginate by hand, one send() a page (loopback)".into(),
            ours: show(&o),
            baseline: show(&r),
            ratio: Some(sent_ratio.median),
            note: format!(
                "the per-request cost alone (no stream), alternated as above (±{:.0}%)",
                sent_ratio.spread_pct()
            ),
        });

        let mut peaks = Vec::new();
        for (base, total) in [(&bases[0], small), (&bases[1], large)] {
            let start = alloc::reset_peak();
            ours(base, total).await;
            peaks.push(alloc::peak_above(start));
        }
        let kib = |b: usize| format!("{:.0} KiB", b as f64 / 1024.0);
        rows.push(Row {
            what: "paginate: peak heap, 100,000 vs 10,000 messages".into(),
            ours: kib(peaks[1]),
            baseline: kib(peaks[0]),
            ratio: Some(peaks[1] as f64 / peaks[0].max(1) as f64),
            note: "ours at both sizes (server included); ~1.0 = flat".into(),
        });
        Some(Figure::of(&stream_ratio))
    })
}
