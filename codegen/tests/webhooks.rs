//! Webhooks (`webhooks` in 3.1, `x-webhooks` in 3.0) and OAuth 2.0 flows are read into the IR: each
//! webhook's payload type, the event type that keys it, and a warning by lint for each one that
//! cannot be an event.

use std::path::PathBuf;

use codegen::lower::ir::{Api, OAuthFlow, TypeRef, Webhook, WebhookEvent};
use codegen::{Diagnostics, Lint};

/// The reference to the type Rust calls `name`.
fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(api.type_named(name).unwrap_or_else(|| panic!("no type `{name}`")))
}

fn fixture(name: &str) -> (Api, Diagnostics) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let lowered = codegen::lower_spec(&path, &[]).unwrap_or_else(|d| panic!("{d}"));
    (lowered.api, lowered.diagnostics)
}

fn lowered(text: &str) -> (Api, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, text).unwrap();
    let lowered = codegen::lower_spec(&path, &[]).unwrap_or_else(|d| panic!("{d}"));
    (lowered.api, lowered.diagnostics)
}

fn event(event_type: &str, variant: &str) -> Option<WebhookEvent> {
    Some(WebhookEvent { event_type: event_type.into(), variant: variant.into() })
}

fn summary(api: &Api) -> Vec<(&str, &TypeRef, Option<WebhookEvent>, &str)> {
    api.webhooks.iter().map(|w: &Webhook| (w.key.as_str(), &w.payload, w.event.clone(), w.pointer.as_str())).collect()
}

fn warnings(diags: &Diagnostics, lint: Lint) -> Vec<(&str, &str)> {
    diags.of(lint).map(|d| (d.pointer.as_str(), d.message.as_str())).collect()
}

#[test]
fn openapi_3_1_webhooks_are_events_keyed_by_a_single_type_value_or_else_by_their_key() {
    let (api, diags) = fixture("webhooks-3-1.yaml");
    let named = |name: &str| named(&api, name);
    assert_eq!(
        summary(&api),
        [
            ("petAdopted", &named("PetAdopted"), event("pet.adopted", "PetAdopted"), "/webhooks/petAdopted/post"),
            ("PetReturned", &named("PetReturned"), event("PetReturned", "PetReturned"), "/webhooks/PetReturned/post"),
            ("heartbeat", &named("Heartbeat"), None, "/webhooks/heartbeat/post"),
        ]
    );
    assert_eq!(
        warnings(&diags, Lint::WebhookEventType),
        [
            (
                "/webhooks/PetReturned/post/requestBody/content/application~1json/schema",
                "webhook `PetReturned`'s payload has a `type` property that allows any string: the event type is taken to be the webhook's key, `PetReturned`"
            ),
            (
                "/webhooks/heartbeat/post/requestBody/content/application~1json/schema",
                "webhook `heartbeat` has no event type (the payload has no `type` property): its payload is typed, but the event enum has no variant for it and it is received as an unknown event"
            ),
        ]
    );
    assert_eq!(
        warnings(&diags, Lint::Webhook),
        [
            ("/webhooks/ping", "webhook `ping`: only `post` is read; GET skipped"),
            ("/webhooks/ping", "webhook `ping` has no `post`; skipped")
        ]
    );
    assert_eq!(diags.iter().count(), 4, "{diags}");
    // Payloads are received: read by consumers, like response bodies.
    let payload = api.type_named("PetReturned").map(|id| api.type_def(id).usage);
    assert_eq!(payload.map(|u| (u.request, u.response)), Some((false, true)));
}

#[test]
fn x_webhooks_in_another_file_are_bundled_and_several_type_values_are_warned() {
    let (api, diags) = fixture("x-webhooks/openapi.yaml");
    let keys: Vec<_> = api.webhooks.iter().map(|w| (w.key.as_str(), w.event.clone())).collect();
    assert_eq!(keys, [("LetterArrived", event("LetterArrived", "LetterArrived")), ("ParcelEvent", None)]);
    assert_eq!(api.webhooks[0].payload, named(&api, "LetterArrived"));
    let warned: Vec<&str> = diags.of(Lint::WebhookEventType).map(|d| d.pointer.as_str()).collect();
    assert_eq!(warned, ["/x-webhooks/ParcelEvent/post/requestBody/content/application~1json/schema"]);
    assert!(diags.of(Lint::WebhookEventType).all(|d| d.message.contains("allows 2 values")));
    assert_eq!(diags.iter().count(), 1, "{diags}");
}

#[test]
fn two_webhooks_with_one_event_type_give_one_variant_and_a_warning() {
    let (api, diags) = lowered(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
x-webhooks:
  first:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {type: {type: string, enum: [same]}}}
      responses: {'200': {description: ok}}
  second:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {type: {type: string, enum: [same]}}}
      responses: {'200': {description: ok}}
  notJson:
    post:
      requestBody:
        content:
          text/plain:
            schema: {type: string}
      responses: {'200': {description: ok}}
",
    );
    let keys: Vec<_> = api.webhooks.iter().map(|w| (w.key.as_str(), w.event.clone())).collect();
    assert_eq!(keys, [("first", event("same", "Same")), ("second", None)]);
    assert_eq!(
        warnings(&diags, Lint::WebhookEventType),
        [(
            "/x-webhooks/second/post",
            "webhook `second`'s event type `same` is also webhook `first`'s; it has no variant of its own"
        )]
    );
    let skipped: Vec<&str> = diags.of(Lint::Webhook).map(|d| d.pointer.as_str()).collect();
    assert_eq!(skipped, ["/x-webhooks/notJson/post"]);
}

#[test]
fn an_oauth2_authorization_code_flow_is_read_with_its_urls_and_scopes() {
    let (api, _) = fixture("webhooks-3-1.yaml");
    assert_eq!(
        api.oauth_flows,
        [OAuthFlow {
            scheme: "auth".into(),
            ident: "AUTH".into(),
            authorization_url: "https://kennel.example.test/oauth/authorize".into(),
            token_url: "https://kennel.example.test/oauth/token".into(),
            refresh_url: Some("https://kennel.example.test/oauth/refresh".into()),
            scopes: vec![("pets.read".into(), "Read pets.".into()), ("pets.write".into(), "Change pets.".into())],
        }]
    );
}
