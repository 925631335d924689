//! Repairs made on the raw tree, before the typed model sees it: real specs break strict models, and a
//! safe repair with a warning is worth more than a refusal. Each repair says where and what.

use serde_json::{json, Map, Value};

use super::openapi31;
use super::walk::{schemas_mut, METHODS};
use crate::diagnostics::{Diagnostics, ErrorKind, Lint};
use crate::pointer::Pointer;
use crate::site::{self, Object};

const SCHEMA_KEYS: [&str; 8] = ["type", "anyOf", "oneOf", "allOf", "enum", "items", "format", "properties"];
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Applies every repair; returns false when the document is beyond repair (not an object, no `paths`,
/// not OpenAPI 3).
pub fn repair(doc: &mut Value, diags: &mut Diagnostics) -> bool {
    let Some(root) = doc.as_object_mut() else {
        diags
            .error(ErrorKind::NotOpenapi, "", "the document is not an object")
            .help("an OpenAPI document is a mapping with `openapi`, `info` and `paths`");
        return false;
    };
    let mut usable = true;
    match root.get("openapi").and_then(Value::as_str).map(str::to_string) {
        Some(v) if v.starts_with("3.0") => {}
        // 3.1, and later 3.x read as 3.1: normalised to the 3.0 model, every loss warned.
        Some(v) if v.starts_with("3.") => {
            if !openapi31::normalise(root, &v, diags) {
                usable = false;
            }
        }
        Some(v) => {
            diags
                .error(ErrorKind::NotOpenapi, "/openapi", format!("OpenAPI version `{v}` is not supported"))
                .help("convert the document to OpenAPI 3.0 or 3.1");
            usable = false;
        }
        None => {
            let what = if root.contains_key("swagger") {
                "this is a Swagger 2.0 document"
            } else {
                "there is no `openapi` version field"
            };
            diags
                .error(ErrorKind::NotOpenapi, "", format!("{what}; only OpenAPI 3.0 and 3.1 are supported"))
                .help("convert the document to OpenAPI 3.0.x or 3.1.x (for Swagger 2.0, e.g. with swagger2openapi)");
            usable = false;
        }
    }
    if !root.get("info").is_some_and(Value::is_object) {
        diags.warn(Lint::Repair, "/info", "`info` is missing or not an object; using a placeholder title and version");
        root.insert("info".into(), json!({"title": "API", "version": "0"}));
    }
    match root.get("paths") {
        Some(Value::Object(_)) => {}
        Some(_) => {
            diags
                .error(ErrorKind::NotOpenapi, "/paths", "`paths` is not an object")
                .help("`paths` maps path templates such as `/items/{id}` to Path Item objects");
            usable = false;
        }
        None => {
            diags
                .error(ErrorKind::NotOpenapi, "", "the document has no `paths`")
                .help("add `paths:` with at least one operation");
            usable = false;
        }
    }
    if !usable {
        return false;
    }
    repair_operations(root, diags);
    repair_parameters_and_headers(doc, diags);
    schemas_mut(doc, &mut |at, schema| repair_schema(at, schema, diags));
    true
}

/// Every Parameter and Header Object, wherever it stands (components, path items, operations,
/// callbacks, webhooks, responses, encodings): see [`repair_parameter`]; a header needs `schema` or
/// `content`, and one with neither (only a description) gets an empty schema, so that the rest of
/// the document can be read.
fn repair_parameters_and_headers(doc: &mut Value, diags: &mut Diagnostics) {
    site::walk_mut(doc, &mut |object, at, node| match (object, node) {
        (Object::Parameter, Value::Object(p)) => repair_parameter(p, at, diags),
        (Object::Header, Value::Object(h))
            if !h.contains_key("$ref") && !h.contains_key("schema") && !h.contains_key("content") =>
        {
            let name = at.last().unwrap_or_default();
            diags.warn(
                Lint::AnyJson,
                at,
                format!("header `{name}` has neither `schema` nor `content`; read as any value"),
            );
            h.insert("schema".into(), json!({}));
        }
        _ => {}
    });
}

/// Per operation of `paths`: path template variables that were never declared, missing
/// `operationId`s, a `parameters` that is not a list.
fn repair_operations(root: &mut Map<String, Value>, diags: &mut Diagnostics) {
    // Refs are looked up in the components, the only place a (chain-free, see `check_refs`) local
    // ref to a parameter can name.
    let components = json!({"components": root.get("components").cloned().unwrap_or(Value::Null)});
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        let item_at = Pointer::root().child("paths").child(path);
        let Some(item) = item.as_object_mut() else { continue };
        let shared: Vec<Value> = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        for method in METHODS {
            let Some(Value::Object(op)) = item.get_mut(method) else { continue };
            let at = item_at.child(method);
            if !op.get("operationId").is_some_and(Value::is_string) {
                let id = synthesized_operation_id(method, path);
                diags
                    .warn(Lint::MissingOperationId, at.child("operationId"), format!("no `operationId`; using `{id}`"))
                    .help("give every operation an `operationId`: method names are made from it");
                op.insert("operationId".into(), Value::String(id));
            }
            let list = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
            if !list.is_array() {
                diags.warn(Lint::Repair, at.child("parameters"), "`parameters` is not a list; ignored");
                *list = Value::Array(Vec::new());
            }
            let Value::Array(list) = list else { continue };
            let declared: Vec<String> = list
                .iter()
                .chain(shared.iter())
                .filter_map(|p| resolve(p, &components))
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
                .collect();
            for var in crate::path_template::variables(path) {
                if !declared.contains(&var) {
                    diags
                        .warn(Lint::UndeclaredPathVariable, at.child("parameters"), format!("path variable `{{{var}}}` of `{path}` is not declared; added as a required string path parameter"))
                        .help(format!("declare `{var}` with `in: path` and `required: true`"));
                    list.push(json!({"name": var, "in": "path", "required": true, "schema": {"type": "string"}}));
                }
            }
        }
    }
}

/// A path parameter not marked required, schema keywords beside `schema` (moved in), a parameter
/// with neither `schema` nor `content`.
fn repair_parameter(p: &mut Map<String, Value>, at: &Pointer, diags: &mut Diagnostics) {
    if p.contains_key("$ref") {
        return;
    }
    if p.get("in").and_then(Value::as_str) == Some("path") && p.get("required") != Some(&Value::Bool(true)) {
        diags.warn(Lint::Repair, at.child("required"), "a path parameter must be required; marked `required: true`");
        p.insert("required".into(), Value::Bool(true));
    }
    if !p.contains_key("schema") && !p.contains_key("content") {
        let moved: Map<String, Value> =
            SCHEMA_KEYS.iter().filter_map(|k| p.remove(*k).map(|v| (k.to_string(), v))).collect();
        if moved.is_empty() {
            diags.warn(Lint::AnyJson, at, "parameter has neither `schema` nor `content`; typed as any JSON value");
        } else {
            let keys: Vec<&str> = moved.keys().map(String::as_str).collect();
            diags.warn(
                Lint::Repair,
                at,
                format!("parameter has `{}` beside, not inside, `schema`; moved into `schema`", keys.join("`, `")),
            );
        }
        p.insert("schema".into(), Value::Object(moved));
    }
}

fn repair_schema(at: &Pointer, schema: &mut Map<String, Value>, diags: &mut Diagnostics) {
    match schema.get("type").cloned() {
        None => {}
        Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
        // Not OpenAPI 3.0, but what it means is clear: read as 3.1 reads it (one rule, in
        // `openapi31`), with a warning, as a 3.0 document should not say it.
        Some(Value::Array(types)) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let read = openapi31::type_list(schema);
            diags.warn(
                Lint::Repair,
                at.child("type"),
                format!("`type` is a list {names:?}; read as {}", read.describe()),
            );
        }
        Some(other) => {
            diags
                .warn(Lint::AnyJson, at.child("type"), format!("unknown `type` {other}; typed as any JSON value"))
                .help(format!("use one of {}", TYPES.join(", ")));
            schema.remove("type");
        }
    }
    for (key, ok) in [
        ("properties", schema.get("properties").map(Value::is_object)),
        ("required", schema.get("required").map(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string)))),
        ("enum", schema.get("enum").map(Value::is_array)),
        ("nullable", schema.get("nullable").map(Value::is_boolean)),
        ("items", schema.get("items").map(Value::is_object)),
        ("allOf", schema.get("allOf").map(Value::is_array)),
        ("oneOf", schema.get("oneOf").map(Value::is_array)),
        ("anyOf", schema.get("anyOf").map(Value::is_array)),
        ("additionalProperties", schema.get("additionalProperties").map(|v| v.is_object() || v.is_boolean())),
    ] {
        if ok == Some(false) {
            diags.warn(Lint::Repair, at.child(key), format!("`{key}` has the wrong type; ignored"));
            schema.remove(key);
        }
    }
    // `enum` values must match the type for the typed model to accept them; mixed lists become any.
    if let (Some(Value::String(t)), Some(Value::Array(values))) = (schema.get("type"), schema.get("enum")) {
        let fits = |v: &Value| match t.as_str() {
            "string" => v.is_string(),
            "integer" => v.is_i64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => true,
        };
        if !values.iter().all(|v| fits(v) || v.is_null()) {
            diags.warn(
                Lint::Repair,
                at.child("enum"),
                format!("some `enum` values are not of type `{t}`; the list is ignored"),
            );
            schema.remove("enum");
        }
    }
}

/// A parameter: itself, or what its ref names.
fn resolve<'a>(p: &'a Value, components: &'a Value) -> Option<&'a Value> {
    match p.get("$ref").and_then(Value::as_str) {
        Some(r) => components.pointer(r.strip_prefix('#')?),
        None => Some(p),
    }
}

fn synthesized_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_string();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(var) => {
                id.push_str("by_");
                id.push_str(var);
            }
            None => id.push_str(segment),
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undeclared_path_variable_becomes_required_string_parameter() {
        let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/m/{id}": {"get": {"operationId": "getM", "responses": {}}}}});
        let mut diags = Diagnostics::default();
        assert!(repair(&mut doc, &mut diags));
        assert_eq!(
            doc["paths"]["/m/{id}"]["get"]["parameters"][0],
            json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
        );
        let d = diags.iter().next().unwrap();
        assert_eq!(
            (d.lint, d.pointer.as_str()),
            (Some(Lint::UndeclaredPathVariable), "/paths/~1m~1{id}/get/parameters")
        );
    }

    #[test]
    fn any_of_beside_schema_is_moved_in_and_unknown_type_dropped() {
        let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/s": {"get": {"operationId": "s", "responses": {}, "parameters": [
                {"name": "q", "in": "query", "anyOf": [{"type": "string"}]},
                {"name": "r", "in": "query", "schema": {"type": "any"}}]}}}});
        let mut diags = Diagnostics::default();
        assert!(repair(&mut doc, &mut diags));
        let params = &doc["paths"]["/s"]["get"]["parameters"];
        assert_eq!(params[0]["schema"], json!({"anyOf": [{"type": "string"}]}));
        assert_eq!(params[1]["schema"], json!({}));
        assert_eq!(diags.lints(), [Lint::Repair, Lint::AnyJson]);
    }

    #[test]
    fn missing_paths_and_swagger_are_errors() {
        let mut diags = Diagnostics::default();
        assert!(!repair(&mut json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}}), &mut diags));
        assert!(!repair(&mut json!({"swagger": "2.0", "paths": {}}), &mut diags));
        assert_eq!(diags.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).count(), 2);
    }

    /// Parameters and headers are repaired wherever they stand, not only under `paths`.
    #[test]
    fn parameters_and_headers_of_components_callbacks_and_encodings_are_repaired() {
        let callback = json!({"{$url}": {"post": {"operationId": "cb", "responses": {"200": {
            "description": "", "headers": {"X-Cb": {"description": "no schema"}}}}}}});
        let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/u": {"post": {"operationId": "u", "callbacks": {"done": callback}, "responses": {},
                "requestBody": {"content": {"multipart/form-data": {"schema": {},
                    "encoding": {"f": {"headers": {"X-Part": {"description": "no schema"}}}}}}}}}},
            "components": {"parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer"}}}});
        let mut diags = Diagnostics::default();
        assert!(repair(&mut doc, &mut diags));
        assert_eq!(doc["components"]["parameters"]["Limit"]["schema"], json!({"type": "integer"}));
        let encoding = "/paths/~1u/post/requestBody/content/multipart~1form-data/encoding/f/headers/X-Part";
        let callback = "/paths/~1u/post/callbacks/done/{$url}/post/responses/200/headers/X-Cb";
        assert_eq!(doc.pointer(&format!("{encoding}/schema")), Some(&json!({})));
        assert_eq!(doc.pointer(&format!("{callback}/schema")), Some(&json!({})));
        let found: Vec<(Option<Lint>, &str)> = diags.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
        assert_eq!(
            found,
            [
                (Some(Lint::Repair), "/components/parameters/Limit"),
                (Some(Lint::AnyJson), encoding),
                (Some(Lint::AnyJson), callback),
            ]
        );
    }
}
