//! `x-envelope` on a response's media type: the body may also arrive wrapped in an object whose
//! member `property` holds the documented body (see `spec/README.md` of a spec that uses it).
//!
//! ```yaml
//! content:
//!   application/json:
//!     schema: {$ref: '#/components/schemas/Page'}
//!     x-envelope: {property: data}   # `{"data": <Page>, "traceId": "…"}` decodes as a Page too
//! ```

use openapiv3::Response;
use serde_json::Value;

use super::ir::Envelope;
use crate::diagnostics::{Diagnostics, Lint};
use crate::media::is_json;
use crate::pointer::Pointer;

/// The envelope declared on the decoded (JSON) media type of `response` (at `at`), if any. A
/// malformed or misplaced declaration is warned about and ignored: the documented body still
/// decodes. Only a success body unwraps: an error variant has nowhere to keep the envelope's
/// other members, and dropping them would lose what the server sent.
pub(super) fn read(response: &Response, success: bool, at: &str, diags: &mut Diagnostics) -> Option<Envelope> {
    let decoded = response.content.keys().find(|media| is_json(media));
    let mut envelope = None;
    for (media, content) in &response.content {
        let Some(ext) = content.extensions.get("x-envelope") else {
            continue;
        };
        let here = Pointer::from(at).child("content").child(media).child("x-envelope");
        if Some(media) != decoded {
            diags.warn(
                Lint::InvalidExtension,
                &here,
                format!("`x-envelope` on `{media}` is ignored: only the JSON body of a response is decoded"),
            );
            continue;
        }
        if !success {
            diags.warn(
                Lint::InvalidExtension,
                &here,
                "`x-envelope` on an error response is ignored: only a success body may arrive wrapped, \
                 so a wrapped error body is the \"body does not match\" error",
            );
            continue;
        }
        envelope = parse(ext, &here, diags);
    }
    envelope
}

fn parse(ext: &Value, at: &str, diags: &mut Diagnostics) -> Option<Envelope> {
    let usage =
        "write `x-envelope: {property: NAME}`, NAME being the member of the envelope that holds the documented body";
    let Some(fields) = ext.as_object() else {
        diags.warn(Lint::InvalidExtension, at, "`x-envelope` must be an object; it is ignored").help(usage);
        return None;
    };
    for key in fields.keys().filter(|k| k.as_str() != "property") {
        diags.warn(
            Lint::InvalidExtension,
            Pointer::from(at).child(key),
            format!("unknown `x-envelope` key `{key}` is ignored"),
        );
    }
    match fields.get("property").and_then(Value::as_str).map(str::trim) {
        Some(property) if !property.is_empty() => Some(Envelope { property: property.to_string() }),
        _ => {
            diags
                .warn(Lint::InvalidExtension, at, "`x-envelope` needs a non-empty string `property`; it is ignored")
                .help(usage);
            None
        }
    }
}
