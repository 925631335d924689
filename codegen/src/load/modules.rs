//! API modules (`x-modules` at the root): each module is an OpenAPI document of its own whose path
//! items join the root's `paths`, each operation marked with `x-module: <name>` for lower to decide
//! what it means. The module files' refs are bundled like any other file's (against their own file),
//! and every merged node keeps pointing into the file it came from.

use std::path::Path;

use serde_json::{Map, Value};

use super::{origin_of, Bundler, Origin, Unread};
use crate::diagnostics::{Diagnostics, ErrorKind, Lint};
use crate::pointer::Pointer;
use crate::site::METHODS;

/// The root extension that lists the modules: module name → file, relative to the root file.
pub const MODULES: &str = "x-modules";
/// The operation extension that names its module.
pub const MODULE: &str = "x-module";

impl Bundler {
    /// Reads every module file `x-modules` names and merges its path items into `document`'s paths
    /// (the root file's own, already bundled). An unreadable file, and an operation (method and
    /// path) given twice, are errors.
    pub(super) fn merge_modules(&mut self, document: &mut Value, root: usize, diags: &mut Diagnostics) {
        let Some(modules) = document.get(MODULES).cloned() else { return };
        let Value::Object(modules) = modules else {
            diags
                .error(
                    ErrorKind::InvalidModule,
                    format!("/{MODULES}"),
                    format!("`{MODULES}` must map each module's name to its file"),
                )
                .help("write `x-modules: {pets: modules/pets.yaml}`");
            return;
        };
        let base = self.sources[root].path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.prefetch(modules.values().filter_map(Value::as_str).map(|file| base.join(file)).collect());
        for (name, file) in &modules {
            let at = Pointer::root().child(MODULES).child(name);
            let file = match file {
                Value::String(file) => file,
                // A module without a file of its own (a bundled document, whose module files are
                // merged already): its operations name it with `x-module`.
                Value::Object(settings) if settings.is_empty() => continue,
                _ => {
                    diags.error(
                        ErrorKind::InvalidModule,
                        &at,
                        format!("module `{name}` must name its file (a path), or be `{{}}` when its operations are in the document"),
                    );
                    continue;
                }
            };
            let source = match self.read(&base.join(file), diags, &at) {
                Ok(source) => source,
                Err(Unread::Missing(why)) => {
                    diags
                        .error(ErrorKind::Unreadable, &at, format!("module `{name}`: {why}"))
                        .help("check the path, relative to the root file");
                    continue;
                }
                Err(Unread::Invalid) => continue,
            };
            if source == root {
                diags.error(ErrorKind::InvalidModule, &at, format!("module `{name}` names the root file itself"));
                continue;
            }
            self.merge_module(document, name, source, diags);
            // Bundled: the module's operations are in `paths` now, so the document needs no other file.
            if let Some(Value::Object(declared)) = document.get_mut(MODULES) {
                declared.insert(name.clone(), Value::Object(Default::default()));
            }
        }
    }

    fn merge_module(&mut self, document: &mut Value, name: &str, source: usize, diags: &mut Diagnostics) {
        let module = &self.sources[source].value;
        let Some(Value::Object(paths)) = module.get("paths").cloned() else {
            if module.get("paths").is_some() {
                let location = self.sources[source].locate("/paths");
                diags
                    .error(ErrorKind::InvalidModule, "", format!("module `{name}`: `paths` is not an object"))
                    .location = Some(location);
            }
            return;
        };
        // A requirement of the module's document applies to its operations that state none.
        let security = module.get("security").cloned();
        for (path, mut item) in paths {
            let at = Pointer::root().child("paths").child(&path);
            if !document.get("paths").is_some_and(Value::is_object) {
                document["paths"] = Value::Object(Map::new());
            }
            let existing = document["paths"].get(&path).is_some();
            // Located in the module file while it is rewritten (a ref inlined inside wins below it).
            self.origins.push(Origin { bundled: at.clone(), source, original: at.clone() });
            let keep = self.rewrite(&mut item, source, &at, diags);
            if !keep || !item.is_object() {
                super::forget_node(&mut self.origins, &at);
                continue;
            }
            let Value::Object(mut item) = item else { continue };
            for method in &METHODS {
                if let Some(Value::Object(op)) = item.get_mut(*method) {
                    mark(op, name, source, &at.child(method), self, diags);
                    if let (false, Some(security)) = (op.contains_key("security"), &security) {
                        op.insert("security".into(), security.clone());
                    }
                }
            }
            if !existing {
                document["paths"][&path] = Value::Object(item);
                continue;
            }
            // The root (or an earlier module) has this path: each operation joins its item. The
            // origin of the whole item would also claim the other file's nodes: it becomes one per
            // operation.
            let whole = self.origins.iter().rposition(|o| o.bundled == at && o.source == source);
            if let Some(i) = whole {
                self.origins.remove(i);
            }
            let shared = item.remove("parameters");
            let target = document["paths"][&path].as_object_mut().expect("checked above");
            for method in &METHODS {
                let Some(Value::Object(mut op)) = item.remove(*method) else { continue };
                let op_at = at.child(method);
                if target.contains_key(*method) {
                    let (first, pointer) = origin_of(&self.origins, &op_at);
                    let first_file = self.sources[first].path.display().to_string();
                    let location = self.sources[source].locate(&op_at);
                    let d = diags.error(
                        ErrorKind::InvalidModule,
                        &op_at,
                        format!(
                            "`{} {path}` is defined twice: in `{first_file}` at `{pointer}` and in module `{name}` (`{}`)",
                            method.to_uppercase(),
                            self.sources[source].path.display()
                        ),
                    );
                    d.location = Some(location);
                    d.help("an operation belongs to one module: remove one of them");
                    continue;
                }
                self.origins.push(Origin { bundled: op_at.clone(), source, original: op_at.clone() });
                // The module's path-level parameters apply to its own operations only: each gets
                // them in front of its own (which override them, as lower reads it).
                if let Some(Value::Array(shared)) = &shared {
                    let own = match op.remove("parameters") {
                        Some(Value::Array(own)) => own,
                        _ => Vec::new(),
                    };
                    let list = op_at.child("parameters");
                    for i in 0..shared.len() {
                        let original = at.child("parameters").child(i);
                        self.origins.push(Origin { bundled: list.child(i), source, original });
                    }
                    for k in 0..own.len() {
                        let bundled = list.child(shared.len() + k);
                        self.origins.push(Origin { bundled, source, original: list.child(k) });
                    }
                    op.insert("parameters".into(), Value::Array(shared.iter().cloned().chain(own).collect()));
                }
                target.insert(method.to_string(), Value::Object(op));
            }
            let ignored: Vec<&String> = item.keys().filter(|k| !k.starts_with("x-")).collect();
            if !ignored.is_empty() {
                let location = self.sources[source].locate(&at);
                let list = ignored.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                diags
                    .warn(
                        Lint::InvalidExtension,
                        &at,
                        format!(
                            "module `{name}` adds operations to a path the document already has; its {list} is ignored"
                        ),
                    )
                    .location = Some(location);
            }
        }
    }
}

/// Writes the module's name on an operation of its file (an `x-module` there that names another
/// module is overruled, with a warning).
fn mark(
    op: &mut Map<String, Value>,
    name: &str,
    source: usize,
    at: &Pointer,
    bundler: &Bundler,
    diags: &mut Diagnostics,
) {
    if let Some(other) = op.get(MODULE).filter(|v| v.as_str() != Some(name)) {
        let location = bundler.sources[source].locate(&at.child(MODULE));
        diags
            .warn(
                Lint::InvalidExtension,
                at.child(MODULE),
                format!("the operation is in the file of module `{name}` but says `{MODULE}: {other}`; it belongs to `{name}`"),
            )
            .location = Some(location);
    }
    op.insert(MODULE.into(), Value::String(name.into()));
}
