//! Visits every place in a raw OpenAPI tree where a Schema Object stands, so that repairs can be
//! made on schemas only (a Security Scheme also has a `type`, with other meanings).
//!
//! The places are those of OpenAPI 3.0 (components, parameters, headers, request and response
//! bodies, encodings, callbacks, and inside a schema `properties`, `items`, `additionalProperties`,
//! `not`, `allOf`, `oneOf`, `anyOf`) and those that OpenAPI 3.1 adds (`components/pathItems`, and
//! inside a schema `prefixItems`, `$defs`, `if`/`then`/`else`, `dependentSchemas`,
//! `patternProperties`, `contains`, `propertyNames`, `unevaluatedItems`, `unevaluatedProperties`,
//! `contentSchema`). Webhooks are walked as `x-webhooks` (the 3.1 normaliser moves `webhooks` there first).
//!
//! The same walk meets every operation (of `paths`, `components/pathItems` and callbacks), so a
//! [`Visitor`] can also be called there: one walk, not one per concern.

use serde_json::{Map, Value};

use crate::pointer::Pointer;

pub use crate::site::METHODS;

/// A visitor of schema nodes: `(pointer, node)`.
type Visit<'f> = dyn FnMut(&Pointer, &mut Value) + 'f;

/// An object visitor: `(pointer, object)`.
type VisitObject<'f> = dyn FnMut(&Pointer, &mut Map<String, Value>) + 'f;

/// What [`walk_mut`] calls: `schema` as [`schema_nodes_mut`] calls its `f`, `operation` at every
/// operation object, before the schemas in it, and `encoding` at every property of an `encoding`
/// map (of a media type of a request body, a response or a parameter), before its headers.
pub struct Visitor<'f> {
    pub schema: &'f mut Visit<'f>,
    pub operation: &'f mut VisitObject<'f>,
    pub encoding: &'f mut VisitObject<'f>,
}

/// Calls `f(pointer, schema)` for every schema object in the document that is not a `$ref`,
/// outermost first.
pub fn schemas_mut(doc: &mut Value, f: &mut dyn FnMut(&Pointer, &mut Map<String, Value>)) {
    schema_nodes_mut(doc, &mut |at, node| {
        if let Value::Object(map) = node {
            if !map.contains_key("$ref") {
                f(at, map);
            }
        }
    });
}

/// Calls `f(pointer, node)` for every node where a schema stands, outermost first: objects, `$ref`
/// nodes (with or without keys beside the `$ref`) and 3.1 boolean schemas (`true`, `false`), except
/// a boolean `additionalProperties` or `unevaluatedProperties`, which OpenAPI 3.0 allows as such.
/// After `f` returns, the walk goes into the node as `f` left it, unless it is (still) a `$ref`.
pub fn schema_nodes_mut(doc: &mut Value, f: &mut Visit<'_>) {
    walk_mut(doc, &mut Visitor { schema: f, operation: &mut |_, _| {}, encoding: &mut |_, _| {} });
}

/// Walks the document once, calling `f.schema` at every schema node and `f.operation` at every
/// operation.
pub fn walk_mut(doc: &mut Value, f: &mut Visitor<'_>) {
    let Some(root) = doc.as_object_mut() else { return };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            for (name, s) in schemas.iter_mut() {
                schema(s, &Pointer::root().child("components").child("schemas").child(name), f);
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    holder(item, &Pointer::root().child("components").child(section).child(name), f);
                }
            }
        }
        for section in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    with_content(item, &Pointer::root().child("components").child(section).child(name), f);
                }
            }
        }
        if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
            for (name, callback) in callbacks.iter_mut() {
                path_items(callback, &Pointer::root().child("components").child("callbacks").child(name), f);
            }
        }
        if let Some(items) = components.get_mut("pathItems") {
            path_items(items, &Pointer::root().child("components").child("pathItems"), f);
        }
    }
    if let Some(paths) = root.get_mut("paths") {
        path_items(paths, &Pointer::root().child("paths"), f);
    }
    if let Some(webhooks) = root.get_mut("x-webhooks") {
        path_items(webhooks, &Pointer::root().child("x-webhooks"), f);
    }
}

/// A map of path items (`paths`, `components/pathItems`, a callback).
fn path_items(items: &mut Value, at: &Pointer, f: &mut Visitor<'_>) {
    let Some(items) = items.as_object_mut() else { return };
    for (name, item) in items.iter_mut() {
        path_item(item, &at.child(name), f);
    }
}

fn path_item(item: &mut Value, at: &Pointer, f: &mut Visitor<'_>) {
    let Some(item) = item.as_object_mut() else { return };
    for (key, op) in item.iter_mut() {
        if key == "parameters" {
            params(op, &at.child(key), f);
        } else if METHODS.contains(&key.as_str()) {
            operation(op, &at.child(key), f);
        }
    }
}

fn operation(op: &mut Value, at: &Pointer, f: &mut Visitor<'_>) {
    let Some(op) = op.as_object_mut() else { return };
    (f.operation)(at, op);
    if let Some(p) = op.get_mut("parameters") {
        params(p, &at.child("parameters"), f);
    }
    if let Some(body) = op.get_mut("requestBody") {
        with_content(body, &at.child("requestBody"), f);
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for (status, r) in responses.iter_mut() {
            with_content(r, &at.child("responses").child(status), f);
        }
    }
    if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
        for (name, callback) in callbacks.iter_mut() {
            path_items(callback, &at.child("callbacks").child(name), f);
        }
    }
}

fn params(list: &mut Value, at: &Pointer, f: &mut Visitor<'_>) {
    if let Some(list) = list.as_array_mut() {
        for (i, p) in list.iter_mut().enumerate() {
            holder(p, &at.child(i), f);
        }
    }
}

/// A parameter or header: a `schema`, or `content`.
fn holder(item: &mut Value, at: &Pointer, f: &mut Visitor<'_>) {
    if let Some(s) = item.get_mut("schema") {
        schema(s, &at.child("schema"), f);
    }
    with_content(item, at, f);
}

/// A response, request body or parameter with `content` (and, for responses, `headers`).
fn with_content(item: &mut Value, at: &Pointer, f: &mut Visitor<'_>) {
    let Some(item) = item.as_object_mut() else { return };
    if let Some(Value::Object(content)) = item.get_mut("content") {
        for (media, m) in content.iter_mut() {
            let media_at = at.child("content").child(media);
            let Some(m) = m.as_object_mut() else { continue };
            if let Some(s) = m.get_mut("schema") {
                schema(s, &media_at.child("schema"), f);
            }
            if let Some(Value::Object(encoding)) = m.get_mut("encoding") {
                for (property, e) in encoding.iter_mut() {
                    let Some(e) = e.as_object_mut() else { continue };
                    let e_at = media_at.child("encoding").child(property);
                    (f.encoding)(&e_at, e);
                    if let Some(Value::Object(headers)) = e.get_mut("headers") {
                        let headers_at = e_at.child("headers");
                        for (name, h) in headers.iter_mut() {
                            holder(h, &headers_at.child(name), f);
                        }
                    }
                }
            }
        }
    }
    if let Some(Value::Object(headers)) = item.get_mut("headers") {
        for (name, h) in headers.iter_mut() {
            holder(h, &at.child("headers").child(name), f);
        }
    }
}

/// Keywords whose value is one schema.
const ONE: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
/// Keywords whose value maps names to schemas.
const MAPS: [&str; 4] = ["properties", "$defs", "patternProperties", "dependentSchemas"];
/// Keywords whose value is a list of schemas.
const LISTS: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];

/// A schema and every schema nested in it.
fn schema(s: &mut Value, at: &Pointer, f: &mut Visitor<'_>) {
    (f.schema)(at, s);
    let Some(map) = s.as_object_mut() else { return };
    if map.contains_key("$ref") {
        return;
    }
    for key in ONE {
        if let Some(inner) = map.get_mut(key) {
            // 3.0 allows `additionalProperties: true|false`; those are not schemas to repair.
            let boolean_allowed = key == "additionalProperties" || key == "unevaluatedProperties";
            if !(boolean_allowed && inner.is_boolean()) && (inner.is_object() || inner.is_boolean()) {
                schema(inner, &at.child(key), f);
            }
        }
    }
    for key in MAPS {
        if let Some(Value::Object(entries)) = map.get_mut(key) {
            let key_at = at.child(key);
            for (name, inner) in entries.iter_mut() {
                schema(inner, &key_at.child(name), f);
            }
        }
    }
    for key in LISTS {
        if let Some(Value::Array(list)) = map.get_mut(key) {
            for (i, inner) in list.iter_mut().enumerate() {
                schema(inner, &at.child(key).child(i), f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn visited(mut doc: Value) -> Vec<String> {
        let mut seen = Vec::new();
        schema_nodes_mut(&mut doc, &mut |at, _| seen.push(at.to_string()));
        seen
    }

    #[test]
    fn visits_3_1_schema_places_and_ref_nodes_but_not_into_refs() {
        let doc = json!({
            "paths": {"/a": {"get": {
                "responses": {"200": {"description": "", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/S", "description": "d"},
                    "encoding": {"p": {"headers": {"H": {"schema": {"type": "string"}}}}}}}}},
                "callbacks": {"cb": {"{$request.body#/url}": {"post": {"requestBody": {"content": {
                    "application/json": {"schema": {"type": "string"}}}}}}}}}}},
            "components": {
                "schemas": {"S": {
                    "prefixItems": [true, {"type": "string"}],
                    "$defs": {"D": {"type": "integer"}},
                    "if": {}, "then": {}, "else": {},
                    "dependentSchemas": {"a": {}},
                    "patternProperties": {"^x-": {}},
                    "contains": {}, "propertyNames": {},
                    "additionalProperties": false,
                    "items": false}},
                "pathItems": {"P": {"parameters": [{"name": "q", "in": "query", "schema": {}}]}}}
        });
        // `components` before `paths`; inside a schema, in the order of `ONE`, `MAPS` and `LISTS`
        // (not the document's). `items: false` and `prefixItems/0: true` are boolean schemas, the
        // boolean `additionalProperties` is not visited; the `$ref` with a description is, not entered.
        assert_eq!(
            visited(doc),
            [
                "/components/schemas/S",
                "/components/schemas/S/items",
                "/components/schemas/S/if",
                "/components/schemas/S/then",
                "/components/schemas/S/else",
                "/components/schemas/S/contains",
                "/components/schemas/S/propertyNames",
                "/components/schemas/S/$defs/D",
                "/components/schemas/S/patternProperties/^x-",
                "/components/schemas/S/dependentSchemas/a",
                "/components/schemas/S/prefixItems/0",
                "/components/schemas/S/prefixItems/1",
                "/components/pathItems/P/parameters/0/schema",
                "/paths/~1a/get/responses/200/content/application~1json/schema",
                "/paths/~1a/get/responses/200/content/application~1json/encoding/p/headers/H/schema",
                "/paths/~1a/get/callbacks/cb/{$request.body#~1url}/post/requestBody/content/application~1json/schema",
            ]
        );
    }

    #[test]
    fn operations_of_paths_path_items_and_callbacks_are_visited() {
        let callback = json!({"{$url}": {"post": {}}});
        let mut doc = json!({
            "paths": {"/a": {"parameters": [], "get": {"callbacks": {"done": callback}}, "x-get": {}}},
            "components": {"pathItems": {"P": {"put": {}}}, "callbacks": {"C": callback}}
        });
        let mut seen = Vec::new();
        walk_mut(
            &mut doc,
            &mut Visitor {
                schema: &mut |_, _| {},
                operation: &mut |at, _| seen.push(at.to_string()),
                encoding: &mut |_, _| {},
            },
        );
        assert_eq!(
            seen,
            [
                "/components/callbacks/C/{$url}/post",
                "/components/pathItems/P/put",
                "/paths/~1a/get",
                "/paths/~1a/get/callbacks/done/{$url}/post",
            ]
        );
    }

    #[test]
    fn schemas_mut_skips_refs_and_booleans() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B", "description": "d"},
            "B": {"type": "object", "properties": {"x": true, "y": {"type": "string"}}}}}});
        let mut seen = Vec::new();
        schemas_mut(&mut doc, &mut |at, _| seen.push(at.to_string()));
        assert_eq!(seen, ["/components/schemas/B", "/components/schemas/B/properties/y"]);
    }
}
