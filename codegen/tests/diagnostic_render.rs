//! Diagnostics show the offending source line with a caret under the span, as rustc does, besides
//! `file:line:col`, the pointer and the help.

use std::path::Path;

use codegen::{Diagnostic, Diagnostics, Generated};

/// The first 13 lines of a YAML spec whose one operation answers `application/json`: a `schema:`
/// that follows (indented by 14 spaces) is on line 14.
const YAML_HEAD: &str = "\
openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content:
            application/json:
";

/// Generates from `text`, written to `name` in a temporary folder (returned: the spec's path is in it).
fn generate(name: &str, text: &str) -> (Result<Generated, Diagnostics>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (codegen::generate(&path, &codegen::Config::default()), dir)
}

/// Generates from `text`, written to `name` in a temporary folder, and returns the one warning whose
/// pointer ends with `pointer_end`, with the folder.
fn warning(name: &str, text: &str, pointer_end: &str) -> (Diagnostic, tempfile::TempDir) {
    let (generated, dir) = generate(name, text);
    let generated = generated.unwrap_or_else(|d| panic!("{d}"));
    let found: Vec<&Diagnostic> = generated.diagnostics.iter().filter(|d| d.pointer.ends_with(pointer_end)).collect();
    assert_eq!(found.len(), 1, "{}", generated.diagnostics);
    (found[0].clone(), dir)
}

/// The source line as rendered (after the `N | ` gutter), and the first caret and the number of carets
/// under it, both counted in display columns from the start of the source text.
fn snippet(rendered: &str, line: usize) -> (String, usize, usize) {
    let lines: Vec<&str> = rendered.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{line} |")))
        .unwrap_or_else(|| panic!("no source line {line} in:\n{rendered}"));
    let gutter = lines[at].find('|').unwrap() + 2;
    let source = lines[at][gutter..].to_string();
    let carets = lines[at + 1];
    assert_eq!(carets.find('|'), Some(gutter - 2), "{rendered}");
    let start = carets.find('^').unwrap_or_else(|| panic!("no caret in:\n{rendered}"));
    let count = carets[start..].chars().take_while(|&c| c == '^').count();
    (source, start - gutter, count)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn yaml_warning_shows_the_line_with_a_caret_under_the_value_the_pointer_and_the_help() {
    let spec = [YAML_HEAD, "              schema:\n                type: any\n"].concat();
    let (d, dir) = warning("api.yaml", &spec, "/schema/type");
    let rendered = d.to_string();
    let location = d.location.as_ref().expect("a location");
    // `                type: any`: 16 spaces, `type: ` (6), then `any` at column 23.
    assert_eq!((location.line, location.column), (15, 23), "{rendered}");
    assert_eq!(location.source_line.as_deref(), Some("                type: any"));
    assert!(rendered.starts_with(&format!("warning[any-json]: {}\n", d.message)), "{rendered}");
    let arrow = format!("--> {}:15:23", shown(&dir.path().join("api.yaml")));
    assert!(rendered.contains(&arrow), "{rendered}");
    let (source, caret, carets) = snippet(&rendered, 15);
    assert_eq!(source, "                type: any");
    assert_eq!((caret, carets), (22, 3), "{rendered}");
    assert!(rendered.contains(&format!("= note: at {}", d.pointer)), "{rendered}");
    let help = d.help.as_deref().expect("a help");
    assert!(rendered.contains(&format!("= help: {help}")), "{rendered}");
    assert!(!rendered.contains('\u{1b}'), "no ANSI colours: {rendered:?}");
}

#[test]
fn yaml_warning_on_a_missing_key_points_at_the_first_key_of_its_object() {
    let spec = "\
openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
";
    let (d, _dir) = warning("api.yaml", spec, "/get/operationId");
    let rendered = d.to_string();
    // The missing key has no position: its operation's is used, which is on the line of its first key.
    let location = d.location.as_ref().expect("a location");
    assert_eq!(location.line, 8, "{rendered}");
    let (source, caret, carets) = snippet(&rendered, 8);
    assert_eq!(source, "      responses:");
    // Wherever on that line the reader put the operation (even past the end), the caret is there,
    // under as many characters as the node spans on that line.
    assert_eq!(caret, location.column - 1, "{rendered}");
    assert_eq!(carets, location.span, "{rendered}");
    assert!(rendered.contains("= note: at /paths/~1x/get/operationId"), "{rendered}");
    assert!(rendered.contains("= help: "), "{rendered}");
}

#[test]
fn json_warning_underlines_the_quoted_value() {
    let spec = r#"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/x": {
      "get": {
        "operationId": "getX",
        "responses": {
          "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"type": "any"}}}
          }
        }
      }
    }
  }
}
"#;
    let (d, dir) = warning("api.json", spec, "/schema/type");
    let rendered = d.to_string();
    let line = r#"            "content": {"application/json": {"schema": {"type": "any"}}}"#;
    // 12 spaces, `"content": ` (11), `{"application/json": ` (21), `{"schema": ` (11), `{"type": ` (9).
    let column = 12 + 11 + 21 + 11 + 9 + 1;
    assert_eq!(&line[column - 1..column + 4], r#""any""#);
    let arrow = format!("--> {}:11:{column}", shown(&dir.path().join("api.json")));
    assert!(rendered.contains(&arrow), "{rendered}");
    let (source, caret, carets) = snippet(&rendered, 11);
    assert_eq!(source, line);
    assert_eq!((caret, carets), (column - 1, r#""any""#.len()), "{rendered}");
    assert!(rendered.contains(&format!("= note: at {}", d.pointer)), "{rendered}");
    assert!(rendered.contains(&format!("= help: {}", d.help.as_deref().unwrap())), "{rendered}");
}

#[test]
fn a_minified_json_spec_shows_a_cut_line_with_the_caret_still_under_the_token() {
    // Many schemas before and after the bad one, all on one line of well over 10 KB.
    let filler = |from: usize| -> Vec<String> {
        (from..from + 150)
            .map(|i| format!(r#""S{i}":{{"type":"object","properties":{{"p":{{"type":"string"}}}}}}"#))
            .collect()
    };
    let mut schemas = filler(0);
    schemas.push(r#""Bad":{"type":"any"}"#.to_string());
    schemas.extend(filler(1000));
    let spec = format!(
        r##"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{"/x":{{"get":{{"operationId":"getX","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Bad"}}}}}}}}}}}}}}}},"components":{{"schemas":{{{}}}}}}}"##,
        schemas.join(",")
    );
    assert!(spec.len() > 10_000 && !spec.contains('\n'));
    let (d, _dir) = warning("min.json", &spec, "/Bad/type");
    let rendered = d.to_string();
    let column = spec.find(r#""Bad":{"type":"any"}"#).unwrap() + r#""Bad":{"type":"#.len() + 1;
    let location = d.location.as_ref().unwrap();
    assert_eq!((location.line, location.column), (1, column), "{rendered}");
    assert!(rendered.contains(&format!("min.json:1:{column}")), "{rendered}");
    // The line is cut: the output stays small, however long the line.
    assert!(rendered.len() < 1_000, "{} bytes:\n{rendered}", rendered.len());
    assert!(rendered.lines().all(|l| l.chars().count() <= 250), "{rendered}");
    let (source, caret, carets) = snippet(&rendered, 1);
    assert!(source.starts_with("..."), "{rendered}");
    assert_eq!(&source[caret..caret + carets], r#""any""#, "{rendered}");
    assert!(rendered.contains("= note: at /components/schemas/Bad/type"), "{rendered}");
}

#[test]
fn multi_byte_characters_before_the_span_leave_the_caret_under_it() {
    // Before `any`: é (2 bytes, 1 column) and 日本 (3 bytes and 2 columns each).
    let line = "              schema: {description: \"é日本\", type: any}";
    let spec = [YAML_HEAD, line, "\n"].concat();
    let (d, _dir) = warning("api.yaml", &spec, "/schema/type");
    let rendered = d.to_string();
    // In characters: 14 spaces, `schema: ` (8), `{description: ` (14), `"é日本"` (5), `, type: ` (8).
    let column = 14 + 8 + 14 + 5 + 8 + 1;
    let location = d.location.as_ref().unwrap();
    assert_eq!((location.line, location.column), (14, column), "{rendered}");
    assert!(rendered.contains(&format!("api.yaml:14:{column}")), "{rendered}");
    let (source, caret, carets) = snippet(&rendered, 14);
    assert_eq!(source, line);
    // On screen 日 and 本 take two columns each: two more than the characters.
    assert_eq!((caret, carets), (column - 1 + 2, 3), "{rendered}");
}

#[test]
fn a_parse_error_shows_the_line_it_is_on() {
    let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"é\" \"version\": \"1\"}\n}\n";
    let (Err(diags), _dir) = generate("api.json", text) else { panic!("the spec parses") };
    let d = diags.iter().find(|d| d.severity == codegen::Severity::Error).expect("an error");
    let rendered = d.to_string();
    let location = d.location.as_ref().expect("a location");
    assert_eq!(location.line, 3, "{rendered}");
    let (source, caret, _) = snippet(&rendered, 3);
    assert_eq!(source, "  \"info\": {\"title\": \"é\" \"version\": \"1\"}");
    // The caret is at the column the diagnostic names, counted in characters.
    assert_eq!(caret, location.column - 1, "{rendered}");
    assert!(rendered.contains(&format!("api.json:3:{}", location.column)), "{rendered}");
}
