//! A JSON pointer (RFC 6901): where a node of a document is. Diagnostics, the loader's positions,
//! the bundler, the repairs and the import all name nodes with it, so there is one escaping rule.
//!
//! The pointer is kept as its text (what diagnostics print and positions are keyed by), and reading
//! it is lenient, as `serde_json::Value::pointer` is: a `~` that escapes nothing is kept as it is,
//! since the pointers read here come from refs that authors wrote.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use serde_json::{Map, Value};

/// An owned JSON pointer: `""` is the whole document, `/paths/~1pets/get` a node in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document.
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// A pointer from its text (escaped, as in a `$ref` fragment); `None` when it is neither empty
    /// nor starts with `/`.
    pub fn parse(text: &str) -> Option<Pointer> {
        (text.is_empty() || text.starts_with('/')).then(|| Pointer(text.to_string()))
    }

    /// The pointer of `token` (a key or an index, unescaped) under this one.
    pub fn child(&self, token: impl fmt::Display) -> Pointer {
        let mut child = self.clone();
        child.push(token);
        child
    }

    /// Appends `token` (unescaped).
    pub fn push(&mut self, token: impl fmt::Display) {
        self.0.push('/');
        self.0.push_str(&escape(&token.to_string()));
    }

    /// The tokens, unescaped, from the root down.
    pub fn tokens(&self) -> impl DoubleEndedIterator<Item = Cow<'_, str>> {
        self.0.strip_prefix('/').into_iter().flat_map(|rest| rest.split('/')).map(unescape)
    }

    /// The last token (unescaped); `None` at the root.
    pub fn last(&self) -> Option<Cow<'_, str>> {
        (!self.0.is_empty()).then(|| self.tokens().next_back()).flatten()
    }

    /// The pointer of the node that holds this one; `None` at the root.
    pub fn parent(&self) -> Option<Pointer> {
        self.0.rfind('/').map(|i| Pointer(self.0[..i].to_string()))
    }

    /// How many tokens it has.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// This pointer's text, then each parent's up to the root's (`""`).
    pub fn ancestors(&self) -> impl Iterator<Item = &str> {
        std::iter::successors(Some(self.0.as_str()), |at| at.rfind('/').map(|i| &at[..i]))
    }

    /// Whether the node here is the node at `at` or inside it.
    pub fn is_within(&self, at: &str) -> bool {
        self.0.strip_prefix(at).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The same node moved: this pointer with `from` (which it is within) replaced by `to`.
    pub fn rebase(&self, from: &str, to: &str) -> Option<Pointer> {
        self.is_within(from).then(|| Pointer(format!("{to}{}", &self.0[from.len()..])))
    }

    /// Puts `value` here in `root`, making objects of what is missing or not an object on the way.
    pub fn assign(&self, root: &mut Value, value: Value) {
        let mut node = root;
        let mut tokens = self.tokens().peekable();
        while let Some(token) = tokens.next() {
            if !node.is_object() {
                *node = Value::Object(Map::new());
            }
            let Value::Object(map) = node else { return };
            if tokens.peek().is_none() {
                map.insert(token.into_owned(), value);
                return;
            }
            node = map.entry(token.into_owned()).or_insert_with(|| Value::Object(Map::new()));
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

/// Escapes one token: `~` as `~0`, `/` as `~1`.
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Unescapes one token: `~1` before `~0`, so `~01` is `~1`, never `/`.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A pointer reads as its text wherever text is wanted (`Value::pointer`, a diagnostic).
impl Deref for Pointer {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Pointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Maps keyed by pointers are looked up with text.
impl Borrow<str> for Pointer {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

impl From<&Pointer> for String {
    fn from(pointer: &Pointer) -> String {
        pointer.0.clone()
    }
}

impl From<String> for Pointer {
    fn from(text: String) -> Pointer {
        Pointer(text)
    }
}

/// The text of a pointer this program made and kept as text (the IR's `pointer` fields), as it is.
impl From<&str> for Pointer {
    fn from(text: &str) -> Pointer {
        Pointer(text.to_string())
    }
}

impl From<&String> for Pointer {
    fn from(text: &String) -> Pointer {
        Pointer(text.clone())
    }
}

impl PartialEq<str> for Pointer {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Pointer {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn assign_makes_objects_on_the_way() {
        let mut doc = json!({"a": 1});
        Pointer::parse("/a/b~1c/d").unwrap().assign(&mut doc, json!(2));
        assert_eq!(doc, json!({"a": {"b/c": {"d": 2}}}));
    }

    #[test]
    fn tokens_escape_and_unescape_per_rfc_6901() {
        assert_eq!(escape("/conversations/{id}"), "~1conversations~1{id}");
        assert_eq!(escape("a~b"), "a~0b");
        assert_eq!(unescape("~1conversations~1{id}"), "/conversations/{id}");
        // `~01` is `~` followed by `1`, never `/`.
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(Pointer::root().child("paths").child("/a~b"), "/paths/~1a~0b");
    }

    #[test]
    fn children_tokens_and_the_root() {
        let root = Pointer::root();
        assert!(root.is_root());
        assert_eq!(root.last(), None);
        assert_eq!(root.tokens().count(), 0);
        let at = root.child("paths").child("/a/{id}").child("parameters").child(0);
        assert_eq!(at.as_str(), "/paths/~1a~1{id}/parameters/0");
        assert_eq!(at.tokens().collect::<Vec<_>>(), ["paths", "/a/{id}", "parameters", "0"]);
        assert_eq!(at.last().as_deref(), Some("0"));
        // An empty key is a token too.
        assert_eq!(Pointer::root().child("").tokens().collect::<Vec<_>>(), [""]);
        assert_eq!(at.depth(), 4);
        assert_eq!(at.parent().unwrap(), "/paths/~1a~1{id}/parameters");
        assert_eq!(Pointer::root().parent(), None);
        assert_eq!(
            at.ancestors().collect::<Vec<_>>(),
            [at.as_str(), "/paths/~1a~1{id}/parameters", "/paths/~1a~1{id}", "/paths", ""]
        );
        assert!(at.is_within("/paths/~1a~1{id}") && at.is_within("") && !at.is_within("/paths/~1a"));
        assert_eq!(at.rebase("/paths/~1a~1{id}", "/x").unwrap(), "/x/parameters/0");
        assert_eq!(Pointer::parse("/a/~2").unwrap().tokens().collect::<Vec<_>>(), ["a", "~2"], "a stray `~` is kept");
        assert_eq!(Pointer::parse("a"), None);
        assert_eq!(Pointer::parse(""), Some(Pointer::root()));
    }
}
