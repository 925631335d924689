//! HighLevel's published webhook key, as the generated crate carries it (feature `webhooks`).

use base64::Engine as _;
use leadconnector::webhook::{HeaderMap, Untyped, WebhookError, WebhookVerifier, PUBLISHED_PUBLIC_KEY};

#[test]
fn highlevels_published_rsa_key_parses_and_checks_signatures() {
    assert!(PUBLISHED_PUBLIC_KEY.starts_with("-----BEGIN PUBLIC KEY-----"));
    let verifier = WebhookVerifier::new()
        .rsa_sha256("x-wh-signature", PUBLISHED_PUBLIC_KEY)
        .unwrap_or_else(|err| panic!("HighLevel's key: {err}"));
    // 512 bytes: a 4096-bit key's signature, but not HighLevel's.
    let forged = base64::engine::general_purpose::STANDARD.encode([7u8; 512]);
    let mut headers = HeaderMap::new();
    headers.insert("x-wh-signature", forged.parse().unwrap_or_else(|e| panic!("{e}")));
    let body = br#"{"type":"ContactCreate","timestamp":"2025-01-28T14:35:00Z","webhookId":"abc123xyz"}"#;
    let refused = verifier.verify::<Untyped>(&headers, body).err();
    assert_eq!(refused, Some(WebhookError::InvalidSignature { header: "x-wh-signature".into() }));
    // It is an RSA key, not an Ed25519 one.
    assert!(WebhookVerifier::new().ed25519("x-ghl-signature", PUBLISHED_PUBLIC_KEY).is_err());
}
