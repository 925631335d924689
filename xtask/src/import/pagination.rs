//! `x-pagination` from an operation's query parameters and its success body's shape (the forms are in
//! `spec/README.md`). Only what both sides show is written: the parameters that move through the pages,
//! and one list field of the body to hold the items.

use serde_json::{json, Map, Value};

use super::operations::{resolve, Module};

const LIMITS: &[&str] = &["limit", "pageSize", "pageLimit", "pageLength", "perPage"];
const TOTALS: &[&str] = &["total", "totalCount"];
const HAS_MORE: &[&str] = &["hasMore", "nextPage"];

/// The `x-pagination` of an operation with these (cleaned) parameters and responses, and a line for
/// the report.
pub fn detect(m: &Module, params: &[Value], responses: &Value) -> Option<(Value, String)> {
    let query: Vec<&str> = params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .collect();
    let has = |name: &str| query.contains(&name);
    let body = success_body(m, responses)?;
    let props = body.get("properties")?.as_object()?;
    let type_of = |s: &Value| resolve(m, s).and_then(|s| s.get("type")).and_then(Value::as_str).map(str::to_string);
    let lists: Vec<&String> =
        props.iter().filter(|(_, s)| type_of(s).as_deref() == Some("array")).map(|(k, _)| k).collect();
    let [items] = lists.as_slice() else { return None };
    let meta: Map<String, Value> = props
        .get("meta")
        .and_then(|s| resolve(m, s))
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    // A total is a count: an `integer` field is one; a `number` one (HighLevel's usual type) is named
    // in the report but not written, since `totalField` must be an integer field.
    let type_of_total = |s: &Value| type_of(s).filter(|t| t == "number" || t == "integer");
    let (total, total_type) = TOTALS
        .iter()
        .find_map(|t| props.get(*t).and_then(type_of_total).map(|ty| (t.to_string(), ty)))
        .or_else(|| meta.get("total").and_then(type_of_total).map(|ty| ("meta.total".to_string(), ty)))
        .unzip();
    let (total, number_total) = match total_type.as_deref() {
        Some("integer") => (total, None),
        _ => (None, total),
    };
    let limit = LIMITS.iter().find(|l| has(l)).map(|l| l.to_string());
    let mut out = Map::new();
    let what;
    if has("startAfter") && has("startAfterId") && meta.contains_key("startAfter") && meta.contains_key("startAfterId")
    {
        out.insert(
            "cursorParams".into(),
            json!({"startAfter": "meta.startAfter", "startAfterId": "meta.startAfterId"}),
        );
        what = "cursors `startAfter` and `startAfterId` (from `meta`)".to_string();
    } else if let Some((param, field)) = cursor(&query, props, &type_of) {
        out.insert("cursorParam".into(), json!(param));
        out.insert("cursorField".into(), json!(field));
        what = format!("cursor `{param}` (next from `{field}`)");
        if let Some(more) =
            HAS_MORE.iter().find(|h| props.get(**h).is_some_and(|s| type_of(s).as_deref() == Some("boolean")))
        {
            out.insert("hasMoreField".into(), json!(more));
        }
    } else if let Some(offset) = ["skip", "offset"].into_iter().find(|o| has(o)) {
        out.insert("offsetParam".into(), json!(offset));
        what = format!("offset `{offset}`");
        if let Some(limit) = &limit {
            out.insert("limitParam".into(), json!(limit));
        }
    } else if has("page") {
        out.insert("pageParam".into(), json!("page"));
        what = "page numbers `page`".to_string();
        if let Some(limit) = &limit {
            out.insert("limitParam".into(), json!(limit));
        }
    } else {
        return None;
    }
    out.insert("itemsField".into(), json!(items));
    let is_offset_or_page = out.contains_key("offsetParam") || out.contains_key("pageParam");
    if let (true, Some(total)) = (is_offset_or_page, &total) {
        out.insert("totalField".into(), json!(total));
    }
    let mut line = format!("{what}, items `{items}`");
    if let Some(limit) = out.get("limitParam").and_then(Value::as_str) {
        line.push_str(&format!(", limit `{limit}`"));
    }
    if let Some(more) = out.get("hasMoreField").and_then(Value::as_str) {
        line.push_str(&format!(", more while `{more}`"));
    }
    if let Some(total) = out.get("totalField").and_then(Value::as_str) {
        line.push_str(&format!(", total `{total}`"));
    }
    if let (true, Some(total)) = (is_offset_or_page, &number_total) {
        line.push_str(&format!(" (`{total}` is typed `number`, not `integer`: no `totalField`)"));
    }
    Some((Value::Object(out), line))
}

/// A cursor parameter (`cursor`, `after`, `pageToken`, `last…Id`) whose next value the body gives as
/// a string field of the same name or `next` + its name.
fn cursor(
    query: &[&str],
    props: &Map<String, Value>,
    type_of: &dyn Fn(&Value) -> Option<String>,
) -> Option<(String, String)> {
    for param in query {
        let named = matches!(*param, "cursor" | "after" | "pageToken" | "nextPageToken")
            || (param.starts_with("last") && param.ends_with("Id"));
        if !named {
            continue;
        }
        let mut upper = param.to_string();
        upper[..1].make_ascii_uppercase();
        for field in [param.to_string(), format!("next{upper}")] {
            if props.get(&field).is_some_and(|s| type_of(s).as_deref() == Some("string")) {
                return Some((param.to_string(), field));
            }
        }
    }
    None
}

/// The JSON body of the first 2XX response, resolved.
fn success_body<'a>(m: &'a Module, responses: &'a Value) -> Option<&'a Value> {
    let map = responses.as_object()?;
    let (_, response) = map.iter().find(|(status, _)| status.starts_with('2'))?;
    let schema = response.pointer("/content/application~1json/schema")?;
    resolve(m, schema)
}
