//! Diagnostics: every problem the generator finds, with where it is and what to do.
//!
//! No stage panics or stops at the first problem: each pushes a [`Diagnostic`] and goes on, and the
//! caller decides at the end whether any error makes the output unusable.

use std::fmt;
use std::path::PathBuf;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The generator repaired or skipped something; the output is still usable.
    Warning,
    /// The output cannot be produced.
    Error,
}

/// A position in a source file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where in the source text, when it is known.
    pub location: Option<Location>,
    /// The JSON pointer of the offending node in the (bundled) document, e.g. `/paths/~1pets/get`.
    pub pointer: String,
    /// What is wrong, and what the generator did about it.
    pub message: String,
    /// What the author of the spec can do.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}: ")?;
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.file.display(), loc.line, loc.column)?;
        }
        let pointer = if self.pointer.is_empty() { "(document root)" } else { &self.pointer };
        write!(f, "at {pointer}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, pointer.into(), message.into())
    }

    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, pointer.into(), message.into())
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String) -> &mut Diagnostic {
        self.items.push(Diagnostic { severity, location: None, pointer, message, help: None });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
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
        for d in &mut self.items {
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
        }
        Ok(())
    }
}

/// Escapes one JSON-pointer token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON-pointer token (RFC 6901: `~1` before `~0`, so `~01` stays `~1`).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends a token to a pointer.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

#[cfg(test)]
mod tests {
    use super::{child, escape_token, unescape_token};

    #[test]
    fn pointer_tokens_escape_and_unescape_per_rfc_6901() {
        assert_eq!(escape_token("/conversations/{id}"), "~1conversations~1{id}");
        assert_eq!(escape_token("a~b"), "a~0b");
        assert_eq!(unescape_token("~1conversations~1{id}"), "/conversations/{id}");
        // `~01` is `~` followed by `1`, never `/`.
        assert_eq!(unescape_token("~01"), "~1");
        assert_eq!(child("/paths", "/a~b"), "/paths/~1a~0b");
    }
}
