//! Webhooks: OpenAPI 3.1's `webhooks`, or this generator's root extension `x-webhooks` in a 3.0
//! document (the check stage moves the first to the second). Each webhook whose `post` has a JSON
//! request body becomes a payload type (through the ordinary type lowering) and, when the payload
//! says which event it is, a variant of the crate's event enum.
//!
//! The event type a variant is keyed by, in this order:
//! 1. the payload's `type` property when its schema allows exactly one string (`enum: [X]`, or 3.1's
//!    `const: X`): `X`, the value on the wire;
//! 2. the payload's `type` property when it is a string without `enum`: the webhook's key, with a
//!    `webhook-event-type` warning (a fallback: `type` may mean something else in this payload, and
//!    the variant then never matches);
//! 3. otherwise (no `type` property, or one allowing several values): no variant, with a
//!    `webhook-event-type` warning; such events decode as the runtime's unknown event, kept whole.
//!
//! `type` is the field the runtime's `WebhookVerifier` reads by default.

use openapiv3::{OpenAPI, PathItem, ReferenceOr, RequestBody, SchemaKind, Type};
use serde_json::Value;

use super::ir::{Webhook, WebhookEvent};
use super::names::{self, Namespace};
use super::types::Types;
use crate::diagnostics::Lint;
use crate::pointer::Pointer;

/// The payload field that names the event.
const TYPE_FIELD: &str = "type";

/// Lowers every webhook, in document order.
pub(super) fn webhooks(api: &OpenAPI, types: &mut Types<'_>) -> Vec<Webhook> {
    let Some(raw) = api.extensions.get("x-webhooks") else { return Vec::new() };
    // Where the document says them: `/webhooks` for a 3.1 document, whose webhooks check moved.
    let base = api.extensions.get(crate::check::WEBHOOKS_AT).and_then(Value::as_str).unwrap_or("/x-webhooks");
    let Some(raw) = raw.as_object() else {
        types.diags.warn(Lint::InvalidExtension, base, "`x-webhooks` is not a map of path items; ignored");
        return Vec::new();
    };
    let bodies = api.components.as_ref().map(|c| &c.request_bodies);
    let mut variants = Namespace::default();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    for (key, item) in raw {
        let at_item = Pointer::from(base).child(key);
        // Check parsed each one (and dropped those it refused, with an error).
        let Ok(item) = serde_json::from_value::<ReferenceOr<PathItem>>(item.clone()) else { continue };
        let ReferenceOr::Item(item) = item else {
            types.diags.warn(
                Lint::Webhook,
                &at_item,
                format!("webhook `{key}` is a `$ref` that was not inlined; skipped"),
            );
            continue;
        };
        let others: Vec<String> =
            item.iter().map(|(method, _)| method).filter(|m| *m != "post").map(str::to_uppercase).collect();
        if !others.is_empty() {
            types.diags.warn(
                Lint::Webhook,
                &at_item,
                format!("webhook `{key}`: only `post` is read; {} skipped", others.join(", ")),
            );
        }
        let Some(post) = &item.post else {
            types.diags.warn(Lint::Webhook, &at_item, format!("webhook `{key}` has no `post`; skipped"));
            continue;
        };
        let at = at_item.child("post");
        let body = match &post.request_body {
            Some(body) => super::resolve(body, "requestBodies", bodies).ok().map(|(body, _)| body),
            None => None,
        };
        let Some((media, schema)) = body.and_then(json_schema) else {
            types.diags.warn(
                Lint::Webhook,
                &at,
                format!("webhook `{key}` has no JSON request body schema: there is no payload to type; skipped"),
            );
            continue;
        };
        let schema_at = at.child("requestBody").child("content").child(media).child("schema");
        let payload = types.lower(schema, &names::upper_camel(key), &schema_at);
        let event = match event_type(types, schema, key) {
            Ok((event_type, from_key)) => match seen.iter().find(|(value, _)| *value == event_type) {
                Some((_, first)) => {
                    types.diags.warn(
                        Lint::WebhookEventType,
                        &at,
                        format!("webhook `{key}`'s event type `{event_type}` is also webhook `{first}`'s; it has no variant of its own"),
                    );
                    None
                }
                None => {
                    if from_key {
                        types.diags.warn(
                            Lint::WebhookEventType,
                            &schema_at,
                            format!("webhook `{key}`'s payload has a `type` property that allows any string: the event type is taken to be the webhook's key, `{key}`"),
                        ).help("give `type` the one value the API sends (`enum: [value]`)");
                    }
                    seen.push((event_type.clone(), key.clone()));
                    let claimed = variants.claim(&names::upper_camel(&event_type));
                    if claimed.changed {
                        types.diags.warn(
                            Lint::Rename,
                            &at,
                            format!(
                                "the event variant of `{event_type}` is named `{}` to keep names unique",
                                claimed.name
                            ),
                        );
                    }
                    Some(WebhookEvent { event_type, variant: claimed.name })
                }
            },
            Err(why) => {
                types.diags.warn(
                    Lint::WebhookEventType,
                    &schema_at,
                    format!("webhook `{key}` has no event type ({why}): its payload is typed, but the event enum has no variant for it and it is received as an unknown event"),
                );
                None
            }
        };
        let doc = post.summary.clone().or_else(|| post.description.clone());
        out.push(Webhook { key: key.clone(), payload, event, doc, pointer: at.into() });
    }
    out
}

/// The JSON media type of a request body and its schema.
fn json_schema(body: &RequestBody) -> Option<(&str, &ReferenceOr<openapiv3::Schema>)> {
    body.content
        .iter()
        .filter(|(media, _)| super::is_json(media) && !media.contains('*'))
        .find_map(|(media, m)| m.schema.as_ref().map(|schema| (media.as_str(), schema)))
}

/// The event type of a payload (see the module's doc), or why it has none.
/// `Ok((event type, whether it is the webhook's key))`.
fn event_type(types: &Types<'_>, schema: &ReferenceOr<openapiv3::Schema>, key: &str) -> Result<(String, bool), String> {
    let (properties, _) = types.object_parts(schema, 0).ok_or("the payload is not an object")?;
    let property = properties.get(TYPE_FIELD).ok_or("the payload has no `type` property")?;
    let property = types.resolve_boxed(property).ok_or("its `type` property does not resolve")?;
    match &property.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            let values: Vec<&String> = s.enumeration.iter().flatten().collect();
            match values.as_slice() {
                [] => Ok((key.to_owned(), true)),
                [one] => Ok(((*one).clone(), false)),
                _ => Err(format!("its `type` property allows {} values", values.len())),
            }
        }
        _ => Err("its `type` property is not a string".to_owned()),
    }
}
