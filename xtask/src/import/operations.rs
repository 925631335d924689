//! Paths and operations: HighLevel's facts kept, prose dropped, and the operation-level repairs
//! (parameters, security, operationIds).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use serde_json::{json, Map, Value};

use super::root::Transcribed;
use super::schema::{self, LOCAL};
use super::{Input, Repairs, SCHEMES};
use codegen::pointer::Pointer;

/// Methods in the order they are written (upstream order of methods means nothing).
pub const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub struct Module<'a> {
    pub stem: &'a str,
    pub doc: &'a Value,
    pub schemas: &'a BTreeMap<String, Value>,
    pub common: &'a BTreeMap<String, Value>,
    pub transcribed: &'a Transcribed,
    pub op_ids: &'a OpIds,
}

/// (module, method, path) → the operationId written.
pub type OpIds = BTreeMap<(String, String, String), String>;

fn operations(doc: &Value) -> Vec<(&str, &str, &Value)> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(*method).filter(|op| op.is_object()) {
                    out.push((path.as_str(), *method, op));
                }
            }
        }
    }
    out
}

/// OperationIds unique in the whole API, as the generated method names (their snake_case) must be: an
/// id that several modules use is prefixed with its module's name; one used twice in one module (or
/// taken by the root document) gets its method, then a number.
pub fn unique_ids(
    input: &Input,
    transcribed: &Transcribed,
    root: &Value,
    repairs: &mut BTreeMap<String, Repairs>,
) -> OpIds {
    let mut modules_of: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (stem, doc) in &input.modules {
        for (path, method, op) in operations(doc) {
            if transcribed.contains(&(method.to_string(), path.to_string())) {
                continue;
            }
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                modules_of.entry(id.to_snake_case()).or_default().insert(stem);
            }
        }
    }
    let mut taken: BTreeSet<String> = BTreeSet::new();
    if let Some(paths) = root.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in METHODS {
                if let Some(id) = item.pointer(&format!("/{method}/operationId")).and_then(Value::as_str) {
                    taken.insert(id.to_snake_case());
                }
            }
        }
    }
    let mut out = OpIds::new();
    for (stem, doc) in &input.modules {
        let r = repairs.get_mut(stem).expect("every module has its repairs");
        for (path, method, op) in operations(doc) {
            if transcribed.contains(&(method.to_string(), path.to_string())) {
                continue;
            }
            let at = Pointer::root().child("paths").child(path).child(method);
            let mut id = match op.get("operationId").and_then(Value::as_str) {
                Some(id) => id.to_string(),
                None => {
                    let made = format!("{method}-{}", path.replace(['{', '}'], "").replace('/', "-").trim_matches('-'));
                    r.add(
                        "missing-operation-id",
                        &at.child("operationId"),
                        format!("no operationId: `{made}`, from the method and path"),
                    );
                    made
                }
            };
            if modules_of.get(&id.to_snake_case()).is_some_and(|m| m.len() > 1) {
                let others: Vec<&str> = modules_of[&id.to_snake_case()].iter().copied().filter(|m| m != stem).collect();
                let new = format!("{stem}-{id}");
                r.add(
                    "operation-id-across-modules",
                    &at.child("operationId"),
                    format!("`{id}` is also an operationId of {}: `{new}`", others.join(", ")),
                );
                id = new;
            }
            if taken.contains(&id.to_snake_case()) {
                let mut new = format!("{id}-{method}");
                let mut n = 2;
                while taken.contains(&new.to_snake_case()) {
                    new = format!("{id}-{method}-{n}");
                    n += 1;
                }
                r.add(
                    "duplicate-operation-id",
                    &at.child("operationId"),
                    format!("`{id}` is taken by another operation: `{new}`"),
                );
                id = new;
            }
            taken.insert(id.to_snake_case());
            out.insert((stem.clone(), method.to_string(), path.to_string()), id);
        }
    }
    out
}

/// The module's `paths`, cleaned and repaired; the root security schemes they name go to `schemes`.
pub fn paths(m: &Module, r: &mut Repairs, schemes: &mut BTreeSet<String>) -> Value {
    security_schemes(m, r);
    let mut out = Map::new();
    let Some(paths) = m.doc.get("paths").and_then(Value::as_object) else { return Value::Object(out) };
    for (path, item) in paths {
        let at_path = Pointer::root().child("paths").child(path);
        let shared: Vec<Value> = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut new_item = Map::new();
        for method in METHODS {
            let Some(op) = item.get(*method).filter(|op| op.is_object()) else { continue };
            let at = at_path.child(method);
            if m.transcribed.contains(&(method.to_string(), path.clone())) {
                r.add(
                    "kept-transcribed",
                    &at,
                    "the root document's operation, transcribed from the reference page, wins: not imported",
                );
                continue;
            }
            new_item.insert(method.to_string(), operation(m, path, method, op, &shared, &at, r, schemes));
        }
        if !new_item.is_empty() {
            out.insert(path.clone(), Value::Object(new_item));
        }
    }
    Value::Object(out)
}

/// Reports the module's schemes that are mapped to another root scheme, or misdeclared.
fn security_schemes(m: &Module, r: &mut Repairs) {
    let Some(declared) = m.doc.pointer("/components/securitySchemes").and_then(Value::as_object) else { return };
    for (name, scheme) in declared {
        let at = Pointer::root().child("components").child("securitySchemes").child(name);
        let header = scheme.get("name").and_then(Value::as_str);
        if scheme.get("type").and_then(Value::as_str) == Some("http")
            && header.is_some_and(|h| !h.eq_ignore_ascii_case("Authorization"))
        {
            r.add(
                "misdeclared-scheme",
                &at,
                format!(
                    "an http bearer scheme names the header `{}` (http schemes have no header name: the token goes in Authorization); sent as the root's `{}`",
                    header.unwrap_or_default(),
                    mapped(name)
                ),
            );
        } else if mapped(name) != name {
            r.add(
                "security-scheme-mapped",
                &at,
                format!("sent as the root's `{}` (the same bearer token on the wire)", mapped(name)),
            );
        }
    }
}

fn mapped(name: &str) -> &str {
    SCHEMES.iter().find(|(from, _)| *from == name).map(|(_, to)| *to).unwrap_or(name)
}

#[allow(clippy::too_many_arguments)]
fn operation(
    m: &Module,
    path: &str,
    method: &str,
    op: &Value,
    shared: &[Value],
    at: &Pointer,
    r: &mut Repairs,
    schemes: &mut BTreeSet<String>,
) -> Value {
    let mut out = Map::new();
    let id = m.op_ids.get(&(m.stem.to_string(), method.to_string(), path.to_string())).cloned().unwrap_or_default();
    out.insert("operationId".into(), Value::String(id));
    for key in ["summary", "tags", "deprecated"] {
        if let Some(v) = op.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(url) = op.pointer("/externalDocs/url") {
        out.insert("externalDocs".into(), json!({ "url": url }));
    }
    let (security, scopes) = security(op.get("security"), at, r);
    for requirement in &security {
        schemes.extend(requirement.as_object().into_iter().flat_map(|o| o.keys().cloned()));
    }
    out.insert("security".into(), Value::Array(security));
    if !scopes.is_empty() {
        out.insert("x-scopes".into(), json!(scopes));
    }
    let mut params = parameters(op, shared, path, at, r);
    unwrap_query_objects(m, &mut params, at, r);
    let responses = responses(op.get("responses"), &at.child("responses"), r);
    if let Some((pagination, what)) = super::pagination::detect(m, &params, &responses) {
        r.add("pagination", &at.child("x-pagination"), what);
        integer_counts(&mut params, &pagination, op, shared, at, r);
        out.insert("x-pagination".into(), pagination);
    }
    out.insert("parameters".into(), Value::Array(params));
    if let Some(body) = op.get("requestBody").and_then(Value::as_object) {
        let at_body = at.child("requestBody");
        let mut b = Map::new();
        if let Some(reference) = body.get("$ref") {
            b.insert("$ref".into(), reference.clone());
        }
        if let Some(required) = body.get("required") {
            b.insert("required".into(), required.clone());
        }
        if let Some(content) = body.get("content") {
            b.insert("content".into(), content_of(content, &at_body.child("content"), r));
        }
        out.insert("requestBody".into(), Value::Object(b));
    }
    out.insert("responses".into(), responses);
    Value::Object(out)
}

/// A query parameter HighLevel types as objects (or a choice of objects) whose one property has the
/// parameter's own name (`startAfterDate: anyOf [{startAfterDate: number}, {startAfterDate: [string]}]`)
/// is sent as that property's value (an exploded form object is its members, `startAfterDate=1600854`):
/// the parameter's schema is the property's (or the choice of them).
fn unwrap_query_objects(m: &Module, params: &mut [Value], at: &Pointer, r: &mut Repairs) {
    for param in params.iter_mut() {
        if param.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let Some(name) = param.get("name").and_then(Value::as_str).map(str::to_string) else { continue };
        let Some(schema) = param.get("schema") else { continue };
        let choices: Vec<&Value> = match schema.get("anyOf").and_then(Value::as_array) {
            Some(choices) => choices.iter().collect(),
            None => vec![schema],
        };
        let unwrapped: Option<Vec<Value>> = choices.iter().map(|choice| member_named(m, choice, &name)).collect();
        let Some(mut unwrapped) = unwrapped else { continue };
        let replacement = if unwrapped.len() == 1 { unwrapped.remove(0) } else { json!({ "anyOf": unwrapped }) };
        r.add(
            "query-object-wrapper",
            &at.child("parameters"),
            format!(
                "the query parameter `{name}` was typed as objects whose one member is `{name}`: typed as that member"
            ),
        );
        param["schema"] = replacement;
    }
}

/// The offset, page and limit parameters of `pagination` are counts: one HighLevel types `number` is
/// `integer` (the generator counts pages with integers, and `10` goes over the wire, not `10.0`), unless
/// a value its schema states (`default`, `example`, `minimum`, `maximum`) is not a whole number.
fn integer_counts(
    params: &mut [Value],
    pagination: &Value,
    op: &Value,
    shared: &[Value],
    at: &Pointer,
    r: &mut Repairs,
) {
    for key in ["offsetParam", "pageParam", "limitParam"] {
        let Some(name) = pagination.get(key).and_then(Value::as_str) else { continue };
        let is_it = |p: &Value| {
            p.get("name").and_then(Value::as_str) == Some(name) && p.get("in").and_then(Value::as_str) == Some("query")
        };
        let Some(schema) = params.iter_mut().find(|p| is_it(p)).and_then(|p| p.get_mut("schema")) else { continue };
        let stated = ["default", "example", "minimum", "maximum"];
        let whole_number = |v: &Value| v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0);
        // A count typed `string` is one when every value it states is a whole number (a number or the
        // text of one): on the wire `offset=10` is the same text either way.
        let as_count = |v: &Value| match v {
            Value::String(text) => text.parse::<u64>().ok().map(Value::from),
            other => Some(other.clone()),
        };
        let typed = schema.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
        let whole = match typed.as_str() {
            "number" => stated.iter().filter_map(|k| schema.get(*k)).all(|v| !v.is_number() || whole_number(v)),
            "string" if !schema.get("enum").is_some_and(Value::is_array) && schema.get("format").is_none() => {
                stated.iter().filter_map(|k| schema.get(*k)).all(|v| as_count(v).is_some_and(|n| whole_number(&n)))
            }
            _ => false,
        };
        if !whole {
            continue;
        }
        for k in stated {
            if let Some(count) = schema.get(k).and_then(as_count) {
                schema[k] = count;
            }
        }
        schema["type"] = "integer".into();
        // Where upstream declares it: the operation's own parameters, or its path item's.
        let item = at.parent().unwrap_or_else(|| at.clone());
        let own = op.get("parameters").and_then(Value::as_array).and_then(|l| l.iter().position(is_it));
        let pointer = own
            .map(|i| at.child("parameters").child(i))
            .or_else(|| shared.iter().position(is_it).map(|i| item.child("parameters").child(i)))
            .unwrap_or_else(|| at.child("parameters"));
        r.add(
            "paging-count-integer",
            &pointer,
            format!("`{name}` counts (`{key}`): `type: {typed}` with whole-number values is `integer`"),
        );
    }
}

/// The requirement with each scheme mapped to the root's, and the scopes HighLevel gives its bearer
/// schemes (OpenAPI 3.0 allows scopes for OAuth 2 and OpenID Connect only) moved to `x-scopes`.
fn security(stated: Option<&Value>, at: &Pointer, r: &mut Repairs) -> (Vec<Value>, Vec<String>) {
    let Some(Value::Array(stated)) = stated else {
        r.add(
            "no-security",
            &at.child("security"),
            "no security requirement, and HighLevel's file has none for the document: `security: []` (no credential sent)",
        );
        return (Vec::new(), Vec::new());
    };
    let mut requirements: Vec<Value> = Vec::new();
    let mut scopes: Vec<String> = Vec::new();
    for requirement in stated {
        let Some(requirement) = requirement.as_object() else { continue };
        let mut kept = Map::new();
        for (name, listed) in requirement {
            kept.insert(mapped(name).to_string(), json!([]));
            for scope in listed.as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !scopes.iter().any(|s| s == scope) {
                    scopes.push(scope.to_string());
                }
            }
        }
        let kept = Value::Object(kept);
        if !requirements.contains(&kept) {
            requirements.push(kept);
        }
    }
    if !scopes.is_empty() {
        r.add(
            "bearer-scopes",
            &at.child("security"),
            format!("the scopes `{}` of an http bearer scheme moved to `x-scopes`", scopes.join("`, `")),
        );
    }
    (requirements, scopes)
}

/// Keywords of a schema that HighLevel sometimes writes beside a parameter's `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type", "enum", "format", "items", "default", "anyOf", "oneOf", "allOf", "minimum", "maximum", "pattern",
    "nullable",
];

fn parameters(op: &Value, shared: &[Value], path: &str, at: &Pointer, r: &mut Repairs) -> Vec<Value> {
    let own: Vec<Value> = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut listed: Vec<(Pointer, Value)> =
        own.iter().enumerate().map(|(i, p)| (at.child("parameters").child(i), p.clone())).collect();
    for p in shared {
        let same = |q: &Value| q.get("name") == p.get("name") && q.get("in") == p.get("in");
        if !own.iter().any(same) {
            listed.push((Pointer::root().child("paths").child(path).child("parameters").child("0"), p.clone()));
        }
    }
    let mut out: Vec<Value> = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for (at_p, p) in &listed {
        let Some(obj) = p.as_object() else { continue };
        let name = obj.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let location = obj.get("in").and_then(Value::as_str).unwrap_or_default().to_string();
        if seen.contains(&(name.clone(), location.clone())) {
            r.add(
                "duplicate-parameter",
                at_p,
                format!("the {location} parameter `{name}` is declared again: the first is kept"),
            );
            continue;
        }
        let in_path = listed.iter().any(|(_, q)| {
            q.get("name").and_then(Value::as_str) == Some(&name) && q.get("in").and_then(Value::as_str) == Some("path")
        });
        if location != "path" && in_path {
            r.add(
                "duplicate-parameter",
                at_p,
                format!("`{name}` is declared both as a path and as a {location} parameter: the {location} one is dropped (the path carries it)"),
            );
            continue;
        }
        seen.push((name.clone(), location.clone()));
        let mut q = Map::new();
        for key in ["name", "in", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved"] {
            if let Some(v) = obj.get(key) {
                q.insert(key.into(), v.clone());
            }
        }
        if location == "path" && obj.get("required") != Some(&Value::Bool(true)) {
            r.add(
                "path-parameter-required",
                &at_p.child("required"),
                format!("the path parameter `{name}` was not marked required: it is"),
            );
            q.insert("required".into(), Value::Bool(true));
        }
        let mut s = obj.get("schema").map(|s| schema::schema(s, &at_p.child("schema"), false, r));
        let beside: Vec<&str> = SCHEMA_KEYWORDS.iter().copied().filter(|k| obj.contains_key(*k)).collect();
        if !beside.is_empty() {
            let mut moved = Map::new();
            for k in &beside {
                moved.insert(k.to_string(), obj[*k].clone());
            }
            let moved = schema::schema(&Value::Object(moved), at_p, false, r);
            let target = s.get_or_insert_with(|| json!({}));
            if let (Some(target), Some(moved)) = (target.as_object_mut(), moved.as_object()) {
                for (k, v) in moved {
                    target.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            r.add(
                "parameter-schema-keywords",
                at_p,
                format!("`{}` beside the parameter's schema moved into it", beside.join("`, `")),
            );
        }
        if let Some(s) = s {
            q.insert("schema".into(), s);
        }
        if let Some(example) = obj.get("example") {
            let allowed = q.get("schema").and_then(|s| s.get("enum")).and_then(Value::as_array);
            if allowed.is_some_and(|values| !values.contains(example)) {
                r.add(
                    "example-outside-enum",
                    &at_p.child("example"),
                    format!("dropped the example {example}, which is not one of the enum's values"),
                );
            } else {
                q.insert("example".into(), example.clone());
            }
        }
        if let Some(examples) = obj.get("examples") {
            q.insert("examples".into(), examples_of(examples));
        }
        if let Some(content) = obj.get("content") {
            q.insert("content".into(), content_of(content, &at_p.child("content"), r));
        }
        out.push(Value::Object(q));
    }
    // Path template variables nobody declared: a required string path parameter each, placed
    // before the first declared path parameter that comes later in the template.
    let variables = codegen::path_template::variables(path);
    for (index, var) in variables.iter().enumerate() {
        let declared = out.iter().any(|p| {
            p.get("in").and_then(Value::as_str) == Some("path")
                && p.get("name").and_then(Value::as_str) == Some(var.as_str())
        });
        if declared {
            continue;
        }
        let later: Vec<&String> = variables[index + 1..].iter().collect();
        let position = out
            .iter()
            .position(|p| {
                p.get("in").and_then(Value::as_str) == Some("path")
                    && p.get("name").and_then(Value::as_str).is_some_and(|n| later.iter().any(|l| l.as_str() == n))
            })
            .unwrap_or(out.len());
        out.insert(position, json!({"name": var, "in": "path", "required": true, "schema": {"type": "string"}}));
        r.add(
            "undeclared-path-parameter",
            &at.child("parameters"),
            format!("`{{{var}}}` is in the path but not declared: a required string path parameter `{var}` is"),
        );
    }
    out
}

fn examples_of(examples: &Value) -> Value {
    let Some(map) = examples.as_object() else { return examples.clone() };
    let cleaned = map.iter().map(|(name, e)| {
        let kept = match e.as_object() {
            Some(e) => Value::Object(
                e.iter().filter(|(k, _)| *k != "description").map(|(k, v)| (k.clone(), v.clone())).collect(),
            ),
            None => e.clone(),
        };
        (name.clone(), kept)
    });
    Value::Object(cleaned.collect())
}

fn content_of(content: &Value, at: &Pointer, r: &mut Repairs) -> Value {
    let Some(map) = content.as_object() else { return content.clone() };
    let mut out = Map::new();
    for (media, m) in map {
        let at_m = at.child(media);
        let mut kept = Map::new();
        if let Some(s) = m.get("schema") {
            kept.insert("schema".into(), schema::schema(s, &at_m.child("schema"), false, r));
        } else if media.starts_with("multipart/") || media == "application/x-www-form-urlencoded" {
            r.add("form-without-schema", &at_m, format!("`{media}` with no schema: an object schema (any fields)"));
            kept.insert("schema".into(), json!({"type": "object"}));
        }
        if let Some(e) = m.get("example") {
            kept.insert("example".into(), e.clone());
        }
        if let Some(e) = m.get("examples") {
            kept.insert("examples".into(), examples_of(e));
        }
        if let Some(e) = m.get("encoding") {
            kept.insert("encoding".into(), e.clone());
        }
        out.insert(media.clone(), Value::Object(kept));
    }
    Value::Object(out)
}

fn responses(stated: Option<&Value>, at: &Pointer, r: &mut Repairs) -> Value {
    let Some(map) = stated.and_then(Value::as_object) else { return json!({}) };
    let mut statuses: Vec<&String> = map.keys().collect();
    statuses.sort();
    let mut out = Map::new();
    for status in statuses {
        let at_s = at.child(status);
        let response = &map[status];
        let mut kept = Map::new();
        // OpenAPI requires a description: ours, the status's reason phrase, instead of HighLevel's.
        kept.insert("description".into(), Value::String(reason(status)));
        if let Some(headers) = response.get("headers").and_then(Value::as_object) {
            let mut h = Map::new();
            for (name, header) in headers {
                // OpenAPI: a response header named `Content-Type` is ignored (the media type is the
                // content's key). Tools that do not ignore it (Prism) invent a media type from it.
                if name.eq_ignore_ascii_case("content-type") {
                    r.add(
                        "content-type-header",
                        &at_s.child("headers").child(name),
                        "dropped the response header `Content-Type`, which OpenAPI says to ignore",
                    );
                    continue;
                }
                let mut hv = Map::new();
                for (k, v) in header.as_object().into_iter().flatten() {
                    match k.as_str() {
                        "description" => {}
                        "schema" => {
                            hv.insert(
                                k.clone(),
                                schema::schema(v, &at_s.child("headers").child(name).child("schema"), false, r),
                            );
                        }
                        _ => {
                            hv.insert(k.clone(), v.clone());
                        }
                    }
                }
                if !hv.contains_key("schema") && !hv.contains_key("content") {
                    r.add(
                        "header-schema",
                        &at_s.child("headers").child(name),
                        format!("the response header `{name}` has no schema: a string"),
                    );
                    hv.insert("schema".into(), json!({"type": "string"}));
                }
                h.insert(name.clone(), Value::Object(hv));
            }
            kept.insert("headers".into(), Value::Object(h));
        }
        if let Some(content) = response.get("content") {
            kept.insert("content".into(), content_of(content, &at_s.child("content"), r));
        }
        out.insert(status.clone(), Value::Object(kept));
    }
    Value::Object(out)
}

/// The reason phrase of `status` (RFC 9110), our text for a response's required description.
fn reason(status: &str) -> String {
    let phrase = match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "Non-Authoritative Information",
        "204" => "No Content",
        "206" => "Partial Content",
        "301" => "Moved Permanently",
        "302" => "Found",
        "304" => "Not Modified",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "Precondition Failed",
        "413" => "Content Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Content",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "501" => "Not Implemented",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "504" => "Gateway Timeout",
        "default" => "Any other status",
        other => return format!("Status {other}"),
    };
    phrase.to_string()
}

/// The schema of the one property of the object `schema` stands for, when that property is `name`.
fn member_named(m: &Module, schema: &Value, name: &str) -> Option<Value> {
    let object = resolve(m, schema)?;
    let properties = object.get("properties")?.as_object()?;
    match (properties.len(), properties.get(name)) {
        (1, Some(member)) => Some(member.clone()),
        _ => None,
    }
}

/// The schema a cleaned schema stands for: refs (markers) followed in the module, then the shared file.
pub fn resolve<'a>(m: &'a Module, mut s: &'a Value) -> Option<&'a Value> {
    for _ in 0..32 {
        let Some(reference) = s.get("$ref").and_then(Value::as_str) else { return Some(s) };
        s = match reference.strip_prefix(LOCAL) {
            Some(name) => m.schemas.get(name)?,
            None => m.common.get(reference.strip_prefix(schema::COMMON)?)?,
        };
    }
    None
}
