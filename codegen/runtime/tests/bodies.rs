//! Request bodies on the wire: forms, multipart, bytes, streams and text, parsed back from what a
//! local server received.

mod common;

use bytes::Bytes;
use common::*;
use openapi_client_runtime::support::{FormStyle, Method};
use openapi_client_runtime::{Error, FilePart, Payload};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/upload")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
    server
}

/// The only request `server` received.
async fn the_request(server: &MockServer) -> wiremock::Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

#[tokio::test]
async fn form_fields_are_encoded_per_style_and_parse_back() {
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("postForm", Method::POST, "/upload");
    parts.form_body();
    parts.form_field("name", "a b&c=d+é");
    parts.form_fields_each("tag", ["x", "y z"]);
    parts.form_fields_joined("ids", ["1", "2,3"], ',');
    parts.form_fields_joined("piped", ["a", "b"], '|');
    parts.form_fields_joined("spaced", ["a", "b"], ' ');
    parts.form_fields_joined("none", Vec::<String>::new(), ',');
    parts.form_field("filter[status]", "open");
    parts.form_field("filter[kind]", "a/b");
    let response = client.send(parts).await.expect("sent");
    assert_eq!(response.status_code(), 200);

    let request = the_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    let raw = String::from_utf8(request.body.clone()).expect("ASCII");
    // Each joined value is encoded on its own; the separator is literal.
    assert!(raw.contains("&ids=1,2%2C3&piped=a|b&spaced=a+b&"), "{raw}");
    assert!(raw.starts_with("name=a+b%26c%3Dd%2B%C3%A9&"), "{raw}");
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).expect("a form");
    let expected = [
        ("name", "a b&c=d+é"),
        ("tag", "x"),
        ("tag", "y z"),
        ("ids", "1,2,3"),
        ("piped", "a|b"),
        ("spaced", "a b"),
        ("filter[status]", "open"),
        ("filter[kind]", "a/b"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(fields, expected);
}

#[tokio::test]
async fn an_empty_form_is_still_a_form() {
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("postForm", Method::POST, "/upload");
    parts.form_body();
    client.send(parts).await.expect("sent");
    let request = the_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_form_object_is_encoded_per_style_and_parses_back_in_order() {
    #[derive(serde::Serialize)]
    struct Filter {
        status: &'static str,
        range: serde_json::Value,
        tags: Vec<&'static str>,
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        name: &'static str,
        count: u32,
        ratio: f64,
        active: bool,
        nickname: Option<&'static str>,
        tag: Vec<&'static str>,
        ids: Vec<&'static str>,
        spaced: Vec<u8>,
        piped: Vec<&'static str>,
        color: serde_json::Value,
        point: serde_json::Value,
        filter: Filter,
        metadata: serde_json::Value,
    }
    let body = Body {
        name: "a b&c=d+é",
        count: 3,
        ratio: 2.5,
        active: true,
        nickname: None,
        tag: vec!["x", "y z"],
        ids: vec!["1", "2,3"],
        spaced: vec![4, 5],
        piped: vec!["a", "b|c"],
        color: serde_json::json!({"R": 100, "G": "two hundred"}),
        point: serde_json::json!({"x": 1, "y": null, "z": "a,b"}),
        filter: Filter {
            status: "open",
            range: serde_json::json!({"from": 1, "to": {"day": "mon"}}),
            tags: vec!["p", "q"],
        },
        metadata: serde_json::json!({"k": ["v"]}),
    };
    let styles = [
        ("ids", FormStyle::Form { explode: false }),
        ("spaced", FormStyle::SpaceDelimited),
        ("piped", FormStyle::PipeDelimited),
        ("point", FormStyle::Form { explode: false }),
        ("filter", FormStyle::DeepObject),
        ("metadata", FormStyle::Json),
        ("notAField", FormStyle::Json),
    ];
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("postFormObject", Method::POST, "/upload");
    parts.form_object(&body, &styles).expect("an object");
    client.send(parts).await.expect("sent");

    let request = the_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    let raw = String::from_utf8(request.body.clone()).expect("ASCII");
    assert!(raw.contains("&ids=1,2%2C3&spaced=4+5&piped=a|b%7Cc&"), "{raw}");
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).expect("a form");
    let expected = [
        ("name", "a b&c=d+é"),
        ("count", "3"),
        ("ratio", "2.5"),
        ("active", "true"),
        ("tag", "x"),
        ("tag", "y z"),
        ("ids", "1,2,3"),
        ("spaced", "4 5"),
        ("piped", "a|b|c"),
        ("R", "100"),
        ("G", "two hundred"),
        ("point", "x,1,z,a,b"),
        ("filter[status]", "open"),
        ("filter[range][from]", "1"),
        ("filter[range][to][day]", "mon"),
        ("filter[tags]", "p"),
        ("filter[tags]", "q"),
        ("metadata", r#"{"k":["v"]}"#),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(fields, expected);
}

#[tokio::test]
async fn a_form_object_that_is_not_an_object_is_refused_before_sending() {
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("postFormObject", Method::POST, "/upload");
    let err = parts.form_object(&["a", "b"], &[]).expect_err("an array is not a form");
    let err: Error<()> = err.into();
    match err {
        Error::InvalidRequest { reason } => {
            assert_eq!(reason, "`postFormObject`: a form body must be an object, not an array")
        }
        other => panic!("{other:?}"),
    }
    // The request is unchanged: it is sent without a body.
    client.send(parts).await.expect("sent");
    let request = the_request(&server).await;
    assert_eq!(header(&request, "content-type"), None);
    assert!(request.body.is_empty());
}

/// One parsed multipart part: name, file name, content type, bytes.
type Part = (String, Option<String>, Option<String>, Vec<u8>);

async fn multipart_parts(request: &wiremock::Request) -> Vec<Part> {
    let content_type = header(request, "content-type").expect("a content type");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let boundary = multer::parse_boundary(content_type).expect("a boundary");
    let body = Bytes::from(request.body.clone());
    let mut multipart =
        multer::Multipart::new(futures::stream::once(async move { Ok::<_, std::io::Error>(body) }), boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.expect("the part's bytes").to_vec();
        parts.push((name, file_name, content_type, bytes));
    }
    parts
}

fn chunks(pieces: &[&'static [u8]]) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    futures::stream::iter(pieces.iter().map(|piece| Ok(Bytes::from_static(piece))).collect::<Vec<_>>())
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> Part {
    (name.to_owned(), file_name.map(str::to_owned), content_type.map(str::to_owned), bytes.to_vec())
}

#[tokio::test]
async fn multipart_parts_arrive_with_names_file_names_types_and_bytes() {
    let server = server_answering(201).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("upload", Method::POST, "/upload");
    parts.multipart_body();
    parts.multipart_text("note", "hello wörld");
    parts.multipart_texts("tag", ["a", "b"]);
    parts.multipart_json("meta", &serde_json::json!({"a": [1, 2], "b": "c"})).expect("JSON");
    let pdf = FilePart::bytes(&b"%PDF-1.7 \x00\xff"[..]).file_name("report.pdf").content_type("application/pdf");
    parts.multipart_file("document", pdf, "application/octet-stream").expect("a file part");
    let streamed = FilePart::stream(chunks(&[b"first,", b"second,", b"third"]), Some(18)).file_name("log.txt");
    parts.multipart_file("log", streamed, "text/plain").expect("a streamed part");
    let unknown_length = FilePart::stream(chunks(&[b"\x01\x02", b"\x03"]), None);
    parts.multipart_file("raw", unknown_length, "application/octet-stream").expect("a streamed part");
    let response = client.send(parts).await.expect("sent");
    assert_eq!(response.status_code(), 201);

    let request = the_request(&server).await;
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            part("note", None, None, "hello wörld".as_bytes()),
            part("tag", None, None, b"a"),
            part("tag", None, None, b"b"),
            part("meta", None, Some("application/json"), br#"{"a":[1,2],"b":"c"}"#),
            part("document", Some("report.pdf"), Some("application/pdf"), b"%PDF-1.7 \x00\xff"),
            part("log", Some("log.txt"), Some("text/plain"), b"first,second,third"),
            part("raw", None, Some("application/octet-stream"), b"\x01\x02\x03"),
        ]
    );
}

#[tokio::test]
async fn multipart_values_arrive_as_text_and_json_parts_beside_a_file() {
    let server = server_answering(201).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("upload", Method::POST, "/upload");
    parts.multipart_value("title", &"hello wörld").expect("a string");
    parts.multipart_value("count", &42u32).expect("a number");
    parts.multipart_value("ratio", &0.5f64).expect("a number");
    parts.multipart_value("draft", &false).expect("a boolean");
    parts.multipart_value("missing", &None::<String>).expect("absent");
    parts.multipart_value("tags", &["a", "b c"]).expect("an array");
    parts.multipart_value("items", &serde_json::json!([{"id": 1}, null, 7])).expect("an array");
    parts.multipart_value("meta", &serde_json::json!({"a": [1, 2], "b": "c"})).expect("an object");
    let pdf = FilePart::bytes(&b"%PDF-1.7 \x00\xff"[..]).file_name("report.pdf");
    parts.multipart_file("document", pdf, "application/pdf").expect("a file part");
    assert_eq!(client.send(parts).await.expect("sent").status_code(), 201);

    let request = the_request(&server).await;
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            part("title", None, None, "hello wörld".as_bytes()),
            part("count", None, None, b"42"),
            part("ratio", None, None, b"0.5"),
            part("draft", None, None, b"false"),
            part("tags", None, None, b"a"),
            part("tags", None, None, b"b c"),
            part("items", None, Some("application/json"), br#"{"id":1}"#),
            part("items", None, None, b"7"),
            part("meta", None, Some("application/json"), br#"{"a":[1,2],"b":"c"}"#),
            part("document", Some("report.pdf"), Some("application/pdf"), b"%PDF-1.7 \x00\xff"),
        ]
    );
}

#[tokio::test]
async fn a_multipart_of_absent_values_is_still_multipart() {
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("upload", Method::POST, "/upload");
    parts.multipart_value("missing", &None::<u32>).expect("absent");
    parts.multipart_value("nulls", &[None::<u32>, None]).expect("absent items");
    client.send(parts).await.expect("sent");
    let request = the_request(&server).await;
    let content_type = header(&request, "content-type").unwrap_or_default();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    // reqwest sends a multipart form without parts as an empty body (the multipart grammar needs
    // at least one part, so there is nothing for a parser such as multer to read back).
    assert!(request.body.is_empty(), "{:?}", String::from_utf8_lossy(&request.body));
}

#[tokio::test]
async fn a_multipart_of_bytes_is_sent_again_whole_on_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("replace", Method::PUT, "/upload");
    parts.multipart_text("note", "again");
    let file = FilePart::bytes(vec![7u8; 100_000]).file_name("big.bin");
    parts.multipart_file("file", file, "application/octet-stream").expect("a file part");
    let response = client.send(parts).await.expect("sent");
    assert_eq!(response.status_code(), 200, "retried after the 503");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let first = multipart_parts(&requests[0]).await;
    let second = multipart_parts(&requests[1]).await;
    assert_eq!(first.len(), 2);
    assert_eq!(first, second, "the retry sends the same parts");
    assert_eq!(first[1], part("file", Some("big.bin"), Some("application/octet-stream"), &[7u8; 100_000]));
}

#[tokio::test]
async fn a_request_holding_a_stream_is_sent_once_and_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    let client = build(builder(&server.uri()));

    // A multipart with a streamed file.
    let mut multipart = parts("replace", Method::PUT, "/upload");
    let streamed = FilePart::stream(chunks(&[b"abc"]), Some(3));
    multipart.multipart_file("file", streamed, "application/octet-stream").expect("a file part");
    // A streamed binary body.
    let mut binary = parts("replace", Method::PUT, "/upload");
    binary.bytes_body("application/octet-stream", Payload::stream(chunks(&[b"abc"]), None)).expect("a body");

    for parts in [multipart, binary] {
        // A clone shares the one stream: it cannot be sent after the original.
        let copy = parts.clone();
        let response = client.send(parts).await.expect("sent");
        assert_eq!(response.status_code(), 503, "the retryable status is the answer: the stream is gone");
        let err = client.send(copy).await.expect_err("the stream was already sent");
        match err {
            Error::InvalidRequest { reason } => assert!(reason.contains("already sent"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(received(&server).await.len(), 2, "one request per stream, no retry, nothing for the copies");
}

#[tokio::test]
async fn binary_and_text_bodies_are_sent_as_given() {
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));

    let mut bytes = parts("putImage", Method::PUT, "/upload");
    bytes.bytes_body("image/png", vec![0x89, b'P', b'N', b'G', 0, 255]).expect("a body");
    client.send(bytes).await.expect("sent");

    let mut stream = parts("putBlob", Method::PUT, "/upload");
    let chunks = futures::stream::iter((0..64u8).map(|i| Ok::<_, std::io::Error>(Bytes::from(vec![i; 1024]))));
    stream.bytes_body("application/octet-stream", Payload::stream(chunks, Some(64 * 1024))).expect("a body");
    client.send(stream).await.expect("sent");

    let mut text = parts("putNote", Method::PUT, "/upload");
    text.text_body("text/plain", "héllo\nwörld").expect("a body");
    client.send(text).await.expect("sent");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(header(&requests[0], "content-type"), Some("image/png"));
    assert_eq!(requests[0].body, vec![0x89, b'P', b'N', b'G', 0, 255]);
    assert_eq!(header(&requests[1], "content-type"), Some("application/octet-stream"));
    assert_eq!(header(&requests[1], "content-length"), Some("65536"));
    let expected: Vec<u8> = (0..64u8).flat_map(|i| vec![i; 1024]).collect();
    assert_eq!(requests[1].body, expected);
    assert_eq!(header(&requests[2], "content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(requests[2].body, "héllo\nwörld".as_bytes());
}

#[tokio::test]
async fn a_stream_that_fails_aborts_the_request() {
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("putBlob", Method::PUT, "/upload");
    let failing = futures::stream::iter([Ok(Bytes::from_static(b"abc")), Err(std::io::Error::other("disk gone"))]);
    parts.bytes_body("application/octet-stream", Payload::stream(failing, None)).expect("a body");
    let err = client.send(parts).await.expect_err("the stream failed");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[test]
fn media_types_are_checked_and_refusals_name_the_part() {
    let mut parts = parts("upload", Method::POST, "/upload");
    for garbage in ["not a type", "", "text/", "*/*", "image/*", "text/plain\r\nX-Evil: 1"] {
        let err = parts
            .multipart_file("avatar", FilePart::bytes(&b"x"[..]).content_type(garbage), "application/octet-stream")
            .expect_err(garbage);
        let reason = err.to_string();
        assert!(reason.contains("`upload`") && reason.contains("`avatar`"), "{reason}");
        // Never the raw line break (a header injection into whatever shows the message).
        assert!(!reason.contains(['\r', '\n']), "{reason}");
        let err = parts.bytes_body(garbage, &b"x"[..]).expect_err(garbage);
        assert!(err.to_string().contains("request body"), "{err}");
    }
    assert!(parts.multipart_file("avatar", FilePart::bytes(&b"x"[..]), "image/png").is_ok());
    assert!(parts.multipart_file("avatar", FilePart::bytes(&b"x"[..]).content_type("image/svg+xml"), "x").is_ok());
    // Debug shows the shape of the body, never its content.
    parts.form_field("password", "hunter2");
    let debug = format!("{parts:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("form, "), "{debug}");
    let file = FilePart::stream(futures::stream::empty::<Result<Bytes, std::io::Error>>(), Some(3)).file_name("a");
    let debug = format!("{file:?}");
    assert!(debug.contains("Stream") && debug.contains("sent: false"), "{debug}");
}

#[tokio::test]
async fn a_307_redirect_resends_a_bytes_body_but_not_a_stream() {
    let server = redirecting_server("/upload", 307, "/moved", Some("/moved")).await;
    let client = build(builder(&server.uri()));

    let mut bytes = parts("put", Method::PUT, "/upload");
    bytes.bytes_body("application/octet-stream", &b"payload"[..]).expect("a body");
    assert_eq!(client.send(bytes).await.expect("sent").status_code(), 200);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].url.path(), "/moved");
    assert_eq!(requests[1].method.as_str(), "PUT");
    assert_eq!(requests[1].body, b"payload");

    let mut stream = parts("put", Method::PUT, "/upload");
    stream.bytes_body("application/octet-stream", Payload::stream(chunks(&[b"payload"]), None)).expect("a body");
    assert_eq!(client.send(stream).await.expect("sent").status_code(), 307, "the redirect is the answer");
    assert_eq!(received(&server).await.len(), 3);

    // A 303 after a POST becomes a GET without the body (which may then be a stream).
    let server = redirecting_server("/upload", 303, "/result", Some("/result")).await;
    let client = build(builder(&server.uri()));
    let mut post = parts("post", Method::POST, "/upload");
    post.bytes_body("application/octet-stream", Payload::stream(chunks(&[b"payload"]), None)).expect("a body");
    assert_eq!(client.send(post).await.expect("sent").status_code(), 200);
    let requests = received(&server).await;
    assert_eq!(requests[1].method.as_str(), "GET");
    assert!(requests[1].body.is_empty());
    assert_eq!(header(&requests[1], "content-type"), None);
}

#[tokio::test]
async fn a_json_body_is_sent_with_its_content_type() {
    let server = server_answering(200).await;
    let client = build(builder(&server.uri()));
    let mut parts = parts("postJson", Method::POST, "/upload");
    parts.json_body(&serde_json::json!({"a": 1})).expect("JSON");
    client.send(parts).await.expect("sent");
    let request = the_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(request.body, br#"{"a":1}"#);
}
