//! What `cargo xtask` and the workspace's tests share: where things are, and the generator
//! configuration of this workspace's crate, so that `cargo xtask codegen` and the freshness tests
//! cannot disagree about it.

use std::path::{Component, Path, PathBuf};

use codegen::{Config, RuntimeDependency};

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
    /// `spec/overlays/*.yaml`, in name order.
    pub overlays: Vec<PathBuf>,
    pub out: PathBuf,
    pub config: Config,
}

/// The `leadconnector` crate as `cargo xtask codegen` generates it with no options.
pub fn leadconnector() -> Result<Project, String> {
    let root = workspace_root();
    let readme_path = root.join("spec/client-README.md");
    let readme = std::fs::read_to_string(&readme_path)
        .map_err(|e| format!("cannot read the crate README `{}`: {e}", readme_path.display()))?;
    let out = root.join("generated-client");
    let release_path = root.join("spec/release.toml");
    let release = std::fs::read_to_string(&release_path)
        .map_err(|e| e.to_string())
        .and_then(|text| codegen::diff::release::Release::parse(&text).map_err(|e| e.to_string()))
        .map_err(|e| format!("cannot read `{}`: {e}", release_path.display()))?;
    let changelog = std::fs::read_to_string(root.join("spec/CHANGELOG.md"))
        .map_err(|e| format!("cannot read spec/CHANGELOG.md: {e}"))?;
    let config = Config {
        crate_version: release.version.to_string(),
        changelog: Some(changelog),
        ..config_for(&out, "leadconnector", Some(readme))
    };
    let overlays = codegen::load::overlays_in(&root.join("spec/overlays"))
        .map_err(|e| format!("cannot list spec/overlays: {e}"))?;
    Ok(Project { spec: root.join("spec/leadconnector.yaml"), overlays, out, config })
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
        runtime: RuntimeDependency::Path(runtime.to_string_lossy().replace('\\', "/")),
    }
}

/// `to` as seen from the directory `from`, both made absolute and normalised first.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let (from, to) = (normalise(from), normalise(to));
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    if common == 0 {
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
    use super::relative_path;
    use std::path::Path;

    #[test]
    fn relative_paths() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b)).display().to_string();
        assert_eq!(rel("/w/generated-client", "/w/codegen/runtime"), "../codegen/runtime");
        assert_eq!(rel("/w/target/corpus/a", "/w/codegen/runtime"), "../../../codegen/runtime");
        assert_eq!(rel("/w/x/../generated-client", "/w/codegen/./runtime"), "../codegen/runtime");
        assert_eq!(rel("/w/codegen/runtime", "/w/codegen/runtime"), ".");
    }
}
