//! YAML (and JSON, which YAML 1.2 contains) → `serde_json::Value`, optionally with the source position
//! of every node, keyed by JSON pointer.
//!
//! We read the event stream of `saphyr-parser` ourselves rather than a loaded tree: a loader recurses
//! once per level of nesting and does not bound what aliases expand to (see below), and every
//! diagnostic must say `file:line:col` and what the node spans, which the events' spans give.
//!
//! What a text may expand to is bounded, not only its size: an alias is a copy of its anchor's
//! value, so ten aliases of an anchor that holds ten aliases of another … grow tenfold with each
//! level (a "billion laughs" document of a few hundred bytes). Aliases may add at most
//! [`ALIAS_NODES`] nodes, or as many as the text has written before them when that is more, and no
//! value may nest deeper than [`MAX_DEPTH`] (aliases counted expanded); past either, the parse fails
//! at the alias or the node that crossed it.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

use crate::pointer::Pointer;

/// Where a node is written: the 1-based line and column (in characters) of its first character, and
/// of the character after its last (after a quoted scalar, the parser counts the blanks and the
/// comment that follow it on its line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: (usize, usize),
    pub end: (usize, usize),
}

impl Span {
    fn new(start: Marker, end: Marker) -> Self {
        Span { start: (start.line(), start.col() + 1), end: (end.line(), end.col() + 1) }
    }
}

/// The span of each node, by JSON pointer.
pub type Positions = HashMap<Pointer, Span>;

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

/// Parses one YAML document. With `positions`, also records the span of every node.
pub fn parse(text: &str, positions: bool) -> Result<(Value, Positions), ParseError> {
    let mut builder = Builder { record: positions, ..Builder::default() };
    let mut parser = Parser::new_from_str(text);
    // The events are pulled one by one (`Parser::load` recurses once per level of nesting, which a
    // deep block-style text turns into a stack overflow), up to the end of the first document, and
    // no further than the first error.
    while builder.error.is_none() {
        let Some(next) = parser.next_event() else { break };
        let (event, span) = next.map_err(|e| {
            let m = e.marker();
            ParseError { line: m.line(), column: m.col() + 1, message: e.info().to_string() }
        })?;
        let last = matches!(event, Event::DocumentEnd | Event::StreamEnd);
        builder.on_event(event, span);
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

/// A collection being read: what it holds so far, and where it is.
struct Frame {
    kind: Collection,
    anchor: usize,
    pointer: Pointer,
    shape: Shape,
    /// Where it starts, and where the last node read in it ends.
    start: Marker,
    end: Marker,
}

enum Collection {
    Mapping { map: Map<String, Value>, key: Option<String> },
    Sequence { items: Vec<Value> },
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
        let Some(frame) = self.stack.last() else { return Pointer::root() };
        match &frame.kind {
            Collection::Mapping { key: Some(k), .. } => frame.pointer.child(k),
            Collection::Mapping { key: None, .. } => frame.pointer.clone(),
            Collection::Sequence { items } => frame.pointer.child(items.len()),
        }
    }

    fn fail(&mut self, mark: Marker, message: String) {
        if self.error.is_none() {
            self.error = Some(ParseError { line: mark.line(), column: mark.col() + 1, message });
        }
    }

    /// Places a finished value of `shape`, written at `span`, in its parent (or as the root).
    fn attach(&mut self, value: Value, shape: Shape, span: saphyr_parser::Span) {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(value);
            return;
        };
        parent.shape.nodes += shape.nodes;
        parent.shape.height = parent.shape.height.max(shape.height + 1);
        parent.end = span.end;
        let mark = span.start;
        match &mut parent.kind {
            Collection::Sequence { items } => items.push(value),
            Collection::Mapping { map, key } => match key.take() {
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
        matches!(self.stack.last(), Some(Frame { kind: Collection::Mapping { key: None, .. }, .. }))
    }

    fn on_event(&mut self, ev: Event, span: saphyr_parser::Span) {
        if self.error.is_some() {
            return;
        }
        let mark = span.start;
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let is_key = self.is_key_position();
                let text = text.into_owned();
                let value = if is_key {
                    Value::String(text)
                } else {
                    let explicit_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                    if style == ScalarStyle::Plain && !explicit_str {
                        resolve_plain(text)
                    } else {
                        Value::String(text)
                    }
                };
                if !is_key && self.record {
                    let p = self.next_pointer();
                    self.positions.insert(p, Span::new(span.start, span.end));
                }
                let shape = Shape { nodes: 1, height: 1 };
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), shape));
                }
                self.written += 1;
                self.attach(value, shape, span);
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
                let kind = if matches!(ev, Event::MappingStart(..)) {
                    Collection::Mapping { map: Map::new(), key: None }
                } else {
                    Collection::Sequence { items: Vec::new() }
                };
                let pointer = self.next_pointer();
                let shape = Shape { nodes: 1, height: 1 };
                self.stack.push(Frame { kind, anchor, pointer, shape, start: mark, end: span.end });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = self.stack.pop() else { return };
                // A flow collection ends after its bracket (whose span runs on over the blanks after
                // it); the end event of a block collection is empty (or, after a sequence that is a
                // mapping's value, the `?` of the next key, on a later line): it ends where its last
                // node does.
                let end = if span.is_empty() {
                    frame.end
                } else {
                    Marker::new(span.start.index() + 1, span.start.line(), span.start.col() + 1)
                };
                let value = match frame.kind {
                    Collection::Mapping { map, .. } => Value::Object(map),
                    Collection::Sequence { items } => Value::Array(items),
                };
                if frame.anchor > 0 {
                    self.anchors.insert(frame.anchor, (value.clone(), frame.shape));
                }
                let whole = saphyr_parser::Span::new(frame.start, end);
                if self.record {
                    self.positions.insert(frame.pointer, Span::new(whole.start, whole.end));
                }
                self.attach(value, frame.shape, whole);
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
                self.attach(value, shape, span);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd => {}
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
        let (_, pos) = parse("paths:\n  /a/b:\n    get: {}\nlist:\n  - x\n  - 'y'  \n", true).unwrap();
        let span = |start, end| Span { start, end };
        assert_eq!(pos["/paths/~1a~1b/get"], span((3, 10), (3, 12)));
        assert_eq!(pos["/list/0"], span((5, 5), (5, 6)));
        // The parser's span of a quoted scalar runs on over the blanks after it.
        assert_eq!(pos["/list/1"], span((6, 5), (6, 10)));
        // A block collection ends where its last node does.
        assert_eq!(pos["/paths"], span((2, 3), (3, 12)));
        assert_eq!(pos["/list"], span((5, 3), (6, 10)));
    }

    #[test]
    fn json_is_read_too() {
        let (v, pos) = parse("{\"a\": [1, \"two\", null]}", true).unwrap();
        assert_eq!(v, serde_json::json!({"a": [1, "two", null]}));
        assert_eq!(pos["/a/1"], Span { start: (1, 11), end: (1, 16) });
        assert_eq!(pos["/a"], Span { start: (1, 7), end: (1, 23) });
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
