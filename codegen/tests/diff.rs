//! One test per rule of `spec/DIFF-RULES.md`: a hand-written pair of specs under `tests/diff/<case>/`
//! (`old.yaml`, `new.yaml`, each a small change to the same pet API) and, written by hand here, every
//! change the diff must find: its class, its rule, the Rust item it names and its JSON pointer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use codegen::diff::{diff, Report, Rule};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

/// The diff of a case, made once for the whole run: the test of the case and the coverage test
/// below share it.
fn report(case: &str) -> &'static Report {
    static REPORTS: OnceLock<BTreeMap<String, OnceLock<Report>>> = OnceLock::new();
    let reports = REPORTS.get_or_init(|| report_cases().into_iter().map(|case| (case, OnceLock::new())).collect());
    let report = reports.get(case).unwrap_or_else(|| panic!("there is no folder tests/diff/{case}"));
    report.get_or_init(|| {
        let dir = cases_dir().join(case);
        let lower = |name: &str| {
            codegen::lower_spec(&dir.join(name), &[])
                .unwrap_or_else(|d| panic!("{case}/{name} does not lower:\n{d}"))
                .api
        };
        diff(&lower("old.yaml"), &lower("new.yaml"))
    })
}

/// Asserts the semver verdict and the exact set of changes: (class, rule, item, pointer).
fn check(case: &str, semver: &str, expected: &[(&str, &str, &str, &str)]) {
    let report = report(case);
    let mut found: Vec<(String, String, String, String)> = report
        .changes
        .iter()
        .map(|c| (c.class().as_str().to_string(), c.rule.id().to_string(), c.item.clone(), c.pointer.clone()))
        .collect();
    let mut wanted: Vec<(String, String, String, String)> =
        expected.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
    found.sort();
    wanted.sort();
    assert_eq!(found, wanted, "case {case}: changes");
    assert_eq!(report.semver().as_str(), semver, "case {case}: semver");
}

const GET: &str = "/paths/~1pets~1{petId}/get";
const POST: &str = "/paths/~1pets/post";

#[test]
fn no_change() {
    check("no-change", "none", &[]);
}

// Operations.

#[test]
fn operation_added() {
    check(
        "operation-added",
        "minor",
        &[("additive", "operation-added", "Client::delete_pet", "/paths/~1pets~1{petId}/delete")],
    );
}

#[test]
fn operation_removed() {
    check(
        "operation-removed",
        "major",
        &[
            ("breaking", "operation-removed", "Client::create_pet", POST),
            ("breaking", "type-no-longer-constructible", "types::NewPet::new", "/components/schemas/NewPet"),
        ],
    );
}

#[test]
fn operation_moved_to_module() {
    // `createPet` moves from the crate root into the module `pets` (`x-modules`): its method is now
    // on the module's handle, so the old item is gone (breaking); the module is new, and its line
    // says what it brings (its handle, `Client::pets`, and the operation with them); the types only
    // `createPet` reaches now need the module's feature (breaking: a consumer without it loses them).
    check(
        "operation-moved-to-module",
        "major",
        &[
            ("additive", "item-added", "pets", "/x-modules/pets"),
            ("breaking", "feature-gate-added", "types::NewPet", "/components/schemas/NewPet"),
            ("breaking", "feature-gate-added", "types::Size", "/components/schemas/Size"),
            ("breaking", "operation-removed", "Client::create_pet", POST),
        ],
    );
    let removed = report("operation-moved-to-module").changes.iter().find(|c| c.rule == Rule::OperationRemoved);
    assert_eq!(
        removed.map(|c| c.message.as_str()),
        Some("operation `createPet` removed from the crate root: it is now `pets::Pets::create_pet`")
    );
}

#[test]
fn operation_renamed() {
    // The method's rustdoc names the operationId, so the docs change too.
    check(
        "operation-renamed",
        "major",
        &[
            ("breaking", "operation-renamed", "Client::fetch_pet", GET),
            ("internal", "doc-changed", "Client::fetch_pet", GET),
        ],
    );
}

#[test]
fn operation_moved() {
    let at = "/paths/~1animals~1{petId}/get";
    check(
        "operation-moved",
        "patch",
        &[("internal", "operation-moved", "Client::get_pet", at), ("internal", "doc-changed", "Client::get_pet", at)],
    );
}

#[test]
fn operation_deprecated() {
    check("operation-deprecated", "patch", &[("internal", "operation-deprecated", "Client::get_pet", GET)]);
}

// Parameters.

const OWNER_GET: &str = "/paths/~1owners~1{ownerId}~1pets~1{petId}/get";

#[test]
fn path_param_added() {
    check(
        "path-param-added",
        "major",
        &[
            (
                "breaking",
                "path-param-added",
                "Client::get_pet(owner_id)",
                "/paths/~1owners~1{ownerId}~1pets~1{petId}/get/parameters/0",
            ),
            ("internal", "operation-moved", "Client::get_pet", OWNER_GET),
            ("internal", "doc-changed", "Client::get_pet", OWNER_GET),
        ],
    );
}

#[test]
fn path_param_removed() {
    check(
        "path-param-removed",
        "major",
        &[
            (
                "breaking",
                "path-param-removed",
                "Client::get_pet(owner_id)",
                "/paths/~1owners~1{ownerId}~1pets~1{petId}/get/parameters/0",
            ),
            ("internal", "operation-moved", "Client::get_pet", GET),
            ("internal", "doc-changed", "Client::get_pet", GET),
        ],
    );
}

#[test]
fn path_params_reordered() {
    check("path-params-reordered", "major", &[("breaking", "path-params-reordered", "Client::get_pet", OWNER_GET)]);
}

#[test]
fn optional_param_added() {
    check(
        "optional-param-added",
        "minor",
        &[("additive", "optional-param-added", "operations::GetPet::limit", "/paths/~1pets~1{petId}/get/parameters/3")],
    );
}

#[test]
fn required_param_added() {
    check(
        "required-param-added",
        "major",
        &[("breaking", "required-param-added", "operations::GetPet::owner", "/paths/~1pets~1{petId}/get/parameters/3")],
    );
}

#[test]
fn param_removed() {
    check(
        "param-removed",
        "major",
        &[("breaking", "param-removed", "operations::GetPet::fields", "/paths/~1pets~1{petId}/get/parameters/2")],
    );
}

#[test]
fn param_became_required() {
    check(
        "param-became-required",
        "major",
        &[(
            "breaking",
            "param-became-required",
            "operations::GetPet::fields",
            "/paths/~1pets~1{petId}/get/parameters/2",
        )],
    );
}

#[test]
fn param_became_optional() {
    check(
        "param-became-optional",
        "minor",
        &[(
            "additive",
            "param-became-optional",
            "operations::GetPet::fields",
            "/paths/~1pets~1{petId}/get/parameters/2",
        )],
    );
}

#[test]
fn param_type_changed() {
    check(
        "param-type-changed",
        "major",
        &[("breaking", "param-type-changed", "operations::GetPet::fields", "/paths/~1pets~1{petId}/get/parameters/2")],
    );
}

#[test]
fn param_serialization_changed() {
    check(
        "param-serialization-changed",
        "patch",
        &[(
            "internal",
            "param-serialization-changed",
            "operations::GetPet::fields",
            "/paths/~1pets~1{petId}/get/parameters/2",
        )],
    );
}

#[test]
fn constant_header_changed() {
    check(
        "constant-header-changed",
        "patch",
        &[("internal", "constant-header-changed", "Client::get_pet", "/paths/~1pets~1{petId}/get/parameters/1")],
    );
}

// Request bodies and media types.

const BODY: &str = "/paths/~1pets/post/requestBody";
const JSON_BODY: &str = "/paths/~1pets/post/requestBody/content/application~1json";

#[test]
fn optional_request_body_added() {
    check(
        "optional-request-body-added",
        "minor",
        &[
            ("additive", "optional-request-body-added", "operations::CreatePet::body", BODY),
            ("additive", "type-became-constructible", "types::NewPet::new", "/components/schemas/NewPet"),
            ("internal", "media-type-added", "operations::CreatePet::body", JSON_BODY),
        ],
    );
}

#[test]
fn required_request_body_added() {
    check(
        "required-request-body-added",
        "major",
        &[
            ("breaking", "required-request-body-added", "operations::CreatePet::body", BODY),
            ("additive", "type-became-constructible", "types::NewPet::new", "/components/schemas/NewPet"),
            ("internal", "media-type-added", "operations::CreatePet::body", JSON_BODY),
        ],
    );
}

#[test]
fn request_body_removed() {
    check(
        "request-body-removed",
        "major",
        &[
            ("breaking", "request-body-removed", "operations::CreatePet::body", BODY),
            ("breaking", "sent-media-type-removed", "operations::CreatePet::body", JSON_BODY),
            ("breaking", "type-no-longer-constructible", "types::NewPet::new", "/components/schemas/NewPet"),
        ],
    );
}

#[test]
fn request_body_type_changed() {
    check(
        "request-body-type-changed",
        "major",
        &[("breaking", "request-body-type-changed", "operations::CreatePet::body", BODY)],
    );
}

#[test]
fn request_body_became_required() {
    check(
        "request-body-became-required",
        "major",
        &[("breaking", "request-body-became-required", "operations::CreatePet::body", BODY)],
    );
}

#[test]
fn request_body_became_optional() {
    check(
        "request-body-became-optional",
        "minor",
        &[("additive", "request-body-became-optional", "operations::CreatePet::body", BODY)],
    );
}

#[test]
fn media_type_added() {
    // A second JSON media type: the client keeps sending the first.
    check(
        "media-type-added",
        "patch",
        &[(
            "internal",
            "media-type-added",
            "operations::CreatePet::body",
            "/paths/~1pets/post/requestBody/content/application~1vnd.pets+json",
        )],
    );
}

#[test]
fn body_form_added() {
    // `application/xml` is a form of its own, text (the one rule of `codegen::media`): a new
    // `.text_body()` setter.
    check(
        "body-form-added",
        "minor",
        &[("additive", "request-body-form-added", "operations::CreatePet::text_body", BODY)],
    );
}

#[test]
fn sent_media_type_removed() {
    // Only the form is left: `.body()` still takes a `NewPet` but sends a form, and
    // `.form_body()` (the form when JSON was the default) is gone.
    check(
        "sent-media-type-removed",
        "major",
        &[
            ("breaking", "request-body-removed", "operations::CreatePet::form_body", BODY),
            ("breaking", "sent-media-type-removed", "operations::CreatePet::body", JSON_BODY),
        ],
    );
}

#[test]
fn media_type_removed() {
    // A second JSON media type: the client sends the first, so nothing it does changes.
    check(
        "media-type-removed",
        "patch",
        &[(
            "internal",
            "media-type-removed",
            "operations::CreatePet::body",
            "/paths/~1pets/post/requestBody/content/application~1vnd.pets+json",
        )],
    );
}

#[test]
fn body_form_removed() {
    // `application/xml` is a form of its own (`.text_body()`): removing it removes the setter.
    check(
        "body-form-removed",
        "major",
        &[("breaking", "request-body-removed", "operations::CreatePet::text_body", BODY)],
    );
}

// Responses.

#[test]
fn error_status_added() {
    check(
        "error-status-added",
        "minor",
        &[(
            "additive",
            "error-status-added",
            "operations::GetPetError::Unauthorized",
            "/paths/~1pets~1{petId}/get/responses/401",
        )],
    );
}

#[test]
fn error_status_removed() {
    check(
        "error-status-removed",
        "major",
        &[(
            "breaking",
            "error-status-removed",
            "operations::GetPetError::NotFound",
            "/paths/~1pets~1{petId}/get/responses/404",
        )],
    );
}

#[test]
fn error_body_changed() {
    check(
        "error-body-changed",
        "major",
        &[
            (
                "breaking",
                "error-body-changed",
                "operations::GetPetError::NotFound",
                "/paths/~1pets~1{petId}/get/responses/404",
            ),
            (
                "internal",
                "media-type-removed",
                "operations::GetPetError::NotFound",
                "/paths/~1pets~1{petId}/get/responses/404/content/application~1json",
            ),
        ],
    );
}

#[test]
fn success_status_added() {
    check(
        "success-status-added",
        "patch",
        &[("internal", "success-status-added", "operations::CreatePet::send", "/paths/~1pets/post/responses/200")],
    );
}

#[test]
fn success_status_removed() {
    check(
        "success-status-removed",
        "patch",
        &[("internal", "success-status-removed", "operations::CreatePet::send", "/paths/~1pets/post/responses/200")],
    );
}

#[test]
fn success_body_changed() {
    check(
        "success-body-changed",
        "major",
        &[("breaking", "success-body-changed", "operations::GetPet::send", "/paths/~1pets~1{petId}/get/responses")],
    );
}

#[test]
fn success_variant_changed() {
    // Both sides have an enum by status (their 200 and 201 differ); the 200 variant's body changes.
    check(
        "success-variant-changed",
        "major",
        &[
            (
                "breaking",
                "success-body-changed",
                "operations::CreatePetSuccess::Ok",
                "/paths/~1pets/post/responses/200",
            ),
            (
                "internal",
                "media-type-added",
                "operations::CreatePetSuccess::Ok",
                "/paths/~1pets/post/responses/200/content/application~1json",
            ),
        ],
    );
}

#[test]
fn pagination_added() {
    check(
        "pagination-added",
        "minor",
        &[(
            "additive",
            "pagination-added",
            "operations::ListPets::into_stream",
            "/paths/~1pets~1list/get/x-pagination",
        )],
    );
}

#[test]
fn pagination_removed() {
    check(
        "pagination-removed",
        "major",
        &[(
            "breaking",
            "pagination-removed",
            "operations::ListPets::into_stream",
            "/paths/~1pets~1list/get/x-pagination",
        )],
    );
}

// Security.

// The item is the credential setter the scheme gives the client builder (these rows named the
// builder before the diff compared surfaces).
#[test]
fn security_scheme_added() {
    check(
        "security-scheme-added",
        "minor",
        &[("additive", "security-scheme-added", "ClientBuilder::key", "/components/securitySchemes/key")],
    );
}

#[test]
fn security_scheme_removed() {
    check(
        "security-scheme-removed",
        "major",
        &[("breaking", "security-scheme-removed", "ClientBuilder::key", "/components/securitySchemes/key")],
    );
}

#[test]
fn security_alternative_added() {
    check(
        "security-alternative-added",
        "minor",
        &[("additive", "security-alternative-added", "Client::get_pet", "/paths/~1pets~1{petId}/get/security")],
    );
}

#[test]
fn security_alternative_removed() {
    // `getPet` needed no credentials and now needs the bearer token.
    check(
        "security-alternative-removed",
        "major",
        &[
            ("breaking", "security-alternative-removed", "Client::get_pet", "/paths/~1pets~1{petId}/get/security"),
            ("additive", "security-alternative-added", "Client::get_pet", "/paths/~1pets~1{petId}/get/security"),
        ],
    );
}

// Types.

#[test]
fn type_added() {
    check("type-added", "minor", &[("additive", "type-added", "types::Owner", "/components/schemas/Owner")]);
}

#[test]
fn type_removed() {
    check("type-removed", "major", &[("breaking", "type-removed", "types::Owner", "/components/schemas/Owner")]);
}

#[test]
fn type_kind_changed() {
    check(
        "type-kind-changed",
        "major",
        &[("breaking", "type-kind-changed", "types::Problem", "/components/schemas/Problem")],
    );
}

#[test]
fn type_became_constructible() {
    check(
        "type-became-constructible",
        "minor",
        &[
            ("additive", "operation-added", "Client::update_pet", "/paths/~1pets~1{petId}/put"),
            ("additive", "type-became-constructible", "types::Pet::new", "/components/schemas/Pet"),
        ],
    );
}

#[test]
fn type_no_longer_constructible() {
    check(
        "type-no-longer-constructible",
        "major",
        &[
            ("breaking", "operation-removed", "Client::update_pet", "/paths/~1pets~1{petId}/put"),
            ("breaking", "type-no-longer-constructible", "types::Pet::new", "/components/schemas/Pet"),
        ],
    );
}

#[test]
fn optional_field_added() {
    check(
        "optional-field-added",
        "minor",
        &[("additive", "optional-field-added", "types::Pet::age", "/components/schemas/Pet/properties/age")],
    );
}

#[test]
fn optional_request_field_added() {
    check(
        "optional-request-field-added",
        "minor",
        &[("additive", "optional-field-added", "types::NewPet::color", "/components/schemas/NewPet/properties/color")],
    );
}

#[test]
fn required_field_added() {
    check(
        "required-field-added",
        "major",
        &[("breaking", "required-field-added", "types::Pet::born", "/components/schemas/Pet/properties/born")],
    );
}

#[test]
fn required_request_field_added() {
    check(
        "required-request-field-added",
        "major",
        &[(
            "breaking",
            "required-request-field-added",
            "types::NewPet::color",
            "/components/schemas/NewPet/properties/color",
        )],
    );
}

#[test]
fn request_required_fields_reordered() {
    check(
        "request-required-fields-reordered",
        "major",
        &[("breaking", "request-required-fields-reordered", "types::NewPet::new", "/components/schemas/NewPet")],
    );
}

#[test]
fn field_removed() {
    check(
        "field-removed",
        "major",
        &[("breaking", "field-removed", "types::Pet::name", "/components/schemas/Pet/properties/name")],
    );
}

#[test]
fn field_became_required() {
    check(
        "field-became-required",
        "major",
        &[("breaking", "field-became-required", "types::Pet::name", "/components/schemas/Pet/properties/name")],
    );
}

#[test]
fn field_became_optional() {
    check(
        "field-became-optional",
        "major",
        &[("breaking", "field-became-optional", "types::Pet::kind", "/components/schemas/Pet/properties/kind")],
    );
}

#[test]
fn field_requiredness_changed_same_type() {
    check(
        "field-requiredness-changed-same-type",
        "patch",
        &[(
            "internal",
            "field-requiredness-changed-same-type",
            "types::Pet::nickname",
            "/components/schemas/Pet/properties/nickname",
        )],
    );
}

#[test]
fn field_type_changed() {
    check(
        "field-type-changed",
        "major",
        &[("breaking", "field-type-changed", "types::Pet::name", "/components/schemas/Pet/properties/name")],
    );
}

#[test]
fn response_enum_value_added() {
    check(
        "response-enum-value-added",
        "minor",
        &[("additive", "response-enum-value-added", "types::Kind::Bird", "/components/schemas/Kind/enum/2")],
    );
}

#[test]
fn request_enum_value_added() {
    check(
        "request-enum-value-added",
        "minor",
        &[("additive", "request-enum-value-added", "types::Size::Medium", "/components/schemas/Size/enum/1")],
    );
}

#[test]
fn response_enum_value_removed() {
    check(
        "response-enum-value-removed",
        "major",
        &[("breaking", "response-enum-value-removed", "types::Kind::Dog", "/components/schemas/Kind/enum/1")],
    );
}

#[test]
fn request_enum_value_removed() {
    check(
        "request-enum-value-removed",
        "major",
        &[("breaking", "request-enum-value-removed", "types::Size::Large", "/components/schemas/Size/enum/1")],
    );
}

#[test]
fn union_variant_added() {
    check(
        "union-variant-added",
        "minor",
        &[("additive", "union-variant-added", "types::Tag::Boolean", "/components/schemas/Tag")],
    );
}

#[test]
fn union_variant_removed() {
    check(
        "union-variant-removed",
        "major",
        &[
            ("breaking", "union-variant-removed", "types::Tag::Integer", "/components/schemas/Tag"),
            ("additive", "union-variant-added", "types::Tag::Boolean", "/components/schemas/Tag"),
        ],
    );
}

#[test]
fn rust_name_changed() {
    // `pet-name` and `pet_name` were `pet_name` and `pet_name2`; with `pet-name` gone, `pet_name` takes its name.
    check(
        "rust-name-changed",
        "major",
        &[
            ("breaking", "field-removed", "types::Pet::pet_name", "/components/schemas/Pet/properties/pet-name"),
            ("breaking", "rust-name-changed", "types::Pet::pet_name", "/components/schemas/Pet/properties/pet_name"),
        ],
    );
}

#[test]
fn type_renamed() {
    // A new component takes the name the inline 404 body had; the inline body's type keeps its
    // origin and is matched by it: one rename, not a removal and an addition. The 404 variant
    // still holds that type (under its new name): the rename is its one change, not also an
    // `error-body-changed` (which this case listed before the diff compared surfaces).
    check(
        "type-renamed",
        "major",
        &[
            (
                "additive",
                "error-status-added",
                "operations::CreatePetError::BadRequest",
                "/paths/~1pets/post/responses/400",
            ),
            (
                "breaking",
                "rust-name-changed",
                "types::GetPetNotFound2",
                "/paths/~1pets~1{petId}/get/responses/404/content/application~1json/schema",
            ),
            ("additive", "type-added", "types::GetPetNotFound", "/components/schemas/GetPetNotFound"),
        ],
    );
}

// Docs and the document.

#[test]
fn doc_changed() {
    check(
        "doc-changed",
        "patch",
        &[("internal", "doc-changed", "types::Pet::name", "/components/schemas/Pet/properties/name")],
    );
}

#[test]
fn server_url_changed() {
    check("server-url-changed", "patch", &[("internal", "server-url-changed", "Client::builder", "/servers/0/url")]);
}

#[test]
fn server_url_added() {
    check("server-url-added", "minor", &[("additive", "server-url-added", "Client::builder", "/servers/0/url")]);
}

#[test]
fn server_url_removed() {
    check("server-url-removed", "major", &[("breaking", "server-url-removed", "Client::builder", "/servers/0/url")]);
}

#[test]
fn api_info_changed() {
    check("api-info-changed", "patch", &[("internal", "api-info-changed", "crate documentation", "/info")]);
}

#[test]
fn rate_limit_headers_changed() {
    check(
        "rate-limit-headers-changed",
        "patch",
        &[("internal", "rate-limit-headers-changed", "RateLimit", "/x-rate-limit-headers")],
    );
}

#[test]
fn envelope_added() {
    let item = "operations::GetPet::send";
    let at = "/paths/~1pets~1{petId}/get/responses/200/content/application~1json/x-envelope";
    check("envelope-added", "minor", &[("additive", "envelope-added", item, at)]);
}

#[test]
fn envelope_removed() {
    let item = "operations::GetPet::send";
    let at = "/paths/~1pets~1{petId}/get/responses/200/content/application~1json/x-envelope";
    check("envelope-removed", "major", &[("breaking", "envelope-removed", item, at)]);
}

#[test]
fn envelope_changed() {
    let item = "operations::GetPet::send";
    let at = "/paths/~1pets~1{petId}/get/responses/200/content/application~1json/x-envelope";
    check("envelope-changed", "major", &[("breaking", "envelope-changed", item, at)]);
}

// What the hand-written differ did not compare before the surface.

#[test]
fn path_param_style_changed() {
    check(
        "path-param-style-changed",
        "patch",
        &[(
            "internal",
            "param-serialization-changed",
            "Client::get_pet(pet_id)",
            "/paths/~1pets~1{petId}/get/parameters/0",
        )],
    );
}

#[test]
fn pagination_changed() {
    // The has-more field is another property of the same page type: only the wire changes.
    check(
        "pagination-changed",
        "patch",
        &[(
            "internal",
            "pagination-changed",
            "operations::ListPets::into_stream",
            "/paths/~1pets~1list/get/x-pagination",
        )],
    );
}

#[test]
fn multipart_closed() {
    // `additionalProperties: false`: the methods that add parts the spec does not name disappear.
    let at = "/paths/~1pets/post/requestBody";
    check(
        "multipart-closed",
        "major",
        &[
            ("breaking", "item-removed", "operations::CreatePetMultipart::additional_text", at),
            ("breaking", "item-removed", "operations::CreatePetMultipart::additional_file", at),
        ],
    );
}

#[test]
fn multipart_opened() {
    let at = "/paths/~1pets/post/requestBody";
    check(
        "multipart-opened",
        "minor",
        &[
            ("additive", "item-added", "operations::CreatePetMultipart::additional_text", at),
            ("additive", "item-added", "operations::CreatePetMultipart::additional_file", at),
        ],
    );
}

#[test]
fn form_style_changed() {
    check(
        "form-style-changed",
        "patch",
        &[("internal", "wire-form-changed", "operations::CreatePet::body", "/paths/~1pets/post/requestBody")],
    );
}

#[test]
fn security_scheme_kind_changed() {
    // http bearer → http basic: the same setter now takes a user and a password.
    check(
        "security-scheme-kind-changed",
        "major",
        &[("breaking", "signature-changed", "ClientBuilder::bearer", "/components/securitySchemes/bearer")],
    );
}

/// Feature gates: no spec gives an item a cargo feature of its own yet (one feature per API module
/// is coming), so these surfaces are written by hand, as `cargo xtask release` records them.
fn gated(gate: Option<&str>) -> codegen::surface::Surface {
    let mut item = serde_json::json!({
        "key": "op:getPet", "path": "Client::get_pet", "kind": "method", "role": "operation",
        "pointer": "/paths/~1pets~1{petId}/get",
    });
    if let Some(gate) = gate {
        item["gate"] = gate.into();
    }
    serde_json::from_value(serde_json::json!({ "items": [item] })).unwrap()
}

fn gate_changes() -> Vec<Report> {
    let pairs = [(None, Some("pets")), (Some("pets"), None), (Some("pets"), Some("animals"))];
    pairs.into_iter().map(|(a, b)| Report { changes: codegen::diff::compare_surfaces(&gated(a), &gated(b)) }).collect()
}

#[test]
fn feature_gates() {
    let found: Vec<(&str, &str, String)> = gate_changes()
        .iter()
        .flat_map(|r| r.changes.iter().map(|c| (c.class().as_str(), c.rule.id(), c.item.clone())))
        .collect();
    assert_eq!(
        found,
        [
            ("breaking", "feature-gate-added", "Client::get_pet".to_string()),
            ("additive", "feature-gate-removed", "Client::get_pet".to_string()),
            ("breaking", "feature-gate-changed", "Client::get_pet".to_string()),
        ]
    );
}

// The table.

#[test]
fn every_case_folder_has_a_test_with_its_expectation() {
    let this = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff.rs")).unwrap();
    for case in report_cases() {
        let call = format!("check(\n        \"{case}\",");
        let short = format!("check(\"{case}\",");
        assert!(
            this.contains(&call) || this.contains(&short),
            "tests/diff/{case} has no `check(\"{case}\", …)` in this file: write its expected changes by hand"
        );
    }
}

#[test]
fn the_runtime_requirement_breaks_only_across_semver_ranges() {
    use codegen::diff::runtime_change;
    for (old, new) in [("0.1.0", "0.2.0"), ("0.2.3", "0.1.9"), ("1.4.0", "2.0.0"), ("0.0.1", "0.1.0"), ("x", "0.1.0")] {
        let change = runtime_change(old, new).unwrap_or_else(|| panic!("{old} → {new} is incompatible"));
        assert_eq!((change.rule, change.class()), (Rule::RuntimeIncompatible, codegen::diff::Class::Breaking));
        assert!(change.message.contains(new) && change.message.contains(old), "{}", change.message);
    }
    for (old, new) in [("0.2.0", "0.2.0"), ("0.2.0", "0.2.7"), ("1.2.0", "1.9.1"), ("x", "x")] {
        assert_eq!(runtime_change(old, new), None, "{old} → {new} is compatible");
    }
}

#[test]
fn every_rule_has_a_case_and_a_row_in_the_table() {
    let table = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/DIFF-RULES.md")).unwrap();
    let reports: Vec<&Report> = report_cases().iter().map(|case| report(case)).collect();
    // The one rule no spec can exercise: the runtime the generated code requires.
    let runtime = Report { changes: codegen::diff::runtime_change("0.1.0", "0.2.0").into_iter().collect() };
    // And the feature gates, which no spec gives yet.
    let gates = gate_changes();
    let reports: Vec<&Report> = reports.into_iter().chain([&runtime]).chain(&gates).collect();
    for rule in Rule::ALL {
        let row = format!("| `{}` | {} |", rule.id(), rule.class().as_str());
        assert!(table.contains(&row), "spec/DIFF-RULES.md has no row starting `{row}`");
        let why = format!("{row} {} |", rule.why());
        assert!(
            table.contains(&why),
            "the row of `{}` in spec/DIFF-RULES.md does not give its why: `{why}`",
            rule.id()
        );
        let found = reports.iter().any(|r| r.changes.iter().any(|c| c.rule == *rule));
        assert!(found, "no case under tests/diff/ exercises `{}`", rule.id());
    }
}

/// The case folders under `tests/diff/`, by name.
fn report_cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}
