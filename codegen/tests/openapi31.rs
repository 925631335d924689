//! OpenAPI 3.1 is read, not guessed at: the check stage normalises a 3.1 document to the 3.0 model
//! (`codegen/src/check/openapi31.rs`, whose module doc has the table of translations), and every
//! construct is either typed or reported. The fixture `tests/fixtures/openapi-3.1.yaml` (compiled by
//! `cargo xtask corpus codegen/tests/fixtures`) has the constructs the generator can type; the
//! inline documents below have the rest.

use std::path::{Path, PathBuf};

use codegen::lower::ir::{Api, Body, Field, IntegerKind, TypeDef, TypeKind, TypeRef};
use codegen::{Diagnostics, Lint, Severity};
use serde_json::{json, Value};

/// The reference to the type Rust calls `name`.
fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(api.type_named(name).unwrap_or_else(|| panic!("no type `{name}`")))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn lowered_fixture() -> (Api, Diagnostics) {
    let mut lowered = codegen::lower_spec(&fixture("openapi-3.1.yaml"), &[]).unwrap_or_else(|d| panic!("{d}"));
    // `lower_spec` leaves its warnings unlocated (generation locates those it reports).
    let loaded = &lowered.loaded;
    lowered.diagnostics.locate(|pointer| loaded.locate(pointer));
    (lowered.api, lowered.diagnostics)
}

/// Checks and lowers a document given inline: the normalised tree, the IR (`None` when there were
/// errors), and every diagnostic.
fn run(mut doc: Value) -> (Value, Option<Api>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let api = codegen::check::check(&mut doc, &mut diags).map(|checked| codegen::lower::lower(&checked, &mut diags));
    (doc, api, diags)
}

/// A 3.1 document with these component schemas and one operation that returns the first.
fn with_schemas(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {"description": "x",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
        "components": {"schemas": schemas}
    })
}

fn pairs(diags: &Diagnostics) -> Vec<(String, String)> {
    diags.iter().map(|d| (d.pointer.clone(), d.message.clone())).collect()
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.type_def(api.type_named(name).unwrap_or_else(|| panic!("no type `{name}`")))
}

fn field<'a>(api: &'a Api, type_name: &str, wire: &str) -> &'a Field {
    let TypeKind::Struct { fields } = &def(api, type_name).kind else { panic!("`{type_name}` is not a struct") };
    fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| panic!("no field `{wire}` in `{type_name}`"))
}

const DROPPED: &str = "no OpenAPI 3.0 equivalent, dropped (the generated types neither check nor carry them): ";

#[test]
fn the_fixture_is_read_as_3_1_with_exactly_the_designed_warnings() {
    let (_, diags) = lowered_fixture();
    assert!(diags.iter().all(|d| d.severity == Severity::Warning), "{diags}");
    // In the order the normaliser works: the document's own fields (`jsonSchemaDialect`,
    // the security schemes), then the schemas as the walk meets them (`components` before `paths`,
    // a schema before the schemas in it), last what needs the whole document (`$defs` moved).
    let expected: Vec<(&str, String)> = vec![
        (
            "/jsonSchemaDialect",
            "`jsonSchemaDialect` is `https://json-schema.org/draft/2020-12/schema`; schemas are read as the OpenAPI 3.1 default dialect (https://spec.openapis.org/oas/3.1/dialect/base)".into(),
        ),
        (
            "/components/securitySchemes/clientCertificate",
            "security scheme `clientCertificate` is `mutualTLS`, which OpenAPI 3.0 cannot express: it is dropped, and the security requirements that name it no longer do".into(),
        ),
        (
            "/components/schemas/Pet/properties/name",
            format!("{DROPPED}`examples` after the first (which is kept as `example`)"),
        ),
        (
            "/components/schemas/Pet/properties/location/prefixItems",
            "`prefixItems` (a tuple of 2 positions) has no OpenAPI 3.0 equivalent: read as a list of `number`; the type of each position is lost".into(),
        ),
        (
            "/components/schemas/Pet/properties/legacy/type",
            "`type: 'null'` (a value that is always null) has no OpenAPI 3.0 equivalent: read as an optional any JSON value".into(),
        ),
        ("/components/schemas/Owner", format!("{DROPPED}`if`, `then`")),
        (
            "/components/schemas/Labels/patternProperties",
            "`patternProperties` has no OpenAPI 3.0 equivalent: read as `additionalProperties`; the key pattern `^[a-z]+$` is not checked".into(),
        ),
        (
            "/components/schemas/Shelter/$defs",
            "`$defs` has no OpenAPI 3.0 equivalent: moved to `#/components/schemas/Address`, and the refs into it now point there".into(),
        ),
        // Lower's, last: the webhook is read (`webhooks` became `x-webhooks`), and its payload, a
        // `Pet`, has no `type` to key an event by.
        (
            "/webhooks/petAdopted/post/requestBody/content/application~1json/schema",
            "webhook `petAdopted` has no event type (the payload has no `type` property): its payload is typed, but the event enum has no variant for it and it is received as an unknown event".into(),
        ),
    ];
    let expected: Vec<(String, String)> = expected.into_iter().map(|(p, m)| (p.to_string(), m)).collect();
    assert_eq!(pairs(&diags), expected);
    use Lint::{LossyConversion as Lossy, WebhookEventType};
    assert_eq!(diags.lints(), [Lossy, Lossy, Lossy, Lossy, Lossy, Lossy, Lossy, Lossy, WebhookEventType]);
    // The webhook's warning points into `webhooks` as written (check moved them to `x-webhooks`).
    let webhook = diags.of(WebhookEventType).next().and_then(|d| d.location.clone()).expect("located");
    assert_eq!(webhook.line, 75);
    // Each warning is located in the spec, at the construct.
    let dialect = diags.iter().next().and_then(|d| d.location.clone()).expect("located");
    assert_eq!((dialect.file.file_name().and_then(|f| f.to_str()), dialect.line), (Some("openapi-3.1.yaml"), 6));
}

#[test]
fn a_type_list_with_null_is_an_optional_value_of_the_other_type() {
    let (api, _) = lowered_fixture();
    let nickname = field(&api, "Pet", "nickname");
    assert_eq!((&nickname.ty, nickname.nullable), (&TypeRef::String, true));
    let tags = field(&api, "Pet", "tags");
    assert_eq!((&tags.ty, tags.nullable), (&TypeRef::List(Box::new(TypeRef::String)), true));
    let weight = field(&api, "NewPet", "weight");
    assert_eq!((&weight.ty, weight.nullable), (&TypeRef::Number, true));
    // A parameter `type: [integer, 'null']` keeps its format; numeric `exclusiveMinimum` parses.
    let list = api.operations.iter().find(|op| op.id == "listPets").unwrap();
    let limit = list.params.iter().find(|p| p.wire == "limit").unwrap();
    assert_eq!(limit.ty, TypeRef::Integer(IntegerKind::I32));
    // Beside a component alias, `null` stays on the type itself.
    let (_, api, diags) = run(with_schemas(json!({"A": {"type": ["string", "null"]}})));
    assert_eq!(def(&api.unwrap(), "A").kind, TypeKind::Alias(TypeRef::Nullable(Box::new(TypeRef::String))));
    assert!(diags.is_empty(), "{diags}");
}

#[test]
fn several_types_are_a_union_of_each() {
    let (api, _) = lowered_fixture();
    assert_eq!(field(&api, "Pet", "age").ty, named(&api, "PetAge"));
    let TypeKind::Union { variants, .. } = &def(&api, "PetAge").kind else { panic!("not a union") };
    let types: Vec<&TypeRef> = variants.iter().map(|v| &v.ty).collect();
    assert_eq!(types, [&TypeRef::Integer(IntegerKind::I64), &TypeRef::String]);
    assert_eq!(field(&api, "Pet", "age").doc.as_deref(), Some("In years, or a phrase such as \"a puppy\"."));
}

#[test]
fn const_is_a_one_value_enum() {
    let (api, _) = lowered_fixture();
    // `oneOf` of `const`s (3.1's enum with a description per value) is one string enum.
    let TypeKind::Enum { variants } = &def(&api, "Size").kind else { panic!("not an enum") };
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["small", "large"]);
    // A header `const` is sent by the client, never asked of the caller.
    let list = api.operations.iter().find(|op| op.id == "listPets").unwrap();
    let version = list.params.iter().find(|p| p.wire == "Api-Version").unwrap();
    assert_eq!(version.constant.as_deref(), Some("2024-01-01"));
    // A `const` property.
    let (doc, api, _) = run(with_schemas(json!({"A": {"type": "object", "properties": {"kind": {"const": "dog"}}}})));
    assert_eq!(doc["components"]["schemas"]["A"]["properties"]["kind"], json!({"type": "string", "enum": ["dog"]}));
    let api = api.unwrap();
    assert_eq!(field(&api, "A", "kind").ty, named(&api, "AKind"));
    let TypeKind::Enum { variants } = &def(&api, "AKind").kind else { panic!("not an enum") };
    assert_eq!(variants.len(), 1);
}

#[test]
fn a_ref_with_a_description_keeps_the_named_type_and_the_description() {
    let (api, _) = lowered_fixture();
    let kind = field(&api, "Pet", "kind");
    assert_eq!(kind.ty, named(&api, "Kind"));
    assert_eq!(kind.doc.as_deref(), Some("What the pet is."));
    // Siblings that constrain are joined to the ref with `allOf`: the properties are merged.
    let (doc, api, diags) = run(with_schemas(json!({
        "B": {"type": "object", "properties": {"b": {"type": "string"}}},
        "A": {"$ref": "#/components/schemas/B", "description": "B and more",
              "properties": {"a": {"type": "integer"}}, "required": ["a"]}})));
    assert_eq!(
        doc["components"]["schemas"]["A"],
        json!({"description": "B and more", "properties": {"a": {"type": "integer"}}, "required": ["a"],
               "allOf": [{"$ref": "#/components/schemas/B"}]})
    );
    let api = api.unwrap();
    let wires: Vec<&str> = match &def(&api, "A").kind {
        TypeKind::Struct { fields } => fields.iter().map(|f| f.wire.as_str()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(wires, ["b", "a"]);
    assert!(field(&api, "A", "a").required);
    assert!(diags.is_empty(), "{diags}");
}

#[test]
fn prefix_items_are_a_list_of_their_common_type_or_of_any_value() {
    let (api, _) = lowered_fixture();
    assert_eq!(field(&api, "Pet", "location").ty, TypeRef::List(Box::new(TypeRef::Number)));
    let (doc, api, diags) = run(with_schemas(json!({"A": {"type": "object", "properties": {
        "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}}}})));
    assert_eq!(doc["components"]["schemas"]["A"]["properties"]["pair"], json!({"type": "array", "items": {}}));
    assert_eq!(field(&api.unwrap(), "A", "pair").ty, TypeRef::List(Box::new(TypeRef::Any)));
    assert_eq!(
        pairs(&diags),
        [(
            "/components/schemas/A/properties/pair/prefixItems".to_string(),
            "`prefixItems` (a tuple of 2 positions) has no OpenAPI 3.0 equivalent: read as a list of any JSON value; the type of each position is lost".to_string()
        )]
    );
}

#[test]
fn numeric_exclusive_bounds_become_3_0_bounds() {
    let (doc, api, diags) = run(with_schemas(json!({"A": {"type": "object", "properties": {
        "n": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
        "m": {"type": "number", "minimum": 5, "exclusiveMinimum": 1}}}})));
    let props = &doc["components"]["schemas"]["A"]["properties"];
    assert_eq!(
        props["n"],
        json!({"type": "integer", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10})
    );
    assert_eq!(props["m"], json!({"type": "number", "minimum": 5}));
    assert_eq!(field(api.as_ref().unwrap(), "A", "n").ty, TypeRef::Integer(IntegerKind::I64));
    assert!(diags.is_empty(), "{diags}");
}

#[test]
fn content_encoding_and_media_type_become_formats() {
    let (doc, api, diags) = run(with_schemas(json!({"A": {"type": "object", "properties": {
        "raw": {"type": "string", "contentMediaType": "application/octet-stream"},
        "b64": {"type": "string", "contentEncoding": "base64"},
        "png": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"},
        "csv": {"type": "string", "contentMediaType": "text/csv"}}}})));
    let props = &doc["components"]["schemas"]["A"]["properties"];
    assert_eq!(props["raw"], json!({"type": "string", "format": "binary"}));
    assert_eq!(props["b64"], json!({"type": "string", "format": "byte"}));
    assert_eq!(props["png"], json!({"type": "string", "format": "byte"}));
    assert_eq!(props["csv"], json!({"type": "string"}));
    assert_eq!(field(api.as_ref().unwrap(), "A", "png").ty, TypeRef::String);
    assert_eq!(
        pairs(&diags),
        [
            ("/components/schemas/A/properties/png".to_string(), format!("{DROPPED}`contentMediaType`")),
            ("/components/schemas/A/properties/csv".to_string(), format!("{DROPPED}`contentMediaType`")),
        ]
    );
}

#[test]
fn a_binary_image_response_is_bytes() {
    let (api, _) = lowered_fixture();
    let photo = api.operations.iter().find(|op| op.id == "getPhoto").unwrap();
    let ok = photo.responses.iter().find(|a| a.status.key() == "200").unwrap();
    assert_eq!(ok.body, Body::Bytes);
}

#[test]
fn type_null_alone_is_an_optional_any_value() {
    let (api, _) = lowered_fixture();
    let legacy = field(&api, "Pet", "legacy");
    assert_eq!((&legacy.ty, legacy.nullable), (&TypeRef::Any, true));
    assert_eq!(legacy.doc.as_deref(), Some("Always null; kept for old clients."));
    // A `{type: 'null'}` member of `oneOf`/`anyOf` makes the rest nullable, with no warning.
    let owner = field(&api, "Pet", "owner");
    assert_eq!((&owner.ty, owner.nullable), (&named(&api, "Owner"), true));
}

#[test]
fn document_level_3_1_fields_are_kept_or_reported() {
    let (api, _) = lowered_fixture();
    // `info.summary` is the first paragraph of the description.
    assert_eq!(
        api.description.as_deref(),
        Some("Pets waiting for a home.\n\nLists, adopts and shows the pets of a shelter.")
    );
    // mutualTLS is dropped (reported), the other scheme kept; a requirement that named only it is empty.
    let schemes: Vec<&str> = api.security_schemes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(schemes, ["token"]);
    let list = api.operations.iter().find(|op| op.id == "listPets").unwrap();
    assert_eq!(list.security, Some(vec![vec!["token".to_string()], vec![]]));
    // The webhook is not an operation; `$defs` became a component; patternProperties a map.
    let ids: Vec<&str> = api.operations.iter().map(|op| op.id.as_str()).collect();
    assert_eq!(ids, ["listPets", "createPet", "getPhoto"]);
    assert_eq!(field(&api, "Shelter", "address").ty, named(&api, "Address"));
    assert_eq!(def(&api, "Labels").kind, TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::String))));
    // `license.identifier` → the SPDX url (the typed model has no identifier).
    let (doc, _, _) = run(json!({"openapi": "3.1.0", "paths": {},
        "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}}}));
    assert_eq!(doc["info"]["license"], json!({"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"}));
    assert_eq!(doc["openapi"], "3.0.3");
}

#[test]
fn validation_keywords_are_dropped_with_one_warning_per_schema() {
    let (doc, api, diags) = run(with_schemas(json!({"A": {
        "$id": "https://example.test/a", "$schema": "https://spec.openapis.org/oas/3.1/dialect/base",
        "$comment": "c", "$anchor": "a",
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "string"},
            "contains": {"const": "x"}, "minContains": 1}},
        "dependentRequired": {"a": ["b"]}, "propertyNames": {"maxLength": 3},
        "if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {},
        "unevaluatedProperties": false}})));
    // `$schema` names the default dialect: removed silently. The others are listed in the order they
    // are removed: `unevaluatedProperties` first (only a schema there could become
    // `additionalProperties`, never `false`), then those that are only dropped, in the order of the
    // module's table.
    assert_eq!(
        pairs(&diags),
        [
            (
                "/components/schemas/A".to_string(),
                format!("{DROPPED}`unevaluatedProperties`, `if`, `then`, `else`, `dependentRequired`, `propertyNames`, `$comment`, `$anchor`, `$id`")
            ),
            ("/components/schemas/A/properties/b".to_string(), format!("{DROPPED}`contains`, `minContains`")),
        ]
    );
    assert_eq!(
        doc["components"]["schemas"]["A"],
        json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "string"}}}})
    );
    assert_eq!(field(&api.unwrap(), "A", "b").ty, TypeRef::List(Box::new(TypeRef::String)));
}

#[test]
fn the_rest_of_3_1_is_translated_without_a_warning() {
    let doc = json!({
        "openapi": "3.1.1",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {"title": "t", "version": "1", "summary": "s"},
        "paths": {"/x": {
            "get": {"operationId": "noResponses"},
            "post": {"operationId": "post", "callbacks": {"done": {"{$request.body#/url}": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": ["string", "null"]}}}},
                "responses": {"200": {"description": "ok"}}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "any": true,
                        "never": false,
                        "map": {"type": "object", "unevaluatedProperties": {"type": "integer"}},
                        "either": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                        "first": {"type": "string", "examples": ["only"]},
                        "open": {"type": "array", "unevaluatedItems": true}}}}}}}}}},
        "components": {
            "schemas": {"B": {"type": "string", "$schema": "https://json-schema.org/draft/2020-12/schema"}},
            // Not referred to here; must not break the 3.0 parse, and its schemas are normalised.
            "pathItems": {"P": {"get": {"parameters": [{"name": "q", "in": "query",
                "schema": {"type": ["integer", "null"]}}], "responses": {"200": {"description": "ok"}}}}}}
    });
    let (doc, api, diags) = run(doc);
    // Only lower's own warning about `false` (`not: {}`), which it cannot type.
    let found: Vec<_> = diags.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
    let never = "/paths/~1x/post/responses/200/content/application~1json/schema/properties/never";
    assert_eq!(found, [(Some(Lint::AnyJson), never)], "{diags}");
    let props = &doc["paths"]["/x"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"];
    assert_eq!(props["any"], json!({}));
    assert_eq!(props["never"], json!({"not": {}}));
    assert_eq!(props["map"], json!({"type": "object", "additionalProperties": {"type": "integer"}}));
    assert_eq!(props["either"], json!({"anyOf": [{"$ref": "#/components/schemas/B"}], "nullable": true}));
    assert_eq!(props["first"], json!({"type": "string", "example": "only"}));
    assert_eq!(props["open"], json!({"type": "array"}));
    assert_eq!(doc["paths"]["/x"]["get"]["responses"], json!({}));
    assert_eq!(
        doc["components"]["pathItems"]["P"]["get"]["parameters"][0]["schema"],
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(doc["info"]["description"], "s");
    let api = api.expect("checks");
    let schema = &api.operations.iter().find(|op| op.id == "post").unwrap().responses[0].body;
    let Body::Json(TypeRef::Named(id)) = schema else { panic!("{schema:?}") };
    let TypeKind::Struct { fields } = &api.type_def(*id).kind else { panic!() };
    let ty = |wire: &str| fields.iter().find(|f| f.wire == wire).map(|f| (f.ty.clone(), f.nullable));
    assert_eq!(ty("map"), Some((TypeRef::Map(Box::new(TypeRef::Integer(IntegerKind::I64))), false)));
    assert_eq!(ty("either"), Some((named(&api, "B"), true)));
}

#[test]
fn what_3_1_cannot_say_in_3_0_is_reported_once_per_place() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX",
            "parameters": [{"$ref": "#/components/parameters/P", "description": "overrides"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {
                    "old": {"type": "string", "nullable": true},
                    "older": {"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true},
                    "mixed": {"type": ["string", "integer"], "oneOf": [{"minLength": 1}, {"minimum": 1}]},
                    "odd": {"type": ["string", "file"]},
                    "tags": {"type": "object", "patternProperties": {"^a": {"type": "string"}, "^b": {"type": "integer"}}}
                }}}}}}}}},
        "components": {"parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}}}
    });
    let (_, api, diags) = run(doc);
    assert!(api.is_some(), "{diags}");
    let at = "/paths/~1x/get/responses/200/content/application~1json/schema";
    // In the order the normaliser works: each schema's own warnings as the walk meets it, then the
    // 3.0 syntax found in the whole document (once per keyword, at its first place: `old/nullable`,
    // the other being `older/nullable`), last the keys beside a non-schema `$ref`.
    let expected = [
        (format!("{at}/properties/mixed/type"), "`type` [\"string\", \"integer\"] beside `oneOf` has no OpenAPI 3.0 equivalent: dropped, the schema is typed by its `oneOf`".to_string()),
        (format!("{at}/properties/odd/type"), "`type` [\"string\", \"file\"] names something that is not a JSON Schema type; typed as any JSON value".to_string()),
        (format!("{at}/properties/tags"), format!("{DROPPED}`patternProperties`")),
        (format!("{at}/properties/old/nullable"), "`nullable` is OpenAPI 3.0 syntax, not 3.1 (which writes `type: [T, 'null']`); read with its 3.0 meaning here and in 1 other place".to_string()),
        (format!("{at}/properties/older/exclusiveMinimum"), "a boolean `exclusiveMinimum`/`exclusiveMaximum` is OpenAPI 3.0 syntax, not 3.1 (which writes the bound itself: `exclusiveMinimum: 0`); read with its 3.0 meaning here".to_string()),
        ("/paths/~1x/get/parameters/0".to_string(), "`description` beside `$ref` is not kept: an OpenAPI 3.0 Reference Object has only `$ref`, so the referenced object's own are used".to_string()),
    ];
    let got = pairs(&diags);
    assert_eq!(got, expected);
}

#[test]
fn defs_move_to_the_components_under_a_free_name() {
    let (doc, api, diags) = run(with_schemas(json!({
        "Item": {"type": "integer"},
        "A": {"type": "object",
              "properties": {"item": {"$ref": "#/components/schemas/A/$defs/Item"},
                             "deep": {"$ref": "#/components/schemas/A/$defs/Box/$defs/Inner"}},
              "$defs": {"Item": {"type": "string"},
                        "Box": {"type": "object", "$defs": {"Inner": {"type": ["boolean", "null"]}}}}}})));
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["Item2"], json!({"type": "string"}));
    assert_eq!(schemas["Inner"], json!({"type": "boolean", "nullable": true}));
    assert_eq!(schemas["A"]["properties"]["item"], json!({"$ref": "#/components/schemas/Item2"}));
    assert_eq!(schemas["A"]["properties"]["deep"], json!({"$ref": "#/components/schemas/Inner"}));
    let api = api.unwrap();
    assert_eq!(field(&api, "A", "item").ty, named(&api, "Item2"));
    let moved: Vec<&str> = diags.of(Lint::LossyConversion).map(|d| d.pointer.as_str()).collect();
    assert_eq!(moved, ["/components/schemas/A/$defs/Box/$defs", "/components/schemas/A/$defs"]);
}

#[test]
fn a_3_1_document_with_webhooks_and_no_paths_has_events_and_one_without_either_is_one_clear_error() {
    let (_, api, diags) = run(json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "webhooks": {"a": {"post": {}}, "b": {"post": {}}}}));
    let api = api.unwrap_or_else(|| panic!("{diags}"));
    assert!(api.operations.is_empty());
    // Neither has a body to type: each is skipped with a warning, at the document's own pointer.
    let skipped: Vec<&str> = diags.of(Lint::Webhook).map(|d| d.pointer.as_str()).collect();
    assert_eq!(skipped, ["/webhooks/a/post", "/webhooks/b/post"]);

    let (_, api, diags) = run(json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}));
    assert!(api.is_none());
    let errors: Vec<&str> =
        diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.as_str()).collect();
    assert_eq!(errors, ["the document has no `paths` and no `webhooks`: there is nothing to generate"]);
}

#[test]
fn a_later_3_x_is_read_as_3_1_and_3_0_and_2_0_are_left_as_they_were() {
    let (doc, api, diags) = run(json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}}));
    assert!(api.is_some());
    assert_eq!(
        pairs(&diags),
        [(
            "/openapi".to_string(),
            "OpenAPI 3.2.0 is newer than this generator knows; it is read as 3.1, so constructs added after 3.1 may be lost".to_string()
        )]
    );
    assert_eq!(doc["openapi"], "3.0.3");
    // 3.0 is not normalised: `const` means nothing there, and stays.
    let mut doc30 = with_schemas(json!({"A": {"type": "string", "const": "x"}}));
    doc30["openapi"] = json!("3.0.3");
    let (doc30, _, diags) = run(doc30);
    assert_eq!(doc30["components"]["schemas"]["A"], json!({"type": "string", "const": "x"}));
    assert!(diags.is_empty(), "{diags}");
    let (_, api, diags) = run(json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}));
    assert!(api.is_none());
    assert!(diags.iter().any(|d| d.severity == Severity::Error && d.message.contains("Swagger 2.0")), "{diags}");
}

#[test]
fn a_3_0_type_list_is_read_as_3_1_reads_it_with_a_warning() {
    let mut doc = with_schemas(json!({"A": {"type": "object", "properties": {
        "n": {"type": ["string", "null"]}, "u": {"type": ["string", "integer"]}}}}));
    doc["openapi"] = json!("3.0.3");
    let (_, api, diags) = run(doc);
    let api = api.unwrap();
    assert!(matches!(field(&api, "A", "u").ty, TypeRef::Named(_)));
    assert_eq!(
        pairs(&diags),
        [
            (
                "/components/schemas/A/properties/n/type".to_string(),
                "`type` is a list [\"string\", \"null\"]; read as `string` with `nullable: true`".to_string()
            ),
            (
                "/components/schemas/A/properties/u/type".to_string(),
                "`type` is a list [\"string\", \"integer\"]; read as an `anyOf` of `string`, `integer`".to_string()
            ),
        ]
    );
}

#[test]
fn the_members_made_from_a_type_list_are_not_taken_for_3_0_syntax() {
    let (doc, api, diags) = run(with_schemas(json!({"A": {"type": ["integer", "string"], "exclusiveMinimum": 0}})));
    assert_eq!(
        doc["components"]["schemas"]["A"],
        json!({"anyOf": [{"type": "integer", "minimum": 0, "exclusiveMinimum": true}, {"type": "string"}]})
    );
    assert!(matches!(def(&api.unwrap(), "A").kind, TypeKind::Union { .. }));
    assert!(diags.is_empty(), "{diags}");
}
