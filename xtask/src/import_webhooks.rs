//! HighLevel's webhook event pages (one Markdown file per event, its payload as a ```` ```json json_schema ````
//! block and examples as ```` ```json ```` blocks) → `spec/webhooks.yaml`: an OpenAPI 3.0.3 fragment of
//! `x-webhooks` entries and `components.schemas`, facts only (names, types, enums, required, examples;
//! no prose), and a repair for every defect met.
//!
//! Decisions, in the order they are made for each page:
//! - The webhook's key and schema name are the file's stem (`ContactCreate.md` → `ContactCreate`).
//! - The payload is the page's `json_schema` block; several are merged into one (their properties, the
//!   first page's wins on a name both have); a page without one whose first JSON block is a sketch of type
//!   names (`"id": "string"`) has it read as the schema.
//! - JSON with trailing commas is read without them; a block that still does not parse is dropped.
//! - What OpenAPI 3.0 cannot say is translated: a `type` list → `anyOf`, `type: array` without `items`
//!   → `items: {}` (any value), `"Date"` → a `date-time` string, `"null"` → `nullable` without a type,
//!   `"A/B"` → a string enum of `A` and `B`, any other unknown type name → no type; `$schema` is dropped.
//!   `description` and `title` are prose and are left out without a repair. A property's own
//!   `required: true` (JSON Schema draft 3) lists it in its object's `required`.
//! - The event type: the `type` of the page's examples, when they agree; an example whose `type` is
//!   another page's event (a copy) is not counted. The payload's `type` property then gets `enum: [it]`
//!   (added, with a repair, when the schema has no `type` property), which is how the generator keys the
//!   event enum. When the examples disagree or say nothing, `type` stays as the page has it.
//!   When every example's `type` is another page's event, the page's own name is used (a repair).
//! - The first example whose `type` was counted (or that has none) becomes the schema's `example`.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::pointer::Pointer;
use codegen::site::{self, Object};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde_json::{json, Map, Value};

/// A defect of a page and what the import did about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The event (the page's stem).
    pub name: String,
    /// JSON pointer in the written spec (`/components/schemas/ContactCreate/properties/tags`).
    pub pointer: String,
    /// What was done.
    pub what: String,
}

/// Where HighLevel's files keep the event pages, under the folder `cargo xtask import --from` names.
pub const EVENTS_DIR: &str = "docs/webhook events";

/// The file written, relative to `spec/`.
pub const FILE: &str = "webhooks.yaml";

/// The text of `spec/webhooks.yaml` and the repairs made.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub spec: String,
    pub repairs: Vec<Repair>,
}

/// Reads every `*.md` of `dir` (in name order).
///
/// # Errors
/// When the folder or a file cannot be read, or holds no page.
pub fn import_webhooks(dir: &Path) -> Result<Imported, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut pages = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else { continue };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push((stem, text));
    }
    if pages.is_empty() {
        return Err(format!("{}: no .md page", dir.display()));
    }
    Ok(import_pages(pages))
}

/// [`import_webhooks`] over pages given as (stem, Markdown text).
pub fn import_pages(mut pages: Vec<(String, String)>) -> Imported {
    pages.sort();
    let stems: BTreeSet<String> = pages.iter().map(|(stem, _)| stem.clone()).collect();
    let mut repairs = Vec::new();
    let mut webhooks = Map::new();
    let mut schemas = Map::new();
    for (stem, text) in &pages {
        let mut page = Page { name: stem, repairs: &mut repairs };
        let Some(schema) = page.payload(text, &stems) else { continue };
        let reference = format!("#/components/schemas/{stem}");
        webhooks.insert(
            stem.clone(),
            json!({"post": {
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": reference}}}},
                "responses": {"200": {"description": "Received"}},
            }}),
        );
        schemas.insert(stem.clone(), schema);
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Webhook events", "version": "1"},
        "x-webhooks": webhooks,
        "components": {"schemas": schemas},
    });
    let mut spec = String::from(
        "# Written by `cargo xtask import` from HighLevel's webhook event pages: do not edit by hand.\n\
         # The root spec reads it as `x-webhooks: {$ref: webhooks.yaml#/x-webhooks}` (spec/README.md).\n",
    );
    spec.push_str(&to_yaml(&doc));
    spec.push('\n');
    Imported { spec, repairs }
}

struct Page<'a> {
    name: &'a str,
    repairs: &'a mut Vec<Repair>,
}

/// The fenced code blocks of a page: (info string, text).
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some((info.to_string(), String::new()))
            }
            Event::Text(text) => {
                if let Some((_, body)) = &mut current {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

impl Page<'_> {
    fn repair(&mut self, pointer: &str, what: impl Into<String>) {
        self.repairs.push(Repair { name: self.name.to_owned(), pointer: pointer.to_owned(), what: what.into() });
    }

    fn at(&self) -> Pointer {
        Pointer::root().child("components").child("schemas").child(self.name)
    }

    /// The page's payload schema, or `None` (with a repair) when it has none that can be read.
    fn payload(&mut self, text: &str, stems: &BTreeSet<String>) -> Option<Value> {
        let at = self.at();
        let blocks = code_blocks(text);
        let is_schema = |info: &str| info.split_whitespace().any(|word| word == "json_schema");
        let is_json = |info: &str| info.split_whitespace().next() == Some("json");
        let mut schemas = Vec::new();
        for (i, (_, body)) in blocks.iter().filter(|(info, _)| is_schema(info)).enumerate() {
            match self.parse(body, &format!("`json_schema` block {}", i + 1)) {
                Some(schema) => schemas.push(schema),
                None => continue,
            }
        }
        let mut examples: Vec<Value> = Vec::new();
        for (i, (_, body)) in blocks.iter().filter(|(info, _)| is_json(info) && !is_schema(info)).enumerate() {
            if let Some(example) = self.parse(body, &format!("JSON block {}", i + 1)) {
                examples.push(example);
            }
        }
        if schemas.is_empty() {
            match examples.first().filter(|first| is_sketch(first)) {
                Some(sketch) => {
                    let schema = from_sketch(sketch);
                    self.repair(&at, "no `json_schema` block: the first JSON block, a sketch of type names (`\"id\": \"string\"`), is read as the schema");
                    examples.remove(0);
                    schemas.push(schema);
                }
                None => {
                    self.repair(&at, "no payload schema that can be read: the event is left out");
                    return None;
                }
            }
        }
        let mut schema = schemas.remove(0);
        for (i, other) in schemas.into_iter().enumerate() {
            let added = merge_properties(&mut schema, other);
            self.repair(
                &at.child("properties"),
                format!(
                    "`json_schema` block {} merged into the first (one payload per event): {added} properties added",
                    i + 2
                ),
            );
        }
        let mut schema = self.normalise(schema, &at);

        // The event type, from the examples.
        let mut counted = Vec::new();
        let mut chosen_example = None;
        for (i, example) in examples.iter().enumerate() {
            match example.get("type").and_then(Value::as_str) {
                Some(other) if other != self.name && stems.contains(other) => self.repair(
                    &at,
                    format!("example {} has `type: {other}`, another event's: it is not this event's example", i + 1),
                ),
                Some(value) => {
                    counted.push(value.to_owned());
                    chosen_example.get_or_insert_with(|| example.clone());
                }
                None => {
                    chosen_example.get_or_insert_with(|| example.clone());
                }
            }
        }
        let copied = examples
            .iter()
            .filter_map(|e| e.get("type").and_then(Value::as_str))
            .any(|t| t != self.name && stems.contains(t));
        if counted.is_empty() && copied {
            self.repair(&at, format!("the only `type` the examples give is another event's (a copy): the event type is taken to be the page's name, `{}`", self.name));
            counted.push(self.name.to_owned());
        }
        let values: BTreeSet<&String> = counted.iter().collect();
        if let [event_type] = values.into_iter().collect::<Vec<_>>().as_slice() {
            let properties = schema.as_object_mut().and_then(|s| {
                s.entry("properties").or_insert_with(|| json!({}));
                s.get_mut("properties").and_then(Value::as_object_mut)
            });
            if let Some(properties) = properties {
                if !properties.contains_key("type") {
                    self.repair(
                        &at.child("properties").child("type"),
                        format!("the schema has no `type` property, the examples send `type: {event_type}`: added"),
                    );
                    properties.insert("type".into(), json!({"type": "string"}));
                }
                if let Some(Value::Object(property)) = properties.get_mut("type") {
                    if property.get("type").and_then(Value::as_str) == Some("string") {
                        property.insert("enum".into(), json!([event_type]));
                    }
                }
            }
        }
        let keyed = schema.pointer("/properties/type/enum").and_then(Value::as_array).is_some_and(|v| v.len() == 1);
        if !keyed {
            self.repair(
                &at,
                "no event type: the page's examples show no single `type`, so `type` gets no `enum` and the generated event enum has no variant for it (lint webhook-event-type)",
            );
        }
        if let (Some(example), Some(object)) = (chosen_example, schema.as_object_mut()) {
            object.insert("example".into(), example);
        }
        Some(schema)
    }

    /// JSON, read again without trailing commas when it does not parse as it is.
    fn parse(&mut self, body: &str, what: &str) -> Option<Value> {
        if let Ok(value) = serde_json::from_str(body) {
            return Some(value);
        }
        let at = self.at();
        match serde_json::from_str(&without_trailing_commas(body)) {
            Ok(value) => {
                self.repair(&at, format!("{what} is not JSON (a trailing comma): read without it"));
                Some(value)
            }
            Err(err) => {
                self.repair(&at, format!("{what} is not JSON ({err}): left out"));
                None
            }
        }
    }

    /// A JSON Schema of the page → OpenAPI 3.0, facts only (see the module's doc): the schema and
    /// every schema in it, as codegen's walk of the OpenAPI grammar meets them.
    fn normalise(&mut self, mut schema: Value, at: &Pointer) -> Value {
        site::walk_part_mut(Object::Schema, &mut schema, at, &mut |object, at, node| {
            if object == Object::Schema {
                self.normalise_one(node, at);
            }
        });
        schema
    }

    /// One schema, in place (the walk then goes into what is left of it).
    fn normalise_one(&mut self, node: &mut Value, at: &Pointer) {
        let Value::Object(schema) = node else {
            self.repair(at, "a schema that is not an object: any value");
            *node = json!({});
            return;
        };
        let mut out = Map::new();
        for (key, value) in std::mem::take(schema) {
            match key.as_str() {
                "description" | "title" => {}
                "$schema" => self.repair(at, "`$schema` removed (OpenAPI 3.0 has no such keyword)"),
                "properties" => {
                    let Value::Object(mut properties) = value else {
                        self.repair(&at.child("properties"), "`properties` is not an object: removed");
                        continue;
                    };
                    let mut required = Vec::new();
                    for (name, property) in properties.iter_mut() {
                        // JSON Schema draft 3's `required: true` on the property itself.
                        if let Some(Value::Bool(flag)) = property.as_object_mut().and_then(|p| p.remove("required")) {
                            self.repair(
                                &at.child("properties").child(name),
                                format!(
                                    "`required: {flag}` on the property (JSON Schema draft 3): {}",
                                    if flag { "listed in its object's `required`" } else { "removed" }
                                ),
                            );
                            if flag {
                                required.push(Value::String(name.clone()));
                            }
                        }
                    }
                    out.insert(key, Value::Object(properties));
                    if !required.is_empty() {
                        if let Value::Array(list) = out.entry("required").or_insert_with(|| json!([])) {
                            list.extend(required.into_iter().filter(|name| !list.contains(name)).collect::<Vec<_>>());
                        }
                    }
                }
                "type" => self.typ(value, at, &mut out),
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if out.get("type").and_then(Value::as_str) == Some("array") && !out.contains_key("items") {
            self.repair(at, "`type: array` without `items`: `items: {}` (any value)");
            out.insert("items".into(), json!({}));
        }
        *schema = out;
    }

    /// Writes what `type` says into `out`, translated where OpenAPI 3.0 cannot say it.
    fn typ(&mut self, typ: Value, at: &Pointer, out: &mut Map<String, Value>) {
        const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];
        match typ {
            Value::String(name) if TYPES.contains(&name.as_str()) => {
                out.insert("type".into(), Value::String(name));
            }
            Value::Array(list) => {
                let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                let members: Vec<Value> =
                    names
                        .iter()
                        .filter(|name| TYPES.contains(name))
                        .map(|name| {
                            if *name == "array" {
                                json!({"type": "array", "items": {}})
                            } else {
                                json!({"type": name})
                            }
                        })
                        .collect();
                if names.contains(&"null") {
                    out.insert("nullable".into(), Value::Bool(true));
                }
                self.repair(
                    at,
                    format!("`type: [{}]` (a list, which OpenAPI 3.0 cannot say): `anyOf` of each", names.join(", ")),
                );
                out.insert("anyOf".into(), Value::Array(members));
            }
            Value::String(name) if name == "Date" => {
                self.repair(at, "`type: Date` is not a JSON type: a `date-time` string");
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("date-time"));
            }
            Value::String(name) if name == "null" => {
                self.repair(at, "`type: null` (always null, which OpenAPI 3.0 cannot say): any value, `nullable`");
                out.insert("nullable".into(), Value::Bool(true));
            }
            Value::String(name) if name.contains('/') => {
                let values: Vec<&str> = name.split('/').map(str::trim).collect();
                self.repair(
                    at,
                    format!("`type: {name}` lists values, not a type: a string enum of {}", values.join(", ")),
                );
                out.insert("type".into(), json!("string"));
                out.insert("enum".into(), json!(values));
            }
            other => self.repair(at, format!("`type: {other}` is not a JSON type: removed (any value)")),
        }
    }
}

/// Adds the properties of `other` that `schema` lacks; returns how many.
fn merge_properties(schema: &mut Value, other: Value) -> usize {
    let Some(Value::Object(extra)) = other.get("properties").cloned() else { return 0 };
    let Some(object) = schema.as_object_mut() else { return 0 };
    let Value::Object(properties) = object.entry("properties").or_insert_with(|| json!({})) else { return 0 };
    let mut added = 0;
    for (name, property) in extra {
        if !properties.contains_key(&name) {
            properties.insert(name, property);
            added += 1;
        }
    }
    added
}

const SKETCH_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Whether a JSON value is a sketch of type names: an object whose leaves are all type names.
fn is_sketch(value: &Value) -> bool {
    fn leaves(value: &Value) -> bool {
        match value {
            Value::String(name) => SKETCH_TYPES.contains(&name.as_str()),
            Value::Object(map) => map.values().all(leaves),
            Value::Array(items) => items.iter().all(leaves),
            _ => false,
        }
    }
    value.as_object().is_some_and(|map| !map.is_empty()) && leaves(value)
}

/// The schema a sketch of type names stands for.
fn from_sketch(value: &Value) -> Value {
    match value {
        Value::String(name) => json!({"type": name}),
        Value::Object(map) => {
            let properties: Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), from_sketch(v))).collect();
            json!({"type": "object", "properties": properties})
        }
        Value::Array(items) => json!({"type": "array", "items": items.first().map_or_else(|| json!({}), from_sketch)}),
        _ => json!({}),
    }
}

/// `text` without the commas that only precede a `}` or `]` (outside strings).
fn without_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
        } else if c == '"' {
            in_string = true;
        } else if c == ',' && chars[i + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(|c| matches!(c, '}' | ']'))
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// YAML through yaml-rust2's emitter (the workspace's YAML library), keys in order.
fn to_yaml(value: &Value) -> String {
    use yaml_rust2::{yaml::Hash, Yaml, YamlEmitter};
    fn convert(value: &Value) -> Yaml {
        match value {
            Value::Null => Yaml::Null,
            Value::Bool(b) => Yaml::Boolean(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Yaml::Integer(i),
                None => Yaml::Real(n.to_string()),
            },
            Value::String(s) => Yaml::String(s.clone()),
            Value::Array(items) => Yaml::Array(items.iter().map(convert).collect()),
            Value::Object(map) => {
                let mut hash = Hash::new();
                for (k, v) in map {
                    hash.insert(Yaml::String(k.clone()), convert(v));
                }
                Yaml::Hash(hash)
            }
        }
    }
    let mut out = String::new();
    let mut emitter = YamlEmitter::new(&mut out);
    // Writing into a String cannot fail.
    let _ = emitter.dump(&convert(value));
    out.strip_prefix("---\n").map(str::to_owned).unwrap_or(out)
}
