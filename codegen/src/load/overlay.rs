//! Overlays: reviewable patches applied to the bundled document before it is checked, as the OpenAPI
//! Overlay Specification describes them. Version 1.0 is read, and so is 1.1, which adds primitive
//! targets (so that one item of a list of strings can be removed) and `copy`.
//!
//! Each action selects nodes with an RFC 9535 JSONPath `target`, then merges `update` into each of
//! them or removes them from their parent. Actions apply in order, each to the result of the one
//! before, and overlays apply in the order they are given. Every diagnostic points into the overlay
//! file: `file:line:col` of the action's field, the action's index and description, and its target.
//! Nodes an overlay adds keep their position in the overlay, so a later diagnostic about them points
//! there too.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, LocatedNode};

use super::{forget_item, forget_node, Bundler, Format, Origin, Source};
use crate::diagnostics::{Diagnostic, Diagnostics, ErrorKind, Lint, Location};
use crate::pointer::Pointer;

/// The overlay files of a folder (`*.yaml`, `*.yml`, `*.json`), in the order of their names: the
/// order in which they are meant to apply. A folder that does not exist holds no overlays.
pub fn overlays_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    files_in(dir, &["yaml", "yml", "json"])
}

/// The files of a folder whose extension is one of `extensions` (any case), sorted by name; none
/// when the folder does not exist.
pub fn files_in(dir: &Path, extensions: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let wanted = path.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
        if wanted {
            paths.push(path);
        }
    }
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(paths)
}

/// The feature set an overlay declares with its `overlay` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    /// 1.0: targets are objects and arrays; an update of an array appends one entry.
    V1_0,
    /// 1.1: targets may be primitive values; an array update concatenates; `copy`.
    V1_1,
}

/// The JSON pointer of a node a query selected.
fn pointer(node: &LocatedNode) -> Pointer {
    Pointer::from(node.location().to_json_pointer())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    }
}

fn is_primitive(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// The overlay file being applied: where its diagnostics point.
struct OverlayFile<'a> {
    overlay: &'a Source,
    /// The overlay's index among the bundler's sources.
    source: usize,
    /// Where the bundler keeps what each node of the document came from: the nodes the overlay adds
    /// point back into it.
    origins: &'a mut Vec<Origin>,
}

impl OverlayFile<'_> {
    /// Records that the node at `bundled` in the document came from `original` in the overlay, when
    /// it came from the overlay at all (a copied node did not).
    fn add(&mut self, bundled: Pointer, original: Option<Pointer>) {
        if let Some(original) = original {
            self.origins.push(Origin { bundled, source: self.source, original });
        }
    }

    /// Appends `more` (from `from` in the overlay) to the array `items` at `at` in the document.
    fn extend(&mut self, items: &mut Vec<Value>, more: &[Value], at: &Pointer, from: Option<&Pointer>) {
        for (i, item) in more.iter().enumerate() {
            self.add(at.child(items.len()), from.map(|from| from.child(i)));
            items.push(item.clone());
        }
    }

    /// Where the character `offset` (0-based) of the string scalar at `pointer` is, when it is on
    /// the scalar's first line (the character after the last is a closing quote); otherwise where
    /// the scalar is.
    fn locate_in_string(&self, pointer: &str, offset: usize) -> Location {
        let span = self.overlay.span_of(pointer);
        let scalar = &self.overlay.text[span.clone()];
        let quote = scalar.chars().next().filter(|c| matches!(c, '\'' | '"'));
        let content = span.start + quote.map_or(0, char::len_utf8);
        match written_at(&self.overlay.text[content..span.end], quote, offset) {
            Some(i) => self.overlay.locate_span(content + i..content + i + 1),
            None => self.overlay.locate_span(span),
        }
    }

    fn error<'d>(&self, diags: &'d mut Diagnostics, pointer: &str, message: String) -> &'d mut Diagnostic {
        self.placed(diags.error(ErrorKind::InvalidOverlay, pointer, message))
    }

    fn warn<'d>(&self, diags: &'d mut Diagnostics, lint: Lint, pointer: &str, message: String) -> &'d mut Diagnostic {
        self.placed(diags.warn(lint, pointer, message))
    }

    fn placed<'d>(&self, d: &'d mut Diagnostic) -> &'d mut Diagnostic {
        d.location = Some(self.overlay.locate(&d.pointer));
        d
    }

    /// Parses the JSONPath `expression` found at `pointer`. When it is not one, reports the error
    /// `{what}: {the parser's problem}` at the character where the parser stopped.
    fn jsonpath<'d>(
        &self,
        diags: &'d mut Diagnostics,
        pointer: &str,
        expression: &str,
        what: impl FnOnce() -> String,
    ) -> Result<JsonPath, &'d mut Diagnostic> {
        JsonPath::parse(expression).map_err(|e| {
            let d = diags.error(
                ErrorKind::InvalidOverlay,
                pointer,
                format!("{}: {}", what(), jsonpath_problem(expression, &e)),
            );
            d.location = Some(self.locate_in_string(pointer, char_position(expression, &e)));
            d
        })
    }
}

/// Reads the overlay at `path` and applies it to `document`. Problems are reported in `diags`; an
/// action whose fields or target are wrong changes nothing, and an update that does not fit one of
/// its nodes still merges the rest (the error stops generation anyway).
pub(super) fn apply_file(bundler: &mut Bundler, document: &mut Value, path: &Path, diags: &mut Diagnostics) {
    let text = match super::read_text(path) {
        Ok(t) => t,
        Err(e) => {
            let d =
                diags.error(ErrorKind::Unreadable, "", format!("cannot read the overlay `{}`: {e}", path.display()));
            d.location = Some(Location::new(path, 1, 1));
            d.help("check the path of the overlay");
            return;
        }
    };
    let (format, parsed) = Format::detect(path, &text);
    let overlay = match parsed {
        Ok(parsed) => parsed,
        Err((byte, message)) => {
            let d = diags.error(
                ErrorKind::Syntax,
                "",
                format!("the overlay `{}` is not valid {}: {message}", path.display(), format.name()),
            );
            d.location = Some(Location::in_text(path, &text, byte..byte + 1));
            return;
        }
    };
    let source = bundler.sources.len();
    bundler.sources.push(Source::new(path, text, Value::Null));
    let mut file = OverlayFile { overlay: &bundler.sources[source], source, origins: &mut bundler.origins };
    apply(&mut file, &overlay, document, diags);
}

/// Checks the overlay document and applies its actions in order.
fn apply(file: &mut OverlayFile, overlay: &Value, document: &mut Value, diags: &mut Diagnostics) {
    let name = file.overlay.path.display().to_string();
    let not_an_overlay =
        "an overlay is a document with `overlay: 1.0.0`, an `info` with `title` and `version`, and a list of `actions`";
    let Some(root) = overlay.as_object() else {
        file.error(diags, "", format!("`{name}` is not an overlay: it is {}, not an object", kind(overlay)))
            .help(not_an_overlay);
        return;
    };
    let version = match root.get("overlay") {
        None => {
            let d = file.error(diags, "", format!("`{name}` is not an overlay: it has no `overlay` version"));
            if root.contains_key("openapi") || root.contains_key("swagger") {
                d.help("this is an OpenAPI document; an overlay names the changes to make to one");
            } else {
                d.help(not_an_overlay);
            }
            return;
        }
        Some(Value::String(v)) => {
            let mut parts = v.trim().split('.');
            match (parts.next(), parts.next()) {
                (Some("1"), Some("0")) => Version::V1_0,
                (Some("1"), Some("1")) => Version::V1_1,
                _ => {
                    file.error(diags, "/overlay", format!("overlay version `{v}` is not supported"))
                        .help("the generator reads Overlay Specification 1.0.x and 1.1.x");
                    return;
                }
            }
        }
        Some(other) => {
            file.error(
                diags,
                "/overlay",
                format!("the overlay version must be a string such as `1.0.0`, not {}", kind(other)),
            )
            .help("quote it: `overlay: \"1.0.0\"`");
            return;
        }
    };
    if !matches!(root.get("info"), Some(Value::Object(info)) if info.get("title").is_some_and(Value::is_string) && info.get("version").is_some_and(Value::is_string))
    {
        file.warn(
            diags,
            Lint::OverlayIgnored,
            "/info",
            format!("`{name}` has no `info` with a `title` and a `version`"),
        )
        .help("the Overlay Specification requires them; they say what the overlay is for");
    }
    for key in root.keys() {
        if !matches!(key.as_str(), "overlay" | "info" | "extends" | "actions") && !key.starts_with("x-") {
            file.warn(
                diags,
                Lint::OverlayIgnored,
                &Pointer::root().child(key),
                format!("unknown overlay field `{key}` is ignored"),
            );
        }
    }
    let actions = match root.get("actions") {
        Some(Value::Array(actions)) => actions,
        None => {
            file.error(diags, "", format!("`{name}` is not an overlay: it has no `actions`")).help(not_an_overlay);
            return;
        }
        Some(other) => {
            file.error(diags, "/actions", format!("`actions` must be a list of actions, not {}", kind(other)));
            return;
        }
    };
    if actions.is_empty() {
        file.warn(diags, Lint::OverlayNoEffect, "/actions", format!("`{name}` has no actions; it changes nothing"));
    }
    for (index, action) in actions.iter().enumerate() {
        apply_action(file, version, index, action, document, diags);
    }
}

/// The parts of one action that name it in diagnostics.
struct Action<'a> {
    at: Pointer,
    index: usize,
    description: Option<&'a str>,
    target: &'a str,
}

impl Action<'_> {
    /// `action 2 ("Remove the beta paths"), target `$.paths['/beta']``
    fn label(&self) -> String {
        format!("{}, target `{}`", action_name(self.index, self.description), self.target)
    }

    fn field(&self, name: &str) -> Pointer {
        self.at.child(name)
    }
}

/// `action 2 ("Remove the beta paths")`
fn action_name(index: usize, description: Option<&str>) -> String {
    match description {
        Some(d) => format!("action {index} ({:?})", d.trim()),
        None => format!("action {index}"),
    }
}

fn apply_action(
    file: &mut OverlayFile,
    version: Version,
    index: usize,
    action: &Value,
    document: &mut Value,
    diags: &mut Diagnostics,
) {
    let at = Pointer::root().child("actions").child(index);
    let Some(fields) = action.as_object() else {
        file.error(diags, &at, format!("action {index} must be an object with a `target`, not {}", kind(action)));
        return;
    };
    let description = fields.get("description").and_then(Value::as_str);
    let target = match fields.get("target") {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => {
            file.error(
                diags,
                &at.child("target"),
                format!("action {index}: `target` must be a JSONPath string, not {}", kind(other)),
            );
            return;
        }
        None => {
            file.error(diags, &at, format!("{} has no `target`", action_name(index, description)))
                .help("give a JSONPath that selects the nodes to change, e.g. `$.components.schemas.Pet`");
            return;
        }
    };
    let action = Action { at, index, description, target };
    // `copy` is known to 1.1 only; in a 1.0 overlay it is an error before the list is consulted.
    let known = ["target", "description", "update", "remove", "copy"];
    for key in fields.keys() {
        if key == "copy" && version == Version::V1_0 {
            file.error(diags, &action.field(key), format!("{}: `copy` needs Overlay 1.1", action.label()))
                .help("declare `overlay: 1.1.0`, or write the value out in `update`");
            return;
        }
        if !known.contains(&key.as_str()) && !key.starts_with("x-") {
            file.warn(
                diags,
                Lint::OverlayIgnored,
                &action.field(key),
                format!("{}: unknown field `{key}` is ignored", action.label()),
            );
        }
    }
    let not_jsonpath = || format!("{}: not a valid JSONPath (RFC 9535)", action.label());
    let path = match file.jsonpath(diags, &action.field("target"), target, not_jsonpath) {
        Ok(p) => p,
        Err(d) => {
            d.help("JSONPath starts at the document root `$`; a name that is not a plain identifier goes in brackets, e.g. `$.paths['/pets'].get['x-safe']`");
            return;
        }
    };
    let remove = match fields.get("remove") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(other) => {
            file.error(
                diags,
                &action.field("remove"),
                format!("{}: `remove` must be true or false, not {}", action.label(), kind(other)),
            );
            return;
        }
    };
    let update = fields.get("update");
    let copy = fields.get("copy");

    // The value to merge, and where it is in the overlay (a copied value has no place there).
    let change = if remove {
        for (field, value) in [("update", update), ("copy", copy)] {
            if value.is_some() {
                file.warn(
                    diags,
                    Lint::OverlayNoEffect,
                    &action.field(field),
                    format!("{}: `{field}` has no effect because `remove` is true", action.label()),
                );
            }
        }
        None
    } else if let Some(update) = update {
        if copy.is_some() {
            file.warn(
                diags,
                Lint::OverlayNoEffect,
                &action.field("copy"),
                format!("{}: `copy` has no effect because the action has an `update`", action.label()),
            );
        }
        warn_file_refs(file, &action, update, &action.field("update"), diags);
        Some((Cow::Borrowed(update), Some(action.field("update"))))
    } else if let Some(copy) = copy {
        let Some(value) = copied(file, &action, copy, document, diags) else {
            return;
        };
        Some((Cow::Owned(value), None))
    } else {
        file.warn(
            diags,
            Lint::OverlayNoEffect,
            &action.at,
            format!("{}: the action has neither `update` nor `remove: true`; it changes nothing", action.label()),
        );
        return;
    };

    // The nodes in the order the query gives them, each once (a query may select a node twice).
    let mut matches: Vec<LocatedNode> = Vec::new();
    for node in path.query_located(document) {
        if !matches.iter().any(|m| m.location() == node.location()) {
            matches.push(node);
        }
    }
    if matches.is_empty() {
        file.warn(
            diags,
            Lint::OverlayNoEffect,
            &action.field("target"),
            format!("{}: the target matches nothing; the action changes nothing", action.label()),
        )
        .help("check the target against the document as the earlier actions and overlays left it");
        return;
    }
    if version == Version::V1_0 {
        if let Some(node) = matches.iter().find(|m| is_primitive(m.node())) {
            file.error(diags, &action.field("target"), format!("{}: selects {} at `{}`; Overlay 1.0 actions select objects and arrays only", action.label(), kind(node.node()), pointer(node)))
                .help("select the object or array that contains the value, or declare `overlay: 1.1.0`, which can update and remove primitive values");
            return;
        }
    }

    match change {
        None => {
            // The last ones first, so that the indexes of the others in the same array stay right.
            // Paths of one document always compare (siblings are all names or all indexes).
            matches.sort_by(|a, b| b.location().partial_cmp(a.location()).unwrap_or(std::cmp::Ordering::Equal));
            remove_all(file, &action, matches.iter().map(pointer).collect(), document, diags)
        }
        Some((value, origin)) => {
            let kinds: Vec<&str> =
                matches.iter().map(|m| if is_primitive(m.node()) { "primitive" } else { kind(m.node()) }).collect();
            if kinds.iter().any(|k| *k != kinds[0]) {
                file.error(diags, &action.field("target"), format!("{}: selects nodes of different kinds ({}); an update needs all objects, all arrays or all primitive values", action.label(), kinds.join(", ")));
                return;
            }
            let selected: Vec<Pointer> = matches.iter().map(pointer).collect();
            for at in selected {
                let Some(node) = document.pointer_mut(&at) else {
                    continue;
                };
                update_node(file, &action, version, node, &value, &at, origin.as_ref(), diags);
            }
        }
    }
}

/// The byte of `written`, a scalar's text after its opening `quote`, where its character `offset`
/// (0-based) is written, when that is on its first line: an escape (`\"`, `\u00e9`, or `''` between
/// single quotes) writes one character.
fn written_at(written: &str, quote: Option<char>, offset: usize) -> Option<usize> {
    let mut chars = written.char_indices();
    for _ in 0..offset {
        match (quote, chars.next()?.1) {
            (_, '\n') => return None,
            (Some('"'), '\\') => {
                let digits = match chars.next()?.1 {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                for _ in 0..digits {
                    chars.next();
                }
            }
            (Some('\''), '\'') => {
                chars.next();
            }
            _ => {}
        }
    }
    Some(chars.next().map_or(written.len(), |(i, _)| i))
}

/// What the JSONPath parser says, and where: `parser error at character 25 (`]`)`.
fn jsonpath_problem(expression: &str, error: &serde_json_path::ParseError) -> String {
    let position = char_position(expression, error);
    let rest: String = expression.chars().skip(position).take(20).collect();
    let place =
        if rest.is_empty() { "at the end".to_string() } else { format!("at character {} (`{rest}`)", position + 1) };
    format!("{} {place}", error.message())
}

/// Where in `expression` (in characters, 0-based) the parser stopped: it reports a byte offset.
fn char_position(expression: &str, error: &serde_json_path::ParseError) -> usize {
    expression.get(..error.position()).map_or(error.position(), |before| before.chars().count())
}

/// The one node a `copy` expression selects.
fn copied(
    file: &OverlayFile,
    action: &Action,
    copy: &Value,
    document: &Value,
    diags: &mut Diagnostics,
) -> Option<Value> {
    let at = action.field("copy");
    let Some(expression) = copy.as_str() else {
        file.error(diags, &at, format!("{}: `copy` must be a JSONPath string, not {}", action.label(), kind(copy)));
        return None;
    };
    let not_jsonpath = || format!("{}: `copy` is not a valid JSONPath (RFC 9535)", action.label());
    let path = file.jsonpath(diags, &at, expression, not_jsonpath).ok()?;
    let nodes = path.query(document).all();
    match nodes.as_slice() {
        [one] => Some((*one).clone()),
        _ => {
            file.error(
                diags,
                &at,
                format!(
                    "{}: `copy` `{expression}` selects {} nodes; it must select exactly one",
                    action.label(),
                    nodes.len()
                ),
            );
            None
        }
    }
}

/// Merges `value` into `node` (at `at` in the document) as an update does.
#[allow(clippy::too_many_arguments)]
fn update_node(
    file: &mut OverlayFile,
    action: &Action,
    version: Version,
    node: &mut Value,
    value: &Value,
    at: &Pointer,
    origin: Option<&Pointer>,
    diags: &mut Diagnostics,
) {
    let report_at = origin.cloned().unwrap_or_else(|| action.field("copy"));
    match (node, value) {
        (Value::Object(map), Value::Object(update)) => merge(file, action, map, update, at, origin, diags),
        (Value::Object(_), other) => {
            file.error(diags, &report_at, format!("{}: the target `{at}` is an object, so the update must be an object of properties to merge, not {}", action.label(), kind(other)));
        }
        (Value::Array(items), Value::Array(more)) if version == Version::V1_1 => file.extend(items, more, at, origin),
        (Value::Array(items), entry) => {
            file.add(at.child(items.len()), origin.cloned());
            items.push(entry.clone());
        }
        (primitive, value) if is_primitive(value) => {
            *primitive = value.clone();
            file.add(at.clone(), origin.cloned());
        }
        (primitive, value) => {
            file.error(
                diags,
                &report_at,
                format!(
                    "{}: the target `{at}` is {}, which only a primitive value can replace, not {}",
                    action.label(),
                    kind(primitive),
                    kind(value)
                ),
            );
        }
    }
}

/// The recursive merge of an update object into a target object: new properties are inserted,
/// objects merge, arrays concatenate, primitive values replace primitive values; any other pair is
/// an error.
fn merge(
    file: &mut OverlayFile,
    action: &Action,
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    at: &Pointer,
    origin: Option<&Pointer>,
    diags: &mut Diagnostics,
) {
    for (key, value) in update {
        let here = at.child(key);
        let from = origin.map(|o| o.child(key));
        match (target.get_mut(key), value) {
            (None, _) => {
                target.insert(key.clone(), value.clone());
                file.add(here, from);
            }
            (Some(Value::Object(inner)), Value::Object(update)) => {
                merge(file, action, inner, update, &here, from.as_ref(), diags)
            }
            (Some(Value::Array(items)), Value::Array(more)) => file.extend(items, more, &here, from.as_ref()),
            (Some(existing), _) if is_primitive(existing) && is_primitive(value) => {
                *existing = value.clone();
                file.add(here, from);
            }
            (Some(existing), _) => {
                let report_at = from.unwrap_or_else(|| action.field("copy"));
                file.error(diags, &report_at, format!("{}: cannot merge {} into `{here}`, which is {}", action.label(), kind(value), kind(existing)))
                    .help("an update merges objects into objects, arrays into arrays and primitive values into primitive values; to replace a node, remove it in an earlier action");
            }
        }
    }
}

/// Removes every selected node (the last in the document first) from its parent.
fn remove_all(
    file: &mut OverlayFile,
    action: &Action,
    matches: Vec<Pointer>,
    document: &mut Value,
    diags: &mut Diagnostics,
) {
    for at in matches {
        let (Some(parent), Some(last)) = (at.parent(), at.last()) else {
            file.error(
                diags,
                &action.field("target"),
                format!("{}: the document root cannot be removed", action.label()),
            );
            continue;
        };
        match document.pointer_mut(&parent) {
            Some(Value::Object(map)) => {
                map.shift_remove(&*last);
                forget_node(file.origins, &at);
            }
            Some(Value::Array(items)) => {
                if let Some(i) = last.parse().ok().filter(|i| *i < items.len()) {
                    forget_item(file.origins, &parent, i, items.len());
                    items.remove(i);
                }
            }
            _ => {}
        }
    }
}

/// `$ref`s inside an update are read against the document: only local refs (`#/…`) resolve.
fn warn_file_refs(file: &OverlayFile, action: &Action, value: &Value, at: &Pointer, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(r)) if !r.starts_with('#') => {
                        file.warn(diags, Lint::OverlayIgnored, &at.child(key), format!("{}: the reference `{r}` is not followed; refs in an overlay can only point into the document (`#/…`)", action.label()))
                            .help("add the referenced schema to the document's components in an earlier action and refer to it with `#/components/…`");
                    }
                    _ => warn_file_refs(file, action, inner, &at.child(key), diags),
                }
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                warn_file_refs(file, action, inner, &at.child(i), diags);
            }
        }
        _ => {}
    }
}
