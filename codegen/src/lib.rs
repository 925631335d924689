//! An OpenAPI 3.0 / 3.1 → Rust client generator.
//!
//! The pipeline, one module per stage: [`load`] (YAML/JSON, refs across files, positions) →
//! [`check`] (repairs with warnings, every error found) → [`lower`] (to a small ordered IR, every
//! name decided) → [`surface`] (the public items of the generated crate, computed once from the IR and
//! the fixed members: what the diff compares) → [`emit`] (token streams, one emitter per kind of
//! item, against the runtime crate) →
//! [`format`] (`prettyplease`, `@generated` header) → [`write`] (only the files it owns, by the
//! manifest it keeps; only what changed, atomically).
//!
//! Each stage calls only later stages and the shared helpers ([`diagnostics`], [`ident`],
//! [`media`], [`members`], [`path_template`]); `ARCHITECTURE.md` at the workspace root says where each decision lives.
//! Nothing here knows about any particular API: everything specific comes from the spec.

pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ident;
pub mod load;
pub mod lower;
pub mod media;
pub mod members;
pub mod path_template;
pub mod pointer;
pub mod site;
pub mod surface;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostics::{
    AcceptedWarning, Diagnostic, Diagnostics, ErrorKind, Lint, LintLevel, LintLevels, Named, Severity,
};

/// What to generate besides what the spec says.
#[derive(Debug, Clone)]
pub struct Config {
    /// The package (and library) name of the generated crate.
    pub crate_name: String,
    pub crate_version: String,
    /// The crate's README, also its crate-level documentation (its Rust examples are doctests).
    pub readme: Option<String>,
    /// The crate's changelog, shipped as `CHANGELOG.md`.
    pub changelog: Option<String>,
    /// Programs written by hand for the crate, shipped as `examples/NAME` (file name, text): cargo
    /// compiles them with the crate's tests.
    pub examples: Vec<(String, String)>,
    /// The provider's published public key of its webhook signatures (PEM), if it publishes one:
    /// emitted as `webhook::PUBLISHED_PUBLIC_KEY` (with the cargo feature `webhooks`).
    pub webhook_public_key: Option<String>,
    /// Where the generated crate finds the runtime crate.
    pub runtime: RuntimeDependency,
    /// The version requirements (and features) the generated manifest writes for its dependencies.
    pub dependencies: Dependencies,
    /// Every warning is an error: nothing is generated from a spec the generator had to repair,
    /// guess at or degrade (a ref that does not resolve, a construct typed as any JSON value, a rename).
    pub strict: bool,
    /// The level of each lint (`--allow LINT`, `--deny LINT`): a lint's own level wins over `strict`.
    pub lints: LintLevels,
    /// The warnings a reviewed list accepts for this spec: dropped before `lints` and `strict` apply,
    /// so that any other warning still shows (and fails under `strict`).
    pub accepted: Vec<AcceptedWarning>,
}

/// Where the generated manifest finds the runtime crate (`openapi-client-runtime`), besides the
/// version requirement of [`Dependencies::runtime`].
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
            dependencies: Dependencies::default(),
            strict: false,
            lints: LintLevels::default(),
            accepted: Vec::new(),
        }
    }
}

/// The dependencies the generated crate declares, each with the version requirement written into its
/// manifest. The defaults are what this generator's output is built and tested against; change one
/// to require a newer release (or, for the runtime, to follow a runtime released on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependencies {
    /// The requirement on `openapi-client-runtime`, the crate the generated code calls
    /// (default [`Dependencies::RUNTIME`]).
    pub runtime: String,
    /// Named by the generated code (its derives; the `derive` feature is always added).
    pub serde: Dependency,
    /// Named by the generated code (JSON values and maps).
    pub serde_json: Dependency,
    /// Development only: the README's doctests.
    pub futures: Dependency,
    /// Development only: the README's doctests (the `macros` and `rt` features are always added).
    pub tokio: Dependency,
    /// Development only, when the crate has examples ([`Config::examples`]): they print the client's traces.
    pub tracing_subscriber: Dependency,
}

impl Dependencies {
    /// The default requirement on the runtime: Cargo's caret rule, so `>=0.2.1, <0.3.0`. Every runtime
    /// item the generated code names is in 0.2.1 (its pagination styles are new in it), and a 0.x
    /// release keeps its minor number until it breaks compatibility (CI runs cargo-semver-checks on
    /// the runtime against its last release).
    pub const RUNTIME: &str = "0.2.1";
}

impl Default for Dependencies {
    fn default() -> Self {
        Dependencies {
            runtime: Dependencies::RUNTIME.into(),
            serde: Dependency::new("1"),
            serde_json: Dependency { features: vec!["preserve_order".into()], ..Dependency::new("1") },
            futures: Dependency::new("0.3"),
            tokio: Dependency { features: vec!["time".into()], ..Dependency::new("1") },
            tracing_subscriber: Dependency {
                default_features: false,
                features: vec!["fmt".into(), "std".into()],
                ..Dependency::new("0.3")
            },
        }
    }
}

/// One dependency of the generated crate as its manifest writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// A Cargo version requirement (`"1"`, `">=1.2, <2"`).
    pub version: String,
    pub default_features: bool,
    /// Features besides those the generator always adds.
    pub features: Vec<String>,
}

impl Dependency {
    /// `version`, default features on, no others.
    pub fn new(version: &str) -> Self {
        Dependency { version: version.into(), default_features: true, features: Vec::new() }
    }
}

/// The generated crate: (path relative to the crate root, text) in a fixed order, and the warnings.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<(String, String)>,
    /// The public items of the crate (what `cargo xtask release` records and the diff compares).
    pub surface: surface::Surface,
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

/// The rest of the pipeline for a spec already lowered by [`lower_spec`]: surface → emit → format.
pub fn generate_lowered(lowered: Lowered, config: &Config) -> Result<Generated, Diagnostics> {
    let Lowered { api, mut diagnostics, loaded } = lowered;
    // The surface is built beside the emit, which it does not need.
    let (surface, texts) = std::thread::scope(|scope| {
        let surface = scope.spawn(|| surface::surface(&api, config));
        let texts = emit_and_format(&api, config);
        (surface.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), texts)
    });
    let mut files = Vec::new();
    for (path, text) in texts {
        match text {
            Ok(text) => files.push((path, text)),
            Err(message) => {
                diagnostics
                    .error(ErrorKind::GeneratorBug, "", message)
                    .help("this is a bug of the generator; please report it with the spec");
            }
        }
    }
    diagnostics.accept(&config.accepted);
    let mut levels = config.lints.clone();
    levels.deny_warnings |= config.strict;
    diagnostics.apply(&levels);
    // Only what is reported is located: finding a position parses the source file again.
    diagnostics.locate(|pointer| loaded.locate(pointer));
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Generated { files, surface, diagnostics })
}

/// Every file of the crate emitted and formatted, its pieces spread over the machine's cores
/// (formatting is most of generation's time; the IR is shared, read-only, and token streams stay on
/// the thread that made them). The output does not depend on the number of threads.
fn emit_and_format(api: &lower::ir::Api, config: &Config) -> Vec<(String, Result<String, String>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let plan = emit::plan(api, config);
    let jobs: Vec<(usize, usize, emit::Piece)> = plan
        .iter()
        .enumerate()
        .flat_map(|(f, (_, pieces))| pieces.iter().enumerate().map(move |(k, piece)| (f, k, *piece)))
        .collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(f, k, piece)) = jobs.get(i) else { return done };
            done.push((i, format::format_piece(&plan[f].0, piece.emit(api, config), k == 0)));
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len().max(1));
    let mut results: Vec<Option<Result<String, String>>> = jobs.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for worker in workers {
            all.extend(worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        for (i, result) in all {
            results[i] = Some(result);
        }
    });
    let mut results = results.into_iter().map(|r| r.expect("every piece is formatted once"));
    plan.iter()
        .map(|(path, pieces)| {
            let mut text = Ok(String::new());
            for result in results.by_ref().take(pieces.len()) {
                text = match (text, result) {
                    (Ok(mut so_far), Ok(piece)) => {
                        so_far.push_str(&piece);
                        Ok(so_far)
                    }
                    (Err(e), _) | (_, Err(e)) => Err(e),
                };
            }
            (path.clone(), text)
        })
        .collect()
}

/// The spec as the generated API sees it: load (applying `overlays` in order) → check → lower,
/// without emitting. `Err` holds every diagnostic, at least one an error, when the spec cannot be used.
pub fn lower_spec(spec: &Path, overlays: &[PathBuf]) -> Result<Lowered, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(mut loaded) = load::load_with_overlays(spec, overlays, &mut diags) else {
        return Err(diags);
    };
    let api = check::check(&mut loaded.document, &mut diags).map(|checked| lower::lower(&checked, &mut diags));
    match api {
        Some(api) if !diags.has_errors() => Ok(Lowered { api, diagnostics: diags, loaded }),
        _ => {
            diags.locate(|pointer| loaded.locate(pointer));
            Err(diags)
        }
    }
}

/// What [`lower_spec`] returns: the IR, the warnings, and the loaded files. The warnings are not
/// located yet (a position costs a second parse of its file): [`generate_lowered`] locates those it
/// reports, after the accepted ones are dropped; `loaded.locate` finds any other.
pub struct Lowered {
    pub api: lower::ir::Api,
    pub diagnostics: Diagnostics,
    pub loaded: load::Loaded,
}
