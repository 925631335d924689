//! The client runtime: real Rust kept in `codegen/runtime/`, copied into every generated crate as
//! `src/runtime/`. Compiled into the generator so that it needs no files at run time.

/// (file name, source) of every runtime file, in a fixed order.
pub const RUNTIME_FILES: &[(&str, &str)] = &[];
