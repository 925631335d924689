//! Stage 2, check: repair what is safe to repair (with warnings), then find every error that would
//! stop generation — broken or circular refs, pieces the typed model refuses, duplicate operation ids —
//! and report them all, not just the first.

mod openapi31;
mod repair;
mod walk;

use std::collections::{HashMap, HashSet};

use openapiv3::OpenAPI;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, ErrorKind};
use crate::pointer::Pointer;
use crate::site::Kind;

pub use openapi31::WEBHOOKS_AT;
pub use walk::METHODS;

/// Repairs `doc` in place and parses it into the typed model. `None` when errors were found.
pub fn check(doc: &mut Value, diags: &mut Diagnostics) -> Option<OpenAPI> {
    check_refs(doc, diags);
    if !repair::repair(doc, diags) {
        return None;
    }
    drop_unparsable_pieces(doc, diags);
    check_operation_ids(doc, diags);
    fill_encoding_explode(doc);
    let api = match parse::<OpenAPI>(doc) {
        Ok(api) => Some(api),
        Err((pointer, message)) => {
            diags.error(ErrorKind::NotOpenapi, pointer, format!("not a valid OpenAPI 3.0 document: {message}"));
            None
        }
    };
    if diags.has_errors() {
        None
    } else {
        api
    }
}

/// The typed model reads an `encoding` object without `explode` as `explode: false`, but OpenAPI's
/// default for the `form` style (itself the default) is `true`: the default is written in before
/// parsing, so that lower reads what the spec means.
fn fill_encoding_explode(doc: &mut Value) {
    walk::walk_mut(
        doc,
        &mut walk::Visitor {
            schema: &mut |_, _| {},
            operation: &mut |_, _| {},
            encoding: &mut |_, field| {
                let form = field.get("style").is_none_or(|style| style == "form");
                if form && !field.contains_key("explode") {
                    field.insert("explode".into(), Value::Bool(true));
                }
            },
        },
    );
}

/// Every local `$ref` must point at something, and chains of refs must end. A chain of refs to
/// anything but a schema (a parameter that refs a parameter that refs …) is followed here, once, and
/// the ref rewritten to name its end, so that later stages look one ref up, never a chain. (A schema
/// that is a ref to another is kept: it names a type, an alias.)
fn check_refs(doc: &mut Value, diags: &mut Diagnostics) {
    let mut refs = Vec::new();
    collect_refs(doc, &Pointer::root(), &mut refs);
    for (at, reference) in &refs {
        let Some(fragment) = reference.strip_prefix('#') else {
            continue; // left unresolved by the loader, which reported it
        };
        if doc.pointer(fragment).is_none() {
            diags
                .error(ErrorKind::BrokenRef, at.child("$ref"), format!("`{reference}` points at nothing"))
                .help("check the spelling of the target; refs are case-sensitive");
            continue;
        }
        // Follow a chain of bare refs: A → B → A never ends.
        let mut seen = HashSet::from([fragment.to_string()]);
        let mut current = fragment.to_string();
        let mut ends = true;
        while let Some(next) =
            doc.pointer(&current).and_then(|v| v.get("$ref")).and_then(Value::as_str).and_then(|r| r.strip_prefix('#'))
        {
            if !seen.insert(next.to_string()) {
                diags.error(
                    ErrorKind::BrokenRef,
                    at.child("$ref"),
                    format!("`{reference}` is part of a cycle of references that never reaches a definition"),
                );
                ends = false;
                break;
            }
            if doc.pointer(next).is_none() {
                ends = false; // reported where that ref stands
                break;
            }
            current = next.to_string();
        }
        if ends && current != fragment && !matches!(crate::site::kind_at(at), Kind::Schema | Kind::Literal) {
            if let Some(node) = doc.pointer_mut(at) {
                node["$ref"] = Value::String(format!("#{current}"));
            }
        }
    }
}

fn collect_refs(v: &Value, at: &Pointer, out: &mut Vec<(Pointer, String)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((at.clone(), r.clone()));
            }
            for (k, inner) in map {
                collect_refs(inner, &at.child(k), out);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                collect_refs(inner, &at.child(i), out);
            }
        }
        _ => {}
    }
}

/// Parses each path item and component on its own, so that every one the typed model refuses is
/// reported (with the path inside it), and removed so the rest can still be checked.
fn drop_unparsable_pieces(doc: &mut Value, diags: &mut Diagnostics) {
    fn each<T: DeserializeOwned>(doc: &mut Value, section: &str, diags: &mut Diagnostics) {
        let Some(Value::Object(items)) = doc.pointer_mut(section) else { return };
        let mut broken = Vec::new();
        for (name, item) in items.iter() {
            if let Err((inner, message)) = parse::<openapiv3::ReferenceOr<T>>(item) {
                let at = format!("{}{inner}", Pointer::from(section).child(name));
                diags.error(
                    ErrorKind::NotOpenapi,
                    at,
                    format!(
                        "not a valid {}: {message}",
                        std::any::type_name::<T>().rsplit("::").next().unwrap_or("object")
                    ),
                );
                broken.push(name.clone());
            }
        }
        for name in broken {
            items.shift_remove(&name);
        }
    }
    each::<openapiv3::PathItem>(doc, "/paths", diags);
    each::<openapiv3::PathItem>(doc, "/x-webhooks", diags);
    each::<openapiv3::Schema>(doc, "/components/schemas", diags);
    each::<openapiv3::Parameter>(doc, "/components/parameters", diags);
    each::<openapiv3::Response>(doc, "/components/responses", diags);
    each::<openapiv3::RequestBody>(doc, "/components/requestBodies", diags);
    each::<openapiv3::Header>(doc, "/components/headers", diags);
    each::<openapiv3::SecurityScheme>(doc, "/components/securitySchemes", diags);
}

/// Operation ids identify operations (and name the client's methods): two operations of one API
/// module (`x-module`; or of none) may not share one; the same id in two modules names two methods
/// of two module handles. Ids that differ only in case or separators are distinct ids; lower gives
/// the second a new method name, with a warning.
fn check_operation_ids(doc: &Value, diags: &mut Diagnostics) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return };
    let mut first: HashMap<(Option<&Value>, &str), String> = HashMap::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(id) = item.get(method).and_then(|op| op.get("operationId")).and_then(Value::as_str) else {
                continue;
            };
            let module = item.get(method).and_then(|op| op.get(crate::load::modules::MODULE));
            let at = Pointer::root().child("paths").child(path).child(method).child("operationId");
            match first.get(&(module, id)) {
                Some(previous) => {
                    diags
                        .error(
                            ErrorKind::DuplicateOperationId,
                            &at,
                            format!("operationId `{id}` is also the id of {previous}"),
                        )
                        .help("give each operation a distinct operationId");
                }
                None => {
                    first.insert((module, id), format!("the operation at {at}"));
                }
            }
        }
    }
}

/// Deserialises with the path of the first failure, as a JSON pointer suffix.
fn parse<T: DeserializeOwned>(v: &Value) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        use serde_path_to_error::Segment;
        let mut pointer = Pointer::root();
        for segment in e.path().iter() {
            match segment {
                Segment::Seq { index } => pointer.push(index),
                Segment::Map { key } => pointer.push(key),
                Segment::Enum { variant } => pointer.push(variant),
                Segment::Unknown => {}
            }
        }
        (pointer.into(), e.into_inner().to_string())
    })
}
