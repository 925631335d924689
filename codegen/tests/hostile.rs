//! Malformed specs: each gives diagnostics that say where and what, and none panics.

use std::path::PathBuf;

use codegen::{generate, Config, Diagnostics, Lint, Severity};

/// `text` written to `name` in a temporary folder (kept while the folder is).
fn spec_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn run_with(name: &str, text: &str, config: &Config) -> Result<codegen::Generated, Diagnostics> {
    let (_dir, path) = spec_file(name, text);
    generate(&path, config)
}

/// `text` (a YAML spec) loaded, checked and lowered; panics with the diagnostics when it cannot be.
fn lowered(text: &str) -> codegen::Lowered {
    let (_dir, path) = spec_file("spec.yaml", text);
    codegen::lower_spec(&path, &[]).unwrap_or_else(|d| panic!("{d}"))
}

fn run(name: &str, text: &str) -> Result<codegen::Generated, Diagnostics> {
    run_with(name, text, &Config::default())
}

fn errors(text: &str, name: &str) -> Vec<String> {
    match run(name, text) {
        Ok(_) => panic!("{name}: expected errors, but it generated"),
        Err(diags) => diags.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect(),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn warnings(text: &str, name: &str) -> Diagnostics {
    match run(name, text) {
        Ok(generated) => generated.diagnostics,
        Err(diags) => panic!("{name}: expected only warnings:\n{diags}"),
    }
}

#[test]
fn broken_ref_is_any_json_with_a_warning_that_names_the_ref_and_its_line_and_strict_refuses_it() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Nope'}}\n");
    let warns = warnings(&spec, "spec.yaml");
    assert_eq!(warns.lints(), [Lint::UnresolvedRef], "{warns}");
    let at = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref";
    let warning = warns.find(Lint::UnresolvedRef, at).unwrap_or_else(|| panic!("{warns}"));
    let location = warning.location.as_ref().unwrap();
    assert_eq!((location.line, location.column), (12, 30), "{warns}");
    assert!(warning.to_string().starts_with("warning[unresolved-ref]: "), "{warning}");

    let strict = run_with("spec.yaml", &spec, &Config { strict: true, ..Config::default() }).unwrap_err();
    let errs: Vec<_> = strict.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errs.len(), 1, "{strict}");
    assert_eq!((errs[0].lint, errs[0].pointer.as_str()), (Some(Lint::UnresolvedRef), at), "{strict}");
    // The lint's own level wins over `strict`.
    let mut config = Config { strict: true, ..Config::default() };
    config.lints.allow(Lint::UnresolvedRef);
    let allowed = run_with("spec.yaml", &spec, &config).unwrap_or_else(|d| panic!("{d}"));
    assert!(allowed.diagnostics.is_empty(), "{}", allowed.diagnostics);
    // `--deny` makes one lint an error without `--strict`.
    let mut config = Config::default();
    config.lints.deny(Lint::UnresolvedRef);
    let denied = run_with("spec.yaml", &spec, &config).unwrap_err();
    assert_eq!(denied.iter().filter(|d| d.severity == Severity::Error).count(), 1, "{denied}");
    let mut config = Config::default();
    config.lints.deny(Lint::Rename);
    assert!(run_with("spec.yaml", &spec, &config).is_ok(), "denying another lint changes nothing");
}

#[test]
fn ref_cycle_is_an_error_not_a_hang() {
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let errs = errors(&spec, "spec.yaml");
    assert!(errs.iter().any(|e| e.contains("error[broken-ref]") && e.contains("cycle")), "{errs:?}");
}

#[test]
fn recursive_object_is_fine() {
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tree:\n      type: object\n      properties:\n        parent: {{$ref: '#/components/schemas/Tree'}}\n        children: {{type: array, items: {{$ref: '#/components/schemas/Tree'}}}}\n");
    let generated = run("spec.yaml", &spec).expect("a recursive schema generates");
    let types = &generated.files.iter().find(|(p, _)| p == "src/types.rs").unwrap().1;
    assert!(types.contains("pub parent: ::core::option::Option<::std::boxed::Box<crate::types::Tree>>"), "{types}");
    assert!(types.contains("pub children: ::core::option::Option<::std::vec::Vec<crate::types::Tree>>"), "{types}");
}

#[test]
fn missing_paths_is_an_error() {
    let errs = errors(HEAD, "spec.yaml");
    assert!(errs.iter().any(|e| e.contains("error[not-openapi]") && e.contains("no `paths`")), "{errs:?}");
}

#[test]
fn wrong_types_are_all_reported() {
    // Two broken path items and a broken component: all three are listed, not just the first.
    let spec = format!("{HEAD}paths:\n  /a: {{get: {{operationId: a, responses: 7}}}}\n  /b: {{get: {{operationId: b, parameters: [{{name: x, in: nowhere, schema: {{type: string}}}}], responses: {{}}}}}}\n  /c: {{get: {{operationId: c, responses: {{}}}}}}\ncomponents:\n  securitySchemes:\n    s: {{type: carrier-pigeon}}\n");
    let errs = errors(&spec, "spec.yaml");
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs.iter().all(|e| e.contains("error[not-openapi]")), "{errs:#?}");
    assert!(errs.iter().any(|e| e.contains("/paths/~1a")));
    assert!(errs.iter().any(|e| e.contains("/paths/~1b")));
    assert!(errs.iter().any(|e| e.contains("/components/securitySchemes/s")));
}

#[test]
fn wrong_schema_keyword_types_are_repaired_with_warnings() {
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: 5, required: yes}}\n    B: {{type: [string, 'null']}}\n");
    let generated = run("spec.yaml", &spec).expect("repairable");
    let warnings = &generated.diagnostics;
    assert!(warnings.find(Lint::Repair, "/components/schemas/A/properties").is_some(), "{warnings}");
    assert!(warnings.find(Lint::Repair, "/components/schemas/A/required").is_some(), "{warnings}");
    // A 3.1 type list in a 3.0 document is read as `nullable`.
    assert!(warnings.find(Lint::Repair, "/components/schemas/B/type").is_some(), "{warnings}");
}

#[test]
fn huge_names_are_shortened_to_valid_identifiers() {
    // YAML caps implicit keys at 1024 characters, so this one is JSON.
    let long = "x".repeat(5000);
    let spec = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": long, "responses": {"204": {"description": "none"}}}}},
        "components": {"schemas": {long.clone(): {"type": "object", "properties": {long.clone(): {"type": "string"}}}}}
    });
    let generated = run("spec.json", &spec.to_string()).expect("long names generate");
    for (path, text) in &generated.files {
        assert!(path.len() < 200, "file name too long: {}", path.len());
        if path.ends_with(".rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{path} is not valid Rust: {e}"));
        }
    }
    // Cut to the longest identifier the generator emits, and still the names the rules give.
    let max = codegen::ident::MAX_IDENT;
    let file = |name: &str| &generated.files.iter().find(|(p, _)| p == name).expect(name).1;
    let type_name = format!("X{}", "x".repeat(max - 1));
    assert!(file("src/types.rs").contains(&format!("pub struct {type_name} {{")), "the struct's name is cut");
    assert!(file("src/types.rs").contains(&format!("pub {}:", "x".repeat(max))), "the field's");
    let method = format!("pub fn {}(", "x".repeat(max));
    let operations = generated.files.iter().filter(|(p, _)| p.starts_with("src/operations/"));
    assert!(operations.clone().any(|(_, text)| text.contains(&method)), "the client method's");
}

#[test]
fn duplicate_operation_ids_point_at_both() {
    let spec = format!("{HEAD}paths:\n  /a: {{get: {{operationId: getThing, responses: {{}}}}}}\n  /b: {{get: {{operationId: getThing, responses: {{}}}}}}\n");
    let errs = errors(&spec, "spec.yaml");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("error[duplicate-operation-id]"), "{}", errs[0]);
    assert!(
        errs[0].contains("/paths/~1b/get/operationId") && errs[0].contains("/paths/~1a/get/operationId"),
        "{}",
        errs[0]
    );
}

#[test]
fn operation_ids_equal_after_snake_case_are_renamed_with_a_warning() {
    let spec = format!("{HEAD}paths:\n  /a: {{get: {{operationId: getThing, responses: {{}}}}}}\n  /b: {{get: {{operationId: get_thing, responses: {{}}}}}}\n");
    let generated = run("spec.yaml", &spec).expect("distinct ids generate");
    let warnings: Vec<String> = generated.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        warnings,
        [
            "the client method `get_thing` is named `get_thing2` to keep names unique",
            "the request builder type `GetThing` is named `GetThing2` to keep names unique",
        ]
    );
    assert!(generated.files.iter().any(|(path, _)| path == "src/operations/get_thing2.rs"));
}

#[test]
fn not_yaml_not_json_empty_and_swagger_are_clear_errors() {
    let yaml = errors("openapi: [unclosed\n", "bad.yaml");
    assert!(
        yaml[0].contains("error[syntax]") && yaml[0].contains("bad.yaml:") && yaml[0].contains("not valid YAML"),
        "{yaml:?}"
    );
    let json = errors("{\"openapi\": \"3.0.0\",", "bad.json");
    assert!(
        json[0].contains("error[syntax]") && json[0].contains("bad.json:1:") && json[0].contains("not valid JSON"),
        "{json:?}"
    );
    let empty = errors("", "empty.yaml");
    assert!(empty[0].contains("empty"), "{empty:?}");
    let swagger = errors("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", "old.yaml");
    assert!(swagger[0].contains("error[not-openapi]") && swagger[0].contains("Swagger 2.0"), "{swagger:?}");
    let scalar = errors("42\n", "scalar.yaml");
    assert!(scalar[0].contains("error[not-openapi]") && scalar[0].contains("not an object"), "{scalar:?}");
}

#[test]
fn missing_spec_is_an_error_and_a_ref_to_a_missing_file_a_warning() {
    let missing = generate(std::path::Path::new("/nonexistent/spec.yaml"), &Config::default()).unwrap_err();
    let first = missing.iter().next().unwrap();
    assert_eq!(first.error, Some(codegen::ErrorKind::Unreadable), "{missing}");
    assert!(first.message.contains("cannot be read"), "{missing}");
    let spec = format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '400':\n          description: bad\n          content:\n            application/json:\n              schema: {{$ref: 'other.json#/components/schemas/Err'}}\n");
    let warns = warnings(&spec, "spec.yaml");
    assert_eq!(warns.lints(), [Lint::UnresolvedRef], "{warns}");
    let at = "/paths/~1a/get/responses/400/content/application~1json/schema/$ref";
    assert_eq!(
        warns.find(Lint::UnresolvedRef, at).and_then(|d| d.location.as_ref()).map(|l| l.line),
        Some(12),
        "{warns}"
    );
}

#[test]
fn external_refs_are_bundled_under_their_own_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("apps")).unwrap();
    std::fs::create_dir_all(dir.path().join("common")).unwrap();
    std::fs::write(dir.path().join("common/shared.json"), r##"{"components": {"schemas": {"Err": {"type": "object", "properties": {"code": {"$ref": "#/components/schemas/Code"}}}, "Code": {"type": "string", "enum": ["a", "b"]}}}}"##).unwrap();
    let spec = format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '400':\n          description: bad\n          content:\n            application/json:\n              schema: {{$ref: '../common/shared.json#/components/schemas/Err'}}\n");
    std::fs::write(dir.path().join("apps/spec.yaml"), spec).unwrap();
    let generated = generate(&dir.path().join("apps/spec.yaml"), &Config::default()).expect("bundles");
    let types = &generated.files.iter().find(|(p, _)| p == "src/types.rs").unwrap().1;
    assert!(types.contains("pub struct Err"), "{types}");
    assert!(types.contains("pub code: ::core::option::Option<crate::types::Code>"), "{types}");
    assert!(types.contains("pub enum Code"), "{types}");
}

#[test]
fn an_imported_component_whose_name_is_taken_is_renamed_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pets.yaml"),
        "components:\n  schemas:\n    Pet: {type: object, properties: {tag: {type: string}}}\n",
    )
    .unwrap();
    let spec = format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: 'pets.yaml#/components/schemas/Pet'}}\ncomponents:\n  schemas:\n    Pet: {{type: object, properties: {{name: {{type: string}}}}}}\n");
    std::fs::write(dir.path().join("spec.yaml"), spec).unwrap();
    let generated = generate(&dir.path().join("spec.yaml"), &Config::default()).unwrap_or_else(|d| panic!("{d}"));
    let at = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref";
    let found: Vec<_> = generated.diagnostics.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
    assert_eq!(found, [(Some(Lint::Rename), at)], "{}", generated.diagnostics);
    let location = generated.diagnostics.iter().next().and_then(|d| d.location.as_ref()).unwrap();
    assert_eq!((location.line, location.column), (12, 30));
    let types = &generated.files.iter().find(|(p, _)| p == "src/types.rs").unwrap().1;
    assert!(types.contains("pub struct Pet2 {") && types.contains("pub struct Pet {"), "{types}");
}

#[test]
fn garbage_never_panics() {
    // A few shapes of nonsense at every level; the assertion is that each returns.
    let cases = [
        "openapi: 3.0.0\ninfo: 5\npaths: {/a: 5}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: 5}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': {content: {application/json: {schema: {items: 5}}}}}}}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {'/{a}/{': {get: {operationId: x, responses: {}}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {operationId: '', responses: {}, parameters: [5, {name: p, in: query}]}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {allOf: [{type: string}, {type: object}]}, B: {oneOf: []}, C: {enum: [1, a, null]}}}\n",
        "[1, 2, 3]\n",
        "openapi: 3.0.0\npaths: {/a: {get: {operationId: '9', responses: {default: {description: d}}}}}\n",
        "a: &x [*x]\n",
    ];
    for case in cases {
        let _ = run("spec.yaml", case);
    }
}

#[test]
fn a_flow_style_yaml_spec_that_starts_with_a_brace_is_read_as_yaml() {
    // Not JSON (unquoted keys): only a YAML reader takes it, whatever its first byte.
    let spec = "{openapi: 3.0.3, info: {title: t, version: '1'},\n paths: {/ping: {get: {operationId: ping, responses: {'204': {description: pong}}}}}}\n";
    let generated = run("flow.yaml", spec).unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.files.iter().any(|(path, _)| path == "src/operations/ping.rs"), "{:?}", generated.files);
}

#[test]
fn the_format_is_read_off_the_content_not_the_file_name() {
    // YAML in a file named `.json`, and JSON in a file with no extension at all.
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /ping:\n    get: {operationId: ping, responses: {'204': {description: pong}}}\n";
    let generated = run("misnamed.json", yaml).unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.files.iter().any(|(path, _)| path == "src/operations/ping.rs"));
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "pong"}}}}}}"#;
    let generated = run("spec", json).unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.files.iter().any(|(path, _)| path == "src/operations/ping.rs"));
    // Neither: the error is the one of the format the name suggests, located.
    let errs = errors("{\"openapi\": [1,", "broken.json");
    assert!(errs[0].contains("not valid JSON") && errs[0].contains("broken.json:1:"), "{errs:?}");
}

#[test]
fn parameters_named_like_the_builders_own_methods_are_renamed_with_a_warning() {
    let paths = "\
paths:
  /x:
    get:
      operationId: getX
      parameters:
        - {name: request, in: query, schema: {type: boolean}}
        - {name: new, in: query, schema: {type: string}}
        - {name: send, in: header, schema: {type: string}}
        - {name: with_cursor, in: query, schema: {type: string}}
        - {name: next_cursor, in: query, schema: {type: string}}
        - {name: after, in: query, schema: {type: string}}
      x-pagination: {cursorParam: after, cursorField: next, hasMoreField: more, itemsField: items}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [items, more]
                properties:
                  items: {type: array, items: {type: string}}
                  next: {type: string}
                  more: {type: boolean}
";
    let lowered = lowered(&[HEAD, paths].concat());
    let names: Vec<&str> = lowered.api.operations[0].params.iter().map(|p| p.ident.as_str()).collect();
    assert_eq!(names, ["request2", "new2", "send2", "with_cursor2", "next_cursor2", "after"]);
    assert_eq!(lowered.diagnostics.lints(), [Lint::Rename; 5], "{}", lowered.diagnostics);
}

#[test]
fn a_body_under_a_media_range_is_json_sent_as_application_json_and_a_vendor_type_keeps_its_name() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        content:\n          \"*/*\": {{schema: {{type: object}}}}\n      responses: {{\"204\": {{description: ok}}}}\n  /b:\n    post:\n      operationId: postB\n      requestBody:\n        content:\n          application/vnd.b+json: {{schema: {{type: object}}}}\n      responses: {{\"204\": {{description: ok}}}}\n"
    );
    let generated = run("spec.yaml", &spec).expect("generates");
    let file = |name: &str| &generated.files.iter().find(|(p, _)| p == name).expect(name).1;
    let a = file("src/operations/post_a.rs");
    assert!(a.contains("request.json_body(body)?;"), "{a}");
    assert!(!a.contains("content-type"), "`*/*` names no type to send:\n{a}");
    let b = file("src/operations/post_b.rs");
    assert!(b.contains(r#"request.header("content-type", "application/vnd.b+json")?;"#), "{b}");
}

#[test]
#[cfg(unix)]
fn a_ref_to_a_device_or_a_directory_is_a_warning_not_a_hang() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: \"/dev/zero#/x\"}}\n        \"404\":\n          description: gone\n          content:\n            application/json:\n              schema: {{$ref: \"/tmp#/y\"}}\n"
    );
    let warnings = warnings(&spec, "spec.yaml");
    assert_eq!(warnings.lints(), [Lint::UnresolvedRef; 2], "{warnings}");
    for status in [200, 404] {
        let at = format!("/paths/~1a/get/responses/{status}/content/application~1json/schema/$ref");
        assert!(warnings.find(Lint::UnresolvedRef, &at).is_some(), "{warnings}");
    }
}

#[test]
fn a_ref_where_no_component_can_stand_is_resolved_by_value() {
    // A parameter list, a `properties` map and a `required` list, each a ref into the document's own
    // extensions; a `$ref` inside an example is data, never followed.
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters: {{$ref: '#/x-common/params'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n              example: {{$ref: not a reference}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties: {{$ref: '#/x-common/props'}}\n      required: {{$ref: '#/x-common/required'}}\nx-common:\n  params:\n    - {{name: limit, in: query, schema: {{type: integer}}}}\n  props:\n    kind: {{type: string}}\n  required: [kind]\n"
    );
    let lowered = lowered(&spec);
    assert!(lowered.diagnostics.is_empty(), "{}", lowered.diagnostics);
    let op = &lowered.api.operations[0];
    assert_eq!(op.params.iter().map(|p| p.wire.as_str()).collect::<Vec<_>>(), ["limit"]);
    let example =
        &lowered.loaded.document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["example"];
    assert_eq!(example, &serde_json::json!({"$ref": "not a reference"}));
    let thing = lowered.api.type_def(lowered.api.type_named("Thing").expect("Thing"));
    let codegen::lower::ir::TypeKind::Struct { fields } = &thing.kind else { panic!("{thing:?}") };
    let kind: Vec<_> = fields.iter().map(|f| (f.wire.as_str(), &f.ty, f.required)).collect();
    assert_eq!(kind, [("kind", &codegen::lower::ir::TypeRef::String, true)]);
}

#[test]
fn a_cycle_of_refs_resolved_by_value_is_a_located_error() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties: {{$ref: '#/x-props'}}\nx-props:\n  child:\n    type: object\n    properties: {{$ref: '#/x-props'}}\n"
    );
    let errs = match run("spec.yaml", &spec) {
        Ok(g) => panic!("a cycle by value generated:\n{}", g.diagnostics),
        Err(diags) => diags,
    };
    let error = errs
        .iter()
        .find(|d| d.severity == Severity::Error && d.pointer.ends_with("/properties/$ref"))
        .unwrap_or_else(|| panic!("{errs}"));
    assert_eq!(error.pointer, "/components/schemas/Node/properties/child/properties/$ref", "{errs}");
    // Located at the ref that closes the cycle, as written: `x-props`' own `properties` (line 12).
    let location = error.location.as_ref().expect("located");
    assert_eq!((location.line, location.column), (12, 24), "{errs}");
}

#[test]
fn refs_by_value_that_multiply_stop_at_the_budget_with_a_located_error() {
    // Each level a list of ten refs to the level below: 10^7 copies of the last one.
    let mut spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Big:\n      type: object\n      required: {{$ref: '#/x-l7'}}\n");
    spec.push_str("x-l0: [a]\n");
    for level in 1..=7 {
        let items = vec![format!("{{$ref: '#/x-l{}'}}", level - 1); 10].join(", ");
        spec.push_str(&format!("x-l{level}: [{items}]\n"));
    }
    let started = std::time::Instant::now();
    let errs = match run("spec.yaml", &spec) {
        Ok(g) => panic!("generated:\n{}", g.diagnostics),
        Err(diags) => diags,
    };
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    let errors: Vec<_> = errs.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{errs}");
    // At the ref that crossed the budget: in `x-l2` (line 11), whose copies of `x-l1` add up.
    assert_eq!(errors[0].location.as_ref().map(|l| l.line), Some(11), "{errs}");
}

#[test]
fn a_deep_object_list_is_sent_as_json_with_a_warning() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: ids, in: query, style: deepObject, schema: {{type: array, items: {{type: string}}}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let lowered = lowered(&spec);
    let found: Vec<_> = lowered.diagnostics.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
    assert_eq!(found, [(Some(Lint::UnsupportedStyle), "/paths/~1a/get/parameters/0")], "{}", lowered.diagnostics);
    assert_eq!(lowered.api.operations[0].params[0].serialization, codegen::lower::ir::Serialization::Json);
}

#[test]
fn a_security_scheme_given_as_a_ref_is_the_scheme_it_names() {
    let spec = format!(
        "{HEAD}security: [{{Token: []}}]\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n    Token: {{$ref: '#/components/securitySchemes/Bearer'}}\n    Bearer: {{type: http, scheme: bearer}}\n"
    );
    let lowered = lowered(&spec);
    assert!(lowered.diagnostics.is_empty(), "{}", lowered.diagnostics);
    let schemes: Vec<_> = lowered.api.security_schemes.iter().map(|s| (s.name.as_str(), &s.kind)).collect();
    let bearer = codegen::lower::ir::SchemeKind::Bearer;
    assert_eq!(schemes, [("Token", &bearer), ("Bearer", &bearer)]);
    assert_eq!(lowered.api.operations[0].security, Some(vec![vec!["Token".to_string()]]));
}

#[test]
fn a_response_header_given_as_a_ref_is_read() {
    // No content, but a `Content-Type` header (a component) that names the media type.
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: a PDF\n          headers:\n            Content-Type: {{$ref: '#/components/headers/Pdf'}}\ncomponents:\n  headers:\n    Pdf: {{schema: {{type: string, enum: [application/pdf]}}}}\n"
    );
    let lowered = lowered(&spec);
    let arm = &lowered.api.operations[0].responses[0];
    assert_eq!(
        (&arm.body, arm.media_types.as_slice()),
        (&codegen::lower::ir::Body::Bytes, &["application/pdf".to_string()][..])
    );
    let found: Vec<_> = lowered.diagnostics.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
    assert_eq!(found, [(Some(Lint::UnsupportedBody), "/paths/~1a/get/responses/200")], "{}", lowered.diagnostics);
}
