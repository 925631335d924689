//! What specs written by others do, one fixture each (`tests/fixtures/`, compiled with `-D warnings`
//! by `cargo xtask corpus codegen/tests/fixtures`): broken refs, path items and operations given as
//! refs across files, refs of refs, one name in two locations, success statuses with different
//! bodies, a union on a cycle, renames, doc text that is not Rust.

use std::path::{Path, PathBuf};

use codegen::lower::ir::{Api, Body, BodyKind, IntegerKind, Location, Operation, Success, TypeKind, TypeRef};
use codegen::{Config, Diagnostics, Lint, Severity};

/// The reference to the type Rust calls `name`.
fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(api.type_named(name).unwrap_or_else(|| panic!("no type `{name}`")))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn lowered(name: &str) -> (Api, Diagnostics) {
    let lowered = codegen::lower_spec(&fixture(name), &[]).unwrap_or_else(|d| panic!("{name}:\n{d}"));
    (lowered.api, lowered.diagnostics)
}

/// Each diagnostic's lint and pointer, in order.
fn lints(diags: &Diagnostics) -> Vec<(Option<Lint>, &str)> {
    diags.iter().map(|d| (d.lint, d.pointer.as_str())).collect()
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("no operation `{id}`"))
}

fn field_type(api: &Api, type_name: &str, wire: &str) -> TypeRef {
    let def = api.types.iter().find(|t| t.name == type_name).unwrap_or_else(|| panic!("no type `{type_name}`"));
    let TypeKind::Struct { fields } = &def.kind else { panic!("`{type_name}` is not a struct") };
    fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| panic!("no field `{wire}`")).ty.clone()
}

fn arm_body(op: &Operation, status: &str) -> Body {
    op.responses.iter().find(|a| a.status.key() == status).unwrap_or_else(|| panic!("no {status}")).body.clone()
}

#[test]
fn each_broken_ref_is_any_json_or_left_out_with_one_warning_naming_the_file_and_pointer() {
    let (api, diags) = lowered("broken-refs.json");
    let broken: Vec<_> = diags.of(Lint::UnresolvedRef).collect();
    let at: Vec<&str> = broken.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        at,
        [
            "/paths/~1things~1{id}/parameters/0/$ref",
            "/paths/~1things~1{id}/get/responses/400/content/application~1json/schema/$ref",
            "/paths/~1things~1{id}/get/responses/404/$ref",
            "/paths/~1things~1{id}/get/responses/422/content/application~1json/schema/$ref",
            "/components/schemas/Thing/properties/owner/$ref",
        ]
    );
    assert_eq!(diags.len(), broken.len(), "nothing else is wrong: {diags}");
    assert!(broken.iter().all(|d| d.severity == Severity::Warning));
    // Each is located at the ref as written, even where the ref's node is gone.
    let line = |d: &codegen::Diagnostic| d.location.as_ref().map(|l| l.line);
    assert_eq!(broken.iter().map(|d| line(d)).collect::<Vec<_>>(), [7, 15, 16, 17, 29].map(Some));

    let op = operation(&api, "getThing");
    let params: Vec<&str> = op.params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(params, ["id", "verbose"]);
    for status in ["400", "404", "422"] {
        assert_eq!(arm_body(op, status), Body::Json(TypeRef::Any), "{status}");
    }
    assert_eq!(field_type(&api, "Thing", "owner"), TypeRef::Any);
    // A ref that does resolve in the same shared file is imported as usual.
    assert_eq!(field_type(&api, "Thing", "label"), named(&api, "Label"));
}

#[test]
fn strict_makes_every_broken_ref_an_error_and_generates_nothing() {
    let config = Config { strict: true, ..Config::default() };
    let diags = codegen::generate(&fixture("broken-refs.json"), &config).unwrap_err();
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    assert_eq!(errors, 5, "{diags}");
    assert_eq!(diags.len(), 5, "{diags}");
}

#[test]
fn path_items_and_operations_given_as_refs_load_across_files_relative_to_each_file() {
    let (api, diags) = lowered("multi-file/openapi.yaml");
    let ids: Vec<&str> = api.operations.iter().map(|op| op.id.as_str()).collect();
    assert_eq!(ids, ["listWidgets", "createWidget", "getWidget", "deleteWidget"]);
    // Operations as refs are not OpenAPI 3.0: each is followed, with a warning at the ref.
    let warned: Vec<(&str, String)> = diags
        .iter()
        .map(|d| (d.pointer.as_str(), d.location.as_ref().map(|l| l.file.display().to_string()).unwrap_or_default()))
        .collect();
    assert_eq!(warned.len(), 3, "{diags}");
    assert!(diags.iter().all(|d| d.lint == Some(Lint::Nonstandard)), "{diags}");
    assert_eq!(warned[0].0, "/paths/~1v2~1widgets/get/$ref");
    assert_eq!(warned[1].0, "/paths/~1v2~1widgets/post/$ref");
    assert_eq!(warned[2].0, "/paths/~1v2~1widgets~1{widgetId}/delete/$ref");
    assert!(warned[2].1.ends_with("widget_item.yml"), "the nested ref is located in its own file: {warned:?}");

    let list = operation(&api, "listWidgets");
    let params: Vec<(&str, &TypeRef)> = list.params.iter().map(|p| (p.wire.as_str(), &p.ty)).collect();
    assert_eq!(params, [("limit", &TypeRef::Integer(IntegerKind::I32)), ("cursor", &TypeRef::String)]);
    assert_eq!(list.doc.as_deref().map(|d| d.starts_with("Lists the widgets.")), Some(true));
    let get = operation(&api, "getWidget");
    assert_eq!(get.params[0].wire, "widgetId", "the path item's own parameters come along");
    assert_eq!(arm_body(get, "404"), Body::Json(named(&api, "Problem")));
    assert_eq!(get.success, Success::Body(Body::Json(named(&api, "Widget"))));
    assert_eq!(operation(&api, "deleteWidget").success, Success::Body(Body::Empty));
    // A `properties` map and a `required` list given as refs to another file are copied in by value;
    // a ref inside the copy is resolved relative to the file it was written in.
    assert_eq!(field_type(&api, "WidgetAttributes", "colour"), TypeRef::String);
    assert_eq!(field_type(&api, "WidgetAttributes", "shape"), named(&api, "Shape"));
    let TypeKind::Struct { fields } = &api.types.iter().find(|t| t.name == "WidgetAttributes").unwrap().kind else {
        panic!("WidgetAttributes is a struct")
    };
    let required: Vec<(&str, bool)> = fields.iter().map(|f| (f.wire.as_str(), f.required)).collect();
    assert_eq!(required, [("colour", true), ("shape", false)]);
    let create = operation(&api, "createWidget");
    assert_eq!(
        create.body.as_ref().map(|b| &b.default_form().kind),
        Some(&BodyKind::Json { ty: named(&api, "Widget"), content_type: None })
    );
}

#[test]
fn refs_of_refs_of_every_kind_resolve_to_any_depth_without_a_warning() {
    let (api, diags) = lowered("ref-chains.yaml");
    assert!(diags.is_empty(), "a valid chain is not a problem:\n{diags}");
    let get = operation(&api, "getItem");
    let params: Vec<(&str, Location, &TypeRef)> =
        get.params.iter().map(|p| (p.wire.as_str(), p.location, &p.ty)).collect();
    assert_eq!(
        params,
        [
            ("id", Location::Path, &named(&api, "ItemIdAlias")),
            ("page_size", Location::Query, &TypeRef::Integer(IntegerKind::I32)),
            ("tilde", Location::Query, &TypeRef::String),
        ]
    );
    assert_eq!(get.success, Success::Body(Body::Json(named(&api, "Item"))));
    assert_eq!(arm_body(get, "default"), Body::Json(named(&api, "Problem")));
    let put = operation(&api, "putItem");
    assert_eq!(put.params.len(), 1);
    let body = put.body.as_ref().expect("the request body chain resolves");
    assert_eq!(
        (&body.default_form().kind, body.required),
        (&BodyKind::Json { ty: named(&api, "Item"), content_type: None }, true)
    );
    // A schema that is a ref names a type: each link of the chain is an alias.
    let alias = |name: &str| api.types.iter().find(|t| t.name == name).map(|t| t.kind.clone());
    assert_eq!(alias("ItemIdAlias"), Some(TypeKind::Alias(named(&api, "ItemIdAlias2"))));
    assert_eq!(alias("ItemIdAlias2"), Some(TypeKind::Alias(named(&api, "ItemId"))));
}

#[test]
fn one_name_in_two_locations_gives_two_fields_named_apart_with_a_warning() {
    let (api, diags) = lowered("same-name-params.yaml");
    let op = operation(&api, "listMembers");
    let params: Vec<(&str, Location)> = op.params.iter().map(|p| (p.ident.as_str(), p.location)).collect();
    assert_eq!(
        params,
        [
            ("query_campaign_group_id", Location::Query),
            ("campaign_group_id", Location::Path),
            ("header_campaign_group_id", Location::Header),
        ]
    );
    assert!(op.params.iter().all(|p| p.wire == "campaignGroupId"));
    let at = "/paths/~1campaign-groups~1{campaignGroupId}~1members/get/parameters";
    assert_eq!(lints(&diags), [(Some(Lint::Rename), &*format!("{at}/0")), (Some(Lint::Rename), &*format!("{at}/2"))]);
}

#[test]
fn success_statuses_with_different_bodies_give_an_enum_by_status() {
    let (api, diags) = lowered("multi-success.yaml");
    assert!(diags.is_empty(), "{diags}");
    let start = operation(&api, "startJob");
    assert_eq!(start.success, Success::ByStatus("StartJobSuccess".into()));
    let arms: Vec<(String, &str, &Body)> = start
        .responses
        .iter()
        .filter(|a| a.is_success())
        .map(|a| (a.status.key(), a.success_variant().unwrap_or(""), &a.body))
        .collect();
    assert_eq!(
        arms,
        [
            ("200".into(), "Ok", &Body::Json(named(&api, "Outcome"))),
            ("202".into(), "Accepted", &Body::Json(named(&api, "Job"))),
            ("204".into(), "NoContent", &Body::Empty),
        ]
    );
    let log = operation(&api, "getJobLog");
    assert_eq!(log.success, Success::ByStatus("GetJobLogSuccess".into()));
    assert_eq!(arm_body(log, "206"), Body::Text, "`text/plain` is read as a string");

    let generated = codegen::generate(&fixture("multi-success.yaml"), &Config::default()).unwrap();
    let text = &generated.files.iter().find(|(p, _)| p == "src/operations/start_job.rs").unwrap().1;
    assert!(text.contains("pub enum StartJobSuccess {"), "{text}");
    let decode_202 =
        ".success_json::<crate::types::Job, _>()\n                    .map(|r| crate::Response::map(r, StartJobSuccess::Accepted))";
    assert!(text.contains(decode_202), "{text}");
    assert!(text.contains(".map(|r| crate::Response::map(r, |()| StartJobSuccess::NoContent))"), "{text}");
}

#[test]
fn a_union_variant_on_a_cycle_is_boxed_not_any_json() {
    let (api, diags) = lowered("union-cycle.yaml");
    assert!(diags.is_empty(), "{diags}");
    let expr = api.types.iter().find(|t| t.name == "Expr").unwrap();
    let TypeKind::Union { variants, .. } = &expr.kind else { panic!("{expr:?}") };
    let shape: Vec<(&str, &TypeRef, bool)> = variants.iter().map(|v| (v.ident.as_str(), &v.ty, v.boxed)).collect();
    assert_eq!(
        shape,
        [
            ("Literal", &named(&api, "Literal"), false),
            ("Not", &named(&api, "Not"), true),
            // Behind a Vec already: a cycle, but of finite size.
            ("Group", &named(&api, "Group"), false),
        ]
    );
}

#[test]
fn every_rename_is_warned_about() {
    let (api, diags) = lowered("renames.yaml");
    let methods: Vec<&str> = api.operations.iter().map(|op| op.method_name.as_str()).collect();
    assert_eq!(methods, ["base_url2", "request2", "builder2"]);
    // `base_url` of `/run` and `request` of `/raw` (methods of the client), `builder` of `/builder`, its
    // parameters `send`, `header` and `query` (builder methods; `options` is free), a union member.
    assert_eq!(
        lints(&diags),
        [
            (Some(Lint::Rename), "/paths/~1run/post"),
            (Some(Lint::Rename), "/paths/~1raw/get"),
            (Some(Lint::Rename), "/paths/~1builder/get"),
            (Some(Lint::Rename), "/paths/~1builder/get/parameters/0"),
            (Some(Lint::Rename), "/paths/~1builder/get/parameters/1"),
            (Some(Lint::Rename), "/paths/~1builder/get/parameters/2"),
            (Some(Lint::Rename), "/paths/~1builder/get/responses/200/content/application~1json/schema/oneOf/1"),
        ]
    );
}

#[test]
fn code_fences_in_descriptions_never_become_doctests() {
    let generated = codegen::generate(&fixture("renames.yaml"), &Config::default()).unwrap();
    for (path, text) in &generated.files {
        for line in text.lines().map(str::trim_start) {
            let Some(doc) = line.strip_prefix("//!").or_else(|| line.strip_prefix("///")) else { continue };
            let doc = doc.trim_start();
            for fence in ["```", "~~~"] {
                if let Some(info) = doc.strip_prefix(fence) {
                    assert!(info.is_empty() || info == "text", "{path}: a fence rustdoc would run: `{line}`");
                }
            }
        }
    }
    let lib = &generated.files.iter().find(|(p, _)| p == "src/lib.rs").unwrap().1;
    assert!(lib.contains("//! ```text\n//! this block is not Rust"), "{lib}");
    assert!(lib.contains("//! ~~~text\n//! print(\"nor this\")"), "{lib}");
    // Not indented either: four spaces would make an (untagged, so Rust) code block.
    assert!(lib.contains("//! an indented line is not a code block either"), "{lib}");
}

#[test]
fn a_broken_ref_inside_an_imported_file_is_located_in_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'shared.yaml#/components/schemas/A'}\n";
    // Line 5, column 19: the ref's value (its opening quote) in the shared file, after 8 spaces and
    // `b: {$ref: `.
    let shared =
        "components:\n  schemas:\n    A:\n      properties:\n        b: {$ref: '#/components/schemas/Missing'}\n";
    std::fs::write(dir.path().join("spec.yaml"), spec).unwrap();
    std::fs::write(dir.path().join("shared.yaml"), shared).unwrap();
    let lowered = codegen::lower_spec(&dir.path().join("spec.yaml"), &[]).unwrap_or_else(|d| panic!("{d}"));
    let diags: Vec<_> = lowered.diagnostics.iter().collect();
    assert_eq!(diags.len(), 1, "{}", lowered.diagnostics);
    assert_eq!(diags[0].pointer, "/components/schemas/A/properties/b/$ref");
    let location = diags[0].location.as_ref().expect("located");
    assert_eq!(location.file, dir.path().join("shared.yaml"));
    assert_eq!((location.line, location.column), (5, 19));
}

/// One rule of what is text (`codegen::media`): XML and YAML are characters, in a request body and in
/// a response, as `text/*` is; an image is bytes.
#[test]
fn structured_text_media_types_are_text_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("xml.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.3
info: {title: xml, version: "1"}
paths:
  /feed:
    put:
      operationId: putFeed
      requestBody:
        content:
          application/atom+xml: {schema: {type: string}}
      responses:
        "200":
          description: the feed
          content:
            application/xml: {schema: {type: string}}
        "201":
          description: a picture
          content:
            image/png: {schema: {type: string, format: binary}}
"#,
    )
    .unwrap();
    let api = codegen::lower_spec(&spec, &[]).unwrap_or_else(|d| panic!("{d}")).api;
    let op = operation(&api, "putFeed");
    let body = op.body.as_ref().expect("the request body");
    assert_eq!(body.forms.len(), 1);
    assert!(
        matches!(&body.forms[0].kind, BodyKind::Text { content_type: Some(t) } if t == "application/atom+xml"),
        "{:?}",
        body.forms[0].kind
    );
    assert_eq!(arm_body(op, "200"), Body::Text);
    assert_eq!(arm_body(op, "201"), Body::Bytes);
}
