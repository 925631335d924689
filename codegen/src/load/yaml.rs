//! YAML (and JSON, which YAML 1.2 contains) → `serde_json::Value`, optionally with where each node
//! is written, keyed by JSON pointer.
//!
//! `serde-saphyr` reads the text: it resolves plain scalars by the YAML 1.2 core schema, gives each
//! node's position and each error's, and bounds what a text may expand to, not only its size. An
//! alias is a copy of its anchor's value, so ten aliases of an anchor that holds ten aliases of
//! another … grow tenfold with each level (a "billion laughs" document of a few hundred bytes).
//! Aliases may replay at most [`ALIAS_EVENTS`] parser events, or one for every four bytes of the text
//! when that is more (a text writes about one event for every six to eight bytes), and no value may nest deeper than [`MAX_DEPTH`] (aliases counted expanded); past
//! either, the parse fails at the alias or the node that crossed it.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Error, MergeKeyPolicy, MessageFormatter, NonFiniteFloatPolicy};
use serde_saphyr::{Options, Spanned, UserMessageFormatter};

use crate::pointer::Pointer;

/// Where a node is written: the byte range of its text. A collection's runs from its first
/// character (a flow collection's bracket, a block collection's first node) to the end of its last
/// node, or of its closing bracket.
pub type Span = Range<usize>;

/// The span of each node, by JSON pointer.
pub type Positions = HashMap<Pointer, Span>;

/// How many parser events aliases may replay in all, at least (see the module docs).
pub const ALIAS_EVENTS: usize = 50_000;

/// How deep values may nest: the same bound as `serde_json`'s for JSON. Every later stage walks
/// the tree recursively, and a block-style YAML text can nest without any other limit.
pub const MAX_DEPTH: usize = 128;

/// A parse failure: the byte of the text where it happened, and why.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub byte: usize,
    pub message: String,
}

/// Parses one YAML document. With `positions`, also records the span of every node.
pub fn parse(text: &str, positions: bool) -> Result<(Value, Positions), ParseError> {
    let root: Node = serde_saphyr::from_str_with_options(text, options(text)).map_err(|e| parse_error(&e, text))?;
    if matches!(root.value, Tree::Null) && root.referenced.span().is_empty() {
        return Err(ParseError { byte: 0, message: "the document is empty".into() });
    }
    let mut out = Positions::new();
    let (value, _) = into_value(root, text, positions.then(Pointer::root), &mut out);
    Ok((value, out))
}

/// What the reader accepts: YAML 1.2 (booleans are `true` and `false` only, `<<` is a key like any
/// other), duplicate keys as JSON has them (the last one wins), and the bounds of the module docs.
/// The budget's counts of nodes and events are not ours to bound: the file's size bounds them.
fn options(text: &str) -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_events = usize::MAX;
    budget.max_nodes = usize::MAX;
    budget.max_aliases = usize::MAX;
    budget.max_anchors = usize::MAX;
    // A JSON key may be longer than YAML's 1,024 characters of an implicit key.
    budget.simple_key_max_lookahead = usize::MAX;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = ALIAS_EVENTS.max(text.len() / 4);
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.merge_keys = MergeKeyPolicy::AsOrdinary;
    options.strict_booleans = true;
    options.underscored_numbers_as_strings = true;
    options.null_as_string = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options.with_snippet = false;
    options
}

fn parse_error(error: &Error, text: &str) -> ParseError {
    // The error itself, without the alias that made it happen (its location says where that is).
    let mut cause = error;
    while let Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } = cause {
        cause = inner;
    }
    let message = match cause {
        Error::AliasReplayLimitExceeded { max_total_replayed_events, .. } => format!(
            "aliases expand to more than {max_total_replayed_events} parser events (each alias is a copy of its \
             anchor's value; aliases of anchors that hold aliases multiply)"
        ),
        Error::Budget { breach: BudgetBreach::Depth { .. }, .. } => {
            format!("values nest deeper than {MAX_DEPTH} levels (aliases counted expanded)")
        }
        other => UserMessageFormatter.format_message(other).into_owned(),
    };
    // Most errors know their byte; the scanner's know their character only.
    let span = error.location().map(|at| at.span());
    let byte = span.map_or(0, |span| match span.byte_offset() {
        Some(byte) => byte as usize,
        None => text.char_indices().nth(span.offset() as usize).map_or(text.len(), |(i, _)| i),
    });
    ParseError { byte, message }
}

/// A node as read, with where it is written.
type Node = Spanned<Tree>;

enum Tree {
    Null,
    Bool(bool),
    Number(Number),
    /// `.inf`, `-.inf` or `.nan`, which JSON cannot hold: kept as written.
    NonFinite,
    String(String),
    Sequence(Vec<Node>),
    Mapping(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The reader recurses once per level of nesting, with frames large enough (tens of KiB in a
        // debug build) that [`MAX_DEPTH`] levels overflow a thread's stack: it grows as needed.
        stacker::maybe_grow(256 << 10, 4 << 20, || deserializer.deserialize_any(TreeVisitor))
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Tree, E> {
        Ok(Tree::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Tree, E> {
        Ok(Tree::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Tree, E> {
        Ok(Number::from_f64(n).map_or(Tree::NonFinite, Tree::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Tree, E> {
        Ok(Tree::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Tree, E> {
        Ok(Tree::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Tree::Mapping(entries))
    }
}

/// The JSON value of `node`, and where its text ends; its span and its nodes' are recorded in `out`
/// under `at`, when there is an `at`.
fn into_value(node: Node, text: &str, at: Option<Pointer>, out: &mut Positions) -> (Value, usize) {
    let span = node.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let mut end = start + span.byte_len().unwrap_or(0) as usize;
    let collection = matches!(node.value, Tree::Sequence(_) | Tree::Mapping(_));
    let mut child = |node, at| {
        let (value, child_end) = into_value(node, text, at, out);
        end = end.max(child_end);
        value
    };
    let value = match node.value {
        Tree::Null => Value::Null,
        Tree::Bool(b) => Value::Bool(b),
        Tree::Number(n) => Value::Number(n),
        Tree::NonFinite => Value::String(text.get(start..end).unwrap_or_default().to_string()),
        Tree::String(s) => Value::String(s),
        Tree::Sequence(items) => Value::Array(
            items.into_iter().enumerate().map(|(i, item)| child(item, at.as_ref().map(|p| p.child(i)))).collect(),
        ),
        Tree::Mapping(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let value = child(value, at.as_ref().map(|p| p.child(&key)));
                map.insert(key, value);
            }
            Value::Object(map)
        }
    };
    // A flow collection ends after its bracket, the first one after its last node.
    if collection && matches!(text.as_bytes().get(start), Some(b'{' | b'[')) {
        end = text.get(end..).and_then(|rest| rest.find(['}', ']'])).map_or(end, |i| end + i + 1);
    }
    if let Some(at) = at {
        out.insert(at, start..end);
    }
    (value, end)
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

    /// The text each pointer's span covers.
    fn covered<'t>(text: &'t str) -> impl Fn(&str) -> &'t str + 't {
        let (_, positions) = parse(text, true).unwrap();
        move |pointer| &text[positions[pointer].clone()]
    }

    #[test]
    fn spans_are_keyed_by_pointer_and_cover_the_node() {
        let at = covered("paths:\n  /a/b:\n    get: {}\nlist:\n  - x\n  - 'y'  # note\nk: {a: [1, 2] , b: c }\n");
        assert_eq!(at("/paths/~1a~1b/get"), "{}");
        assert_eq!(at("/list/0"), "x");
        assert_eq!(at("/list/1"), "'y'");
        // A block collection runs from its first node to the end of its last; a flow collection
        // from its bracket to its closing one.
        assert_eq!(at("/paths"), "/a/b:\n    get: {}");
        assert_eq!(at("/list"), "- x\n  - 'y'");
        assert_eq!(at("/k"), "{a: [1, 2] , b: c }");
        assert_eq!(at("/k/a"), "[1, 2]");
    }

    #[test]
    fn json_is_read_too() {
        let text =
            "{\n  \"a\": [1, {\"b/c\": \"x\"}, true],\n  \"k\\\"ey\": {\"é\": null, \"n\": -1.5e3, \"e\": []}\n}";
        let (v, _) = parse(text, false).unwrap();
        assert_eq!(v, serde_json::from_str::<Value>(text).unwrap());
        let at = covered(text);
        assert_eq!(at("/a/1/b~1c"), "\"x\"");
        assert_eq!(at("/a/1"), "{\"b/c\": \"x\"}");
        assert_eq!(at("/k\"ey/n"), "-1.5e3");
        assert_eq!(at("/k\"ey/e"), "[]");
        assert_eq!(at(""), text);
        // A JSON key may be longer than the 1,024 characters YAML allows an implicit key.
        let long = format!("{{\"{}\": 1}}", "k".repeat(5_000));
        assert_eq!(parse(&long, true).unwrap().0, serde_json::from_str::<Value>(&long).unwrap());
    }

    #[test]
    fn yaml_1_1_forms_are_text_and_duplicate_keys_keep_the_last() {
        let (v, _) = parse("a: yes\nb: off\n<<: {c: 1}\nd: .inf\ne: 1_000\nd: -.inf\n", false).unwrap();
        assert_eq!(v, serde_json::json!({"a": "yes", "b": "off", "<<": {"c": 1}, "d": "-.inf", "e": "1_000"}));
    }

    #[test]
    fn anchors_and_aliases_are_expanded() {
        let (v, _) = parse("a: &x {k: 1}\nb: *x\n", false).unwrap();
        assert_eq!(v["b"], serde_json::json!({"k": 1}));
    }

    /// The error of parsing `text`, and its 1-based line and column (in characters).
    fn failure(text: &str) -> (ParseError, (usize, usize)) {
        let err = parse(text, false).unwrap_err();
        let at = crate::diagnostics::Location::in_text("", text, err.byte..err.byte);
        (err, (at.line, at.column))
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
            let (err, at) = failure(&bomb(levels));
            assert!(err.message.contains("aliases expand to more than 50000 parser events"), "{err:?}");
            // `a0` is 3 events (`[`, `lol`, `]`) and each `aN` 2 + 10 times as many as `aN-1`: 32,
            // 322, 3,222, 32,222. The aliases of a1…a4 replay 35,790 events, and the first alias of
            // `a4` in `a5` (line 6) crosses 50,000.
            assert_eq!(at, (6, 10), "{err:?}");
        }
        // Four levels are read.
        let (v, _) = parse(&bomb(4), false).unwrap();
        assert_eq!(v["a4"][9][9][9][9][0], "lol");
    }

    #[test]
    fn a_text_may_replay_as_many_events_as_it_has_bytes() {
        // `big` is 120,002 events (its braces, 60,000 keys and values) written in about 878,000
        // bytes, a budget of about 219,000 events: one copy is read, the second crosses it.
        let body: Vec<String> = (0..60_000).map(|i| format!("k{i}: {i}")).collect();
        let big = format!("big: &big {{{}}}\n", body.join(", "));
        let copies = |n: usize| (1..=n).map(|i| format!("c{i}: *big\n")).collect::<String>();
        let (v, _) = parse(&format!("{big}{}", copies(1)), false).unwrap();
        assert_eq!(v["c1"]["k59999"], 59_999);
        let (err, (line, _)) = failure(&format!("{big}{}", copies(2)));
        assert!(err.message.contains("aliases expand to more than"), "{err:?}");
        assert_eq!(line, 3, "{err:?}");
    }

    /// `key:` nested `levels` deep in block style from indentation `from`, then `leaf`.
    fn nest(key: &str, levels: usize, from: usize, leaf: &str) -> String {
        let mut text: String = (0..levels).map(|i| format!("{}{key}:\n", " ".repeat(from + i))).collect();
        text.push_str(&format!("{}{leaf}\n", " ".repeat(from + levels)));
        text
    }

    #[test]
    fn nesting_is_bounded_in_block_style_and_through_aliases() {
        let (err, (line, _)) = failure(&nest("a", 200, 0, "end"));
        assert!(err.message.contains("nest deeper than 128"), "{err:?}");
        assert_eq!(line, 129, "{err:?}");
        assert!(parse(&nest("a", 120, 0, "end"), false).is_ok());
        // Compact block sequences nest a level per two bytes: the parser itself must not recurse.
        let (err, at) = failure(&format!("{}x\n", "- ".repeat(100_000)));
        assert_eq!(at, (1, 257), "{err:?}");
        // Each half under the bound, but an alias of a deep value placed deep crosses it.
        let text = format!("x: &x\n{}y:\n{}", nest("a", 100, 1, "end"), nest("b", 100, 1, "*x"));
        let (err, at) = failure(&text);
        assert!(err.message.contains("nest deeper than 128 levels (aliases counted expanded)"), "{err:?}");
        assert_eq!(at, (204, 102), "{err:?}");
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_position() {
        // A second `:` on a line of block mapping: the error is at it.
        let (err, at) = failure("a: b: c\n");
        assert_eq!(at, (1, 5), "{err:?}");
        // The scanner counts characters, not bytes.
        let (err, at) = failure("é: b: c\n");
        assert_eq!(at, (1, 5), "{err:?}");
        assert!(parse("a: [1, 2\nb: c\n", false).is_err());
        // A second document is not dropped unread.
        let (err, at) = failure("a: 1\n---\nb: 2\n");
        assert_eq!(at, (3, 1), "{err:?}");
        for empty in ["", "# a comment\n"] {
            assert_eq!(parse(empty, false).unwrap_err().message, "the document is empty");
        }
        assert_eq!(parse("~\n", false).unwrap().0, Value::Null);
    }
}
