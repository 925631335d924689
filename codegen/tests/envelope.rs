//! `x-envelope` on a response media type is read into the IR and decoded by the emitted client, and
//! a malformed or misplaced one is warned about and ignored.

use codegen::lower::ir::{Api, Envelope};
use codegen::{Diagnostics, Lint, Severity};

fn lowered(responses: &str) -> (Api, Diagnostics) {
    let spec = format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /pages:
    get:
      operationId: getPage
      responses:
{responses}
components:
  schemas:
    Page:
      type: object
      properties:
        items: {{type: array, items: {{type: string}}}}
"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, spec).unwrap();
    let lowered = codegen::lower_spec(&path, &[]).unwrap_or_else(|d| panic!("{d}"));
    (lowered.api, lowered.diagnostics)
}

const OK: &str = "        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
              x-envelope: {property: data}
        '404':
          description: not found
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}";

#[test]
fn an_envelope_is_kept_on_its_response_and_nowhere_else() {
    let (api, diags) = lowered(OK);
    assert!(diags.is_empty(), "{diags}");
    let arms = &api.operations[0].responses;
    assert_eq!(arms.len(), 2);
    assert_eq!(arms[0].envelope, Some(Envelope { property: "data".into() }));
    assert_eq!(arms[1].envelope, None);
}

#[test]
fn a_malformed_envelope_is_a_warning_and_is_ignored() {
    let at = "/paths/~1pages/get/responses/200/content/application~1json/x-envelope";
    for (ext, pointer) in [
        ("x-envelope: data", at.to_string()),
        ("x-envelope: {property: ''}", at.to_string()),
        ("x-envelope: {wrapper: data}", format!("{at}/wrapper")),
    ] {
        let (api, diags) = lowered(&OK.replace("x-envelope: {property: data}", ext));
        assert_eq!(api.operations[0].responses[0].envelope, None, "{ext}");
        assert!(diags.iter().all(|d| d.severity == Severity::Warning), "{ext}: {diags}");
        assert!(diags.find(Lint::InvalidExtension, &pointer).is_some(), "{ext}: {diags}");
        assert!(diags.iter().all(|d| d.pointer.starts_with(at)), "{diags}");
    }
}

#[test]
fn an_envelope_on_a_body_that_is_not_decoded_is_a_warning() {
    let responses = "        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
            text/plain:
              schema: {type: string}
              x-envelope: {property: data}";
    let (api, diags) = lowered(responses);
    assert_eq!(api.operations[0].responses[0].envelope, None);
    let found: Vec<_> = diags.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
    assert_eq!(
        found,
        [(Some(Lint::InvalidExtension), "/paths/~1pages/get/responses/200/content/text~1plain/x-envelope")],
        "{diags}"
    );
}

#[test]
fn an_envelope_on_an_error_response_is_a_warning() {
    let responses = OK.replace(
        "schema: {$ref: '#/components/schemas/Page'}\n              x-envelope: {property: data}\n        '404'",
        "schema: {$ref: '#/components/schemas/Page'}\n        '404'",
    ) + "\n              x-envelope: {property: error}";
    let (api, diags) = lowered(&responses);
    let arms = &api.operations[0].responses;
    assert_eq!((&arms[0].envelope, &arms[1].envelope), (&None, &None));
    let found: Vec<_> = diags.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
    assert_eq!(
        found,
        [(Some(Lint::InvalidExtension), "/paths/~1pages/get/responses/404/content/application~1json/x-envelope")],
        "{diags}"
    );
}

#[test]
fn the_client_decodes_an_enveloped_success_and_only_that() {
    let (api, _) = lowered(OK);
    let (path, file) = codegen::emit::emit(&api, &codegen::Config::default())
        .into_iter()
        .find(|(path, _)| path.ends_with("/get_page.rs"))
        .expect("the operation's file");
    let text = codegen::format::format(&path, file).expect("formats");
    assert!(text.contains(r#"200 => response.success_json_enveloped("data"),"#), "{text}");
    assert_eq!(text.matches("success_json_enveloped").count(), 1, "{text}");
}
