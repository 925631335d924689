//! `x-pagination` in every style, as lowered from `tests/fixtures/pagination-styles.yaml`: the style,
//! parameters and field paths of each operation, and one `invalid-extension` warning (at the key
//! that does not fit) for each operation whose extension does not fit, which is then not paginated.

use std::path::Path;

use codegen::lower::ir::{Api, FieldPath, IntegerKind, Operation, PaginationStyle, TypeRef};
use codegen::{Diagnostics, Lint};

/// The reference to the type Rust calls `name`.
fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(api.type_named(name).unwrap_or_else(|| panic!("no type `{name}`")))
}

fn lowered() -> (Api, Diagnostics) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pagination-styles.yaml");
    let lowered = codegen::lower_spec(&spec, &[]).unwrap_or_else(|d| panic!("{d}"));
    (lowered.api, lowered.diagnostics)
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("no operation `{id}`"))
}

/// The wire names of a field path, dotted.
fn dotted(path: &FieldPath) -> String {
    path.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>().join(".")
}

fn param(op: &Operation, index: usize) -> &str {
    &op.params[index].wire
}

#[test]
fn one_cursor_reads_nested_fields() {
    let (api, _) = lowered();
    let op = operation(&api, "listEvents");
    let p = op.pagination.as_ref().expect("paginated");
    assert_eq!(dotted(&p.items_field), "events");
    assert_eq!(p.item_type, TypeRef::String);
    let PaginationStyle::Cursor { cursor_param, cursor_field, has_more_field } = &p.style else { panic!("{p:?}") };
    assert_eq!(param(op, *cursor_param), "after");
    assert_eq!(dotted(cursor_field), "meta.next");
    assert_eq!(has_more_field.as_ref().map(dotted).as_deref(), Some("meta.more"));
}

#[test]
fn several_cursors_keep_their_order_and_fields() {
    let (api, _) = lowered();
    let op = operation(&api, "searchContacts");
    let p = op.pagination.as_ref().expect("paginated");
    assert_eq!(dotted(&p.items_field), "contacts");
    assert_eq!(p.item_type, named(&api, "Contact"));
    let PaginationStyle::Cursors { cursors } = &p.style else { panic!("{p:?}") };
    let got: Vec<_> = cursors.iter().map(|c| (param(op, c.param), dotted(&c.field))).collect();
    assert_eq!(got, [("startAfter", "meta.startAfter".to_owned()), ("startAfterId", "meta.startAfterId".to_owned())]);
}

#[test]
fn offset_and_page_take_their_defaults_from_the_parameter() {
    let (api, _) = lowered();
    let op = operation(&api, "listOpportunities");
    let p = op.pagination.as_ref().expect("paginated");
    let PaginationStyle::Offset { offset_param, limit_param, total_field, default } = &p.style else { panic!("{p:?}") };
    assert_eq!(param(op, *offset_param), "skip");
    assert_eq!(limit_param.map(|i| param(op, i)), Some("limit"));
    assert_eq!(total_field.as_ref().map(dotted).as_deref(), Some("meta.total"));
    assert_eq!(*default, 0);

    let op = operation(&api, "listInvoices");
    let p = op.pagination.as_ref().expect("paginated");
    let PaginationStyle::Page { page_param, limit_param, total_field, default, base } = &p.style else {
        panic!("{p:?}")
    };
    assert_eq!(param(op, *page_param), "page");
    assert_eq!(limit_param.map(|i| param(op, i)), Some("limit"));
    assert_eq!(total_field.as_ref().map(dotted).as_deref(), Some("total"));
    assert_eq!((*default, *base), (1, 1), "no default: pages count from 1");
    assert_eq!(op.params[*page_param].ty, TypeRef::Integer(IntegerKind::I64));

    let op = operation(&api, "listReports");
    let p = op.pagination.as_ref().expect("paginated");
    let PaginationStyle::Page { limit_param, total_field, default, base, .. } = &p.style else { panic!("{p:?}") };
    assert_eq!((limit_param, total_field), (&None, &None));
    assert_eq!((*default, *base), (0, 0), "`default: 0`: pages count from 0");
}

#[test]
fn each_extension_that_does_not_fit_is_one_warning_at_its_key_and_no_pagination() {
    let (api, diags) = lowered();
    let at = |path: &str, key: &str| format!("/paths/~1bad~1{path}/get/x-pagination{key}");
    let expected = [
        ("badItemsNotAList", at("items-not-a-list", "/itemsField")),
        ("badNoSuchParameter", at("no-such-parameter", "/offsetParam")),
        ("badHeaderParameter", at("header-parameter", "/offsetParam")),
        ("badPageIsText", at("page-is-text", "/pageParam")),
        ("badTotalIsText", at("total-is-text", "/totalField")),
        ("badTwoStyles", at("two-styles", "")),
        ("badUnknownKey", at("unknown-key", "/totalFeild")),
        ("badNoSuchField", at("no-such-field", "/itemsField")),
        ("badCursorIsAList", at("cursor-is-a-list", "/cursorParams/after")),
        ("badCursorDoesNotFit", at("cursor-does-not-fit", "/cursorParams/after")),
        ("badNotAnObject", at("not-an-object", "")),
    ];
    let got: Vec<_> = diags.iter().map(|d| (d.lint, d.pointer.clone())).collect();
    let want: Vec<_> = expected.iter().map(|(_, pointer)| (Some(Lint::InvalidExtension), pointer.clone())).collect();
    assert_eq!(got, want, "{diags}");
    for (id, _) in expected {
        assert!(operation(&api, id).pagination.is_none(), "`{id}` is not paginated");
    }
    let paginated: Vec<_> =
        api.operations.iter().filter(|op| op.pagination.is_some()).map(|op| op.id.as_str()).collect();
    assert_eq!(paginated, ["listEvents", "searchContacts", "listOpportunities", "listInvoices", "listReports"]);
}
