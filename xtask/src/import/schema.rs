//! Schemas: HighLevel's prose dropped, refs normalised, and the schema-level repairs.

use std::collections::BTreeMap;

use codegen::pointer::Pointer;
use codegen::site::{self, Object};
use serde_json::{json, Map, Value};

use super::Repairs;

/// Standard OpenAPI 3.0 types; any other `type` is a defect.
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// The fixed fields of an OpenAPI 3.0 Schema Object (its JSON Schema does not allow others, except
/// `x-` extensions). `examples` is not one (it is 3.1's): it has a repair of its own.
const KEYWORDS: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// Refs are normalised to these markers until every schema's final name is known (a NUL never
/// occurs in HighLevel's data, so an example value is never mistaken for a ref).
pub const LOCAL: &str = "\u{0}local:";
pub const COMMON: &str = "\u{0}common:";

/// The upstream ref `reference`, read in a module file (`in_common`: in the shared file), as a marker.
pub fn marker(reference: &str, in_common: bool) -> Option<String> {
    let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
    let name = pointer.strip_prefix("/components/schemas/")?;
    if name.contains('/') {
        return None;
    }
    let common = if file.is_empty() { in_common } else { file.ends_with("common-schemas.json") };
    Some(format!("{}{name}", if common { COMMON } else { LOCAL }))
}

/// The cleaned copy of the schema at `at` (a JSON pointer in `module`'s upstream file): it and every
/// schema in it, as codegen's walk of the OpenAPI grammar meets them, go through `clean`.
pub fn schema(value: &Value, at: &Pointer, in_common: bool, repairs: &mut Repairs) -> Value {
    let mut out = value.clone();
    let mut one_of = Vec::new();
    site::walk_part_mut(Object::Schema, &mut out, at, &mut |object, at, node| {
        if object == Object::Schema {
            clean(node, at, in_common, repairs, &mut one_of);
        }
    });
    // The `oneOf`s read as `anyOf` are renamed after the walk, so that every repair names the key as
    // upstream wrote it; innermost first, which leaves the pointers of the outer ones as they are.
    for at_schema in one_of.iter().rev() {
        let Some(inside) = at_schema.rebase(at, "") else { continue };
        if let Some(Value::Object(map)) = out.pointer_mut(&inside) {
            *map = std::mem::take(map)
                .into_iter()
                .map(|(key, v)| (if key == "oneOf" { "anyOf".to_string() } else { key }, v))
                .collect();
        }
    }
    out
}

/// Cleans one schema in place (the walk then goes into what is left of it): HighLevel's prose
/// dropped, a ref as a marker, keywords OpenAPI 3.0 does not have dropped, and the schema-level
/// repairs. The pointer of each `oneOf` to read as `anyOf` goes to `one_of`.
fn clean(node: &mut Value, at: &Pointer, in_common: bool, repairs: &mut Repairs, one_of: &mut Vec<Pointer>) {
    let Value::Object(map) = node else {
        // `true`/`false` schemas and other non-objects are left to the generator to judge.
        return;
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let siblings: Vec<&String> = map.keys().filter(|k| *k != "$ref" && *k != "description").collect();
        if !siblings.is_empty() {
            let names: Vec<&str> = siblings.iter().map(|s| s.as_str()).collect();
            repairs.add("ref-siblings", at, format!("dropped `{}` beside the `$ref`", names.join("`, `")));
        }
        let target = match marker(reference, in_common) {
            Some(m) => m,
            None => {
                repairs.add(
                    "unresolvable-ref",
                    at,
                    format!("`{reference}` is not a schema of these files; kept as it is"),
                );
                reference.to_string()
            }
        };
        *node = json!({ "$ref": target });
        return;
    }
    map.shift_remove("description");
    let examples = map.shift_remove("examples");
    let unknown: Vec<String> =
        map.keys().filter(|k| !KEYWORDS.contains(&k.as_str()) && !k.starts_with("x-")).cloned().collect();
    for key in unknown {
        repairs.add(
            "unknown-schema-keyword",
            &at.child(&key),
            format!("dropped `{key}`, which is no keyword of an OpenAPI 3.0 schema"),
        );
        map.shift_remove(&key);
    }
    // HighLevel's `oneOf` lists the shapes a value may take, and several of them accept the same
    // values (a string and an object with no required member, or objects whose members are all
    // optional): under `oneOf` such a value is invalid.
    if let (Some(Value::Array(items)), false) = (map.get("oneOf"), map.contains_key("discriminator")) {
        repairs.add(
            "one-of-without-discriminator",
            &at.child("oneOf"),
            format!("`oneOf` of {} alternatives, no discriminator: `anyOf`", items.len()),
        );
        one_of.push(at.clone());
    }
    if let Some(t) = map.get("type").cloned() {
        match t.as_str() {
            Some(t) if TYPES.contains(&t) => {}
            Some("any") => {
                repairs.add(
                    "any-type",
                    &at.child("type"),
                    "dropped `type: any`: the schema has no type, so it is any JSON value",
                );
                map.shift_remove("type");
            }
            _ => {
                repairs.add(
                    "unknown-type",
                    &at.child("type"),
                    format!("dropped `type: {t}`, not an OpenAPI type: the schema is any JSON value"),
                );
                map.shift_remove("type");
            }
        }
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if let [Value::Array(inner)] = values.as_slice() {
            let inner = inner.clone();
            repairs.add(
                "nested-enum",
                &at.child("enum"),
                format!("the one value of `enum` was the list of the {} values: the list is the enum", inner.len()),
            );
            *values = inner;
        }
    }
    if let Some(v) = examples {
        examples_to_example(map, &v, &at.child("examples"), repairs);
    }
    enum_fixes(map, at, repairs);
    drop_values_outside_enum(map, at, repairs);
    required_fixes(map, at, repairs);
    default_type(map, at, repairs);
}

/// A value listed twice in `enum` is kept once; a numeric `type` whose enum values are all strings
/// is `string` (the values are the fact; `type: number` with `US`, `CA`, … is a slip).
fn enum_fixes(out: &mut Map<String, Value>, at: &Pointer, repairs: &mut Repairs) {
    let Some(Value::Array(values)) = out.get("enum") else { return };
    let mut unique: Vec<Value> = Vec::new();
    let mut twice: Vec<String> = Vec::new();
    for v in values {
        if unique.contains(v) {
            twice.push(v.to_string());
        } else {
            unique.push(v.clone());
        }
    }
    let all_strings = !unique.is_empty() && unique.iter().all(Value::is_string);
    if !twice.is_empty() {
        repairs.add("duplicate-enum-value", &at.child("enum"), format!("{} listed again, kept once", twice.join(", ")));
        out.insert("enum".into(), Value::Array(unique));
    }
    if all_strings && matches!(out.get("type").and_then(Value::as_str), Some("number" | "integer")) {
        let was = out["type"].clone();
        repairs.add(
            "enum-type-mismatch",
            &at.child("type"),
            format!("`type: {}` with string enum values: `type: string`", was.as_str().unwrap_or_default()),
        );
        out.insert("type".into(), "string".into());
    }
}

/// A `required` name that is not among the `properties` (of a schema with properties and no
/// composition) is dropped from `required`.
fn required_fixes(out: &mut Map<String, Value>, at: &Pointer, repairs: &mut Repairs) {
    if ["allOf", "anyOf", "oneOf"].iter().any(|k| out.contains_key(*k)) {
        return;
    }
    let (Some(Value::Object(props)), Some(Value::Array(required))) = (out.get("properties"), out.get("required"))
    else {
        return;
    };
    let (kept, dropped): (Vec<Value>, Vec<Value>) =
        required.iter().cloned().partition(|name| name.as_str().is_some_and(|n| props.contains_key(n)));
    if dropped.is_empty() {
        return;
    }
    let names: Vec<String> = dropped.iter().map(|v| v.to_string()).collect();
    repairs.add(
        "required-not-property",
        &at.child("required"),
        format!("{} required but not among the properties: dropped from `required`", names.join(", ")),
    );
    out.insert("required".into(), Value::Array(kept));
}

/// An `example` or `default` outside the schema's own `enum` is dropped (the enum is the fact).
fn drop_values_outside_enum(out: &mut Map<String, Value>, at: &Pointer, repairs: &mut Repairs) {
    let Some(Value::Array(values)) = out.get("enum").cloned() else { return };
    for key in ["example", "default"] {
        if let Some(v) = out.get(key) {
            let nullable_null = v.is_null() && out.get("nullable") == Some(&Value::Bool(true));
            if !values.contains(v) && !nullable_null {
                let shown = v.to_string();
                out.remove(key);
                repairs.add(
                    if key == "example" { "example-outside-enum" } else { "default-outside-enum" },
                    &at.child(key),
                    format!("dropped the {key} {shown}, which is not one of the enum's values"),
                );
            }
        }
    }
}

/// A `default` whose JSON type is not the schema's `type` (`"Total number of prices"` for a number) is dropped.
fn default_type(out: &mut Map<String, Value>, at: &Pointer, repairs: &mut Repairs) {
    let (Some(t), Some(v)) = (out.get("type").and_then(Value::as_str).map(str::to_string), out.get("default").cloned())
    else {
        return;
    };
    let fits = match t.as_str() {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    };
    if !fits && !v.is_null() {
        let shown = v.to_string();
        out.remove("default");
        repairs.add(
            "default-type-mismatch",
            &at.child("default"),
            format!("dropped the default {shown}, which is not a {t}"),
        );
    }
}

/// `examples` (a JSON Schema 2019 / OpenAPI 3.1 keyword, not 3.0's) in a schema: its first value
/// becomes the `example` when the schema has none. Upstream writes it as a list of values, or as a
/// map of Example Objects (whose `summary` is prose; their `value` is the fact).
fn examples_to_example(out: &mut Map<String, Value>, v: &Value, at: &Pointer, repairs: &mut Repairs) {
    let first = match v {
        Value::Array(values) => values.first().cloned(),
        Value::Object(named) => named.values().next().and_then(|e| e.get("value")).cloned(),
        _ => None,
    };
    let what = match first {
        _ if out.contains_key("example") => {
            "dropped `examples` (not an OpenAPI 3.0 schema keyword): the schema has an `example`".to_string()
        }
        Some(first) => {
            let shown = first.to_string();
            out.insert("example".into(), first);
            let shown =
                if shown.len() > 60 { format!("{}…", shown.chars().take(60).collect::<String>()) } else { shown };
            format!("`examples` is not an OpenAPI 3.0 schema keyword: its first value {shown} is the `example`, the others are dropped")
        }
        None => "dropped `examples` (not an OpenAPI 3.0 schema keyword), which holds no value".to_string(),
    };
    repairs.add("schema-examples", at, what);
}

/// Drops each object `default` of `value` (the cleaned schema at `at`, refs as markers) that lacks a
/// property the schema requires (its own `required`, or an `allOf` member's, refs followed in `local`
/// then `common`): `{"type": "forever"}` for a schema that requires `duration` too. A default is
/// what the server assumes, so one its own schema rejects is no fact to keep.
pub fn defaults_with_required(
    value: &mut Value,
    at: &Pointer,
    local: &BTreeMap<String, Value>,
    common: &BTreeMap<String, Value>,
    repairs: &mut Repairs,
) {
    site::walk_part_mut(Object::Schema, value, at, &mut |object, at, node| {
        let (Object::Schema, Value::Object(map)) = (object, node) else { return };
        let Some(Value::Object(default)) = map.get("default") else { return };
        let mut required = Vec::new();
        required_names(&Value::Object(map.clone()), local, common, 0, &mut required);
        let missing: Vec<String> =
            required.iter().filter(|n| !default.contains_key(n.as_str())).map(|n| format!("`{n}`")).collect();
        if !missing.is_empty() {
            let shown = Value::Object(default.clone()).to_string();
            map.remove("default");
            repairs.add(
                "default-missing-required",
                &at.child("default"),
                format!("dropped the default {shown}, which lacks {} that the schema requires", missing.join(", ")),
            );
        }
    });
}

/// The names `schema` requires: its `required`, and its `allOf` members' (refs followed; a ref that
/// leads nowhere, or a cycle, adds nothing).
fn required_names(
    schema: &Value,
    local: &BTreeMap<String, Value>,
    common: &BTreeMap<String, Value>,
    depth: usize,
    out: &mut Vec<String>,
) {
    if depth > 32 {
        return;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = match reference.strip_prefix(LOCAL) {
            Some(name) => local.get(name),
            None => reference.strip_prefix(COMMON).and_then(|name| common.get(name)),
        };
        if let Some(target) = target {
            required_names(target, local, common, depth + 1, out);
        }
        return;
    }
    for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        required_names(member, local, common, depth + 1, out);
    }
}
