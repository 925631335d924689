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

mod typed_events {
    //! Signed payloads of HighLevel's event shapes, verified through the generated crate's
    //! `webhook::WebhookEvent` (from spec/webhooks.yaml).
    use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
    use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair as _};
    use base64::Engine as _;
    use leadconnector::types::InboundMessageType;
    use leadconnector::webhook::{Event, HeaderMap, WebhookEvent, WebhookVerifier};

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// A verifier of the app's Ed25519 key, and a signer of bodies with it.
    fn keys() -> (WebhookVerifier, impl Fn(&[u8]) -> HeaderMap) {
        let key = Ed25519KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let der: PublicKeyX509Der = key.public_key().as_der().unwrap_or_else(|e| panic!("{e}"));
        let verifier = WebhookVerifier::new()
            .window(None)
            .ed25519("x-ghl-signature", &b64(der.as_ref()))
            .unwrap_or_else(|e| panic!("{e}"));
        let sign = move |body: &[u8]| {
            let mut headers = HeaderMap::new();
            headers.insert("x-ghl-signature", b64(key.sign(body).as_ref()).parse().unwrap_or_else(|e| panic!("{e}")));
            headers
        };
        (verifier, sign)
    }

    #[test]
    fn an_inbound_message_decodes_to_its_typed_variant() {
        let (verifier, sign) = keys();
        // The example of HighLevel's InboundMessage page, with a field the page does not list.
        let body = br#"{"type":"InboundMessage","locationId":"l1C08ntBrFjLS0elLIYU","attachments":[],
            "body":"This is a test message","contactId":"cI08i1Bls3iTB9bKgFJh","contentType":"text/plain",
            "conversationId":"fcanlLgpbQgQhderivVs","dateAdded":"2021-04-21T11:31:45.750Z","direction":"inbound",
            "messageType":"SMS","status":"delivered","callDuration":120,"brandNew":{"x":1}}"#;
        let webhook = verifier.verify::<WebhookEvent>(&sign(body), body).unwrap_or_else(|e| panic!("{e}"));
        let Event::Known(WebhookEvent::InboundMessage(message)) = webhook.event else {
            panic!("not an InboundMessage: {:?}", webhook.event)
        };
        assert_eq!(message.r#type, Some(InboundMessageType::InboundMessage));
        assert_eq!(message.location_id.as_deref(), Some("l1C08ntBrFjLS0elLIYU"));
        assert_eq!(message.body.as_deref(), Some("This is a test message"));
        assert_eq!(message.conversation_id.as_deref(), Some("fcanlLgpbQgQhderivVs"));
        assert_eq!(message.direction.as_deref(), Some("inbound"));
        assert_eq!(message.call_duration, Some(120.0));
        assert_eq!(message.attachments, Some(Vec::new()));
        assert_eq!(message.additional_properties.get("brandNew"), Some(&serde_json::json!({"x": 1})));
        assert_eq!(WebhookEvent::InboundMessage(message).event_type(), "InboundMessage");
    }

    #[test]
    fn a_contact_create_and_an_unknown_type() {
        let (verifier, sign) = keys();
        let body = br#"{"type":"ContactCreate","locationId":"ve9EPM428h8vShlRW1KT","id":"nmFmQEsNgz6AVpgLVUJ0",
            "email":"JohnDeo@gmail.comm","dnd":true,"tags":["a","b"],
            "customFields":[{"id":"BcdmQEsNgz6AVpgLVUJ0","value":"XYZ Corp"},{"id":"n","value":7}]}"#;
        let webhook = verifier.verify::<WebhookEvent>(&sign(body), body).unwrap_or_else(|e| panic!("{e}"));
        let Event::Known(WebhookEvent::ContactCreate(contact)) = webhook.event else {
            panic!("not a ContactCreate: {:?}", webhook.event)
        };
        assert_eq!(contact.id.as_deref(), Some("nmFmQEsNgz6AVpgLVUJ0"));
        assert_eq!(contact.dnd, Some(true));
        assert_eq!(contact.tags, Some(vec![serde_json::json!("a"), serde_json::json!("b")]));
        let fields = contact.custom_fields.unwrap_or_default();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].id.as_deref(), Some("BcdmQEsNgz6AVpgLVUJ0"));

        // A type the spec does not know: the runtime's unknown event, the payload kept whole.
        let body = br#"{"type":"SomethingNew","locationId":"x","extra":[1,2]}"#;
        let webhook = verifier.verify::<WebhookEvent>(&sign(body), body).unwrap_or_else(|e| panic!("{e}"));
        let Event::Unknown(unknown) = webhook.event else { panic!("typed: {:?}", webhook.event) };
        assert_eq!(unknown.event_type.as_deref(), Some("SomethingNew"));
        assert_eq!(unknown.payload, serde_json::json!({"type": "SomethingNew", "locationId": "x", "extra": [1, 2]}));
        // HighLevel's own event types, as the pages' examples send them.
        for event_type in ["INSTALL", "PLAN_CHANGE", "ConversationUnreadUpdate", "AppointmentDelete", "InboundMessage"]
        {
            assert!(WebhookEvent::EVENT_TYPES.contains(&event_type), "{event_type}");
        }
    }

    #[test]
    fn the_3_1_fixtures_events_and_oauth_flow() {
        use fixture_webhooks_3_1::webhook::WebhookEvent as KennelEvent;
        let (verifier, sign) = keys();
        let body = br#"{"type":"pet.adopted","pet":{"id":"p1","name":"Rex","kind":"dog"}}"#;
        let webhook = verifier.verify::<KennelEvent>(&sign(body), body).unwrap_or_else(|e| panic!("{e}"));
        let Event::Known(KennelEvent::PetAdopted(adopted)) = webhook.event else { panic!("{:?}", webhook.event) };
        assert_eq!(adopted.pet.name, "Rex");
        // A known type whose payload does not match is refused, not kept as unknown.
        let body = br#"{"type":"pet.adopted","pet":{"id":"p1"}}"#;
        let refused = verifier.verify::<KennelEvent>(&sign(body), body).err();
        assert!(matches!(refused, Some(leadconnector::webhook::WebhookError::Decode { .. })), "{refused:?}");

        let flow = fixture_webhooks_3_1::oauth::AUTH;
        assert_eq!(flow.token_url, "https://kennel.example.test/oauth/token");
        assert_eq!(flow.scopes, ["pets.read", "pets.write"]);
        let config = format!("{:?}", flow.config("client-1", "s3cret-canary"));
        assert!(config.contains("https://kennel.example.test/oauth/refresh"), "{config}");
        assert!(!config.contains("s3cret-canary"), "{config}");
    }
}
