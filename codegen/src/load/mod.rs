//! Stage 1, load: read the spec (YAML or JSON), follow `$ref`s into other files, and bundle everything
//! into one JSON tree whose refs are all local (`#/...`). Positions are kept so that any later
//! diagnostic can name `file:line:col`.

mod json_positions;
mod overlay;
mod yaml;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{child, escape_token, unescape_token, Diagnostics, Location};

pub use overlay::{files_in, overlays_in};
pub use yaml::parse as parse_yaml;

/// `pointer`, then each of its parents up to the root (`""`): where to look for the nearest node
/// that has a position.
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(pointer), |at| at.rfind('/').map(|i| &at[..i]))
}

/// One file that was read.
struct Source {
    path: PathBuf,
    text: String,
    value: Value,
    format: Format,
    positions: OnceCell<yaml::Positions>,
}

/// How a file is read: JSON when its name ends in `.json`, YAML otherwise. YAML reads JSON too, so a
/// `.yaml` file holding JSON, or a flow-style YAML document that starts with `{`, is read either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

impl Format {
    fn of(path: &Path) -> Self {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            Format::Json
        } else {
            Format::Yaml
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        }
    }

    /// The document in `text`, with the positions of its nodes when `with_positions`; the error
    /// is (line, column, message).
    fn parse(self, text: &str, with_positions: bool) -> Result<(Value, yaml::Positions), (usize, usize, String)> {
        match self {
            Format::Json => {
                let value = serde_json::from_str::<Value>(text).map_err(|e| (e.line(), e.column(), e.to_string()))?;
                let positions = if with_positions { json_positions::positions(text) } else { Default::default() };
                Ok((value, positions))
            }
            Format::Yaml => yaml::parse(text, with_positions).map_err(|e| (e.line, e.column, e.message)),
        }
    }

    /// The positions of the nodes of `text`, which parsed before.
    fn positions(self, text: &str) -> yaml::Positions {
        match self {
            Format::Json => json_positions::positions(text),
            Format::Yaml => yaml::parse(text, true).map(|(_, p)| p).unwrap_or_default(),
        }
    }
}

/// Where a subtree of the bundled document came from.
struct Origin {
    /// Pointer of the subtree in the bundled document.
    bundled: String,
    source: usize,
    /// Pointer of the same subtree in its source file.
    original: String,
}

/// Where the node at `pointer` of the bundled document came from: the source file and the node's
/// pointer there. The deepest origin recorded above it decides; without one it is the root file's
/// node at the same pointer.
fn origin_of(origins: &[Origin], pointer: &str) -> (usize, String) {
    origins
        .iter()
        .filter(|o| is_under(pointer, &o.bundled))
        // The last of equally deep origins wins: a node written again was written later.
        .max_by_key(|o| o.bundled.len())
        .map(|o| (o.source, format!("{}{}", o.original, &pointer[o.bundled.len()..])))
        .unwrap_or((0, pointer.to_string()))
}

/// Whether the node at `pointer` is the node at `at` or inside it.
fn is_under(pointer: &str, at: &str) -> bool {
    pointer.strip_prefix(at).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Keeps `origins` true when the node at `pointer` leaves the document: what was recorded in or
/// under it goes.
fn forget_node(origins: &mut Vec<Origin>, pointer: &str) {
    origins.retain(|o| !is_under(&o.bundled, pointer));
}

/// Keeps `origins` true when item `index` of the array at `array` (of `len` items before the
/// removal) leaves the document: each later item moves down one index and keeps pointing where it
/// came from.
fn forget_item(origins: &mut Vec<Origin>, array: &str, index: usize, len: usize) {
    // Where every later item came from, resolved before anything is forgotten.
    let moved: Vec<(usize, String)> = (index + 1..len).map(|i| origin_of(origins, &format!("{array}/{i}"))).collect();
    for i in index..len {
        forget_node(origins, &format!("{array}/{i}"));
    }
    for (offset, (source, original)) in moved.into_iter().enumerate() {
        origins.push(Origin { bundled: format!("{array}/{}", index + offset), source, original });
    }
}

/// The bundled document and what is needed to point back into the files it came from.
pub struct Loaded {
    pub document: Value,
    sources: Vec<Source>,
    origins: Vec<Origin>,
}

impl Loaded {
    /// The path of the root file.
    pub fn root_path(&self) -> &Path {
        &self.sources[0].path
    }

    /// Maps a pointer of the bundled document to a position in a source file, walking up to the
    /// nearest node that has one (a repaired or missing node has no position of its own).
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let (source, original) = origin_of(&self.origins, pointer);
        let src = &self.sources[source];
        let positions = src.positions.get_or_init(|| src.format.positions(&src.text));
        let (line, column) = ancestors(&original).find_map(|at| positions.get(at).copied()).unwrap_or((1, 1));
        Some(Location { file: src.path.clone(), line, column })
    }
}

/// Reads and bundles the spec at `path`. Returns `None` (with errors in `diags`) when the root file
/// cannot be read or parsed at all; unresolvable refs are reported and left in place.
pub fn load(path: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    load_with_overlays(path, &[], diags)
}

/// [`load`], then applies the overlays (OpenAPI Overlay Specification) in the order given, each to
/// the bundled result of the ones before; their diagnostics point into the overlay files.
pub fn load_with_overlays(path: &Path, overlays: &[PathBuf], diags: &mut Diagnostics) -> Option<Loaded> {
    let mut bundler = Bundler {
        sources: Vec::new(),
        by_path: HashMap::new(),
        imported: HashMap::new(),
        taken: HashSet::new(),
        pending: Vec::new(),
        origins: Vec::new(),
    };
    let root = bundler.read(path, diags, "")?;
    let mut document = std::mem::take(&mut bundler.sources[root].value);
    if let Some(components) = document.get("components").and_then(Value::as_object) {
        for (section, items) in components {
            if let Some(items) = items.as_object() {
                for name in items.keys() {
                    bundler.taken.insert((section.clone(), name.clone()));
                }
            }
        }
    }
    bundler.rewrite(&mut document, root, "", diags);
    bundler.sources[root].value = Value::Null;
    for (pointer, value) in std::mem::take(&mut bundler.pending) {
        insert_at(&mut document, &pointer, value);
    }
    for overlay in overlays {
        overlay::apply_file(&mut bundler, &mut document, overlay, diags);
    }
    Some(Loaded { document, sources: bundler.sources, origins: bundler.origins })
}

struct Bundler {
    sources: Vec<Source>,
    by_path: HashMap<PathBuf, usize>,
    /// (source, fragment) → the local ref that now stands for it.
    imported: HashMap<(usize, String), String>,
    /// (components section, name) already used in the bundled document.
    taken: HashSet<(String, String)>,
    /// Imported subtrees waiting to be placed: (pointer in the bundled document, value).
    pending: Vec<(String, Value)>,
    origins: Vec<Origin>,
}

impl Bundler {
    /// Reads and parses a file; `at` is the pointer of the ref that asked for it (for diagnostics).
    fn read(&mut self, path: &Path, diags: &mut Diagnostics, at: &str) -> Option<usize> {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(&i) = self.by_path.get(&key) {
            return Some(i);
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                diags
                    .error(at, format!("cannot read `{}`: {e}", path.display()))
                    .help("check the path; relative refs are resolved against the file that contains them");
                return None;
            }
        };
        let format = Format::of(path);
        match format.parse(&text, false) {
            Ok((value, _)) => {
                let index = self.sources.len();
                self.sources.push(Source { path: path.to_path_buf(), text, value, format, positions: OnceCell::new() });
                self.by_path.insert(key, index);
                Some(index)
            }
            Err((line, column, message)) => {
                let d = diags.error(at, format!("`{}` is not valid {}: {message}", path.display(), format.name()));
                d.location = Some(Location { file: path.to_path_buf(), line, column });
                None
            }
        }
    }

    /// Rewrites every `$ref` inside `node` (which comes from `source`) so that it is local to the
    /// bundled document, importing what it points to from other files.
    fn rewrite(&mut self, node: &mut Value, source: usize, pointer: &str, diags: &mut Diagnostics) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    if let Some(local) = self.localise(&reference, source, pointer, diags) {
                        map.insert("$ref".into(), Value::String(local));
                    }
                }
                for (key, value) in map.iter_mut() {
                    if key != "$ref" {
                        self.rewrite(value, source, &child(pointer, key), diags);
                    }
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter_mut().enumerate() {
                    self.rewrite(value, source, &format!("{pointer}/{i}"), diags);
                }
            }
            _ => {}
        }
    }

    /// The local ref that stands for `reference` as written in `source`.
    fn localise(&mut self, reference: &str, source: usize, at: &str, diags: &mut Diagnostics) -> Option<String> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if file.is_empty() {
            source
        } else {
            let base = self.sources[source].path.parent().map(Path::to_path_buf).unwrap_or_default();
            if file.contains("://") {
                diags
                    .warn(at, format!("remote reference `{reference}` is not followed"))
                    .help("download the document and refer to it by a relative path");
                return None;
            }
            self.read(&base.join(file), diags, &child(at, "$ref"))?
        };
        if target == 0 {
            return Some(format!("#{fragment}"));
        }
        let key = (target, fragment.to_string());
        if let Some(local) = self.imported.get(&key) {
            return Some(local.clone());
        }
        let Some(node) = self.sources[target].value.pointer(fragment).cloned() else {
            diags.error(
                child(at, "$ref"),
                format!("`{reference}` points at nothing in `{}`", self.sources[target].path.display()),
            );
            return None;
        };
        let destination = self.destination(fragment, target);
        let local = format!("#{destination}");
        self.imported.insert(key, local.clone());
        let mut node = node;
        self.rewrite(&mut node, target, &destination, diags);
        self.origins.push(Origin { bundled: destination.clone(), source: target, original: fragment.to_string() });
        self.pending.push((destination, node));
        Some(local)
    }

    /// Where an imported node goes: its own `components` section and name when it has them,
    /// otherwise a schema named after the file; a taken name gets a numeric suffix.
    fn destination(&mut self, fragment: &str, source: usize) -> String {
        let tokens: Vec<&str> = fragment.split('/').skip(1).collect();
        let (section, base) = match tokens.as_slice() {
            ["components", section, name] => (section.to_string(), unescape_token(name)),
            _ => {
                let stem =
                    self.sources[source].path.file_stem().and_then(|s| s.to_str()).unwrap_or("imported").to_string();
                let last = tokens.last().filter(|t| !t.is_empty()).map(|t| t.to_string());
                ("schemas".to_string(), last.unwrap_or(stem))
            }
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&(section.clone(), name.clone())) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert((section.clone(), name.clone()));
        format!("/components/{}/{}", escape_token(&section), escape_token(&name))
    }
}

/// Inserts `value` at `pointer`, creating objects on the way.
fn insert_at(root: &mut Value, pointer: &str, value: Value) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape_token).collect();
    let mut node = root;
    for (i, token) in tokens.iter().enumerate() {
        if !node.is_object() {
            *node = Value::Object(Default::default());
        }
        let Value::Object(map) = node else { return };
        if i + 1 == tokens.len() {
            map.insert(token.clone(), value);
            return;
        }
        node = map.entry(token.clone()).or_insert_with(|| Value::Object(Default::default()));
    }
}
