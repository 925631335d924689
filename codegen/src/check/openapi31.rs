//! OpenAPI 3.1 → the OpenAPI 3.0 model.
//!
//! The typed model (`openapiv3` 2.x) reads OpenAPI 3.0 only: it refuses some 3.1 constructs (a `type`
//! list, a numeric `exclusiveMinimum`, a boolean schema) and silently ignores the others (`const`,
//! `prefixItems`, keys beside a `$ref`, …). So the check stage normalises the raw JSON tree of a 3.1
//! document to 3.0 here, before the typed model parses it: every 3.1 construct is either translated
//! to its 3.0 equivalent or reported with a warning that says what was lost — never dropped
//! silently. Then `openapi` becomes `3.0.3`, and the rest of the pipeline sees OpenAPI 3.0 only. A
//! later 3.x (`3.2.0`, …) is read as 3.1, with a warning saying so.
//!
//! What each construct becomes ("—" in the last column: the translation loses nothing the 3.0
//! model can hold, so there is no warning):
//!
//! | OpenAPI 3.1 | read as (OpenAPI 3.0) | warning |
//! |---|---|---|
//! | `openapi: 3.1.x` | `openapi: 3.0.3` | — |
//! | `openapi: 3.2.x` or later 3.x | read as 3.1 | one, "read as 3.1" |
//! | `jsonSchemaDialect` | removed | unless it is the OpenAPI 3.1 default dialect |
//! | `webhooks` | moved to the root extension `x-webhooks` (what lower reads for 3.0 documents too; see `spec/README.md`), normalised like `paths` | — (a document with both: `x-webhooks` is dropped, one) |
//! | no `paths`, but webhooks | `paths: {}`: the crate has webhook events and no operation | — |
//! | no `paths` (only components) | nothing to generate | an error |
//! | `info.summary` | first paragraph of `info.description` | — |
//! | `info.license.identifier` | `license.url`: the SPDX page of the identifier (when there is no url) | — |
//! | `components.pathItems` | kept (the typed model ignores the section, the loader inlines the path items that `paths` refer to); their schemas are normalised too | — |
//! | security scheme `type: mutualTLS` | removed, with its name in every security requirement | one per scheme |
//! | an operation without `responses` | `responses: {}` | — |
//! | `summary`/`description` (or other keys) beside the `$ref` of a Reference Object that is not a schema | removed: the referenced object's own are used | one per reference |
//! | schema `true` / `false` | `{}` / `{not: {}}` | — (lower warns that `not` is not typed) |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` plus the siblings, annotations (`description`, `title`, …) included: lower types an `allOf` of one ref as the ref, and the description stays the field's doc | — |
//! | `type: [T, 'null']` | `type: T, nullable: true` | — |
//! | `type: [T1, T2, …]` (several types, maybe `null`) | `anyOf` with one member per type, each taking the keywords of its type (`enum` values split by type, `format`, `minLength`, `items`, `properties`, …), `nullable: true` if `null` was listed; `anyOf`, not `oneOf`, because an integer is also a number | — |
//! | the same beside an existing `oneOf`/`anyOf`/`allOf` | the `type` list is removed | one |
//! | a `type` list naming something that is not a type (`file`, `any`) | the `type` list is removed: any JSON value | one |
//! | `type: 'null'`, `type: ['null']`, `const: null` | `nullable: true` without a type: an optional any JSON value | one |
//! | `oneOf`/`anyOf` with a `{type: 'null'}` member | the member removed, `nullable: true` | — |
//! | `const: x` | `enum: [x]`, and the type of `x` when the schema has no `type` | — |
//! | `examples: [a, …]` | `example: a` | when there are more: in the dropped-keywords warning |
//! | numeric `exclusiveMinimum: n` (`exclusiveMaximum`) | `minimum: n, exclusiveMinimum: true` (the stricter bound when `minimum` is also given) | — |
//! | boolean `exclusiveMinimum`/`exclusiveMaximum`, `nullable` (OpenAPI 3.0 syntax, invalid in 3.1) | kept, with their 3.0 meaning | one per keyword for the whole document (first place, count) |
//! | `contentEncoding: base64` | `format: byte` | — |
//! | `contentMediaType` of binary content (`application/octet-stream`, `image/*`, …) on a string | `format: binary` | — |
//! | other `contentEncoding`s, textual `contentMediaType`s, `contentMediaType` beside base64 | removed | in the dropped-keywords warning |
//! | `prefixItems` (with `items` for the rest, or `items: false`) | `items`: the items' common schema (all alike, or one scalar type) or any JSON value | one: the tuple's positions are lost |
//! | `patternProperties` whose patterns share one schema, no other `additionalProperties` | `additionalProperties`: that schema | one: the key pattern is not checked |
//! | other `patternProperties` | removed | in the dropped-keywords warning |
//! | `unevaluatedProperties: S` on a schema without `allOf`/`oneOf`/`anyOf`/`if`/`dependentSchemas`/`additionalProperties` | `additionalProperties: S` | — |
//! | `unevaluatedProperties` / `unevaluatedItems` `true` | removed (they allow everything) | — |
//! | `$defs` | moved to `components/schemas` (same name, numbered when taken), refs into them rewritten | one per schema that has `$defs` |
//! | `$schema` of the default dialect (OpenAPI 3.1 or JSON Schema 2020-12) | removed | — |
//! | `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `propertyNames`, `contains`, `minContains`, `maxContains`, other `unevaluatedProperties`/`unevaluatedItems`, `contentSchema`, `$comment`, `$anchor`, `$id`, other `$schema`, `$dynamicRef`, `$dynamicAnchor`, `$vocabulary` | removed: they only constrain or annotate values, the generated types neither check nor carry them | one per schema, listing every keyword removed from it |
//!
//! Parameters with `content`, server variables, `discriminator`, `deprecated`, `readOnly`,
//! `writeOnly` and `examples` maps of parameters and media types mean the same in both versions.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::walk::{walk_mut, Visitor};
use crate::diagnostics::{Diagnostics, ErrorKind, Lint};
use crate::pointer::Pointer;
#[cfg(test)]
use crate::site::kind_at;
use crate::site::{self, Kind};

/// The dialect OpenAPI 3.1 schemas are written in when the document does not say otherwise.
pub const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";
/// JSON Schema 2020-12, which the OpenAPI 3.1 dialect extends (its schemas read the same here).
const JSON_SCHEMA_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The root extension that remembers where a 3.1 document's webhooks were (`/webhooks`) after
/// they are moved to `x-webhooks`, so that lower's diagnostics point into the document as written.
pub const WEBHOOKS_AT: &str = "x-codegen-webhooks-at";

/// The type names of JSON Schema besides `null`.
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Keywords removed with the one "dropped" warning per schema: no 3.0 equivalent, and they only
/// constrain or annotate values.
const DROPPED: [&str; 17] = [
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "contentSchema",
    "$comment",
    "$anchor",
    "$id",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
];

/// Keys that only annotate: a `{type: 'null'}` member with only these is "null".
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
    "$comment",
    "nullable",
];

/// Normalises a document whose `openapi` is `version` (3.1 or a later 3.x) to OpenAPI 3.0, in place.
/// Returns false when nothing can be generated from it (an error was reported).
pub fn normalise(root: &mut Map<String, Value>, version: &str, diags: &mut Diagnostics) -> bool {
    if version != "3.1" && !version.starts_with("3.1.") {
        diags.warn(
            Lint::OpenapiVersion,
            "/openapi",
            format!("OpenAPI {version} is newer than this generator knows; it is read as 3.1, so constructs added after 3.1 may be lost"),
        );
    }
    dialect(root, diags);
    info(root);
    let webhooks = webhooks(root, diags);
    if !root.contains_key("paths") && webhooks > 0 {
        root.insert("paths".into(), json!({}));
    }
    if !root.contains_key("paths") {
        diags
            .error(ErrorKind::NotOpenapi, "", "the document has no `paths` and no `webhooks`: there is nothing to generate")
            .help("OpenAPI 3.1 allows a document without `paths`, but a client is generated from the operations under `paths`");
        // Said once, here: the check that every document has `paths` need not say it again.
        root.insert("paths".into(), json!({}));
        return false;
    }
    let gone = mutual_tls(root, diags);

    let mut doc = Value::Object(std::mem::take(root));
    let mut schemas = Schemas::default();
    walk_mut(
        &mut doc,
        &mut Visitor {
            schema: &mut |at, node| schemas.node(at, node, diags),
            operation: &mut |_, op| {
                if !op.contains_key("responses") {
                    op.insert("responses".into(), json!({}));
                }
                if let Some(security) = op.get_mut("security") {
                    drop_schemes(security, &gone);
                }
            },
            encoding: &mut |_, _| {},
        },
    );
    schemas.finish(&mut doc, diags);
    reference_siblings(&mut doc, diags);
    if let Value::Object(map) = doc {
        *root = map;
    }
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    true
}

fn dialect(root: &mut Map<String, Value>, diags: &mut Diagnostics) {
    let Some(dialect) = root.shift_remove("jsonSchemaDialect") else { return };
    if dialect.as_str() != Some(OAS_DIALECT) {
        let shown = dialect.as_str().map(str::to_string).unwrap_or_else(|| dialect.to_string());
        diags.warn(
            Lint::LossyConversion,
            "/jsonSchemaDialect",
            format!(
                "`jsonSchemaDialect` is `{shown}`; schemas are read as the OpenAPI 3.1 default dialect ({OAS_DIALECT})"
            ),
        );
    }
}

/// `info.summary` and `license.identifier`, which the 3.0 model has no field for.
fn info(root: &mut Map<String, Value>) {
    let Some(Value::Object(info)) = root.get_mut("info") else { return };
    if let Some(Value::String(summary)) = info.shift_remove("summary") {
        let description = match info.get("description").and_then(Value::as_str) {
            Some(d) if !d.trim().is_empty() => format!("{}\n\n{d}", summary.trim()),
            _ => summary,
        };
        info.insert("description".into(), Value::String(description));
    }
    if let Some(Value::Object(license)) = info.get_mut("license") {
        if let Some(Value::String(id)) = license.shift_remove("identifier") {
            if !license.contains_key("url") {
                license.insert("url".into(), Value::String(format!("https://spdx.org/licenses/{id}.html")));
            }
        }
    }
}

/// Moves `webhooks` to `x-webhooks` (remembering where they were, [`WEBHOOKS_AT`]); returns how
/// many there are.
fn webhooks(root: &mut Map<String, Value>, diags: &mut Diagnostics) -> usize {
    match root.shift_remove("webhooks") {
        Some(Value::Object(webhooks)) => {
            if root.contains_key("x-webhooks") {
                diags.warn(
                    Lint::Repair,
                    "/x-webhooks",
                    "the document has both `webhooks` and `x-webhooks`; `x-webhooks` (this generator's extension for OpenAPI 3.0) is ignored",
                );
            }
            let count = webhooks.len();
            root.insert("x-webhooks".into(), Value::Object(webhooks));
            root.insert(WEBHOOKS_AT.into(), Value::String("/webhooks".into()));
            count
        }
        Some(_) => {
            diags.warn(Lint::Repair, "/webhooks", "`webhooks` is not an object; ignored");
            0
        }
        None => 0,
    }
}

/// Removes `mutualTLS` security schemes (which the 3.0 model refuses), and their names from the
/// document's security requirements; returns their names, for the operations' requirements (see
/// [`drop_schemes`]). The certificate is given to the HTTP client, never sent with a request.
fn mutual_tls(root: &mut Map<String, Value>, diags: &mut Diagnostics) -> Vec<String> {
    let Some(Value::Object(schemes)) = root.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) else {
        return Vec::new();
    };
    let gone: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &gone {
        schemes.shift_remove(name);
        diags
            .warn(
                Lint::LossyConversion,
                Pointer::root().child("components").child("securitySchemes").child(name),
                format!("security scheme `{name}` is `mutualTLS`, which OpenAPI 3.0 cannot express: it is dropped, and the security requirements that name it no longer do"),
            )
            .help("give the client certificate to your own reqwest::Client (`reqwest::Identity`) and pass that client with `http_client()`");
    }
    if let Some(security) = root.get_mut("security") {
        drop_schemes(security, &gone);
    }
    gone
}

/// Removes the schemes named in `gone` from a list of security requirements.
fn drop_schemes(requirements: &mut Value, gone: &[String]) {
    for requirement in requirements.as_array_mut().into_iter().flatten() {
        if let Some(requirement) = requirement.as_object_mut() {
            requirement.retain(|name, _| !gone.contains(name));
        }
    }
}

/// The schema walk's state: what is done once the whole document has been seen.
#[derive(Default)]
struct Schemas {
    /// Schemas with `$defs`, outermost first.
    defs: Vec<Pointer>,
    /// Where `nullable` (3.0 syntax) was written.
    nullable: Vec<Pointer>,
    /// Where a boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0 syntax) was written.
    boolean_bounds: Vec<Pointer>,
    /// The members of the `anyOf`s made from `type` lists: written here, not by the author.
    made: HashSet<Pointer>,
}

impl Schemas {
    fn node(&mut self, at: &Pointer, node: &mut Value, diags: &mut Diagnostics) {
        match node {
            Value::Bool(true) => *node = json!({}),
            Value::Bool(false) => *node = json!({"not": {}}),
            _ => {}
        }
        let Value::Object(schema) = node else { return };
        let authored = !self.made.contains(at);
        if authored && schema.contains_key("nullable") {
            self.nullable.push(at.child("nullable"));
        }
        wrap_ref(schema);
        let mut dropped: Vec<String> = Vec::new();
        null_members(schema);
        constant(schema);
        examples(schema, &mut dropped);
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            match schema.get(exclusive) {
                Some(Value::Number(n)) => {
                    let n = n.clone();
                    bound_from_exclusive(schema, exclusive, bound, n);
                }
                Some(Value::Bool(_)) if authored => self.boolean_bounds.push(at.child(exclusive)),
                Some(Value::Bool(_)) => {}
                Some(_) => {
                    schema.shift_remove(exclusive);
                    dropped.push(format!("`{exclusive}`"));
                }
                None => {}
            }
        }
        content(schema, &mut dropped);
        prefix_items(at, schema, diags);
        pattern_properties(at, schema, diags, &mut dropped);
        unevaluated(schema, &mut dropped);
        match schema.get("$defs") {
            Some(Value::Object(_)) => self.defs.push(at.clone()),
            Some(_) => {
                schema.shift_remove("$defs");
                dropped.push("`$defs`".into());
            }
            None => {}
        }
        if let Some(dialect) = schema.shift_remove("$schema") {
            if !matches!(dialect.as_str(), Some(OAS_DIALECT | JSON_SCHEMA_2020_12)) {
                dropped.push("`$schema`".into());
            }
        }
        for key in DROPPED {
            if schema.shift_remove(key).is_some() {
                dropped.push(format!("`{key}`"));
            }
        }
        if let Some(TypeList::Union { types, .. }) = types(at, schema, diags) {
            self.made.extend((0..types.len()).map(|i| at.child("anyOf").child(i)));
        }
        if !dropped.is_empty() {
            diags.warn(
                Lint::LossyConversion,
                at,
                format!(
                    "no OpenAPI 3.0 equivalent, dropped (the generated types neither check nor carry them): {}",
                    dropped.join(", ")
                ),
            );
        }
    }

    /// What needs the whole document: `$defs` moved to the components, and the 3.0 syntax found.
    fn finish(&mut self, doc: &mut Value, diags: &mut Diagnostics) {
        let mut moved: Vec<(Pointer, Pointer)> = Vec::new();
        // Innermost first, so that every pointer still leads to its schema.
        for at in self.defs.iter().rev() {
            let defs = match doc.pointer_mut(at).and_then(Value::as_object_mut).map(|s| s.shift_remove("$defs")) {
                Some(Some(Value::Object(defs))) => defs,
                _ => continue,
            };
            let Some(schemas) = component_schemas(doc) else {
                diags.warn(
                    Lint::LossyConversion,
                    at.child("$defs"),
                    "no OpenAPI 3.0 equivalent, dropped (`components` is not an object, so `$defs` cannot move there)",
                );
                continue;
            };
            let mut targets = Vec::new();
            for (name, def) in defs {
                let mut target = name.clone();
                let mut n = 2;
                while schemas.contains_key(&target) {
                    target = format!("{name}{n}");
                    n += 1;
                }
                let to = Pointer::root().child("components").child("schemas").child(&target);
                moved.push((at.child("$defs").child(&name), to.clone()));
                targets.push(format!("`#{to}`"));
                schemas.insert(target, def);
            }
            diags.warn(
                Lint::LossyConversion,
                at.child("$defs"),
                format!(
                    "`$defs` has no OpenAPI 3.0 equivalent: moved to {}, and the refs into it now point there",
                    targets.join(", ")
                ),
            );
        }
        if !moved.is_empty() {
            rewrite_refs(doc, &moved);
        }
        for (places, message) in [
            (&self.nullable, "`nullable` is OpenAPI 3.0 syntax, not 3.1 (which writes `type: [T, 'null']`)"),
            (
                &self.boolean_bounds,
                "a boolean `exclusiveMinimum`/`exclusiveMaximum` is OpenAPI 3.0 syntax, not 3.1 (which writes the bound itself: `exclusiveMinimum: 0`)",
            ),
        ] {
            if let Some(first) = places.first() {
                let others = match places.len() - 1 {
                    0 => String::new(),
                    1 => " and in 1 other place".to_string(),
                    n => format!(" and in {n} other places"),
                };
                diags.warn(Lint::Nonstandard, first, format!("{message}; read with its 3.0 meaning here{others}"));
            }
        }
    }
}

/// `components/schemas`, made if missing; `None` when `components` is there but not an object.
fn component_schemas(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    let components = doc.as_object_mut()?.entry("components").or_insert_with(|| json!({}));
    let schemas = components.as_object_mut()?.entry("schemas").or_insert_with(|| json!({}));
    schemas.as_object_mut()
}

/// Points every local ref into a moved node (`moved`: old pointer → new pointer) at its new place.
fn rewrite_refs(v: &mut Value, moved: &[(Pointer, Pointer)]) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(fragment) = reference.strip_prefix('#').and_then(Pointer::parse) {
                    let best =
                        moved.iter().filter(|(from, _)| fragment.is_within(from)).max_by_key(|(from, _)| from.len());
                    if let Some(rebased) = best.and_then(|(from, to)| fragment.rebase(from, to)) {
                        *reference = format!("#{rebased}");
                    }
                }
            }
            for inner in map.values_mut() {
                rewrite_refs(inner, moved);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|inner| rewrite_refs(inner, moved)),
        _ => {}
    }
}

/// `$ref` with siblings: the ref and the siblings both apply (3.1), which 3.0 says with `allOf`.
fn wrap_ref(schema: &mut Map<String, Value>) {
    if schema.len() < 2 || !schema.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let Some(reference) = schema.shift_remove("$ref") else { return };
    let mut all_of = vec![json!({ "$ref": reference })];
    if let Some(Value::Array(existing)) = schema.shift_remove("allOf") {
        all_of.extend(existing);
    }
    schema.insert("allOf".into(), Value::Array(all_of));
}

/// A `oneOf`/`anyOf` member that only allows `null` makes the schema nullable instead.
fn null_members(schema: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(list)) = schema.get_mut(key) else { continue };
        let before = list.len();
        list.retain(|m| !only_null(m));
        if list.len() == before {
            continue;
        }
        let empty = list.is_empty();
        schema.insert("nullable".into(), Value::Bool(true));
        if empty {
            schema.shift_remove(key);
            if !schema.contains_key("type") {
                schema.insert("type".into(), json!("null"));
            }
        }
    }
}

fn only_null(member: &Value) -> bool {
    let Some(m) = member.as_object() else { return false };
    let null_type = match m.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => !ts.is_empty() && ts.iter().all(|t| t == "null"),
        _ => false,
    };
    let null_value =
        !m.contains_key("type") && (m.get("const") == Some(&Value::Null) || m.get("enum") == Some(&json!([null])));
    (null_type || null_value)
        && m.keys().all(|k| {
            ANNOTATIONS.contains(&k.as_str()) || ["type", "const", "enum"].contains(&k.as_str()) || k.starts_with("x-")
        })
}

/// `const: x` → `enum: [x]`, typed as `x` when the schema has no `type`; `const: null` → `type: 'null'`.
fn constant(schema: &mut Map<String, Value>) {
    let Some(value) = schema.shift_remove("const") else { return };
    if value.is_null() {
        schema.shift_remove("enum");
        schema.insert("type".into(), json!("null"));
        return;
    }
    if !schema.contains_key("type") {
        let ty = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Array(_) => Some("array"),
            Value::Object(_) => Some("object"),
            Value::Null => None,
        };
        if let Some(ty) = ty {
            schema.insert("type".into(), json!(ty));
        }
    }
    schema.insert("enum".into(), Value::Array(vec![value]));
}

/// `examples: [a, …]` → `example: a`.
fn examples(schema: &mut Map<String, Value>, dropped: &mut Vec<String>) {
    let Some(examples) = schema.shift_remove("examples") else { return };
    match examples {
        Value::Array(mut values) => {
            if values.is_empty() {
                return;
            }
            if !schema.contains_key("example") {
                schema.insert("example".into(), values.remove(0));
            }
            if !values.is_empty() {
                dropped.push("`examples` after the first (which is kept as `example`)".into());
            }
        }
        _ => dropped.push("`examples`".into()),
    }
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (and for the maximum),
/// keeping the stricter bound when the schema also has an inclusive one.
fn bound_from_exclusive(schema: &mut Map<String, Value>, exclusive: &str, bound: &str, n: serde_json::Number) {
    let stricter_inclusive = match schema.get(bound).and_then(Value::as_f64) {
        Some(inclusive) => {
            let n = n.as_f64().unwrap_or(f64::NAN);
            if bound == "minimum" {
                inclusive > n
            } else {
                inclusive < n
            }
        }
        None => false,
    };
    if stricter_inclusive {
        schema.shift_remove(exclusive);
    } else {
        schema.insert(bound.into(), Value::Number(n));
        schema.insert(exclusive.into(), Value::Bool(true));
    }
}

/// `contentEncoding` and `contentMediaType` → the `format` 3.0 has for them (`byte`, `binary`).
fn content(schema: &mut Map<String, Value>, dropped: &mut Vec<String>) {
    let encoding = schema.shift_remove("contentEncoding");
    let media = schema.shift_remove("contentMediaType");
    if encoding.is_none() && media.is_none() {
        return;
    }
    let string = match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => true,
    };
    let format = schema.get("format").and_then(Value::as_str).map(str::to_string);
    let base64 = encoding.as_ref().and_then(Value::as_str).is_some_and(|e| e.eq_ignore_ascii_case("base64"));
    if encoding.is_some() {
        if !(string && base64) {
            dropped.push("`contentEncoding`".into());
        } else if format.is_none() {
            schema.insert("format".into(), json!("byte"));
        } else if format.as_deref() != Some("byte") {
            dropped.push("`contentEncoding`".into());
        }
    }
    if let Some(media) = media {
        // Beside base64, the media type is that of the decoded bytes, which 3.0 cannot say.
        if !(string && encoding.is_none() && media.as_str().is_some_and(crate::media::is_binary)) {
            dropped.push("`contentMediaType`".into());
        } else if format.is_none() {
            schema.insert("format".into(), json!("binary"));
        } else if format.as_deref() != Some("binary") {
            dropped.push("`contentMediaType`".into());
        }
    }
}

/// `prefixItems` (a tuple) → `items`: a list of the items' common schema, or of any JSON value.
fn prefix_items(at: &Pointer, schema: &mut Map<String, Value>, diags: &mut Diagnostics) {
    let Some(prefix) = schema.shift_remove("prefixItems") else { return };
    let mut members: Vec<Value> = match prefix {
        Value::Array(members) => members,
        _ => Vec::new(),
    };
    let positions = members.len();
    // After the prefix, `items` says what may follow: nothing when `false` or when `maxItems`
    // allows no more, anything when it is absent.
    let closed = schema.get("maxItems").and_then(Value::as_u64).is_some_and(|max| max as usize <= positions);
    match schema.shift_remove("items") {
        Some(Value::Bool(false)) => {}
        _ if closed => {}
        None | Some(Value::Bool(true)) => members.push(json!({})),
        Some(rest) => members.push(rest),
    }
    let common = common_schema(&members);
    let what = match &common {
        None => "any JSON value".to_string(),
        Some(s) => match (s.get("$ref").and_then(Value::as_str), s.get("type").and_then(Value::as_str)) {
            (Some(reference), _) => format!("`{reference}`"),
            (None, Some(ty)) => format!("`{ty}`"),
            _ => "the schema all its items share".to_string(),
        },
    };
    schema.insert("items".into(), common.unwrap_or_else(|| json!({})));
    diags.warn(
        Lint::LossyConversion,
        at.child("prefixItems"),
        format!("`prefixItems` (a tuple of {positions} positions) has no OpenAPI 3.0 equivalent: read as a list of {what}; the type of each position is lost"),
    );
}

/// The one schema that every member is (all alike), or that all share as one scalar type.
fn common_schema(members: &[Value]) -> Option<Value> {
    let first = members.first()?;
    if members.iter().all(|m| m == first) {
        return Some(first.clone());
    }
    let ty = first.get("type")?.as_str().filter(|t| ["string", "integer", "number", "boolean"].contains(t))?;
    if !members.iter().all(|m| m.get("type").and_then(Value::as_str) == Some(ty)) {
        return None;
    }
    let mut common = json!({ "type": ty });
    if let Some(format) = first.get("format").filter(|f| members.iter().all(|m| m.get("format") == Some(*f))) {
        common["format"] = format.clone();
    }
    Some(common)
}

/// `patternProperties` → `additionalProperties` when that says the same of the values.
fn pattern_properties(
    at: &Pointer,
    schema: &mut Map<String, Value>,
    diags: &mut Diagnostics,
    dropped: &mut Vec<String>,
) {
    let Some(patterns) = schema.shift_remove("patternProperties") else { return };
    let Value::Object(patterns) = patterns else {
        dropped.push("`patternProperties`".into());
        return;
    };
    let Some(first) = patterns.values().next() else { return };
    let alike = patterns.values().all(|v| v == first);
    // `additionalProperties: false` beside patterns allows exactly the keys that match them.
    let free = matches!(schema.get("additionalProperties"), None | Some(Value::Bool(false)));
    if alike && free && *first != Value::Bool(false) {
        schema.insert("additionalProperties".into(), first.clone());
        let keys: Vec<String> = patterns.keys().map(|k| format!("`{k}`")).collect();
        diags.warn(
            Lint::LossyConversion,
            at.child("patternProperties"),
            format!(
                "`patternProperties` has no OpenAPI 3.0 equivalent: read as `additionalProperties`; the key pattern {} is not checked",
                keys.join(", ")
            ),
        );
    } else {
        dropped.push("`patternProperties`".into());
    }
}

/// `unevaluatedProperties`: a no-op when `true`, `additionalProperties` when nothing else evaluates
/// properties, otherwise dropped. `unevaluatedItems: true` is a no-op too.
fn unevaluated(schema: &mut Map<String, Value>, dropped: &mut Vec<String>) {
    if schema.get("unevaluatedItems") == Some(&Value::Bool(true)) {
        schema.shift_remove("unevaluatedItems");
    }
    let Some(rest) = schema.shift_remove("unevaluatedProperties") else { return };
    let composed = ["allOf", "oneOf", "anyOf", "if", "then", "else", "dependentSchemas", "additionalProperties"]
        .iter()
        .any(|k| schema.contains_key(*k));
    match rest {
        Value::Bool(true) => {}
        Value::Object(_) if !composed => {
            schema.insert("additionalProperties".into(), rest);
        }
        _ => dropped.push("`unevaluatedProperties`".into()),
    }
}

/// `type: 'null'` and `type` lists; what a list was read as.
fn types(at: &Pointer, schema: &mut Map<String, Value>, diags: &mut Diagnostics) -> Option<TypeList> {
    match schema.get("type") {
        Some(Value::String(t)) if t == "null" => {
            schema.shift_remove("type");
            schema.insert("nullable".into(), Value::Bool(true));
            warn_null_only(at, diags);
            None
        }
        Some(Value::Array(_)) => {
            let names = type_names(schema);
            let read = type_list(schema);
            match &read {
                TypeList::One { .. } | TypeList::Union { .. } => {}
                TypeList::Null => warn_null_only(at, diags),
                TypeList::Unknown(_) => {
                    diags
                        .warn(Lint::AnyJson, at.child("type"), format!("`type` {names:?} names something that is not a JSON Schema type; typed as any JSON value"))
                        .help(format!("use `null` and {}", TYPES.join(", ")));
                }
                TypeList::Beside(keyword) => {
                    diags.warn(
                        Lint::LossyConversion,
                        at.child("type"),
                        format!("`type` {names:?} beside `{keyword}` has no OpenAPI 3.0 equivalent: dropped, the schema is typed by its `{keyword}`"),
                    );
                }
            }
            Some(read)
        }
        _ => None,
    }
}

fn warn_null_only(at: &Pointer, diags: &mut Diagnostics) {
    diags.warn(
        Lint::LossyConversion,
        at.child("type"),
        "`type: 'null'` (a value that is always null) has no OpenAPI 3.0 equivalent: read as an optional any JSON value",
    );
}

fn type_names(schema: &Map<String, Value>) -> Vec<String> {
    match schema.get("type") {
        Some(Value::Array(list)) => {
            list.iter().map(|t| t.as_str().map(str::to_string).unwrap_or_else(|| t.to_string())).collect()
        }
        _ => Vec::new(),
    }
}

/// What a `type` list was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeList {
    /// One type; `nullable: true` when the list also had `null`.
    One { ty: String, nullable: bool },
    /// Several types: an `anyOf` with one member per type; `nullable: true` when the list had `null`.
    Union { types: Vec<String>, nullable: bool },
    /// Only `null`: `nullable: true` without a type.
    Null,
    /// Names that are not JSON Schema types (listed): the list is removed, any JSON value.
    Unknown(Vec<String>),
    /// Several types beside this composition keyword, which the `anyOf` cannot join: the list is
    /// removed.
    Beside(&'static str),
}

impl TypeList {
    /// What the schema now is, for a warning: "read as …".
    pub fn describe(&self) -> String {
        let nullable = |n: &bool| if *n { " with `nullable: true`" } else { "" };
        match self {
            TypeList::One { ty, nullable: n } => format!("`{ty}`{}", nullable(n)),
            TypeList::Union { types, nullable: n } => {
                let types: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
                format!("an `anyOf` of {}{}", types.join(", "), nullable(n))
            }
            TypeList::Null => "an optional any JSON value".into(),
            TypeList::Unknown(_) => "any JSON value".into(),
            TypeList::Beside(keyword) => format!("its `{keyword}` alone"),
        }
    }
}

/// Keywords that only apply to values of one type (or two), which a split gives to that member.
const KEYWORD_TYPES: [(&str, &[&str]); 18] = [
    ("minLength", &["string"]),
    ("maxLength", &["string"]),
    ("pattern", &["string"]),
    ("minimum", &["integer", "number"]),
    ("maximum", &["integer", "number"]),
    ("exclusiveMinimum", &["integer", "number"]),
    ("exclusiveMaximum", &["integer", "number"]),
    ("multipleOf", &["integer", "number"]),
    ("items", &["array"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
    ("properties", &["object"]),
    ("required", &["object"]),
    ("additionalProperties", &["object"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
    ("discriminator", &["object"]),
];

/// Reads `schema.type`, a list, as 3.0: one type (with `nullable`), or an `anyOf` of one member per
/// type, each with the keywords of its type. Shared by the 3.1 normaliser and the repair of 3.0
/// documents that write a list.
pub fn type_list(schema: &mut Map<String, Value>) -> TypeList {
    let names = type_names(schema);
    let nullable = names.iter().any(|t| t == "null");
    let mut real: Vec<String> = Vec::new();
    for name in names.iter().filter(|t| *t != "null") {
        if !real.contains(name) {
            real.push(name.clone());
        }
    }
    let unknown: Vec<String> = real.iter().filter(|t| !TYPES.contains(&t.as_str())).cloned().collect();
    schema.shift_remove("type");
    if nullable {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    if !unknown.is_empty() {
        return TypeList::Unknown(unknown);
    }
    // With an `enum`, a type none of whose values are listed allows nothing.
    if let Some(Value::Array(values)) = schema.get("enum") {
        let kept: Vec<String> = real.iter().filter(|t| values.iter().any(|v| fits(v, t))).cloned().collect();
        if !kept.is_empty() {
            real = kept;
        }
    }
    match real.as_slice() {
        [] => TypeList::Null,
        [one] => {
            schema.insert("type".into(), json!(one));
            TypeList::One { ty: one.clone(), nullable }
        }
        _ => {
            if let Some(keyword) = ["anyOf", "oneOf", "allOf"].into_iter().find(|k| schema.contains_key(*k)) {
                return TypeList::Beside(keyword);
            }
            let mut members: Vec<Map<String, Value>> = real
                .iter()
                .map(|t| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!(t));
                    m
                })
                .collect();
            if let Some(Value::Array(values)) = schema.shift_remove("enum") {
                for (member, ty) in members.iter_mut().zip(&real) {
                    let mine: Vec<Value> = values.iter().filter(|v| fits(v, ty)).cloned().collect();
                    if !mine.is_empty() {
                        member.insert("enum".into(), Value::Array(mine));
                    }
                }
            }
            if let Some(format) = schema.shift_remove("format") {
                let f = format.as_str().unwrap_or("");
                let wanted = if f.starts_with("int") || f.starts_with("uint") {
                    ["integer", "number", "string"]
                } else if ["float", "double", "decimal"].contains(&f) {
                    ["number", "integer", "string"]
                } else {
                    ["string", "integer", "number"]
                };
                match wanted.iter().find_map(|w| real.iter().position(|t| t == w)) {
                    Some(i) => {
                        members[i].insert("format".into(), format);
                    }
                    None => {
                        schema.insert("format".into(), format);
                    }
                }
            }
            for (key, applies) in KEYWORD_TYPES {
                let Some(value) = schema.get(key).cloned() else { continue };
                let owners: Vec<usize> = (0..real.len()).filter(|i| applies.contains(&real[*i].as_str())).collect();
                if owners.is_empty() {
                    continue;
                }
                schema.shift_remove(key);
                for i in owners {
                    members[i].insert(key.into(), value.clone());
                }
            }
            schema.insert("anyOf".into(), Value::Array(members.into_iter().map(Value::Object).collect()));
            TypeList::Union { types: real, nullable }
        }
    }
}

/// Whether an `enum` value is of a JSON Schema type.
fn fits(v: &Value, ty: &str) -> bool {
    match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// Keys beside the `$ref` of a Reference Object that is not a schema (3.1 lets `summary` and
/// `description` override the target's; 3.0 reads only the `$ref`). Schemas were handled by the
/// walk, which leaves no `$ref` with siblings; path items keep theirs (3.0 allows them there, and
/// the loader inlines the path items they refer to).
fn reference_siblings(doc: &mut Value, diags: &mut Diagnostics) {
    site::walk_mut(doc, &mut |object, at, node| {
        let Value::Object(map) = node else { return };
        if map.len() > 1 && map.get("$ref").is_some_and(Value::is_string) && object.kind() != Kind::PathItem {
            let keys: Vec<String> = map.keys().filter(|k| *k != "$ref").map(|k| format!("`{k}`")).collect();
            let verb = if keys.len() == 1 { "is" } else { "are" };
            diags.warn(
                Lint::RefSiblings,
                at,
                format!("{} beside `$ref` {verb} not kept: an OpenAPI 3.0 Reference Object has only `$ref`, so the referenced object's own are used", keys.join(", ")),
            );
            map.retain(|k, _| k == "$ref");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn type_list_with_null_is_one_nullable_type() {
        let mut s = schema(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(type_list(&mut s), TypeList::One { ty: "string".into(), nullable: true });
        assert_eq!(Value::Object(s), json!({"type": "string", "maxLength": 3, "nullable": true}));
    }

    #[test]
    fn type_list_of_several_types_is_an_any_of_with_the_keywords_of_each() {
        let mut s = schema(json!({
            "type": ["string", "integer", "null"], "description": "d", "format": "int64",
            "minLength": 1, "minimum": 0, "enum": ["a", 1, null]}));
        assert_eq!(
            type_list(&mut s),
            TypeList::Union { types: vec!["string".into(), "integer".into()], nullable: true }
        );
        assert_eq!(
            Value::Object(s),
            json!({"description": "d", "nullable": true, "anyOf": [
                {"type": "string", "enum": ["a"], "minLength": 1},
                {"type": "integer", "enum": [1], "format": "int64", "minimum": 0}]})
        );
    }

    #[test]
    fn type_list_keeps_only_the_types_the_enum_allows() {
        let mut s = schema(json!({"type": ["string", "integer"], "enum": ["a", "b"]}));
        assert_eq!(type_list(&mut s), TypeList::One { ty: "string".into(), nullable: false });
        let mut s = schema(json!({"type": ["string", "file"]}));
        assert_eq!(type_list(&mut s), TypeList::Unknown(vec!["file".into()]));
        assert_eq!(Value::Object(s), json!({}));
    }

    #[test]
    fn numeric_exclusive_bounds_keep_the_stricter() {
        let mut s = schema(json!({"exclusiveMinimum": 0, "minimum": 5, "exclusiveMaximum": 10}));
        bound_from_exclusive(&mut s, "exclusiveMinimum", "minimum", 0.into());
        bound_from_exclusive(&mut s, "exclusiveMaximum", "maximum", 10.into());
        assert_eq!(Value::Object(s), json!({"minimum": 5, "maximum": 10, "exclusiveMaximum": true}));
    }

    #[test]
    fn refs_into_moved_defs_follow_the_deepest_move() {
        let mut doc = json!({"a": {"$ref": "#/x/$defs/A/$defs/B/properties/p"}, "b": {"$ref": "#/x/$defs/A"},
            "c": {"$ref": "#/x/$defs/AB"}});
        rewrite_refs(
            &mut doc,
            &[
                ("/x/$defs/A/$defs/B".into(), "/components/schemas/B".into()),
                ("/x/$defs/A".into(), "/components/schemas/A".into()),
            ],
        );
        assert_eq!(
            doc,
            json!({"a": {"$ref": "#/components/schemas/B/properties/p"}, "b": {"$ref": "#/components/schemas/A"},
                "c": {"$ref": "#/x/$defs/AB"}})
        );
    }

    /// The path items whose keys beside `$ref` `reference_siblings` keeps, as `kind_at` reads them.
    #[test]
    fn path_item_pointers() {
        let is_path_item = |at| kind_at(at) == Kind::PathItem;
        assert!(is_path_item("/paths/~1a"));
        assert!(is_path_item("/components/pathItems/P"));
        assert!(is_path_item("/paths/~1a/post/callbacks/cb/{$request.body#~1url}"));
        assert!(!is_path_item("/paths/~1a/get"));
        assert!(!is_path_item("/components/parameters/P"));
    }
}
