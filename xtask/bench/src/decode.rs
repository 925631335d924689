//! 3. Decode throughput of a 100-message page (`tests/golden/get_messages.page_of_100.json`): our
//!    generated types (open enums, unknown fields kept) vs the floor, a minimal hand-written struct with
//!    closed `String` fields and nothing kept beyond them.

use serde::Deserialize;

use crate::generate::{criterion, estimate};
use crate::stats::{show, Row};
use crate::Options;

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FloorPage {
    last_message_id: String,
    next_page: bool,
    messages: Vec<FloorMessage>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FloorMessage {
    id: String,
    r#type: i64,
    message_type: String,
    location_id: String,
    contact_id: String,
    conversation_id: String,
    date_added: String,
    body: Option<String>,
    direction: String,
    status: Option<String>,
    content_type: String,
    attachments: Option<Vec<String>>,
    meta: Option<FloorMeta>,
    source: Option<String>,
    user_id: Option<String>,
    conversation_provider_id: Option<String>,
    alt_id: Option<String>,
    chat_widget_id: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FloorMeta {
    call_duration: Option<i64>,
    call_status: Option<String>,
    email: Option<FloorEmail>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FloorEmail {
    message_ids: Option<Vec<String>>,
}

pub fn run(options: &Options, rows: &mut Vec<Row>) -> Option<f64> {
    eprintln!("== 3. decode throughput");
    let body = std::fs::read(options.root.join("tests/golden/get_messages.page_of_100.json")).ok()?;
    // Both must decode the page, or the comparison means nothing.
    let ours: leadconnector::types::GetMessagesResponse = serde_json::from_slice(&body).ok()?;
    let floor: FloorPage = serde_json::from_slice(&body).ok()?;
    assert_eq!(ours.messages.len(), floor.messages.len());
    let mut c = criterion(options);
    c.bench_function("decode_ours", |b| {
        b.iter(|| {
            serde_json::from_slice::<leadconnector::types::GetMessagesResponse>(std::hint::black_box(&body))
                .map(|p| p.messages.len())
        })
    });
    c.bench_function("decode_floor", |b| {
        b.iter(|| serde_json::from_slice::<FloorPage>(std::hint::black_box(&body)).map(|p| p.messages.len()))
    });
    let (o, f) = (estimate(options, "decode_ours")?, estimate(options, "decode_floor")?);
    let ratio = f.median / o.median;
    let mb = |s: f64| format!("{:.0} MB/s", body.len() as f64 / s / 1e6);
    rows.push(Row {
        what: "decode 100-message page (time per page)".into(),
        ours: show(&o),
        baseline: show(&f),
        ratio: Some(ratio),
        note: format!("throughput ours/floor; {} vs {}", mb(o.median), mb(f.median)),
    });
    Some(ratio)
}
