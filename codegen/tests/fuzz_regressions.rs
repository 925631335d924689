//! Every input under `tests/fuzz-regressions/` (see its README) goes through the whole generator
//! without a panic.

use std::path::Path;

use codegen::{generate, Config};

#[test]
fn every_fuzz_regression_generates_or_fails_with_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz-regressions")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no regression inputs in {}", dir.display());
    for input in inputs {
        // Ok or Err: what matters is that it returns. An error must say what and where.
        if let Err(diags) = generate(&input, &Config::default()) {
            assert!(diags.has_errors(), "{}: refused without an error", input.display());
        }
    }
}
