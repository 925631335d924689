//! The whole generator on arbitrary bytes, read as the spec file (YAML or JSON: the loader tells
//! them apart by content). Any outcome but a panic (or a hang) is fine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    codegen_fuzz::generate(data);
});
