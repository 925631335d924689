//! Schemas: HighLevel's prose dropped, refs normalised, and the schema-level repairs.

use serde_json::{Map, Value};

use super::{child, Repairs};

/// Standard OpenAPI 3.0 types; any other `type` is a defect.
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

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

/// The cleaned copy of the schema at `at` (a JSON pointer in `module`'s upstream file).
pub fn schema(value: &Value, at: &str, in_common: bool, repairs: &mut Repairs) -> Value {
    let Value::Object(map) = value else {
        // `true`/`false` schemas and other non-objects are left to the generator to judge.
        return value.clone();
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
        let mut out = Map::new();
        out.insert("$ref".into(), Value::String(target));
        return Value::Object(out);
    }
    let mut out = Map::new();
    for (key, v) in map {
        let at_key = child(at, key);
        match key.as_str() {
            "description" => {}
            "properties" => {
                let Value::Object(props) = v else {
                    out.insert(key.clone(), v.clone());
                    continue;
                };
                let cleaned =
                    props.iter().map(|(name, p)| (name.clone(), schema(p, &child(&at_key, name), in_common, repairs)));
                out.insert(key.clone(), Value::Object(cleaned.collect()));
            }
            "items" | "not" => {
                out.insert(key.clone(), schema(v, &at_key, in_common, repairs));
            }
            "additionalProperties" if v.is_object() => {
                out.insert(key.clone(), schema(v, &at_key, in_common, repairs));
            }
            "allOf" | "anyOf" | "oneOf" => match v {
                Value::Array(items) => {
                    let cleaned = items
                        .iter()
                        .enumerate()
                        .map(|(i, s)| schema(s, &child(&at_key, &i.to_string()), in_common, repairs));
                    out.insert(key.clone(), Value::Array(cleaned.collect()));
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            },
            "type" => match v.as_str() {
                Some(t) if TYPES.contains(&t) => {
                    out.insert(key.clone(), v.clone());
                }
                Some("any") => repairs.add(
                    "any-type",
                    &at_key,
                    "dropped `type: any`: the schema has no type, so it is any JSON value",
                ),
                _ => repairs.add(
                    "unknown-type",
                    &at_key,
                    format!("dropped `type: {v}`, not an OpenAPI type: the schema is any JSON value"),
                ),
            },
            "enum" => {
                let flat = match v.as_array().map(Vec::as_slice) {
                    Some([Value::Array(inner)]) => {
                        repairs.add(
                            "nested-enum",
                            &at_key,
                            format!(
                                "the one value of `enum` was the list of the {} values: the list is the enum",
                                inner.len()
                            ),
                        );
                        Value::Array(inner.clone())
                    }
                    _ => v.clone(),
                };
                out.insert(key.clone(), flat);
            }
            _ => {
                out.insert(key.clone(), v.clone());
            }
        }
    }
    enum_fixes(&mut out, at, repairs);
    drop_values_outside_enum(&mut out, at, repairs);
    required_fixes(&mut out, at, repairs);
    default_type(&mut out, at, repairs);
    Value::Object(out)
}

/// A value listed twice in `enum` is kept once; a numeric `type` whose enum values are all strings
/// is `string` (the values are the fact; `type: number` with `US`, `CA`, … is a slip).
fn enum_fixes(out: &mut Map<String, Value>, at: &str, repairs: &mut Repairs) {
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
        repairs.add(
            "duplicate-enum-value",
            &child(at, "enum"),
            format!("{} listed again, kept once", twice.join(", ")),
        );
        out.insert("enum".into(), Value::Array(unique));
    }
    if all_strings && matches!(out.get("type").and_then(Value::as_str), Some("number" | "integer")) {
        let was = out["type"].clone();
        repairs.add(
            "enum-type-mismatch",
            &child(at, "type"),
            format!("`type: {}` with string enum values: `type: string`", was.as_str().unwrap_or_default()),
        );
        out.insert("type".into(), "string".into());
    }
}

/// A `required` name that is not among the `properties` (of a schema with properties and no
/// composition) is dropped from `required`.
fn required_fixes(out: &mut Map<String, Value>, at: &str, repairs: &mut Repairs) {
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
        &child(at, "required"),
        format!("{} required but not among the properties: dropped from `required`", names.join(", ")),
    );
    out.insert("required".into(), Value::Array(kept));
}

/// An `example` or `default` outside the schema's own `enum` is dropped (the enum is the fact).
fn drop_values_outside_enum(out: &mut Map<String, Value>, at: &str, repairs: &mut Repairs) {
    let Some(Value::Array(values)) = out.get("enum").cloned() else { return };
    for key in ["example", "default"] {
        if let Some(v) = out.get(key) {
            let nullable_null = v.is_null() && out.get("nullable") == Some(&Value::Bool(true));
            if !values.contains(v) && !nullable_null {
                let shown = v.to_string();
                out.remove(key);
                repairs.add(
                    if key == "example" { "example-outside-enum" } else { "default-outside-enum" },
                    &child(at, key),
                    format!("dropped the {key} {shown}, which is not one of the enum's values"),
                );
            }
        }
    }
}

/// A `default` whose JSON type is not the schema's `type` (`"Total number of prices"` for a number) is dropped.
fn default_type(out: &mut Map<String, Value>, at: &str, repairs: &mut Repairs) {
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
            &child(at, "default"),
            format!("dropped the default {shown}, which is not a {t}"),
        );
    }
}
