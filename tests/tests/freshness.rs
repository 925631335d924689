//! `generated-client/` is exactly what the generator makes of `spec/` now (the document with the
//! overlays of `spec/overlays/` applied in name order, as `cargo xtask codegen` does), and generating is
//! deterministic. The generator is its own freshness test.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generate() -> codegen::Generated {
    let project = xtask::leadconnector().unwrap_or_else(|e| panic!("{e}"));
    codegen::generate_with_overlays(&project.spec, &project.overlays, &project.config)
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"))
}

#[test]
fn generated_client_is_fresh() {
    let generated = generate();
    // A missing manifest, or a file it does not list, is a refusal; a stale one is a change.
    let changes = codegen::write::write(&root().join("generated-client"), &generated.files, true).unwrap_or_else(|e| {
        panic!(
            "generated-client/ is not the generator's output: {e}{}",
            e.help().map(|h| format!("\nhelp: {h}")).unwrap_or_default()
        )
    });
    let stale: Vec<String> = changes
        .written
        .iter()
        .chain(&changes.removed)
        .map(|p| p.strip_prefix(root()).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "generated-client/ is stale ({}); run `cargo xtask codegen` and commit the result",
        stale.join(", ")
    );
}

/// The fixture clients are workspace members built by `cargo test`: they must be the generator's
/// output too.
#[test]
fn fixture_clients_are_fresh() {
    for project in xtask::fixture_clients() {
        let generated = codegen::generate_with_overlays(&project.spec, &project.overlays, &project.config)
            .unwrap_or_else(|d| panic!("{} does not generate:\n{d}", project.spec.display()));
        let out = &project.out;
        let changes = codegen::write::write(out, &generated.files, true)
            .unwrap_or_else(|e| panic!("{} is not the generator's output: {e}", out.display()));
        assert!(
            changes.is_empty(),
            "{} is stale ({:?}); run `cargo xtask codegen` and commit the result",
            out.display(),
            changes.written.iter().chain(&changes.removed).collect::<Vec<_>>()
        );
    }
}

/// The conformance harness the Prism test of the whole API includes (`tests/conformance/`) is the
/// generator's output for our spec too.
#[test]
fn conformance_harness_is_fresh() {
    let project = xtask::leadconnector().unwrap_or_else(|e| panic!("{e}"));
    let lowered = codegen::lower_spec(&project.spec, &project.overlays).unwrap_or_else(|d| panic!("{d}"));
    let files = xtask::conformance_files(&lowered.api, &project.config).unwrap_or_else(|e| panic!("{e}"));
    let out = root().join(xtask::CONFORMANCE_DIR);
    let changes = codegen::write::write(&out, &files, true)
        .unwrap_or_else(|e| panic!("{} is not the generator's output: {e}", xtask::CONFORMANCE_DIR));
    assert!(changes.is_empty(), "{} is stale; run `cargo xtask codegen` and commit the result", xtask::CONFORMANCE_DIR);
    // One call per operation of the crate.
    let calls = &files[0].1;
    assert_eq!(calls.matches("\nfn operation_").count(), lowered.api.operations.len());
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
