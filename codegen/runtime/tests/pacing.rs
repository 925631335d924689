//! Client-side pacing against a server that enforces a rate limit (a sliding window) and answers
//! `429` beyond it, reporting its limit in the headers the API description names.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;

use common::{build_with, Client};
use openapi_client_runtime::support::{ApiInfo, Method, RateLimitHeaderNames, RequestParts};
use openapi_client_runtime::{Pacing, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const API: ApiInfo = ApiInfo {
    default_base_url: None,
    user_agent: "pacing-tests/0",
    rate_limit_headers: RateLimitHeaderNames {
        limit: Some("X-RateLimit-Max"),
        remaining: Some("X-RateLimit-Remaining"),
        interval_ms: Some("X-RateLimit-Interval-Milliseconds"),
        daily_limit: None,
        daily_remaining: None,
    },
};

const LIMIT: usize = 5;
const WINDOW: Duration = Duration::from_millis(300);
const CALLS: usize = 30;

/// Answers 200 while fewer than `LIMIT` requests arrived in the last `WINDOW`, else 429; counts both.
#[derive(Clone, Default)]
struct Limited {
    arrivals: Arc<Mutex<VecDeque<Instant>>>,
    refused: Arc<Mutex<usize>>,
}

impl Respond for Limited {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let mut arrivals = self.arrivals.lock().unwrap();
        while arrivals.front().is_some_and(|at| now.duration_since(*at) >= WINDOW) {
            arrivals.pop_front();
        }
        let interval = WINDOW.as_millis().to_string();
        if arrivals.len() >= LIMIT {
            *self.refused.lock().unwrap() += 1;
            return ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Max", LIMIT.to_string().as_str())
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Interval-Milliseconds", interval.as_str());
        }
        arrivals.push_back(now);
        let remaining = (LIMIT - arrivals.len()).to_string();
        ResponseTemplate::new(200)
            .insert_header("X-RateLimit-Max", LIMIT.to_string().as_str())
            .insert_header("X-RateLimit-Remaining", remaining.as_str())
            .insert_header("X-RateLimit-Interval-Milliseconds", interval.as_str())
    }
}

async fn server() -> (MockServer, Limited) {
    let server = MockServer::start().await;
    let limited = Limited::default();
    Mock::given(method("GET")).respond_with(limited.clone()).mount(&server).await;
    (server, limited)
}

/// `CALLS` calls from 10 tasks; the statuses the caller got, and how long it took.
async fn run(client: Client) -> (Vec<u16>, Duration) {
    let start = Instant::now();
    let tasks: Vec<_> = (0..10)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for _ in (task..CALLS).step_by(10) {
                    let parts = RequestParts::new("get", Method::GET);
                    let status = match client.core().execute(parts).await {
                        Ok(response) => response.status_code(),
                        Err(failure) => panic!("{failure}"),
                    };
                    statuses.push(status);
                }
                statuses
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.extend(task.await.expect("the task"));
    }
    (statuses, start.elapsed())
}

fn client(server: &MockServer, pacing: Option<Pacing>) -> Client {
    let builder = Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none());
    let builder = match pacing {
        Some(pacing) => builder.pacing(pacing),
        None => builder,
    };
    build_with(&API, &[], builder).expect("the client builds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_pacing_the_server_refuses_the_burst() {
    let (server, limited) = server().await;
    let (statuses, _) = run(client(&server, None)).await;
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!(refused >= CALLS - 2 * LIMIT, "a burst of {CALLS} against {LIMIT} per window: {statuses:?}");
    assert_eq!(*limited.refused.lock().unwrap(), refused);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_limit_waits_instead_of_failing() {
    let (server, limited) = server().await;
    let pacing = Pacing::new().max_requests(LIMIT as u32, WINDOW);
    let (statuses, elapsed) = run(client(&server, Some(pacing))).await;
    // No retries are allowed: every call got through on its first attempt.
    assert_eq!(statuses, vec![200; CALLS], "refused by the server: {}", limited.refused.lock().unwrap());
    // Six windows' worth of calls: at least five windows of waiting.
    assert!(elapsed >= WINDOW * 5, "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limit_the_headers_report_is_learned() {
    let (server, limited) = server().await;
    // The first burst (10 tasks at once) is sent before any response reports the limit: those
    // over it are refused. After that, every call waits for the window.
    let (statuses, elapsed) = run(client(&server, Some(Pacing::new()))).await;
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!(refused <= 10 - LIMIT, "only the first burst may be refused: {statuses:?}");
    assert_eq!(*limited.refused.lock().unwrap(), refused);
    assert!(elapsed >= WINDOW * 4, "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrency_limit_holds_calls_back() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    let pacing = Pacing::new().max_concurrency(2);
    let (statuses, elapsed) = run(client(&server, Some(pacing))).await;
    assert_eq!(statuses, vec![200; CALLS]);
    // Two at a time, 100 ms each: at least 15 rounds.
    assert!(elapsed >= Duration::from_millis(100) * 15, "{elapsed:?}");
}
