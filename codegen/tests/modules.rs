//! API modules (`x-modules`): the module files merged into the document, each operation in its
//! module, each type compiled with the features of the modules that reach it, and what a spec
//! gets wrong about them. Expectations written by hand.

use std::path::{Path, PathBuf};

use codegen::lower::ir::{Api, Gate};
use codegen::{Config, Diagnostics, Lint, Severity};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/modules/openapi.yaml")
}

fn lowered() -> codegen::Lowered {
    codegen::lower_spec(&fixture(), &[]).unwrap_or_else(|d| panic!("{d}"))
}

fn gate(api: &Api, name: &str) -> Option<Vec<String>> {
    let def = api.type_def(api.type_named(name).unwrap_or_else(|| panic!("no type {name}")));
    match &def.gate {
        Gate::Always => None,
        Gate::Features(features) => Some(features.clone()),
    }
}

fn features(list: &[&str]) -> Option<Vec<String>> {
    Some(list.iter().map(|s| s.to_string()).collect())
}

#[test]
fn each_module_is_a_rust_module_a_handle_and_a_feature() {
    let lowered = lowered();
    assert!(lowered.diagnostics.is_empty(), "{}", lowered.diagnostics);
    let modules: Vec<_> = lowered
        .api
        .modules
        .iter()
        .map(|m| (m.name.as_str(), m.ident.as_str(), m.handle.as_str(), m.feature.as_str(), m.file_path.as_str()))
        .collect();
    assert_eq!(
        modules,
        [
            ("pets", "pets", "Pets", "pets", "src/pets/mod.rs"),
            ("stores", "stores", "Stores", "stores", "src/stores/mod.rs"),
            ("ad-manager", "ad_manager", "AdManager", "ad-manager", "src/ad_manager/mod.rs"),
        ]
    );
}

#[test]
fn operations_are_named_within_their_module() {
    let api = lowered().api;
    let ops: Vec<_> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.id.as_str(),
                op.module.as_deref(),
                op.method_name.as_str(),
                op.builder_name.as_str(),
                op.error_variant.as_str(),
                op.file_path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("getHealth", None, "get_health", "GetHealth", "GetHealth", "src/operations/get_health.rs"),
            // An operation of the root document that names its module.
            (
                "getPetPhoto",
                Some("pets"),
                "get_pet_photo",
                "GetPetPhoto",
                "PetsGetPetPhoto",
                "src/pets/get_pet_photo.rs"
            ),
            ("listPets", Some("pets"), "list_pets", "ListPets", "PetsListPets", "src/pets/list_pets.rs"),
            ("getPet", Some("pets"), "get_pet", "GetPet", "PetsGetPet", "src/pets/get_pet.rs"),
            // The same operationId in two modules: the same names, in two modules, and no rename.
            (
                "getInventory",
                Some("pets"),
                "get_inventory",
                "GetInventory",
                "PetsGetInventory",
                "src/pets/get_inventory.rs"
            ),
            (
                "listStores",
                Some("stores"),
                "list_stores",
                "ListStores",
                "StoresListStores",
                "src/stores/list_stores.rs"
            ),
            (
                "getInventory",
                Some("stores"),
                "get_inventory",
                "GetInventory",
                "StoresGetInventory",
                "src/stores/get_inventory.rs"
            ),
            (
                "createAd",
                Some("ad_manager"),
                "create_ad",
                "CreateAd",
                "AdManagerCreateAd",
                "src/ad_manager/create_ad.rs"
            ),
        ]
    );
    // The module's path-level parameter reached its operation; its pointer still locates in pets.yaml.
    let get_pet = api.operations.iter().find(|op| op.id == "getPet").unwrap();
    assert_eq!(get_pet.params.iter().map(|p| p.wire.as_str()).collect::<Vec<_>>(), ["petId"]);
}

#[test]
fn types_are_gated_by_the_modules_that_reach_them() {
    let api = lowered().api;
    // Reached by the operation of no module (and, for Status, by stores too): always compiled.
    assert_eq!(gate(&api, "Health"), None);
    assert_eq!(gate(&api, "Status"), None);
    assert_eq!(gate(&api, "Money"), features(&["pets", "stores"]));
    assert_eq!(gate(&api, "Problem"), features(&["pets", "stores", "ad-manager"]));
    assert_eq!(gate(&api, "Pet"), features(&["pets"]));
    assert_eq!(gate(&api, "PetInventory"), features(&["pets"]));
    assert_eq!(gate(&api, "Store"), features(&["stores"]));
    assert_eq!(gate(&api, "StoreInventory"), features(&["stores"]));
    assert_eq!(gate(&api, "Ad"), features(&["ad-manager"]));
    assert_eq!(api.types.len(), 9, "{:?}", api.types.iter().map(|t| &t.name).collect::<Vec<_>>());
}

#[test]
fn merged_operations_are_located_in_their_module_file() {
    let lowered = lowered();
    let at = lowered.loaded.locate("/paths/~1stores~1inventory/get/operationId").unwrap();
    assert!(at.file.ends_with("modules/stores.yaml"), "{}", at.file.display());
    assert_eq!((at.line, at.column), (31, 20));
    // A path-level parameter of the module, pushed into nothing (the path is the module's own).
    let at = lowered.loaded.locate("/paths/~1pets~1{petId}/parameters/0/name").unwrap();
    assert!(at.file.ends_with("modules/pets.yaml"), "{}", at.file.display());
    assert_eq!(at.line, 26);
    // The root's own operation stays in the root.
    let at = lowered.loaded.locate("/paths/~1health/get").unwrap();
    assert!(at.file.ends_with("modules/openapi.yaml"), "{}", at.file.display());
}

/// The generated text: what each feature compiles. The crate itself is built with each feature
/// alone and with `full` by `.ci/run`.
#[test]
fn the_generated_items_carry_their_gates() {
    let generated = codegen::generate(&fixture(), &Config::default()).unwrap_or_else(|d| panic!("{d}"));
    let file =
        |name: &str| {
            generated.files.iter().find(|(path, _)| path == name).map(|(_, text)| text.as_str()).unwrap_or_else(|| {
                panic!("no {name} in {:?}", generated.files.iter().map(|f| &f.0).collect::<Vec<_>>())
            })
        };
    let lib = file("src/lib.rs");
    for (feature, module) in [("pets", "pets"), ("stores", "stores"), ("ad-manager", "ad_manager")] {
        let gated = format!("#[cfg(feature = \"{feature}\")]\n#[rustfmt::skip]\npub mod {module};\n");
        assert!(lib.contains(&gated), "lib.rs lacks {gated:?}:\n{lib}");
    }
    assert!(
        lib.contains("    /// An error `getHealth` documents.\n    GetHealth(operations::GetHealthError),\n"),
        "{lib}"
    );
    assert!(
        lib.contains("    #[cfg(feature = \"stores\")]\n    StoresGetInventory(stores::GetInventoryError),\n"),
        "{lib}"
    );
    assert!(lib.contains(
        "#[cfg(feature = \"ad-manager\")]\n#[rustfmt::skip]\nimpl From<ad_manager::CreateAdError> for OperationError {"
    ));

    let types = file("src/types.rs");
    // Each type's items, in order, and the gate each carries (none: always compiled).
    let gates: Vec<(String, Option<String>)> = {
        let lines: Vec<&str> = types.lines().collect();
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let item = ["pub struct ", "pub enum ", "pub type ", "impl ", "crate::runtime::open_enum_impls!"]
                .iter()
                .any(|start| line.starts_with(start));
            if !item {
                continue;
            }
            let attrs = lines[..i].iter().rev().take_while(|l| l.starts_with("#[") || l.starts_with("///"));
            let gate = attrs.filter(|l| l.starts_with("#[cfg(") && !l.contains("\"mock\"")).last();
            found.push((line.trim_end_matches(" {").to_string(), gate.map(|g| g.to_string())));
        }
        found
    };
    let pets_stores = Some("#[cfg(any(feature = \"pets\", feature = \"stores\"))]".to_string());
    let all = Some("#[cfg(any(feature = \"pets\", feature = \"stores\", feature = \"ad-manager\"))]".to_string());
    let only = |f: &str| Some(format!("#[cfg(feature = \"{f}\")]"));
    let expected: Vec<(&str, Option<String>)> = vec![
        ("pub struct Health", None),
        ("impl Health", None),
        ("pub enum Status", None),
        ("impl Status", None),
        ("impl crate::runtime::OpenEnum for Status", None),
        ("crate::runtime::open_enum_impls!(Status);", None),
        ("pub struct Money", pets_stores.clone()),
        ("impl Money", pets_stores),
        ("pub struct Pet", only("pets")),
        ("impl Pet", only("pets")),
        ("pub struct Problem", all.clone()),
        ("impl Problem", all.clone()),
        ("impl ::core::default::Default for Problem", all),
        ("pub type PetInventory = ::std::collections::BTreeMap<::std::string::String, i64>;", only("pets")),
        ("pub struct Store", only("stores")),
        ("impl Store", only("stores")),
        ("pub struct StoreInventory", only("stores")),
        ("impl StoreInventory", only("stores")),
        ("impl ::core::default::Default for StoreInventory", only("stores")),
        ("pub struct Ad", only("ad-manager")),
        ("impl Ad", only("ad-manager")),
    ];
    let expected: Vec<(String, Option<String>)> = expected.into_iter().map(|(a, b)| (a.to_string(), b)).collect();
    assert_eq!(gates, expected, "{types}");

    let pets = file("src/pets/mod.rs");
    assert!(pets.contains("pub struct Pets {\n    client: crate::Client,\n}"), "{pets}");
    assert!(pets.contains("    pub fn pets(&self) -> Pets {\n        Pets { client: self.clone() }\n    }"), "{pets}");
    assert!(pets.contains("pub use self::get_inventory::{GetInventory, GetInventoryError};"), "{pets}");
    let get_inventory = file("src/stores/get_inventory.rs");
    assert!(get_inventory.contains("impl super::Stores {"), "{get_inventory}");
    assert!(get_inventory.contains("GetInventory::new(self.client.clone())"), "{get_inventory}");

    let manifest = file("Cargo.toml");
    for line in [
        "pets = []\n",
        "stores = []\n",
        "ad-manager = []\n",
        "full = [\"pets\", \"stores\", \"ad-manager\"]\n",
        "default = []\n",
    ] {
        assert!(manifest.contains(line), "Cargo.toml lacks {line:?}:\n{manifest}");
    }
}

/// A root spec with `x-modules` and its module files, in a temporary folder.
fn spec_files(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let root = dir.path().join(files[0].0);
    (dir, root)
}

fn lower(files: &[(&str, &str)]) -> Result<codegen::Lowered, Diagnostics> {
    let (_dir, root) = spec_files(files);
    codegen::lower_spec(&root, &[])
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn op(path: &str, id: &str) -> String {
    format!("  {path}:\n    get:\n      operationId: {id}\n      responses:\n        '204': {{description: done}}\n")
}

#[test]
fn the_same_method_and_path_in_two_files_is_an_error_naming_both() {
    let root = format!("{HEAD}x-modules: {{a: a.yaml}}\npaths:\n{}", op("/x", "rootX"));
    let a = format!("{HEAD}paths:\n{}", op("/x", "moduleX"));
    let errors = lower(&[("root.yaml", &root), ("a.yaml", &a)]).err().expect("an error");
    let error = errors.iter().find(|d| d.severity == Severity::Error).unwrap_or_else(|| panic!("{errors}"));
    assert_eq!(error.pointer, "/paths/~1x/get");
    assert!(error.message.contains("`GET /x` is defined twice"), "{error}");
    assert!(error.message.contains("root.yaml` at `/paths/~1x/get`"), "{error}");
    assert!(error.message.contains("module `a`"), "{error}");
    let location = error.location.as_ref().unwrap();
    assert!(location.file.ends_with("a.yaml"), "{error}");
    assert_eq!(location.line, 6, "{error}");
}

#[test]
fn another_method_of_a_path_the_root_has_joins_it() {
    let root = format!("{HEAD}x-modules: {{a: a.yaml}}\npaths:\n{}", op("/x", "rootX"));
    let a = format!(
        "{HEAD}paths:\n  /x:\n    post:\n      operationId: moduleX\n      responses:\n        '204': {{description: done}}\n"
    );
    let lowered = lower(&[("root.yaml", &root), ("a.yaml", &a)]).unwrap_or_else(|d| panic!("{d}"));
    let ops: Vec<_> = lowered.api.operations.iter().map(|o| (o.id.as_str(), o.module.as_deref())).collect();
    assert_eq!(ops, [("rootX", None), ("moduleX", Some("a"))]);
    let at = lowered.loaded.locate("/paths/~1x/post/operationId").unwrap();
    assert!(at.file.ends_with("a.yaml") && at.line == 6, "{}:{}", at.file.display(), at.line);
    let at = lowered.loaded.locate("/paths/~1x/get/operationId").unwrap();
    assert!(at.file.ends_with("root.yaml") && at.line == 7, "{}:{}", at.file.display(), at.line);
}

#[test]
fn a_module_path_level_parameter_goes_to_its_own_operations_only() {
    let root = format!("{HEAD}x-modules: {{a: a.yaml}}\npaths:\n{}", op("/x", "rootX"));
    let a = format!(
        "{HEAD}paths:\n  /x:\n    parameters:\n      - {{name: shared, in: query, schema: {{type: string}}}}\n    post:\n      operationId: moduleX\n      parameters:\n        - {{name: own, in: query, schema: {{type: string}}}}\n      responses:\n        '204': {{description: done}}\n"
    );
    let lowered = lower(&[("root.yaml", &root), ("a.yaml", &a)]).unwrap_or_else(|d| panic!("{d}"));
    let params = |i: usize| lowered.api.operations[i].params.iter().map(|p| p.wire.clone()).collect::<Vec<_>>();
    assert_eq!(params(0), Vec::<String>::new());
    assert_eq!(params(1), ["shared", "own"]);
    let at = |pointer: &str| {
        let at = lowered.loaded.locate(pointer).unwrap();
        (at.file.file_name().unwrap().to_string_lossy().into_owned(), at.line)
    };
    assert_eq!(at("/paths/~1x/post/parameters/0/name"), ("a.yaml".to_string(), 6));
    assert_eq!(at("/paths/~1x/post/parameters/1/name"), ("a.yaml".to_string(), 10));
}

#[test]
fn a_missing_module_file_is_a_located_error() {
    let root = format!("{HEAD}x-modules:\n  gone: nowhere.yaml\npaths: {{}}\n");
    let errors = lower(&[("root.yaml", &root)]).err().expect("an error");
    let error = errors.iter().find(|d| d.severity == Severity::Error).unwrap_or_else(|| panic!("{errors}"));
    assert_eq!(error.pointer, "/x-modules/gone");
    assert!(error.message.contains("nowhere.yaml"), "{error}");
    let location = error.location.as_ref().unwrap();
    assert!(location.file.ends_with("root.yaml") && location.line == 4, "{error}");
}

#[test]
fn module_names_the_crate_uses_are_renamed_with_a_warning() {
    // `request` and `builder` are `Client` methods; `full` and `mock` are features.
    let root = format!(
        "{HEAD}x-modules: {{request: r.yaml, builder: b.yaml, full: f.yaml, mock: m.yaml}}\npaths:\n{}",
        op("/root", "request")
    );
    let module = |path: &str| format!("{HEAD}paths:\n{}", op(path, "get"));
    let (r, b, f, m) = (module("/r"), module("/b"), module("/f"), module("/m"));
    let lowered = lower(&[("root.yaml", &root), ("r.yaml", &r), ("b.yaml", &b), ("f.yaml", &f), ("m.yaml", &m)])
        .unwrap_or_else(|d| panic!("{d}"));
    let idents: Vec<_> = lowered.api.modules.iter().map(|m| (m.ident.as_str(), m.feature.as_str())).collect();
    assert_eq!(idents, [("request2", "request2"), ("builder2", "builder2"), ("full2", "full2"), ("mock2", "mock2")]);
    let renames: Vec<&str> = lowered.diagnostics.of(Lint::Rename).map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        renames,
        ["/x-modules/request", "/x-modules/builder", "/x-modules/full", "/x-modules/mock", "/paths/~1root/get"],
        "{}",
        lowered.diagnostics
    );
    // The root's operation `request` is renamed as before (a `Client` method), not taken by a module.
    assert_eq!(lowered.api.operations[0].method_name, "request3");
}

#[test]
fn an_x_module_that_names_no_module_is_a_warning_and_the_operation_is_ungated() {
    let spec = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      operationId: x\n      x-module: typo\n      responses:\n        '204': {{description: done}}\n"
    );
    let lowered = lower(&[("root.yaml", &spec)]).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(lowered.diagnostics.lints(), [Lint::InvalidExtension], "{}", lowered.diagnostics);
    assert!(lowered.diagnostics.find(Lint::InvalidExtension, "/paths/~1x/get/x-module").is_some());
    assert_eq!(lowered.api.operations[0].module, None);
    assert!(lowered.api.modules.is_empty());
}

#[test]
fn a_module_with_no_operation_still_compiles_its_handle() {
    let root = format!("{HEAD}x-modules: {{empty: empty.yaml}}\npaths: {{}}\n");
    let empty = format!("{HEAD}paths: {{}}\n");
    let (_dir, path) = spec_files(&[("root.yaml", &root), ("empty.yaml", &empty)]);
    let generated = codegen::generate(&path, &Config::default()).unwrap_or_else(|d| panic!("{d}"));
    let module = generated.files.iter().find(|(p, _)| p == "src/empty/mod.rs").map(|(_, t)| t.as_str()).unwrap();
    // Nothing reads the handle's client: allowed, so that `-D warnings` builds pass.
    assert!(module.contains("pub struct Empty {\n    #[allow(dead_code)]\n    client: crate::Client,\n}"), "{module}");
}

/// A README's `<!-- codegen:modules -->` line becomes the table of the modules: feature, handle,
/// number of operations and one call each, in the order of `x-modules`.
#[test]
fn the_readme_marker_becomes_the_table_of_modules() {
    let readme = "# Modules\n\nBefore.\n\n<!-- codegen:modules -->\n\nAfter.\n";
    let config = Config { readme: Some(readme.into()), ..Config::default() };
    let generated = codegen::generate(&fixture(), &config).unwrap_or_else(|d| panic!("{d}"));
    let (_, text) = generated.files.iter().find(|(path, _)| path == "README.md").expect("a README");
    let expected = "# Modules\n\nBefore.\n\n\
        | feature | handle | operations | for example |\n\
        |---|---|---|---|\n\
        | `pets` | `client.pets()` | 4 | `client.pets().get_pet_photo(…)` |\n\
        | `stores` | `client.stores()` | 2 | `client.stores().list_stores()` |\n\
        | `ad-manager` | `client.ad_manager()` | 1 | `client.ad_manager().create_ad()` |\n\
        \nAfter.\n";
    assert!(text.ends_with(expected), "{text}");
}
