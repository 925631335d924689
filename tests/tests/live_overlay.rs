//! `spec/overlays/live-api.yaml` changes exactly what the register (D30–D33) says, applies without a
//! warning, and leaves every other node of `spec/leadconnector.yaml` as the pages print it.

use std::path::PathBuf;

use serde_json::{json, Value};
use xtask::workspace_root as root;

fn load(overlays: &[PathBuf]) -> Value {
    let mut diags = codegen::Diagnostics::default();
    let loaded = codegen::load::load_with_overlays(&xtask::our_spec(), overlays, &mut diags);
    assert!(diags.is_empty(), "{diags}");
    loaded.expect("the spec loads").document
}

#[test]
fn the_live_overlay_is_the_only_overlay_and_changes_what_the_register_says() {
    let overlays = xtask::our_overlays().unwrap();
    assert_eq!(overlays, [root().join("spec/overlays/live-api.yaml")]);
    let base = load(&[]);
    let live = load(&overlays);

    let ok =
        |doc: &Value, path: &str| doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"].clone();
    // D30, D31: each 200 body may arrive wrapped; the schema stays the documented one.
    let list = ok(&live, "/conversations/{conversationId}/messages");
    assert_eq!(list["x-envelope"], json!({"property": "messages"}));
    assert_eq!(list["schema"], json!({"$ref": "#/components/schemas/GetMessagesResponse"}));
    let single = ok(&live, "/conversations/messages/{id}");
    assert_eq!(single["x-envelope"], json!({"property": "message"}));
    assert_eq!(single["schema"], json!({"$ref": "#/components/schemas/Message"}));

    // D32: `meta.call` is `{duration, status}` with the documented types of the two call fields.
    let schemas = &live["components"]["schemas"];
    assert_eq!(schemas["MessageMeta"]["properties"]["call"], json!({"$ref": "#/components/schemas/MessageMetaCall"}));
    assert_eq!(
        schemas["MessageMetaCall"]["properties"],
        json!({"duration": {"$ref": "#/components/schemas/CallDuration"}, "status": {"$ref": "#/components/schemas/CallStatus"}})
    );
    assert_eq!(schemas["MessageMetaCall"]["type"], "object");
    assert!(schemas["MessageMetaCall"].get("required").is_none());

    // D33: `contentType` is no longer required; the eight other names stay, in order.
    assert_eq!(
        schemas["Message"]["required"],
        json!(["id", "type", "messageType", "locationId", "contactId", "conversationId", "dateAdded", "direction"])
    );
    assert_eq!(
        schemas["Message"]["properties"]["contentType"],
        base["components"]["schemas"]["Message"]["properties"]["contentType"]
    );

    // Undo exactly those changes, and the base document is back.
    let mut undone = live.clone();
    let content = |doc: &mut Value, path: &str| {
        doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
            .as_object_mut()
            .unwrap()
            .shift_remove("x-envelope")
            .expect("an envelope");
    };
    content(&mut undone, "/conversations/{conversationId}/messages");
    content(&mut undone, "/conversations/messages/{id}");
    let schemas = undone["components"]["schemas"].as_object_mut().unwrap();
    schemas.shift_remove("MessageMetaCall").expect("MessageMetaCall");
    schemas["MessageMeta"]["properties"].as_object_mut().unwrap().shift_remove("call").expect("call");
    schemas["Message"]["required"].as_array_mut().unwrap().push(json!("contentType"));
    assert_eq!(undone, base);
}
