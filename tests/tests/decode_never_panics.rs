//! Nothing a server sends panics the client (DESIGN rule 7): arbitrary bytes, arbitrary-ish JSON,
//! message-shaped JSON with wrong values (flat, and wrapped as the live API sends it) and mutated golden bodies, served over HTTP (one wiremock
//! server on 127.0.0.1 for the whole file) under 200, 400, 401, 422 and 500 to both operations.
//! The result is always `Ok` (only for 200) or an error that keeps the status, and the raw body
//! whenever the body did not become a typed value.

mod mock_support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use leadconnector::{Client, Error, RetryPolicy};
use mock_support::golden;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const STATUSES: [u16; 5] = [200, 400, 401, 422, 500];

/// Which operation a case calls.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    /// `getMessages` (documents 200, 400, 401, 422).
    List,
    /// `getMessage` (documents only 200).
    Single,
}

/// The responses to serve, by the id in the request path, so that test functions running in
/// parallel can share one server.
#[derive(Clone, Default)]
struct Table(Arc<Mutex<HashMap<String, Served>>>);

/// A status and a body.
type Served = (u16, Vec<u8>);

impl Respond for Table {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let rest = request.url.path().trim_start_matches("/conversations/");
        let key = rest.strip_prefix("messages/").or_else(|| rest.strip_suffix("/messages")).unwrap_or(rest);
        match self.0.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
            Some((status, body)) => ResponseTemplate::new(*status).set_body_raw(body.clone(), "application/json"),
            None => ResponseTemplate::new(418).set_body_string(format!("no case `{key}`")),
        }
    }
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    // Kept alive for the whole test binary.
    _server: MockServer,
    client: Client,
    table: Table,
    next_key: AtomicU64,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let table = Table::default();
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET")).respond_with(table.clone()).mount(&server).await;
            server
        });
        // No retries: a 500 is answered once, so each case is one request.
        let client = Client::builder()
            .bearer_token("never-panics-token")
            .base_url(server.uri())
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client");
        Harness { runtime, _server: server, client, table, next_key: AtomicU64::new(0) }
    })
}

/// Serves `body` under `status` to one call of `op`, and checks the outcome.
fn check(op: Op, status: u16, body: &[u8]) -> Result<(), TestCaseError> {
    let h = harness();
    let key = format!("case-{}", h.next_key.fetch_add(1, Ordering::Relaxed));
    h.table.0.lock().unwrap_or_else(|e| e.into_inner()).insert(key.clone(), (status, body.to_vec()));
    let outcome = h.runtime.block_on(async {
        match op {
            Op::List => h
                .client
                .conversations()
                .get_messages(key.as_str())
                .send()
                .await
                .map(|page| {
                    // Writing the decoded value back never panics either.
                    let _ = serde_json::to_vec(openapi_client_runtime::Response::body(&page));
                    openapi_client_runtime::Response::status(&page).as_u16()
                })
                .map_err(|e| summarize(&e)),
            Op::Single => h
                .client
                .conversations()
                .get_message(key.as_str())
                .send()
                .await
                .map(|message| {
                    let _ = serde_json::to_vec(openapi_client_runtime::Response::body(&message));
                    openapi_client_runtime::Response::status(&message).as_u16()
                })
                .map_err(|e| summarize(&e)),
        }
    });
    h.table.0.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);

    match outcome {
        Ok(got) => {
            prop_assert_eq!(status, 200, "only a 200 can succeed");
            prop_assert_eq!(got, 200);
        }
        Err(Summary { kind, status: got, raw_body, display }) => {
            prop_assert_eq!(got, Some(status), "the status is kept ({}: {})", kind, display);
            let documented = status == 200 || (op == Op::List && matches!(status, 400 | 401 | 422));
            match kind {
                "Api" => {
                    prop_assert!(op == Op::List && matches!(status, 400 | 401 | 422), "Api only for documented errors")
                }
                "Decode" => {
                    prop_assert!(documented, "Decode only for documented statuses, got {}", status);
                    prop_assert_eq!(raw_body.as_deref(), Some(body), "the raw body is kept");
                }
                "UnexpectedStatus" => {
                    prop_assert!(!documented, "UnexpectedStatus only for undocumented statuses, got {}", status);
                    prop_assert_eq!(raw_body.as_deref(), Some(body), "the raw body is kept");
                }
                other => prop_assert!(false, "a response arrived, yet the error is {}: {}", other, display),
            }
        }
    }
    Ok(())
}

/// What the property needs from an error (the operation's error types differ).
struct Summary {
    kind: &'static str,
    status: Option<u16>,
    raw_body: Option<Vec<u8>>,
    display: String,
}

fn summarize<E: std::fmt::Debug>(err: &Error<E>) -> Summary {
    let kind = match err {
        Error::Api { .. } => "Api",
        Error::UnexpectedStatus { .. } => "UnexpectedStatus",
        Error::Decode { .. } => "Decode",
        Error::Timeout { .. } => "Timeout",
        Error::Transport { .. } => "Transport",
        Error::InvalidRequest { .. } => "InvalidRequest",
        Error::Pagination { .. } => "Pagination",
        _ => "other",
    };
    // Display and Debug never panic, whatever the body (cut multi-byte characters included).
    let display = err.to_string();
    let _ = format!("{err:?}");
    Summary { kind, status: err.status().map(|s| s.as_u16()), raw_body: err.raw_body().map(<[u8]>::to_vec), display }
}

// ---------------------------------------------------------------------------------------------
// Strategies

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![Just(Op::List), Just(Op::Single)]
}

fn status() -> impl Strategy<Value = u16> {
    prop::sample::select(STATUSES.to_vec())
}

/// Keys the types know, so that arbitrary objects often hit typed fields.
const KEYS: &[&str] = &[
    "lastMessageId",
    "nextPage",
    "messages",
    "id",
    "type",
    "messageType",
    "locationId",
    "contactId",
    "conversationId",
    "dateAdded",
    "direction",
    "contentType",
    "altId",
    "body",
    "status",
    "attachments",
    "meta",
    "callDuration",
    "callStatus",
    "call",
    "duration",
    "email",
    "messageIds",
    "source",
    "userId",
    "conversationProviderId",
    "chatWidgetId",
    "statusCode",
    "message",
    "error",
    "traceId",
];

/// Strings the enums know, and some they do not.
const WORDS: &[&str] = &[
    "TYPE_SMS",
    "TYPE_CALL",
    "TYPE_EMAIL",
    "SMS",
    "inbound",
    "outbound",
    "sideways",
    "connected",
    "opt_out",
    "completed",
    "no-answer",
    "workflow",
    "bulk_actions",
    "",
    "120",
    "\u{0}",
    "é",
    "\u{1F600}",
];

fn string() -> impl Strategy<Value = String> {
    prop_oneof![prop::sample::select(WORDS).prop_map(str::to_owned), any::<String>()]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![Just(0i64), Just(1), Just(-1), Just(i64::from(i32::MAX) + 1), Just(i64::from(i32::MIN) - 1)]
            .prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        string().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![3 => prop::sample::select(KEYS).prop_map(str::to_owned), 1 => string()];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn valid_message(id: &str) -> Value {
    json!({
        "id": id, "type": 2, "messageType": "TYPE_SMS", "locationId": "loc-1", "contactId": "contact-1",
        "conversationId": "conv-1", "dateAdded": "2024-03-27T18:13:49.000Z", "direction": "inbound",
        "contentType": "text/plain", "status": "delivered", "attachments": [], "source": "api",
        "meta": {
            "callDuration": 60, "callStatus": "completed", "email": {"messageIds": ["a"]},
            "call": {"duration": 60, "status": "completed"}
        }
    })
}

/// A JSON pointer's worth of places in a message, some nested.
const MESSAGE_PLACES: &[&str] = &[
    "/id",
    "/type",
    "/messageType",
    "/direction",
    "/status",
    "/attachments",
    "/attachments/0",
    "/meta",
    "/meta/callDuration",
    "/meta/callStatus",
    "/meta/call",
    "/meta/call/duration",
    "/meta/call/status",
    "/meta/email",
    "/meta/email/messageIds",
    "/meta/email/messageIds/0",
    "/source",
    "/dateAdded",
    "/extra",
];

/// A valid message with some places replaced by arbitrary values (or removed).
fn message_shaped() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(MESSAGE_PLACES), prop::option::of(value())), 0..4).prop_map(|edits| {
        let mut message = valid_message("m1");
        if let Some(attachments) = message.pointer_mut("/attachments").and_then(Value::as_array_mut) {
            attachments.push(json!("a.png"));
        }
        for (place, replacement) in edits {
            let (parent, last) = place.rsplit_once('/').unwrap_or(("", place));
            match (message.pointer_mut(parent), replacement) {
                (Some(Value::Object(map)), Some(v)) => {
                    map.insert(last.to_owned(), v);
                }
                (Some(Value::Object(map)), None) => {
                    map.remove(last);
                }
                (Some(Value::Array(items)), Some(v)) => {
                    if let Some(slot) = items.first_mut() {
                        *slot = v;
                    }
                }
                _ => {}
            }
        }
        message
    })
}

/// A page of message-shaped messages, its own fields sometimes wrong too.
fn page_shaped() -> impl Strategy<Value = Value> {
    (prop::collection::vec(message_shaped(), 0..4), prop::option::of(value()), prop::option::of(value())).prop_map(
        |(messages, cursor, next)| {
            json!({
                "lastMessageId": cursor.unwrap_or_else(|| json!("m1")),
                "nextPage": next.unwrap_or(json!(false)),
                "messages": messages,
            })
        },
    )
}

const GOLDEN: &[&str] = &[
    "get_message.page_example.json",
    "get_messages.page_example.json",
    "get_message.unknown_fields.json",
    "get_message.unknown_enum_values.json",
    "get_messages.page_of_100.json",
    "error_401.page_example.json",
    "error_422.page_example.json",
    "get_message.wrapped_call.json",
    "get_message.meta_call.json",
    "get_message.no_content_type.json",
    "get_messages.nested_page.json",
    "get_messages.nested_last_page.json",
];

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    Replace(Index, u8),
    Insert(Index, u8),
    Delete(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<Index>(), prop::sample::select(b"\"{}[],:0-.e\\\xff\x00 ".to_vec()))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<Index>().prop_map(Mutation::Delete),
    ]
}

fn mutate(mut body: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    if body.is_empty() {
        return body;
    }
    match mutation {
        Mutation::Truncate(i) => body.truncate(i.index(body.len())),
        Mutation::Replace(i, b) => {
            let at = i.index(body.len());
            body[at] = *b;
        }
        Mutation::Insert(i, b) => {
            let at = i.index(body.len() + 1);
            body.insert(at, *b);
        }
        Mutation::Delete(i) => {
            let at = i.index(body.len());
            body.remove(at);
        }
    }
    body
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(op in op(), status in status(), body in prop::collection::vec(any::<u8>(), 0..512)) {
        check(op, status, &body)?;
    }

    #[test]
    fn arbitrary_json_never_panics(op in op(), status in status(), body in value()) {
        check(op, status, &serde_json::to_vec(&body).expect("a Value serialises"))?;
    }

    #[test]
    fn message_and_page_shaped_json_never_panics(status in status(), message in message_shaped(), page in page_shaped()) {
        check(Op::Single, status, &serde_json::to_vec(&message).expect("serialises"))?;
        check(Op::List, status, &serde_json::to_vec(&page).expect("serialises"))?;
        // The live shapes (D30, D31): the message wrapped next to a `traceId`, the page wrapped in `messages`.
        let wrapped_message = json!({"message": message, "traceId": "t"});
        check(Op::Single, status, &serde_json::to_vec(&wrapped_message).expect("serialises"))?;
        let wrapped_page = json!({"messages": page});
        check(Op::List, status, &serde_json::to_vec(&wrapped_page).expect("serialises"))?;
    }

    #[test]
    fn mutated_golden_bodies_never_panic(
        op in op(),
        status in status(),
        file in prop::sample::select(GOLDEN),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let body = mutations.iter().fold(golden(file), mutate);
        check(op, status, &body)?;
    }
}

/// Hand-picked nasty bodies, each served under every status to both operations.
#[test]
fn nasty_bodies_never_panic() {
    let mut bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"null".to_vec(),
        b"{}".to_vec(),
        b"[]".to_vec(),
        b"\xef\xbb\xbf{}".to_vec(),             // a byte-order mark
        b"{\"message\":\"\\ud800\"}".to_vec(),  // a lone surrogate
        b"{\"message\":\"\xff\xfe\"}".to_vec(), // invalid UTF-8 inside a string
        b"{\"statusCode\":1e999999}".to_vec(),
        b"{\"statusCode\":-0.0}".to_vec(),
        b"{\"statusCode\":99999999999999999999999999999}".to_vec(),
        b"{\"message\":NaN}".to_vec(),
        b"{\"id\":\"a\",\"id\":\"b\"}".to_vec(), // a duplicate key
        b"{\"messages\":null,\"nextPage\":true,\"lastMessageId\":\"x\"}".to_vec(),
        b"{\"messages\":{},\"nextPage\":true,\"lastMessageId\":\"x\"}".to_vec(),
        "{\"message\":\"é\"}".repeat(1000).into_bytes(),
        format!("{{\"message\":\"{}\"}}", "\u{1F600}".repeat(300)).into_bytes(), // cut mid-character by Display
        vec![b'['; 100_000],                                                     // deeper than any stack
        vec![b'{'; 10_000],
        "{\"a\":".repeat(10_000).into_bytes(),
        vec![0u8; 4096],
    ];
    // A valid single message and page, then each with `type` just outside i32.
    let mut message = valid_message("m1");
    bodies.push(serde_json::to_vec(&message).unwrap());
    message["type"] = json!(i64::from(i32::MAX) + 1);
    bodies.push(serde_json::to_vec(&message).unwrap());
    bodies.push(serde_json::to_vec(&json!({"lastMessageId": "m1", "nextPage": false, "messages": [message]})).unwrap());

    for body in &bodies {
        for status in STATUSES {
            for op in [Op::List, Op::Single] {
                if let Err(failure) = check(op, status, body) {
                    panic!("{op:?} {status} {:?}: {failure}", String::from_utf8_lossy(&body[..body.len().min(80)]));
                }
            }
        }
    }
}

/// `type` one past `i32::MAX` is a decode error at `type`, not a wrapped or truncated number.
#[test]
fn an_out_of_range_integer_is_a_decode_error_at_its_path() {
    let mut message = valid_message("m1");
    message["type"] = json!(2_147_483_648_i64);
    let body = serde_json::to_vec(&message).unwrap();
    let h = harness();
    let key = "out-of-range";
    h.table.0.lock().unwrap().insert(key.to_owned(), (200, body.clone()));
    let err = h.runtime.block_on(h.client.conversations().get_message(key).send()).expect_err("out of range");
    match &err {
        Error::Decode { response, path, message, body: raw, .. } => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(path, "type");
            assert!(message.contains("2147483648"), "{message}");
            assert_eq!(&raw[..], &body[..]);
        }
        other => panic!("expected Decode at `type`, got {other:?}"),
    }
}
