//! Media types: the one rule of what a media type is (JSON, a form, multipart, text or bytes), read
//! with `mime` (the parser reqwest and hyper use), for every stage that asks.

use mime::Mime;

/// What a body in a media type is, before its schema is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `application/json`, any `…+json`, and the patterns `*/*` and `application/*`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Characters: `text/*`, and the structured text formats (XML, YAML, JavaScript, …) that are not JSON.
    Text,
    /// Anything else: octets.
    Bytes,
}

/// `text` as a media type, parameters allowed; `None` when it is not one (`type/subtype` of tokens).
pub fn parse(text: &str) -> Option<Mime> {
    text.trim().parse().ok()
}

/// The media type without parameters, lower case (`Application/JSON; charset=utf-8` →
/// `application/json`); text that does not parse is only trimmed and lowered.
pub fn essence(text: &str) -> String {
    match parse(text) {
        Some(mime) => mime.essence_str().to_ascii_lowercase(),
        None => text.split(';').next().unwrap_or("").trim().to_ascii_lowercase(),
    }
}

/// A pattern (`*/*`, `image/*`) rather than one media type.
pub fn is_wildcard(text: &str) -> bool {
    essence(text).contains('*')
}

/// JSON, or a pattern that JSON matches (`*/*`, `application/*`).
pub fn is_json(text: &str) -> bool {
    let essence = essence(text);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
}

/// Characters rather than octets: `text/*`, JSON, and the structured text formats.
pub fn is_text(text: &str) -> bool {
    let essence = essence(text);
    let Some((top, sub)) = essence.split_once('/') else { return false };
    const TEXT_SUBTYPES: [&str; 9] =
        ["json", "xml", "yaml", "x-yaml", "javascript", "ecmascript", "x-www-form-urlencoded", "x-ndjson", "graphql"];
    top == "text"
        || TEXT_SUBTYPES.contains(&sub)
        || ["+json", "+xml", "+yaml"].iter().any(|suffix| sub.ends_with(suffix))
}

/// Octets a string cannot hold as such: a media type (or pattern) of a binary top-level type that
/// is not text (`image/png`, `image/*`, `application/pdf`; not `application/xml`, not `multipart/*`).
pub fn is_binary(text: &str) -> bool {
    let essence = essence(text);
    let Some((top, _)) = essence.split_once('/') else { return false };
    !is_text(&essence) && ["application", "image", "audio", "video", "font", "model"].contains(&top)
}

/// The kind of body a media type is.
pub fn class(text: &str) -> Class {
    let essence = essence(text);
    if essence == "application/x-www-form-urlencoded" {
        Class::Form
    } else if essence == "multipart/form-data" {
        Class::Multipart
    } else if is_json(&essence) && !essence.contains('*') {
        Class::Json
    } else if is_text(&essence) {
        Class::Text
    } else {
        Class::Bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_media_type_has_one_class() {
        let cases = [
            ("application/json", Class::Json),
            ("Application/JSON; charset=utf-8", Class::Json),
            ("application/vnd.api+json", Class::Json),
            ("application/x-www-form-urlencoded", Class::Form),
            ("multipart/form-data; boundary=x", Class::Multipart),
            ("text/plain", Class::Text),
            ("text/csv", Class::Text),
            ("application/xml", Class::Text),
            ("application/atom+xml", Class::Text),
            ("application/yaml", Class::Text),
            ("application/octet-stream", Class::Bytes),
            ("image/png", Class::Bytes),
            ("application/pdf", Class::Bytes),
            ("*/*", Class::Bytes),
            ("image/*", Class::Bytes),
            ("multipart/mixed", Class::Bytes),
        ];
        for (media, expected) in cases {
            assert_eq!(class(media), expected, "{media}");
        }
    }

    #[test]
    fn patterns_and_binary_types() {
        assert!(is_json("*/*") && is_json("application/*") && !is_json("text/*"));
        assert!(is_wildcard("*/*") && is_wildcard("image/*") && !is_wildcard("image/png"));
        for binary in ["application/octet-stream", "image/png", "application/pdf", "audio/mpeg; rate=1"] {
            assert!(is_binary(binary), "{binary}");
        }
        for text in ["text/plain", "application/json", "application/problem+json", "application/xml", "multipart/mixed"]
        {
            assert!(!is_binary(text), "{text}");
        }
        assert!(is_binary("image/*"), "a pattern of binary types is binary");
    }

    #[test]
    fn essence_drops_parameters_and_case() {
        assert_eq!(essence(" Text/HTML ; charset=UTF-8"), "text/html");
        assert_eq!(essence("not a media type; x=1"), "not a media type");
        assert!(parse("application/json; charset=utf-8").is_some());
        assert!(parse("json").is_none() && parse("a b/c").is_none());
    }
}
