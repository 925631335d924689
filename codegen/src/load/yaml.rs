//! YAML (and JSON, which YAML 1.2 contains) → `serde_json::Value`, optionally with the source position
//! of every node, keyed by JSON pointer.
//!
//! We read the event stream of `yaml-rust2` ourselves rather than its `Yaml` tree because the tree
//! drops positions, and every diagnostic must say `file:line:col`.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::escape_token;

/// 1-based line and column of each node, by JSON pointer.
pub type Positions = HashMap<String, (usize, usize)>;

/// A parse failure, with its 1-based position.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses one YAML document. With `positions`, also records where every node starts.
pub fn parse(text: &str, positions: bool) -> Result<(Value, Positions), ParseError> {
    let mut builder = Builder { record: positions, ..Builder::default() };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        let m = e.marker();
        return Err(ParseError { line: m.line(), column: m.col() + 1, message: e.info().to_string() });
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    match builder.root {
        Some(root) => Ok((root, builder.positions)),
        None => Err(ParseError { line: 1, column: 1, message: "the document is empty".into() }),
    }
}

enum Frame {
    Mapping { map: Map<String, Value>, key: Option<String>, anchor: usize, pointer: String },
    Sequence { items: Vec<Value>, anchor: usize, pointer: String },
}

#[derive(Default)]
struct Builder {
    record: bool,
    stack: Vec<Frame>,
    root: Option<Value>,
    anchors: HashMap<usize, Value>,
    positions: Positions,
    error: Option<ParseError>,
}

impl Builder {
    /// The pointer the next value will have.
    fn next_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Mapping { key: Some(k), pointer, .. }) => format!("{pointer}/{}", escape_token(k)),
            Some(Frame::Mapping { pointer, .. }) => pointer.clone(),
            Some(Frame::Sequence { items, pointer, .. }) => format!("{pointer}/{}", items.len()),
        }
    }

    fn fail(&mut self, mark: Marker, message: String) {
        if self.error.is_none() {
            self.error = Some(ParseError { line: mark.line(), column: mark.col() + 1, message });
        }
    }

    /// Places a finished value in its parent (or as the root).
    fn attach(&mut self, value: Value, mark: Marker) {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping { map, key, .. }) => match key.take() {
                Some(k) => {
                    map.insert(k, value);
                }
                None => match value {
                    Value::String(k) => *key = Some(k),
                    // A key given as a plain scalar (`200:`, `true:`) is kept as its text.
                    Value::Number(n) => *key = Some(n.to_string()),
                    Value::Bool(b) => *key = Some(b.to_string()),
                    Value::Null => *key = Some(String::new()),
                    _ => self.fail(mark, "a mapping key must be a scalar".into()),
                },
            },
        }
    }

    fn is_key_position(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }))
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let is_key = self.is_key_position();
                let value = if is_key {
                    Value::String(text)
                } else {
                    let explicit_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                    if style == TScalarStyle::Plain && !explicit_str {
                        resolve_plain(text)
                    } else {
                        Value::String(text)
                    }
                };
                if !is_key && self.record {
                    let p = self.next_pointer();
                    self.positions.insert(p, (mark.line(), mark.col() + 1));
                }
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                self.attach(value, mark);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if self.is_key_position() {
                    self.fail(mark, "a mapping key must be a scalar".into());
                    return;
                }
                let pointer = self.next_pointer();
                if self.record {
                    self.positions.insert(pointer.clone(), (mark.line(), mark.col() + 1));
                }
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Mapping { map: Map::new(), key: None, anchor, pointer }
                } else {
                    Frame::Sequence { items: Vec::new(), anchor, pointer }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Frame::Mapping { map, anchor, .. }) => (Value::Object(map), anchor),
                    Some(Frame::Sequence { items, anchor, .. }) => (Value::Array(items), anchor),
                    None => return,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                self.attach(value, mark);
            }
            Event::Alias(anchor) => match self.anchors.get(&anchor).cloned() {
                Some(value) => self.attach(value, mark),
                None => self.fail(mark, "an alias refers to an unknown anchor".into()),
            },
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

/// YAML 1.2 core schema resolution of an untagged plain scalar.
fn resolve_plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Value::Number(i.into());
    }
    if let Ok(u) = text.parse::<u64>() {
        return Value::Number(u.into());
    }
    let looks_numeric = text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if looks_numeric {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_resolve_like_yaml_core_schema() {
        let (v, _) = parse("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 2021-07-28\ng: \"x\"\n", false).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": 1.5, "c": true, "d": null, "e": "1", "f": "2021-07-28", "g": "x"})
        );
    }

    #[test]
    fn numeric_keys_stay_text_and_order_is_kept() {
        let (v, _) = parse("responses:\n  200: {description: ok}\n  4XX: {description: no}\n", false).unwrap();
        let keys: Vec<_> = v["responses"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["200", "4XX"]);
    }

    #[test]
    fn positions_are_one_based_and_keyed_by_pointer() {
        let (_, pos) = parse("paths:\n  /a/b:\n    get: {}\nlist:\n  - x\n", true).unwrap();
        assert_eq!(pos["/paths/~1a~1b/get"], (3, 10));
        assert_eq!(pos["/list/0"], (5, 5));
    }

    #[test]
    fn json_is_read_too() {
        let (v, pos) = parse("{\"a\": [1, \"two\", null]}", true).unwrap();
        assert_eq!(v, serde_json::json!({"a": [1, "two", null]}));
        assert_eq!(pos["/a/1"], (1, 11));
    }

    #[test]
    fn anchors_and_aliases_are_expanded() {
        let (v, _) = parse("a: &x {k: 1}\nb: *x\n", false).unwrap();
        assert_eq!(v["b"], serde_json::json!({"k": 1}));
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_position() {
        let err = parse("a: [1, 2\nb: c\n", false).unwrap_err();
        assert!(err.line >= 1, "{err:?}");
    }
}
