//! What kind of OpenAPI object stands at a pointer of the document, read off the pointer alone: a
//! `$ref` means "an object of the kind expected here", so bundling (where an imported node goes) and
//! tolerance (what stands in for a ref that does not resolve) both ask this, and so does check
//! (which chains of refs to collapse; where 3.1 schemas are). Below every stage.

use serde_json::{json, Map, Value};

use crate::pointer::unescape;

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

/// Each `components` section and the kind of object it holds.
const SECTIONS: [(&str, Kind); 10] = [
    ("schemas", Kind::Schema),
    ("parameters", Kind::Parameter),
    ("responses", Kind::Response),
    ("requestBodies", Kind::RequestBody),
    ("headers", Kind::Header),
    ("examples", Kind::Example),
    ("securitySchemes", Kind::SecurityScheme),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
    ("pathItems", Kind::PathItem),
];

impl Kind {
    /// The `components` section that holds objects of this kind, if there is one.
    pub fn section(self) -> Option<&'static str> {
        SECTIONS.iter().find(|(_, kind)| *kind == self).map(|(section, _)| *section)
    }

    fn of_section(section: &str) -> Kind {
        SECTIONS.iter().find(|(name, _)| *name == section).map_or(Kind::Other, |(_, kind)| *kind)
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

/// The kind of object at `pointer` (of the bundled document).
pub fn kind_at(pointer: &str) -> Kind {
    #[derive(Clone, Copy)]
    enum At {
        Root,
        Paths,
        Components,
        Section(Kind),
        Object(Kind),
        ParameterList,
        Responses,
        Content,
        MediaType,
        Map(Kind),
    }
    let mut at = At::Root;
    for token in pointer.split('/').skip(1).map(unescape) {
        let token = token.as_ref();
        // An extension of an object with fixed fields (not a name in a map: a schema, a component
        // or a media type may be called `x-…`).
        let fixed_fields =
            matches!(at, At::Root | At::Components | At::Paths | At::Responses | At::MediaType | At::Object(_));
        // `x-webhooks` at the root is ours: OpenAPI 3.1's `webhooks` for 3.0 documents (path items).
        if matches!(at, At::Root) && token == "x-webhooks" {
            at = At::Paths;
            continue;
        }
        if fixed_fields && token.starts_with("x-") {
            return Kind::Literal;
        }
        at = match at {
            At::Root => match token {
                "paths" | "webhooks" => At::Paths,
                "components" => At::Components,
                _ => return Kind::Other,
            },
            At::Paths => At::Object(Kind::PathItem),
            At::Components => At::Section(Kind::of_section(token)),
            At::Section(kind) => At::Object(kind),
            At::Map(kind) => At::Object(kind),
            At::ParameterList => At::Object(Kind::Parameter),
            At::Responses => At::Object(Kind::Response),
            At::Content => At::MediaType,
            At::MediaType => match token {
                "schema" => At::Object(Kind::Schema),
                "examples" => At::Map(Kind::Example),
                "example" => return Kind::Literal,
                _ => return Kind::Other,
            },
            At::Object(Kind::Schema) => match token {
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                    At::Map(Kind::Schema)
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => At::Map(Kind::Schema),
                "items"
                | "additionalProperties"
                | "not"
                | "additionalItems"
                | "contains"
                | "propertyNames"
                | "if"
                | "then"
                | "else"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema" => At::Object(Kind::Schema),
                "example" | "examples" | "default" | "enum" | "const" => return Kind::Literal,
                _ => return Kind::Other,
            },
            At::Object(Kind::Example) => match token {
                "value" => return Kind::Literal,
                _ => return Kind::Other,
            },
            At::Object(Kind::PathItem) => match token {
                "parameters" => At::ParameterList,
                m if METHODS.contains(&m) => At::Object(Kind::Operation),
                _ => return Kind::Other,
            },
            At::Object(Kind::Operation) => match token {
                "parameters" => At::ParameterList,
                "requestBody" => At::Object(Kind::RequestBody),
                "responses" => At::Responses,
                "callbacks" => At::Map(Kind::Callback),
                _ => return Kind::Other,
            },
            At::Object(Kind::Callback) => At::Object(Kind::PathItem),
            At::Object(Kind::Parameter | Kind::Header) => match token {
                "schema" => At::Object(Kind::Schema),
                "content" => At::Content,
                "examples" => At::Map(Kind::Example),
                "example" => return Kind::Literal,
                _ => return Kind::Other,
            },
            At::Object(Kind::Response | Kind::RequestBody) => match token {
                "content" => At::Content,
                "headers" => At::Map(Kind::Header),
                "links" => At::Map(Kind::Link),
                _ => return Kind::Other,
            },
            At::Object(_) => return Kind::Other,
        };
    }
    match at {
        At::Object(kind) => kind,
        _ => Kind::Other,
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
}
