//! 5. Client-side pacing: 1,000 calls (`get_message`) from 50 concurrent tasks against a loopback
//!    server that enforces 100 requests per second (a sliding window of arrivals) and answers `429`
//!    beyond it, reporting its limit in the headers the spec names (`X-RateLimit-Max`,
//!    `-Remaining`, `-Interval-Milliseconds`). The client retries a `429` as it always does.
//!
//!    For each client: the 429s the caller saw (goal 0), the 429s the server had to send (goal
//!    ≤ 1% of the calls), and the throughput as a fraction of the server's limit (goal ≥ 0.95).
//!    The baseline is the same client without pacing, in the same run.
//!
//! The server is `loopback::serve`, as the pagination measure's is.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use leadconnector::{Pacing, RetryPolicy};
use tokio::net::TcpListener;

use crate::loopback;
use crate::stats::{Figure, Row};
use crate::Options;

const LIMIT: usize = 100;
const WINDOW: Duration = Duration::from_secs(1);
const TASKS: usize = 50;
const BODY: &str = include_str!("../../../tests/golden/get_message.minimal.json");

/// What the server counted.
#[derive(Default)]
struct Counts {
    arrivals: VecDeque<Instant>,
    refused: usize,
}

/// The status and headers of the next response: 200 while fewer than `LIMIT` requests arrived in
/// the last `WINDOW`, else 429.
fn admit(counts: &Mutex<Counts>) -> (bool, usize) {
    let mut counts = counts.lock().expect("counts");
    let now = Instant::now();
    while counts.arrivals.front().is_some_and(|at| now.duration_since(*at) >= WINDOW) {
        counts.arrivals.pop_front();
    }
    if counts.arrivals.len() >= LIMIT {
        counts.refused += 1;
        return (false, 0);
    }
    counts.arrivals.push_back(now);
    (true, LIMIT - counts.arrivals.len())
}

/// The whole response to the next request.
fn respond(counts: &Mutex<Counts>) -> String {
    let (ok, remaining) = admit(counts);
    let headers = format!(
        "x-ratelimit-max: {LIMIT}\r\nx-ratelimit-remaining: {remaining}\r\nx-ratelimit-interval-milliseconds: {}\r\n",
        WINDOW.as_millis()
    );
    if ok {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\n\r\n{BODY}",
            BODY.len()
        )
    } else {
        format!("HTTP/1.1 429 Too Many Requests\r\n{headers}content-length: 0\r\n\r\n")
    }
}

/// One client's figures.
struct Figures {
    caller_429s: usize,
    server_429s: usize,
    /// Calls per second as a fraction of the server's limit.
    throughput: f64,
    elapsed: Duration,
}

async fn drive(calls: usize, pacing: Option<Pacing>) -> Option<Figures> {
    let listener = TcpListener::bind("127.0.0.1:0").await.ok()?;
    let base = format!("http://{}", listener.local_addr().ok()?);
    let counts = Arc::new(Mutex::new(Counts::default()));
    let server_counts = counts.clone();
    tokio::spawn(loopback::serve(listener, Arc::new(move |_: &str| respond(&server_counts))));
    // The default policy (a few retries with backoff); a wide deadline, so that waiting is never cut.
    let builder = leadconnector::Client::builder()
        .base_url(base)
        .bearer_token("bench")
        .retry_policy(RetryPolicy::default())
        .deadline(Duration::from_secs(600));
    let builder = match pacing {
        Some(pacing) => builder.pacing(pacing),
        None => builder,
    };
    let client = builder.build().ok()?;
    let start = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut refused = 0;
                for _ in (task..calls).step_by(TASKS) {
                    match client.conversations().get_message("msg-1").send().await {
                        Ok(message) => {
                            std::hint::black_box(&message);
                        }
                        Err(err) if err.status().map(|s| s.as_u16()) == Some(429) => refused += 1,
                        Err(err) => panic!("{err}"),
                    }
                }
                refused
            })
        })
        .collect();
    let mut caller_429s = 0;
    for task in tasks {
        caller_429s += task.await.ok()?;
    }
    let elapsed = start.elapsed();
    let served = calls - caller_429s;
    let server_429s = counts.lock().ok()?.refused;
    // The server admits `LIMIT` per `WINDOW`; the first `LIMIT` calls need no wait at all, so the
    // fair time for `served` calls is the windows after the first one.
    let fair = WINDOW.as_secs_f64() * (served.saturating_sub(LIMIT) as f64 / LIMIT as f64);
    let throughput = if elapsed.as_secs_f64() > 0.0 { fair / elapsed.as_secs_f64() } else { 0.0 };
    Some(Figures { caller_429s, server_429s, throughput, elapsed })
}

pub fn run(options: &Options, rows: &mut Vec<Row>) -> Option<Figure> {
    eprintln!("== 5. pacing");
    let calls = if options.quick { 300 } else { 1000 };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
    runtime.block_on(async {
        let baseline = drive(calls, None).await?;
        let configured = drive(calls, Some(Pacing::new().max_requests(LIMIT as u32, WINDOW))).await?;
        let learned = drive(calls, Some(Pacing::new())).await?;
        let show = |f: &Figures| {
            format!(
                "{} / {} ({:.1}%) / {:.2}",
                f.caller_429s,
                f.server_429s,
                100.0 * f.server_429s as f64 / calls as f64,
                f.throughput
            )
        };
        for (what, figures) in [("configured (100 per 1 s)", &configured), ("learned from the headers", &learned)] {
            rows.push(Row {
                what: format!("pace: {calls} calls, {TASKS} tasks, {what}"),
                ours: show(figures),
                baseline: show(&baseline),
                ratio: Some(figures.throughput),
                note: format!(
                    "caller 429s / server 429s / throughput vs limit; {:.1} s (baseline {:.1} s)",
                    figures.elapsed.as_secs_f64(),
                    baseline.elapsed.as_secs_f64()
                ),
            });
        }
        Some(Figure::once(configured.throughput.min(learned.throughput)))
    })
}
