//! When to retry a request and how long to wait before doing so.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How the client retries failed attempts.
///
/// Retried: connection errors, timeouts and the statuses 408, 429, 500, 502, 503 and 504 — for
/// idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) only, unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) is set. The wait is the server's
/// `Retry-After` (capped by [`max_retry_after`](Self::max_retry_after)), otherwise an exponential
/// backoff with full jitter, capped by [`max_delay`](Self::max_delay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
    budget: u32,
}

impl Default for RetryPolicy {
    /// 2 retries, backoff from 200 ms capped at 10 s, `Retry-After` capped at 60 s, idempotent
    /// methods only.
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
            budget: DEFAULT_BUDGET,
        }
    }
}

impl RetryPolicy {
    /// Never retry: every attempt's outcome is final.
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// How many times a request may be retried after the first attempt.
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The backoff before the first retry; it doubles with each further retry (before jitter).
    #[must_use]
    pub fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest backoff between two attempts (when the server sends no `Retry-After`).
    #[must_use]
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The longest wait the client accepts from a server's `Retry-After`; longer values are cut
    /// down to this.
    #[must_use]
    pub fn max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Whether POST and PATCH requests are retried too (off by default: a retry may repeat a
    /// side effect that the lost response had already performed).
    #[must_use]
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The client's retry budget, shared by all its calls: a retry spends 5 tokens (10 after a
    /// timeout), a call whose first attempt is final (a success, or an answer not worth retrying such
    /// as a 404) gives 1 back, and with too few tokens left a failed
    /// attempt is final. So in an outage the client stops multiplying its load by the number of
    /// retries, and retries again once calls succeed. 500 by default; 0 turns retries off.
    #[must_use]
    pub fn retry_budget(mut self, tokens: u32) -> Self {
        self.budget = tokens;
        self
    }

    /// The configured number of retries.
    pub(crate) fn retries(&self) -> u32 {
        self.max_retries
    }

    /// Whether a request with `method` may be retried at all under this policy.
    pub(crate) fn allows_method(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }

    /// The wait before retry number `retry` (0 for the first retry) after a response with
    /// `headers`: the server's `Retry-After` if it sent a usable one, else the jittered backoff.
    pub(crate) fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        match headers.and_then(|headers| retry_after(headers, SystemTime::now())) {
            Some(wait) => wait.min(self.max_retry_after),
            None => full_jitter(self.backoff_ceiling(retry)),
        }
    }

    /// `min(max_delay, base_delay * 2^retry)`, without overflow.
    pub(crate) fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

const DEFAULT_BUDGET: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;

/// The tokens left of a client's [`RetryPolicy::retry_budget`] (a token bucket, as in the AWS SDKs).
#[derive(Debug)]
pub(crate) struct RetryBudget {
    capacity: u32,
    tokens: AtomicU32,
}

impl RetryBudget {
    pub(crate) fn new(policy: &RetryPolicy) -> Self {
        Self { capacity: policy.budget, tokens: AtomicU32::new(policy.budget) }
    }

    /// Takes the cost of one retry (after a timeout or not); `false` when the budget cannot pay.
    pub(crate) fn withdraw(&self, after_timeout: bool) -> bool {
        let cost = if after_timeout { TIMEOUT_RETRY_COST } else { RETRY_COST };
        self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| left.checked_sub(cost)).is_ok()
    }

    /// Gives one token back after a call that needed no retry.
    pub(crate) fn refund(&self) {
        let capacity = self.capacity;
        let _ =
            self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| (left < capacity).then_some(left + 1));
    }
}

/// Methods that the HTTP semantics (RFC 9110 §9.2.2) declare idempotent.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

/// Statuses that describe a transient condition worth another attempt.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// A uniformly random duration in `[0, ceiling]` ("full jitter").
fn full_jitter(ceiling: Duration) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// The wait a `Retry-After` header asks for, as delta-seconds or as an HTTP-date relative to
/// `now`; `None` when absent or unparsable. A date in the past means "now" (zero).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "a very long time".
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_retry_budget_runs_out_and_refills() {
        let budget = super::RetryBudget::new(&super::RetryPolicy::default().retry_budget(12));
        assert!(budget.withdraw(false), "5 of 12");
        assert!(!budget.withdraw(true), "10 of 7 cannot be paid");
        assert!(budget.withdraw(false), "5 of 7");
        assert!(!budget.withdraw(false), "5 of 2 cannot be paid");
        for _ in 0..20 {
            budget.refund();
        }
        assert!(budget.withdraw(true), "refilled to the capacity, 12");
        assert!(!budget.withdraw(false), "but never past it: 2 left");
        let none = super::RetryBudget::new(&super::RetryPolicy::default().retry_budget(0));
        assert!(!none.withdraw(false));
    }

    use super::{is_idempotent, is_retryable_status, retry_after, RetryPolicy};
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
    use reqwest::{Method, StatusCode};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    fn with_retry_after(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(RETRY_AFTER, value);
        }
        headers
    }

    #[test]
    fn defaults() {
        let p = RetryPolicy::default();
        assert_eq!(p.retries(), 2);
        assert_eq!(p.backoff_ceiling(0), Duration::from_millis(200));
        assert_eq!(p.backoff_ceiling(1), Duration::from_millis(400));
        assert_eq!(p.backoff_ceiling(5), Duration::from_millis(6400));
        assert_eq!(p.backoff_ceiling(6), Duration::from_secs(10));
        assert!(!p.allows_method(&Method::POST));
        assert!(p.allows_method(&Method::GET));
        assert_eq!(RetryPolicy::none().retries(), 0);
        assert!(RetryPolicy::default().retry_non_idempotent(true).allows_method(&Method::POST));
    }

    #[test]
    fn backoff_never_overflows_and_respects_the_cap() {
        let p = RetryPolicy::default().base_delay(Duration::from_secs(u64::MAX / 2)).max_delay(Duration::from_secs(3));
        for retry in [0, 1, 31, 32, 64, u32::MAX] {
            assert_eq!(p.backoff_ceiling(retry), Duration::from_secs(3));
            assert!(p.delay(retry, None) <= Duration::from_secs(3));
        }
        let p = RetryPolicy::default().max_retries(100);
        for retry in 0..100 {
            let delay = p.delay(retry, None);
            assert!(delay <= p.backoff_ceiling(retry), "{delay:?}");
            assert!(delay <= Duration::from_secs(10));
        }
        let zero = RetryPolicy::default().base_delay(Duration::ZERO);
        assert_eq!(zero.delay(3, None), Duration::ZERO);
    }

    #[test]
    fn retry_after_delta_seconds() {
        let now = SystemTime::now();
        assert_eq!(retry_after(&with_retry_after("5"), now), Some(Duration::from_secs(5)));
        assert_eq!(retry_after(&with_retry_after(" 0 "), now), Some(Duration::ZERO));
        assert_eq!(
            retry_after(&with_retry_after("99999999999999999999999999"), now),
            Some(Duration::from_secs(u64::MAX))
        );
        for garbage in ["", "-1", "1.5", "soon", "+3", "5s"] {
            assert_eq!(retry_after(&with_retry_after(garbage), now), None, "{garbage}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_http_date() {
        // Sun, 06 Nov 1994 08:49:37 GMT = 784111777
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 30);
        let headers = with_retry_after("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        let later = UNIX_EPOCH + Duration::from_secs(784_111_777 + 30);
        assert_eq!(retry_after(&headers, later), Some(Duration::ZERO));
        // Obsolete formats that httpdate accepts, too.
        let rfc850 = with_retry_after("Sunday, 06-Nov-94 08:49:37 GMT");
        assert_eq!(retry_after(&rfc850, now), Some(Duration::from_secs(30)));
        assert_eq!(retry_after(&with_retry_after("Sun, 32 Nov 1994 08:49:37 GMT"), now), None);
    }

    #[test]
    fn retry_after_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(0, Some(&with_retry_after("3600"))), Duration::from_secs(60));
        assert_eq!(p.delay(0, Some(&with_retry_after("2"))), Duration::from_secs(2));
        let p = p.max_retry_after(Duration::from_secs(1));
        assert_eq!(p.delay(0, Some(&with_retry_after("2"))), Duration::from_secs(1));
        // Garbage falls back to the backoff.
        assert!(p.delay(0, Some(&with_retry_after("never"))) <= Duration::from_millis(200));
    }

    #[test]
    fn classification() {
        for m in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE] {
            assert!(is_idempotent(&m), "{m}");
        }
        for m in [Method::POST, Method::PATCH, Method::CONNECT] {
            assert!(!is_idempotent(&m), "{m}");
        }
        for s in [408u16, 429, 500, 502, 503, 504] {
            assert!(StatusCode::from_u16(s).map(is_retryable_status).unwrap_or(false), "{s}");
        }
        for s in [200u16, 400, 401, 404, 422, 501, 505] {
            assert!(!StatusCode::from_u16(s).map(is_retryable_status).unwrap_or(true), "{s}");
        }
    }
}
