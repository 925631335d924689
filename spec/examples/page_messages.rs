//! Pages through every message of a conversation, with the client's tracing on.
//!
//! ```text
//! LEADCONNECTOR_TOKEN=… cargo run -p leadconnector --features conversations --example page_messages -- CONVERSATION_ID
//! ```
//!
//! The client traces each call (span `http.client.call`), each attempt (span
//! `http.client.attempt`, fields named as OpenTelemetry's HTTP client conventions name them) and
//! each retry at INFO, and each response at DEBUG; this example prints INFO and above on stderr,
//! the messages on stdout. `tests/examples/otel_spans.rs` exports the same spans to OpenTelemetry.

use futures::TryStreamExt;
use leadconnector::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_writer(std::io::stderr)
        .init();

    let conversation = std::env::args().nth(1).ok_or("usage: page_messages CONVERSATION_ID")?;
    let token = std::env::var("LEADCONNECTOR_TOKEN").map_err(|_| "set LEADCONNECTOR_TOKEN to a bearer token")?;
    let mut builder = Client::builder().bearer_token(token);
    // For a local mock or a proxy.
    if let Ok(base_url) = std::env::var("LEADCONNECTOR_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // Pages of 100 (the most the API gives), fetched one at a time as the stream is read.
    let mut messages = client.conversations().get_messages(conversation.as_str()).limit(100).into_stream();
    let mut count = 0usize;
    while let Some(message) = messages.try_next().await? {
        count += 1;
        let body = message.body.as_deref().unwrap_or("");
        println!("{}\t{}\t{}\t{}", message.date_added, message.direction, message.message_type, body);
    }
    eprintln!("{count} messages in conversation {conversation}");
    Ok(())
}
