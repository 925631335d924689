//! `cargo xtask import` on hand-made upstream-like files (`tests/fixtures/import/`): each repair, the
//! files it writes, `--check`, the root check and determinism. Nothing here reads HighLevel's files.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use xtask::import::{import, read_input, run, Imported};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn root() -> Value {
    let text = std::fs::read_to_string(fixtures().join("root.yaml")).unwrap();
    codegen::load::parse_yaml(&text, false).unwrap().0
}

fn imported() -> Imported {
    import(&read_input(&fixtures().join("upstream")).unwrap(), &root()).unwrap()
}

/// The YAML file `name` of the import, parsed.
fn file(imported: &Imported, name: &str) -> Value {
    codegen::load::parse_yaml(&imported.files[name], false).unwrap().0
}

fn op<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    &doc["paths"][path][method]
}

/// The repairs of this name, as (module, pointer).
fn repairs(imported: &Imported, name: &str) -> Vec<(String, String)> {
    imported.repairs.iter().filter(|r| r.name == name).map(|r| (r.module.clone(), r.pointer.clone())).collect()
}

fn pair(module: &str, pointer: &str) -> (String, String) {
    (module.to_string(), pointer.to_string())
}

#[test]
fn writes_one_file_per_module_the_shared_file_and_the_report() {
    let imported = imported();
    let names: Vec<&str> = imported.files.keys().map(String::as_str).collect();
    assert_eq!(names, ["modules/IMPORT-REPORT.md", "modules/alpha.yaml", "modules/beta.yaml", "modules/common.yaml"]);
    let alpha = &imported.files["modules/alpha.yaml"];
    assert!(
        alpha.starts_with("# Written by `cargo xtask import` from HighLevel's OpenAPI files (GoHighLevel/highlevel-api-docs, commit 1234abc, CC0-1.0).\n# Do not edit by hand"),
        "{alpha}"
    );
    let doc = file(&imported, "modules/alpha.yaml");
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["info"], json!({"title": "Alpha API", "version": "1.0"}));
    // No servers, no security schemes, no tags with prose: the root has them.
    assert!(doc.get("servers").is_none() && doc.get("tags").is_none());
    assert!(doc["components"].get("securitySchemes").is_none());
    // Paths in upstream order.
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/alpha/items/{itemId}/notes/{noteId}", "/alpha/things"]);
}

#[test]
fn keeps_facts_and_drops_every_description() {
    let imported = imported();
    for (name, text) in &imported.files {
        if name.ends_with(".yaml") {
            assert!(!text.contains("Prose"), "{name} keeps HighLevel's prose:\n{text}");
        }
    }
    let alpha = file(&imported, "modules/alpha.yaml");
    // A property named `description` is a fact, kept (its own description is not).
    assert_eq!(alpha["components"]["schemas"]["AlphaThing"]["properties"]["description"], json!({"type": "string"}));
    let update = op(&alpha, "/alpha/items/{itemId}/notes/{noteId}", "put");
    assert_eq!(update["summary"], "Update note");
    assert_eq!(update["tags"], json!(["Alpha"]));
    // A response's required description is ours: the reason phrase.
    assert_eq!(update["responses"]["200"]["description"], "OK");
    assert_eq!(update["responses"]["400"]["description"], "Bad Request");
}

#[test]
fn repairs_parameters() {
    let imported = imported();
    let alpha = file(&imported, "modules/alpha.yaml");
    let update = op(&alpha, "/alpha/items/{itemId}/notes/{noteId}", "put");
    assert_eq!(
        update["parameters"],
        json!([
            {"name": "itemId", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "noteId", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "kind", "in": "query", "required": false, "schema": {"type": "string", "enum": ["loud", "quiet"]}},
            {"name": "since", "in": "query", "required": false, "schema": {"example": 16}}
        ])
    );
    let at = "/paths/~1alpha~1items~1{itemId}~1notes~1{noteId}/put";
    assert_eq!(repairs(&imported, "undeclared-path-parameter"), [pair("alpha", &format!("{at}/parameters"))]);
    assert_eq!(repairs(&imported, "path-parameter-required"), [pair("alpha", &format!("{at}/parameters/0/required"))]);
    assert_eq!(repairs(&imported, "duplicate-parameter"), [pair("alpha", &format!("{at}/parameters/1"))]);
    assert_eq!(repairs(&imported, "any-type"), [pair("alpha", &format!("{at}/parameters/3/schema/type"))]);
    // A schema keyword beside the parameter's schema goes into it.
    let create = op(&alpha, "/alpha/things", "post");
    assert_eq!(create["parameters"][0]["schema"], json!({"minimum": 1, "type": "number"}));
    assert_eq!(
        repairs(&imported, "parameter-schema-keywords"),
        [pair("alpha", "/paths/~1alpha~1things/post/parameters/0")]
    );
}

#[test]
fn repairs_schemas() {
    let imported = imported();
    let alpha = file(&imported, "modules/alpha.yaml");
    let thing = &alpha["components"]["schemas"]["AlphaThing"];
    assert_eq!(
        *thing,
        json!({
            "type": "object",
            "properties": {
                "description": {"type": "string"},
                "size": {"type": "string", "enum": ["S", "M"]},
                "country": {"type": "string", "enum": ["US", "CA"]},
                "shared": {"$ref": "common.yaml#/components/schemas/Shared"}
            },
            "required": ["description"]
        })
    );
    let at = "/components/schemas/Thing/properties";
    assert_eq!(repairs(&imported, "duplicate-enum-value"), [pair("alpha", &format!("{at}/size/enum"))]);
    assert_eq!(repairs(&imported, "enum-type-mismatch"), [pair("alpha", &format!("{at}/size/type"))]);
    assert_eq!(repairs(&imported, "nested-enum"), [pair("alpha", &format!("{at}/country/enum"))]);
    assert_eq!(repairs(&imported, "ref-siblings"), [pair("alpha", &format!("{at}/shared"))]);
    assert_eq!(
        repairs(&imported, "example-outside-enum"),
        [
            pair("alpha", &format!("{at}/size/example")),
            pair("alpha", "/paths/~1alpha~1items~1{itemId}~1notes~1{noteId}/put/parameters/2/example")
        ]
    );
    assert_eq!(repairs(&imported, "required-not-property"), [pair("alpha", "/components/schemas/Thing/required")]);
    let update = op(&alpha, "/alpha/items/{itemId}/notes/{noteId}", "put");
    assert_eq!(update["requestBody"]["content"]["multipart/form-data"], json!({"schema": {"type": "object"}}));
    assert_eq!(update["responses"]["200"]["headers"]["X-Request-Id"], json!({"schema": {"type": "string"}}));
    // OpenAPI ignores a response header named `Content-Type`; the import drops it.
    assert_eq!(update["responses"]["200"]["headers"].get("Content-Type"), None);
    assert_eq!(
        repairs(&imported, "content-type-header"),
        [pair("alpha", "/paths/~1alpha~1items~1{itemId}~1notes~1{noteId}/put/responses/200/headers/Content-Type")]
    );
    assert_eq!(alpha["components"]["schemas"]["ThingPage"]["properties"]["total"], json!({"type": "number"}));
    assert_eq!(
        repairs(&imported, "default-type-mismatch"),
        [pair("alpha", "/components/schemas/ThingPage/properties/total/default")]
    );
    assert_eq!(repairs(&imported, "form-without-schema").len(), 1);
    assert_eq!(repairs(&imported, "header-schema").len(), 1);
}

/// What openapi-spec-validator found in the module files written before these repairs: keywords
/// that are no OpenAPI 3.0 schema keyword, and an object default its own schema rejects.
#[test]
fn repairs_what_openapi_3_0_schemas_do_not_allow() {
    let imported = imported();
    let alpha = file(&imported, "modules/alpha.yaml");
    let event = &alpha["components"]["schemas"]["Event"];
    assert_eq!(
        *event,
        json!({
            "type": "object",
            "properties": {
                // 3.1's `examples`: the first value is the example; an Example Object's `value` is.
                "rule": {"type": "string", "example": "FREQ=DAILY"},
                // A `oneOf` without a discriminator is read as `anyOf`.
                "action": {"anyOf": [{"$ref": "common.yaml#/components/schemas/Shared"}], "example": {"tag": "x"}},
                // The schema has an example: `examples` is dropped.
                "note": {"type": "string", "example": "hi"},
                // `schema` inside a schema: dropped.
                "status": {"type": "string", "enum": ["DRAFT", "LIVE"]},
                // `{"type": "forever"}` lacks `duration`, which `Config` requires: dropped.
                "config": {"allOf": [{"$ref": "#/components/schemas/Config"}]},
                // Every required name is there: kept.
                "fixedConfig": {"default": {"type": "fixed", "duration": 5}, "allOf": [{"$ref": "#/components/schemas/Config"}]},
                // The schema's own `required` counts too.
                "window": {"type": "object", "properties": {"from": {"type": "string"}}, "required": ["from"]}
            }
        })
    );
    let at = "/components/schemas/Event/properties";
    assert_eq!(
        repairs(&imported, "schema-examples"),
        [
            pair("alpha", &format!("{at}/action/examples")),
            pair("alpha", &format!("{at}/note/examples")),
            pair("alpha", &format!("{at}/rule/examples"))
        ]
    );
    assert_eq!(repairs(&imported, "unknown-schema-keyword"), [pair("alpha", &format!("{at}/status/schema"))]);
    assert_eq!(
        repairs(&imported, "default-missing-required"),
        [pair("alpha", &format!("{at}/config/default")), pair("alpha", &format!("{at}/window/default"))]
    );
    let what: Vec<&str> =
        imported.repairs.iter().filter(|r| r.name == "default-missing-required").map(|r| r.what.as_str()).collect();
    assert_eq!(
        what,
        [
            "dropped the default {\"type\":\"forever\"}, which lacks `duration` that the schema requires",
            "dropped the default {}, which lacks `from` that the schema requires"
        ]
    );
}

#[test]
fn names_schemas_uniquely_and_shares_identical_ones() {
    let imported = imported();
    let alpha = file(&imported, "modules/alpha.yaml");
    let beta = file(&imported, "modules/beta.yaml");
    let common = file(&imported, "modules/common.yaml");
    let names = |doc: &Value| doc["components"]["schemas"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    // `Thing` differs between the modules: prefixed; `Shared` is the same: hoisted once; alpha's
    // `ErrorDTO` is HighLevel's shared one: referred to there. Sorted by name.
    assert_eq!(names(&alpha), ["AlphaThing", "Config", "Event", "ThingPage"]);
    assert_eq!(names(&beta), ["BetaPage", "BetaThing", "Feed"]);
    assert_eq!(names(&common), ["ErrorDTO", "Shared"]);
    assert_eq!(common["paths"], json!({}));
    assert_eq!(
        alpha["components"]["schemas"]["ThingPage"]["properties"]["things"]["items"]["$ref"],
        "#/components/schemas/AlphaThing"
    );
    let update = op(&alpha, "/alpha/items/{itemId}/notes/{noteId}", "put");
    assert_eq!(
        update["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
        "common.yaml#/components/schemas/ErrorDTO"
    );
    assert_eq!(
        repairs(&imported, "schema-name-collision"),
        [pair("alpha", "/components/schemas/Thing"), pair("beta", "/components/schemas/Thing")]
    );
    assert_eq!(
        repairs(&imported, "schema-hoisted"),
        [pair("alpha", "/components/schemas/Shared"), pair("beta", "/components/schemas/Shared")]
    );
    assert_eq!(repairs(&imported, "schema-in-common"), [pair("alpha", "/components/schemas/ErrorDTO")]);
    assert_eq!(
        imported.files["modules/common.yaml"],
        "# Written by `cargo xtask import` from HighLevel's OpenAPI files (GoHighLevel/highlevel-api-docs, commit 1234abc, CC0-1.0).\n\
         # Do not edit by hand: change the import (xtask/src/import/) or the root document, and run it again.\n\
         openapi: \"3.0.3\"\n\
         info:\n  title: \"LeadConnector: shared components\"\n  version: \"1.0\"\n\
         paths: {}\n\
         components:\n  schemas:\n\
         \x20   ErrorDTO:\n      type: object\n      properties:\n        message:\n          type: string\n\
         \x20   Shared:\n      type: object\n      properties:\n        tag:\n          type: string\n          example: a\n"
    );
}

#[test]
fn maps_security_and_keeps_scopes_as_facts() {
    let imported = imported();
    let alpha = file(&imported, "modules/alpha.yaml");
    let update = op(&alpha, "/alpha/items/{itemId}/notes/{noteId}", "put");
    // Both alternatives are the root's `Location-Access`: one requirement; the scopes in `x-scopes`.
    assert_eq!(update["security"], json!([{"Location-Access": []}]));
    assert_eq!(update["x-scopes"], json!(["alpha.write", "alpha.admin"]));
    // No requirement upstream (and none for the document): none here either, explicitly.
    assert_eq!(op(&alpha, "/alpha/things", "get")["security"], json!([]));
    assert_eq!(op(&alpha, "/alpha/things", "post")["security"], json!([{"Agency-Access": []}]));
    assert!(op(&alpha, "/alpha/things", "post").get("x-scopes").is_none());
    assert_eq!(
        repairs(&imported, "security-scheme-mapped"),
        [pair("alpha", "/components/securitySchemes/Location-Access-Only")]
    );
    assert_eq!(repairs(&imported, "misdeclared-scheme"), [pair("beta", "/components/securitySchemes/bearer")]);
    assert_eq!(repairs(&imported, "no-security"), [pair("alpha", "/paths/~1alpha~1things/get/security")]);
    assert_eq!(repairs(&imported, "bearer-scopes").len(), 2);
    let schemes: Vec<&str> = imported.schemes.iter().map(String::as_str).collect();
    assert_eq!(schemes, ["Agency-Access", "Location-Access", "bearer"]);
}

#[test]
fn operation_ids_are_unique_and_the_root_wins() {
    let imported = imported();
    let alpha = file(&imported, "modules/alpha.yaml");
    let beta = file(&imported, "modules/beta.yaml");
    assert_eq!(op(&alpha, "/alpha/things", "get")["operationId"], "alpha-list-things");
    assert_eq!(op(&alpha, "/alpha/things", "post")["operationId"], "alpha-list-things-post");
    assert_eq!(op(&beta, "/beta/things", "get")["operationId"], "beta-list-things");
    assert_eq!(repairs(&imported, "operation-id-across-modules").len(), 3);
    assert_eq!(
        repairs(&imported, "duplicate-operation-id"),
        [pair("alpha", "/paths/~1alpha~1things/post/operationId")]
    );
    // The root's `GET /alpha/messages/{id}` is not imported.
    assert!(alpha["paths"].get("/alpha/messages/{id}").is_none());
    assert_eq!(repairs(&imported, "kept-transcribed"), [pair("alpha", "/paths/~1alpha~1messages~1{id}/get")]);
}

#[test]
fn writes_pagination_in_each_style() {
    let imported = imported();
    let alpha = file(&imported, "modules/alpha.yaml");
    let beta = file(&imported, "modules/beta.yaml");
    // `total` is typed `number`: no `totalField` (it must be an integer field), and the report says so.
    assert_eq!(
        op(&alpha, "/alpha/things", "get")["x-pagination"],
        json!({"offsetParam": "skip", "limitParam": "limit", "itemsField": "things"})
    );
    let line = imported.repairs.iter().find(|r| r.name == "pagination" && r.module == "alpha").unwrap();
    assert_eq!(
        line.what,
        "offset `skip`, items `things`, limit `limit` (`total` is typed `number`, not `integer`: no `totalField`)"
    );
    assert_eq!(
        op(&beta, "/beta/things", "get")["x-pagination"],
        json!({"cursorParams": {"startAfter": "meta.startAfter", "startAfterId": "meta.startAfterId"}, "itemsField": "items"})
    );
    assert_eq!(
        op(&beta, "/beta/feed", "get")["x-pagination"],
        json!({"cursorParam": "cursor", "cursorField": "nextCursor", "hasMoreField": "hasMore", "itemsField": "entries"})
    );
    assert_eq!(
        op(&beta, "/beta/pages", "get")["x-pagination"],
        json!({"pageParam": "page", "limitParam": "pageSize", "itemsField": "entries", "totalField": "totalCount"})
    );
    // The counts typed `number` are `integer`; not `pageSize`, whose minimum is 0.5.
    let params = |doc: &Value, path: &str| op(doc, path, "get")["parameters"].clone();
    assert_eq!(
        params(&alpha, "/alpha/things"),
        json!([
            {"name": "skip", "in": "query", "required": false, "schema": {"type": "integer"}},
            // Typed `string` upstream, with the default `"20"`: a count all the same.
            {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "default": 20}}
        ])
    );
    assert_eq!(
        params(&beta, "/beta/pages"),
        json!([
            {"name": "page", "in": "query", "required": false, "schema": {"type": "integer", "default": 1}},
            {"name": "pageSize", "in": "query", "required": false, "schema": {"type": "number", "minimum": 0.5}}
        ])
    );
    assert_eq!(
        repairs(&imported, "paging-count-integer"),
        [
            pair("alpha", "/paths/~1alpha~1things/get/parameters/0"),
            pair("alpha", "/paths/~1alpha~1things/get/parameters/1"),
            pair("beta", "/paths/~1beta~1pages/get/parameters/0")
        ]
    );
    // The body of `POST /alpha/things` is no page: no pagination.
    assert!(op(&alpha, "/alpha/things", "post").get("x-pagination").is_none());
    assert_eq!(repairs(&imported, "pagination").len(), 4);
}

#[test]
fn the_report_lists_every_repair() {
    let imported = imported();
    let report = &imported.files["modules/IMPORT-REPORT.md"];
    assert!(report.contains("| Repair | Module | JSON pointer | What was done |"), "{report}");
    for r in &imported.repairs {
        assert!(report.contains(&format!("| `{}` | {} | `{}` |", r.name, r.module, r.pointer)), "{report} lacks {r:?}");
    }
    let rows = report.lines().filter(|l| l.starts_with("| `")).count();
    let names = xtask::import::report_counts(&imported.repairs).len();
    assert_eq!(rows, imported.repairs.len() + names);
}

#[test]
fn is_deterministic_and_check_lists_what_differs() {
    let first = imported();
    let second = imported();
    assert_eq!(first.files, second.files);

    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    std::fs::copy(fixtures().join("root.yaml"), spec.join("leadconnector.yaml")).unwrap();
    let from = fixtures().join("upstream");
    // --check before anything is written: every file is missing (the modules' and the webhook
    // events' `webhooks.yaml`), and nothing is written.
    let (_, outcome) = run(&from, &spec, true).unwrap();
    assert_eq!(outcome.stale.len(), 5, "{:?}", outcome.stale);
    assert!(outcome.stale.iter().all(|l| l.starts_with("missing: spec/")), "{:?}", outcome.stale);
    assert!(outcome.stale.contains(&"missing: spec/webhooks.yaml".to_string()), "{:?}", outcome.stale);
    assert!(!spec.join("modules").exists() && !spec.join("webhooks.yaml").exists());
    assert!(outcome.root_problems.is_empty(), "{:?}", outcome.root_problems);
    // Written, then twice fresh.
    run(&from, &spec, false).unwrap();
    assert_eq!(std::fs::read_to_string(spec.join("modules/alpha.yaml")).unwrap(), first.files["modules/alpha.yaml"]);
    assert!(run(&from, &spec, true).unwrap().1.stale.is_empty());
    run(&from, &spec, false).unwrap();
    assert!(run(&from, &spec, true).unwrap().1.stale.is_empty());
    // An edit, an extra file: listed (the import owns the whole folder).
    std::fs::write(spec.join("modules/beta.yaml"), "edited\n").unwrap();
    std::fs::write(spec.join("modules/gamma.yaml"), "openapi: 3.0.3\n").unwrap();
    let (_, outcome) = run(&from, &spec, true).unwrap();
    assert_eq!(
        outcome.stale,
        ["differs: spec/modules/beta.yaml", "extra (not written by the import): spec/modules/gamma.yaml"]
    );
    assert_eq!(std::fs::read_to_string(spec.join("modules/beta.yaml")).unwrap(), "edited\n");
    // The import puts it right (and removes what it does not write).
    run(&from, &spec, false).unwrap();
    assert!(run(&from, &spec, true).unwrap().1.stale.is_empty());
    assert!(!spec.join("modules/gamma.yaml").exists());
}

#[test]
fn the_root_must_list_the_modules_and_declare_their_schemes() {
    let imported = imported();
    let mut root = root();
    assert!(xtask::import::check_root(&root, &imported).is_empty());
    root["x-modules"].as_object_mut().unwrap().remove("beta");
    root["x-modules"]["old"] = json!("modules/old.yaml");
    root["x-modules"]["alpha"] = json!("alpha.yaml");
    root["components"]["securitySchemes"].as_object_mut().unwrap().remove("Agency-Access");
    // A module may be listed under another name than its file's (the name is the root's).
    root["x-modules"]["beta-api"] = json!("modules/beta.yaml");
    assert_eq!(
        xtask::import::check_root(&root, &imported),
        [
            "`x-modules` maps `alpha` to `alpha.yaml`, not `modules/alpha.yaml`",
            "`x-modules` lists `old`, whose file the import does not write (remove it)",
            "declares no security scheme `Agency-Access`, which the modules' operations name (add it to `components.securitySchemes`)",
        ]
    );
    root["x-modules"].as_object_mut().unwrap().remove("beta-api");
    let problems = xtask::import::check_root(&root, &imported);
    assert!(problems.contains(&"`x-modules` lacks `beta: modules/beta.yaml`".to_string()), "{problems:?}");
    root.as_object_mut().unwrap().remove("x-modules");
    assert_eq!(
        xtask::import::check_root(&root, &imported)[0],
        "has no `x-modules` map (one entry per module: `NAME: modules/NAME.yaml`)"
    );
}

#[test]
fn an_unreadable_input_is_an_error_that_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_input(dir.path()).err().unwrap();
    assert!(err.contains("apps"), "{err}");
    std::fs::create_dir_all(dir.path().join("apps")).unwrap();
    std::fs::write(dir.path().join("apps/x.json"), "{ nope").unwrap();
    let err = read_input(dir.path()).err().unwrap();
    assert!(err.contains("x.json") && err.contains("not JSON"), "{err}");
}
