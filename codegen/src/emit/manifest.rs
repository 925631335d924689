//! The generated crate's `Cargo.toml`, built as a TOML document (`toml_edit`).
//!
//! Every version requirement comes from [`Config::dependencies`] (whose defaults are what this
//! generator is tested against); the MSRV is the generator's own, and the edition the one the emitted
//! code is written for. Nothing is read from the manifest of the workspace the generator was built in.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use crate::lower::ir::Api;
use crate::{Config, Dependency, RuntimeDependency};

/// The runtime's package name (its library is `openapi_client_runtime`).
pub const RUNTIME_PACKAGE: &str = "openapi-client-runtime";

/// The edition of the emitted code.
const EDITION: &str = "2021";

/// Features the generated crate needs of a dependency, whatever its [`Dependency`] says.
const SERDE_FEATURES: &[&str] = &["derive"];
const TOKIO_FEATURES: &[&str] = &["macros", "rt"];

pub fn manifest(api: &Api, config: &Config) -> String {
    let deps = &config.dependencies;
    let description = format!("Typed async client for {}, generated from its OpenAPI document", api.title.trim());

    let mut package = Table::new();
    package["name"] = string(&config.crate_name);
    package["version"] = string(&config.crate_version);
    package["edition"] = string(EDITION);
    package["rust-version"] = string(env!("CARGO_PKG_RUST_VERSION"));
    package["description"] = string(&description);
    package["license"] = string("MIT OR Apache-2.0");
    if config.readme.is_some() {
        package["readme"] = string("README.md");
    }

    let mut dependencies = Table::new();
    dependencies[RUNTIME_PACKAGE] = runtime_dependency(&deps.runtime, &config.runtime);
    dependencies["serde"] = dependency(&deps.serde, SERDE_FEATURES);
    dependencies["serde_json"] = dependency(&deps.serde_json, &[]);

    let mut features = Table::new();
    // Each feature forwards the runtime's of the same name.
    for (feature, comment) in [
        (
            "mock",
            "# Test support for the crates that use this one: a constructor for every type, and `mock::MockServer`,\n\
             # which answers each operation with typed values.\n",
        ),
        ("webhooks", "# Webhooks: signatures checked, replays refused, events decoded (`webhook`).\n"),
        ("axum", "# An axum extractor for verified webhooks (`webhook::VerifiedWebhook`).\n"),
    ] {
        features[feature] = Item::Value(Value::Array(Array::from_iter([format!("{RUNTIME_PACKAGE}/{feature}")])));
        if let Some(mut key) = features.key_mut(feature) {
            key.leaf_decor_mut().set_prefix(comment);
        }
    }

    modules(api, &mut features);

    let mut dev_dependencies = Table::new();
    dev_dependencies["futures"] = dependency(&deps.futures, &[]);
    dev_dependencies["tokio"] = dependency(&deps.tokio, TOKIO_FEATURES);
    if !config.examples.is_empty() {
        // The examples print the client's traces.
        dev_dependencies["tracing-subscriber"] = dependency(&deps.tracing_subscriber, &[]);
    }

    let mut document = DocumentMut::new();
    for (position, (name, mut table)) in [
        ("package", package),
        ("dependencies", dependencies),
        ("features", features),
        ("dev-dependencies", dev_dependencies),
    ]
    .into_iter()
    .enumerate()
    {
        table.set_position(Some(position as isize));
        if position > 0 {
            // A blank line between sections.
            table.decor_mut().set_prefix("\n");
        }
        document[name] = Item::Table(table);
    }
    if let Some(examples) = examples(api, config) {
        document["example"] = Item::ArrayOfTables(examples);
    }
    document.to_string()
}

/// An `[[example]]` for each example that calls an API module (through its handle,
/// `client.conversations()`), with the modules' features as `required-features`: without them cargo
/// says which features to enable instead of failing to compile the example.
fn examples(api: &Api, config: &Config) -> Option<ArrayOfTables> {
    let mut examples = ArrayOfTables::new();
    for (file, text) in &config.examples {
        let features: Vec<&str> = api
            .modules
            .iter()
            .filter(|m| text.contains(&format!(".{}()", crate::ident::ident_text(&m.ident))))
            .map(|m| m.feature.as_str())
            .collect();
        if features.is_empty() {
            continue;
        }
        let mut example = Table::new();
        example["name"] = string(file.strip_suffix(".rs").unwrap_or(file));
        example["required-features"] = Item::Value(Value::Array(Array::from_iter(features)));
        examples.push(example);
    }
    (!examples.is_empty()).then_some(examples)
}

/// One feature per API module, `full` (every module) and `default`, which enables none: a consumer
/// compiles the modules it names and nothing else (with default features on, every crate in a
/// build that forgot `default-features = false` would compile the whole API).
fn modules(api: &Api, features: &mut Table) {
    use crate::members::api_module::{DEFAULT, FULL};
    if api.modules.is_empty() {
        return;
    }
    for (i, module) in api.modules.iter().enumerate() {
        features[&module.feature] = Item::Value(Value::Array(Array::new()));
        if i == 0 {
            if let Some(mut key) = features.key_mut(&module.feature) {
                key.leaf_decor_mut()
                    .set_prefix("# The API modules, one feature each: `Client::<module>()` and the module's items.\n");
            }
        }
    }
    features[FULL] = Item::Value(Value::Array(Array::from_iter(api.modules.iter().map(|m| m.feature.as_str()))));
    if let Some(mut key) = features.key_mut(FULL) {
        key.leaf_decor_mut().set_prefix("# Every API module.\n");
    }
    features[DEFAULT] = Item::Value(Value::Array(Array::new()));
    if let Some(mut key) = features.key_mut(DEFAULT) {
        key.leaf_decor_mut().set_prefix(
            "# No module by default: a crate compiles the modules it enables (and the types they use), nothing else.\n",
        );
    }
}

fn string(s: &str) -> Item {
    Item::Value(Value::from(s))
}

/// The runtime by version requirement, and by path when the generated crate finds it beside it.
fn runtime_dependency(requirement: &str, runtime: &RuntimeDependency) -> Item {
    match runtime {
        RuntimeDependency::Registry => string(requirement),
        RuntimeDependency::Path(path) => {
            let mut table = InlineTable::new();
            table.insert("version", requirement.into());
            table.insert("path", path.as_str().into());
            Item::Value(Value::InlineTable(table))
        }
    }
}

/// A dependency as a bare requirement, or an inline table when it sets features (`extra` added to
/// its own, each once).
fn dependency(dependency: &Dependency, extra: &[&str]) -> Item {
    let mut features: Vec<&str> = dependency.features.iter().map(String::as_str).collect();
    for feature in extra {
        if !features.contains(feature) {
            features.push(feature);
        }
    }
    if dependency.default_features && features.is_empty() {
        return string(&dependency.version);
    }
    let mut table = InlineTable::new();
    table.insert("version", dependency.version.as_str().into());
    if !dependency.default_features {
        table.insert("default-features", false.into());
    }
    if !features.is_empty() {
        table.insert("features", Value::Array(Array::from_iter(features)));
    }
    Item::Value(Value::InlineTable(table))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(item: Item) -> String {
        item.to_string()
    }

    #[test]
    fn dependencies_keep_version_and_features_and_add_what_the_code_needs() {
        let tokio = Dependency { features: vec!["time".into()], ..Dependency::new("1.4") };
        assert_eq!(shown(dependency(&tokio, &["rt", "time"])), r#"{ version = "1.4", features = ["time", "rt"] }"#);
        assert_eq!(shown(dependency(&Dependency::new("1"), &[])), r#""1""#);
        let quiet = Dependency { default_features: false, ..Dependency::new(">=2.1, <3") };
        assert_eq!(shown(dependency(&quiet, &[])), r#"{ version = ">=2.1, <3", default-features = false }"#);
        assert_eq!(shown(runtime_dependency("~0.1.2", &RuntimeDependency::Registry)), r#""~0.1.2""#);
        assert_eq!(
            shown(runtime_dependency("0.1.0", &RuntimeDependency::Path("../rt \"x\"".into()))),
            r#"{ version = "0.1.0", path = '../rt "x"' }"#
        );
    }

    #[test]
    fn the_manifest_is_toml_with_every_requirement_from_the_config() {
        let api = Api::empty("A \"quoted\"\ntitle\\");
        let mut config = Config { crate_name: "my_client".into(), ..Config::default() };
        config.dependencies.runtime = ">=0.1.3, <0.2".into();
        config.dependencies.serde_json = Dependency::new("1.0.100");
        config.examples = vec![("demo.rs".into(), "fn main() {}".into())];
        let text = manifest(&api, &config);
        let parsed: DocumentMut = text.parse().expect("the manifest parses");
        let get = |table: &str, key: &str| parsed[table][key].to_string().trim().to_string();
        assert_eq!(
            parsed["package"]["description"].as_str(),
            Some("Typed async client for A \"quoted\"\ntitle\\, generated from its OpenAPI document")
        );
        assert_eq!(get("dependencies", RUNTIME_PACKAGE), r#"">=0.1.3, <0.2""#);
        assert_eq!(get("dependencies", "serde"), r#"{ version = "1", features = ["derive"] }"#);
        assert_eq!(get("dependencies", "serde_json"), r#""1.0.100""#);
        assert_eq!(
            get("dev-dependencies", "tracing-subscriber"),
            r#"{ version = "0.3", default-features = false, features = ["fmt", "std"] }"#
        );
        assert!(text.starts_with("[package]\nname = \"my_client\"\n"), "{text}");
        assert!(text.contains("\n\n[dependencies]\n"), "{text}");
        assert!(!manifest(&api, &Config::default()).contains("tracing-subscriber"), "only with examples");
        assert!(!text.contains("[[example]]"), "an example that calls no module needs no feature: {text}");
    }

    #[test]
    fn an_example_requires_the_features_of_the_modules_it_calls() {
        let module = |name: &str, ident: &str| crate::lower::ir::ApiModule {
            name: name.into(),
            ident: ident.into(),
            handle: "Handle".into(),
            feature: name.into(),
            file_path: format!("src/{ident}/mod.rs"),
        };
        let api = Api {
            modules: vec![module("pet-store", "pet_store"), module("users", "users"), module("type", "type")],
            ..Api::empty("t")
        };
        let config = Config {
            examples: vec![
                ("list.rs".into(), "client.pet_store().list().send(); client.r#type().get();".into()),
                ("plain.rs".into(), "fn main() {}".into()),
            ],
            ..Config::default()
        };
        let parsed: DocumentMut = manifest(&api, &config).parse().expect("the manifest parses");
        let examples = parsed["example"].as_array_of_tables().expect("[[example]]");
        assert_eq!(examples.len(), 1, "only the example that calls a module");
        let list = examples.get(0).expect("one");
        assert_eq!(list["name"].as_str(), Some("list"));
        assert_eq!(list["required-features"].to_string().trim(), r#"["pet-store", "type"]"#);
    }
}
