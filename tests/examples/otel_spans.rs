//! Exports the LeadConnector client's spans through `tracing-opentelemetry`: one span per call,
//! one per attempt (OpenTelemetry's HTTP client conventions), the retry wait as an event.
//!
//! ```text
//! cargo run -p leadconnector-tests --example otel_spans --features otel-example
//! ```
//!
//! Without arguments it calls a local mock server that answers `429` once, then the page, so the
//! output shows a call with two attempts. With `LEADCONNECTOR_TOKEN` and a conversation id as the
//! argument it calls the API (or `LEADCONNECTOR_BASE_URL`) instead. The spans are printed by
//! OpenTelemetry's stdout exporter; swap it for an OTLP exporter to send them to a collector.

use leadconnector::Client;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use opentelemetry_sdk::Resource;
use tracing_subscriber::layer::SubscriberExt;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let provider = SdkTracerProvider::builder()
        .with_resource(Resource::builder().with_service_name("leadconnector-example").build())
        .with_simple_exporter(opentelemetry_stdout::SpanExporter::default())
        .build();
    let tracer = provider.tracer("leadconnector");
    // INFO: the client's spans and its retry and pacing events, not the HTTP stack's own traces.
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::INFO)
        .with(tracing_opentelemetry::layer().with_tracer(tracer));
    tracing::subscriber::set_global_default(subscriber)?;

    // Kept alive until the end of `main`: the client calls it.
    let mut _mock = None;
    let (client, conversation) = match std::env::args().nth(1) {
        Some(conversation) => {
            let token = std::env::var("LEADCONNECTOR_TOKEN").map_err(|_| "set LEADCONNECTOR_TOKEN")?;
            let mut builder = Client::builder().bearer_token(token);
            if let Ok(base_url) = std::env::var("LEADCONNECTOR_BASE_URL") {
                builder = builder.base_url(base_url);
            }
            (builder.build()?, conversation)
        }
        None => {
            let server = mock_server().await;
            let client = Client::builder().bearer_token("example-token").base_url(server.uri()).build()?;
            _mock = Some(server);
            (client, "tDtDnQdgm2LXpyiqYvZ6".to_owned())
        }
    };

    let page = client.conversations().get_messages(conversation).limit(20).send().await?;
    eprintln!("{} messages on the first page", page.messages.len());

    provider.shutdown()?;
    Ok(())
}

/// Answers `getMessages` with `429` (`Retry-After: 0`) once, then an empty last page.
async fn mock_server() -> MockServer {
    let server = MockServer::start().await;
    let messages = || path_regex("^/conversations/[^/]+/messages$");
    Mock::given(method("GET"))
        .and(messages())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let page = r#"{"lastMessageId":"","nextPage":false,"messages":[]}"#;
    Mock::given(method("GET"))
        .and(messages())
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "application/json"))
        .mount(&server)
        .await;
    server
}
