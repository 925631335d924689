//! Client-side pacing (opt-in, [`Pacing`]): calls wait for the rate limit's budget instead of being
//! sent to fail with `429`, and at most so many run at once.
//!
//! The limit is a sliding window: at most `n` requests sent in any interval. It comes from the
//! configuration, else from the rate-limit headers the API description names (the limit and the
//! interval it reports, learned from each response). A response that reports no requests left
//! holds back new requests until the oldest one this client sent leaves the window (or, when no
//! window is known yet, for the reported interval).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::rate_limit::RateLimit;

/// How a client paces itself; given to the client builder's `pacing()`. Off unless set.
///
/// ```
/// # use openapi_client_runtime::Pacing;
/// # use std::time::Duration;
/// // 100 requests per 10 s (what the API documents), at most 8 at once; the rate-limit headers
/// // of the responses are followed too.
/// let pacing = Pacing::new().max_requests(100, Duration::from_secs(10)).max_concurrency(8);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pacing {
    rate: Option<(u32, Duration)>,
    max_concurrency: Option<usize>,
    follow_headers: bool,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing::new()
    }
}

impl Pacing {
    /// Pacing by the rate-limit headers alone: the limit and interval each response reports, and
    /// a pause when one reports that no request is left.
    pub fn new() -> Self {
        Pacing { rate: None, max_concurrency: None, follow_headers: true }
    }

    /// At most `requests` sent in any `interval` (a `requests` of 0 is taken as 1; a zero interval
    /// sets no limit). This limit wins over the one the headers report.
    pub fn max_requests(mut self, requests: u32, interval: Duration) -> Self {
        self.rate = (!interval.is_zero()).then_some((requests.max(1), interval));
        self
    }

    /// At most `calls` requests in flight at once (0 is taken as 1). A request holds its place from
    /// the moment it is sent until its response (for a streamed download: its status and headers)
    /// has arrived; a wait between retries does not hold one.
    pub fn max_concurrency(mut self, calls: usize) -> Self {
        self.max_concurrency = Some(calls.max(1));
        self
    }

    /// Ignore the rate-limit headers: only the configured limits apply.
    pub fn ignore_rate_limit_headers(mut self) -> Self {
        self.follow_headers = false;
        self
    }
}

/// The pacing state a client shares between its calls.
#[derive(Debug)]
pub(crate) struct Pacer {
    configured: Option<(u32, Duration)>,
    follow_headers: bool,
    concurrency: Option<Arc<Semaphore>>,
    state: Mutex<Window>,
}

/// What has been sent, and what the server said of its budget.
#[derive(Debug, Default)]
struct Window {
    /// When each request still inside the window was sent, oldest first.
    sent: VecDeque<Instant>,
    /// The limit the headers reported last.
    learned: Option<(u32, Duration)>,
    /// No request before this (the server reported none left).
    held_until: Option<Instant>,
}

/// A place among the requests in flight, held for one attempt.
pub(crate) struct Slot {
    _permit: Option<OwnedSemaphorePermit>,
}

impl Pacer {
    pub(crate) fn new(pacing: &Pacing) -> Self {
        Pacer {
            configured: pacing.rate,
            follow_headers: pacing.follow_headers,
            concurrency: pacing.max_concurrency.map(|n| Arc::new(Semaphore::new(n))),
            state: Mutex::new(Window::default()),
        }
    }

    /// Waits until a request may be sent, and counts it as sent.
    pub(crate) async fn acquire(&self) -> Slot {
        // The semaphore is never closed, so acquiring only waits.
        let permit = match &self.concurrency {
            Some(semaphore) => semaphore.clone().acquire_owned().await.ok(),
            None => None,
        };
        loop {
            let wait_until = {
                let mut window = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                let limit = self.limit(&window);
                match window.next_send(now, limit) {
                    None => {
                        window.sent.push_back(now);
                        break;
                    }
                    Some(at) => at,
                }
            };
            tokio::time::sleep_until(wait_until).await;
        }
        Slot { _permit: permit }
    }

    /// Takes note of the rate limits a response reported.
    pub(crate) fn observe(&self, reported: &RateLimit) {
        if !self.follow_headers {
            return;
        }
        let mut window = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let interval = reported.interval_ms.filter(|ms| *ms > 0).map(Duration::from_millis);
        if let (Some(limit), Some(interval)) = (reported.limit, interval) {
            window.learned = Some((u32::try_from(limit).unwrap_or(u32::MAX).max(1), interval));
        }
        if reported.remaining == Some(0) {
            let now = Instant::now();
            // None left: nothing more until the oldest request this client sent leaves the window
            // (another client may have spent the rest of it), or for the reported interval.
            let limit = self.limit(&window);
            let until = match (limit, window.sent.front()) {
                (Some((_, interval)), Some(oldest)) => *oldest + with_margin(interval),
                (Some((_, interval)), None) => now + with_margin(interval),
                (None, _) => match interval {
                    Some(interval) => now + interval,
                    None => return,
                },
            };
            window.held_until = Some(window.held_until.map_or(until, |held| held.max(until)));
        }
    }

    /// The window in force: the configured one, else the one the headers reported.
    fn limit(&self, window: &Window) -> Option<(u32, Duration)> {
        self.configured.or(window.learned)
    }
}

impl Window {
    /// When the next request may be sent; `None`: now.
    fn next_send(&mut self, now: Instant, limit: Option<(u32, Duration)>) -> Option<Instant> {
        if let Some(held) = self.held_until {
            if held > now {
                return Some(held);
            }
            self.held_until = None;
        }
        let Some((requests, interval)) = limit else {
            // No window yet: what was sent is remembered (for a while, and so much), so that the
            // limit the first responses report counts the requests already on their way.
            while self.sent.len() > REMEMBERED
                || self.sent.front().is_some_and(|sent| now.saturating_duration_since(*sent) >= REMEMBERED_FOR)
            {
                self.sent.pop_front();
            }
            return None;
        };
        let interval = with_margin(interval);
        while self.sent.front().is_some_and(|sent| now.saturating_duration_since(*sent) >= interval) {
            self.sent.pop_front();
        }
        let requests = requests as usize;
        if self.sent.len() < requests {
            return None;
        }
        // The request that must leave the window before another may be sent.
        Some(self.sent[self.sent.len() - requests] + interval)
    }
}

/// Before any limit is known, the requests sent in the last minute are remembered, up to this many.
const REMEMBERED: usize = 100_000;
const REMEMBERED_FOR: Duration = Duration::from_secs(60);

/// The window a client keeps is a little longer than the server's, so that requests that reach
/// the server later than they were sent (by a varying delay) still fit its window: 1% + 5 ms.
fn with_margin(interval: Duration) -> Duration {
    interval + interval / 100 + Duration::from_millis(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(limit: u64, remaining: u64, interval_ms: u64) -> RateLimit {
        RateLimit {
            limit: Some(limit),
            remaining: Some(remaining),
            interval_ms: Some(interval_ms),
            ..RateLimit::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_configured_window_lets_n_through_then_waits_for_the_oldest_to_leave() {
        let pacer = Pacer::new(&Pacing::new().max_requests(3, Duration::from_secs(1)));
        let start = Instant::now();
        for _ in 0..3 {
            pacer.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "three fit in the window");
        pacer.acquire().await;
        assert_eq!(start.elapsed(), with_margin(Duration::from_secs(1)), "the fourth waits for the first");
        // 7 more: each group of 3 waits one window.
        for _ in 0..7 {
            pacer.acquire().await;
        }
        assert_eq!(start.elapsed(), with_margin(Duration::from_secs(1)) * 3);
    }

    #[tokio::test(start_paused = true)]
    async fn the_limit_is_learned_from_the_headers_and_the_configured_one_wins() {
        let pacer = Pacer::new(&Pacing::new());
        pacer.acquire().await;
        pacer.observe(&rate(2, 1, 1000));
        let start = Instant::now();
        pacer.acquire().await;
        assert_eq!(start.elapsed(), Duration::ZERO);
        // The request sent before the limit was known counts: the third waits for the first.
        pacer.acquire().await;
        assert_eq!(start.elapsed(), with_margin(Duration::from_secs(1)), "two per second, learned");

        let configured = Pacer::new(&Pacing::new().max_requests(5, Duration::from_secs(1)));
        configured.observe(&rate(1, 1, 1000));
        let start = Instant::now();
        for _ in 0..5 {
            configured.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "the configured five win over the reported one");
    }

    #[tokio::test(start_paused = true)]
    async fn none_left_holds_new_requests_back_and_ignoring_headers_does_not() {
        let pacer = Pacer::new(&Pacing::new());
        // No window known: the reported interval.
        pacer.observe(&RateLimit { remaining: Some(0), interval_ms: Some(500), ..RateLimit::default() });
        let start = Instant::now();
        pacer.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(500));

        let ignoring = Pacer::new(&Pacing::new().ignore_rate_limit_headers());
        ignoring.observe(&rate(1, 0, 60_000));
        let start = Instant::now();
        ignoring.acquire().await;
        ignoring.acquire().await;
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_n_in_flight() {
        let pacer = Arc::new(Pacer::new(&Pacing::new().max_concurrency(2)));
        let first = pacer.acquire().await;
        let _second = pacer.acquire().await;
        let waiting = tokio::spawn({
            let pacer = pacer.clone();
            async move {
                let _third = pacer.acquire().await;
                Instant::now()
            }
        });
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(!waiting.is_finished(), "the third waits for a place");
        let released = Instant::now();
        drop(first);
        assert_eq!(waiting.await.expect("the task"), released);
    }

    #[test]
    fn degenerate_configurations_are_made_safe() {
        let pacing = Pacing::new().max_requests(0, Duration::from_secs(1)).max_concurrency(0);
        assert_eq!(pacing.rate, Some((1, Duration::from_secs(1))));
        assert_eq!(pacing.max_concurrency, Some(1));
        assert_eq!(Pacing::new().max_requests(10, Duration::ZERO).rate, None);
    }
}
