//! Cross-crate tests of the workspace live in `tests/tests/`; this library is empty (a package needs a
//! target of its own).
