//! Diagnostics: every problem the generator finds, with where it is and what to do.
//!
//! No stage panics or stops at the first problem: each pushes a [`Diagnostic`] and goes on, and the
//! caller decides at the end whether any error makes the output unusable.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{normalize_untrusted_str, AnnotationKind, Level, Renderer, Snippet};
use strum::{Display, EnumMessage, IntoStaticStr, VariantArray};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The generator repaired or skipped something; the output is still usable.
    Warning,
    /// The output cannot be produced.
    Error,
}

/// The stable name and the meaning of a kind of diagnostic: its variant's name in kebab case, and
/// its variant's doc comment (one line, as the README's tables show it).
pub trait Named: Copy + Into<&'static str> + EnumMessage + VariantArray + 'static {
    /// Every one, in the order of their definition.
    fn all() -> &'static [Self] {
        Self::VARIANTS
    }

    /// The stable name (`unresolved-ref`).
    fn as_str(self) -> &'static str {
        self.into()
    }

    /// What a diagnostic of this kind means, in one line.
    fn doc(self) -> &'static str {
        self.get_documentation().unwrap_or_default()
    }
}

/// The name of a kind of warning: shown with it (`warning[rename]: …`), and what `--allow` and
/// `--deny` take. Every warning has one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Display, IntoStaticStr, VariantArray, EnumMessage,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Lint {
    /// A `$ref` does not resolve (no such file or pointer, a remote URL, a target of the wrong kind): what it stood for is replaced by a stand-in or left out.
    UnresolvedRef,
    /// A construct the generator cannot type (`not`, an `allOf` of non-objects, an unknown `type`, a parameter or header without a schema) is typed as any JSON value.
    AnyJson,
    /// A name is changed: a Rust name to keep names unique or short, or an imported component whose name is taken.
    Rename,
    /// A parameter or form field is sent in another form than the spec asks (as JSON text, or without its content type).
    UnsupportedStyle,
    /// A parameter the client cannot send (a cookie parameter) is left out.
    UnsupportedParameter,
    /// A security scheme the client cannot send (an http scheme other than bearer and basic, a requirement naming no usable scheme) is left out.
    UnsupportedSecurity,
    /// A request or response body is sent or read in a simpler form than documented (bytes or text), or left out.
    UnsupportedBody,
    /// An operation has no `operationId`: its method name is made from its method and path.
    MissingOperationId,
    /// A variable of a path template has no path parameter: a string one is added, or the operation is skipped.
    UndeclaredPathVariable,
    /// Malformed input was repaired (a missing `info`, a value of the wrong type ignored, a path parameter not marked required, schema keywords beside `schema`, a duplicate enum value, an undeclared required property).
    Repair,
    /// An `x-` extension of this generator (`x-pagination`, `x-envelope`, `x-enum-descriptions`, `x-rate-limit-headers`, `x-module`) is malformed or misplaced, and is ignored (an operation whose `x-module` names no module of `x-modules` belongs to none).
    InvalidExtension,
    /// A construct the document's OpenAPI version does not define (an operation given as `$ref`, 3.0 syntax in a 3.1 document) is read with its usual meaning.
    Nonstandard,
    /// The document's OpenAPI version is newer than this generator knows; it is read as 3.1.
    OpenapiVersion,
    /// An OpenAPI 3.1 construct with no 3.0 equivalent (`prefixItems`, `patternProperties`, `mutualTLS`, a dialect, keywords the types cannot carry) is approximated or dropped.
    LossyConversion,
    /// Keys written beside a `$ref` are not kept: a Reference Object has only `$ref`.
    RefSiblings,
    /// A webhook is skipped, or part of it: only a `post` with a JSON request body becomes a typed event.
    Webhook,
    /// A webhook's payload has no event type to key it by (a `type` property with one value): it is typed but received as an unknown event, or keyed by the webhook's name when its `type` allows any string.
    WebhookEventType,
    /// The server URL is not absolute: the client has no default base URL.
    RelativeServer,
    /// An overlay action changes nothing (its target matches nothing, it has neither `update` nor `remove`, an `update` or `copy` beside what wins over it, no actions at all).
    OverlayNoEffect,
    /// Part of an overlay is ignored: an unknown field, a `$ref` to another file, a missing `info`.
    OverlayIgnored,
}

impl Named for Lint {}

/// The name of a kind of error: shown with it (`error[broken-ref]: …`). An error cannot be
/// allowed; a warning made an error by `--deny` or `--strict` keeps its [`Lint`] instead.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Display, IntoStaticStr, VariantArray, EnumMessage,
)]
#[strum(serialize_all = "kebab-case")]
pub enum ErrorKind {
    /// A file (the spec, a file a `$ref` names, an overlay) cannot be read.
    Unreadable,
    /// A file is not valid JSON or YAML, or goes past the input budget (aliases copied, nesting depth).
    Syntax,
    /// The document is not one a client can be generated from: not an object, not OpenAPI 3.0 or 3.1, no `paths`, or a part of it of the wrong shape.
    NotOpenapi,
    /// A `$ref` that must resolve does not: it points at nothing, it is part of a cycle that never reaches a definition, or it copies a value into itself.
    BrokenRef,
    /// Two operations have the same `operationId`.
    DuplicateOperationId,
    /// An API module (`x-modules`) cannot be merged: its entry is not a file, it names the root, its `paths` is not an object, or it defines an operation the document already has.
    InvalidModule,
    /// An overlay cannot be applied: it is not an overlay, its version is not supported, or an action is malformed or does not fit what it selects.
    InvalidOverlay,
    /// A reviewed list of accepted warnings does not match the warnings: an entry accepts more or fewer than occur.
    StaleAcceptance,
    /// The generator made code it cannot format: a bug of the generator, to report with the spec.
    GeneratorBug,
}

impl Named for ErrorKind {}

impl std::str::FromStr for Lint {
    type Err = String;

    /// A lint by its name.
    fn from_str(name: &str) -> Result<Self, String> {
        Lint::all().iter().copied().find(|l| l.as_str() == name).ok_or_else(|| {
            let names: Vec<&str> = Lint::all().iter().map(|l| l.as_str()).collect();
            format!("unknown lint `{name}` (the lints: {})", names.join(", "))
        })
    }
}

/// What to do with the warnings of a lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintLevel {
    /// Dropped: not shown, and never an error.
    Allow,
    /// Shown; an error only under [`LintLevels::deny_warnings`].
    Warn,
    /// An error: nothing is generated.
    Deny,
}

/// The level of each lint, as `--allow LINT`, `--deny LINT` and `--strict` set them. A lint's own
/// level wins over `deny_warnings`: `--strict --allow rename` fails on every warning but renames.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintLevels {
    levels: BTreeMap<Lint, LintLevel>,
    /// Every warning whose lint has no level of its own is an error (`--strict`).
    pub deny_warnings: bool,
}

impl LintLevels {
    pub fn set(&mut self, lint: Lint, level: LintLevel) -> &mut Self {
        self.levels.insert(lint, level);
        self
    }

    pub fn allow(&mut self, lint: Lint) -> &mut Self {
        self.set(lint, LintLevel::Allow)
    }

    pub fn deny(&mut self, lint: Lint) -> &mut Self {
        self.set(lint, LintLevel::Deny)
    }

    /// The level warnings of `lint` get.
    pub fn level(&self, lint: Lint) -> LintLevel {
        match self.levels.get(&lint) {
            Some(&level) => level,
            None if self.deny_warnings => LintLevel::Deny,
            None => LintLevel::Warn,
        }
    }
}

/// The most characters of a source line a [`Location`] keeps: a longer line (a minified JSON spec is
/// one line, which the renderer would read whole for each diagnostic) is kept only around the column.
pub const MAX_SOURCE_LINE: usize = 200;

/// How many characters before the column a cut line keeps (the rest of [`MAX_SOURCE_LINE`] follows it).
const KEPT_BEFORE: usize = 60;

/// A position in a source file, 1-based; the column is counted in characters (not bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The text of line `line`, without its line break, when known: shown under the message with a
    /// caret under the column. A line longer than [`MAX_SOURCE_LINE`] characters is kept only around
    /// the column, from its character `source_offset` on.
    pub source_line: Option<String>,
    /// How many characters of the line come before `source_line` (0 unless the line was cut).
    pub source_offset: usize,
    /// How many characters from the column the caret covers (at least 1): the node there, on this
    /// line.
    pub span: usize,
}

impl Location {
    /// A position whose line is not known.
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location { file: file.into(), line, column, source_line: None, source_offset: 0, span: 1 }
    }

    /// Where the bytes `span` of `text`, the whole text of `file`, are written (see
    /// [`Location::on_line`]).
    pub fn in_text(file: impl Into<PathBuf>, text: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..line_start].matches('\n').count() + 1;
        Location::on_line(file, text, (line, line_start), span)
    }

    /// Where the bytes `span` of `text`, the whole text of `file`, are written, when they start on
    /// `line`, whose first byte is `line_start`: the column of the span's first character, and as its
    /// span the characters that follow on that line, without the blanks that end them (at least 1).
    pub fn on_line(file: impl Into<PathBuf>, text: &str, line: (usize, usize), span: Range<usize>) -> Self {
        let (line, line_start) = line;
        let text = text.get(line_start..).unwrap_or_default().split('\n').next().unwrap_or_default();
        let text = text.strip_suffix('\r').unwrap_or(text);
        // Where the span is on the line; a span that ends before it starts covers nothing.
        let start = floor_char_boundary(text, span.start.saturating_sub(line_start));
        let end = floor_char_boundary(text, span.end.saturating_sub(line_start).max(start));
        let column = text[..start].chars().count() + 1;
        let (offset, kept) = around(text, column);
        let length = text[start..end].chars().count();
        let covered = kept.chars().skip(column - 1 - offset).take(length).collect::<String>();
        Location {
            source_line: Some(kept.to_string()),
            source_offset: offset,
            span: covered.trim_end().chars().count().max(1),
            ..Location::new(file, line, column)
        }
    }
}

/// The largest char boundary of `text` at or before `byte` (at most the end of the text):
/// `str::floor_char_boundary`, which is newer than our minimum Rust.
fn floor_char_boundary(text: &str, byte: usize) -> usize {
    (0..=byte.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

/// The part of `line` kept for a position at `column`: the number of characters cut before it, and
/// the part.
fn around(line: &str, column: usize) -> (usize, &str) {
    // A line of no more bytes than that has no more characters either.
    if line.len() <= MAX_SOURCE_LINE {
        return (0, line);
    }
    // A column past the end of the line keeps the end of the line.
    let last_start = line.chars().count().saturating_sub(MAX_SOURCE_LINE);
    let start = column.saturating_sub(1).saturating_sub(KEPT_BEFORE).min(last_start);
    let from = line.char_indices().nth(start).map_or(line.len(), |(i, _)| i);
    let to = from + line[from..].char_indices().nth(MAX_SOURCE_LINE).map_or(line.len() - from, |(i, _)| i);
    (start, &line[from..to])
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of warning (a warning made an error keeps it); `None` for errors.
    pub lint: Option<Lint>,
    /// The kind of error; `None` for warnings (and warnings made errors).
    pub error: Option<ErrorKind>,
    /// Where in the source text, when it is known.
    pub location: Option<Location>,
    /// The JSON pointer of the offending node in the (bundled) document, e.g. `/paths/~1pets/get`.
    pub pointer: String,
    /// What is wrong, and what the generator did about it.
    pub message: String,
    /// What the author of the spec can do.
    pub help: Option<String>,
}

impl Diagnostic {
    fn new(severity: Severity, pointer: String, message: String) -> Self {
        Diagnostic { severity, lint: None, error: None, location: None, pointer, message, help: None }
    }

    /// The stable name shown in brackets: the lint of a warning, the kind of an error.
    pub fn name(&self) -> Option<&'static str> {
        self.lint.map(Lint::as_str).or(self.error.map(ErrorKind::as_str))
    }

    /// The pointer as shown.
    fn shown_pointer(&self) -> &str {
        if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        }
    }

    /// The diagnostic as rustc shows one: the message, `--> file:line:col`, the source line with a
    /// caret under the span, then the pointer and the help; `None` without the source line.
    fn snippet(&self) -> Option<String> {
        let location = self.location.as_ref()?;
        // One line, whatever the public field was given.
        let kept = location.source_line.as_deref()?.split('\n').next().unwrap_or_default();
        if location.line == 0 {
            return None;
        }
        // What is shown of the line: `...` first when its start was cut.
        let cut = if location.source_offset > 0 { "..." } else { "" };
        let source = format!("{cut}{kept}");
        let chars = kept.chars().count();
        let at = location.column.saturating_sub(1).saturating_sub(location.source_offset).min(chars);
        let len = location.span.max(1).min(chars - at);
        let byte = |chars: usize| cut.len() + kept.char_indices().nth(chars).map_or(kept.len(), |(i, _)| i);
        let span = byte(at)..byte(at + len);

        let level = match self.severity {
            Severity::Warning => Level::WARNING,
            Severity::Error => Level::ERROR,
        };
        let path = location.file.display().to_string();
        let mut title = level.primary_title(self.message.as_str());
        if let Some(name) = self.name() {
            title = title.id(name);
        }
        let mut group = title.element(
            Snippet::source(source.as_str())
                .line_start(location.line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(span)),
        );
        group = group.element(Level::NOTE.message(normalize_untrusted_str(&format!("at {}", self.shown_pointer()))));
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(normalize_untrusted_str(help)));
        }
        let mut out = Renderer::plain().render(&[group]);
        // The renderer counts the column from the start of what it was given, with no offset; the
        // real one may differ (a cut line, a column past its end; ARCHITECTURE.md says why we cut).
        // Its `--> file:line:col` line is the one followed by the gutter alone (the message above may
        // hold anything).
        let shown = format!(":{}:{}", location.line, cut.chars().count() + at + 1);
        let mut start = 0;
        let mut lines = out.split('\n').peekable();
        while let Some(line) = lines.next() {
            let end = start + line.len();
            if line.trim_start().starts_with("--> ")
                && line.ends_with(&shown)
                && lines.peek().is_some_and(|next| next.trim() == "|")
            {
                out.replace_range(end - shown.len()..end, &format!(":{}:{}", location.line, location.column));
                break;
            }
            start = end + 1;
        }
        Some(out)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(snippet) = self.snippet() {
            return f.write_str(&snippet);
        }
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.name() {
            Some(name) => write!(f, "{severity}[{name}]: ")?,
            None => write!(f, "{severity}: ")?,
        }
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.file.display(), loc.line, loc.column)?;
        }
        write!(f, "at {}: {}", self.shown_pointer(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// An entry of a reviewed list of warnings a spec is accepted with ([`Diagnostics::accept`]): so
/// many warnings of one lint with one message, and why they stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedWarning {
    pub lint: Lint,
    /// The warning's message, exactly as shown.
    pub message: String,
    /// How many such warnings the spec gives.
    pub count: usize,
    /// Why they are accepted (for the reviewer; not matched).
    pub why: String,
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// A warning of `lint` about the node at `pointer`.
    pub fn warn(&mut self, lint: Lint, pointer: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic { lint: Some(lint), ..Diagnostic::new(Severity::Warning, pointer.into(), message.into()) })
    }

    /// An error of `kind` about the node at `pointer`: nothing is generated.
    pub fn error(
        &mut self,
        kind: ErrorKind,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic { error: Some(kind), ..Diagnostic::new(Severity::Error, pointer.into(), message.into()) })
    }

    fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        self.items.push(diagnostic);
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Gives each warning the level of its lint: dropped, kept, or made an error.
    pub fn apply(&mut self, levels: &LintLevels) {
        self.items.retain_mut(|d| match (d.severity, d.lint.map(|lint| levels.level(lint))) {
            (Severity::Warning, Some(LintLevel::Allow)) => false,
            (Severity::Warning, Some(LintLevel::Deny)) => {
                d.severity = Severity::Error;
                true
            }
            _ => true,
        });
    }

    /// Drops the warnings a reviewed list accepts (each entry: `count` warnings of its lint with its
    /// message, exactly). An entry that matches a different number of warnings is an error
    /// (`stale-acceptance`): fewer, and the list accepts what no longer happens; more, and the
    /// extra ones stay, as warnings, beside that error.
    pub fn accept(&mut self, accepted: &[AcceptedWarning]) {
        let mut stale = Vec::new();
        for entry in accepted {
            let matches = |d: &Diagnostic| {
                d.severity == Severity::Warning && d.lint == Some(entry.lint) && d.message == entry.message
            };
            let found = self.items.iter().filter(|d| matches(d)).count();
            let mut dropped = 0;
            self.items.retain(|d| {
                let drop = dropped < entry.count && matches(d);
                dropped += usize::from(drop);
                !drop
            });
            if found != entry.count {
                stale.push((entry, found));
            }
        }
        for (entry, found) in stale {
            self.error(
                ErrorKind::StaleAcceptance,
                "",
                format!(
                    "{} accepted warning(s) of `{}` \"{}\", but {found} occur",
                    entry.count, entry.lint, entry.message
                ),
            )
            .help("review the list of accepted warnings: set the count, or fix what changed");
        }
    }

    /// The diagnostics of `lint`, in order.
    pub fn of(&self, lint: Lint) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(move |d| d.lint == Some(lint))
    }

    /// The diagnostic of `lint` about the node at `pointer`, if any.
    pub fn find(&self, lint: Lint, pointer: &str) -> Option<&Diagnostic> {
        self.of(lint).find(|d| d.pointer == pointer)
    }

    /// The lints of the warnings (and of the warnings made errors), in order: what tests compare.
    pub fn lints(&self) -> Vec<Lint> {
        self.items.iter().filter_map(|d| d.lint).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Fills in `location` for every diagnostic that has none, from the pointer.
    pub fn locate(&mut self, find: impl Fn(&str) -> Option<Location>) {
        self.locate_from(0, find);
    }

    /// [`Diagnostics::locate`] for the diagnostics from index `first` on.
    pub fn locate_from(&mut self, first: usize, find: impl Fn(&str) -> Option<Location>) {
        for d in self.items.iter_mut().skip(first) {
            if d.location.is_none() {
                d.location = find(&d.pointer);
            }
        }
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl Diagnostic {
    /// Adds advice for the spec's author.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
            // A diagnostic shown with its source line ends with a blank line, as rustc's do.
            if d.location.as_ref().is_some_and(|l| l.source_line.is_some()) {
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(location: Option<Location>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            lint: Some(Lint::MissingOperationId),
            error: None,
            location,
            pointer: "/paths/~1x/get/operationId".into(),
            message: "no `operationId`; using `get_x`".into(),
            help: Some("give every operation an `operationId`".into()),
        }
    }

    /// The first caret of `rendered`, in columns from the start of the source text.
    fn caret(rendered: &str) -> usize {
        let line = rendered.lines().find(|l| l.contains('^')).expect("a caret");
        line.find('^').unwrap() - (line.find('|').unwrap() + 2)
    }

    #[test]
    fn without_a_location_the_diagnostic_is_one_line_with_the_pointer_and_the_help() {
        let mut d = warning(None);
        assert_eq!(
            d.to_string(),
            "warning[missing-operation-id]: at /paths/~1x/get/operationId: no `operationId`; using `get_x`\n  \
             help: give every operation an `operationId`"
        );
        d.severity = Severity::Error;
        d.lint = None;
        d.pointer.clear();
        d.help = None;
        assert_eq!(d.to_string(), "error: at (document root): no `operationId`; using `get_x`");
        d.error = Some(ErrorKind::DuplicateOperationId);
        assert_eq!(
            d.to_string(),
            "error[duplicate-operation-id]: at (document root): no `operationId`; using `get_x`",
            "an error shows its kind as a warning shows its lint"
        );
    }

    #[test]
    fn without_the_source_line_the_location_is_on_the_one_line() {
        let d = warning(Some(Location::new("spec/api.yaml", 3, 7)));
        assert_eq!(
            d.to_string(),
            "warning[missing-operation-id]: spec/api.yaml:3:7: at /paths/~1x/get/operationId: no `operationId`; using `get_x`\n  \
             help: give every operation an `operationId`"
        );
    }

    #[test]
    fn with_the_source_line_the_diagnostic_is_rendered_as_rustc_does() {
        let text = "paths:\n  /x:\n    get:\n      summary: x\n";
        let at = text.find("summary").unwrap();
        let d = warning(Some(Location::in_text("spec/api.yaml", text, at..at + "summary".len())));
        assert_eq!(d.location.as_ref().unwrap().source_line.as_deref(), Some("      summary: x"));
        assert_eq!(
            d.to_string(),
            "\
warning[missing-operation-id]: no `operationId`; using `get_x`
 --> spec/api.yaml:4:7
  |
4 |       summary: x
  |       ^^^^^^^
  |
  = note: at /paths/~1x/get/operationId
  = help: give every operation an `operationId`"
        );
        let mut diags = Diagnostics::default();
        diags.items.push(d.clone());
        diags.items.push(warning(None));
        assert_eq!(diags.to_string(), format!("{d}\n\n{}\n", warning(None)));
    }

    #[test]
    fn a_span_covers_the_node_on_its_first_line() {
        let text = "a: \"x y\"  \nb: {c: 1,\n  d: 2}   \n";
        let span = |bytes: Range<usize>| Location::in_text("f", text, bytes).span;
        assert_eq!(span(3..8), 5);
        // Blanks after the node are not part of it, whatever end the caller gives.
        assert_eq!(span(3..10), 5);
        // A node that goes on to the next line: the rest of its first line, without the blanks.
        assert_eq!(span(14..28), "{c: 1,".len());
        // An empty node, or one that ends before its start: one character.
        assert_eq!(span(3..3), 1);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = [3..1, 14..2];
        for bytes in backwards {
            assert_eq!(span(bytes), 1);
        }
        // At the end of its line, or without its line: one character.
        assert_eq!(span(10..11), 1);
        assert_eq!(Location::new("f", 1, 1).span, 1);
    }

    #[test]
    fn hostile_positions_and_lines_never_panic_and_keep_the_real_column() {
        let text = "a: 1\r\n\tb:\t\"é\"\n";
        // A Windows line break is not part of the line.
        assert_eq!(Location::in_text("f", text, 0..1).source_line.as_deref(), Some("a: 1"));
        // At the line's break: the caret goes just after the line.
        let d = warning(Some(Location::in_text("f", text, 4..5)));
        let rendered = d.to_string();
        assert!(rendered.contains("--> f:1:5\n"), "{rendered}");
        assert_eq!(caret(&rendered), 4, "{rendered}");
        // Tabs are shown as four spaces, the caret moved with them.
        let d = warning(Some(Location::in_text("f", text, 10..14)));
        let rendered = d.to_string();
        assert!(rendered.contains("--> f:2:5\n"), "{rendered}");
        assert!(rendered.contains("|     b:    \"é\""), "{rendered}");
        assert_eq!(caret(&rendered), 10, "{rendered}");
        assert!(rendered.contains("^^^\n"), "{rendered}");
        // Columns 0 and lines 0 (not 1-based), set by hand, are shown without a snippet or clamped,
        // never a panic; so are spans past the end of the text.
        let by_hand = |line, column| Location { line, column, ..Location::in_text("f", text, 0..1) };
        let _ = warning(Some(by_hand(0, 0))).to_string();
        let rendered = warning(Some(by_hand(1, 0))).to_string();
        assert_eq!(caret(&rendered), 0, "{rendered}");
        let _ = warning(Some(Location::in_text("f", "", 5..9))).to_string();
        // Odd characters anywhere: control characters, a lone carriage return, a line break inside
        // (the fields are public), combining marks, emoji, bidirectional overrides, a message that
        // looks like the location line.
        let odd = [
            "\u{0}\u{7}\u{1b}[31m",
            "a\rb",
            "a\nb\nc",
            "e\u{301}\u{301}x",
            "👩‍👩‍👧 x",
            "\u{202e}abc\u{202c}",
            "#",
            "'",
            "\"",
        ];
        for text in odd {
            for byte in 0..=text.len() + 2 {
                let mut d = warning(Some(Location::on_line("f", text, (3, 0), byte..byte + 1)));
                let column = d.location.as_ref().unwrap().column;
                d.message = format!("--> f:3:{column}\n  |\n{text}");
                let rendered = d.to_string();
                assert!(rendered.contains(&format!("--> f:3:{column}\n  |\n")), "{rendered}");
            }
        }
        let mut location = Location::new("f", 3, 3);
        location.source_line = Some("a\nb\nc".into());
        let rendered = warning(Some(location)).to_string();
        assert!(rendered.contains("--> f:3:3\n  |\n3 | a\n"), "{rendered}");
        // Any offset and column a caller may set by hand.
        for offset in [0, 1, 3, 100] {
            for column in [0, 1, 2, 4, 5, 50] {
                let mut location = Location::in_text("f", "x: \"日本\"", 0..1);
                location.source_offset = offset;
                location.column = column;
                let _ = warning(Some(location)).to_string();
            }
        }
    }

    #[test]
    fn a_long_line_is_kept_only_around_the_column() {
        let line = format!("{}\"bad\"{}", "é".repeat(500_000), ",x".repeat(500_000));
        let column = 500_001;
        let location = Location::in_text("min.json", &line, 1_000_000..1_000_005);
        assert_eq!(location.column, column);
        let kept = location.source_line.as_deref().unwrap();
        assert_eq!(kept.chars().count(), MAX_SOURCE_LINE);
        assert_eq!(location.source_offset, column - 1 - KEPT_BEFORE);
        assert!(kept[KEPT_BEFORE * 2..].starts_with("\"bad\""), "{kept}");
        assert_eq!(location.span, 5);
        let rendered = warning(Some(location)).to_string();
        assert!(rendered.contains(&format!("--> min.json:1:{column}\n")), "{rendered}");
        assert!(rendered.len() < 1_000, "{rendered}");
        let shown = rendered.lines().find(|l| l.starts_with("1 |")).unwrap();
        let carets = rendered.lines().find(|l| l.contains('^')).unwrap();
        let at = carets.find('^').unwrap();
        assert_eq!(&shown.chars().skip(at).take(5).collect::<String>(), "\"bad\"", "{rendered}");
        // The end of a long line keeps the end of the line, the caret just after it.
        let line = "x".repeat(1_000);
        let location = Location::in_text("min.json", &line, 1_000..1_000);
        assert_eq!((location.source_offset, location.source_line.as_deref()), (800, Some(&line[800..])));
        let rendered = warning(Some(location)).to_string();
        assert!(rendered.contains("--> min.json:1:1001\n"), "{rendered}");
        let shown = rendered.lines().find(|l| l.starts_with("1 |")).unwrap();
        assert!(shown.ends_with("xxx"), "{rendered}");
        assert_eq!(caret(&rendered), shown.len() - "1 | ".len(), "{rendered}");
        // A string longer than what is kept is underlined as far as it is kept.
        let line = format!("\"{}\"", "y".repeat(10_000));
        let location = Location::in_text("min.json", &line, 0..10_002);
        assert_eq!(location.span, MAX_SOURCE_LINE);
        let rendered = warning(Some(location)).to_string();
        let carets = rendered.lines().find(|l| l.contains('^')).unwrap();
        assert!(carets.ends_with(&"^".repeat(20)), "{rendered}");
    }

    #[test]
    fn bytes_are_converted_to_lines_and_character_columns() {
        let text = "{\n  \"é\": x\n";
        let at = |byte| {
            let location = Location::in_text("f", text, byte..byte + 1);
            (location.line, location.column)
        };
        // The `x` is byte 10 of the text, byte 8 of line 2, character 8.
        assert_eq!(at(10), (2, 8));
        // Inside a character: the character's column.
        assert_eq!(at(6), (2, 4));
        assert_eq!(at(2), (2, 1));
        // Past the end of the text: the end of the text.
        assert_eq!(at(100), (3, 1));
    }

    #[test]
    fn lint_names_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &lint in Lint::all() {
            let name = lint.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{name}");
            assert_eq!(name.parse::<Lint>(), Ok(lint));
            assert!(!lint.doc().is_empty() && !lint.doc().contains('\n'), "{name}");
        }
        let err = "renames".parse::<Lint>().unwrap_err();
        assert!(err.contains("unknown lint `renames`") && err.contains("rename,"), "{err}");
    }

    #[test]
    fn a_lint_level_drops_keeps_or_denies_its_warnings_and_wins_over_deny_warnings() {
        let diags = || {
            let mut d = Diagnostics::default();
            d.warn(Lint::Rename, "/a", "renamed");
            d.warn(Lint::AnyJson, "/b", "any");
            d.error(ErrorKind::BrokenRef, "/c", "broken");
            d
        };
        let severities = |d: &Diagnostics| d.iter().map(|d| (d.lint, d.severity)).collect::<Vec<_>>();
        let (w, e) = (Severity::Warning, Severity::Error);

        let mut d = diags();
        d.apply(LintLevels::default().allow(Lint::Rename));
        assert_eq!(severities(&d), [(Some(Lint::AnyJson), w), (None, e)]);
        let mut d = diags();
        d.apply(LintLevels::default().deny(Lint::AnyJson));
        assert_eq!(severities(&d), [(Some(Lint::Rename), w), (Some(Lint::AnyJson), e), (None, e)]);
        let mut d = diags();
        d.apply(&LintLevels { deny_warnings: true, ..LintLevels::default() });
        assert_eq!(severities(&d), [(Some(Lint::Rename), e), (Some(Lint::AnyJson), e), (None, e)]);
        // `--strict --allow rename`: every warning is an error but renames, which are dropped;
        // `--strict --warn any-json` keeps any-json a warning.
        let mut levels = LintLevels { deny_warnings: true, ..LintLevels::default() };
        levels.allow(Lint::Rename);
        let mut d = diags();
        d.apply(&levels);
        assert_eq!(severities(&d), [(Some(Lint::AnyJson), e), (None, e)]);
        levels.set(Lint::AnyJson, LintLevel::Warn);
        let mut d = diags();
        d.apply(&levels);
        assert_eq!(severities(&d), [(Some(Lint::AnyJson), w), (None, e)]);
        assert_eq!(d.lints(), [Lint::AnyJson]);
    }

    #[test]
    fn the_lint_is_shown_after_the_severity() {
        let text = "paths:\n  /x:\n    get:\n      summary: x\n";
        let mut d = warning(Some(Location::in_text("spec/api.yaml", text, 28..29)));
        d.lint = Some(Lint::UnresolvedRef);
        assert!(d.to_string().starts_with("warning[unresolved-ref]: no `operationId`"), "{d}");
        d.severity = Severity::Error;
        assert!(d.to_string().starts_with("error[unresolved-ref]: no `operationId`"), "{d}");
    }

    #[test]
    fn accepted_warnings_are_dropped_by_count_and_a_list_that_does_not_match_is_an_error() {
        let three = || {
            let mut d = Diagnostics::default();
            for at in ["/a", "/b", "/c"] {
                d.warn(Lint::Rename, at, "parameter `query` is set with `.query2()`");
            }
            d.warn(Lint::AnyJson, "/d", "typed as any JSON value");
            d
        };
        let accept = |count| AcceptedWarning {
            lint: Lint::Rename,
            message: "parameter `query` is set with `.query2()`".into(),
            count,
            why: "the builder's own `query()`".into(),
        };
        // Exactly as many: dropped, the rest kept.
        let mut d = three();
        d.accept(&[accept(3)]);
        assert_eq!(d.lints(), [Lint::AnyJson]);
        assert!(!d.has_errors());
        // Fewer occur than accepted: the list is stale.
        let mut d = three();
        d.accept(&[accept(4)]);
        assert_eq!(d.lints(), [Lint::AnyJson]);
        let errors: Vec<_> = d.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].error, Some(ErrorKind::StaleAcceptance));
        assert!(
            errors[0].message.contains("4 accepted warning(s) of `rename`")
                && errors[0].message.contains("but 3 occur")
        );
        // More occur: the extra one stays a warning, beside the error.
        let mut d = three();
        d.accept(&[accept(2)]);
        assert_eq!(d.lints(), [Lint::Rename, Lint::AnyJson]);
        assert_eq!(d.iter().filter(|d| d.error == Some(ErrorKind::StaleAcceptance)).count(), 1);
        // Another lint or message is not matched.
        let mut d = three();
        d.accept(&[AcceptedWarning { lint: Lint::AnyJson, ..accept(3) }]);
        assert_eq!(d.lints(), [Lint::Rename, Lint::Rename, Lint::Rename, Lint::AnyJson]);
    }
}
