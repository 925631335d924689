//! Webhooks signed with keys generated here (Ed25519 and RSA), with payloads of real event shapes:
//! each valid signature is accepted and decoded, and each tampering is refused with its own error.

#![cfg(feature = "webhooks")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair as _, RSA_PKCS1_SHA256};
use base64::Engine as _;
use openapi_client_runtime::support::reqwest::header::{HeaderMap, HeaderValue};
use openapi_client_runtime::webhook::{
    Event, EventTypes, MemoryReplayGuard, SignatureKind, Untyped, Webhook, WebhookError, WebhookVerifier,
};
use serde::Deserialize;

const ED_HEADER: &str = "x-ghl-signature";
const RSA_HEADER: &str = "x-wh-signature";
/// 2025-01-28T14:35:00Z, and a minute later.
const SENT_AT: &str = "2025-01-28T14:35:00Z";
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_738_074_900 + 60)
}

/// The events this test types, as a generated crate would.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "type")]
enum Events {
    ContactCreate(ContactCreate),
    InboundMessage(InboundMessage),
}

impl EventTypes for Events {
    fn is_known(event_type: &str) -> bool {
        matches!(event_type, "ContactCreate" | "InboundMessage")
    }
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContactCreate {
    location_id: String,
    id: String,
    email: Option<String>,
    tags: Vec<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InboundMessage {
    location_id: String,
    contact_id: String,
    message_type: String,
    body: Option<String>,
}

fn contact_create(webhook_id: &str, timestamp: &str) -> Vec<u8> {
    // The documented example of the event, with the delivery's timestamp and id.
    format!(
        r#"{{"type":"ContactCreate","timestamp":"{timestamp}","webhookId":"{webhook_id}","locationId":"ve9EPM428h8vShlRW1KT","id":"nmFmQEsNgz6AVpgLVUJ0","address1":"3535 1st St N","city":"ruDolomitebika","state":"AL","companyName":"Loram ipsum","country":"DE","source":"xyz form","dateAdded":"2021-11-26T12:41:02.193Z","dateOfBirth":"2000-01-05T00:00:00.000Z","dnd":true,"email":"JohnDeo@gmail.comm","name":"John Deo","firstName":"John","lastName":"Deo","phone":"+919509597501","postalCode":"452001","tags":["id magna sed Lorem","Duis dolor commodo aliqua"],"website":"https://www.google.com/","attachments":[],"assignedTo":"nmFmQEsNgz6AVpgLVUJ0","customFields":[{{"id":"BcdmQEsNgz6AVpgLVUJ0","value":"XYZ Corp"}}]}}"#
    )
    .into_bytes()
}

fn inbound_message() -> Vec<u8> {
    format!(
        r#"{{ "type": "InboundMessage", "timestamp": "{SENT_AT}", "webhookId": "wh-2",
  "locationId": "l1C08ntBrFjLS0elLIYU", "attachments": [], "body": "This is a test message",
  "contactId": "cI08i1Bls3iTB9bKgFJh", "contentType": "text/plain", "conversationId": "fcanlLgpbQgQhderivVs",
  "dateAdded": "2021-04-21T11:31:45.750Z", "direction": "inbound", "messageType": "SMS", "status": "delivered" }}"#
    )
    .into_bytes()
}

struct Keys {
    ed: Ed25519KeyPair,
    rsa: RsaKeyPair,
}

impl Keys {
    fn generate() -> Self {
        let ed = Ed25519KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let rsa = RsaKeyPair::generate(KeySize::Rsa2048).unwrap_or_else(|e| panic!("{e}"));
        Self { ed, rsa }
    }

    fn ed_pem(&self) -> String {
        let der: PublicKeyX509Der = self.ed.public_key().as_der().unwrap_or_else(|e| panic!("{e}"));
        pem(der.as_ref())
    }

    fn rsa_pem(&self) -> String {
        let der: PublicKeyX509Der = self.rsa.public_key().as_der().unwrap_or_else(|e| panic!("{e}"));
        pem(der.as_ref())
    }

    fn ed_sign(&self, body: &[u8]) -> String {
        b64(self.ed.sign(body).as_ref())
    }

    fn rsa_sign(&self, body: &[u8]) -> String {
        let mut signature = vec![0; self.rsa.public_modulus_len()];
        self.rsa.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), body, &mut signature).unwrap_or_else(|e| panic!("{e}"));
        b64(&signature)
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn pem(der: &[u8]) -> String {
    let body = b64(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", lines.join("\n"))
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.insert(*name, HeaderValue::from_str(value).unwrap_or_else(|e| panic!("{e}")));
    }
    headers
}

fn verifier(keys: &Keys) -> WebhookVerifier {
    WebhookVerifier::new()
        .ed25519(ED_HEADER, &keys.ed_pem())
        .and_then(|v| v.rsa_sha256(RSA_HEADER, &keys.rsa_pem()))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn refused<T: std::fmt::Debug>(result: Result<Webhook<T>, WebhookError>) -> WebhookError {
    match result {
        Err(err) => err,
        Ok(webhook) => panic!("unexpectedly accepted: {webhook:?}"),
    }
}

#[test]
fn valid_signatures_of_each_kind_are_accepted_and_decoded() {
    let keys = Keys::generate();
    let verifier = verifier(&keys);

    let body = contact_create("wh-1", SENT_AT);
    let webhook = verifier.verify_at::<Events>(&headers(&[(ED_HEADER, &keys.ed_sign(&body))]), &body, now());
    let webhook = webhook.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(webhook.verified_by, SignatureKind::Ed25519);
    assert_eq!(webhook.webhook_id.as_deref(), Some("wh-1"));
    assert_eq!(webhook.timestamp, Some(UNIX_EPOCH + Duration::from_secs(1_738_074_900)));
    let Event::Known(Events::ContactCreate(contact)) = webhook.event else { panic!("{:?}", webhook.event) };
    assert_eq!(contact.id, "nmFmQEsNgz6AVpgLVUJ0");
    assert_eq!(contact.location_id, "ve9EPM428h8vShlRW1KT");
    assert_eq!(contact.email.as_deref(), Some("JohnDeo@gmail.comm"));
    assert_eq!(contact.tags.len(), 2);

    let body = inbound_message();
    let webhook = verifier.verify_at::<Events>(&headers(&[(RSA_HEADER, &keys.rsa_sign(&body))]), &body, now());
    let webhook = webhook.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(webhook.verified_by, SignatureKind::RsaSha256);
    assert_eq!(
        webhook.event,
        Event::Known(Events::InboundMessage(InboundMessage {
            location_id: "l1C08ntBrFjLS0elLIYU".into(),
            contact_id: "cI08i1Bls3iTB9bKgFJh".into(),
            message_type: "SMS".into(),
            body: Some("This is a test message".into()),
        }))
    );
}

#[test]
fn the_ed25519_signature_is_checked_first_and_never_falls_back() {
    let keys = Keys::generate();
    let verifier = verifier(&keys);
    let body = contact_create("wh-1", SENT_AT);
    let both = headers(&[(ED_HEADER, &keys.ed_sign(&body)), (RSA_HEADER, &b64(b"not a signature"))]);
    assert!(verifier.verify_at::<Events>(&both, &body, now()).is_ok_and(|w| w.verified_by == SignatureKind::Ed25519));
    let bad_ed = headers(&[(ED_HEADER, &keys.ed_sign(b"other")), (RSA_HEADER, &keys.rsa_sign(&body))]);
    let err = refused(verifier.verify_at::<Events>(&bad_ed, &body, now()));
    assert_eq!(err, WebhookError::InvalidSignature { header: ED_HEADER.into() });
}

#[test]
fn each_tampering_is_refused_with_its_own_error() {
    let keys = Keys::generate();
    let other = Keys::generate();
    let verifier = verifier(&keys).replay_guard(MemoryReplayGuard::default());
    let body = contact_create("wh-1", SENT_AT);
    let ed = keys.ed_sign(&body);
    let rsa = keys.rsa_sign(&body);

    // One changed byte of the body, for each kind.
    let mut changed = body.clone();
    let at = changed.iter().position(|&b| b == b'J').unwrap_or(0);
    changed[at] = b'K';
    for (header, signature) in [(ED_HEADER, &ed), (RSA_HEADER, &rsa)] {
        let err = refused(verifier.verify_at::<Events>(&headers(&[(header, signature)]), &changed, now()));
        assert_eq!(err, WebhookError::InvalidSignature { header: header.into() });
        assert_eq!(err.status(), 401);
        // The same JSON, formatted otherwise, is not the raw body either.
        let reserialised =
            serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&body).unwrap_or_default())
                .unwrap_or_default();
        assert_ne!(reserialised, body);
        let err = refused(verifier.verify_at::<Events>(&headers(&[(header, signature)]), &reserialised, now()));
        assert_eq!(err, WebhookError::InvalidSignature { header: header.into() });
    }

    // Signatures from other keys.
    for (header, signature) in [(ED_HEADER, other.ed_sign(&body)), (RSA_HEADER, other.rsa_sign(&body))] {
        let err = refused(verifier.verify_at::<Events>(&headers(&[(header, &signature)]), &body, now()));
        assert_eq!(err, WebhookError::InvalidSignature { header: header.into() });
        let text = format!("{err} {err:?}");
        assert!(!text.contains(&signature) && !text.contains(&signature[..16]), "{text}");
    }

    // A timestamp outside the window, either way; accepted with a wider one.
    for (timestamp, age) in [("2025-01-28T14:25:00Z", 660), ("2025-01-28T14:45:00.000+00:00", -540)] {
        let stale = contact_create(timestamp, timestamp);
        let signed = headers(&[(ED_HEADER, &keys.ed_sign(&stale))]);
        let err = refused(verifier.verify_at::<Events>(&signed, &stale, now()));
        assert_eq!(err, WebhookError::OutsideWindow { age_secs: age, window: Duration::from_secs(300) });
        let wide = verifier.clone().window(Some(Duration::from_secs(900)));
        assert!(wide.verify_at::<Events>(&signed, &stale, now()).is_ok());
    }
    let undated = br#"{"type":"ContactCreate","webhookId":"x"}"#;
    let err = refused(verifier.verify_at::<Events>(&headers(&[(ED_HEADER, &keys.ed_sign(undated))]), undated, now()));
    assert_eq!(err, WebhookError::MissingTimestamp { field: "timestamp".into() });
    let badly_dated = contact_create("wh-3", "yesterday");
    let signed = headers(&[(ED_HEADER, &keys.ed_sign(&badly_dated))]);
    assert_eq!(
        refused(verifier.verify_at::<Events>(&signed, &badly_dated, now())),
        WebhookError::InvalidTimestamp { field: "timestamp".into() }
    );

    // A repeated webhookId: the first delivery is accepted, the second refused.
    let signed = headers(&[(ED_HEADER, &ed)]);
    assert!(verifier.verify_at::<Events>(&signed, &body, now()).is_ok());
    let err = refused(verifier.verify_at::<Events>(&signed, &body, now()));
    assert_eq!(err, WebhookError::Replayed { webhook_id: "wh-1".into() });
    assert_eq!(err.status(), 409);

    // A missing or malformed signature header.
    let err = refused(verifier.verify_at::<Events>(&HeaderMap::new(), &body, now()));
    assert_eq!(err, WebhookError::MissingSignature { expected: vec![ED_HEADER.into(), RSA_HEADER.into()] });
    let err = refused(verifier.verify_at::<Events>(&headers(&[(ED_HEADER, "%%%")]), &body, now()));
    assert_eq!(err, WebhookError::MalformedSignature { header: ED_HEADER.into() });

    // A verifier with no key accepts nothing.
    let err = refused(WebhookVerifier::new().verify_at::<Events>(&signed, &body, now()));
    assert_eq!(err, WebhookError::MissingSignature { expected: vec![] });
}

#[test]
fn unknown_types_are_kept_whole_and_a_bad_known_payload_is_a_decode_error() {
    let keys = Keys::generate();
    let verifier = verifier(&keys);
    let body = format!(
        r#"{{"type":"AppointmentCreate","timestamp":"{SENT_AT}","webhookId":"wh-9","appointment":{{"id":"a1"}}}}"#
    );
    let signed = headers(&[(ED_HEADER, &keys.ed_sign(body.as_bytes()))]);
    let webhook = verifier.verify_at::<Events>(&signed, body.as_bytes(), now()).unwrap_or_else(|e| panic!("{e}"));
    let Event::Unknown(event) = webhook.event else { panic!("{:?}", webhook.event) };
    assert_eq!(event.event_type.as_deref(), Some("AppointmentCreate"));
    assert_eq!(event.payload["appointment"]["id"], "a1");
    assert_eq!(event.payload["webhookId"], "wh-9");

    // Untyped: every event is unknown, even one another crate types.
    let body = contact_create("wh-1", SENT_AT);
    let signed = headers(&[(ED_HEADER, &keys.ed_sign(&body))]);
    let untyped = verifier.verify_at::<Untyped>(&signed, &body, now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(untyped.event, Event::Unknown(ref e) if e.payload["id"] == "nmFmQEsNgz6AVpgLVUJ0"));

    let body = format!(r#"{{"type":"ContactCreate","timestamp":"{SENT_AT}","locationId":5}}"#);
    let signed = headers(&[(ED_HEADER, &keys.ed_sign(body.as_bytes()))]);
    let err = refused(verifier.verify_at::<Events>(&signed, body.as_bytes(), now()));
    assert!(matches!(&err, WebhookError::Decode { event_type, .. } if event_type == "ContactCreate"), "{err}");
    assert_eq!(err.status(), 400);

    let body = b"[1, 2]";
    let signed = headers(&[(ED_HEADER, &keys.ed_sign(body))]);
    assert!(matches!(refused(verifier.verify_at::<Events>(&signed, body, now())), WebhookError::NotJson { .. }));
}

#[test]
fn keys_are_read_as_pem_or_base64_and_the_wrong_kind_is_refused() {
    let keys = Keys::generate();
    let raw = b64(keys.ed.public_key().as_ref());
    let body = contact_create("wh-1", SENT_AT);
    let signed = headers(&[(ED_HEADER, &keys.ed_sign(&body))]);
    let from_raw = WebhookVerifier::new().ed25519(ED_HEADER, &raw).unwrap_or_else(|e| panic!("{e}"));
    assert!(from_raw.verify_at::<Events>(&signed, &body, now()).is_ok());
    let rsa_der = b64(keys.rsa.public_key().as_ref());
    assert!(WebhookVerifier::new().rsa_sha256(RSA_HEADER, &rsa_der).is_ok());
    assert!(WebhookVerifier::new().ed25519(ED_HEADER, &keys.rsa_pem()).is_err());
    assert!(WebhookVerifier::new().rsa_sha256(RSA_HEADER, &keys.ed_pem()).is_err());
    assert!(WebhookVerifier::new().rsa_sha256(RSA_HEADER, "not a key").is_err());
    assert!(WebhookVerifier::new().rsa_sha256("bad header", &keys.rsa_pem()).is_err());
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn the_axum_extractor_hands_over_a_verified_event_or_refuses_with_its_status() {
    use axum::extract::FromRequest;
    use axum::response::IntoResponse;
    use openapi_client_runtime::webhook::VerifiedWebhook;

    let keys = Keys::generate();
    // The extractor checks the real clock: a payload sent now.
    let sent = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    let body = format!(
        r#"{{"type":"InboundMessage","timestamp":{sent},"webhookId":"wh-5","locationId":"l1","contactId":"c1","messageType":"SMS"}}"#
    );
    let request = |signature: &str, body: &str| {
        axum::http::Request::builder()
            .method("POST")
            .header(ED_HEADER, signature)
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let state = verifier(&keys);
    let signature = keys.ed_sign(body.as_bytes());
    match VerifiedWebhook::<Events>::from_request(request(&signature, &body), &state).await {
        Ok(VerifiedWebhook(webhook)) => {
            assert!(matches!(webhook.event, Event::Known(Events::InboundMessage(ref m)) if m.contact_id == "c1"))
        }
        Err(rejection) => panic!("{rejection:?}"),
    }
    let tampered = body.replace("c1", "c2");
    let status = match VerifiedWebhook::<Events>::from_request(request(&signature, &tampered), &state).await {
        Ok(_) => panic!("tampered body accepted"),
        Err(rejection) => rejection.into_response().status().as_u16(),
    };
    assert_eq!(status, 401);
}
