//! Visits every place in a raw OpenAPI 3.0 tree where a Schema Object stands, so that repairs can be
//! made on schemas only (a Security Scheme also has a `type`, with other meanings).

use serde_json::{Map, Value};

use crate::diagnostics::child;

pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Calls `f(pointer, schema)` for every schema object in the document, outermost first.
pub fn schemas_mut(doc: &mut Value, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    let Some(root) = doc.as_object_mut() else { return };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            for (name, s) in schemas.iter_mut() {
                schema(s, &format!("/components/schemas/{}", crate::diagnostics::escape_token(name)), f);
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    holder(item, &child(&child("/components", section), name), f);
                }
            }
        }
        for section in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    with_content(item, &child(&child("/components", section), name), f);
                }
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let at = child("/paths", path);
            let Some(item) = item.as_object_mut() else { continue };
            for (key, op) in item.iter_mut() {
                if key == "parameters" {
                    params(op, &child(&at, key), f);
                } else if METHODS.contains(&key.as_str()) {
                    operation(op, &child(&at, key), f);
                }
            }
        }
    }
}

fn operation(op: &mut Value, at: &str, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    let Some(op) = op.as_object_mut() else { return };
    if let Some(p) = op.get_mut("parameters") {
        params(p, &child(at, "parameters"), f);
    }
    if let Some(body) = op.get_mut("requestBody") {
        with_content(body, &child(at, "requestBody"), f);
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for (status, r) in responses.iter_mut() {
            with_content(r, &child(&child(at, "responses"), status), f);
        }
    }
}

fn params(list: &mut Value, at: &str, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    if let Some(list) = list.as_array_mut() {
        for (i, p) in list.iter_mut().enumerate() {
            holder(p, &format!("{at}/{i}"), f);
        }
    }
}

/// A parameter or header: a `schema`, or `content`.
fn holder(item: &mut Value, at: &str, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    if let Some(s) = item.get_mut("schema") {
        schema(s, &child(at, "schema"), f);
    }
    with_content(item, at, f);
}

/// A response, request body or parameter with `content` (and, for responses, `headers`).
fn with_content(item: &mut Value, at: &str, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    let Some(item) = item.as_object_mut() else { return };
    if let Some(Value::Object(content)) = item.get_mut("content") {
        for (media, m) in content.iter_mut() {
            if let Some(s) = m.get_mut("schema") {
                schema(s, &child(&child(&child(at, "content"), media), "schema"), f);
            }
        }
    }
    if let Some(Value::Object(headers)) = item.get_mut("headers") {
        for (name, h) in headers.iter_mut() {
            holder(h, &child(&child(at, "headers"), name), f);
        }
    }
}

/// A schema and every schema nested in it.
fn schema(s: &mut Value, at: &str, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    let Some(map) = s.as_object_mut() else { return };
    if map.contains_key("$ref") {
        return;
    }
    f(at, map);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = map.get_mut(key) {
            schema(inner, &child(at, key), f);
        }
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (name, p) in props.iter_mut() {
            schema(p, &child(&child(at, "properties"), name), f);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(list)) = map.get_mut(key) {
            for (i, inner) in list.iter_mut().enumerate() {
                schema(inner, &format!("{}/{i}", child(at, key)), f);
            }
        }
    }
}
