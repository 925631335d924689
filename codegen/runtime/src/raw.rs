//! The escape hatch: a request to an endpoint the API description does not describe (yet), sent
//! by the same client as the generated operations.

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;

use super::body::Payload;
use super::client::ClientCore;
use super::error::Error;
use super::intercept::{CallOptions, Interceptor};
use super::request::{InvalidRequest, RequestParts};
use super::response::{RawResponse, Response};
use super::retry::RetryPolicy;

/// What spans and interceptors report as the `operationId` of a [`RawRequest`].
pub const RAW_OPERATION_ID: &str = "request";

/// A request to a path the API description does not describe, made with the client's `request`:
/// it goes to the client's base URL with the client's credentials, retry policy and budget,
/// timeout, deadline, pacing, response-size cap, interceptors and redaction, exactly as a
/// generated operation does.
///
/// The path is a template: each `{name}` in it is filled with the value given to
/// [`path_param`](Self::path_param), percent-encoded as one segment (so an id never changes the
/// path's structure), and spans report the template, not the ids.
///
/// Any 2xx status is a success ([`send`](Self::send): the body as bytes;
/// [`send_json`](Self::send_json): decoded); any other is [`Error::UnexpectedStatus`] with its
/// status, headers and body, as for a status an operation does not document. Retries follow the
/// same rules as the operations' (idempotent methods, retryable statuses).
///
/// Credentials: what an operation whose description states no security sends (the client's
/// `bearer_token`), unless [`security`](Self::security) names the security schemes to send.
#[must_use = "a `RawRequest` does nothing until `.send().await`"]
pub struct RawRequest {
    core: ClientCore,
    method: Method,
    template: String,
    params: Vec<(String, String)>,
    body: Option<Result<Body, InvalidRequest>>,
    security: Option<&'static [&'static [&'static str]]>,
    options: CallOptions,
}

/// The body of a raw request.
enum Body {
    Json(serde_json::Value),
    Bytes { content_type: String, payload: Payload },
}

impl fmt::Debug for RawRequest {
    /// Never a value (of a parameter, a header, the body): they may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("params", &self.params.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("body", &self.body.is_some())
            .field("security", &self.security)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// Starts a [`RawRequest`]: `method` to `path` (a template such as `/contacts/{contactId}/notes`,
    /// relative to the base URL).
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        RawRequest {
            core: self.clone(),
            method,
            template: path.into(),
            params: Vec::new(),
            body: None,
            security: None,
            options: CallOptions::default(),
        }
    }
}

impl RawRequest {
    /// Fills `{name}` in the path template with `value`, percent-encoded as one segment (empty,
    /// `.` and `..` are refused when the request is sent).
    pub fn path_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Appends the query parameter `name=value` (both percent-encoded).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.query(name, value);
        self
    }

    /// Sends the header `name: value`, replacing the client's default of the same name (but not a
    /// credential).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`); a value that cannot be serialised
    /// fails the call with [`Error::InvalidRequest`].
    pub fn json<T: serde::Serialize>(mut self, body: &T) -> Self {
        self.body = Some(
            serde_json::to_value(body)
                .map(Body::Json)
                .map_err(|err| InvalidRequest::new(format!("the request body could not be serialised: {err}"))),
        );
        self
    }

    /// Sends `body` (bytes, or a stream sent once and never retried) with the media type
    /// `content_type`.
    pub fn body(mut self, content_type: impl Into<String>, body: impl Into<Payload>) -> Self {
        self.body = Some(Ok(Body::Bytes { content_type: content_type.into(), payload: body.into() }));
        self
    }

    /// The security requirement to send, as the API description would state it: alternatives,
    /// each a set of security scheme names (`&[&["bearer"]]`); the first whose schemes all have
    /// a credential is sent, and none fails the call with [`Error::MissingCredentials`].
    pub fn security(mut self, requirement: &'static [&'static [&'static str]]) -> Self {
        self.security = Some(requirement);
        self
    }

    /// Retries this call per `retry` instead of the client's policy.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.options = self.options.retry_policy(retry);
        self
    }

    /// The time limit of each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// The overall time limit of the call (every attempt and wait), instead of the client's.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options = self.options.deadline(deadline);
        self
    }

    /// Adds an interceptor for this call only, run after the client's.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.options = self.options.interceptor(interceptor);
        self
    }

    /// Sends the request; a 2xx response's body comes back as bytes.
    ///
    /// # Errors
    /// [`Error::UnexpectedStatus`] for any other status, and every failure an operation has
    /// (timeout, deadline, transport, too large, missing credentials, invalid request).
    pub async fn send(self) -> Result<Response<Bytes>, Error<Infallible>> {
        self.send_success().await?.success_bytes()
    }

    /// Sends the request; a 2xx response's body is decoded as JSON into `T` (a
    /// `serde_json::Value` takes any JSON).
    ///
    /// # Errors
    /// As [`send`](Self::send), and [`Error::Decode`] when the body does not decode.
    pub async fn send_json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error<Infallible>> {
        self.send_success().await?.success_json()
    }

    /// The response of a 2xx status, or the error.
    async fn send_success(self) -> Result<RawResponse, Error<Infallible>> {
        let core = self.core.clone();
        let parts = self.into_parts()?;
        let response = core.execute(parts).await?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(response.unexpected())
        }
    }

    /// The request, or why it cannot be sent.
    fn into_parts(self) -> Result<RequestParts, InvalidRequest> {
        let mut parts = RequestParts::new(RAW_OPERATION_ID, self.method);
        fill_path(&mut parts, &self.template, &self.params)?;
        match self.body.transpose()? {
            None => {}
            Some(Body::Json(value)) => parts.json_body(&value)?,
            Some(Body::Bytes { content_type, payload }) => parts.bytes_body(&content_type, payload)?,
        }
        if let Some(requirement) = self.security {
            parts.security(requirement);
        }
        parts.options(&self.options)?;
        Ok(parts)
    }
}

/// Fills `parts`' path from `template`: literal pieces as they are, each `{name}` with its value
/// in `params`, as one encoded segment.
fn fill_path(parts: &mut RequestParts, template: &str, params: &[(String, String)]) -> Result<(), InvalidRequest> {
    let refuse = |why: &str| Err(InvalidRequest::new(format!("the path `{template}` {why}")));
    if !template.starts_with('/') {
        return refuse("must start with `/`");
    }
    if template.contains(['?', '#']) {
        return refuse("must not hold a query or a fragment (set query parameters with `query`)");
    }
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        if literal.contains('}') {
            return refuse("has a `}` without its `{`");
        }
        parts.path_literal(literal);
        let Some(close) = after.find('}') else { return refuse("has a `{` without its `}`") };
        let name = &after[1..close];
        let Some((_, value)) = params.iter().rev().find(|(param, _)| param == name) else {
            return Err(InvalidRequest::new(format!(
                "the path parameter `{name}` of `{template}` has no value (call `.path_param(\"{name}\", …)`)"
            )));
        };
        parts.path_param(name, value)?;
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return refuse("has a `}` without its `{`");
    }
    parts.path_literal(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fill_path;
    use crate::request::RequestParts;
    use reqwest::Method;

    fn filled(template: &str, params: &[(&str, &str)]) -> Result<(String, String), String> {
        let params: Vec<(String, String)> = params.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        let mut parts = RequestParts::new("request", Method::GET);
        fill_path(&mut parts, template, &params).map_err(|e| e.to_string())?;
        Ok((parts.path.clone(), parts.template.clone()))
    }

    #[test]
    fn templates_are_filled_one_segment_per_parameter() {
        assert_eq!(filled("/v2/things", &[]), Ok(("/v2/things".into(), "/v2/things".into())));
        assert_eq!(
            filled("/a/{id}/b/{other}", &[("id", "x/y?z"), ("other", "é")]),
            Ok(("/a/x%2Fy%3Fz/b/%C3%A9".into(), "/a/{id}/b/{other}".into()))
        );
        assert!(filled("/a/{id}", &[]).unwrap_err().contains("`id`"));
        assert!(filled("/a/{id}", &[("id", "..")]).unwrap_err().contains("`..`"));
        assert!(filled("a/b", &[]).unwrap_err().contains("start with"));
        assert!(filled("/a?x=1", &[]).unwrap_err().contains("query"));
        assert!(filled("/a/{id", &[("id", "1")]).unwrap_err().contains("without its `}`"));
        assert!(filled("/a/id}", &[]).unwrap_err().contains("without its `{`"));
        assert!(filled("/a}/{id}", &[("id", "1")]).unwrap_err().contains("without its `{`"));
    }
}
