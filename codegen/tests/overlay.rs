//! Overlays (OpenAPI Overlay Specification 1.0, and 1.1's primitive targets): each action's effect on
//! a small spec, written out by hand, and diagnostics that point into the overlay file.

use std::path::{Path, PathBuf};

use codegen::diagnostics::Location;
use codegen::load::Loaded;
use codegen::{Diagnostic, Lint, Severity};
use serde_json::{json, Value};

const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
tags:
  - name: keep
  - name: drop1
  - name: drop2
paths:
  /a:
    get:
      operationId: a
      parameters:
        - {name: x, in: query, schema: {type: string}}
        - {name: y, in: query, schema: {type: string}}
      responses:
        '200': {description: ok}
  /b:
    get:
      operationId: b
      responses:
        '200': {description: ok}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string}
      example: {id: p1, tags: [a]}
";

const HEAD: &str = "overlay: 1.0.0\ninfo: {title: test, version: '1'}\nactions:\n";

struct Run {
    dir: tempfile::TempDir,
    loaded: Option<Loaded>,
    diagnostics: Vec<Diagnostic>,
}

impl Run {
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn loaded(&self) -> &Loaded {
        self.loaded.as_ref().expect("the spec loads")
    }

    fn document(&self) -> &Value {
        &self.loaded().document
    }

    fn of(&self, severity: Severity) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == severity).collect()
    }

    /// The one diagnostic of `severity`, with its location.
    fn only(&self, severity: Severity) -> (&Diagnostic, &Location) {
        let found = self.of(severity);
        assert_eq!(found.len(), 1, "{:#?}", self.diagnostics);
        if severity == Severity::Error {
            // An overlay's errors are its own kind, or a file that cannot be read or parsed.
            use codegen::ErrorKind::{InvalidOverlay, Syntax, Unreadable};
            assert!(matches!(found[0].error, Some(InvalidOverlay | Syntax | Unreadable)), "{:#?}", found[0]);
        }
        (found[0], found[0].location.as_ref().expect("a location"))
    }
}

/// A folder with `SPEC` and the overlays (file name, text) in it: the path of the spec, and those of
/// the overlays in the order given.
fn spec_dir(overlays: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let mut paths = Vec::new();
    for (name, text) in overlays {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    (dir, spec, paths)
}

/// Loads `SPEC` with the overlays (file name, text) applied in the order given.
fn run(overlays: &[(&str, &str)]) -> Run {
    let (dir, spec, paths) = spec_dir(overlays);
    let mut diags = codegen::Diagnostics::default();
    let loaded = codegen::load::load_with_overlays(&spec, &paths, &mut diags);
    Run { loaded, diagnostics: diags.into_vec(), dir }
}

fn base() -> Value {
    run(&[]).document().clone()
}

fn at(location: &Location) -> (&Path, usize, usize) {
    (location.file.as_path(), location.line, location.column)
}

#[test]
fn update_merges_into_an_object() {
    let overlay = format!(
        "{HEAD}  - target: $.components.schemas.Pet
    description: an optional tag list, a new required field, a new example value
    update:
      required: [tag]
      description: A pet.
      properties:
        name: {{description: The name., type: string}}
        tag: {{type: string}}
      example: {{id: p2, tags: [b]}}
"
    );
    let r = run(&[("o.yaml", &overlay)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let pet = &r.document()["components"]["schemas"]["Pet"];
    assert_eq!(
        pet,
        &json!({
            "type": "object",
            // arrays concatenate
            "required": ["id", "name", "tag"],
            "properties": {
                "id": {"type": "string"},
                // objects merge: a new key is added, an equal primitive is replaced by itself
                "name": {"type": "string", "description": "The name."},
                "tag": {"type": "string"}
            },
            // primitives replace primitives, deep inside objects too
            "example": {"id": "p2", "tags": ["a", "b"]},
            // a new property goes at the end
            "description": "A pet."
        })
    );
    // Nothing else changed.
    let base = base();
    let mut rest = r.document().clone();
    rest["components"]["schemas"]["Pet"] = base["components"]["schemas"]["Pet"].clone();
    assert_eq!(rest, base);
}

#[test]
fn update_of_an_array_appends_one_entry() {
    let overlay = format!("{HEAD}  - target: $.tags\n    update: {{name: added}}\n");
    let r = run(&[("o.yaml", &overlay)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert_eq!(
        r.document()["tags"],
        json!([{"name": "keep"}, {"name": "drop1"}, {"name": "drop2"}, {"name": "added"}])
    );
}

#[test]
fn remove_deletes_a_member_and_an_array_item() {
    let overlay = format!(
        "{HEAD}  - target: $.paths['/b']
    remove: true
  - target: $.paths['/a'].get.parameters[?@.name == 'x']
    remove: true
"
    );
    let r = run(&[("o.yaml", &overlay)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let paths = r.document()["paths"].as_object().unwrap();
    assert_eq!(paths.keys().collect::<Vec<_>>(), ["/a"]);
    assert_eq!(paths["/a"]["get"]["parameters"], json!([{"name": "y", "in": "query", "schema": {"type": "string"}}]));
}

#[test]
fn after_a_removal_the_later_items_of_the_array_keep_their_own_positions() {
    let overlay = format!(
        "{HEAD}  - target: $.paths['/a'].get.parameters[?@.name == 'x']
    remove: true
  - target: $.tags[?@.name == 'keep' || @.name == 'drop1']
    remove: true
  - target: $.components.schemas.Pet.example
    remove: true
"
    );
    let r = run(&[("o.yaml", &overlay)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let line = |pointer: &str| r.loaded().locate(pointer).map(|l| (l.file.file_name().map(|f| f.to_owned()), l.line));
    let spec_line = |n: usize| Some((Some("spec.yaml".into()), n));
    // `y` was the second parameter (line 13) and is now the first.
    assert_eq!(line("/paths/~1a/get/parameters/0"), spec_line(13));
    assert_eq!(line("/paths/~1a/get/parameters/0/schema/type"), spec_line(13));
    // Two of three tags removed: `drop2` (line 6) is now the only one.
    assert_eq!(line("/tags/0"), spec_line(6));
    assert_eq!(line("/tags/0/name"), spec_line(6));
    // Untouched nodes are where they were.
    assert_eq!(line("/components/schemas/Pet/required/1"), spec_line(25));
}

#[test]
fn one_expression_with_several_targets_changes_each() {
    let overlay = format!(
        "{HEAD}  - target: $.paths.*.get
    update: {{x-safe: true}}
  - target: $.tags[?@.name != 'keep']
    description: two items of one array, removed together
    remove: true
"
    );
    let r = run(&[("o.yaml", &overlay)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let doc = r.document();
    assert_eq!(doc["paths"]["/a"]["get"]["x-safe"], json!(true));
    assert_eq!(doc["paths"]["/b"]["get"]["x-safe"], json!(true));
    // Removing index 1 first would have shifted index 2 away: both are gone and `keep` stays.
    assert_eq!(doc["tags"], json!([{"name": "keep"}]));
}

#[test]
fn removals_from_one_array_go_by_index_from_the_last_even_past_nine() {
    let overlay = "overlay: 1.1.0
info: {title: test, version: '1'}
actions:
  - target: $.tags
    update: [{name: t3}, {name: t4}, {name: t5}, {name: t6}, {name: t7}, {name: t8}, {name: t9}, {name: t10}, {name: t11}]
  - target: $.tags[1, 9, 10]
    remove: true
";
    let r = run(&[("o.yaml", overlay)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let names: Vec<&str> =
        r.document()["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    // Index 10 goes before 9 (as text, `9` would sort after `10`, and the removal of 9 would move 11 into 10).
    assert_eq!(names, ["keep", "drop2", "t3", "t4", "t5", "t6", "t7", "t8", "t11"]);
}

#[test]
fn a_target_that_matches_nothing_is_a_warning_at_the_action() {
    let overlay = format!(
        "{HEAD}  - target: $.tags
    update: {{name: fine}}
  - target: $.components.schemas.Dog
    description: Dogs are optional
    update: {{type: object}}
"
    );
    let r = run(&[("o.yaml", &overlay)]);
    assert!(r.of(Severity::Error).is_empty(), "{:#?}", r.diagnostics);
    let (warning, location) = r.only(Severity::Warning);
    // Line 6 (three of the head, two of the first action), after the 12 characters of `  - target: `.
    assert_eq!(at(location), (r.file("o.yaml").as_path(), 6, 12 + 1));
    assert_eq!((warning.lint, warning.pointer.as_str()), (Some(Lint::OverlayNoEffect), "/actions/1/target"));
    // The other action applied; the document is otherwise unchanged.
    assert_eq!(r.document()["tags"][3], json!({"name": "fine"}));
    assert_eq!(r.document()["components"], base()["components"]);
}

#[test]
fn a_bad_jsonpath_after_non_ascii_text_is_placed_by_characters() {
    // `$.paths['/ü']]` on line 4 (after the three lines of HEAD): the stray `]` is the 14th
    // character (the 15th byte), so its column is the target's column (13) plus 13, as for the
    // ASCII `$.paths['/u']]`.
    for name in ["u", "ü"] {
        let overlay = format!("{HEAD}  - target: $.paths['/{name}']]\n    remove: true\n");
        let r = run(&[("bad.yaml", &overlay)]);
        let (error, location) = r.only(Severity::Error);
        assert_eq!(at(location), (r.file("bad.yaml").as_path(), 4, 13 + 13), "{name}");
        assert!(error.message.contains("at character 14 (`]`)"), "{name}: {}", error.message);
    }
}

#[test]
fn a_bad_jsonpath_is_an_error_at_its_position_in_the_overlay() {
    // The stray `]` is the 25th character of the target, which starts in column 13 of line 6.
    let overlay = format!(
        "{HEAD}  - target: $.tags
    update: {{name: fine}}
  - target: $.components.schemas.Pet]
    description: Broken
    remove: true
"
    );
    let r = run(&[("bad.yaml", &overlay)]);
    let (error, location) = r.only(Severity::Error);
    assert_eq!(at(location), (r.file("bad.yaml").as_path(), 6, 13 + 24));
    assert_eq!(error.pointer, "/actions/1/target");
    assert!(error.message.contains("action 1 (\"Broken\")"), "{}", error.message);
    assert!(error.message.contains("not a valid JSONPath"), "{}", error.message);
    let shown = error.to_string();
    assert!(shown.contains("bad.yaml:6:37"), "{shown}");
    // The broken action changed nothing.
    assert_eq!(r.document()["components"], base()["components"]);
}

#[test]
fn a_quoted_target_counts_from_inside_the_quotes() {
    let overlay = format!("{HEAD}  - target: \"$.tags[?@.name ==]\"\n    remove: true\n");
    let r = run(&[("o.yaml", &overlay)]);
    let (_, location) = r.only(Severity::Error);
    // The quote is column 13 and `$` column 14; the parser stops at `==]`, the 16th character.
    assert_eq!((location.line, location.column), (4, 14 + 15));

    // An escape is one character of the target but several of the text: the stray `]` of
    // `$.paths['/a']]` is its 14th character, written 16th in either quoting, and that of
    // `$.paths["/é"]]` written 21st with `\u00e9`.
    for (target, written) in
        [(r#""$.paths[\"/a\"]]""#, 16), ("'$.paths[''/a'']]'", 16), (r#""$.paths[\"/\u00e9\"]]""#, 21)]
    {
        let overlay = format!("{HEAD}  - target: {target}\n    remove: true\n");
        let r = run(&[("o.yaml", &overlay)]);
        let (error, location) = r.only(Severity::Error);
        assert!(error.message.contains("at character 14 (`]`)"), "{target}: {}", error.message);
        assert_eq!((location.line, location.column, location.span), (4, 13 + written, 1), "{target}");
    }
}

#[test]
fn overlays_apply_in_order_each_to_the_result_of_the_one_before() {
    let first = format!("{HEAD}  - target: $.components.schemas\n    update: {{Dog: {{type: object}}}}\n");
    // Targets what the first overlay added.
    let second = format!("{HEAD}  - target: $.components.schemas.Dog\n    update: {{description: 'Added by the first, described by the second.'}}\n");
    let r = run(&[("10-first.yaml", &first), ("20-second.yaml", &second)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert_eq!(
        r.document()["components"]["schemas"]["Dog"],
        json!({"type": "object", "description": "Added by the first, described by the second."})
    );

    // The other way round, the second one finds nothing to describe.
    let r = run(&[("20-second.yaml", &second), ("10-first.yaml", &first)]);
    let (warning, location) = r.only(Severity::Warning);
    assert_eq!(location.file, r.file("20-second.yaml"));
    assert_eq!((warning.lint, warning.pointer.as_str()), (Some(Lint::OverlayNoEffect), "/actions/0/target"));
    assert_eq!(r.document()["components"]["schemas"]["Dog"], json!({"type": "object"}));
}

#[test]
fn json_and_flow_style_overlays_are_read_too() {
    let json = r#"{"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
 "actions": [{"target": "$.paths['/a'].get", "update": {"x-safe": true}}]}"#;
    let flow = "{overlay: 1.0.0, info: {title: t, version: '1'}, actions: [{target: \"$.paths['/b'].get\", update: {x-safe: false}}]}";
    let r = run(&[("a.json", json), ("b.yaml", flow)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert_eq!(r.document()["paths"]["/a"]["get"]["x-safe"], json!(true));
    assert_eq!(r.document()["paths"]["/b"]["get"]["x-safe"], json!(false));

    // A JSON overlay's positions are its own too: on line 2 the `"target"` value's opening quote is
    // in column 25, and the parser stops at `[`, the 8th character of `$.paths[`.
    let broken = json.replace("$.paths['/a'].get", "$.paths[");
    let r = run(&[("a.json", &broken)]);
    let (_, location) = r.only(Severity::Error);
    assert_eq!((location.line, location.column), (2, 25 + 8));
}

#[test]
fn overlays_in_a_folder_are_listed_by_name() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.yaml", "a.json", "c.yml", "README.md", "10-z.yaml"] {
        std::fs::write(dir.path().join(name), "").unwrap();
    }
    let names: Vec<String> = codegen::load::overlays_in(dir.path())
        .unwrap()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["10-z.yaml", "a.json", "b.yaml", "c.yml"]);
    assert!(codegen::load::overlays_in(&dir.path().join("none")).unwrap().is_empty());
}

#[test]
fn a_document_that_is_not_an_overlay_is_an_error() {
    let r = run(&[("spec-again.yaml", SPEC)]);
    let (error, location) = r.only(Severity::Error);
    assert_eq!(at(location), (r.file("spec-again.yaml").as_path(), 1, 1));
    assert!(error.message.contains("is not an overlay: it has no `overlay` version"), "{}", error.message);
    assert!(error.help.as_deref().unwrap_or_default().contains("OpenAPI document"), "{error:?}");

    // About the whole file: at its start, not at its first key after the comments.
    let r = run(&[("no-actions.yaml", "# Fixes.\n\noverlay: 1.0.0\ninfo: {title: t, version: '1'}\n")]);
    let (error, location) = r.only(Severity::Error);
    assert!(error.message.contains("has no `actions`"), "{}", error.message);
    assert_eq!((location.line, location.column, location.source_line.as_deref()), (1, 1, Some("# Fixes.")));

    let r = run(&[("v2.yaml", "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n")]);
    let (error, location) = r.only(Severity::Error);
    // The version, after the 9 characters of `overlay: `.
    assert_eq!((location.line, location.column), (1, 9 + 1));
    assert!(error.message.contains("`2.0.0` is not supported"), "{}", error.message);

    // Neither a list nor a scalar is an overlay, nor is a file that is not there; nothing panics.
    let base = base();
    for (name, text) in [("list.yaml", "- a\n- b\n"), ("scalar.yaml", "just text\n"), ("broken.yaml", "a: [1,\n")] {
        let r = run(&[(name, text)]);
        let (_, location) = r.only(Severity::Error);
        assert_eq!(location.file, r.file(name));
        assert_eq!(r.document(), &base);
    }
    let mut diags = codegen::Diagnostics::default();
    let (dir, spec, _) = spec_dir(&[]);
    let loaded = codegen::load::load_with_overlays(&spec, &[dir.path().join("missing.yaml")], &mut diags);
    assert!(loaded.is_some());
    let errors: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("cannot read the overlay") && errors[0].contains("missing.yaml"), "{errors:?}");
}

#[test]
fn overlay_1_0_targets_objects_and_arrays_only_and_1_1_primitives_too() {
    let target = "  - target: $.components.schemas.Pet.required[?@ == 'name']\n    remove: true\n";
    let r = run(&[("o.yaml", &format!("{HEAD}{target}"))]);
    let (error, location) = r.only(Severity::Error);
    // The target, line 4 after `  - target: `.
    assert_eq!((location.line, location.column), (4, 12 + 1));
    assert!(error.message.contains("selects a string at `/components/schemas/Pet/required/1`"), "{}", error.message);
    assert!(error.help.as_deref().unwrap_or_default().contains("1.1.0"), "{error:?}");
    assert_eq!(r.document()["components"]["schemas"]["Pet"]["required"], json!(["id", "name"]));

    let r = run(&[("o.yaml", &format!("{}{target}", HEAD.replace("1.0.0", "1.1.0")))]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert_eq!(r.document()["components"]["schemas"]["Pet"]["required"], json!(["id"]));
}

#[test]
fn overlay_1_1_replaces_primitives_concatenates_arrays_and_copies() {
    let overlay = "overlay: 1.1.0
info: {title: t, version: '1'}
actions:
  - target: $.info.title
    update: New title
  - target: $.components.schemas.Pet.required
    update: [tag, colour]
  - target: $.components.schemas
    update: {Cat: {}}
  - target: $.components.schemas.Cat
    copy: $.components.schemas.Pet.properties
";
    let r = run(&[("o.yaml", overlay)]);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    let doc = r.document();
    assert_eq!(doc["info"], json!({"title": "New title", "version": "1"}));
    assert_eq!(doc["components"]["schemas"]["Pet"]["required"], json!(["id", "name", "tag", "colour"]));
    assert_eq!(doc["components"]["schemas"]["Cat"], json!({"id": {"type": "string"}, "name": {"type": "string"}}));
}

#[test]
fn an_update_that_does_not_fit_its_target_is_an_error_at_the_update() {
    let overlay = format!(
        "{HEAD}  - target: $.components.schemas.Pet
    update:
      properties: [not, an, object]
"
    );
    let r = run(&[("o.yaml", &overlay)]);
    let (error, location) = r.only(Severity::Error);
    // The update's `properties` value, line 6 after the 18 characters of `      properties: `.
    assert_eq!((location.line, location.column), (6, 18 + 1));
    assert_eq!(error.pointer, "/actions/0/update/properties");
    assert!(
        error.message.contains("cannot merge an array into `/components/schemas/Pet/properties`, which is an object"),
        "{}",
        error.message
    );
}

#[test]
fn nodes_an_overlay_adds_are_reported_in_the_overlay_file_by_later_stages() {
    let overlay = format!(
        "{HEAD}  - target: $.components.schemas.Pet.properties
    update:
      owner:
        $ref: '#/components/schemas/Owner'
"
    );
    let (dir, spec, overlays) = spec_dir(&[("o.yaml", &overlay)]);
    let err = codegen::generate_with_overlays(&spec, &overlays, &codegen::Config::default()).unwrap_err();
    let errors: Vec<&Diagnostic> = err.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert_eq!(errors[0].pointer, "/components/schemas/Pet/properties/owner/$ref");
    let location = errors[0].location.as_ref().unwrap();
    // The `$ref` the overlay wrote, line 7 after the 14 characters of `        $ref: `.
    assert_eq!(at(location), (dir.path().join("o.yaml").as_path(), 7, 14 + 1));
}

#[test]
fn without_overlays_nothing_changes() {
    // The document is the spec as written (it has no refs to bundle), which every `base()` in these
    // tests stands for.
    let none = run(&[]);
    assert!(none.diagnostics.is_empty());
    let (written, _) = codegen::load::parse_yaml(SPEC, false).unwrap();
    assert_eq!(none.document(), &written);
}

#[test]
fn what_an_action_cannot_do_is_reported_at_the_field_that_asks_for_it() {
    let head = HEAD.replace("1.0.0", "1.1.0");

    // `remove` wins over `update`, which is said to do nothing.
    let r = run(&[("o.yaml", &format!("{head}  - target: $.tags\n    remove: true\n    update: {{a: 1}}\n"))]);
    let (warning, _) = r.only(Severity::Warning);
    assert_eq!((warning.lint, warning.pointer.as_str()), (Some(Lint::OverlayNoEffect), "/actions/0/update"));
    assert!(r.document().get("tags").is_none());

    // `copy` must select exactly one node: `$.paths.*` selects `/a` and `/b`.
    let r = run(&[("o.yaml", &format!("{head}  - target: $.components.schemas.Pet\n    copy: $.paths.*\n"))]);
    let (error, _) = r.only(Severity::Error);
    assert_eq!(error.pointer, "/actions/0/copy");
    assert!(error.message.contains("`copy` `$.paths.*` selects 2 nodes"), "{}", error.message);

    // A broken `copy` is located like a broken target: line 5, the value after the 10 characters of
    // `    copy: `, then the 4th character of `$.x[`, the `[` with nothing after it.
    let r = run(&[("o.yaml", &format!("{head}  - target: $.components.schemas.Pet\n    copy: $.x[\n"))]);
    let (error, location) = r.only(Severity::Error);
    assert!(error.message.contains("`copy` is not a valid JSONPath"), "{}", error.message);
    assert_eq!((location.line, location.column), (5, 10 + 4));

    // A ref to another file inside an update is not followed.
    let update = "    update:\n      owner: {$ref: 'owner.yaml'}\n";
    let r = run(&[("o.yaml", &format!("{head}  - target: $.components.schemas.Pet.properties\n{update}"))]);
    let (warning, _) = r.only(Severity::Warning);
    assert_eq!((warning.lint, warning.pointer.as_str()), (Some(Lint::OverlayIgnored), "/actions/0/update/owner/$ref"));

    // Pet's members are a string, an array and two objects: one update cannot fit them all, and
    // nothing changes.
    let r = run(&[("o.yaml", &format!("{head}  - target: $.components.schemas.Pet.*\n    update: {{x: 1}}\n"))]);
    let (error, _) = r.only(Severity::Error);
    assert_eq!(error.pointer, "/actions/0/target");
    assert!(error.message.contains("different kinds (primitive, an array, an object, an object)"), "{}", error.message);
    assert_eq!(r.document(), &base());
}
