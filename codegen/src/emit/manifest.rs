//! The generated crate's `Cargo.toml`.
//!
//! Versions are never written here: the runtime's is this generator's own (they are released
//! together), the MSRV is the workspace's, and every other dependency is copied from the
//! workspace manifest's `[workspace.dependencies]`, the one place where versions live.

use toml::{Table, Value};

use crate::lower::ir::Api;
use crate::{Config, RuntimeDependency};

/// The runtime's package name (its library is `openapi_client_runtime`).
pub const RUNTIME_PACKAGE: &str = "openapi-client-runtime";

/// The workspace manifest, read when the generator is compiled.
const WORKSPACE_MANIFEST: &str = include_str!("../../../Cargo.toml");

/// What the generated code itself names besides the runtime (serde derives, `serde_json` types).
const DEPENDENCIES: &[&str] = &["serde", "serde_json"];

/// What the crate README's doctests use: (name, features added to the workspace's).
const DEV_DEPENDENCIES: &[(&str, &[&str])] = &[("futures", &[]), ("tokio", &["macros", "rt"])];

/// What the example programs use besides (only when the crate has examples).
const EXAMPLE_DEV_DEPENDENCIES: &[(&str, &[&str])] = &[("tracing-subscriber", &[])];

pub fn manifest(api: &Api, config: &Config) -> String {
    let workspace: Table = WORKSPACE_MANIFEST.parse().unwrap_or_default();
    let shared = workspace_table(&workspace, "dependencies");
    let package = workspace_table(&workspace, "package");
    let edition = package.get("edition").and_then(Value::as_str).unwrap_or("2021");
    let description = format!("Typed async client for {}, generated from its OpenAPI document", api.title.trim());

    let mut out = String::from("[package]\n");
    out += &format!("name = {}\n", toml_string(&config.crate_name));
    out += &format!("version = {}\n", toml_string(&config.crate_version));
    out += &format!("edition = {}\n", toml_string(edition));
    out += &format!("rust-version = {}\n", toml_string(env!("CARGO_PKG_RUST_VERSION")));
    out += &format!("description = {}\n", toml_string(&description));
    out += "license = \"MIT OR Apache-2.0\"\n";
    if config.readme.is_some() {
        out += "readme = \"README.md\"\n";
    }

    out += "\n[dependencies]\n";
    out += &format!("{RUNTIME_PACKAGE} = {}\n", runtime_dependency(&config.runtime));
    for name in DEPENDENCIES {
        out += &format!("{name} = {}\n", dependency(shared.get(*name), &[]));
    }
    out += "\n[features]\n";
    out += "# Test support for the crates that use this one: a constructor for every type, and `mock::MockServer`,\n";
    out += "# which answers each operation with typed values.\n";
    out += &format!("mock = [\"{RUNTIME_PACKAGE}/mock\"]\n");
    out += "# Webhooks: signatures checked, replays refused, events decoded (`webhook`).\n";
    out += &format!("webhooks = [\"{RUNTIME_PACKAGE}/webhooks\"]\n");
    out += "# An axum extractor for verified webhooks (`webhook::VerifiedWebhook`).\n";
    out += &format!("axum = [\"{RUNTIME_PACKAGE}/axum\"]\n");
    out += "\n[dev-dependencies]\n";
    for (name, features) in DEV_DEPENDENCIES {
        out += &format!("{name} = {}\n", dependency(shared.get(*name), features));
    }
    if !config.examples.is_empty() {
        // The examples print the client's traces.
        for (name, features) in EXAMPLE_DEV_DEPENDENCIES {
            out += &format!("{name} = {}\n", dependency(shared.get(*name), features));
        }
    }
    out
}

fn workspace_table<'a>(workspace: &'a Table, key: &str) -> &'a Table {
    static EMPTY: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    workspace
        .get("workspace")
        .and_then(|w| w.get(key))
        .and_then(Value::as_table)
        .unwrap_or_else(|| EMPTY.get_or_init(Table::new))
}

fn runtime_dependency(runtime: &RuntimeDependency) -> String {
    let version = toml_string(env!("CARGO_PKG_VERSION"));
    match runtime {
        RuntimeDependency::Registry => version,
        RuntimeDependency::Path(path) => format!("{{ version = {version}, path = {} }}", toml_string(path)),
    }
}

/// A workspace dependency entry as an inline table with only what a published crate may carry
/// (version, default-features, features), plus `extra` features.
fn dependency(entry: Option<&Value>, extra: &[&str]) -> String {
    let (version, default_features, mut features) = match entry {
        Some(Value::String(version)) => (version.clone(), true, Vec::new()),
        Some(Value::Table(table)) => (
            table.get("version").and_then(Value::as_str).unwrap_or("*").to_string(),
            table.get("default-features").and_then(Value::as_bool).unwrap_or(true),
            table
                .get("features")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default(),
        ),
        _ => ("*".to_string(), true, Vec::new()),
    };
    features.extend(extra.iter().map(|f| f.to_string()));
    if default_features && features.is_empty() {
        return toml_string(&version);
    }
    let mut out = format!("{{ version = {}", toml_string(&version));
    if !default_features {
        out += ", default-features = false";
    }
    if !features.is_empty() {
        let list: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
        out += &format!(", features = [{}]", list.join(", "));
    }
    out + " }"
}

/// A TOML basic string on one line.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dependency_of_generated_crates_has_a_workspace_entry() {
        let workspace: Table = WORKSPACE_MANIFEST.parse().expect("the workspace manifest parses");
        let shared = workspace_table(&workspace, "dependencies");
        for name in DEPENDENCIES.iter().chain(DEV_DEPENDENCIES.iter().chain(EXAMPLE_DEV_DEPENDENCIES).map(|(n, _)| n)) {
            assert!(shared.contains_key(*name), "`{name}` is missing from [workspace.dependencies]");
        }
        let runtime = shared.get(RUNTIME_PACKAGE).and_then(|r| r.get("version")).and_then(Value::as_str);
        assert_eq!(runtime, Some(env!("CARGO_PKG_VERSION")), "the runtime is released with the generator");
    }

    #[test]
    fn entries_keep_version_and_features() {
        let entry: Table = r#"tokio = { version = "1.4", features = ["time"] }
serde = "1"
quiet = { version = "2", default-features = false }"#
            .parse()
            .unwrap();
        assert_eq!(dependency(entry.get("tokio"), &["rt"]), r#"{ version = "1.4", features = ["time", "rt"] }"#);
        assert_eq!(dependency(entry.get("serde"), &[]), r#""1""#);
        assert_eq!(dependency(entry.get("quiet"), &[]), r#"{ version = "2", default-features = false }"#);
        assert_eq!(toml_string("a\"b\\c\n"), r#""a\"b\\c\u000A""#);
    }
}
