//! What the fuzz targets run, as functions, so that a crash found by a target is replayed by a
//! regression test (`tests/regressions.rs`) on stable Rust.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use codegen::pointer::Pointer;
use openapi_client_runtime::support::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use openapi_client_runtime::support::reqwest::StatusCode;
use openapi_client_runtime::support::{RateLimitHeaderNames, RawResponse};
use openapi_client_runtime::Bytes;
use serde_json::Value;

/// A file of this process's own, rewritten for every input (the generator reads a spec from a path).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir.join(name)
}

/// Runs the whole generator (load → check → lower → emit → format) on `text` as the spec.
pub fn generate(text: &[u8]) {
    let path = scratch("spec");
    if std::fs::write(&path, text).is_ok() {
        let _ = codegen::generate(&path, &codegen::Config::default());
    }
}

/// The seeds of `mutate_spec`: the fixture specs, then every spec under the `FUZZ_SEEDS`
/// directories, each as the loader bundles it.
fn seeds() -> &'static [Value] {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures");
        let mut paths = spec_files(&fixtures);
        for dir in std::env::var("FUZZ_SEEDS").unwrap_or_default().split(':').filter(|d| !d.is_empty()) {
            paths.extend(spec_files(Path::new(dir)));
        }
        paths
            .iter()
            .filter_map(|path| {
                let mut diags = codegen::Diagnostics::default();
                codegen::load::load(path, &mut diags).map(|loaded| loaded.document)
            })
            .collect()
    })
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(spec_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
            out.push(path);
        }
    }
    out
}

/// A seed and the edits made to it.
#[derive(Debug, Arbitrary)]
pub struct Mutated {
    seed: u16,
    edits: Vec<Edit>,
}

/// One edit of the JSON tree; nodes are chosen by their index in document order.
#[derive(Debug, Arbitrary)]
enum Edit {
    Replace { node: u32, value: Small },
    Remove { node: u32 },
    Copy { from: u32, to: u32 },
    RefTo { node: u32, target: u32 },
    RenameKey { node: u32, key: Small },
}

/// A small JSON value, with the words an OpenAPI document is made of.
#[derive(Debug, Arbitrary)]
enum Small {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Word(u8),
    Text(String),
    EmptyObject,
    EmptyArray,
}

const WORDS: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "object",
    "null",
    "$ref",
    "#/components/schemas/X",
    "#/components/schemas",
    "#",
    "",
    "binary",
    "int64",
    "date-time",
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "text/plain",
    "*/*",
    "3.1.0",
    "3.0.3",
    "{id}",
    "/a/{id}",
    "query",
    "path",
    "header",
    "cookie",
    "form",
    "deepObject",
    "oneOf",
    "anyOf",
    "allOf",
    "enum",
    "default",
    "required",
    "http",
    "bearer",
    "basic",
    "apiKey",
    "oauth2",
    "~1",
    "~0",
    "../x.yaml#/y",
    "200",
    "4XX",
    "default",
];

impl Small {
    fn value(&self) -> Value {
        match self {
            Small::Null => Value::Null,
            Small::Bool(b) => Value::Bool(*b),
            Small::Int(i) => Value::from(*i),
            Small::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Small::Word(w) => Value::from(WORDS[*w as usize % WORDS.len()]),
            Small::Text(t) => Value::from(t.as_str()),
            Small::EmptyObject => Value::Object(Default::default()),
            Small::EmptyArray => Value::Array(Vec::new()),
        }
    }
}

/// The JSON pointers of the first nodes of `doc`, in document order.
fn pointers(doc: &Value) -> Vec<String> {
    const MAX: usize = 20_000;
    let mut out: Vec<String> = Vec::new();
    let mut stack = vec![(Pointer::root(), doc)];
    while let Some((at, node)) = stack.pop() {
        if out.len() >= MAX {
            break;
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    stack.push((at.child(key), child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    stack.push((at.child(i), child));
                }
            }
            _ => {}
        }
        out.push(at.into());
    }
    out
}

fn parent_and_key(pointer: &str) -> Option<(&str, String)> {
    let (parent, key) = pointer.rsplit_once('/')?;
    Some((parent, codegen::pointer::unescape(key).into_owned()))
}

fn remove(doc: &mut Value, pointer: &str) -> Option<Value> {
    let (parent, key) = parent_and_key(pointer)?;
    match doc.pointer_mut(parent)? {
        Value::Object(map) => map.shift_remove(&key),
        Value::Array(items) => key.parse::<usize>().ok().filter(|i| *i < items.len()).map(|i| items.remove(i)),
        _ => None,
    }
}

/// Applies the edits to a copy of the chosen seed.
pub fn mutate(input: &Mutated) -> Option<Value> {
    let seeds = seeds();
    let mut doc = seeds.get(input.seed as usize % seeds.len().max(1))?.clone();
    for edit in input.edits.iter().take(8) {
        let nodes = pointers(&doc);
        let pick = |i: u32| nodes[i as usize % nodes.len()].clone();
        match edit {
            Edit::Replace { node, value } => {
                if let Some(slot) = doc.pointer_mut(&pick(*node)) {
                    *slot = value.value();
                }
            }
            Edit::Remove { node } => {
                remove(&mut doc, &pick(*node));
            }
            Edit::Copy { from, to } => {
                if let Some(copy) = doc.pointer(&pick(*from)).cloned() {
                    if let Some(slot) = doc.pointer_mut(&pick(*to)) {
                        *slot = copy;
                    }
                }
            }
            Edit::RefTo { node, target } => {
                let reference = format!("#{}", pick(*target));
                if let Some(slot) = doc.pointer_mut(&pick(*node)) {
                    *slot = serde_json::json!({ "$ref": reference });
                }
            }
            Edit::RenameKey { node, key } => {
                let at = pick(*node);
                let new_key = match key.value() {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                if let Some((parent, _)) = parent_and_key(&at) {
                    let parent = parent.to_string();
                    if let Some(value) = remove(&mut doc, &at) {
                        if let Some(Value::Object(map)) = doc.pointer_mut(&parent) {
                            map.insert(new_key, value);
                        }
                    }
                }
            }
        }
    }
    Some(doc)
}

/// Runs the whole generator on a mutated seed.
pub fn generate_mutated(input: &Mutated) {
    if let Some(doc) = mutate(input) {
        generate(doc.to_string().as_bytes());
    }
}

/// A response to any operation of `generated-client`.
#[derive(Debug, Arbitrary)]
pub struct ResponseInput {
    operation: u8,
    status: Status,
    headers: Vec<(HeaderChoice, String)>,
    body: Body,
}

/// A documented status, or any.
#[derive(Debug, Arbitrary)]
enum Status {
    Documented(u8),
    Any(u16),
}

#[derive(Debug, Arbitrary)]
enum HeaderChoice {
    Named(u8),
    Any(String),
}

const HEADERS: &[&str] = &[
    "content-type",
    "x-ratelimit-max",
    "x-ratelimit-remaining",
    "x-ratelimit-interval-milliseconds",
    "x-ratelimit-limit-daily",
    "x-ratelimit-daily-remaining",
    "retry-after",
];

/// A body: arbitrary bytes, or a golden response with a few bytes changed.
#[derive(Debug, Arbitrary)]
enum Body {
    Bytes(Vec<u8>),
    Golden { which: u8, flips: Vec<(u16, u8)> },
}

const GOLDEN: &[&str] = &[
    include_str!("../../tests/golden/get_message.page_example.json"),
    include_str!("../../tests/golden/get_message.meta_call.json"),
    include_str!("../../tests/golden/error_422.page_example.json"),
    include_str!("../../tests/golden/error_400.page_example.json"),
];

/// The rate-limit headers of `spec/leadconnector.yaml` (`x-rate-limit-headers`).
const RATE_LIMIT_HEADERS: RateLimitHeaderNames = RateLimitHeaderNames {
    limit: Some("X-RateLimit-Max"),
    remaining: Some("X-RateLimit-Remaining"),
    interval_ms: Some("X-RateLimit-Interval-Milliseconds"),
    daily_limit: Some("X-RateLimit-Limit-Daily"),
    daily_remaining: Some("X-RateLimit-Daily-Remaining"),
};

/// Decodes the response with the operation's own `decode` (what `send()` does after the
/// response arrives), and reads everything the result offers.
pub fn decode(input: &ResponseInput) {
    const DOCUMENTED: &[u16] = &[200, 201, 204, 400, 401, 404, 422, 429, 500, 503];
    let code = match input.status {
        Status::Documented(i) => DOCUMENTED[i as usize % DOCUMENTED.len()],
        Status::Any(code) => code,
    };
    let Ok(status) = StatusCode::from_u16(code) else { return };
    let mut headers = HeaderMap::new();
    for (name, value) in input.headers.iter().take(16) {
        let name = match name {
            HeaderChoice::Named(i) => HeaderName::from_static(HEADERS[*i as usize % HEADERS.len()]),
            HeaderChoice::Any(text) => match HeaderName::from_bytes(text.as_bytes()) {
                Ok(name) => name,
                Err(_) => continue,
            },
        };
        if let Ok(value) = HeaderValue::from_bytes(value.as_bytes()) {
            headers.append(name, value);
        }
    }
    let body = match &input.body {
        Body::Bytes(bytes) => bytes.clone(),
        Body::Golden { which, flips } => {
            let mut bytes = GOLDEN[*which as usize % GOLDEN.len()].as_bytes().to_vec();
            for (at, byte) in flips.iter().take(8) {
                if !bytes.is_empty() {
                    let i = *at as usize % bytes.len();
                    bytes[i] = *byte;
                }
            }
            bytes
        }
    };
    let response = || RawResponse::new(status, headers.clone(), Bytes::from(body.clone()), &RATE_LIMIT_HEADERS);
    // Every operation of generated-client; `decode_covers_every_operation` keeps the list whole.
    match input.operation % 2 {
        0 => read(leadconnector::conversations::GetMessage::decode(response())),
        _ => read(leadconnector::conversations::GetMessages::decode(response())),
    }
}

/// The operations `decode` covers, for the test that keeps the list whole.
pub const DECODED_OPERATIONS: &[&str] = &["GetMessage", "GetMessages"];

#[cfg(test)]
mod tests {
    /// `decode` names every operation of generated-client that is transcribed from the reference pages
    /// (the operations of the root document, in the `conversations` module); the 574 imported ones are
    /// not fuzzed yet (fuzz/README.md).
    #[test]
    fn decode_covers_every_transcribed_operation() {
        let module = include_str!("../../generated-client/src/conversations/mod.rs");
        let mut builders: Vec<&str> = module
            .lines()
            .filter_map(|line| line.trim().strip_prefix("pub use "))
            .flat_map(|line| line.split(['{', '}', ',', ';']).map(str::trim))
            .filter(|name| super::DECODED_OPERATIONS.contains(name))
            .collect();
        builders.sort_unstable();
        let mut covered = super::DECODED_OPERATIONS.to_vec();
        covered.sort_unstable();
        assert_eq!(builders, covered);
    }
}

/// Uses what a caller would: the value, or the error's status, headers, body and text.
fn read<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<leadconnector::Response<T>, leadconnector::Error<E>>) {
    match result {
        Ok(response) => {
            std::hint::black_box(format!(
                "{:?} {:?}",
                leadconnector::Response::rate_limit(&response),
                leadconnector::Response::body(&response)
            ));
        }
        Err(err) => {
            std::hint::black_box((err.status(), err.headers().map(HeaderMap::len), err.raw_body(), err.to_string()));
            std::hint::black_box(format!("{err:?}"));
        }
    }
}
