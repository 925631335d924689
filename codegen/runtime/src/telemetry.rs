//! Spans and events that follow OpenTelemetry's semantic conventions for HTTP clients: one span per
//! call and, inside it, one span per attempt (the HTTP client span of the conventions), so that an
//! exporter such as `tracing-opentelemetry` shows each call with its attempts.
//!
//! | field | on | value |
//! |---|---|---|
//! | `otel.name` | both | `{method} {url.template}`, e.g. `GET /conversations/{conversationId}/messages` |
//! | `otel.kind` | both | `internal` for the call, `client` for an attempt |
//! | `openapi.operation_id` | both | the operation's `operationId` |
//! | `http.request.method` | both | `GET`, `POST`, … |
//! | `url.template` | both | the path template, never an id |
//! | `server.address`, `server.port` | both | the host and port of the request URL |
//! | `http.request.resend_count` | attempt | 1 for the first retry, 2 for the second, …; absent on the first attempt |
//! | `http.response.status_code` | both | the status of the (last) response, when one arrived |
//! | `error.type` | both | the status code for a status of 400 or more, else the kind of failure (`timeout`, `deadline_exceeded`, `transport`, …) |
//! | `otel.status_code` | both | `error` when `error.type` is set |
//!
//! Waits are events of the call's span: `retry.delay_ms` (with the `error.type` that caused the
//! retry and the `http.request.resend_count` of the attempt that follows) before a retry, and
//! `pacing.wait_ms` when client-side pacing held an attempt back for the rate limit.
//!
//! Numbers are recorded as `i64`, which `tracing-opentelemetry` exports as integer attributes.
//!
//! Never recorded: a full URL, a query string, a header value, a body, a credential.

use std::time::Duration;

use reqwest::Url;
use tracing::field::Empty;
use tracing::Span;

use super::client::NoResponse;
use super::intercept::{AttemptInfo, AttemptOutcome, CallInfo};
use super::response::StreamedResponse;

/// A span with the fields that the call's and the attempts' spans share, and `$extra`.
macro_rules! http_span {
    ($name:literal, $kind:literal, $info:expr, $url:expr, [$($parent:tt)*] $($extra:tt)*) => {
        tracing::info_span!(
            $($parent)*
            $name,
            otel.name = %format_args!("{} {}", $info.method, $info.url_template),
            otel.kind = $kind,
            openapi.operation_id = $info.operation_id,
            http.request.method = %$info.method,
            url.template = $info.url_template,
            server.address = $url.host_str().unwrap_or_default(),
            server.port = $url.port_or_known_default().map(i64::from),
            http.response.status_code = Empty,
            error.type = Empty,
            otel.status_code = Empty,
            $($extra)*
        )
    };
}

/// The span of one call (every attempt and wait).
pub(crate) fn call_span(info: &CallInfo<'_>, url: &Url) -> Span {
    http_span!("http.client.call", "internal", info, url, [])
}

/// The span of attempt number `attempt` (1 for the first), a child of `call`.
pub(crate) fn attempt_span(call: &Span, info: &CallInfo<'_>, url: &Url, attempt: u32) -> Span {
    let span =
        http_span!("http.client.attempt", "client", info, url, [parent: call,] http.request.resend_count = Empty);
    if attempt > 1 {
        span.record("http.request.resend_count", i64::from(attempt - 1));
    }
    span
}

/// The status of the response an outcome carries, if one arrived.
fn status(outcome: &Result<StreamedResponse, NoResponse>) -> Option<reqwest::StatusCode> {
    match outcome {
        Ok(response) => Some(response.status()),
        Err(NoResponse::TooLarge { response, .. }) => Some(response.status),
        Err(NoResponse::DeadlineExceeded { last_response, .. }) => last_response.as_ref().map(|r| r.status),
        Err(_) => None,
    }
}

/// OpenTelemetry's `error.type` of an outcome: the status code of a status of 400 or more, else
/// the kind of failure; `None` for a success.
fn error_type(outcome: &Result<StreamedResponse, NoResponse>) -> Option<String> {
    match outcome {
        Ok(response) if response.status().as_u16() >= 400 => Some(response.status().as_str().to_owned()),
        Ok(_) => None,
        Err(failure) => Some(failure.kind().to_owned()),
    }
}

/// Records how an attempt or a call ended on its span.
pub(crate) fn record_outcome(span: &Span, outcome: &Result<StreamedResponse, NoResponse>) {
    if let Some(status) = status(outcome) {
        span.record("http.response.status_code", i64::from(status.as_u16()));
    }
    if let Some(error_type) = error_type(outcome) {
        span.record("error.type", error_type.as_str());
        span.record("otel.status_code", "error");
    }
}

/// What an interceptor's `after_attempt` sees.
pub(crate) fn attempt_outcome(
    info: &CallInfo<'_>,
    attempt: u32,
    outcome: &Result<StreamedResponse, NoResponse>,
    elapsed: Duration,
    retry_in: Option<Duration>,
) -> AttemptOutcome {
    let headers = match outcome {
        Ok(response) => Some(response.headers().clone()),
        Err(NoResponse::TooLarge { response, .. }) => Some(response.headers.clone()),
        Err(_) => None,
    };
    AttemptOutcome {
        info: AttemptInfo::new(info, attempt),
        status: match outcome {
            Ok(response) => Some(response.status()),
            Err(NoResponse::TooLarge { response, .. }) => Some(response.status),
            Err(_) => None,
        },
        headers,
        error_type: error_type(outcome),
        elapsed,
        retry_in,
    }
}

/// An event when pacing held an attempt back (the wait for the rate limit's budget or a slot).
pub(crate) fn pacing_wait(waited: Duration) {
    if waited >= Duration::from_millis(1) {
        tracing::info!(pacing.wait_ms = millis(waited), "waited for client-side pacing (rate limit)");
    }
}

/// Whole milliseconds, as a signed integer: OpenTelemetry's integer attributes are `i64` (what
/// `tracing-opentelemetry` exports as a number; an unsigned field would become text).
fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// One event per attempt: how it ended and, if another follows, after what delay (the retry wait,
/// with OpenTelemetry's fields). Never headers.
pub(crate) fn log_attempt(attempt: u32, outcome: &Result<StreamedResponse, NoResponse>, retry_in: Option<Duration>) {
    match (outcome, retry_in) {
        (Ok(response), None) => {
            let status = response.status().as_u16();
            tracing::debug!(attempt, status, "response received")
        }
        (Err(failure), None) => tracing::debug!(attempt, result = %failure, "request failed"),
        (Ok(response), Some(delay)) => {
            let status = response.status().as_u16();
            tracing::info!(
                attempt,
                status,
                ?delay,
                retry.delay_ms = millis(delay),
                http.request.resend_count = i64::from(attempt),
                error.type = response.status().as_str(),
                "retryable status, retrying"
            )
        }
        (Err(failure), Some(delay)) => {
            tracing::info!(
                attempt,
                result = %failure,
                ?delay,
                retry.delay_ms = millis(delay),
                http.request.resend_count = i64::from(attempt),
                error.type = failure.kind(),
                "attempt failed, retrying"
            )
        }
    }
}
