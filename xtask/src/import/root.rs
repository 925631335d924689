//! What the import reads of the hand-written root document, and the check that the root declares what
//! the modules need (`x-modules`, security schemes): the import never writes the root.

use std::collections::BTreeSet;

use serde_json::Value;

use super::operations::METHODS;
use super::Imported;

/// The root's operations as (method, path): they win over HighLevel's.
pub type Transcribed = BTreeSet<(String, String)>;

pub fn operations(root: &Value) -> Transcribed {
    let mut out = Transcribed::new();
    for (path, item) in root.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for method in METHODS {
            if item.get(*method).is_some() {
                out.insert((method.to_string(), path.clone()));
            }
        }
    }
    out
}

/// What the root lacks or has too many of, one line each (empty: consistent).
pub fn check_root(root: &Value, imported: &Imported) -> Vec<String> {
    let mut problems = Vec::new();
    let modules = root.get("x-modules").and_then(Value::as_object);
    match modules {
        None => problems.push("has no `x-modules` map (one entry per module: `NAME: modules/NAME.yaml`)".to_string()),
        // A module's name is the root's to choose (usually the file's stem; another where the stem
        // is taken in the generated crate); its file is the import's.
        Some(listed) => {
            let mut reported = Vec::new();
            for stem in &imported.modules {
                let want = format!("modules/{stem}.yaml");
                if listed.values().any(|file| file.as_str() == Some(want.as_str())) {
                    continue;
                }
                match listed.get(stem).and_then(Value::as_str) {
                    Some(file) => {
                        problems.push(format!("`x-modules` maps `{stem}` to `{file}`, not `{want}`"));
                        reported.push(stem.clone());
                    }
                    None => problems.push(format!("`x-modules` lacks `{stem}: {want}`")),
                }
            }
            let written = |file: &Value| {
                file.as_str()
                    .is_some_and(|file| imported.modules.iter().any(|stem| file == format!("modules/{stem}.yaml")))
            };
            for (name, file) in listed {
                if !written(file) && !reported.contains(name) {
                    problems
                        .push(format!("`x-modules` lists `{name}`, whose file the import does not write (remove it)"));
                }
            }
        }
    }
    let declared = root.pointer("/components/securitySchemes").and_then(Value::as_object);
    for scheme in &imported.schemes {
        match declared.and_then(|d| d.get(scheme)) {
            None => problems.push(format!("declares no security scheme `{scheme}`, which the modules' operations name (add it to `components.securitySchemes`)")),
            Some(s) if s.get("type").and_then(Value::as_str) != Some("http") || s.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() != Some("bearer") => {
                problems.push(format!("declares `{scheme}` as something else than an http bearer scheme, which HighLevel's operations use"))
            }
            Some(_) => {}
        }
    }
    problems
}
