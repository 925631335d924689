//! The grammar of an OpenAPI document, as one table (`GRAMMAR`), read two ways: what kind of object
//! stands at a pointer, off the pointer alone ([`kind_at`]: a `$ref` means "an object of the kind
//! expected here", so bundling, where an imported node goes, and tolerance, what stands in for a ref
//! that does not resolve, both ask this, and so does check, which chains of refs to collapse), and a
//! walk of every object of a document with its kind and pointer ([`walk_mut`], which check's walks and
//! repairs hook into). Below every stage.

use serde_json::{json, Map, Value};

use crate::pointer::Pointer;

/// The keys of a Path Item that are operations.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The kinds of object a `$ref` can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    Example,
    SecurityScheme,
    Link,
    Callback,
    PathItem,
    Operation,
    /// Anything else (a map of objects, a list, a document part that is not an object of its own):
    /// a `$ref` here is resolved by value, since no component can stand for it.
    Other,
    /// A value that is data (`example`, `default`, `enum`, `const`, an Example's `value`, an `x-`
    /// extension): a `$ref` key inside it is a key like any other, never followed.
    Literal,
}

impl Kind {
    /// The `components` section that holds objects of this kind, if there is one.
    pub fn section(self) -> Option<&'static str> {
        GRAMMAR.iter().find_map(|(of, key, place)| match (of, key, place) {
            ([Object::Components], Key::Field(section), Place::Named(object)) if object.kind() == self => {
                Some(*section)
            }
            _ => None,
        })
    }

    /// What the object is called in a message.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Schema => "schema",
            Kind::Parameter => "parameter",
            Kind::Response => "response",
            Kind::RequestBody => "request body",
            Kind::Header => "header",
            Kind::Example => "example",
            Kind::SecurityScheme => "security scheme",
            Kind::Link => "link",
            Kind::Callback => "callback",
            Kind::PathItem => "path item",
            Kind::Operation => "operation",
            Kind::Other | Kind::Literal => "object",
        }
    }

    /// What stands in for a ref of this kind that does not resolve, built from the ref object's
    /// other keys, and what that costs (for the warning). `None`: the object is left out.
    pub fn stand_in(self, siblings: Map<String, Value>) -> (Option<Value>, &'static str) {
        let any_json = json!({"application/json": {"schema": {}}});
        let with = |mut base: Map<String, Value>, extra: Value| {
            if let Value::Object(extra) = extra {
                for (k, v) in extra {
                    base.entry(k).or_insert(v);
                }
            }
            Some(Value::Object(base))
        };
        match self {
            Kind::Schema => (with(siblings, json!({})), "is typed as any JSON value"),
            Kind::Response => (
                with(siblings, json!({"description": "(unresolved reference)", "content": any_json})),
                "has a body of any JSON value",
            ),
            Kind::RequestBody => (with(siblings, json!({"content": any_json})), "is any JSON value"),
            Kind::Header => (with(siblings, json!({"schema": {}})), "is read as any value"),
            Kind::Example | Kind::Link => (with(siblings, json!({})), "is left empty"),
            Kind::PathItem => (Some(json!({})), "has no operations"),
            Kind::Parameter => (None, "is not sent"),
            Kind::Operation => (None, "is not generated"),
            Kind::SecurityScheme => (None, "is left out"),
            Kind::Callback | Kind::Other | Kind::Literal => (None, "is left out"),
        }
    }
}

/// The objects of an OpenAPI 3.0 or 3.1 document, as far as the generator reads them: what the
/// grammar below is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Document,
    Components,
    /// `paths`, `webhooks` and our `x-webhooks`: path items by name.
    Paths,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    /// An operation's `responses`: responses by status.
    Responses,
    Response,
    MediaType,
    Encoding,
    Example,
    Link,
    /// Path items by runtime expression.
    Callback,
    Schema,
    SecurityScheme,
    /// An entry of a `components` section this generator does not know.
    Unknown,
}

impl Object {
    /// The kind a `$ref` standing here is read as.
    pub fn kind(self) -> Kind {
        match self {
            Object::Schema => Kind::Schema,
            Object::Parameter => Kind::Parameter,
            Object::Response => Kind::Response,
            Object::RequestBody => Kind::RequestBody,
            Object::Header => Kind::Header,
            Object::Example => Kind::Example,
            Object::SecurityScheme => Kind::SecurityScheme,
            Object::Link => Kind::Link,
            Object::Callback => Kind::Callback,
            Object::PathItem => Kind::PathItem,
            Object::Operation => Kind::Operation,
            _ => Kind::Other,
        }
    }
}

/// Which keys of an object a row of the grammar is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Field(&'static str),
    /// One of [`METHODS`].
    Method,
    /// Any other key that is not an extension (`x-…`): a name, a status, an expression.
    Name,
}

impl Key {
    fn matches(self, key: &str) -> bool {
        match self {
            Key::Field(field) => field == key,
            Key::Method => METHODS.contains(&key),
            Key::Name => !key.starts_with("x-"),
        }
    }
}

/// What stands under a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    One(Object),
    /// An object, or a boolean that OpenAPI 3.0 gives a meaning of its own
    /// (`additionalProperties: false`), which is no schema.
    OneOrFlag(Object),
    /// Objects by name: every key is a name, `x-…` too.
    Named(Object),
    List(Object),
    /// Data (`example`, `default`, `enum`, …): a `$ref` key inside it is a key like any other.
    Literal,
}

// Unqualified, so that the table below reads as a table.
use Key::{Field, Method, Name};
use Object::*;
use Place::{List, Literal, Named, One, OneOrFlag};

/// The grammar of an OpenAPI 3.0/3.1 document: for each object, the keys that lead to other objects
/// (or to data), in the order the walk visits them. A key of an object that no row names is an
/// extension (data) when it starts with `x-`, and otherwise nothing the generator reads.
const GRAMMAR: &[(&[Object], Key, Place)] = &[
    (&[Document], Field("components"), One(Components)),
    (&[Document], Field("paths"), One(Paths)),
    (&[Document], Field("webhooks"), One(Paths)),
    // Ours: OpenAPI 3.1's `webhooks` for 3.0 documents.
    (&[Document], Field("x-webhooks"), One(Paths)),
    (&[Components], Field("schemas"), Named(Schema)),
    (&[Components], Field("parameters"), Named(Parameter)),
    (&[Components], Field("headers"), Named(Header)),
    (&[Components], Field("responses"), Named(Response)),
    (&[Components], Field("requestBodies"), Named(RequestBody)),
    (&[Components], Field("callbacks"), Named(Callback)),
    (&[Components], Field("pathItems"), Named(PathItem)),
    (&[Components], Field("examples"), Named(Example)),
    (&[Components], Field("securitySchemes"), Named(SecurityScheme)),
    (&[Components], Field("links"), Named(Link)),
    (&[Components], Name, Named(Unknown)),
    (&[Paths, Callback], Name, One(PathItem)),
    (&[PathItem], Field("parameters"), List(Parameter)),
    (&[PathItem], Method, One(Operation)),
    (&[Operation], Field("parameters"), List(Parameter)),
    (&[Operation], Field("requestBody"), One(RequestBody)),
    (&[Operation], Field("responses"), One(Responses)),
    (&[Operation], Field("callbacks"), Named(Callback)),
    (&[Responses], Name, One(Response)),
    (&[Response, RequestBody], Field("content"), Named(MediaType)),
    (&[Response], Field("headers"), Named(Header)),
    (&[Response], Field("links"), Named(Link)),
    (&[Parameter, Header], Field("schema"), One(Schema)),
    (&[Parameter, Header], Field("content"), Named(MediaType)),
    (&[Parameter, Header], Field("examples"), Named(Example)),
    (&[Parameter, Header], Field("example"), Literal),
    (&[MediaType], Field("schema"), One(Schema)),
    (&[MediaType], Field("encoding"), Named(Encoding)),
    (&[MediaType], Field("examples"), Named(Example)),
    (&[MediaType], Field("example"), Literal),
    (&[Encoding], Field("headers"), Named(Header)),
    (&[Example], Field("value"), Literal),
    // Keywords whose value is one schema (3.0's, then 3.1's).
    (&[Schema], Field("items"), One(Schema)),
    (&[Schema], Field("additionalProperties"), OneOrFlag(Schema)),
    (&[Schema], Field("not"), One(Schema)),
    (&[Schema], Field("if"), One(Schema)),
    (&[Schema], Field("then"), One(Schema)),
    (&[Schema], Field("else"), One(Schema)),
    (&[Schema], Field("contains"), One(Schema)),
    (&[Schema], Field("propertyNames"), One(Schema)),
    (&[Schema], Field("unevaluatedItems"), One(Schema)),
    (&[Schema], Field("unevaluatedProperties"), OneOrFlag(Schema)),
    (&[Schema], Field("contentSchema"), One(Schema)),
    (&[Schema], Field("additionalItems"), One(Schema)),
    // Keywords whose value maps names to schemas.
    (&[Schema], Field("properties"), Named(Schema)),
    (&[Schema], Field("$defs"), Named(Schema)),
    (&[Schema], Field("patternProperties"), Named(Schema)),
    (&[Schema], Field("dependentSchemas"), Named(Schema)),
    (&[Schema], Field("definitions"), Named(Schema)),
    // Keywords whose value is a list of schemas.
    (&[Schema], Field("allOf"), List(Schema)),
    (&[Schema], Field("oneOf"), List(Schema)),
    (&[Schema], Field("anyOf"), List(Schema)),
    (&[Schema], Field("prefixItems"), List(Schema)),
    (&[Schema], Field("example"), Literal),
    (&[Schema], Field("examples"), Literal),
    (&[Schema], Field("default"), Literal),
    (&[Schema], Field("enum"), Literal),
    (&[Schema], Field("const"), Literal),
];

/// The row of the grammar for `key` of an `object`.
fn rule(object: Object, key: &str) -> Option<&'static (&'static [Object], Key, Place)> {
    GRAMMAR.iter().find(|(of, k, _)| of.contains(&object) && k.matches(key))
}

/// What stands under `key` of an `object`: its place in the grammar, an extension, or nothing.
fn place(object: Object, key: &str) -> Option<Place> {
    match rule(object, key) {
        Some((_, _, place)) => Some(*place),
        None if key.starts_with("x-") => Some(Literal),
        None => None,
    }
}

/// The kind of object at `pointer` (of the bundled document): the grammar, followed token by token.
pub fn kind_at(pointer: &str) -> Kind {
    /// Where the fold is: an object, or a map or list of them.
    enum At {
        Object(Object),
        Each(Object),
    }
    let mut at = At::Object(Document);
    for token in Pointer::from(pointer).tokens() {
        at = match at {
            At::Each(object) => At::Object(object),
            At::Object(object) => match place(object, &token) {
                Some(One(object) | OneOrFlag(object)) => At::Object(object),
                Some(Named(object) | List(object)) => At::Each(object),
                Some(Literal) => return Kind::Literal,
                None => return Kind::Other,
            },
        };
    }
    match at {
        At::Object(object) => object.kind(),
        At::Each(_) => Kind::Other,
    }
}

/// What [`walk_mut`] calls at every object: its kind, its pointer and the node, which it may change.
pub type Visit<'f> = dyn FnMut(Object, &Pointer, &mut Value) + 'f;

/// Walks the document by the grammar, calling `visit` at every object, outermost first, before the
/// walk goes into it as `visit` left it: the keys of an object in the order of the grammar (those of
/// a path item in the document's). A schema that is a `$ref` is not gone into (its siblings are the
/// 3.1 normaliser's to read); a boolean where 3.0 allows one (`additionalProperties: false`) is not
/// visited, nor is anything that is data.
pub fn walk_mut(doc: &mut Value, visit: &mut Visit<'_>) {
    walk_object(Document, doc, &Pointer::root(), visit);
}

/// [`walk_mut`] from a part of a document: `node`, an object of kind `kind` at `at`.
pub fn walk_part_mut(kind: Object, node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    walk_object(kind, node, at, visit);
}

fn walk_object(object: Object, node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    visit(object, at, node);
    let Value::Object(map) = node else { return };
    if object == Schema && map.contains_key("$ref") {
        return;
    }
    // A path item's operations in the document's order, as the walks before this one met them.
    if object == PathItem {
        for (key, value) in map.iter_mut() {
            if let Some((_, _, place)) = rule(object, key) {
                walk_place(*place, value, &at.child(key), visit);
            }
        }
        return;
    }
    for row @ (_, key, place) in GRAMMAR.iter().filter(|(of, _, _)| of.contains(&object)) {
        match key {
            Field(field) => {
                if let Some(value) = map.get_mut(*field) {
                    walk_place(*place, value, &at.child(field), visit);
                }
            }
            _ => {
                // The keys this row is the first to match (a field named by an earlier row is not a name).
                for (k, value) in map.iter_mut().filter(|(k, _)| rule(object, k).is_some_and(|r| std::ptr::eq(r, row)))
                {
                    walk_place(*place, value, &at.child(k), visit);
                }
            }
        }
    }
}

fn walk_place(place: Place, value: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    match place {
        One(inner) => walk_object(inner, value, at, visit),
        OneOrFlag(inner) if !value.is_boolean() => walk_object(inner, value, at, visit),
        Named(inner) => {
            if let Value::Object(map) = value {
                for (name, value) in map.iter_mut() {
                    walk_object(inner, value, &at.child(name), visit);
                }
            }
        }
        List(inner) => {
            if let Value::Array(items) = value {
                for (i, value) in items.iter_mut().enumerate() {
                    walk_object(inner, value, &at.child(i), visit);
                }
            }
        }
        OneOrFlag(_) | Literal => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{kind_at, Kind};

    #[test]
    fn kinds_are_read_off_the_pointer() {
        assert_eq!(kind_at("/paths/~1a~1{id}"), Kind::PathItem);
        assert_eq!(kind_at("/paths/~1a/get"), Kind::Operation);
        assert_eq!(kind_at("/paths/~1a/parameters/0"), Kind::Parameter);
        assert_eq!(kind_at("/paths/~1a/post/parameters/2"), Kind::Parameter);
        assert_eq!(kind_at("/paths/~1a/post/requestBody"), Kind::RequestBody);
        assert_eq!(kind_at("/paths/~1a/post/requestBody/content/application~1json/schema"), Kind::Schema);
        assert_eq!(kind_at("/paths/~1a/get/responses/404"), Kind::Response);
        assert_eq!(kind_at("/paths/~1a/get/responses/200/headers/X-Rate"), Kind::Header);
        assert_eq!(kind_at("/paths/~1a/get/responses/200/headers/X-Rate/schema"), Kind::Schema);
        assert_eq!(kind_at("/paths/~1a/get/responses/200/content/a~1b/examples/one"), Kind::Example);
        assert_eq!(kind_at("/paths/~1a/get/callbacks/done/{$url}/post"), Kind::Operation);
        assert_eq!(kind_at("/components/schemas/Pet/properties/owner/items"), Kind::Schema);
        assert_eq!(kind_at("/components/parameters/Id"), Kind::Parameter);
        assert_eq!(kind_at("/components/responses/NotFound"), Kind::Response);
        assert_eq!(kind_at("/components/pathItems/Shared"), Kind::PathItem);
        assert_eq!(kind_at("/webhooks/newPet"), Kind::PathItem);
        assert_eq!(kind_at("/x-webhooks/newPet"), Kind::PathItem);
        assert_eq!(kind_at("/x-webhooks/newPet/post/requestBody/content/a~1json/schema"), Kind::Schema);
        assert_eq!(kind_at("/x-webhooks"), Kind::Other);
        assert_eq!(kind_at("/x-other/newPet"), Kind::Literal);
        assert_eq!(kind_at("/info"), Kind::Other);
        assert_eq!(kind_at("/paths/~1a/get/x-thing"), Kind::Literal);
        assert_eq!(kind_at("/paths/~1a/get/x-thing/deeper/$ref"), Kind::Literal);
    }

    #[test]
    fn inside_a_schema_maps_and_lists_of_schemas_are_not_schemas_and_data_is_literal() {
        assert_eq!(kind_at("/components/schemas/Pet/properties"), Kind::Other);
        assert_eq!(kind_at("/components/schemas/Pet/properties/x-name"), Kind::Schema);
        assert_eq!(kind_at("/components/schemas/Pet/allOf"), Kind::Other);
        assert_eq!(kind_at("/components/schemas/Pet/allOf/1"), Kind::Schema);
        assert_eq!(kind_at("/components/schemas/Pet/items/additionalProperties"), Kind::Schema);
        assert_eq!(kind_at("/components/schemas/Pet/required"), Kind::Other);
        assert_eq!(kind_at("/components/schemas/Pet/discriminator"), Kind::Other);
        assert_eq!(kind_at("/components/schemas/Pet/example"), Kind::Literal);
        assert_eq!(kind_at("/components/schemas/Pet/properties/a/enum/0"), Kind::Literal);
        assert_eq!(kind_at("/components/schemas/Pet/x-tag"), Kind::Literal);
        assert_eq!(kind_at("/components/schemas/x-tag"), Kind::Schema);
        assert_eq!(kind_at("/components/examples/One/value"), Kind::Literal);
        assert_eq!(kind_at("/paths/~1a/get/parameters"), Kind::Other);
        assert_eq!(kind_at("/paths/~1a/get/responses"), Kind::Other);
        assert_eq!(kind_at("/paths/~1a/get/responses/200/content/a~1b/example"), Kind::Literal);
    }

    /// Places the walk of check visited and this function did not read (or the other way round)
    /// before both followed one grammar.
    #[test]
    fn encodings_callbacks_links_and_3_1_keywords_are_read_by_the_one_grammar() {
        let encoding = "/paths/~1a/post/requestBody/content/multipart~1form-data/encoding/file";
        assert_eq!(kind_at(encoding), Kind::Other);
        assert_eq!(kind_at(&format!("{encoding}/headers/X-Rate")), Kind::Header);
        assert_eq!(kind_at(&format!("{encoding}/headers/X-Rate/schema")), Kind::Schema);
        assert_eq!(kind_at(&format!("{encoding}/x-note")), Kind::Literal);
        assert_eq!(kind_at("/components/callbacks/C/{$url}/post/responses/200"), Kind::Response);
        assert_eq!(kind_at("/paths/~1a/get/responses/200/links/next"), Kind::Link);
        assert_eq!(kind_at("/components/schemas/S/additionalItems"), Kind::Schema);
        assert_eq!(kind_at("/components/schemas/S/definitions/D"), Kind::Schema);
        assert_eq!(kind_at("/components/schemas/S/if/then/const"), Kind::Literal);
        // A request body has no headers (a response does).
        assert_eq!(kind_at("/paths/~1a/post/requestBody/headers/X"), Kind::Other);
        assert_eq!(kind_at("/components/unknown/A/x-b"), Kind::Literal);
        assert_eq!(Kind::PathItem.section(), Some("pathItems"));
        assert_eq!(Kind::Operation.section(), None);
    }

    #[test]
    fn the_walk_meets_every_object_with_its_kind_outermost_first() {
        let mut doc = serde_json::json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {"multipart/form-data": {
                "encoding": {"file": {"headers": {"X": {"$ref": "#/components/headers/X"}}}}}}}}}},
            "components": {"headers": {"X": {"schema": {"type": "string"}, "example": {"$ref": "data"}}}}
        });
        let mut seen = Vec::new();
        super::walk_mut(&mut doc, &mut |object, at, _| seen.push(format!("{object:?} {at}")));
        assert_eq!(
            seen,
            [
                "Document ",
                "Components /components",
                "Header /components/headers/X",
                "Schema /components/headers/X/schema",
                "Paths /paths",
                "PathItem /paths/~1a",
                "Operation /paths/~1a/post",
                "RequestBody /paths/~1a/post/requestBody",
                "MediaType /paths/~1a/post/requestBody/content/multipart~1form-data",
                "Encoding /paths/~1a/post/requestBody/content/multipart~1form-data/encoding/file",
                "Header /paths/~1a/post/requestBody/content/multipart~1form-data/encoding/file/headers/X",
            ]
        );
    }
}
