//! `leadconnector` is HighLevel's whole API: its operations, counted from the generated source as
//! `syn` reads it (the methods of each module's handle, plus any of the root client), are the 576
//! of HighLevel's 41 module files, module by module where HighLevel gives the figure; and each
//! module is a cargo feature that `full` enables.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::{ImplItem, Item, ReturnType, Type, Visibility};

/// HighLevel's 41 API modules (one file each in its published description), by feature name.
const MODULES: [&str; 41] = [
    "ad-manager",
    "affiliate-manager",
    "agent-studio",
    "associations",
    "blogs",
    "brand-boards",
    "businesses",
    "calendars",
    "campaigns",
    "companies",
    "contacts",
    "conversation-ai",
    "conversations",
    "courses",
    "custom-fields",
    "custom-menus",
    "email-isv",
    "emails",
    "forms",
    "funnels",
    "invoices",
    "knowledge-base",
    "links",
    "locations",
    "marketplace",
    "medias",
    // HighLevel's `oauth` file: the crate's `oauth` module holds the OAuth flows' constants.
    "oauth-api",
    "objects",
    "opportunities",
    "payments",
    "phone-system",
    "products",
    "proposals",
    "saas-api",
    "snapshots",
    "social-media-posting",
    "store",
    "surveys",
    "users",
    "voice-ai",
    "workflows",
];

/// The operations of the whole API, as HighLevel counts them.
const TOTAL: usize = 576;

/// HighLevel's operation counts for the modules its description names a figure for.
const UPSTREAM_COUNTS: [(&str, usize); 10] = [
    ("ad-manager", 94),
    ("invoices", 42),
    ("calendars", 41),
    ("social-media-posting", 40),
    ("contacts", 32),
    ("conversations", 29),
    ("locations", 29),
    ("products", 27),
    ("payments", 23),
    ("saas-api", 22),
];

fn generated_client() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client")
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `.rs` files of `dir` but `mod.rs`, sorted.
fn operation_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && p.file_name().is_some_and(|n| n != "mod.rs"))
        .collect();
    files.sort();
    files
}

/// The last identifier of a path type (`super::Conversations` → `Conversations`).
fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The names of the `pub fn`s of the inherent `impl` blocks of `file` whose type is named `self_ty`.
fn methods_of(file: &syn::File, self_ty: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in &file.items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || type_name(&block.self_ty).as_deref() != Some(self_ty) {
            continue;
        }
        for member in &block.items {
            if let ImplItem::Fn(f) = member {
                if matches!(f.vis, Visibility::Public(_)) {
                    out.push(f.sig.ident.to_string());
                }
            }
        }
    }
    out
}

/// The module `dir`'s handle: the type `Client::<module>()` returns (in its `mod.rs`).
fn handle_of(module: &str, mod_rs: &syn::File) -> String {
    for item in &mod_rs.items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || type_name(&block.self_ty).as_deref() != Some("Client") {
            continue;
        }
        for member in &block.items {
            let ImplItem::Fn(f) = member else { continue };
            if f.sig.ident == module {
                if let ReturnType::Type(_, ty) = &f.sig.output {
                    return type_name(ty).unwrap_or_else(|| panic!("{module}: the handle is a named type"));
                }
            }
        }
    }
    panic!("{module}/mod.rs: no `Client::{module}()`")
}

/// Each module's operations (by feature name), read from `src/<module>/*.rs`: the `pub fn`s of
/// `impl super::<Handle>`, one per file, named as the file.
fn module_operations(src: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let dir = entry.expect("a directory entry").path();
        let name = dir.file_name().and_then(|n| n.to_str()).expect("a UTF-8 name").to_owned();
        // `operations/` holds the root client's operations, counted apart.
        if !dir.is_dir() || name == "operations" {
            continue;
        }
        let handle = handle_of(&name, &parse(&dir.join("mod.rs")));
        let mut operations = Vec::new();
        for file in operation_files(&dir) {
            let methods = methods_of(&parse(&file), &handle);
            let stem = file.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 name");
            assert_eq!(methods, [stem], "{}: one operation, named as its file", file.display());
            operations.extend(methods);
        }
        out.insert(name.replace('_', "-"), operations);
    }
    out
}

/// The operations of the root client (`src/operations/*.rs`: `impl Client` methods).
fn root_operations(src: &Path) -> Vec<String> {
    operation_files(&src.join("operations")).iter().flat_map(|file| methods_of(&parse(file), "Client")).collect()
}

#[test]
fn the_crate_has_highlevels_576_operations_in_41_modules() {
    let src = generated_client().join("src");
    let modules = module_operations(&src);
    let root = root_operations(&src);

    let names: BTreeSet<&str> = modules.keys().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(MODULES), "one directory per HighLevel module");

    // Every operation sits in its module (the transcribed pair of the pages in `conversations`).
    assert_eq!(root, Vec::<String>::new(), "no operation on the root client");

    for (module, expected) in UPSTREAM_COUNTS {
        assert_eq!(modules[module].len(), expected, "{module}: HighLevel's count");
    }
    // Their sum is part of HighLevel's total; the other 31 modules make up the rest.
    let named: usize = UPSTREAM_COUNTS.iter().map(|(_, n)| n).sum();
    assert_eq!(named, 379);

    let total: usize = modules.values().map(Vec::len).sum::<usize>() + root.len();
    assert_eq!(total, TOTAL);
    for (module, operations) in &modules {
        assert!(!operations.is_empty(), "{module}: a module without operations");
    }
}

#[test]
fn the_writes_of_the_mock_tests_are_where_the_handles_say() {
    // The four writes `module_writes.rs` drives, found by the same reading as the count.
    let modules = module_operations(&generated_client().join("src"));
    for (module, operation) in [
        ("conversations", "send_a_new_message"),
        ("contacts", "create_contact"),
        ("calendars", "create_appointment"),
        ("invoices", "create_invoice"),
    ] {
        assert!(modules[module].iter().any(|o| o == operation), "{module}: {operation}");
    }
}

/// The features of `leadconnector`, as cargo reads its manifest (`cargo metadata`).
fn features() -> BTreeMap<String, Vec<String>> {
    let manifest = generated_client().join("Cargo.toml");
    let output = xtask::cargo()
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline", "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let package = metadata["packages"]
        .as_array()
        .expect("a package list")
        .iter()
        .find(|p| p["name"] == "leadconnector")
        .expect("the package leadconnector");
    serde_json::from_value(package["features"].clone()).expect("features: names to lists of names")
}

#[test]
fn each_module_is_a_feature_and_full_enables_them_all() {
    let features = features();
    for module in MODULES {
        assert_eq!(features.get(module), Some(&Vec::new()), "feature `{module}`, enabling nothing else");
    }
    let full: BTreeSet<&str> = features["full"].iter().map(String::as_str).collect();
    assert_eq!(full, BTreeSet::from(MODULES), "`full` is every module and nothing else");
    assert_eq!(features["full"].len(), MODULES.len(), "no module twice in `full`");
    assert_eq!(features.get("default"), Some(&Vec::new()), "no module by default");
}
