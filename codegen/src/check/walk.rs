//! The walks of the raw tree that check's repairs make, over the one walk of the document by its
//! grammar (`site::walk_mut`): schemas only (a Security Scheme also has a `type`, with other
//! meanings), and operations and encodings, all in one pass. Webhooks are walked as `x-webhooks`
//! (the 3.1 normaliser moves `webhooks` there first).

use serde_json::{Map, Value};

use crate::pointer::Pointer;
use crate::site::{self, Object};

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

/// Walks the document once, calling `f.schema` at every schema node, `f.operation` at every
/// operation and `f.encoding` at every encoding.
pub fn walk_mut(doc: &mut Value, f: &mut Visitor<'_>) {
    site::walk_mut(doc, &mut |object, at, node| match (object, node) {
        (Object::Schema, node) => (f.schema)(at, node),
        (Object::Operation, Value::Object(op)) => (f.operation)(at, op),
        (Object::Encoding, Value::Object(encoding)) => (f.encoding)(at, encoding),
        _ => {}
    });
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

    /// `definitions` and `additionalItems` were read as schemas by `site` but not visited here.
    #[test]
    fn draft_4_definitions_and_additional_items_are_schemas_too() {
        let doc = json!({"components": {"schemas": {"S": {
            "definitions": {"D": {"type": "integer"}}, "additionalItems": {"type": "string"}}}}});
        assert_eq!(
            visited(doc),
            ["/components/schemas/S", "/components/schemas/S/additionalItems", "/components/schemas/S/definitions/D"]
        );
    }
}
