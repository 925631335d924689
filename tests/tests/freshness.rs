//! `generated-client/` is exactly what the generator makes of `spec/` now, and generating is
//! deterministic. The generator is its own freshness test.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generate() -> codegen::Generated {
    let readme = std::fs::read_to_string(root().join("spec/client-README.md")).unwrap();
    let release = codegen::diff::release::Release::parse(&std::fs::read_to_string(root().join("spec/release.toml")).unwrap()).unwrap();
    let changelog = std::fs::read_to_string(root().join("spec/CHANGELOG.md")).unwrap();
    let config = codegen::Config { crate_name: "leadconnector".into(), crate_version: release.version.to_string(), readme: Some(readme), changelog: Some(changelog) };
    codegen::generate(&root().join("spec/leadconnector.yaml"), &config).unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"))
}

#[test]
fn generated_client_is_fresh() {
    let generated = generate();
    let changes = codegen::write::write(&root().join("generated-client"), &generated.files, true).unwrap();
    let stale: Vec<String> = changes.written.iter().chain(&changes.removed).map(|p| p.strip_prefix(root()).unwrap_or(p).display().to_string()).collect();
    assert!(stale.is_empty(), "generated-client/ is stale ({}); run `cargo xtask codegen` and commit the result", stale.join(", "));
}

#[test]
fn the_spec_generates_without_warnings() {
    let generated = generate();
    assert!(generated.diagnostics.is_empty(), "{}", generated.diagnostics);
}

#[test]
fn generation_is_byte_identical_across_runs() {
    assert_eq!(generate().files, generate().files);
}

#[test]
fn every_generated_file_carries_the_header() {
    for (path, text) in generate().files {
        assert!(codegen::format::is_generated(&text), "{path} has no @generated header");
    }
}
