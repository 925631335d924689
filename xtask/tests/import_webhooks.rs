//! The webhook event pages → spec/webhooks.yaml, on small hand-written pages
//! (`tests/fixtures/webhooks/`): each defect a repair, the facts kept, the prose left out.

use std::path::Path;

use serde_json::{json, Value};
use xtask::import_webhooks::{import_webhooks, Repair};

fn imported() -> (Value, Vec<Repair>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks");
    let imported = import_webhooks(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.spec.starts_with("# Written by `cargo xtask import` from HighLevel's webhook event pages"));
    // The YAML the loader reads is the document below.
    let yaml = yaml_rust2::YamlLoader::load_from_str(&imported.spec).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(yaml.len(), 1);
    (to_json(&yaml[0]), imported.repairs)
}

fn to_json(yaml: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::Hash(hash) => {
            Value::Object(hash.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), to_json(v))).collect())
        }
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::String(s) => json!(s),
        Yaml::Integer(i) => json!(i),
        Yaml::Boolean(b) => json!(b),
        Yaml::Real(r) => json!(r.parse::<f64>().unwrap_or_default()),
        _ => Value::Null,
    }
}

#[test]
fn each_page_is_a_webhook_and_a_schema_of_facts() {
    let (doc, _) = imported();
    let keys: Vec<&String> = doc["x-webhooks"].as_object().map(|m| m.keys().collect()).unwrap_or_default();
    assert_eq!(keys, ["ThingCreate", "ThingDelete", "ThingSketch"], "Broken has no readable schema");
    assert_eq!(
        doc["x-webhooks"]["ThingCreate"]["post"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/ThingCreate"})
    );
    assert_eq!(
        doc["components"]["schemas"]["ThingCreate"],
        json!({
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["ThingCreate"]},
                "id": {"type": "string"},
                "tags": {"type": "array", "items": {}},
                "value": {"anyOf": [{"type": "string"}, {"type": "number"}]},
                "start": {"type": "string", "format": "date-time"},
            },
            "required": ["id"],
            "example": {"type": "ThingCreate", "id": "t1", "tags": ["a"]},
        })
    );
    // The only example's `type` is another page's: the page's own name is the event type, and the
    // copied example is not this event's.
    assert_eq!(
        doc["components"]["schemas"]["ThingDelete"],
        json!({
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "channel": {"type": "string", "enum": ["Email", "SMS"]},
                "type": {"type": "string", "enum": ["ThingDelete"]},
            },
        })
    );
    assert_eq!(
        doc["components"]["schemas"]["ThingSketch"],
        json!({
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["THING_SKETCH"]},
                "id": {"type": "string"},
                "flags": {"type": "object", "properties": {"on": {"type": "boolean"}}},
            },
            "example": {"type": "THING_SKETCH", "id": "s1", "flags": {"on": true}},
        })
    );
}

#[test]
fn every_defect_is_a_repair_with_its_pointer() {
    let (_, repairs) = imported();
    let got: Vec<(&str, &str)> = repairs.iter().map(|r| (r.name.as_str(), r.pointer.as_str())).collect();
    let create = "/components/schemas/ThingCreate";
    assert_eq!(
        got,
        [
            ("Broken", "/components/schemas/Broken"),
            ("Broken", "/components/schemas/Broken"),
            ("ThingCreate", create),
            ("ThingCreate", "/components/schemas/ThingCreate/properties/id"),
            ("ThingCreate", "/components/schemas/ThingCreate/properties/tags"),
            ("ThingCreate", "/components/schemas/ThingCreate/properties/value"),
            ("ThingCreate", "/components/schemas/ThingCreate/properties/start"),
            ("ThingDelete", "/components/schemas/ThingDelete/properties/channel"),
            ("ThingDelete", "/components/schemas/ThingDelete"),
            ("ThingDelete", "/components/schemas/ThingDelete"),
            ("ThingDelete", "/components/schemas/ThingDelete/properties/type"),
            ("ThingSketch", "/components/schemas/ThingSketch"),
        ]
    );
    let what = |i: usize| repairs[i].what.as_str();
    assert!(what(0).contains("is not JSON") && what(0).ends_with("left out"), "{}", what(0));
    assert!(what(1).contains("left out"), "{}", what(1));
    assert!(what(2).contains("trailing comma"), "{}", what(2));
    assert!(what(3).contains("`required: true`"), "{}", what(3));
    assert!(what(5).starts_with("`type: [string, number]`"), "{}", what(5));
    assert!(what(8).contains("`type: ThingCreate`, another event's"), "{}", what(8));
    assert!(what(9).contains("the page's name, `ThingDelete`"), "{}", what(9));
    assert!(what(11).contains("sketch of type names"), "{}", what(11));
}
