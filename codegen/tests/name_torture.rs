//! The name-torture fixture: a spec that uses every name the generated code defines itself
//! (`codegen::members`) and every prelude/std name as a path, query and header parameter, a
//! property, a multipart part, a schema, an enum value, a security scheme and an operationId.
//! Its crate (`tests/fixture-clients/name-torture`) is compiled with every feature by `cargo test`.
//!
//! The spec is written from the table, like rust-analyzer's generated files: this test writes
//! `codegen/tests/fixtures/name-torture.json` when it is not what the table gives, and fails, so
//! that a name added to the table reaches the fixture (then run `cargo xtask codegen`).

use serde_json::{json, Map, Value};

fn torture_spec() -> Value {
    let names = codegen::members::every_fixed_name();
    let strings = |names: &[&str]| -> Map<String, Value> {
        names.iter().map(|n| (n.to_string(), json!({"type": "string"}))).collect()
    };

    let mut schemas = Map::new();
    schemas.insert("Values".into(), json!({"type": "string", "enum": names}));
    schemas.insert("Everything".into(), json!({"type": "object", "properties": strings(&names)}));
    for name in &names {
        schemas.insert(
            name.to_string(),
            json!({
                "type": "object",
                "required": [name],
                "properties": {
                    (*name): {"$ref": "#/components/schemas/Values"},
                    "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{name}")}},
                },
            }),
        );
    }

    let mut paths = Map::new();
    for (i, name) in names.iter().enumerate() {
        let ok = json!({
            "description": "The value.",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}},
        });
        let failed = json!({
            "description": "Refused.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Everything"}}},
        });
        paths.insert(
            format!("/n{i}/{{{name}}}"),
            json!({"post": {
                "operationId": name,
                "parameters": [
                    {"name": name, "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": name, "in": "query", "schema": {"$ref": "#/components/schemas/Values"}},
                    {"name": name, "in": "header", "schema": {"type": "integer"}},
                ],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}},
                "responses": {"200": ok, "400": failed},
            }}),
        );
    }
    // Every name as a query parameter of one operation: their setters share one builder.
    let queries: Vec<Value> =
        names.iter().map(|n| json!({"name": n, "in": "query", "schema": {"type": "string"}})).collect();
    // Every name as a part of one multipart body that also takes parts it does not name.
    paths.insert(
        "/everything".into(),
        json!({"put": {
            "operationId": "everything",
            "parameters": queries,
            "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": strings(&names),
                "additionalProperties": true,
            }}}},
            "responses": {"204": {"description": "Done."}},
        }}),
    );
    // The builder's own state as path parameters, and two path parameters equal after snake_case.
    let job_params: Vec<Value> = ["timeout", "client", "deadline", "params", "userId", "user_id"]
        .iter()
        .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    paths.insert(
        "/jobs/{timeout}/{client}/{deadline}/{params}/{userId}/{user_id}".into(),
        json!({"get": {
            "operationId": "job",
            "parameters": job_params,
            "responses": {"204": {"description": "Done."}},
        }}),
    );

    // A security scheme named after every fixed name, and each required by one alternative.
    let mut schemes = Map::new();
    for name in &names {
        schemes.insert(name.to_string(), json!({"type": "http", "scheme": "bearer"}));
    }
    let security: Vec<Value> = names.iter().map(|n| json!({(*n): []})).collect();

    json!({
        "openapi": "3.0.3",
        "info": {"title": "Name torture", "version": "1", "description": "Every name the generated code defines itself, and every prelude name, used everywhere a spec can name something."},
        "servers": [{"url": "https://torture.invalid"}],
        "security": security,
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": schemes},
    })
}

#[test]
fn the_fixture_is_what_the_table_gives() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/name-torture.json");
    let wanted = serde_json::to_string_pretty(&torture_spec()).unwrap() + "\n";
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != wanted {
        std::fs::write(&path, &wanted).unwrap();
        panic!("{} was not what `codegen::members` gives; it is rewritten: run `cargo xtask codegen`", path.display());
    }
}

#[test]
fn every_rename_in_the_fixture_is_a_warning_and_nothing_else_is() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/name-torture.json");
    let generated = codegen::generate(&path, &codegen::Config::default()).unwrap_or_else(|d| panic!("{d}"));
    let diags: Vec<_> = generated.diagnostics.iter().collect();
    assert!(!diags.is_empty());
    for d in &diags {
        assert_eq!((d.severity, d.lint), (codegen::Severity::Warning, Some(codegen::Lint::Rename)), "{d}");
    }
    // The builder's own fields are not reserved against parameters (they live in their own struct):
    // only the two path parameters that are equal after snake_case need a new name.
    let job: Vec<_> = diags.iter().filter(|d| d.pointer.starts_with("/paths/~1jobs")).collect();
    assert_eq!(job.len(), 1, "{job:#?}");
    assert!(job[0].message.contains("`user_id` is the argument `user_id2`"), "{}", job[0].message);
}
