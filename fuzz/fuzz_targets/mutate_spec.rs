//! The whole generator on structure-aware mutations of real specs: a seed (the fixture specs, and
//! every spec under the directories of `FUZZ_SEEDS`, colon-separated) changed by a few edits of its
//! JSON tree (values replaced, removed, copied, turned into refs, keys renamed).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: codegen_fuzz::Mutated| {
    codegen_fuzz::generate_mutated(&input);
});
