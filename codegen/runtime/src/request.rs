//! Building a request from the pieces a generated operation knows: path, query, headers, body,
//! security requirement.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde_json::Value;

use super::body::{media_type, Body, Field, FilePart, Payload};
use super::error::Error;
use super::intercept::{header_pair, CallInfo, CallOptions, Interceptors};
use super::retry::RetryPolicy;

/// Everything except RFC 3986 "unreserved" characters (ALPHA / DIGIT / "-" / "." / "_" / "~")
/// is percent-encoded, so a value can never change the structure of the URL around it.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How the fields of a query string or of a form body are encoded.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Encoding {
    /// A query string: everything but [`COMPONENT`]'s unreserved characters is percent-encoded
    /// (a space is `%20`).
    Query,
    /// `application/x-www-form-urlencoded`: a space is `+`, everything but ASCII letters, digits
    /// and `*-._` is percent-encoded.
    Form,
}

impl Encoding {
    fn push(self, out: &mut String, text: &str) {
        match self {
            Encoding::Query => out.extend(utf8_percent_encode(text, COMPONENT)),
            Encoding::Form => out.extend(form_urlencoded::byte_serialize(text.as_bytes())),
        }
    }

    /// Appends the field `name=value1<sep>value2…` to `out`, after a `&` unless `out` is empty;
    /// nothing when there are no values. The name and each value are encoded on their own; `sep`
    /// is written as is when it is `,` or `|`, encoded otherwise.
    pub(crate) fn push_field<I, S>(self, out: &mut String, name: &str, values: I, sep: char)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut values = values.into_iter();
        let Some(first) = values.next() else { return };
        if !out.is_empty() {
            out.push('&');
        }
        self.push(out, name);
        out.push('=');
        self.push(out, first.as_ref());
        let mut sep_buf = [0u8; 4];
        let sep = &*sep.encode_utf8(&mut sep_buf);
        for value in values {
            match sep {
                "," | "|" => out.push_str(sep),
                other => self.push(out, other),
            }
            self.push(out, value.as_ref());
        }
    }
}

/// How one field of an `application/x-www-form-urlencoded` body is encoded: the `style` and
/// `explode` of its OpenAPI `encoding` object, or [`FormStyle::Json`] when the encoding's
/// `contentType` is JSON. See [`RequestParts::form_object`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form`. An array is `key=a&key=b` when exploded, `key=a,b` when not; an object is
    /// one field per member, `m1=v1&m2=v2` (the key is lost), when exploded, `key=m1,v1,m2,v2`
    /// when not.
    Form {
        /// OpenAPI's `explode` (`true` by default for `style: form`).
        explode: bool,
    },
    /// `style: spaceDelimited`: an array is `key=a b`, an object `key=m1 v1 m2 v2`.
    SpaceDelimited,
    /// `style: pipeDelimited`: an array is `key=a|b`, an object `key=m1|v1|m2|v2`.
    PipeDelimited,
    /// `style: deepObject`: an object is `key[m1]=v1&key[m2][n]=v2`, nested at any depth; an array
    /// (not defined by OpenAPI) is sent as with `Form { explode: true }`.
    DeepObject,
    /// The encoding's `contentType` is JSON: any value is `key=<its JSON text>` (a string is sent
    /// quoted).
    Json,
}

impl Default for FormStyle {
    /// OpenAPI's default for a form field: `style: form`, `explode: true`.
    fn default() -> Self {
        FormStyle::Form { explode: true }
    }
}

/// A request refused before any I/O, with a reason that names the offending parameter.
///
/// Converts into [`Error::InvalidRequest`] with `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    reason: String,
}

impl InvalidRequest {
    /// A refusal with a human-readable reason (never containing a secret).
    pub fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into() }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(invalid: InvalidRequest) -> Self {
        Error::InvalidRequest { reason: invalid.reason }
    }
}

/// How a path parameter is written in its place: OpenAPI's `style` for `in: path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `5`, `3,4,5` (the default).
    Simple,
    /// `.5`, `.3,4,5`, exploded `.3.4.5`.
    Label,
    /// `;id=5`, `;id=3,4,5`, exploded `;id=3;id=4;id=5`.
    Matrix,
}

#[cfg(test)]
mod path_style_tests {
    use super::{PathStyle, RequestParts};
    use reqwest::Method;

    fn written(style: PathStyle, explode: bool, values: &[&str]) -> String {
        let mut parts = RequestParts::new("op", Method::GET);
        parts.path("/x/");
        parts.path_param_styled("id", style, explode, values).expect("valid");
        parts.path
    }

    #[test]
    fn each_style_writes_a_scalar_and_a_list_as_rfc_6570_does() {
        use PathStyle::{Label, Matrix, Simple};
        for explode in [false, true] {
            assert_eq!(written(Simple, explode, &["5"]), "/x/5");
            assert_eq!(written(Simple, explode, &["3", "4", "5"]), "/x/3,4,5");
            assert_eq!(written(Label, explode, &["5"]), "/x/.5");
            assert_eq!(written(Matrix, explode, &["5"]), "/x/;id=5");
        }
        assert_eq!(written(Label, false, &["3", "4", "5"]), "/x/.3,4,5");
        assert_eq!(written(Label, true, &["3", "4", "5"]), "/x/.3.4.5");
        assert_eq!(written(Matrix, false, &["3", "4", "5"]), "/x/;id=3,4,5");
        assert_eq!(written(Matrix, true, &["3", "4", "5"]), "/x/;id=3;id=4;id=5");
        // The values are encoded (a `,` or `;` inside one too), the separators are not.
        assert_eq!(written(Matrix, false, &["a;b", "c,d/e"]), "/x/;id=a%3Bb,c%2Cd%2Fe");
    }

    #[test]
    fn empty_and_dot_values_are_refused_in_every_style() {
        for style in [PathStyle::Simple, PathStyle::Label, PathStyle::Matrix] {
            for values in [&[][..], &[""][..], &["a", "."][..], &[".."][..]] {
                let mut parts = RequestParts::new("op", Method::GET);
                let err = parts.path_param_styled("id", style, false, values).unwrap_err();
                assert!(err.to_string().contains("`id`"), "{err}");
                assert_eq!(parts.path, "", "{style:?} {values:?}");
            }
        }
    }
}

/// The parts of one operation call, assembled by generated code and sent by
/// [`ClientCore::execute`](super::client::ClientCore::execute).
#[derive(Clone)]
pub struct RequestParts {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    /// Already encoded path, starting with '/'.
    pub(crate) path: String,
    /// The path template: the literal pieces of `path`, and `{name}` for each parameter (what
    /// spans report as `url.template`, never an id).
    pub(crate) template: String,
    /// Already encoded query string, without the leading '?'.
    pub(crate) query: String,
    /// Operation headers (values may be sensitive, so they are never logged).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The body, if any.
    pub(crate) body: Option<Body>,
    /// The operation's security requirement: `None` when the API description states none.
    pub(crate) security: Option<&'static [&'static [&'static str]]>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    /// This call's retry policy, instead of the client's.
    pub(crate) retry: Option<RetryPolicy>,
    /// This call's interceptors, run after the client's.
    pub(crate) interceptors: Interceptors,
}

impl fmt::Debug for RequestParts {
    /// Shows header names but never their values, which may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestParts")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("template", &self.template)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field("body", &self.body.as_ref().map(Body::describe))
            .field("security", &self.security)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("interceptors", &self.interceptors)
            .finish()
    }
}

impl RequestParts {
    /// Starts a request for `operation_id` (used in logs) with the given HTTP method.
    pub fn new(operation_id: &'static str, method: Method) -> Self {
        Self {
            operation_id,
            method,
            path: String::new(),
            template: String::new(),
            query: String::new(),
            headers: Vec::new(),
            body: None,
            security: None,
            timeout: None,
            deadline: None,
            retry: None,
            interceptors: Interceptors::default(),
        }
    }

    /// Appends a literal piece of the path template verbatim, e.g. `"/conversations/"`.
    pub fn path(&mut self, literal: &'static str) {
        self.path_literal(literal);
    }

    pub(crate) fn path_literal(&mut self, literal: &str) {
        self.path.push_str(literal);
        self.template.push_str(literal);
    }

    /// Appends `value` as exactly one percent-encoded path segment.
    ///
    /// `"a/b?x#y %"` stays one segment. Empty, `.` and `..` are refused: the first would
    /// collapse the path, the others would be resolved by URL normalisation into a different
    /// endpoint.
    pub fn path_param(&mut self, name: &str, value: &str) -> Result<(), InvalidRequest> {
        match value {
            "" => Err(InvalidRequest::new(format!("path parameter `{name}` must not be empty"))),
            "." | ".." => Err(InvalidRequest::new(format!("path parameter `{name}` must not be `.` or `..`"))),
            _ => {
                self.path.extend(utf8_percent_encode(value, COMPONENT));
                self.template.push('{');
                self.template.push_str(name);
                self.template.push('}');
                Ok(())
            }
        }
    }

    /// Appends a path parameter in its OpenAPI `style` (RFC 6570): `simple` (`5`, a list `3,4,5`),
    /// `label` (`.5`, `.3,4,5`, exploded `.3.4.5`) or `matrix` (`;id=5`, `;id=3,4,5`, exploded
    /// `;id=3;id=4;id=5`). Each value is percent-encoded as by [`Self::path_param`] and refused as it
    /// refuses (empty, `.`, `..`); the separators are written as they are.
    pub fn path_param_styled(
        &mut self,
        name: &'static str,
        style: PathStyle,
        explode: bool,
        values: &[&str],
    ) -> Result<(), InvalidRequest> {
        if values.is_empty() {
            return Err(InvalidRequest::new(format!("path parameter `{name}` must not be empty")));
        }
        if let Some(bad) = values.iter().find(|v| matches!(**v, "" | "." | "..")) {
            let what = if bad.is_empty() { "an empty value" } else { "`.` or `..`" };
            return Err(InvalidRequest::new(format!("path parameter `{name}` must not hold {what}")));
        }
        let sep = match (style, explode) {
            (PathStyle::Label, true) => ".",
            (PathStyle::Matrix, true) => ";",
            _ => ",",
        };
        for (i, value) in values.iter().enumerate() {
            match (style, i) {
                (PathStyle::Label, 0) => self.path.push('.'),
                (PathStyle::Matrix, _) if i == 0 || explode => {
                    self.path.push(';');
                    self.path.extend(utf8_percent_encode(name, COMPONENT));
                    self.path.push('=');
                }
                (_, 0) => {}
                _ => self.path.push_str(sep),
            }
            self.path.extend(utf8_percent_encode(value, COMPONENT));
        }
        Ok(())
    }

    /// Adds `name=value` (form style), both percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        Encoding::Query.push_field(&mut self.query, name, [value], ',');
    }

    /// Adds an array as one parameter, `name=a,b` (`explode: false`).
    ///
    /// Each value is encoded, so a comma inside a value is sent as `%2C`. `sep` is `,` (form)
    /// or `|` (pipeDelimited), written literally, or `' '` (spaceDelimited), written as `%20`;
    /// any other separator is percent-encoded. An empty array adds nothing.
    pub fn query_joined<I, S>(&mut self, name: &str, values: I, sep: char)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Encoding::Query.push_field(&mut self.query, name, values, sep);
    }

    /// Adds an array as repeated parameters, `name=a&name=b` (`explode: true`).
    pub fn query_each<I, S>(&mut self, name: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for value in values {
            self.query(name, value.as_ref());
        }
    }

    /// Sets a request header, replacing an earlier value of the same name.
    ///
    /// Values with CR, LF or other bytes not allowed in a header are refused (the reason names
    /// the header but never repeats the value, which may be a secret).
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), InvalidRequest> {
        let (name, value) = header_pair(name, value)?;
        self.set_header(name, value);
        Ok(())
    }

    fn set_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.retain(|(existing, _)| *existing != name);
        self.headers.push((name, value));
    }

    /// Applies the options of this call, after the operation's own parameters: its headers
    /// replace the operation's of the same name, its query parameters follow the operation's, and
    /// its retry policy, timeout, deadline and interceptors are the call's. A header that cannot
    /// be sent is refused (naming it, never its value).
    pub fn options(&mut self, options: &CallOptions) -> Result<(), InvalidRequest> {
        for (name, value) in options.checked_headers()? {
            self.set_header(name, value);
        }
        for (name, value) in options.query_pairs() {
            self.query(name, value);
        }
        if let Some(retry) = &options.retry {
            self.retry = Some(retry.clone());
        }
        self.timeout = options.timeout.or(self.timeout);
        self.deadline = options.deadline.or(self.deadline);
        self.interceptors.extend(&options.interceptors);
        Ok(())
    }

    /// Serialises `body` as the JSON request body (sent with `Content-Type: application/json`).
    pub fn json_body<T: serde::Serialize>(&mut self, body: &T) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|err| InvalidRequest::new(format!("request body could not be serialised as JSON: {err}")))?;
        self.body = Some(Body::Json(Bytes::from(bytes)));
        Ok(())
    }

    /// Starts an `application/x-www-form-urlencoded` body with no field yet, replacing any other
    /// body. The `form_field…` methods start one too; call this first so that a form whose fields
    /// are all absent is still sent (empty, with its `Content-Type`).
    pub fn form_body(&mut self) {
        if !matches!(self.body, Some(Body::Form(_))) {
            self.body = Some(Body::Form(String::new()));
        }
    }

    fn form(&mut self) -> &mut String {
        self.form_body();
        match &mut self.body {
            Some(Body::Form(form)) => form,
            // `form_body` just made it a form.
            _ => unreachable!("the body is a form"),
        }
    }

    /// Adds the form field `name=value` (`application/x-www-form-urlencoded` encoding: a space is
    /// `+`, everything but ASCII letters, digits and `*-._` is percent-encoded). A deepObject member
    /// is `form_field("filter[status]", "open")`. Fields are sent in the order they are added.
    pub fn form_field(&mut self, name: &str, value: &str) {
        Encoding::Form.push_field(self.form(), name, [value], ',');
    }

    /// Adds an array as repeated fields, `name=a&name=b` (`explode: true`); nothing when empty.
    pub fn form_fields_each<I, S>(&mut self, name: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for value in values {
            self.form_field(name, value.as_ref());
        }
    }

    /// Adds an array as one field, `name=a,b` (`explode: false`); nothing when empty.
    ///
    /// Each value is encoded on its own, so a comma inside a value is sent as `%2C`. `sep` is `,`
    /// (form) or `|` (pipeDelimited), written literally, or `' '` (spaceDelimited), written as
    /// `+`; any other separator is encoded.
    pub fn form_fields_joined<I, S>(&mut self, name: &str, values: I, sep: char)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        // An empty array does not start a form body.
        let mut values = values.into_iter().peekable();
        if values.peek().is_some() {
            Encoding::Form.push_field(self.form(), name, values, sep);
        }
    }

    /// Encodes `body`, which must serialise to a JSON object, as the fields of an
    /// `application/x-www-form-urlencoded` body, one member after the other in the object's
    /// order, after the fields already added. A member is encoded with the style `styles` lists
    /// for its name, else [`FormStyle::default`] (`Form { explode: true }`):
    ///
    /// - `null` sends nothing, and so does an empty array or object (except with
    ///   [`FormStyle::Json`], which sends `[]` or `{}`);
    /// - a string is sent as is, a number or a boolean as its JSON text (`3`, `2.5`, `true`);
    /// - an array is its items' texts (an object or array item as its JSON text, a `null` item
    ///   skipped), repeated or joined as the style says;
    /// - an object is encoded as its style says (see [`FormStyle`]); a member of it that is not a
    ///   scalar is sent as its JSON text, except with [`FormStyle::DeepObject`], which nests.
    ///
    /// The body is a form even when no field is sent. A `body` that is not an object, or that
    /// cannot be serialised, is refused (naming the operation) and leaves the request unchanged.
    pub fn form_object<T: serde::Serialize>(
        &mut self,
        body: &T,
        styles: &[(&str, FormStyle)],
    ) -> Result<(), InvalidRequest> {
        let operation_id = self.operation_id;
        let members = match serde_json::to_value(body) {
            Ok(Value::Object(members)) => members,
            Ok(other) => {
                return Err(InvalidRequest::new(format!(
                    "`{operation_id}`: a form body must be an object, not {}",
                    kind(&other)
                )))
            }
            Err(err) => {
                return Err(InvalidRequest::new(format!(
                    "`{operation_id}`: the form body could not be serialised: {err}"
                )))
            }
        };
        self.form_body();
        for (key, value) in &members {
            let style =
                styles.iter().find(|(name, _)| name == key).map_or_else(FormStyle::default, |&(_, style)| style);
            self.form_member(key, value, style);
        }
        Ok(())
    }

    /// One member of a [`form_object`](Self::form_object) body.
    fn form_member(&mut self, key: &str, value: &Value, style: FormStyle) {
        let sep = match style {
            FormStyle::Form { explode: false } => Some(','),
            FormStyle::SpaceDelimited => Some(' '),
            FormStyle::PipeDelimited => Some('|'),
            FormStyle::Form { explode: true } | FormStyle::DeepObject | FormStyle::Json => None,
        };
        match (value, style) {
            (Value::Null, _) => {}
            (_, FormStyle::Json) => self.form_field(key, &value.to_string()),
            (_, FormStyle::DeepObject) => self.form_deep(key, value),
            (Value::Array(items), _) => {
                let texts = items.iter().filter(|item| !item.is_null()).map(value_text);
                match sep {
                    Some(sep) => self.form_fields_joined(key, texts, sep),
                    None => self.form_fields_each(key, texts),
                }
            }
            (Value::Object(members), _) => {
                let present = members.iter().filter(|(_, member)| !member.is_null());
                match sep {
                    Some(sep) => self.form_fields_joined(
                        key,
                        present.flat_map(|(name, member)| [Cow::Borrowed(name.as_str()), value_text(member)]),
                        sep,
                    ),
                    None => {
                        for (name, member) in present {
                            self.form_field(name, &value_text(member));
                        }
                    }
                }
            }
            (scalar, _) => self.form_field(key, &value_text(scalar)),
        }
    }

    /// `value` under the deepObject name `name`: an object member `m` is `name[m]`, at any depth;
    /// an array is repeated fields `name=item`.
    fn form_deep(&mut self, name: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                self.form_fields_each(name, items.iter().filter(|item| !item.is_null()).map(value_text))
            }
            Value::Object(members) => {
                for (member, value) in members {
                    self.form_deep(&format!("{name}[{member}]"), value);
                }
            }
            scalar => self.form_field(name, &value_text(scalar)),
        }
    }

    /// Sets a body of media type `content_type` (e.g. `application/octet-stream`, `image/png`):
    /// bytes, or a stream sent once (a call with a streamed body is never retried; see
    /// [`Payload::stream`]). A `content_type` that is not one media type (`*/*`, garbage) is
    /// refused.
    pub fn bytes_body(&mut self, content_type: &str, body: impl Into<Payload>) -> Result<(), InvalidRequest> {
        let content_type = media_type(content_type, &format_args!("`{}`: the request body", self.operation_id))?;
        self.body = Some(Body::Payload { content_type, payload: body.into() });
        Ok(())
    }

    /// Sets a text body (`text/plain`, `text/csv`, …) of media type `content_type`, sent as
    /// UTF-8: a `text/*` type without a `charset` gets `; charset=utf-8`.
    pub fn text_body(&mut self, content_type: &str, text: impl Into<String>) -> Result<(), InvalidRequest> {
        let what = format!("`{}`: the request body", self.operation_id);
        let mut content_type = media_type(content_type, &what)?;
        let given = content_type.to_str().unwrap_or_default();
        let lower = given.to_ascii_lowercase();
        if lower.starts_with("text/") && !lower.contains("charset") {
            content_type = media_type(&format!("{given}; charset=utf-8"), &what)?;
        }
        self.body = Some(Body::Payload { content_type, payload: Payload::bytes(text.into()) });
        Ok(())
    }

    /// Starts a `multipart/form-data` body with no part yet, replacing any other body. The
    /// `multipart_…` methods start one too; call this first so that a body whose parts are all
    /// absent is still multipart.
    pub fn multipart_body(&mut self) {
        if !matches!(self.body, Some(Body::Multipart(_))) {
            self.body = Some(Body::Multipart(Vec::new()));
        }
    }

    fn multipart(&mut self) -> &mut Vec<(String, Field)> {
        self.multipart_body();
        match &mut self.body {
            Some(Body::Multipart(fields)) => fields,
            // `multipart_body` just made it multipart.
            _ => unreachable!("the body is multipart"),
        }
    }

    /// Adds a text part `name` (no media type, i.e. `text/plain`). Parts are sent in the order
    /// they are added; an array is one part per item, under the same name.
    pub fn multipart_text(&mut self, name: &str, value: &str) {
        self.multipart().push((name.to_owned(), Field::Text(value.to_owned())));
    }

    /// Adds one text part `name` per value (an array property).
    pub fn multipart_texts<I, S>(&mut self, name: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for value in values {
            self.multipart_text(name, value.as_ref());
        }
    }

    /// Adds `value` as a JSON part `name` (`Content-Type: application/json`): an object or array
    /// property of a multipart body.
    pub fn multipart_json<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(value).map_err(|err| {
            InvalidRequest::new(format!(
                "`{}`: multipart part `{name}` could not be serialised as JSON: {err}",
                self.operation_id
            ))
        })?;
        self.multipart().push((name.to_owned(), Field::Json(Bytes::from(bytes))));
        Ok(())
    }

    /// Adds the property `name` of a multipart body that is not a file, after the parts already
    /// added: `null` adds nothing; a string is a text part, a number or a boolean a text part of
    /// its JSON text; an array is one part per item under the same name (a scalar item as a text
    /// part, an object or array item as a JSON part, a `null` item skipped); an object is one JSON
    /// part ([`multipart_json`](Self::multipart_json)).
    ///
    /// The body is multipart even when no part is added. A value that cannot be serialised is
    /// refused (naming the operation and the part) and leaves the request unchanged.
    pub fn multipart_value<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        let value = serde_json::to_value(value).map_err(|err| {
            InvalidRequest::new(format!(
                "`{}`: multipart part `{name}` could not be serialised: {err}",
                self.operation_id
            ))
        })?;
        self.multipart_body();
        match &value {
            Value::Array(items) => items.iter().try_for_each(|item| self.multipart_item(name, item)),
            other => self.multipart_item(name, other),
        }
    }

    /// One part of [`multipart_value`](Self::multipart_value): nothing for `null`, a JSON part for
    /// an object or an array, a text part for a scalar.
    fn multipart_item(&mut self, name: &str, item: &Value) -> Result<(), InvalidRequest> {
        match item {
            Value::Null => Ok(()),
            Value::Array(_) | Value::Object(_) => self.multipart_json(name, item),
            scalar => {
                self.multipart_text(name, &value_text(scalar));
                Ok(())
            }
        }
    }

    /// Adds a file part `name`. Its media type is the one the caller set on `part`, else
    /// `default_content_type` (the API description's `encoding.contentType`, or
    /// `application/octet-stream`); one that is not a media type is refused, naming the part.
    pub fn multipart_file(
        &mut self,
        name: &str,
        part: FilePart,
        default_content_type: &str,
    ) -> Result<(), InvalidRequest> {
        let what = format_args!("`{}`: multipart part `{name}`", self.operation_id);
        let content_type = media_type(part.content_type.as_deref().unwrap_or(default_content_type), &what)?;
        self.multipart().push((name.to_owned(), Field::File { part, content_type }));
        Ok(())
    }

    /// The operation's security requirement: its alternatives, each a set of security scheme
    /// names that are used together (`&[&["basicAuth"], &["apiKey", "appId"]]`). The first
    /// alternative whose schemes all have a credential is sent; an empty alternative (`&[]`
    /// inside, OpenAPI's `{}`) means the operation may be called without any. `&[]` (OpenAPI's
    /// `security: []`) sends no credential at all, not even the client's `bearer_token`.
    ///
    /// Not calling this (the API description states no security) sends the client's
    /// `bearer_token`, if one is configured. A requirement that no configured credential meets
    /// fails the call with `Error::MissingCredentials` before anything is sent.
    pub fn security(&mut self, requirement: &'static [&'static [&'static str]]) {
        self.security = Some(requirement);
    }

    /// Overrides the client's per-attempt timeout for this call (`None` keeps the client's).
    pub fn timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Overrides the client's overall deadline for this call (`None` keeps the client's).
    pub fn deadline(&mut self, deadline: Option<Duration>) {
        self.deadline = deadline;
    }

    /// What identifies the call in hooks and spans.
    pub(crate) fn call_info(&self) -> CallInfo<'_> {
        CallInfo { operation_id: self.operation_id, method: &self.method, url_template: &self.template }
    }

    /// `base_url` (trailing '/' already trimmed) + path + `?query` if there is one.
    pub(crate) fn url(&self, base_url: &str) -> String {
        Self::url_of(base_url, &self.path, &self.query)
    }

    /// `base_url` + `path` + `?query` if there is one.
    pub(crate) fn url_of(base_url: &str, path: &str, query: &str) -> String {
        let mut url = String::with_capacity(base_url.len() + path.len() + query.len() + 1);
        url.push_str(base_url);
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url
    }
}

/// The text form of a parameter value that is not a plain scalar (a union, an object): a JSON string is
/// sent as its content, anything else as its JSON text.
pub fn to_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(text)) => text,
        Ok(other) => value_text(&other).into_owned(),
        Err(_) => String::new(),
    }
}

/// The text of a JSON value sent as a parameter, form field or text part: a string's content; a
/// number as Rust writes it (`1600854`, not JSON's `1600854.0`), which is how a parameter typed
/// `f64` is sent, so one number has one text whichever way the generated code reaches it; anything
/// else (a boolean, an object, an array) its JSON text.
fn value_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(text) => Cow::Borrowed(text),
        Value::Number(number) if number.is_f64() => Cow::Owned(number.as_f64().unwrap_or_default().to_string()),
        other => Cow::Owned(other.to_string()),
    }
}

/// What a JSON value is, for a refusal: `a string`, `an array`, ….
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::{to_text, FormStyle, InvalidRequest, RequestParts};
    use crate::body::{Body, Field};
    use crate::Error;
    use reqwest::Method;
    use serde_json::json;

    fn parts() -> RequestParts {
        RequestParts::new("testOperation", Method::GET)
    }

    #[test]
    fn a_number_is_sent_as_rust_writes_it() {
        // A whole number held as a float (a union's number variant, a form field of `f64`).
        assert_eq!(to_text(&1600854.0f64), "1600854");
        assert_eq!(to_text(&1600854.0f64), 1600854.0f64.to_string());
        assert_eq!(to_text(&0.25f64), "0.25");
        assert_eq!(to_text(&-3i64), "-3");
        assert_eq!(to_text(&u64::MAX), "18446744073709551615");
        // Inside JSON text, JSON's own form.
        assert_eq!(to_text(&json!([1.0])), "[1.0]");
        assert_eq!(to_text(&true), "true");
    }

    /// The encoded form `form_object` makes of `body` (`None`: refused, or not a form).
    fn form(body: serde_json::Value, styles: &[(&str, FormStyle)]) -> Option<String> {
        let mut p = parts();
        p.form_object(&body, styles).ok()?;
        match p.body {
            Some(Body::Form(form)) => Some(form),
            _ => None,
        }
    }

    /// The decoded pairs of `form(body, styles)`.
    fn pairs(body: serde_json::Value, styles: &[(&str, FormStyle)]) -> Vec<(String, String)> {
        let encoded = form(body, styles).unwrap_or_default();
        form_urlencoded::parse(encoded.as_bytes()).into_owned().collect()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    /// The multipart parts of `p` as (name, kind, content); `None` if the body is not multipart.
    fn multipart(p: &RequestParts) -> Option<Vec<(String, &'static str, String)>> {
        match &p.body {
            Some(Body::Multipart(fields)) => Some(
                fields
                    .iter()
                    .map(|(name, field)| match field {
                        Field::Text(text) => (name.clone(), "text", text.clone()),
                        Field::Json(bytes) => (name.clone(), "json", String::from_utf8_lossy(bytes).into_owned()),
                        Field::File { .. } => (name.clone(), "file", String::new()),
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    fn part(name: &str, kind: &'static str, content: &str) -> (String, &'static str, String) {
        (name.to_owned(), kind, content.to_owned())
    }

    #[test]
    fn form_object_sends_scalars_as_text_and_skips_nulls() {
        let body = json!({"s": "a b&c=é", "n": 3, "f": 2.5, "t": true, "nothing": null, "neg": -1, "e": ""});
        assert_eq!(form(body, &[]).as_deref(), Some("s=a+b%26c%3D%C3%A9&n=3&f=2.5&t=true&neg=-1&e="));
        // Any style sends a scalar as one field.
        let styles = [
            ("a", FormStyle::Form { explode: false }),
            ("b", FormStyle::SpaceDelimited),
            ("c", FormStyle::PipeDelimited),
            ("d", FormStyle::DeepObject),
        ];
        assert_eq!(
            form(json!({"a": 1, "b": "x y", "c": false, "d": "v"}), &styles).as_deref(),
            Some("a=1&b=x+y&c=false&d=v")
        );
    }

    #[test]
    fn form_object_keeps_the_object_order() {
        #[derive(serde::Serialize)]
        struct Body {
            zebra: &'static str,
            apple: u32,
            skipped: Option<u32>,
            middle: bool,
        }
        let body = Body { zebra: "z", apple: 1, skipped: None, middle: false };
        let mut p = parts();
        p.form_field("first", "0");
        assert_eq!(p.form_object(&body, &[]), Ok(()));
        let form = p.body.as_ref().and_then(|b| b.exact_bytes());
        assert_eq!(form, Some(&b"first=0&zebra=z&apple=1&middle=false"[..]), "appended, in declaration order");
    }

    #[test]
    fn form_object_arrays_per_style() {
        let body = json!({
            "exploded": ["a", "b c"],
            "joined": ["a", "b,c"],
            "spaced": ["a", "b"],
            "piped": ["a", "b|c"],
            "deep": ["x", "y"],
            "mixed": [1, null, true, {"k": "v"}, [1, 2], "s"],
            "empty": [],
            "nulls": [null, null],
            "emptyJoined": [],
        });
        let styles = [
            ("joined", FormStyle::Form { explode: false }),
            ("spaced", FormStyle::SpaceDelimited),
            ("piped", FormStyle::PipeDelimited),
            ("deep", FormStyle::DeepObject),
            ("emptyJoined", FormStyle::PipeDelimited),
            ("nulls", FormStyle::Form { explode: false }),
        ];
        assert_eq!(
            form(body, &styles).as_deref(),
            Some(concat!(
                "exploded=a&exploded=b+c&joined=a,b%2Cc&spaced=a+b&piped=a|b%7Cc&deep=x&deep=y",
                "&mixed=1&mixed=true&mixed=%7B%22k%22%3A%22v%22%7D&mixed=%5B1%2C2%5D&mixed=s"
            ))
        );
    }

    #[test]
    fn form_object_objects_per_style() {
        let body = json!({
            "exploded": {"r": 100, "g": "x y", "skip": null, "nested": {"a": 1}, "list": [1, 2]},
            "flat": {"r": 100, "g": "x,y", "skip": null},
            "spaced": {"a": "1", "b": 2},
            "piped": {"a": "1", "b": true},
            "empty": {},
            "allNull": {"a": null},
        });
        let styles = [
            ("flat", FormStyle::Form { explode: false }),
            ("spaced", FormStyle::SpaceDelimited),
            ("piped", FormStyle::PipeDelimited),
            ("allNull", FormStyle::Form { explode: false }),
        ];
        assert_eq!(
            form(body, &styles).as_deref(),
            Some(concat!(
                "r=100&g=x+y&nested=%7B%22a%22%3A1%7D&list=%5B1%2C2%5D",
                "&flat=r,100,g,x%2Cy&spaced=a+1+b+2&piped=a|1|b|true"
            ))
        );
    }

    #[test]
    fn form_object_deep_object_nests() {
        let body = json!({
            "filter": {
                "status": "open",
                "range": {"from": 1, "to": {"x": true, "gone": null}},
                "tags": ["a", null, "b"],
                "none": null,
                "objs": [{"k": 1}],
                "empty": {},
            },
            "list": ["p", "q"],
            "scalar": "v w",
        });
        let styles =
            [("filter", FormStyle::DeepObject), ("list", FormStyle::DeepObject), ("scalar", FormStyle::DeepObject)];
        assert_eq!(
            pairs(body.clone(), &styles),
            owned(&[
                ("filter[status]", "open"),
                ("filter[range][from]", "1"),
                ("filter[range][to][x]", "true"),
                ("filter[tags]", "a"),
                ("filter[tags]", "b"),
                ("filter[objs]", r#"{"k":1}"#),
                ("list", "p"),
                ("list", "q"),
                ("scalar", "v w"),
            ])
        );
        // The brackets are encoded, like any other character of a name.
        let encoded = form(body, &styles).unwrap_or_default();
        assert!(encoded.starts_with("filter%5Bstatus%5D=open&filter%5Brange%5D%5Bfrom%5D=1&"), "{encoded}");
    }

    #[test]
    fn form_object_json_style_sends_json_text() {
        let body = json!({"s": "text", "n": 3, "o": {"a": [1, null]}, "a": [1, "x"], "nul": null, "plain": "text"});
        let styles = [
            ("s", FormStyle::Json),
            ("n", FormStyle::Json),
            ("o", FormStyle::Json),
            ("a", FormStyle::Json),
            ("nul", FormStyle::Json),
        ];
        assert_eq!(
            pairs(body, &styles),
            owned(&[
                ("s", r#""text""#),
                ("n", "3"),
                ("o", r#"{"a":[1,null]}"#),
                ("a", r#"[1,"x"]"#),
                ("plain", "text"),
            ])
        );
    }

    #[test]
    fn form_object_of_an_empty_object_is_an_empty_form() {
        assert_eq!(form(json!({}), &[]).as_deref(), Some(""));
        assert_eq!(form(json!({"a": null, "b": [], "c": {}}), &[]).as_deref(), Some(""));
        assert_eq!(FormStyle::default(), FormStyle::Form { explode: true });
    }

    #[test]
    fn form_object_refuses_a_body_that_is_not_an_object() {
        let cases = [
            (json!("x"), "a string"),
            (json!([1, 2]), "an array"),
            (json!(3), "a number"),
            (json!(true), "a boolean"),
            (json!(null), "null"),
        ];
        for (body, kind) in cases {
            let mut p = parts();
            let err = p.form_object(&body, &[]).map_err(|err| err.to_string());
            assert_eq!(err, Err(format!("`testOperation`: a form body must be an object, not {kind}")));
            assert!(p.body.is_none(), "a refused body leaves the request unchanged");
        }
        // A map with non-string keys cannot be serialised: refused, not a panic.
        let mut bad = std::collections::BTreeMap::new();
        bad.insert(vec![1u8], 1u8);
        let mut p = parts();
        let reason = p.form_object(&bad, &[]).err().map(|err| err.to_string()).unwrap_or_default();
        assert!(reason.starts_with("`testOperation`: the form body could not be serialised"), "{reason}");
        assert!(p.body.is_none());
    }

    #[test]
    fn multipart_value_sends_scalars_as_text_and_the_rest_as_json() {
        let mut p = parts();
        assert_eq!(p.multipart_value("nothing", &None::<String>), Ok(()));
        assert_eq!(multipart(&p), Some(vec![]), "an absent value still makes the body multipart");
        assert_eq!(p.multipart_value("s", &"a b"), Ok(()));
        assert_eq!(p.multipart_value("n", &2.5), Ok(()));
        assert_eq!(p.multipart_value("b", &false), Ok(()));
        assert_eq!(p.multipart_value("list", &json!(["a", 1, null, {"k": 1}, [2]])), Ok(()));
        assert_eq!(p.multipart_value("empty", &Vec::<String>::new()), Ok(()));
        assert_eq!(p.multipart_value("obj", &json!({"z": "\"", "a": null})), Ok(()));
        assert_eq!(
            multipart(&p),
            Some(vec![
                part("s", "text", "a b"),
                part("n", "text", "2.5"),
                part("b", "text", "false"),
                part("list", "text", "a"),
                part("list", "text", "1"),
                part("list", "json", r#"{"k":1}"#),
                part("list", "json", "[2]"),
                part("obj", "json", r#"{"z":"\"","a":null}"#),
            ])
        );

        let mut bad = std::collections::BTreeMap::new();
        bad.insert(vec![1u8], 1u8);
        let reason = p.multipart_value("meta", &bad).err().map(|err| err.to_string()).unwrap_or_default();
        assert!(reason.contains("`testOperation`") && reason.contains("`meta`"), "{reason}");
        assert_eq!(multipart(&p).map(|parts| parts.len()), Some(8), "nothing added on a refusal");
    }

    #[test]
    fn to_text_sends_a_string_as_is_and_the_rest_as_json() {
        assert_eq!(to_text(&"a \"b\""), "a \"b\"");
        assert_eq!(to_text(&3), "3");
        assert_eq!(to_text(&true), "true");
        assert_eq!(to_text(&json!({"a": [1]})), r#"{"a":[1]}"#);
    }

    #[test]
    fn path_param_is_one_segment() {
        let mut p = parts();
        p.path("/conversations/");
        assert_eq!(p.path_param("conversationId", "a/b?x#y %"), Ok(()));
        p.path("/messages");
        assert_eq!(p.path, "/conversations/a%2Fb%3Fx%23y%20%25/messages");
        // The URL parser must keep it as one segment, too.
        let url = reqwest::Url::parse(&p.url("https://example.com")).ok();
        let segments: Option<Vec<String>> =
            url.as_ref().and_then(|u| u.path_segments()).map(|s| s.map(str::to_owned).collect());
        assert_eq!(
            segments,
            Some(vec!["conversations".to_owned(), "a%2Fb%3Fx%23y%20%25".to_owned(), "messages".to_owned()])
        );
        assert_eq!(url.and_then(|u| u.query().map(str::to_owned)), None);
    }

    #[test]
    fn path_param_keeps_unreserved_and_encodes_the_rest() {
        let mut p = parts();
        p.path("/x/");
        assert_eq!(p.path_param("id", "AZaz09-._~"), Ok(()));
        p.path("/");
        assert_eq!(p.path_param("id", "...%2e;,=+&@:é\u{0}\r\n"), Ok(()));
        assert_eq!(p.path, "/x/AZaz09-._~/...%252e%3B%2C%3D%2B%26%40%3A%C3%A9%00%0D%0A");
    }

    #[test]
    fn path_param_refuses_dot_segments_and_empty() {
        for hostile in ["", ".", ".."] {
            let mut p = parts();
            let err = p.path_param("conversationId", hostile);
            let reason = err.as_ref().err().map(ToString::to_string).unwrap_or_default();
            assert!(reason.contains("`conversationId`"), "{reason}");
            assert_eq!(p.path, "");
        }
        // Anything else that merely looks like a dot segment is fine, because it is encoded or
        // not a dot segment at all.
        for ok in ["...", "%2e%2e", ". .", "../x"] {
            assert_eq!(parts().path_param("id", ok), Ok(()));
        }
    }

    #[test]
    fn invalid_request_converts_into_error() {
        let err: Error<()> = InvalidRequest::new("nope").into();
        assert!(matches!(err, Error::InvalidRequest { ref reason } if reason == "nope"));
    }

    #[test]
    fn query_form_encoding() {
        let mut p = parts();
        p.query("limit", "20");
        p.query("last Message&Id", "a=b&c d+é");
        assert_eq!(p.query, "limit=20&last%20Message%26Id=a%3Db%26c%20d%2B%C3%A9");
        assert_eq!(p.url("https://h/api"), "https://h/api?limit=20&last%20Message%26Id=a%3Db%26c%20d%2B%C3%A9");
    }

    #[test]
    fn query_joined_encodes_each_value_and_keeps_the_separator() {
        let mut p = parts();
        p.query_joined("type", ["TYPE_SMS", "TYPE_CALL", "a,b"], ',');
        assert_eq!(p.query, "type=TYPE_SMS,TYPE_CALL,a%2Cb");

        let mut p = parts();
        p.query_joined("t", vec!["a b".to_owned(), "c".to_owned()], ' ');
        assert_eq!(p.query, "t=a%20b%20c");

        let mut p = parts();
        p.query_joined("t", ["a|b", "c"], '|');
        assert_eq!(p.query, "t=a%7Cb|c");

        let mut p = parts();
        p.query("x", "1");
        p.query_joined("t", Vec::<String>::new(), ',');
        assert_eq!(p.query, "x=1");
        p.query_joined("t", ["only"], ',');
        assert_eq!(p.query, "x=1&t=only");
    }

    #[test]
    fn query_each_repeats_the_name() {
        let mut p = parts();
        p.query_each("id", ["a", "b&c"]);
        assert_eq!(p.query, "id=a&id=b%26c");
        p.query_each("none", Vec::<&str>::new());
        assert_eq!(p.query, "id=a&id=b%26c");
    }

    #[test]
    fn url_without_query_has_no_question_mark() {
        let mut p = parts();
        p.path("/a");
        assert_eq!(p.url("https://h"), "https://h/a");
    }

    #[test]
    fn header_refuses_cr_lf_and_names_the_header() {
        let mut p = parts();
        for bad in ["v1\r\nX-Evil: 1", "a\nb", "a\rb", "nul\0"] {
            let err = p.header("Version", bad);
            let reason = err.as_ref().err().map(ToString::to_string).unwrap_or_default();
            assert!(reason.contains("`Version`"), "{reason}");
            assert!(!reason.contains("Evil"), "value must not be echoed: {reason}");
        }
        assert!(p.headers.is_empty());
        assert!(p.header("Bad Name", "x").is_err());
        assert_eq!(p.header("Version", "2021-04-15"), Ok(()));
        assert_eq!(p.header("version", "2021-07-28"), Ok(()));
        assert!(!format!("{p:?}").contains("2021-07-28"));
        assert_eq!(p.headers.len(), 1);
        assert_eq!(
            p.headers.first().map(|(n, v)| (n.as_str(), v.to_str().ok())),
            Some(("version", Some("2021-07-28")))
        );
    }

    #[test]
    fn json_body_serialises() {
        let mut p = parts();
        assert_eq!(p.json_body(&serde_json::json!({"a": [1, 2]})), Ok(()));
        assert_eq!(p.body.as_ref().and_then(|b| b.exact_bytes()), Some(&b"{\"a\":[1,2]}"[..]));

        // A map with non-string keys cannot be JSON.
        let mut bad = std::collections::BTreeMap::new();
        bad.insert(vec![1u8], 1u8);
        let err = p.json_body(&bad);
        assert!(err.is_err());
    }
}
