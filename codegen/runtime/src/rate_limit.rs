//! Rate-limit information parsed from response headers.

use reqwest::header::HeaderMap;

/// Which response headers carry the rate limits; the values come from the spec.
///
/// A `None` means the API does not send that piece of information.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitHeaderNames {
    /// Header with the number of requests allowed per interval.
    pub limit: Option<&'static str>,
    /// Header with the number of requests left in the current interval.
    pub remaining: Option<&'static str>,
    /// Header with the length of the interval, in milliseconds.
    pub interval_ms: Option<&'static str>,
    /// Header with the number of requests allowed per day.
    pub daily_limit: Option<&'static str>,
    /// Header with the number of requests left today.
    pub daily_remaining: Option<&'static str>,
}

impl RateLimitHeaderNames {
    /// For an API that documents no rate-limit headers.
    pub const NONE: Self =
        Self { limit: None, remaining: None, interval_ms: None, daily_limit: None, daily_remaining: None };
}

impl Default for RateLimitHeaderNames {
    fn default() -> Self {
        Self::NONE
    }
}

/// The rate limits the server reported with a response, so callers can pace themselves.
///
/// Every field is `None` when the header is missing or its value is not a non-negative
/// integer; a malformed header never makes a request fail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per interval.
    pub limit: Option<u64>,
    /// Requests left in the current interval.
    pub remaining: Option<u64>,
    /// Length of the interval in milliseconds.
    pub interval_ms: Option<u64>,
    /// Requests allowed per day.
    pub daily_limit: Option<u64>,
    /// Requests left today.
    pub daily_remaining: Option<u64>,
}

impl RateLimit {
    /// Reads the headers named by `names` from `headers`.
    pub fn from_headers(headers: &HeaderMap, names: &RateLimitHeaderNames) -> Self {
        let read = |name: Option<&'static str>| name.and_then(|name| header_u64(headers, name));
        Self {
            limit: read(names.limit),
            remaining: read(names.remaining),
            interval_ms: read(names.interval_ms),
            daily_limit: read(names.daily_limit),
            daily_remaining: read(names.daily_remaining),
        }
    }
}

/// The first value of header `name` as a `u64`, or `None` if absent or not an integer.
fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    // `u64::from_str` accepts a leading '+'; a rate-limit header never legitimately has one.
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{RateLimit, RateLimitHeaderNames};
    use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

    const NAMES: RateLimitHeaderNames = RateLimitHeaderNames {
        limit: Some("X-RateLimit-Max"),
        remaining: Some("X-RateLimit-Remaining"),
        interval_ms: Some("X-RateLimit-Interval-Milliseconds"),
        daily_limit: Some("X-RateLimit-Limit-Daily"),
        daily_remaining: None,
    };

    fn headers(pairs: &[(&'static str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(value)) {
                map.append(name, value);
            }
        }
        map
    }

    #[test]
    fn parses_the_named_headers_case_insensitively() {
        let map = headers(&[
            ("x-ratelimit-max", b"100"),
            ("X-RATELIMIT-REMAINING", b" 42 "),
            ("x-ratelimit-interval-milliseconds", b"10000"),
            ("x-ratelimit-limit-daily", b"200000"),
            ("x-ratelimit-daily-remaining", b"7"),
        ]);
        let rate = RateLimit::from_headers(&map, &NAMES);
        assert_eq!(rate.limit, Some(100));
        assert_eq!(rate.remaining, Some(42));
        assert_eq!(rate.interval_ms, Some(10_000));
        assert_eq!(rate.daily_limit, Some(200_000));
        // Not named in NAMES, so not read even though present.
        assert_eq!(rate.daily_remaining, None);
    }

    #[test]
    fn garbage_is_none_never_a_panic() {
        let map = headers(&[
            ("x-ratelimit-max", b"-1"),
            ("x-ratelimit-remaining", b"12.5"),
            ("x-ratelimit-interval-milliseconds", b"99999999999999999999999"),
            ("x-ratelimit-limit-daily", b"\xff\xfe"),
        ]);
        assert_eq!(RateLimit::from_headers(&map, &NAMES), RateLimit::default());
        let map = headers(&[("x-ratelimit-max", b""), ("x-ratelimit-remaining", b"+5")]);
        assert_eq!(RateLimit::from_headers(&map, &NAMES), RateLimit::default());
        assert_eq!(RateLimit::from_headers(&HeaderMap::new(), &NAMES), RateLimit::default());
    }

    #[test]
    fn no_names_reads_nothing() {
        let map = headers(&[("x-ratelimit-max", b"100")]);
        assert_eq!(RateLimit::from_headers(&map, &RateLimitHeaderNames::NONE), RateLimit::default());
    }

    #[test]
    fn invalid_configured_name_is_ignored() {
        let names = RateLimitHeaderNames { limit: Some("not a header name"), ..RateLimitHeaderNames::NONE };
        let map = headers(&[("x-ratelimit-max", b"100")]);
        assert_eq!(RateLimit::from_headers(&map, &names), RateLimit::default());
    }
}
