//! Stage 1, load: read the spec (YAML or JSON), follow `$ref`s into other files, and bundle everything
//! into one JSON tree whose refs are all local (`#/...`). Positions are kept so that any later
//! diagnostic can name `file:line:col`.

pub mod modules;
mod overlay;
mod yaml;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostics, ErrorKind, Lint, Location};
use crate::pointer::Pointer;
use crate::site;

pub use overlay::{files_in, overlays_in};
pub use yaml::parse as parse_yaml;

/// One file that was read.
struct Source {
    path: PathBuf,
    text: String,
    value: Value,
    /// Read on first use: only a diagnostic that is reported needs them.
    positions: OnceCell<yaml::Positions>,
    /// Where each line starts (byte offsets), read once: diagnostics quote their line.
    line_starts: OnceCell<Vec<usize>>,
}

impl Source {
    fn new(path: &Path, text: String, value: Value) -> Self {
        Source { path: path.to_path_buf(), text, value, positions: OnceCell::new(), line_starts: OnceCell::new() }
    }

    /// Where the node at `pointer` is written, with the text of its line: the position of its nearest
    /// ancestor that has one (a repaired or missing node has none of its own).
    fn locate(&self, pointer: &str) -> Location {
        self.locate_span(self.span_of(pointer))
    }

    /// The span of the node at `pointer`, or of its nearest ancestor that has one. The document
    /// itself is at the start of the file (its own mark is its first key's, after any comments).
    fn span_of(&self, pointer: &str) -> yaml::Span {
        let positions = self.positions.get_or_init(|| positions(&self.text));
        let pointer = Pointer::from(pointer);
        let found = pointer.ancestors().filter(|at| !at.is_empty()).find_map(|at| positions.get(at).cloned());
        found.unwrap_or(0..0)
    }

    /// Where the bytes `span` are written, with the text of their line.
    fn locate_span(&self, span: yaml::Span) -> Location {
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let line = starts.partition_point(|&start| start <= span.start).max(1);
        Location::on_line(self.path.clone(), &self.text, (line, starts[line - 1]), span)
    }
}

/// How a file is read: by its content ([`Format::detect`]), the name deciding only which parse error
/// is reported for a file that is neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

impl Format {
    /// The format a file's name suggests.
    fn of(path: &Path) -> Self {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            Format::Json
        } else {
            Format::Yaml
        }
    }

    /// How `text` reads: as JSON when it parses as JSON, else as YAML (which reads flow-style YAML
    /// starting with `{` too); when neither parses, the error is that of the format the name suggests.
    fn detect(path: &Path, text: &str) -> Parsed {
        let json = Format::Json.parse(text);
        if json.is_ok() {
            return (Format::Json, json);
        }
        match Format::Yaml.parse(text) {
            Ok(parsed) => (Format::Yaml, Ok(parsed)),
            Err(yaml_error) if Format::of(path) == Format::Yaml => (Format::Yaml, Err(yaml_error)),
            Err(_) => (Format::Json, json),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        }
    }

    /// The document in `text`.
    fn parse(self, text: &str) -> Parse {
        match self {
            Format::Json => {
                serde_json::from_str::<Value>(text).map_err(|e| (byte_at(text, e.line(), e.column()), e.to_string()))
            }
            Format::Yaml => yaml::parse(text, false).map(|(value, _)| value).map_err(|e| (e.byte, e.message)),
        }
    }
}

/// The byte of `text` at the 1-based `line` and `column` counted in bytes (as `serde_json` counts
/// them), at most the end of that line.
fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    start + column.saturating_sub(1).min(text[start..].find('\n').unwrap_or(text.len() - start))
}

/// The positions of the nodes of `text`, which parsed before: JSON is YAML, and positions are read
/// only for what is reported.
fn positions(text: &str) -> yaml::Positions {
    yaml::parse(text, true).map(|(_, positions)| positions).unwrap_or_default()
}

/// Where a subtree of the bundled document came from.
struct Origin {
    /// Pointer of the subtree in the bundled document.
    bundled: Pointer,
    source: usize,
    /// Pointer of the same subtree in its source file.
    original: Pointer,
}

/// Where the node at `pointer` of the bundled document came from: the source file and the node's
/// pointer there. The deepest origin recorded above it decides; without one it is the root file's
/// node at the same pointer.
fn origin_of(origins: &[Origin], pointer: &Pointer) -> (usize, Pointer) {
    origins
        .iter()
        .filter(|o| pointer.is_within(&o.bundled))
        // The last of equally deep origins wins: a node written again was written later.
        .max_by_key(|o| o.bundled.len())
        .and_then(|o| Some((o.source, pointer.rebase(&o.bundled, &o.original)?)))
        .unwrap_or((0, pointer.clone()))
}

/// Keeps `origins` true when the node at `pointer` leaves the document: what was recorded in or
/// under it goes.
fn forget_node(origins: &mut Vec<Origin>, pointer: &Pointer) {
    origins.retain(|o| !o.bundled.is_within(pointer));
}

/// Keeps `origins` true when item `index` of the array at `array` (of `len` items before the
/// removal) leaves the document: each later item moves down one index and keeps pointing where it
/// came from.
fn forget_item(origins: &mut Vec<Origin>, array: &Pointer, index: usize, len: usize) {
    // Where every later item came from, resolved before anything is forgotten.
    let moved: Vec<(usize, Pointer)> = (index + 1..len).map(|i| origin_of(origins, &array.child(i))).collect();
    for i in index..len {
        forget_node(origins, &array.child(i));
    }
    for (offset, (source, original)) in moved.into_iter().enumerate() {
        origins.push(Origin { bundled: array.child(index + offset), source, original });
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
        Some(locate_in(&self.sources, &self.origins, &Pointer::from(pointer)))
    }
}

/// Where the node at `pointer` of the bundled document is written: see [`Loaded::locate`].
fn locate_in(sources: &[Source], origins: &[Origin], pointer: &Pointer) -> Location {
    let (source, original) = origin_of(origins, pointer);
    sources[source].locate(&original)
}

/// Reads and bundles the spec at `path`. Returns `None` (with errors in `diags`) when the root file
/// cannot be read or parsed at all; unresolvable refs are reported and left in place.
pub fn load(path: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    load_with_overlays(path, &[], diags)
}

/// [`load`], then applies the overlays (OpenAPI Overlay Specification) in the order given, each to
/// the bundled result of the ones before; their diagnostics point into the overlay files.
pub fn load_with_overlays(path: &Path, overlays: &[PathBuf], diags: &mut Diagnostics) -> Option<Loaded> {
    let mut bundler = Bundler::default();
    let root = match bundler.read(path, diags, &Pointer::root()) {
        Ok(root) => root,
        Err(Unread::Missing(why)) => {
            diags.error(ErrorKind::Unreadable, "", why).help("check the path of the spec");
            return None;
        }
        Err(Unread::Invalid) => return None,
    };
    // The root file's tree stays as read, for local refs to be looked up in; the document is a copy.
    let mut document = bundler.sources[root].value.clone();
    if let Some(components) = document.get("components").and_then(Value::as_object) {
        for (section, items) in components {
            if let Some(items) = items.as_object() {
                for name in items.keys() {
                    bundler.taken.insert((section.clone(), name.clone()));
                }
            }
        }
    }
    bundler.rewrite(&mut document, root, &Pointer::root(), diags);
    bundler.merge_modules(&mut document, root, diags);
    for (pointer, value) in std::mem::take(&mut bundler.pending) {
        pointer.assign(&mut document, value);
    }
    for source in &mut bundler.sources {
        source.value = Value::Null;
    }
    for overlay in overlays {
        overlay::apply_file(&mut bundler, &mut document, overlay, diags);
    }
    Some(Loaded { document, sources: bundler.sources, origins: bundler.origins })
}

/// The largest spec or overlay file read (the largest public specs are a few MiB).
const MAX_FILE_BYTES: u64 = 64 << 20;

/// The text of `path` and its parse (without positions); the error is the reading's.
fn read_and_parse(path: &Path) -> ReadFile {
    let text = read_text(path).map_err(|e| e.to_string())?;
    let parsed = Format::detect(path, &text);
    Ok((text, parsed))
}

/// Reads a spec or overlay file as UTF-8: only a regular file, and at most [`MAX_FILE_BYTES`], so
/// that a ref to a device (`/dev/zero`), a FIFO or a huge file fails instead of never ending.
pub(crate) fn read_text(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Error::new(ErrorKind::InvalidInput, format!("larger than {} MiB", MAX_FILE_BYTES >> 20)));
    }
    let mut text = String::new();
    // The length may grow after the check: the read stops at the limit, and a file cut there fails
    // to parse rather than being read for ever.
    file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
    Ok(text)
}

#[derive(Default)]
struct Bundler {
    sources: Vec<Source>,
    by_path: HashMap<PathBuf, usize>,
    /// (source, fragment) → the local ref that now stands for it.
    imported: HashMap<(usize, Pointer), String>,
    /// The path items and operations being inlined, innermost last: a ref back to one of them is a cycle.
    inlining: Vec<(usize, Pointer)>,
    /// (components section, name) already used in the bundled document.
    taken: HashSet<(String, String)>,
    /// Imported subtrees waiting to be placed: (pointer in the bundled document, value).
    pending: Vec<(Pointer, Value)>,
    origins: Vec<Origin>,
    /// Nodes of the files read, and nodes added by inlining (see [`INLINED_NODES`]).
    read_nodes: usize,
    inlined_nodes: usize,
    /// The budget was crossed (an error says where): the rest of the document is left as it is.
    over_budget: bool,
    /// Files read and parsed ahead on worker threads (the modules of a root), by canonical path:
    /// `read` takes a file from here before it reads one itself.
    prefetched: HashMap<PathBuf, ReadFile>,
}

/// A document, or the byte where it stops parsing and why.
type Parse = Result<Value, (usize, String)>;

/// A file's text as parsed by [`Format::detect`].
type Parsed = (Format, Parse);

/// A file's text and its parse, or why it could not be read.
type ReadFile = Result<(String, Parsed), String>;

/// Why a file was not read.
enum Unread {
    /// It is not there or cannot be read: why.
    Missing(String),
    /// It is there but does not parse (an error was reported).
    Invalid,
}

/// What a ref stands for once followed.
enum Followed {
    /// A ref local to the bundled document.
    Local(String),
    /// The object itself, to be put where the ref was: (source, pointer there) and the object.
    Inline((usize, Pointer), Value),
    /// Nothing: an error was reported, and the node is left out.
    Refused,
}

/// How many nodes refs resolved by value (and path items and operations inlined) may add in all, at
/// least: like YAML aliases, refs of refs copied by value multiply (see `yaml::ALIAS_EVENTS`). The
/// budget is the larger of this and the nodes of the files read.
const INLINED_NODES: usize = 100_000;

/// The nodes of `value` and its height (1 for a scalar).
fn shape(value: &Value) -> (usize, usize) {
    let children: Box<dyn Iterator<Item = &Value>> = match value {
        Value::Object(map) => Box::new(map.values()),
        Value::Array(items) => Box::new(items.iter()),
        _ => return (1, 1),
    };
    children.map(shape).fold((1, 1), |(nodes, height), (n, h)| (nodes + n, height.max(h + 1)))
}

impl Bundler {
    /// Reads and parses a file; `at` is the pointer of the ref that asked for it (for diagnostics).
    /// A file that is there but does not parse is an error, reported here.
    fn read(&mut self, path: &Path, diags: &mut Diagnostics, at: &Pointer) -> Result<usize, Unread> {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(&i) = self.by_path.get(&key) {
            return Ok(i);
        }
        let (text, (format, parsed)) = match self.prefetched.remove(&key) {
            Some(read) => read,
            None => read_and_parse(path),
        }
        .map_err(|e| Unread::Missing(format!("`{}` cannot be read ({e})", path.display())))?;
        match parsed {
            Ok(value) => {
                self.read_nodes += shape(&value).0;
                let index = self.sources.len();
                self.sources.push(Source::new(path, text, value));
                self.by_path.insert(key, index);
                Ok(index)
            }
            Err((byte, message)) => {
                let d = diags.error(
                    ErrorKind::Syntax,
                    at,
                    format!("`{}` is not valid {}: {message}", path.display(), format.name()),
                );
                d.location = Some(Location::in_text(path, &text, byte..byte + 1));
                Err(Unread::Invalid)
            }
        }
    }

    /// Reads and parses `paths` on the machine's cores, for `read` to take (the modules of a spec
    /// are many files; parsing them is most of loading).
    fn prefetch(&mut self, paths: Vec<PathBuf>) {
        let keys: Vec<(PathBuf, PathBuf)> = paths
            .into_iter()
            .map(|path| (std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()), path))
            .filter(|(key, _)| !self.by_path.contains_key(key) && !self.prefetched.contains_key(key))
            .collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(keys.len().max(1));
        let chunk = keys.len().div_ceil(threads).max(1);
        let read: Vec<(PathBuf, ReadFile)> = std::thread::scope(|scope| {
            let workers: Vec<_> = keys
                .chunks(chunk)
                .map(|files| {
                    scope.spawn(move || {
                        files.iter().map(|(key, path)| (key.clone(), read_and_parse(path))).collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        self.prefetched.extend(read);
    }

    /// Rewrites every `$ref` inside `node` (which comes from `source`, and sits at `pointer` of the
    /// bundled document) so that it is local to the bundled document: what it points to in another
    /// file is imported, a path item or operation is put in its place, and a ref that does not
    /// resolve is replaced by a stand-in with a warning. Returns false when `node` is to be left out.
    fn rewrite(&mut self, node: &mut Value, source: usize, pointer: &Pointer, diags: &mut Diagnostics) -> bool {
        if self.over_budget {
            return true;
        }
        match node {
            Value::Object(map) => {
                let kind = match map.get("$ref") {
                    Some(Value::String(_)) => site::kind_at(pointer),
                    _ => site::Kind::Literal,
                };
                if let (Some(Value::String(reference)), false) = (map.get("$ref"), kind == site::Kind::Literal) {
                    let reference = reference.clone();
                    let first_new = diags.len();
                    let followed = self.follow(&reference, source, pointer, kind, diags);
                    // Located now, before the ref's node is replaced or removed below, and only when
                    // there is something to say about it (positions are read only then).
                    let location = (diags.len() > first_new || followed.is_err())
                        .then(|| locate_in(&self.sources, &self.origins, &pointer.child("$ref")));
                    diags.locate_from(first_new, |_| location.clone());
                    match followed {
                        Ok(Followed::Local(local)) => {
                            map.insert("$ref".into(), Value::String(local));
                        }
                        Ok(Followed::Refused) => return false,
                        Ok(Followed::Inline(target, mut value)) => {
                            // Keys written beside the ref are kept over the target's own.
                            map.remove("$ref");
                            if let Value::Object(inlined) = &mut value {
                                for (k, v) in std::mem::take(map) {
                                    inlined.insert(k, v);
                                }
                            }
                            *node = value;
                            let (from, original) = target.clone();
                            // Recorded before the rewrite, so that what it finds inside is located
                            // in the file it came from (and a ref there, inlined in turn, wins).
                            self.origins.push(Origin { bundled: pointer.clone(), source: from, original });
                            self.inlining.push(target);
                            let keep = self.rewrite(node, from, pointer, diags);
                            self.inlining.pop();
                            return keep;
                        }
                        Err(why) => {
                            map.remove("$ref");
                            let (stand_in, cost) = kind.stand_in(std::mem::take(map));
                            let d = diags.warn(
                                Lint::UnresolvedRef,
                                pointer.child("$ref"),
                                format!("`{reference}` does not resolve: {why}; the {} {cost}", kind.noun()),
                            );
                            d.location = location;
                            d
                                .help("fix the file path or pointer (relative refs are resolved against the file that contains them); `--strict` makes this an error");
                            match stand_in {
                                Some(value) => *node = value,
                                None => return false,
                            }
                        }
                    }
                }
                let Value::Object(map) = node else { return true };
                let mut gone = Vec::new();
                for (key, value) in map.iter_mut() {
                    if key != "$ref" && !self.rewrite(value, source, &pointer.child(key), diags) {
                        gone.push(key.clone());
                    }
                }
                for key in gone {
                    map.shift_remove(&key);
                    forget_node(&mut self.origins, &pointer.child(&key));
                }
            }
            Value::Array(items) => {
                let mut i = 0;
                while i < items.len() {
                    if self.rewrite(&mut items[i], source, &pointer.child(i), diags) {
                        i += 1;
                    } else {
                        forget_item(&mut self.origins, pointer, i, items.len());
                        items.remove(i);
                    }
                }
            }
            _ => {}
        }
        true
    }

    /// What `reference`, written in `source` at `at` where an object of `kind` stands, stands for in
    /// the bundled document; `Err` says why it does not resolve.
    fn follow(
        &mut self,
        reference: &str,
        source: usize,
        at: &Pointer,
        kind: site::Kind,
        diags: &mut Diagnostics,
    ) -> Result<Followed, String> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if file.is_empty() {
            source
        } else if file.contains("://") {
            return Err(
                "remote references are not followed (download the document and refer to it by a relative path)".into(),
            );
        } else {
            let base = self.sources[source].path.parent().map(Path::to_path_buf).unwrap_or_default();
            match self.read(&base.join(file), diags, &at.child("$ref")) {
                Ok(target) => target,
                Err(Unread::Missing(why)) => return Err(why),
                Err(Unread::Invalid) => return Err("the file is not valid (see the error about it)".into()),
            }
        };
        let Some(node) = self.sources[target].value.pointer(fragment) else {
            return Err(format!("`{}` has nothing at `#{fragment}`", self.sources[target].path.display()));
        };
        let key = (target, Pointer::from(fragment));
        if kind == site::Kind::Other {
            // No component can stand here (a map, a list, a value): the target itself is put in.
            if self.inlining.contains(&key) {
                diags
                    .error(ErrorKind::BrokenRef, at.child("$ref"), format!("`{reference}` refers back to a value that contains it: a cycle of references resolved by value never ends"))
                    .help("only component objects (schemas, parameters, responses, …) may refer to themselves");
                return Ok(Followed::Refused);
            }
            return self.inline(key, node.clone(), at, diags);
        }
        if matches!(kind, site::Kind::PathItem | site::Kind::Operation) {
            if self.inlining.contains(&key) {
                return Err(format!("it refers back to the {} that contains it", kind.noun()));
            }
            if kind == site::Kind::Operation {
                diags.warn(
                    Lint::Nonstandard,
                    at.child("$ref"),
                    "an operation given as `$ref` is not OpenAPI 3.0 (only path items may be); it is followed",
                );
            }
            return self.inline(key, node.clone(), at, diags);
        }
        if target == 0 {
            return Ok(Followed::Local(format!("#{fragment}")));
        }
        if let Some(local) = self.imported.get(&key) {
            return Ok(Followed::Local(local.clone()));
        }
        let mut node = node.clone();
        let (destination, taken) = self.destination(&key.1, target, kind);
        if let Some(taken) = taken {
            diags
                .warn(
                    Lint::Rename,
                    at.child("$ref"),
                    format!(
                        "`{reference}` is imported as `#{destination}`: the name `{taken}` is taken by another {}",
                        kind.noun()
                    ),
                )
                .help("give the components different names, or refer to the one already in the document");
        }
        let local = format!("#{destination}");
        // Recorded before the rewrite, so that what it finds inside is located in the file it came from.
        self.origins.push(Origin { bundled: destination.clone(), source: target, original: key.1.clone() });
        self.imported.insert(key, local.clone());
        if self.rewrite(&mut node, target, &destination, diags) {
            self.pending.push((destination, node));
        } else {
            forget_node(&mut self.origins, &destination);
        }
        Ok(Followed::Local(local))
    }

    /// `value`, from `key`, to be put at `at` in place of a ref, if the budget of inlined nodes and the
    /// bound on nesting allow it; otherwise an error, and nothing.
    fn inline(
        &mut self,
        key: (usize, Pointer),
        value: Value,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) -> Result<Followed, String> {
        let budget = INLINED_NODES.max(self.read_nodes);
        let (nodes, height) = shape(&value);
        self.inlined_nodes = self.inlined_nodes.saturating_add(nodes);
        let depth = at.depth();
        let why = if self.inlined_nodes > budget {
            self.over_budget = true;
            format!("resolving refs by value adds more than {budget} nodes (refs of refs copied by value multiply)")
        } else if depth + height > yaml::MAX_DEPTH + 1 {
            format!("resolved by value, it nests deeper than {} levels", yaml::MAX_DEPTH)
        } else {
            return Ok(Followed::Inline(key, value));
        };
        diags
            .error(ErrorKind::BrokenRef, at.child("$ref"), why)
            .help("refer to components instead of copying values into place");
        Ok(Followed::Refused)
    }

    /// Where an imported node goes: its own `components` section and name when it has them,
    /// otherwise the section of the kind of object the ref stands for (schemas when it has none),
    /// named after the last token of the pointer or the file; a taken name gets a numeric suffix
    /// (and is returned with it: the name that was taken).
    fn destination(&mut self, fragment: &Pointer, source: usize, kind: site::Kind) -> (Pointer, Option<String>) {
        let tokens: Vec<_> = fragment.tokens().collect();
        let (section, base) = match tokens.as_slice() {
            [components, section, name] if components == "components" => (section.to_string(), name.to_string()),
            _ => {
                let stem =
                    self.sources[source].path.file_stem().and_then(|s| s.to_str()).unwrap_or("imported").to_string();
                let last = tokens.last().filter(|t| !t.is_empty()).map(|t| t.to_string());
                (kind.section().unwrap_or("schemas").to_string(), last.unwrap_or(stem))
            }
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&(section.clone(), name.clone())) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert((section.clone(), name.clone()));
        let taken = (name != base).then_some(base);
        (Pointer::root().child("components").child(section).child(name), taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parse_error_is_at_the_byte_its_line_and_column_name() {
        let text = "{\n  \"é\": x\n";
        let (byte, _) = Format::Json.parse(text).unwrap_err();
        assert_eq!(&text[byte..byte + 1], "x");
        // A column past the end of its line is the end of the line; a line past the end of the
        // text, the end of the text.
        assert_eq!(byte_at(text, 2, 40), text.len() - 1);
        assert_eq!(byte_at(text, 9, 1), text.len());
    }
}
