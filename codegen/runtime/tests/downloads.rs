//! Responses that are not JSON: bytes, text, no content, and streamed downloads read chunk by
//! chunk without the response-size cap.

mod common;

use std::time::{Duration, Instant};

use common::*;
use futures::StreamExt;
use openapi_client_runtime::support::Method;
use openapi_client_runtime::{ByteStream, Error, Response};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Problem {
    message: String,
}

#[derive(Debug, PartialEq)]
enum DownloadError {
    NotFound(Problem),
}

async fn serve(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/file"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.into(), content_type).insert_header("X-Id", "42"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn binary_text_and_empty_responses() {
    let server = serve(200, "application/octet-stream", vec![0u8, 1, 255]).await;
    let client = build(builder(&server.uri()));
    let raw = client.send(parts("get", Method::GET, "/file")).await.expect("sent");
    let bytes = raw.success_bytes::<()>().expect("bytes");
    assert_eq!(openapi_client_runtime::Response::body(&bytes).as_ref(), &[0u8, 1, 255]);
    assert_eq!(openapi_client_runtime::Response::headers(&bytes).get("x-id").and_then(|v| v.to_str().ok()), Some("42"));

    for (content_type, body, text) in [
        ("text/plain", "héllo".as_bytes().to_vec(), "héllo"),
        ("text/csv; charset=utf-8", b"a,b\n1,2".to_vec(), "a,b\n1,2"),
        ("text/plain; charset=ISO-8859-1", vec![b'h', 0xE9], "hé"),
        ("text/plain; charset=utf-16le", vec![b'h', 0, 0xE9, 0], "hé"),
    ] {
        let server = serve(200, content_type, body).await;
        let client = build(builder(&server.uri()));
        let raw = client.send(parts("get", Method::GET, "/file")).await.expect("sent");
        let response: Response<String> = raw.success_text::<()>().expect(content_type);
        assert_eq!(openapi_client_runtime::Response::body(&response), text, "{content_type}");
    }

    // Our words, then the standard library's own account of the bad byte (index 1).
    let invalid = vec![b'a', 0xff, b'b'];
    let not_utf8 = format!("not valid UTF-8: {}", std::str::from_utf8(&invalid).unwrap_err());
    for (content_type, body, expected) in [
        ("text/plain", invalid, not_utf8.as_str()),
        ("text/plain; charset=klingon", b"a".to_vec(), "charset `klingon`"),
    ] {
        let server = serve(200, content_type, body).await;
        let client = build(builder(&server.uri()));
        let raw = client.send(parts("get", Method::GET, "/file")).await.expect("sent");
        match raw.success_text::<()>() {
            Err(Error::Decode { path, message, response, .. }) => {
                assert_eq!(path, ".");
                assert_eq!(response.status.as_u16(), 200);
                assert!(message.contains(expected), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    let server = serve(204, "text/plain", "").await;
    let client = build(builder(&server.uri()));
    let raw = client.send(parts("delete", Method::DELETE, "/file")).await.expect("sent");
    let empty = raw.success_empty::<()>().expect("no content");
    assert_eq!(openapi_client_runtime::Response::status(&empty).as_u16(), 204);
    assert_eq!(openapi_client_runtime::Response::headers(&empty).get("x-id").and_then(|v| v.to_str().ok()), Some("42"));
}

/// What a generated operation that streams its 200 does.
async fn download(
    client: &Client,
    path: &'static str,
) -> Result<Response<ByteStream<DownloadError>>, Error<DownloadError>> {
    let mut request = parts("download", Method::GET, path);
    request.header("Accept", "application/octet-stream").expect("a header");
    let response = client.core().execute_streaming(request, &[200]).await?;
    match response.status_code() {
        200 => response.success_stream(),
        404 => Err(response.api_error_json(DownloadError::NotFound)),
        _ => Err(response.unexpected()),
    }
}

/// The byte at `offset` of the generated download.
fn pattern(offset: u64) -> u8 {
    (offset % 251) as u8
}

/// A raw HTTP/1.1 server that answers one request with `total` bytes of [`pattern`], chunked, in
/// pieces of 64 KiB, generated as they are written (never held whole); after `stall_after` bytes
/// (if any) it stops writing without closing.
async fn raw_download_server(total: u64, stall_after: Option<u64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let start = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        if socket.write_all(start.as_bytes()).await.is_err() {
            return;
        }
        let mut sent = 0u64;
        let mut chunk = Vec::with_capacity(64 * 1024 + 16);
        while sent < total {
            if stall_after.is_some_and(|at| sent >= at) {
                tokio::time::sleep(Duration::from_secs(30)).await;
                return;
            }
            let len = (total - sent).min(64 * 1024);
            chunk.clear();
            chunk.extend_from_slice(format!("{len:x}\r\n").as_bytes());
            chunk.extend((sent..sent + len).map(pattern));
            chunk.extend_from_slice(b"\r\n");
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
            sent += len;
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        let _ = socket.shutdown().await;
    });
    format!("http://{address}")
}

/// A body read whole (not streamed) that arrives in pieces, of unequal sizes and over several
/// reads, is joined byte for byte in order: the pieces of 64 KiB and the last, shorter one.
#[tokio::test]
async fn a_body_in_several_chunks_is_read_whole_in_order() {
    let total = 5 * 64 * 1024 + 1234;
    let base = raw_download_server(total, None).await;
    let client = build(builder(&base));
    let raw = client.send(parts("get", Method::GET, "/file")).await.expect("sent");
    let bytes = raw.success_bytes::<()>().expect("bytes");
    let body = openapi_client_runtime::Response::body(&bytes);
    assert_eq!(body.len() as u64, total);
    let first_wrong = body.iter().enumerate().position(|(i, b)| *b != pattern(i as u64));
    assert_eq!(first_wrong, None, "the bytes differ from what was sent from this offset on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50_mib_download_streams_chunk_by_chunk_past_the_size_cap() {
    const TOTAL: u64 = 50 * 1024 * 1024;
    let base_url = raw_download_server(TOTAL, None).await;
    // A 1 MiB cap and a short deadline: neither applies to the streamed body.
    let client = build(builder(&base_url).max_response_bytes(1024 * 1024).deadline(Duration::from_secs(20)));
    let response = download(&client, "/file").await.expect("a stream");
    assert_eq!(openapi_client_runtime::Response::status(&response).as_u16(), 200);
    let mut body = openapi_client_runtime::Response::into_inner(response);
    let (mut total, mut chunks, mut largest) = (0u64, 0usize, 0usize);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("a chunk");
        // Every byte is the one the server generated at that offset.
        assert!(chunk.iter().enumerate().all(|(i, b)| *b == pattern(total + i as u64)), "corrupt at {total}");
        total += chunk.len() as u64;
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(total, TOTAL);
    assert!(chunks > 50, "read in many chunks, not at once: {chunks}");
    // At most one chunk is held at a time, and a chunk is far from the whole body.
    assert!(largest <= 2 * 1024 * 1024, "largest chunk {largest}");
}

#[tokio::test]
async fn a_stalled_download_times_out_between_chunks() {
    let base_url = raw_download_server(10 * 1024 * 1024, Some(128 * 1024)).await;
    let client = build(builder(&base_url).timeout(Duration::from_millis(300)));
    let mut body = openapi_client_runtime::Response::into_inner(download(&client, "/file").await.expect("a stream"));
    let started = Instant::now();
    let mut total = 0;
    let failure = loop {
        match body.next().await {
            Some(Ok(chunk)) => total += chunk.len(),
            Some(Err(err)) => break err,
            None => panic!("the body ended"),
        }
    };
    assert!(matches!(failure, Error::Timeout { after } if after == Duration::from_millis(300)), "{failure:?}");
    assert_eq!(total, 128 * 1024);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(body.next().await.is_none(), "the stream ends after its error");
}

#[tokio::test]
async fn error_statuses_of_a_streaming_operation_are_read_and_decoded() {
    let server = MockServer::start().await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(r#"{"message":"gone"}"#, "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/teapot")).respond_with(ResponseTemplate::new(418).set_body_string("short")).mount(&server).await;
    Mock::given(path("/small"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![9u8; 10]))
        .mount(&server)
        .await;
    let client = build(builder(&server.uri()));

    let err = download(&client, "/missing").await.expect_err("404");
    assert_eq!(err.api_body(), Some(&DownloadError::NotFound(Problem { message: "gone".into() })));
    let err = download(&client, "/teapot").await.expect_err("418");
    assert_eq!(err.raw_body(), Some(&b"short"[..]));

    let body = openapi_client_runtime::Response::into_inner(download(&client, "/small").await.expect("a stream"));
    let chunks: Vec<_> = body.collect().await;
    let bytes: Vec<u8> = chunks.into_iter().flat_map(|c| c.expect("a chunk").to_vec()).collect();
    assert_eq!(bytes, vec![9u8; 10]);

    // An error status's body is still capped.
    Mock::given(path("/huge-error"))
        .respond_with(ResponseTemplate::new(500).set_body_bytes(vec![0u8; 4096]))
        .mount(&server)
        .await;
    let client = build(builder(&server.uri()).max_response_bytes(1024).max_retries(0));
    let err = download(&client, "/huge-error").await.expect_err("too large");
    match &err {
        Error::ResponseTooLarge { response, limit: 1024 } => assert_eq!(response.status.as_u16(), 500),
        other => panic!("{other:?}"),
    }
}
