//! Request bodies in every media type the client sends (JSON, form, multipart, bytes, text), and
//! what a response body is read as.

use openapiv3::{
    MediaType, QueryStyle, ReferenceOr, RequestBody as OasRequestBody, Response, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::ir::{Body, BodyForm, BodyKind, FormStyle, MultipartBody, Part, PartKind, RequestBody, TypeRef};
use super::names::{self, Namespace};
use super::{docs, resolve, OperationLowering};
use crate::diagnostics::Lint;
use crate::media::{self, essence, is_json, is_wildcard};
use crate::pointer::Pointer;

/// The kind of body a media type is, before its schema is looked at: the one rule of [`media`].
type MediaClass = media::Class;

/// What each kind of body is called in the request builder's API.
trait BodyNames {
    fn setter(self) -> &'static str;
    fn type_infix(self) -> &'static str;
}

impl BodyNames for MediaClass {
    /// The setter of a form that is not the default (each is in `members::request_builder`).
    fn setter(self) -> &'static str {
        match self {
            MediaClass::Json => "json_body",
            MediaClass::Form => "form_body",
            MediaClass::Multipart => "multipart_body",
            MediaClass::Text => "text_body",
            MediaClass::Bytes => "bytes_body",
        }
    }

    /// The name part of a body type that is not the default form's.
    fn type_infix(self) -> &'static str {
        match self {
            MediaClass::Json => "Json",
            MediaClass::Form => "Form",
            MediaClass::Multipart => "Multipart",
            MediaClass::Text => "Text",
            MediaClass::Bytes => "Bytes",
        }
    }
}

/// Whether a schema is a file: a `binary` string (3.1's `contentMediaType` is read as one).
fn is_binary(schema: Option<&Schema>) -> bool {
    matches!(
        schema.map(|s| &s.schema_kind),
        Some(SchemaKind::Type(Type::String(s))) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

impl OperationLowering<'_, '_> {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<OasRequestBody>,
        builder: &str,
        multipart_names: &mut Namespace,
    ) -> Option<RequestBody> {
        let at = Pointer::from(&self.at).child("requestBody");
        let components = self.api.components.as_ref();
        let body = match resolve(body, "requestBodies", components.map(|c| &c.request_bodies)) {
            Ok((body, _)) => body,
            Err(reference) => {
                self.types.diags.warn(
                    Lint::UnresolvedRef,
                    &at,
                    format!("request body ref `{reference}` does not resolve; the operation is emitted without a body"),
                );
                return None;
            }
        };
        // One form per kind, the first media type of each; JSON is the default wherever offered.
        let mut chosen: Vec<(MediaClass, Vec<(&String, &MediaType)>)> = Vec::new();
        for (media, m) in &body.content {
            let mut class = media::class(media);
            let schema = m.schema.as_ref().and_then(|s| self.types.resolve(s, 0));
            // `*/*` or `application/*` with a file schema is a binary body; with any other, JSON.
            if is_wildcard(media) && is_json(media) && !is_binary(schema) {
                class = MediaClass::Json;
            }
            if class == MediaClass::Text && is_binary(schema) {
                class = MediaClass::Bytes;
            }
            match chosen.iter_mut().find(|(c, _)| *c == class) {
                Some((_, list)) => list.push((media, m)),
                None => chosen.push((class, vec![(media, m)])),
            }
        }
        if let Some(json) = chosen.iter().position(|(c, _)| *c == MediaClass::Json) {
            let json = chosen.remove(json);
            chosen.insert(0, json);
        }
        if chosen.is_empty() {
            self.types.diags.warn(
                Lint::UnsupportedBody,
                &at,
                "the request body documents no media type; the operation is emitted without a body",
            );
            return None;
        }
        let mut forms = Vec::new();
        for (i, (class, media)) in chosen.into_iter().enumerate() {
            let (setter, hint) = if i == 0 {
                ("body".to_string(), format!("{builder}Body"))
            } else {
                (class.setter().to_string(), format!("{builder}{}Body", class.type_infix()))
            };
            let (first, m) = media[0];
            let media_at = at.child("content").child(first);
            let schema_at = media_at.child("schema");
            let lower = |this: &mut Self, hint: &str| match &m.schema {
                Some(s) => this.types.lower(s, hint, &schema_at),
                None => TypeRef::Any,
            };
            // Several media types of one kind (or a pattern): the caller says which it sends.
            let content_type = || (media.len() == 1 && !is_wildcard(first)).then(|| first.clone());
            let kind = match class {
                MediaClass::Json => {
                    // A vendor JSON type (`application/vnd.api+json`) is named as the spec names
                    // it; `application/json` is what a JSON body is sent as anyway, and a pattern
                    // (`*/*`) names no type.
                    let essence = essence(first);
                    let named = essence != "application/json" && !is_wildcard(&essence);
                    BodyKind::Json { ty: lower(self, &hint), content_type: named.then(|| first.clone()) }
                }
                MediaClass::Form => {
                    let ty = lower(self, &hint);
                    BodyKind::Form { ty, styles: self.form_styles(m, &media_at) }
                }
                MediaClass::Multipart => match self.multipart(m, &hint, &media_at, multipart_names) {
                    Some(multipart) => BodyKind::Multipart(multipart),
                    None => BodyKind::Bytes { content_type: None },
                },
                MediaClass::Text => BodyKind::Text { content_type: content_type() },
                MediaClass::Bytes => BodyKind::Bytes { content_type: content_type() },
            };
            forms.push(BodyForm { media_type: first.clone(), setter, kind });
        }
        Some(RequestBody { required: body.required, doc: body.description.clone(), forms })
    }

    /// The styles of a form's fields that are not the default (`form`, exploded).
    fn form_styles(&mut self, m: &MediaType, at: &str) -> Vec<(String, FormStyle)> {
        let mut styles = Vec::new();
        for (field, encoding) in &m.encoding {
            let style = if encoding.content_type.as_deref().is_some_and(is_json) {
                FormStyle::Json
            } else {
                // `explode` is `true` unless the spec says otherwise: check writes that default in.
                match encoding.style {
                    None | Some(QueryStyle::Form) => FormStyle::Form { explode: encoding.explode },
                    Some(QueryStyle::SpaceDelimited) => FormStyle::SpaceDelimited,
                    Some(QueryStyle::PipeDelimited) => FormStyle::PipeDelimited,
                    Some(QueryStyle::DeepObject) => FormStyle::DeepObject,
                }
            };
            if encoding.content_type.as_deref().is_some_and(|t| !is_json(t) && essence(t) != "text/plain") {
                self.types.diags.warn(
                    Lint::UnsupportedStyle,
                    Pointer::from(at).child("encoding").child(field),
                    format!(
                        "form field `{field}`: content type `{}` is not applied; the field is sent as text",
                        encoding.content_type.as_deref().unwrap_or("")
                    ),
                );
            }
            if style != (FormStyle::Form { explode: true }) {
                styles.push((field.clone(), style));
            }
        }
        styles
    }

    /// A multipart body's struct: a field per property of its (object) schema. `None`, with a
    /// warning, when the schema is not an object.
    fn multipart(&mut self, m: &MediaType, hint: &str, at: &str, names_used: &mut Namespace) -> Option<MultipartBody> {
        let schema_at = Pointer::from(at).child("schema");
        let object = m.schema.as_ref().and_then(|s| self.types.object_parts(s, 0));
        let Some((properties, required)) = object else {
            self.types
                .diags
                .warn(Lint::UnsupportedBody, &schema_at, "the multipart body's schema is not an object; the caller sends the body as bytes, encoded and with its `Content-Type` (boundary included)");
            return None;
        };
        let open = !matches!(
            m.schema.as_ref().and_then(|s| self.types.resolve(s, 0)).map(|s| &s.schema_kind),
            Some(SchemaKind::Type(Type::Object(o))) if o.additional_properties == Some(openapiv3::AdditionalProperties::Any(false))
        );
        let name =
            self.claim(names_used, &format!("{}Multipart", hint.trim_end_matches("Body")), "multipart body type");
        let mut fields = Namespace::with_reserved(names::multipart::ALL);
        let mut parts = Vec::new();
        for (wire, property) in &properties {
            let property_at = schema_at.child("properties").child(wire);
            let resolved = self.types.resolve_boxed(property);
            let items = match resolved.map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::Array(a))) => a.items.as_ref().and_then(|i| self.types.resolve_boxed(i)),
                _ => None,
            };
            let (file, files) = (is_binary(resolved), is_binary(items));
            let doc = docs::join(resolved.and_then(|s| s.schema_data.description.clone()).into_iter().collect());
            let encoding = m.encoding.get(wire).and_then(|e| e.content_type.as_deref());
            // The encoding's first media type is the default of a file part.
            let declared = encoding.and_then(|t| t.split(',').map(str::trim).find(|t| !t.is_empty()));
            let file_type = declared.filter(|t| !is_wildcard(t)).unwrap_or("application/octet-stream").to_string();
            let kind = if file {
                PartKind::File { content_type: file_type }
            } else if files {
                PartKind::Files { content_type: file_type }
            } else {
                let ty = self.types.lower_boxed(property, &format!("{name}{}", names::upper_camel(wire)), &property_at);
                if declared.is_some_and(is_json) {
                    PartKind::Json(ty)
                } else {
                    PartKind::Value(ty)
                }
            };
            let claimed = fields.claim(&names::snake(wire));
            if claimed.changed {
                self.types.diags.warn(
                    Lint::Rename,
                    &property_at,
                    format!("multipart part `{wire}` is the field `{}` to keep names unique", claimed.name),
                );
            }
            parts.push(Part { wire: wire.clone(), ident: claimed.name, kind, required: required.contains(wire), doc });
        }
        let doc =
            m.schema.as_ref().and_then(|s| self.types.resolve(s, 0)).and_then(|s| s.schema_data.description.clone());
        Some(MultipartBody { name, doc, parts, open })
    }

    /// What a response body is read as: JSON where a JSON media type is documented, else text for
    /// `text/*`, else bytes. A response without content that documents a `Content-Type` header
    /// (some specs describe downloads so) is read as that header says, with a warning.
    pub(super) fn body(&mut self, r: &Response, hint: &str, at: &str) -> Body {
        if let Some((media, m)) = r.content.iter().find(|(media, _)| is_json(media)) {
            return match &m.schema {
                Some(s) => Body::Json(self.types.lower(
                    s,
                    hint,
                    &Pointer::from(at).child("content").child(media).child("schema"),
                )),
                None => Body::Json(TypeRef::Any),
            };
        }
        if let Some((media, m)) = r.content.first() {
            let binary = m.schema.as_ref().and_then(|s| self.types.resolve(s, 0));
            return if media::is_text(media) && !is_binary(binary) { Body::Text } else { Body::Bytes };
        }
        match documented_content_type(r, self.api.components.as_ref()) {
            Some(media) => {
                let body = if media::is_text(&media) { Body::Text } else { Body::Bytes };
                self.types.diags.warn(
                    Lint::UnsupportedBody,
                    at,
                    format!(
                        "the response documents no content, but its `Content-Type` header names `{media}`: the body is read as {}",
                        if body == Body::Text { "text" } else { "bytes" }
                    ),
                );
                body
            }
            None => Body::Empty,
        }
    }
}

/// The media type a response's documented `Content-Type` header (itself or the component header
/// its ref names) names: its schema's single enum value or example, else its description when that
/// is a media type.
pub(super) fn documented_content_type(r: &Response, components: Option<&openapiv3::Components>) -> Option<String> {
    let (_, header) = r.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("content-type"))?;
    let (header, _) = super::resolve(header, "headers", components.map(|c| &c.headers)).ok()?;
    let from_schema = match &header.format {
        openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => st.enumeration[0].clone(),
            _ => s.schema_data.example.as_ref().and_then(|e| e.as_str()).map(str::to_string),
        },
        _ => None,
    };
    let candidates =
        [from_schema, header.example.as_ref().and_then(|e| e.as_str()).map(str::to_string), header.description.clone()];
    candidates.into_iter().flatten().map(|t| t.trim().to_string()).find(|t| media::parse(t).is_some())
}
