//! The client generated from `codegen/tests/fixtures/bodies-and-credentials.yaml`
//! (`tests/fixture-clients/bodies-and-credentials`), driven against a wiremock server on 127.0.0.1:
//! every request media type it sends (form with encoding styles, multipart, JSON of a vendor media
//! type, bytes, text, a caller-named binary type), the binary, streamed and text responses it
//! decodes, and every credential kind (where each goes, which alternative is chosen, when none is
//! sent, and that none shows in `Debug`).

use bytes::Bytes;
use fixture_bodies_and_credentials::operations::{DownloadRecordingError, UploadFilesMultipart};
use fixture_bodies_and_credentials::types::{FormFields, FormFieldsFilter, Metadata, Problem};
use fixture_bodies_and_credentials::{mock, Client, ClientBuilder, Error, FilePart, Payload};
use futures::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `Basic` + base64 of `ada:s3cr3t:pw` (a password may contain `:`; only the user may not).
const ADA_BASIC: &str = "Basic YWRhOnMzY3IzdDpwdw==";

// ---------------------------------------------------------------------------------------------
// Helpers (one of each).

/// A builder pointed at `server`, with no credential.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().base_url(server.uri()).max_retries(0)
}

/// The built client; panics with the build error.
fn build(builder: ClientBuilder) -> Client {
    builder.build().unwrap_or_else(|err| panic!("the client builds: {err}"))
}

/// A server on which `verb path` answers with `template` (any other request gets wiremock's 404).
async fn serve(verb: &str, route: &str, template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(route)).respond_with(template).mount(&server).await;
    server
}

/// Every request `server` received, in order.
async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("request recording is on")
}

/// The one request `server` received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

/// The value of header `name`, as text; panics when it is sent more than once.
fn header<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    let all: Vec<_> = request.headers.get_all(name).iter().collect();
    assert!(all.len() <= 1, "header `{name}` sent {} times", all.len());
    all.first().map(|value| value.to_str().expect("a text header value"))
}

/// Owned pairs, for comparing with a parsed form.
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
}

/// The body of `request` parsed as `application/x-www-form-urlencoded`.
fn form_pairs(request: &wiremock::Request) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(&request.body).expect("a form body")
}

/// One parsed multipart part: name, file name, content type, bytes.
type Part = (String, Option<String>, Option<String>, Vec<u8>);

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> Part {
    (name.to_owned(), file_name.map(str::to_owned), content_type.map(str::to_owned), bytes.to_vec())
}

/// The parts of the `multipart/form-data` body of `request`, in order (the boundary is taken
/// from its `Content-Type`).
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

fn metadata(title: &str, pages: i64) -> Metadata {
    let mut metadata = Metadata::new();
    metadata.title = Some(title.to_owned());
    metadata.pages = Some(pages);
    metadata
}

fn problem(message: &str) -> Problem {
    let mut problem = Problem::new();
    problem.message = Some(message.to_owned());
    problem
}

// ---------------------------------------------------------------------------------------------
// submitForm: a form whose fields use every encoding style; the document-level `basicAuth`.

#[tokio::test]
async fn path_parameters_are_written_in_their_label_and_matrix_styles() {
    let route = "/styles/.5/;matrix=a,b%3Bc/.x.y";
    let server = serve("GET", route, ResponseTemplate::new(204)).await;
    let client = build(builder(&server));
    let texts = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    client.get_styled(5, texts(&["a", "b;c"]), texts(&["x", "y"])).send().await.expect("sent");
    assert_eq!(only_request(&server).await.url.path(), route);
    // A value that would make a dot segment of the label is refused before anything is sent.
    let err = client.get_styled(5, texts(&["a"]), texts(&["."])).send().await.unwrap_err();
    assert!(err.to_string().contains("`exploded`"), "{err}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn submit_form_encodes_each_field_per_its_style_with_basic_auth() {
    let server = serve("POST", "/forms", ResponseTemplate::new(204)).await;
    let client = build(builder(&server).basic_auth("ada", "s3cr3t:pw"));

    let mut filter = FormFieldsFilter::new();
    filter.status = Some("open now".to_owned());
    filter.owner = Some("me&you".to_owned());
    let mut fields = FormFields::new("Ada Lovelace".to_owned());
    fields.age = Some(36);
    fields.tags = Some(vec!["a".to_owned(), "b".to_owned()]);
    fields.piped = Some(vec!["a".to_owned(), "b".to_owned()]);
    fields.filter = Some(filter);
    fields.meta = Some(metadata("T", 3));
    let response = client.submit_form().body(fields).send().await.expect("204 accepted");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 204);

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/forms");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(header(&request, "authorization"), Some(ADA_BASIC));
    // The separators of the joined arrays are literal, each value encoded on its own; the
    // deepObject brackets are encoded like any other character of a name.
    let raw = String::from_utf8(request.body.clone()).expect("an ASCII form");
    assert!(raw.starts_with("name=Ada+Lovelace&age=36&tags=a,b&piped=a|b&filter%5Bstatus%5D=open+now&"), "{raw}");
    assert_eq!(
        form_pairs(&request),
        pairs(&[
            ("name", "Ada Lovelace"),
            ("age", "36"),
            ("tags", "a,b"),
            ("piped", "a|b"),
            ("filter[status]", "open now"),
            ("filter[owner]", "me&you"),
            ("meta", r#"{"title":"T","pages":3}"#),
        ])
    );
}

#[tokio::test]
async fn submit_form_sends_only_the_fields_that_are_set_and_needs_basic_auth() {
    let server = serve("POST", "/forms", ResponseTemplate::new(204)).await;
    let client = build(builder(&server).basic_auth("ada", "s3cr3t:pw"));
    client.submit_form().body(FormFields::new("only".to_owned())).send().await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(String::from_utf8_lossy(&request.body), "name=only");

    // The client-wide bearer token does not stand in for a basic scheme: nothing is sent.
    let server = serve("POST", "/forms", ResponseTemplate::new(204)).await;
    let client = build(builder(&server).bearer_token("t").header_key("k"));
    let err = client.submit_form().body(FormFields::new("x".to_owned())).send().await.expect_err("no basicAuth");
    match &err {
        Error::MissingCredentials { operation, missing } => {
            assert_eq!(*operation, "submitForm");
            assert_eq!(missing, &vec![vec!["basicAuth"]]);
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing is sent");

    // And a missing body is refused before anything is sent.
    let client = build(builder(&server).basic_auth("ada", "pw"));
    match client.submit_form().send().await {
        Err(Error::InvalidRequest { reason }) => {
            assert_eq!(reason, "the request body is required (call `.body()`)")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing is sent");
}

// ---------------------------------------------------------------------------------------------
// uploadFiles: multipart; `headerKey` or `bearerAuth`.

fn upload_body() -> UploadFilesMultipart {
    UploadFilesMultipart::new(
        "conv-1".to_owned(),
        FilePart::bytes(&b"\x89PNG\r\n\x1a\n\x00\xff"[..]).file_name("photo.png"),
    )
    .attachments(vec![
        FilePart::bytes(&b"first attachment"[..]).file_name("a.bin"),
        FilePart::bytes(&b"%PDF-1.7"[..]).file_name("b.pdf").content_type("application/pdf"),
    ])
    .tags(vec!["red".to_owned(), "blue sky".to_owned()])
    .count(3)
    .metadata(metadata("Holiday", 2))
    .additional_text("note", "hello wörld")
    .additional_file("raw", FilePart::bytes(&b"\x01\x02\x03"[..]))
    .additional_file("log", FilePart::bytes(&b"line"[..]).file_name("log.txt").content_type("text/plain"))
}

fn upload_server_answer() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "up-1", "size": 42}))
}

#[tokio::test]
async fn upload_files_sends_every_part_in_order_with_the_header_key() {
    let server = serve("POST", "/uploads", upload_server_answer()).await;
    let client = build(builder(&server).header_key("k"));
    let response = client.upload_files().body(upload_body()).send().await.expect("201 uploaded");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 201);
    assert_eq!(response.id, "up-1");
    assert_eq!(response.additional_properties.get("size"), Some(&serde_json::json!(42)));

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/uploads");
    assert_eq!(header(&request, "x-api-key"), Some("k"));
    assert_eq!(header(&request, "authorization"), None, "only the first alternative's credential");
    assert_eq!(
        multipart_parts(&request).await,
        vec![
            part("conversationId", None, None, b"conv-1"),
            // The spec's `encoding.file.contentType`.
            part("file", Some("photo.png"), Some("image/png"), b"\x89PNG\r\n\x1a\n\x00\xff"),
            part("attachments", Some("a.bin"), Some("application/octet-stream"), b"first attachment"),
            // The caller's content type wins over the default.
            part("attachments", Some("b.pdf"), Some("application/pdf"), b"%PDF-1.7"),
            part("tags", None, None, b"red"),
            part("tags", None, None, b"blue sky"),
            part("count", None, None, b"3"),
            part("metadata", None, Some("application/json"), br#"{"title":"Holiday","pages":2}"#),
            part("note", None, None, "hello wörld".as_bytes()),
            part("raw", None, Some("application/octet-stream"), b"\x01\x02\x03"),
            part("log", Some("log.txt"), Some("text/plain"), b"line"),
        ]
    );
}

#[tokio::test]
async fn upload_files_caller_content_type_wins_over_the_spec_default() {
    let server = serve("POST", "/uploads", upload_server_answer()).await;
    let client = build(builder(&server).header_key("k"));
    let body = UploadFilesMultipart::new(
        "c".to_owned(),
        FilePart::bytes(&b"GIF89a"[..]).file_name("x.gif").content_type("image/gif"),
    );
    client.upload_files().body(body).send().await.expect("uploaded");
    let request = only_request(&server).await;
    assert_eq!(
        multipart_parts(&request).await,
        vec![part("conversationId", None, None, b"c"), part("file", Some("x.gif"), Some("image/gif"), b"GIF89a")]
    );
}

#[tokio::test]
async fn upload_files_with_only_a_bearer_auth_sends_the_bearer_header() {
    let server = serve("POST", "/uploads", upload_server_answer()).await;
    let client = build(builder(&server).bearer_auth("t"));
    client.upload_files().body(upload_body()).send().await.expect("uploaded");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), Some("Bearer t"));
    assert_eq!(header(&request, "x-api-key"), None);

    // The client-wide bearer token stands in for the (bearer) second alternative.
    let server = serve("POST", "/uploads", upload_server_answer()).await;
    let client = build(builder(&server).bearer_token("fallback"));
    client.upload_files().body(upload_body()).send().await.expect("uploaded");
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Bearer fallback"));

    // With both, the first alternative (`headerKey`) is the one sent.
    let server = serve("POST", "/uploads", upload_server_answer()).await;
    let client = build(builder(&server).bearer_auth("t").header_key("k"));
    client.upload_files().body(upload_body()).send().await.expect("uploaded");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-api-key"), Some("k"));
    assert_eq!(header(&request, "authorization"), None);

    // With neither, both alternatives are reported missing and nothing is sent.
    let server = serve("POST", "/uploads", upload_server_answer()).await;
    let client = build(builder(&server).basic_auth("ada", "pw").cookie_key("c"));
    match client.upload_files().body(upload_body()).send().await {
        Err(Error::MissingCredentials { operation, missing }) => {
            assert_eq!(operation, "uploadFiles");
            assert_eq!(missing, vec![vec!["headerKey"], vec!["bearerAuth"]]);
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// putDocument: JSON (vendor type, the default), form, bytes or text; `queryKey`.

async fn document_server() -> MockServer {
    serve("PUT", "/documents/doc%201", ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "doc 1"})))
        .await
}

#[tokio::test]
async fn put_document_sends_each_body_form_with_its_media_type_and_the_query_key() {
    let server = document_server().await;
    let client = build(builder(&server).query_key("qk/1 2"));
    let put = || client.put_document("doc 1");

    let response = put().body(metadata("Q3 report", 12)).send().await.expect("json");
    assert_eq!(response.id, "doc 1");
    put().form_body(metadata("Q3 report", 12)).send().await.expect("form");
    put().bytes_body(Bytes::from_static(b"\x00\x01binary\xff")).send().await.expect("bytes");
    put().text_body("plain text, é").send().await.expect("text");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 4);
    let expected: [(&str, &[u8]); 4] = [
        ("application/vnd.example.document+json", br#"{"title":"Q3 report","pages":12}"#),
        ("application/x-www-form-urlencoded", b"title=Q3+report&pages=12"),
        ("application/octet-stream", b"\x00\x01binary\xff"),
        ("text/plain; charset=utf-8", "plain text, é".as_bytes()),
    ];
    for (request, (content_type, body)) in requests.iter().zip(expected) {
        assert_eq!(request.method.as_str(), "PUT");
        assert_eq!(request.url.path(), "/documents/doc%201");
        // Percent-encoded in the query string, and nowhere else.
        assert_eq!(request.url.query(), Some("api_key=qk%2F1%202"), "{content_type}");
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(query, pairs(&[("api_key", "qk/1 2")]));
        assert_eq!(header(request, "authorization"), None);
        assert_eq!(header(request, "content-type"), Some(content_type));
        assert_eq!(request.body, body, "{content_type}");
    }
}

#[tokio::test]
async fn put_document_the_last_body_set_wins() {
    let server = document_server().await;
    let client = build(builder(&server).query_key("k"));
    let put = || client.put_document("doc 1");
    put().text_body("gone").bytes_body(Bytes::from_static(b"kept bytes")).send().await.expect("bytes");
    put().bytes_body(Bytes::from_static(b"gone")).body(metadata("kept", 1)).send().await.expect("json");
    put().body(metadata("gone", 0)).form_body(metadata("kept form", 2)).send().await.expect("form");
    put().form_body(metadata("gone", 0)).text_body("kept text").send().await.expect("text");

    let got: Vec<(Option<String>, Vec<u8>)> = received(&server)
        .await
        .iter()
        .map(|request| (header(request, "content-type").map(str::to_owned), request.body.clone()))
        .collect();
    let expected: Vec<(Option<String>, Vec<u8>)> = [
        ("application/octet-stream", &b"kept bytes"[..]),
        ("application/vnd.example.document+json", &br#"{"title":"kept","pages":1}"#[..]),
        ("application/x-www-form-urlencoded", &b"title=kept+form&pages=2"[..]),
        ("text/plain; charset=utf-8", &b"kept text"[..]),
    ]
    .iter()
    .map(|(content_type, body)| (Some((*content_type).to_owned()), body.to_vec()))
    .collect();
    assert_eq!(got, expected);

    // The body is optional: none set, none sent (and no Content-Type).
    let server = document_server().await;
    let client = build(builder(&server).query_key("k"));
    client.put_document("doc 1").send().await.expect("no body");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn put_document_without_its_credential_fails_before_any_request() {
    let server = document_server().await;
    for client in [
        build(builder(&server)),
        // Credentials of other schemes do not help.
        build(builder(&server).bearer_token("t").basic_auth("ada", "pw").header_key("k").cookie_key("c")),
    ] {
        let err = client.put_document("doc 1").body(metadata("x", 1)).send().await.expect_err("no queryKey");
        assert_eq!(
            err.to_string(),
            "not sent: `putDocument` requires credentials the client was not given: `queryKey` \
             (set them on the client builder)"
        );
        assert_eq!(err.status(), None, "no response");
        match err {
            Error::MissingCredentials { operation, missing } => {
                assert_eq!(operation, "putDocument");
                assert_eq!(missing, vec![vec!["queryKey"]]);
            }
            other => panic!("expected MissingCredentials, got {other:?}"),
        }
    }
    assert_eq!(received(&server).await.len(), 0, "the server received nothing");
}

// ---------------------------------------------------------------------------------------------
// postImage: a binary body whose media type the caller names; `cookieKey`.

#[tokio::test]
async fn post_image_sends_the_callers_media_type_and_the_cookie_key() {
    let server = serve("POST", "/images", ResponseTemplate::new(204)).await;
    let client = build(builder(&server).cookie_key("s3ss10n"));
    let jpeg = Bytes::from_static(b"\xff\xd8\xff\xe0JFIF\x00");
    client.post_image().body("image/jpeg", jpeg.clone()).send().await.expect("stored");
    // A streamed body, sent as it is read, with its announced length.
    let chunks = vec![Ok::<_, std::io::Error>(Bytes::from_static(b"\x89PN")), Ok(Bytes::from_static(b"G!"))];
    let streamed = Payload::stream(futures::stream::iter(chunks), Some(5));
    client.post_image().body("image/png", streamed).send().await.expect("stored");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(header(&requests[0], "content-type"), Some("image/jpeg"));
    assert_eq!(requests[0].body, jpeg.to_vec());
    assert_eq!(header(&requests[1], "content-type"), Some("image/png"));
    assert_eq!(header(&requests[1], "content-length"), Some("5"));
    assert_eq!(requests[1].body, b"\x89PNG!".to_vec());
    for request in &requests {
        assert_eq!(header(request, "cookie"), Some("session=s3ss10n"));
        assert_eq!(header(request, "authorization"), None);
        assert_eq!(request.url.query(), None);
    }
}

#[tokio::test]
async fn post_image_refuses_a_media_range_before_sending() {
    let server = serve("POST", "/images", ResponseTemplate::new(204)).await;
    let client = build(builder(&server).cookie_key("s"));
    match client.post_image().body("image/*", Bytes::from_static(b"x")).send().await {
        Err(Error::InvalidRequest { reason }) => {
            assert_eq!(reason, "`postImage`: the request body: `image/*` is a media range, not one media type")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// downloadRecording: a binary download, buffered or streamed; `oauth` or `oidc`.

const WAV: &[u8] = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x00\xff";

async fn recording_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/recordings/rec-1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(WAV.to_vec(), "audio/x-wav"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/recordings/missing"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no such recording", "code": 7})),
        )
        .mount(&server)
        .await;
    server
}

/// The whole of a streamed body, and how many chunks it came in.
async fn collect<E: std::fmt::Debug>(mut stream: fixture_bodies_and_credentials::ByteStream<E>) -> (Vec<u8>, usize) {
    let mut body = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
    }
    (body, chunks)
}

#[tokio::test]
async fn download_recording_returns_the_exact_bytes_with_the_oauth_token() {
    let server = recording_server().await;
    let client = build(builder(&server).oauth("tok"));
    let response = client.download_recording("rec-1").send().await.expect("the recording");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200);
    assert_eq!(openapi_client_runtime::Response::body(&response), &Bytes::from_static(WAV));
    assert_eq!(
        openapi_client_runtime::Response::headers(&response).get("content-type").and_then(|v| v.to_str().ok()),
        Some("audio/x-wav")
    );

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/recordings/rec-1");
    assert_eq!(header(&request, "accept"), Some("audio/x-wav, application/json"));
    assert_eq!(header(&request, "authorization"), Some("Bearer tok"));
}

#[tokio::test]
async fn download_recording_streams_the_same_bytes() {
    let server = recording_server().await;
    let client = build(builder(&server).oauth("tok"));
    let response = client.download_recording("rec-1").send_stream().await.expect("the recording");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200);
    assert_eq!(
        openapi_client_runtime::Response::headers(&response).get("content-type").and_then(|v| v.to_str().ok()),
        Some("audio/x-wav")
    );
    let (body, _) = collect(openapi_client_runtime::Response::into_inner(response)).await;
    assert_eq!(body, WAV);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("audio/x-wav, application/json"));
    assert_eq!(header(&request, "authorization"), Some("Bearer tok"));
}

#[tokio::test]
async fn download_recording_404_decodes_to_the_typed_error_through_send_and_send_stream() {
    let server = recording_server().await;
    let client = build(builder(&server).oauth("tok"));
    let mut expected = problem("no such recording");
    expected.additional_properties.insert("code".to_owned(), serde_json::json!(7));
    let expected = DownloadRecordingError::NotFound(Box::new(expected));

    let err = client.download_recording("missing").send().await.expect_err("404");
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.api_body(), Some(&expected));

    let err = match client.download_recording("missing").send_stream().await {
        Ok(_) => panic!("a 404 is not a stream"),
        Err(err) => err,
    };
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.api_body(), Some(&expected));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn download_recording_takes_oidc_or_the_bearer_token_and_refuses_without_either() {
    let server = recording_server().await;
    build(builder(&server).oidc("oidc-tok")).download_recording("rec-1").send().await.expect("oidc");
    build(builder(&server).bearer_token("fallback")).download_recording("rec-1").send().await.expect("fallback");
    // Its own credential wins over the client-wide bearer token.
    build(builder(&server).bearer_token("fallback").oauth("own"))
        .download_recording("rec-1")
        .send()
        .await
        .expect("own");
    let sent: Vec<Option<String>> =
        received(&server).await.iter().map(|request| header(request, "authorization").map(str::to_owned)).collect();
    assert_eq!(
        sent,
        vec![Some("Bearer oidc-tok".to_owned()), Some("Bearer fallback".to_owned()), Some("Bearer own".to_owned())]
    );

    let client = build(builder(&server).basic_auth("ada", "pw").header_key("k"));
    match client.download_recording("rec-1").send_stream().await {
        Err(Error::MissingCredentials { operation, missing }) => {
            assert_eq!(operation, "downloadRecording");
            assert_eq!(missing, vec![vec!["oauth"], vec!["oidc"]]);
        }
        Err(other) => panic!("expected MissingCredentials, got {other:?}"),
        Ok(_) => panic!("expected MissingCredentials, got a stream"),
    }
    assert_eq!(received(&server).await.len(), 3, "nothing more was sent");
}

/// The byte at `offset` of the large download: checkable without a second copy of the body.
fn pattern(offset: usize) -> u8 {
    (offset % 251) as u8
}

#[tokio::test]
async fn a_50_mib_download_streams_past_a_1_mib_response_cap() {
    const TOTAL: usize = 50 * 1024 * 1024;
    const CAP: usize = 1024 * 1024;
    let body: Vec<u8> = (0..TOTAL).map(pattern).collect();
    let server = serve("GET", "/recordings/big", ResponseTemplate::new(200).set_body_raw(body, "audio/x-wav")).await;
    let client = build(builder(&server).oauth("tok").max_response_bytes(CAP));

    let response = client.download_recording("big").send_stream().await.expect("streamed past the cap");
    let mut stream = openapi_client_runtime::Response::into_inner(response);
    let (mut offset, mut chunks, mut largest) = (0usize, 0usize, 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("a chunk");
        assert!(
            chunk.iter().enumerate().all(|(i, byte)| *byte == pattern(offset + i)),
            "the chunk at {offset} differs from what was served"
        );
        offset += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(offset, TOTAL, "every byte arrived");
    assert!(chunks > 1, "one chunk: the body was buffered");
    assert!(largest < TOTAL, "a chunk as large as the whole: the body was buffered");
    assert!(largest <= 2 * CAP, "largest chunk {largest}: read as it arrives, not held");

    // `send()` reads the whole body, so the cap applies to it.
    match client.download_recording("big").send().await {
        Err(Error::ResponseTooLarge { response, limit, .. }) => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(limit, CAP);
        }
        Err(other) => panic!("expected ResponseTooLarge, got {other:?}"),
        Ok(response) => {
            panic!("expected ResponseTooLarge, got {} bytes", openapi_client_runtime::Response::body(&response).len())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// downloadTranscript and getStatus: text responses; getStatus needs no credential.

#[tokio::test]
async fn download_transcript_returns_the_text_body() {
    let text = "Hello — wörld\nline 2";
    let server = serve(
        "GET",
        "/recordings/r1/transcript",
        ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "text/plain; charset=utf-8"),
    )
    .await;
    let client = build(builder(&server).basic_auth("ada", "s3cr3t:pw"));
    let response = client.download_transcript("r1").send().await.expect("the transcript");
    assert_eq!(openapi_client_runtime::Response::body(&response), text);
    assert_eq!(openapi_client_runtime::Response::into_inner(response), text.to_owned());

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/recordings/r1/transcript");
    assert_eq!(header(&request, "accept"), Some("text/plain"));
    assert_eq!(header(&request, "authorization"), Some(ADA_BASIC), "the document-level security applies");
}

#[tokio::test]
async fn get_status_sends_no_credential_at_all() {
    let server = serve(
        "GET",
        "/public/status",
        ResponseTemplate::new(200).set_body_raw("all systems go ✓".as_bytes().to_vec(), "text/plain; charset=utf-8"),
    )
    .await;
    let client = build(
        builder(&server)
            .bearer_token("bt")
            .basic_auth("ada", "pw")
            .bearer_auth("ba")
            .header_key("hk")
            .cookie_key("ck")
            .query_key("qk"),
    );
    let response = client.get_status().send().await.expect("the status");
    assert_eq!(openapi_client_runtime::Response::body(&response), "all systems go ✓");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/public/status");
    assert_eq!(request.url.query(), None, "no query key");
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "x-api-key"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(header(&request, "accept"), Some("text/plain"));

    // And with no credential configured at all, it is still sent.
    build(builder(&server)).get_status().send().await.expect("sent without credentials");
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// No secret in `Debug`.

#[test]
fn no_secret_shows_in_the_debug_of_the_builder_or_the_client() {
    let base = || Client::builder().base_url("https://api.example.com/v1");
    let cases: Vec<(&str, ClientBuilder)> = vec![
        ("basicAuth", base().basic_auth("user-canary-1", "password-canary-2")),
        ("bearerAuth", base().bearer_auth("bearer-canary-3")),
        ("headerKey", base().header_key("header-canary-4")),
        ("queryKey", base().query_key("query-canary-5")),
        ("cookieKey", base().cookie_key("cookie-canary-6")),
        ("oauth", base().oauth("oauth-canary-7")),
        ("oidc", base().oidc("oidc-canary-8")),
        ("", base().bearer_token("token-canary-9")),
        (
            "basicAuth",
            base()
                .basic_auth("user-canary-1", "password-canary-2")
                .bearer_auth("bearer-canary-3")
                .header_key("header-canary-4")
                .query_key("query-canary-5")
                .cookie_key("cookie-canary-6")
                .oauth("oauth-canary-7")
                .oidc("oidc-canary-8")
                .bearer_token("token-canary-9"),
        ),
    ];
    for (scheme, builder) in cases {
        let shown = format!("{builder:?}\n{builder:#?}");
        assert!(!shown.contains("canary"), "the builder shows a secret: {shown}");
        assert!(shown.contains("<redacted>"), "the credential is there, redacted: {shown}");
        assert!(shown.contains(scheme), "{shown}");

        let client = build(builder);
        let shown = format!("{client:?}\n{client:#?}\n{:?}\n{:?}", client.clone(), client.get_status());
        assert!(!shown.contains("canary"), "the client shows a secret: {shown}");
        assert!(shown.contains("authenticated: true"), "{shown}");
        assert!(shown.contains(scheme), "the scheme's name, not its secret: {shown}");
    }
}

// ---------------------------------------------------------------------------------------------
// The `mock` feature.

#[tokio::test]
async fn the_mock_server_answers_typed_values() {
    let server = mock::MockServer::start().await;
    let client = mock::client_builder(&server).build().expect("the mock client builds");

    let mocked = server.on(client.download_transcript("r1")).respond("text".to_string()).await;
    let response = client.download_transcript("r1").send().await.expect("mocked");
    assert_eq!(openapi_client_runtime::Response::body(&response), "text");
    assert_eq!(mocked.calls().await, 1);
    // The placeholder basic credential was sent.
    let requests = server.wiremock().received_requests().await.expect("recorded");
    assert_eq!(
        requests[0].headers.get("authorization").and_then(|v| v.to_str().ok()),
        Some("Basic bW9jay11c2VyOm1vY2stcGFzc3dvcmQ=")
    );

    // Another recording is not the mocked call.
    let err = client.download_transcript("r2").send().await.expect_err("not mocked");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_eq!(mocked.calls().await, 1);

    // A documented error, typed.
    let gone = DownloadRecordingError::NotFound(Box::new(problem("gone")));
    server.on(client.download_recording("old")).respond_error(gone.clone()).await;
    let err = client.download_recording("old").send().await.expect_err("mocked 404");
    assert_eq!(err.api_body(), Some(&gone));
}
