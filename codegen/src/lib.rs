//! An OpenAPI 3.0 / 3.1 → Rust client generator.
//!
//! The pipeline, one module per stage: [`load`] (YAML/JSON, refs across files, positions) →
//! [`check`] (repairs with warnings, every error found) → [`lower`] (to a small ordered IR, every
//! name decided) → [`emit`] (token streams, one emitter per kind of item, against the runtime crate) →
//! [`format`] (`prettyplease`, `@generated` header) → [`write`] (only the files it owns, by the
//! manifest it keeps; only what changed, atomically).
//!
//! Each stage calls only later stages and the shared helpers ([`diagnostics`], [`ident`],
//! [`path_template`]); `ARCHITECTURE.md` at the workspace root says where each decision lives.
//! Nothing here knows about any particular API: everything specific comes from the spec.

pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ident;
pub mod load;
pub mod lower;
pub mod path_template;
pub mod site;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Severity};

/// What to generate besides what the spec says.
#[derive(Debug, Clone)]
pub struct Config {
    /// The package (and library) name of the generated crate.
    pub crate_name: String,
    pub crate_version: String,
    /// The crate's README, also its crate-level documentation (its Rust examples are doctests).
    pub readme: Option<String>,
    /// The crate's changelog, shipped as `CHANGELOG.md` (see [`diff::release`]).
    pub changelog: Option<String>,
    /// Programs written by hand for the crate, shipped as `examples/NAME` (file name, text): cargo
    /// compiles them with the crate's tests.
    pub examples: Vec<(String, String)>,
    /// The provider's published public key of its webhook signatures (PEM), if it publishes one:
    /// emitted as `webhook::PUBLISHED_PUBLIC_KEY` (with the cargo feature `webhooks`).
    pub webhook_public_key: Option<String>,
    /// Where the generated crate finds the runtime crate.
    pub runtime: RuntimeDependency,
    /// Every warning is an error: nothing is generated from a spec the generator had to repair,
    /// guess at or degrade (a ref that does not resolve, a construct typed as any JSON value, a rename).
    pub strict: bool,
}

/// How the generated manifest names the runtime crate (`openapi-client-runtime`, whose version is
/// always this generator's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// From the registry, by version.
    Registry,
    /// By version and path (relative to the generated crate, or absolute), e.g. inside a workspace
    /// that holds the runtime.
    Path(String),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            crate_name: "api_client".into(),
            crate_version: "0.1.0".into(),
            readme: None,
            changelog: None,
            examples: Vec::new(),
            webhook_public_key: None,
            runtime: RuntimeDependency::Registry,
            strict: false,
        }
    }
}

/// The generated crate: (path relative to the crate root, text) in a fixed order, and the warnings.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<(String, String)>,
    pub diagnostics: Diagnostics,
}

/// Runs the pipeline up to (not including) writing. `Err` holds every diagnostic, at least one an
/// error, when the spec cannot be used.
pub fn generate(spec: &Path, config: &Config) -> Result<Generated, Diagnostics> {
    generate_with_overlays(spec, &[], config)
}

/// [`generate`] from the spec with `overlays` (OpenAPI Overlay documents) applied in order, after
/// its refs are bundled and before it is checked.
pub fn generate_with_overlays(spec: &Path, overlays: &[PathBuf], config: &Config) -> Result<Generated, Diagnostics> {
    generate_lowered(lower_spec(spec, overlays)?, config)
}

/// The rest of the pipeline for a spec already lowered by [`lower_spec`]: emit → format.
pub fn generate_lowered(lowered: Lowered, config: &Config) -> Result<Generated, Diagnostics> {
    let Lowered { api, mut diagnostics, loaded } = lowered;
    let mut files = Vec::new();
    for (path, emitted) in emit::emit(&api, config) {
        match format::format(&path, emitted) {
            Ok(text) => files.push((path, text)),
            Err(message) => {
                diagnostics.error("", message).help("this is a bug of the generator; please report it with the spec");
            }
        }
    }
    diagnostics.locate(|pointer| loaded.locate(pointer));
    if config.strict {
        diagnostics.deny_warnings();
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Generated { files, diagnostics })
}

/// The spec as the generated API sees it: load (applying `overlays` in order) → check → lower,
/// without emitting. `Err` holds every diagnostic, at least one an error, when the spec cannot be used.
pub fn lower_spec(spec: &Path, overlays: &[PathBuf]) -> Result<Lowered, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(mut loaded) = load::load_with_overlays(spec, overlays, &mut diags) else {
        return Err(diags);
    };
    let api = check::check(&mut loaded.document, &mut diags).map(|checked| lower::lower(&checked, &mut diags));
    diags.locate(|pointer| loaded.locate(pointer));
    match api {
        Some(api) if !diags.has_errors() => Ok(Lowered { api, diagnostics: diags, loaded }),
        _ => Err(diags),
    }
}

/// What [`lower_spec`] returns: the IR, the warnings, and the loaded files (to locate pointers).
pub struct Lowered {
    pub api: lower::ir::Api,
    pub diagnostics: Diagnostics,
    pub loaded: load::Loaded,
}
