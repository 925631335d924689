//! Rust identifiers from the spec's names: casing, keywords, length. Below every stage: check
//! (duplicate operation ids), lower (every name of the crate) and emit (spelling) use it.

use heck::{ToSnakeCase, ToUpperCamelCase};

pub use crate::members::types::{UNKNOWN_FIELDS, UNKNOWN_VARIANT};

/// Longest identifier we emit; longer spec names are cut (and deduplicated) with a warning.
pub const MAX_IDENT: usize = 100;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];
/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// `snake_case` of a wire name, made a valid identifier (not yet a raw one): the name a namespace
/// claims is the name emitted, so `self` is already `self_` here and cannot meet a `self_` later.
pub fn snake(name: &str) -> String {
    not_raw(identifier(name, |s| s.to_snake_case(), "value", "_"))
}

/// `UpperCamelCase` of a wire name, made a valid identifier: `TYPE_SMS` → `TypeSms`, `no-answer` → `NoAnswer`.
pub fn upper_camel(name: &str) -> String {
    not_raw(identifier(name, |s| s.to_upper_camel_case(), "Value", "V"))
}

/// The keywords that cannot be raw identifiers get a suffix: `self_` (as Rust code writes it), and
/// `SelfValue` (an upper-camel name stays upper camel).
fn not_raw(name: String) -> String {
    match name.as_str() {
        "Self" => "SelfValue".to_string(),
        _ if NOT_RAW.contains(&name.as_str()) => name + "_",
        _ => name,
    }
}

/// Cases `name` after turning every character an identifier cannot hold into a word break; an empty
/// result becomes `empty`, and one that starts with a digit gets `digit_prefix`.
fn identifier(name: &str, case: fn(&str) -> String, empty: &str, digit_prefix: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let cased = case(&cleaned);
    if cased.is_empty() {
        empty.to_string()
    } else if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{cased}")
    } else {
        cased
    }
}

/// Spells an identifier for `quote!`: keywords become raw identifiers (`type` → `r#type`); the few
/// that cannot be raw never get here (`snake` and `upper_camel` spell them with a trailing
/// underscore), but a fixed name would still be made safe.
pub fn ident_text(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_variants_are_upper_camel_of_the_wire_value() {
        assert_eq!(upper_camel("TYPE_SMS"), "TypeSms");
        assert_eq!(upper_camel("TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG"), "TypeActivityEmployeeActionLog");
        assert_eq!(upper_camel("no-answer"), "NoAnswer");
        assert_eq!(upper_camel("opt_out"), "OptOut");
        assert_eq!(upper_camel("2021-07-28"), "V20210728");
        assert_eq!(upper_camel("text/plain"), "TextPlain");
        assert_eq!(upper_camel(""), "Value");
    }

    #[test]
    fn snake_case_and_keywords() {
        assert_eq!(snake("getMessages"), "get_messages");
        assert_eq!(snake("conversationId"), "conversation_id");
        assert_eq!(snake("X-RateLimit"), "x_rate_limit");
        assert_eq!(snake("get-messages"), "get_messages");
        assert_eq!(snake("3d"), "_3d");
        assert_eq!(ident_text("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(upper_camel("self"), "SelfValue");
        assert_eq!(ident_text("self"), "self_");
        assert_eq!(ident_text("limit"), "limit");
    }
}
