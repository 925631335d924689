//! Doc text for the generated items, from the spec's descriptions and examples.

use openapiv3::SchemaData;
use serde_json::Value;

/// The doc of a schema: title, description, example, deprecation.
pub fn schema(data: &SchemaData) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = data.title.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(t.trim().to_string());
    }
    if let Some(d) = data.description.as_deref().filter(|d| !d.trim().is_empty()) {
        parts.push(d.trim().to_string());
    }
    if let Some(e) = &data.example {
        parts.push(example(e));
    }
    if data.deprecated {
        parts.push("Deprecated.".into());
    }
    join(parts)
}

/// "Example: `…`" for a JSON example value.
pub fn example(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    format!("Example: `{}`", text.replace('`', "'"))
}

/// Joins non-empty paragraphs.
pub fn join(parts: Vec<String>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}
