//! A small deterministic YAML printer of `serde_json::Value`, block style.
//!
//! Why ours and not a crate: serde_yaml is unmaintained, and the maintained emitters (yaml-rust2's
//! `YamlEmitter`, already in this workspace; serde_yaml_ng) quote a string only when a YAML 1.2 reader
//! would misread it, so `2021-07-28` (every `Version` header value) is written plain, and YAML 1.1
//! readers (js-yaml under Prism, PyYAML under openapi-spec-validator) read it as a timestamp. Here a
//! string is written plain only when it is a word-like text no YAML reader can take for anything else;
//! every other string is double-quoted with JSON's escapes, which are valid YAML escapes. Map order is
//! the `Value`'s (serde_json keeps insertion order in this workspace), so the output is a function of
//! the value alone.

use serde_json::Value;

/// The document `value` as YAML text (ending with a newline).
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => block(&mut out, value, 0),
        Value::Array(items) if !items.is_empty() => block(&mut out, value, 0),
        _ => {
            out.push_str(&scalar(value));
            out.push('\n');
        }
    }
    out
}

/// A non-empty map or list, each entry on its own line(s) at `indent`.
fn block(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                out.push_str(&pad);
                out.push_str(&string(key));
                out.push(':');
                entry(out, child, indent + 2);
            }
        }
        Value::Array(items) => {
            for child in items {
                if is_block(child) {
                    // The child printed one level deeper, its first line's indentation replaced by `- `.
                    let mut inner = String::new();
                    block(&mut inner, child, indent + 2);
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(&inner[indent + 2..]);
                } else {
                    out.push_str(&pad);
                    out.push('-');
                    entry(out, child, indent + 2);
                }
            }
        }
        _ => unreachable!("block() is called on non-empty maps and lists only"),
    }
}

/// What follows `key:` or `-`: a scalar (or empty collection) on the same line, else a block below.
fn entry(out: &mut String, value: &Value, indent: usize) {
    if is_block(value) {
        out.push('\n');
        block(out, value, indent);
    } else {
        out.push(' ');
        out.push_str(&scalar(value));
        out.push('\n');
    }
}

fn is_block(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// A string plain when it is safe for every YAML reader (1.1 and 1.2), double-quoted otherwise.
fn string(s: &str) -> String {
    if plain_is_safe(s) {
        s.to_string()
    } else {
        // JSON's string syntax is a subset of YAML's double-quoted scalars.
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// Starts with a letter, `/` or `$` (so no number, date, `~`, indicator or `.inf`), holds only letters, digits
/// and `_ . / -` and single inner spaces, and is not a word YAML 1.1 reads as a boolean or null.
fn plain_is_safe(s: &str) -> bool {
    const WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_ascii_alphabetic() || first == '/' || first == '$')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-' | ' ' | '$'))
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !WORDS.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prints_block_yaml_that_reads_back_as_the_same_value() {
        let value = json!({
            "openapi": "3.0.3",
            "paths": {"/a/{id}": {"get": {"parameters": [{"name": "Version", "in": "header",
                "schema": {"type": "string", "enum": ["2021-07-28"]}}], "responses": {"200": {}}}}},
            "list": [[1, 2], [], {}, {"a": [true, null]}, "yes", "No", "", " x", "a: b", "#c", "-1", "1.5e3",
                "line\nbreak", "é", "$ref", "/a/b", "/", "/{x}", "plain text/ok-1.2", "~", "0x1F", "null"],
            "empty": {}, "n": -1.25, "u": 18446744073709551615u64
        });
        let text = to_string(&value);
        let (back, _) = codegen::load::parse_yaml(&text, false).unwrap();
        assert_eq!(back, value, "{text}");
        assert!(text.contains("- \"2021-07-28\"\n"), "{text}");
        assert!(text.contains("\"200\": {}\n"), "{text}");
        assert!(text.contains("  - plain text/ok-1.2\n"), "{text}");
        assert!(text.starts_with("openapi: \"3.0.3\"\npaths:\n  \"/a/{id}\":\n    get:\n      parameters:\n        - name: Version\n          in: header\n"), "{text}");
    }

    #[test]
    fn lists_of_lists_and_maps_are_indented_under_their_dash() {
        let text = to_string(&json!({"a": [[1, [2]], {"b": {"c": 1}, "d": 2}]}));
        assert_eq!(text, "a:\n  - - 1\n    - - 2\n  - b:\n      c: 1\n    d: 2\n");
    }
}
