//! `cargo xtask corpus DIR…`: the generality check. Every OpenAPI document under each DIR (those with
//! `paths`; files of shared components only are skipped) is generated into a crate in a temporary
//! workspace, and the whole workspace is `cargo check`ed at once (every feature on, so the `mock` test
//! support too), so dependencies build one time.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(dirs: &[PathBuf], root: &Path) -> ExitCode {
    // (spec, the folder it was found under): names are shown relative to that folder.
    let mut specs = Vec::new();
    for dir in dirs {
        let mut found = Vec::new();
        collect(dir, &mut found);
        if found.is_empty() {
            eprintln!("error: no .json, .yaml or .yml files under {}", dir.display());
            return ExitCode::FAILURE;
        }
        found.sort();
        specs.extend(found.into_iter().map(|spec| (spec, dir)));
    }
    let work = root.join("target/corpus");
    let _ = std::fs::remove_dir_all(&work);
    let mut members = Vec::new();
    let mut failed = Vec::new();
    println!("{:<40} {:>8}  result", "spec", "warnings");
    for (spec, dir) in &specs {
        let shown = shown(spec, dir, dirs.len() > 1);
        if !has_paths(spec) {
            println!("{shown:<40} {:>8}  skipped: no `paths` (a file of shared components)", "-");
            continue;
        }
        let name = format!("corpus_{}", shown.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_lowercase());
        let config = xtask::config_for(&work.join(&name), &name, None);
        match codegen::generate(spec, &config) {
            Ok(generated) => {
                let warnings = generated.diagnostics.len();
                for d in generated.diagnostics.iter() {
                    eprintln!("  {shown}: {d}");
                }
                if let Err(e) = codegen::write::write(&work.join(&name), &generated.files, false) {
                    println!("{shown:<40} {warnings:>8}  FAILED to write: {e}");
                    failed.push(shown);
                    continue;
                }
                println!("{shown:<40} {warnings:>8}  generated");
                members.push(name);
            }
            Err(diags) => {
                eprint!("{diags}");
                println!("{shown:<40} {:>8}  FAILED to generate", diags.len());
                failed.push(shown);
            }
        }
    }
    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", "));
    if let Err(e) = std::fs::write(work.join("Cargo.toml"), manifest) {
        eprintln!("error: writing the corpus workspace: {e}");
        return ExitCode::FAILURE;
    }
    // The versions this workspace builds with: nothing new is resolved, and the build is shared.
    if let Err(e) = std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")) {
        eprintln!("error: copying Cargo.lock into the corpus workspace: {e}");
        return ExitCode::FAILURE;
    }
    println!("cargo check of {} generated crates…", members.len());
    // `--all-features`: the test support (`mock`) compiles too, for every spec.
    let status = xtask::check_generated(&work).arg("--all-features").status();
    match status {
        Ok(s) if s.success() && failed.is_empty() => {
            println!("corpus: {} specs generated and compiled without warnings", members.len());
            ExitCode::SUCCESS
        }
        Ok(s) => {
            if !s.success() {
                println!("corpus: the generated crates do not compile (see above)");
            }
            if !failed.is_empty() {
                println!("corpus: failed to generate: {}", failed.join(", "));
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: running cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A spec's name in the report: relative to the folder given, prefixed with that folder's own name
/// when several were given (two folders may hold files of the same name).
fn shown(spec: &Path, dir: &Path, several: bool) -> String {
    let relative = spec.strip_prefix(dir).unwrap_or(spec);
    match dir.file_name().filter(|_| several) {
        Some(name) => Path::new(name).join(relative).display().to_string(),
        None => relative.display().to_string(),
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "json" | "yaml" | "yml")) {
            out.push(path);
        }
    }
}

/// Whether the document has `paths` (a cheap look at the text; the generator does the real parse).
fn has_paths(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.contains("\"paths\"") || t.lines().any(|l| l.starts_with("paths:")))
}
