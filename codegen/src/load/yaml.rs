//! YAML (and JSON, which YAML 1.2 contains) → `serde_json::Value`, optionally with the source position
//! of every node, keyed by JSON pointer.
//!
//! We read the event stream of `yaml-rust2` ourselves rather than its `Yaml` tree because the tree
//! drops positions, and every diagnostic must say `file:line:col`.
//!
//! What a text may expand to is bounded, not only its size: an alias is a copy of its anchor's
//! value, so ten aliases of an anchor that holds ten aliases of another … grow tenfold with each
//! level (a "billion laughs" document of a few hundred bytes). Aliases may add at most
//! [`ALIAS_NODES`] nodes, or as many as the text has written before them when that is more, and no
//! value may nest deeper than [`MAX_DEPTH`] (aliases counted expanded); past either, the parse fails
//! at the alias or the node that crossed it.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::pointer::Pointer;

/// 1-based line and column of each node, by JSON pointer.
pub type Positions = HashMap<Pointer, (usize, usize)>;

/// How many nodes aliases may add in all, at least (see the module docs).
pub const ALIAS_NODES: usize = 100_000;

/// How deep values may nest: the same bound as `serde_json`'s for JSON. Every later stage walks
/// the tree recursively, and a block-style YAML text can nest without any other limit.
pub const MAX_DEPTH: usize = 128;

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
    // The events are pulled one by one (`Parser::load` recurses once per level of nesting, which a
    // deep block-style text turns into a stack overflow), up to the end of the first document, and
    // no further than the first error.
    while builder.error.is_none() {
        let (event, mark) = parser.next_token().map_err(|e| {
            let m = e.marker();
            ParseError { line: m.line(), column: m.col() + 1, message: e.info().to_string() }
        })?;
        let last = matches!(event, Event::DocumentEnd | Event::StreamEnd);
        builder.on_event(event, mark);
        if last {
            break;
        }
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
    Mapping { map: Map<String, Value>, key: Option<String>, anchor: usize, pointer: Pointer, shape: Shape },
    Sequence { items: Vec<Value>, anchor: usize, pointer: Pointer, shape: Shape },
}

impl Frame {
    fn shape(&mut self) -> &mut Shape {
        match self {
            Frame::Mapping { shape, .. } | Frame::Sequence { shape, .. } => shape,
        }
    }
}

/// What a value costs once expanded: its nodes (itself included) and its height (1 for a scalar).
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    nodes: usize,
    height: usize,
}

#[derive(Default)]
struct Builder {
    record: bool,
    stack: Vec<Frame>,
    root: Option<Value>,
    anchors: HashMap<usize, (Value, Shape)>,
    positions: Positions,
    error: Option<ParseError>,
    /// Nodes written in the text, and nodes added by expanding aliases.
    written: usize,
    expanded: usize,
}

impl Builder {
    /// The pointer the next value will have.
    fn next_pointer(&self) -> Pointer {
        match self.stack.last() {
            None => Pointer::root(),
            Some(Frame::Mapping { key: Some(k), pointer, .. }) => pointer.child(k),
            Some(Frame::Mapping { pointer, .. }) => pointer.clone(),
            Some(Frame::Sequence { items, pointer, .. }) => pointer.child(items.len()),
        }
    }

    fn fail(&mut self, mark: Marker, message: String) {
        if self.error.is_none() {
            self.error = Some(ParseError { line: mark.line(), column: mark.col() + 1, message });
        }
    }

    /// Places a finished value of `shape` in its parent (or as the root).
    fn attach(&mut self, value: Value, shape: Shape, mark: Marker) {
        if let Some(parent) = self.stack.last_mut() {
            let total = parent.shape();
            total.nodes += shape.nodes;
            total.height = total.height.max(shape.height + 1);
        }
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
                let shape = Shape { nodes: 1, height: 1 };
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), shape));
                }
                self.written += 1;
                self.attach(value, shape, mark);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if self.is_key_position() {
                    self.fail(mark, "a mapping key must be a scalar".into());
                    return;
                }
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(mark, format!("values nest deeper than {MAX_DEPTH} levels"));
                    return;
                }
                self.written += 1;
                let pointer = self.next_pointer();
                if self.record {
                    self.positions.insert(pointer.clone(), (mark.line(), mark.col() + 1));
                }
                let shape = Shape { nodes: 1, height: 1 };
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Mapping { map: Map::new(), key: None, anchor, pointer, shape }
                } else {
                    Frame::Sequence { items: Vec::new(), anchor, pointer, shape }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (value, anchor, shape) = match self.stack.pop() {
                    Some(Frame::Mapping { map, anchor, shape, .. }) => (Value::Object(map), anchor, shape),
                    Some(Frame::Sequence { items, anchor, shape, .. }) => (Value::Array(items), anchor, shape),
                    None => return,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), shape));
                }
                self.attach(value, shape, mark);
            }
            Event::Alias(anchor) => {
                let Some(&(_, shape)) = self.anchors.get(&anchor) else {
                    return self.fail(mark, "an alias refers to an unknown anchor".into());
                };
                // Checked before the copy is made: the copy is what costs.
                self.expanded = self.expanded.saturating_add(shape.nodes);
                let budget = ALIAS_NODES.max(self.written);
                if self.expanded > budget {
                    return self.fail(
                        mark,
                        format!(
                            "aliases expand to more than {budget} nodes (each alias is a copy of its anchor's value; \
                             aliases of anchors that hold aliases multiply)"
                        ),
                    );
                }
                if self.stack.len() + shape.height > MAX_DEPTH + 1 {
                    return self
                        .fail(mark, format!("values nest deeper than {MAX_DEPTH} levels once this alias is expanded"));
                }
                let value = self.anchors[&anchor].0.clone();
                self.attach(value, shape, mark);
            }
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

    /// Six levels of ten aliases each: a million copies of one scalar from a few hundred bytes.
    fn bomb(levels: usize) -> String {
        let mut text = String::from("a0: &a0 [lol]\n");
        for i in 1..=levels {
            let items = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        text
    }

    #[test]
    fn aliases_that_multiply_stop_at_the_budget_with_a_position() {
        for levels in [6, 7, 60] {
            let err = parse(&bomb(levels), false).unwrap_err();
            assert!(err.message.contains("aliases expand to more than 100000 nodes"), "{err:?}");
            // An `aN` holds 2·10^N + … nodes: the aliases of a1…a4 add 23,450, and the fourth alias of
            // `a4` in `a5` (line 6) crosses 100,000.
            assert_eq!((err.line, err.column), (6, 25), "{err:?}");
        }
        // Four levels are read.
        let (v, _) = parse(&bomb(4), false).unwrap();
        assert_eq!(v["a4"][9][9][9][9][0], "lol");
    }

    #[test]
    fn aliases_within_what_the_text_writes_are_free() {
        // A large text may alias as much as it writes: the budget grows with it.
        let body: Vec<String> = (0..60_000).map(|i| format!("k{i}: {i}")).collect();
        let text = format!("big: &big {{{}}}\ncopy: *big\n", body.join(", "));
        let (v, _) = parse(&text, false).unwrap();
        assert_eq!(v["copy"]["k59999"], 59_999);
        // … but not twice as much.
        let err = parse(&format!("{text}again: *big\n"), false).unwrap_err();
        assert!(err.message.contains("aliases expand to more than"), "{err:?}");
        assert_eq!(err.line, 3, "{err:?}");
    }

    /// `key:` nested `levels` deep in block style from indentation `from`, then `leaf`.
    fn nest(key: &str, levels: usize, from: usize, leaf: &str) -> String {
        let mut text: String = (0..levels).map(|i| format!("{}{key}:\n", " ".repeat(from + i))).collect();
        text.push_str(&format!("{}{leaf}\n", " ".repeat(from + levels)));
        text
    }

    #[test]
    fn nesting_is_bounded_in_block_style_and_through_aliases() {
        let err = parse(&nest("a", 200, 0, "end"), false).unwrap_err();
        assert!(err.message.contains("nest deeper than 128"), "{err:?}");
        assert_eq!(err.line, 129, "{err:?}");
        assert!(parse(&nest("a", 120, 0, "end"), false).is_ok());
        // Compact block sequences nest a level per two bytes: the parser itself must not recurse.
        let err = parse(&format!("{}x\n", "- ".repeat(100_000)), false).unwrap_err();
        assert_eq!((err.line, err.column), (1, 257), "{err:?}");
        // Each half under the bound, but an alias of a deep value placed deep crosses it.
        let text = format!("x: &x\n{}y:\n{}", nest("a", 100, 1, "end"), nest("b", 100, 1, "*x"));
        let err = parse(&text, false).unwrap_err();
        assert!(err.message.contains("once this alias is expanded"), "{err:?}");
        assert_eq!((err.line, err.column), (204, 102), "{err:?}");
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_position() {
        let err = parse("a: [1, 2\nb: c\n", false).unwrap_err();
        assert!(err.line >= 1, "{err:?}");
    }
}
