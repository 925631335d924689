//! `cargo xtask import --from DIR [--check]`: HighLevel's OpenAPI module files (`DIR/apps/*.json`,
//! `DIR/common/common-schemas.json`) → `spec/modules/<name>.yaml`, `spec/modules/common.yaml` and the
//! report of every repair, `spec/modules/IMPORT-REPORT.md`.
//!
//! What is kept is HighLevel's facts (paths, methods, operationIds, parameters, schemas, enums,
//! formats, required sets, statuses, security and scopes, examples, summaries), never its prose: every
//! `description` is dropped, and a response's (which OpenAPI requires) is the status's reason phrase.
//! Every defect is repaired by a named repair, listed in the report. The root document
//! (`spec/leadconnector.yaml`) is hand-written: the import reads it (its operations win over
//! HighLevel's, its component names are taken) and checks that its `x-modules` and security schemes
//! are what the modules need, but never writes it.

mod components;
mod operations;
mod pagination;
mod report;
mod root;
mod schema;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::pointer::Pointer;
use serde_json::{Map, Value};

pub use report::counts as report_counts;
pub use root::check_root;

/// The security schemes of HighLevel's files, and the root's scheme each is sent as. `-Only` means
/// "an OAuth access token, not a private integration token" upstream: the same credential on the wire,
/// so one setter each for location and agency tokens.
pub const SCHEMES: &[(&str, &str)] = &[
    ("bearer", "bearer"),
    ("Location-Access", "Location-Access"),
    ("Location-Access-Only", "Location-Access"),
    ("Agency-Access", "Agency-Access"),
    ("Agency-Access-Only", "Agency-Access"),
];

/// HighLevel's files, read.
pub struct Input {
    /// `apps/<stem>.json` by stem, in name order.
    pub modules: BTreeMap<String, Value>,
    /// `common/common-schemas.json`.
    pub common: Value,
    /// The upstream commit, when the folder's README names one (`commit 0af86a4`).
    pub commit: Option<String>,
}

/// One repair: its name, the module (file stem, or `common`), where (JSON pointer in the upstream
/// file) and what was done.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Repair {
    pub module: String,
    pub pointer: String,
    pub name: &'static str,
    pub what: String,
}

/// The repairs of one module, as they are found.
pub struct Repairs {
    module: String,
    pub list: Vec<Repair>,
}

impl Repairs {
    fn new(module: &str) -> Self {
        Repairs { module: module.to_string(), list: Vec::new() }
    }

    pub fn add(&mut self, name: &'static str, pointer: &str, what: impl Into<String>) {
        self.list.push(Repair { module: self.module.clone(), pointer: pointer.to_string(), name, what: what.into() });
    }
}

/// What the import writes: file contents by path relative to `spec/`, and the repairs.
pub struct Imported {
    /// Every file the import writes, by path relative to `spec/` (`run` adds `webhooks.yaml`).
    pub files: BTreeMap<String, String>,
    pub repairs: Vec<Repair>,
    /// The repairs of the webhook event pages (`run` fills them with `webhooks.yaml`).
    pub webhook_repairs: Vec<crate::import_webhooks::Repair>,
    /// The module names (for the root's `x-modules`) and the root security schemes the modules name.
    pub modules: Vec<String>,
    pub schemes: BTreeSet<String>,
}

/// Reads `dir/apps/*.json` and `dir/common/common-schemas.json`.
pub fn read_input(dir: &Path) -> Result<Input, String> {
    let read = |path: &Path| -> Result<Value, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))
    };
    let apps = dir.join("apps");
    let entries = std::fs::read_dir(&apps).map_err(|e| format!("{}: {e}", apps.display()))?;
    let mut modules = BTreeMap::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", apps.display()))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        if stem == "common" {
            return Err(format!("{}: a module may not be called `common` (the shared file is)", path.display()));
        }
        modules.insert(stem.to_string(), read(&path)?);
    }
    if modules.is_empty() {
        return Err(format!("{}: no module file (*.json)", apps.display()));
    }
    let common = read(&dir.join("common/common-schemas.json"))?;
    let commit = std::fs::read_to_string(dir.join("README.md")).ok().and_then(|text| {
        let at = text.find("commit ")? + "commit ".len();
        let id: String = text[at..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        (id.len() >= 7).then_some(id)
    });
    Ok(Input { modules, common, commit })
}

/// The upstream document's `components.schemas`, or an empty map.
fn schemas_of(doc: &Value) -> Map<String, Value> {
    doc.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default()
}

/// Everything the import writes, from `input` and the root document `root` (parsed).
pub fn import(input: &Input, root: &Value) -> Result<Imported, String> {
    let transcribed = root::operations(root);
    let root_schemas: BTreeSet<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();

    // 1. Every schema cleaned, refs as markers.
    let mut all_repairs = Vec::new();
    let mut common_repairs = Repairs::new("common");
    let common: BTreeMap<String, Value> = schemas_of(&input.common)
        .iter()
        .map(|(name, s)| {
            (
                name.clone(),
                schema::schema(
                    s,
                    &Pointer::root().child("components").child("schemas").child(name),
                    true,
                    &mut common_repairs,
                ),
            )
        })
        .collect();
    let mut module_repairs: BTreeMap<String, Repairs> = BTreeMap::new();
    let mut module_schemas: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for (stem, doc) in &input.modules {
        let repairs = module_repairs.entry(stem.clone()).or_insert_with(|| Repairs::new(stem));
        let schemas = schemas_of(doc)
            .iter()
            .map(|(name, s)| {
                (
                    name.clone(),
                    schema::schema(
                        s,
                        &Pointer::root().child("components").child("schemas").child(name),
                        false,
                        repairs,
                    ),
                )
            })
            .collect();
        module_schemas.insert(stem.clone(), schemas);
    }

    for (stem, doc) in &input.modules {
        let repairs = module_repairs.get_mut(stem).expect("every module has its repairs");
        dangling_refs(doc, &Pointer::root(), &module_schemas[stem], &common, repairs);
    }

    // Defaults are checked against `required` once every schema is cleaned, since an `allOf` member
    // may be another schema (lookups in copies: a schema's own default is dropped in place).
    let mut common = common;
    let lookup = common.clone();
    for (name, s) in common.iter_mut() {
        let at = Pointer::root().child("components").child("schemas").child(name);
        schema::defaults_with_required(s, &at, &lookup, &lookup, &mut common_repairs);
    }
    for (stem, schemas) in module_schemas.iter_mut() {
        let repairs = module_repairs.get_mut(stem).expect("every module has its repairs");
        let lookup = schemas.clone();
        for (name, s) in schemas.iter_mut() {
            let at = Pointer::root().child("components").child("schemas").child(name);
            schema::defaults_with_required(s, &at, &lookup, &common, repairs);
        }
    }

    // 2. Each schema's final name and file.
    let names = components::Names::decide(&common, &module_schemas, &root_schemas, &mut module_repairs);

    // 3. Operations (which read the cleaned schemas to find pagination), with operationIds unique
    //    across every module and the root.
    let op_ids = operations::unique_ids(input, &transcribed, root, &mut module_repairs);
    let mut files = BTreeMap::new();
    let mut schemes = BTreeSet::new();
    let header = header(input.commit.as_deref());
    for (stem, doc) in &input.modules {
        let repairs = module_repairs.get_mut(stem).expect("every module has its repairs");
        let ctx = operations::Module {
            stem,
            doc,
            schemas: &module_schemas[stem],
            common: &common,
            transcribed: &transcribed,
            op_ids: &op_ids,
        };
        let paths = operations::paths(&ctx, repairs, &mut schemes);
        let mut local = Map::new();
        for (name, s) in &module_schemas[stem] {
            if let components::Place::Local(final_name) = names.of(stem, name) {
                local.insert(final_name.clone(), s.clone());
            }
        }
        let mut out = Map::new();
        out.insert("openapi".into(), "3.0.3".into());
        out.insert("info".into(), info(doc));
        out.insert("paths".into(), paths);
        let mut components = Map::new();
        components.insert("schemas".into(), Value::Object(sorted(local)));
        out.insert("components".into(), Value::Object(components));
        let mut out = Value::Object(out);
        names.rewrite(&mut out, Some(stem));
        files.insert(format!("modules/{stem}.yaml"), format!("{header}{}", yaml::to_string(&out)));
    }

    // 4. The shared file: HighLevel's shared schemas and the hoisted ones.
    let mut shared = Map::new();
    for (name, s) in names.common_schemas(&common, &module_schemas) {
        shared.insert(name, s);
    }
    let mut out = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "LeadConnector: shared components", "version": "1.0"},
        "paths": {},
    });
    out["components"] = serde_json::json!({ "schemas": Value::Object(sorted(shared)) });
    names.rewrite(&mut out, None);
    files.insert("modules/common.yaml".to_string(), format!("{header}{}", yaml::to_string(&out)));

    all_repairs.extend(common_repairs.list);
    for (_, r) in module_repairs {
        all_repairs.extend(r.list);
    }
    all_repairs.sort();
    let modules: Vec<String> = input.modules.keys().cloned().collect();
    files.insert("modules/IMPORT-REPORT.md".to_string(), report::markdown(&all_repairs, input.commit.as_deref()));
    Ok(Imported { files, repairs: all_repairs, webhook_repairs: Vec::new(), modules, schemes })
}

/// Reports each local ref of `value` (at `at`) to a schema the module lacks; one HighLevel's shared
/// file has is what it means (the rewrite points it there).
fn dangling_refs(
    value: &Value,
    at: &Pointer,
    local: &BTreeMap<String, Value>,
    common: &BTreeMap<String, Value>,
    r: &mut Repairs,
) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                    if !local.contains_key(name) {
                        if common.contains_key(name) {
                            r.add(
                                "dangling-ref",
                                &at.child("$ref"),
                                format!("`{reference}` is not in the module: HighLevel's shared `{name}`"),
                            );
                        } else {
                            r.add(
                                "dangling-ref",
                                &at.child("$ref"),
                                format!("`{reference}` is nowhere: left for the generator to report"),
                            );
                        }
                    }
                }
            }
            for (k, v) in map {
                dangling_refs(v, &at.child(k), local, common, r);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                dangling_refs(v, &at.child(i), local, common, r);
            }
        }
        _ => {}
    }
}

fn header(commit: Option<&str>) -> String {
    let source = match commit {
        Some(c) => format!("HighLevel's OpenAPI files (GoHighLevel/highlevel-api-docs, commit {c}, CC0-1.0)"),
        None => "HighLevel's OpenAPI files (CC0-1.0)".to_string(),
    };
    format!(
        "# Written by `cargo xtask import` from {source}.\n# Do not edit by hand: change the import (xtask/src/import/) or the root document, and run it again.\n"
    )
}

fn info(doc: &Value) -> Value {
    let title = doc.pointer("/info/title").cloned().unwrap_or_else(|| "".into());
    let version = doc.pointer("/info/version").cloned().unwrap_or_else(|| "1.0".into());
    serde_json::json!({"title": title, "version": version})
}

fn sorted(map: Map<String, Value>) -> Map<String, Value> {
    let ordered: BTreeMap<String, Value> = map.into_iter().collect();
    ordered.into_iter().collect()
}

/// What `run` did or found: the files that differ (with `check`), and whether the root is consistent.
pub struct Outcome {
    pub stale: Vec<String>,
    pub root_problems: Vec<String>,
}

/// Imports `from` into `spec` (the `spec/` folder: reads `leadconnector.yaml`, writes `modules/` and,
/// from the webhook event pages, `webhooks.yaml`); with `check`, writes nothing and lists what differs.
pub fn run(from: &Path, spec: &Path, check: bool) -> Result<(Imported, Outcome), String> {
    let input = read_input(from)?;
    let root_path = spec.join("leadconnector.yaml");
    let root_text = std::fs::read_to_string(&root_path).map_err(|e| format!("{}: {e}", root_path.display()))?;
    let (root, _) = codegen::load::parse_yaml(&root_text, false).map_err(|e| {
        let at = codegen::diagnostics::Location::in_text(&root_path, &root_text, e.byte..e.byte + 1);
        format!("{}:{}:{}: {}", root_path.display(), at.line, at.column, e.message)
    })?;
    let mut imported = import(&input, &root)?;
    let webhooks = crate::import_webhooks::import_webhooks(&from.join(crate::import_webhooks::EVENTS_DIR))?;
    imported.files.insert(crate::import_webhooks::FILE.to_string(), webhooks.spec);
    imported.webhook_repairs = webhooks.repairs;
    let dir = spec.join("modules");
    let mut stale = Vec::new();
    let existing: BTreeSet<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().to_str().map(|n| format!("modules/{n}")))
            .collect(),
        Err(_) => BTreeSet::new(),
    };
    for (rel, text) in &imported.files {
        let path = spec.join(rel);
        match std::fs::read_to_string(&path) {
            Ok(old) if old == *text => {}
            Ok(_) => stale.push(format!("differs: {}", shown(spec, rel))),
            Err(_) => stale.push(format!("missing: {}", shown(spec, rel))),
        }
    }
    for rel in existing.iter().filter(|r| !imported.files.contains_key(*r)) {
        stale.push(format!("extra (not written by the import): {}", shown(spec, rel)));
    }
    if !check {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (rel, text) in &imported.files {
            let path = spec.join(rel);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        for rel in existing.iter().filter(|r| !imported.files.contains_key(*r)) {
            let path: PathBuf = spec.join(rel);
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let root_problems = check_root(&root, &imported);
    Ok((imported, Outcome { stale, root_problems }))
}

fn shown(spec: &Path, rel: &str) -> String {
    let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    format!("{name}/{rel}")
}
