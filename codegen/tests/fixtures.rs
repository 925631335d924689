//! Fixture specs. Their pinned output is a crate each under `tests/fixture-clients/` (see
//! `xtask::FIXTURE_CLIENTS`): reviewed in every diff, compiled by `cargo test`, and checked fresh
//! by `tests/tests/freshness.rs`. Here: determinism and the expected warnings.

use std::path::Path;

use codegen::{generate, Config, Lint};

fn generated(spec: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(spec);
    let config = Config { crate_name: "kitchen_sink".into(), ..Config::default() };
    match generate(&path, &config) {
        Ok(g) => g.files,
        Err(diags) => panic!("{spec} does not generate:\n{diags}"),
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generated("kitchen-sink.yaml"), generated("kitchen-sink.yaml"));
}

#[test]
fn kitchen_sink_warnings_are_the_expected_ones() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kitchen-sink.yaml");
    let g = generate(&path, &Config::default()).unwrap();
    let warnings: Vec<_> = g.diagnostics.iter().map(|d| (d.lint, d.pointer.as_str())).collect();
    let renamed = (Some(Lint::Rename), "/components/schemas/Kind/enum");
    assert_eq!(warnings, [renamed, renamed], "{}", g.diagnostics);
    let types = &g.files.iter().find(|(p, _)| p == "src/types.rs").expect("types").1;
    // `sea-lion` and `sea_lion` both want `SeaLion`: the later one is renamed.
    assert!(types.contains("SeaLion2,"), "{types}");
    // A wire value `unknown` must not take the name of the catch-all variant.
    assert!(types.contains("Unknown2,"), "{types}");
}
