//! What `cargo xtask` and the workspace's tests share: where things are, and the generator
//! configuration of this workspace's crate, so that `cargo xtask codegen` and the freshness tests
//! cannot disagree about it.

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use codegen::{Config, Dependencies, RuntimeDependency};

pub mod import;
pub mod import_webhooks;
pub mod release;

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The runtime crate, which every crate generated here depends on by path.
pub fn runtime_dir() -> PathBuf {
    workspace_root().join("codegen/runtime")
}

/// This workspace's spec, its generated crate's directory and the configuration that made it.
pub struct Project {
    pub spec: PathBuf,
    /// `spec/overlays/*.{yaml,yml,json}`, in name order.
    pub overlays: Vec<PathBuf>,
    pub out: PathBuf,
    pub config: Config,
}

/// What `cargo xtask codegen` was told besides the defaults (this workspace's spec and crate).
#[derive(Debug, Default)]
pub struct Overrides {
    /// Another spec: then neither our README nor our overlays apply, unless given again.
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub readme: Option<PathBuf>,
    /// Applied after the spec's own (`spec/overlays/` for ours).
    pub overlays: Vec<PathBuf>,
    /// Every warning is an error ([`Config::strict`]).
    pub strict: bool,
    /// `--allow LINT` and `--deny LINT` ([`Config::lints`]).
    pub lints: codegen::LintLevels,
}

/// The `leadconnector` crate as `cargo xtask codegen` generates it with no options.
pub fn leadconnector() -> Result<Project, String> {
    project(Overrides::default())
}

/// Fixture specs whose generated crates are workspace members, so that `cargo test` compiles
/// every one of them (and drives some against a mock server): the pinned output of the generator,
/// as typify and prost-build keep theirs. (spec under `codegen/tests/fixtures/`, name: the directory
/// under `tests/fixture-clients/`, and the crate `fixture-{name}`). `cargo xtask codegen` regenerates them
/// with `generated-client/`; a test fails when one is stale.
pub const FIXTURE_CLIENTS: &[(&str, &str)] = &[
    ("bodies-and-credentials.yaml", "bodies-and-credentials"),
    ("broken-refs.json", "broken-refs"),
    ("kitchen-sink.yaml", "kitchen-sink"),
    ("modules/openapi.yaml", "modules"),
    ("multi-file/openapi.yaml", "multi-file"),
    ("multi-success.yaml", "multi-success"),
    ("name-torture.json", "name-torture"),
    ("openapi-3.1.yaml", "openapi-3-1"),
    ("pagination-styles.yaml", "pagination-styles"),
    ("ref-chains.yaml", "ref-chains"),
    ("renames.yaml", "renames"),
    ("same-name-params.yaml", "same-name-params"),
    ("union-cycle.yaml", "union-cycle"),
    ("webhooks-3-1.yaml", "webhooks-3-1"),
    ("x-webhooks/openapi.yaml", "x-webhooks"),
];

/// The projects of [`FIXTURE_CLIENTS`].
pub fn fixture_clients() -> Vec<Project> {
    let root = workspace_root();
    FIXTURE_CLIENTS
        .iter()
        .map(|(spec, name)| {
            let out = root.join("tests/fixture-clients").join(name);
            let config = config_for(&out, &format!("fixture-{name}"), None);
            Project { spec: root.join("codegen/tests/fixtures").join(spec), overlays: Vec::new(), out, config }
        })
        .collect()
}

/// Where `cargo xtask codegen` writes the conformance harness of our crate (one call per operation,
/// through the generated builders), which the Prism test of the whole API includes.
pub const CONFORMANCE_DIR: &str = "tests/conformance";

/// The files of the conformance harness for `api`, generated as the crate of `config`.
pub fn conformance_files(api: &codegen::lower::ir::Api, config: &Config) -> Result<Vec<(String, String)>, String> {
    Ok(vec![("calls.rs".to_string(), codegen::emit::conformance::calls(api, &config.crate_name)?)])
}

/// Our spec: `spec/leadconnector.yaml`.
pub fn our_spec() -> PathBuf {
    workspace_root().join("spec/leadconnector.yaml")
}

/// The overlays of our spec: `spec/overlays/*.{yaml,yml,json}`, in name order.
pub fn our_overlays() -> Result<Vec<PathBuf>, String> {
    codegen::load::overlays_in(&workspace_root().join("spec/overlays"))
        .map_err(|e| format!("cannot list spec/overlays: {e}"))
}

/// The spec, overlays, output directory and configuration of one `cargo xtask codegen` run.
pub fn project(overrides: Overrides) -> Result<Project, String> {
    let root = workspace_root();
    let ours = overrides.spec.is_none();
    let (spec, readme, mut overlays, examples) = match overrides.spec {
        None => (
            our_spec(),
            overrides.readme.or(Some(root.join("spec/client-README.md"))),
            our_overlays()?,
            examples_in(&root.join("spec/examples"))?,
        ),
        Some(spec) => (spec, overrides.readme, Vec::new(), Vec::new()),
    };
    overlays.extend(overrides.overlays);
    let readme = match readme {
        Some(path) => Some(
            std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read the crate README `{}`: {e}", path.display()))?,
        ),
        None => None,
    };
    let out = overrides.out.unwrap_or_else(|| root.join("generated-client"));
    let crate_name = overrides.crate_name.unwrap_or_else(|| "leadconnector".into());
    let (crate_version, changelog) = release_config(&spec)?;
    // The provider's published webhook key, a fact kept next to the spec.
    let webhook_public_key = match ours.then(|| root.join("spec/webhook-public-key.pem")) {
        Some(path) if path.exists() => {
            Some(std::fs::read_to_string(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?)
        }
        _ => None,
    };
    // The warnings our spec is accepted with, each reviewed (`spec/accepted-warnings.toml`).
    let accepted = match ours {
        true => accepted_warnings(&root.join(ACCEPTED_WARNINGS))?,
        false => Vec::new(),
    };
    let config = Config {
        crate_version,
        changelog,
        examples,
        webhook_public_key,
        strict: overrides.strict,
        lints: overrides.lints,
        accepted,
        ..config_for(&out, &crate_name, readme)
    };
    Ok(Project { spec, overlays, out, config })
}

/// The example programs of a folder (`*.rs`, by name), read: shipped in the crate's `examples/`.
fn examples_in(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let paths = codegen::load::files_in(dir, &["rs"]).map_err(|e| format!("cannot list `{}`: {e}", dir.display()))?;
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok((name, text))
        })
        .collect()
}

/// The reviewed list of the warnings our spec generates with, relative to the workspace root.
pub const ACCEPTED_WARNINGS: &str = "spec/accepted-warnings.toml";

/// The entries of a list of accepted warnings (`[[accept]]` tables: `lint`, `message`, `count`, `why`).
pub fn accepted_warnings(path: &Path) -> Result<Vec<codegen::AcceptedWarning>, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        accept: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        lint: String,
        message: String,
        count: usize,
        why: String,
    }
    let Some(text) = read_optional(path)? else { return Ok(Vec::new()) };
    let file: File = toml::from_str(&text).map_err(|e| format!("{}: {}", shown(path), e.to_string().trim_end()))?;
    file.accept
        .into_iter()
        .map(|Entry { lint, message, count, why }| {
            let lint = lint.parse().map_err(|e| format!("{}: {e}", shown(path)))?;
            Ok(codegen::AcceptedWarning { lint, message, count, why })
        })
        .collect()
}

/// The crate version and changelog for generating from `spec`: from `release.toml` and
/// `CHANGELOG.md` beside it when they exist, else `0.1.0` and no changelog.
pub fn release_config(spec: &Path) -> Result<(String, Option<String>), String> {
    let dir = spec.parent().unwrap_or(Path::new("."));
    let release = dir.join("release.toml");
    let version = match read_optional(&release)? {
        Some(text) => parse_release(&release, &text)?.version.to_string(),
        None => "0.1.0".to_string(),
    };
    Ok((version, read_optional(&dir.join("CHANGELOG.md"))?))
}

/// The text of `path`, or `None` when there is no such file.
fn read_optional(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read `{}`: {e}", shown(path))),
    }
}

/// `text`, read from the release file `path`, parsed; the error names the file.
pub fn parse_release(path: &Path, text: &str) -> Result<release::Release, String> {
    release::Release::parse(text).map_err(|e| format!("{}: {e}", shown(path)))
}

/// `cargo`: the one running this (`$CARGO`), else the one on the `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `cargo check` of every target of the workspace in `dir` (crates generated here and what uses
/// them), warnings denied. It builds in `target/corpus-build`, its own target dir (`-D warnings`
/// changes RUSTFLAGS, which would evict the main build), which `cargo xtask corpus` and the
/// consumer-compat test share: one set of flags, so their dependencies build once.
pub fn check_generated(dir: &Path) -> Command {
    let mut command = cargo();
    command
        .args(["check", "--workspace", "--all-targets", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/corpus-build"))
        .env("RUSTFLAGS", "-D warnings");
    command
}

/// `p` relative to the workspace root when it is inside it, for messages.
pub fn shown(p: &Path) -> String {
    p.strip_prefix(workspace_root()).unwrap_or(p).display().to_string()
}

/// The configuration of a crate named `crate_name` written to `out`: it finds the runtime by a
/// path relative to `out` (absolute when there is no relative one).
pub fn config_for(out: &Path, crate_name: &str, readme: Option<String>) -> Config {
    let runtime = relative_path(out, &runtime_dir());
    Config {
        crate_name: crate_name.into(),
        crate_version: "0.1.0".into(),
        readme,
        changelog: None,
        examples: Vec::new(),
        webhook_public_key: None,
        runtime: RuntimeDependency::Path(runtime.to_string_lossy().replace('\\', "/")),
        dependencies: Dependencies::default(),
        strict: false,
        lints: Default::default(),
        accepted: Vec::new(),
    }
}

/// `to` as seen from the directory `from`, both made absolute and normalised first; absolute when
/// the two share nothing but the root.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let (from, to) = (normalise(from), normalise(to));
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    // Sharing only the root (`/`, or `C:\`) is no relation worth writing as `../../..`.
    if common <= to.components().take_while(|c| matches!(c, Component::Prefix(_) | Component::RootDir)).count() {
        return to;
    }
    let mut out: PathBuf = from.components().skip(common).map(|_| Component::ParentDir).collect();
    out.extend(to.components().skip(common));
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Absolute, with `.` and `..` resolved lexically (the directory may not exist yet).
fn normalise(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{relative_path, workspace_root};
    use codegen::{Dependencies, Dependency};
    use std::path::Path;

    /// The generator's default requirements are the ones this workspace builds and tests with (its
    /// `[workspace.dependencies]`), and the runtime of this workspace meets the default requirement on it.
    #[test]
    fn the_generated_requirements_are_the_workspaces() {
        let text = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
        let manifest: toml::Table = text.parse().unwrap();
        let workspace = &manifest["workspace"];
        let shared = &workspace["dependencies"];
        let defaults = Dependencies::default();
        let cases: [(&str, &Dependency); 5] = [
            ("serde", &defaults.serde),
            ("serde_json", &defaults.serde_json),
            ("futures", &defaults.futures),
            ("tokio", &defaults.tokio),
            ("tracing-subscriber", &defaults.tracing_subscriber),
        ];
        for (name, default) in cases {
            let entry = &shared[name];
            let version = entry.as_str().or_else(|| entry.get("version").and_then(|v| v.as_str()));
            assert_eq!(version, Some(default.version.as_str()), "{name}: the workspace and Dependencies::default()");
            let default_features = entry.get("default-features").and_then(|v| v.as_bool()).unwrap_or(true);
            assert_eq!(default_features, default.default_features, "{name}: default-features");
        }
        let runtime = workspace["package"]["version"].as_str().unwrap();
        let requirement = semver::VersionReq::parse(&defaults.runtime).unwrap();
        assert!(
            requirement.matches(&semver::Version::parse(runtime).unwrap()),
            "the runtime {runtime} does not meet the generated requirement `{requirement}`"
        );
    }

    #[test]
    fn relative_paths() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b)).display().to_string();
        assert_eq!(rel("/w/generated-client", "/w/codegen/runtime"), "../codegen/runtime");
        assert_eq!(rel("/w/target/corpus/a", "/w/codegen/runtime"), "../../../codegen/runtime");
        assert_eq!(rel("/w/x/../generated-client", "/w/codegen/./runtime"), "../codegen/runtime");
        assert_eq!(rel("/w/codegen/runtime", "/w/codegen/runtime"), ".");
        assert_eq!(rel("/tmp/out", "/w/codegen/runtime"), "/w/codegen/runtime");
    }
}
