//! 3. Decode throughput of a 100-message page (`tests/golden/get_messages.page_of_100.json`): our
//!    generated types (open enums, unknown fields kept) vs two floors: the plain derive, a minimal
//!    hand-written struct with closed `String` fields and nothing kept beyond them (the ratio the
//!    summary reports), and the same struct keeping unknown members in a flattened map, as ours does,
//!    so that what keeping them costs is a measured number.

use serde::Deserialize;

use std::time::Duration;

use crate::stats::{alternate, round_ratios, show, times, Figure, Row};
use crate::Options;

/// The floor's structs, with the members of `$rest` beside the fields of each (nothing, or a map
/// that keeps the members no field names).
macro_rules! floor {
    ($page:ident, $message:ident, $meta:ident, $email:ident $(, $rest:ident: $kept:ty)?) => {
        #[allow(dead_code)]
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct $page {
            last_message_id: String,
            next_page: bool,
            messages: Vec<$message>,
            $(#[serde(flatten)] $rest: $kept,)?
        }

        #[allow(dead_code)]
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct $message {
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
            meta: Option<$meta>,
            source: Option<String>,
            user_id: Option<String>,
            conversation_provider_id: Option<String>,
            alt_id: Option<String>,
            chat_widget_id: Option<String>,
            $(#[serde(flatten)] $rest: $kept,)?
        }

        #[allow(dead_code)]
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct $meta {
            call_duration: Option<i64>,
            call_status: Option<String>,
            email: Option<$email>,
            $(#[serde(flatten)] $rest: $kept,)?
        }

        #[allow(dead_code)]
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct $email {
            message_ids: Option<Vec<String>>,
            $(#[serde(flatten)] $rest: $kept,)?
        }
    };
}

// The plain derive: closed `String` fields, nothing kept beyond them.
floor!(FloorPage, FloorMessage, FloorMeta, FloorEmail);
// The same, keeping unknown members as ours does (`#[serde(flatten)]` into a JSON map): what
// keeping them costs in serde is the difference between the two floors.
floor!(KeptPage, KeptMessage, KeptMeta, KeptEmail, unknown: serde_json::Map<String, serde_json::Value>);

pub fn run(options: &Options, rows: &mut Vec<Row>) -> Option<Figure> {
    eprintln!("== 3. decode throughput");
    let body = std::fs::read(options.root.join("tests/golden/get_messages.page_of_100.json")).ok()?;
    // Both must decode the page, or the comparison means nothing.
    let ours: leadconnector::types::GetMessagesResponse = serde_json::from_slice(&body).ok()?;
    let floor: FloorPage = serde_json::from_slice(&body).ok()?;
    let kept: KeptPage = serde_json::from_slice(&body).ok()?;
    assert_eq!(ours.messages.len(), floor.messages.len());
    assert_eq!(ours.messages.len(), kept.messages.len());
    let decode = |page: &[u8]| {
        serde_json::from_slice::<leadconnector::types::GetMessagesResponse>(page).map(|p| p.messages.len()).ok()
    };
    let t = alternate(
        options.rounds() * 2,
        Duration::from_millis(200),
        &mut [
            &mut || {
                std::hint::black_box(decode(std::hint::black_box(&body)));
            },
            &mut || {
                std::hint::black_box(serde_json::from_slice::<FloorPage>(std::hint::black_box(&body)).ok());
            },
            &mut || {
                std::hint::black_box(serde_json::from_slice::<KeptPage>(std::hint::black_box(&body)).ok());
            },
        ],
    );
    let (o, f, k) = (times(&t[0]), times(&t[1]), times(&t[2]));
    // Throughput ours/floor: the floor's time over ours, round by round.
    let (vs_floor, vs_kept) = (round_ratios(&t[1], &t[0]), round_ratios(&t[2], &t[0]));
    let ratio = vs_floor.median;
    let mb = |s: f64| format!("{:.0} MB/s", body.len() as f64 / s / 1e6);
    rows.push(Row {
        what: "decode 100-message page (time per page)".into(),
        ours: show(&o),
        baseline: show(&f),
        ratio: Some(ratio),
        note: format!(
            "throughput ours/floor (plain derive), rounds ±{:.0}%; {} vs {}",
            vs_floor.spread_pct(),
            mb(o.median),
            mb(f.median)
        ),
    });
    rows.push(Row {
        what: "decode 100-message page, floor keeping unknown members".into(),
        ours: show(&o),
        baseline: show(&k),
        ratio: Some(vs_kept.median),
        note: format!(
            "throughput ours/floor (plain derive + flattened map); keeping unknown members costs the plain floor {:.0}%",
            (k.median / f.median - 1.0) * 100.0
        ),
    });
    Some(Figure::of(&vs_floor))
}
