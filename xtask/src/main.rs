//! `cargo xtask codegen [--check] [--strict] [--allow LINT…] [--deny LINT…] [--spec PATH --out DIR --crate-name NAME --readme PATH --overlay PATH…]`
//! (`--strict`: every warning is an error, and nothing is written; `--allow`/`--deny`: the warnings of
//! one lint are dropped or errors, over `--strict`; the lints are listed in the README)
//! `cargo xtask corpus DIR…`: generate a crate for every spec under each DIR and `cargo check` them all.
//! `cargo xtask bench [--quick] [--corpus DIR] [--only MEASURE]`: the benchmarks (`xtask/bench/`, its own workspace so that
//! progenitor never enters the default build); the corpus defaults to `../shared/corpus` when present.
//!
//! With no options it regenerates `generated-client/` from `spec/leadconnector.yaml`, with the crate
//! README from `spec/client-README.md`, applying every overlay in `spec/overlays/` in name order; `--overlay`
//! (repeatable) applies more, after those (for another spec, only the ones given).

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--strict] [--allow LINT]... [--deny LINT]... [--spec PATH] [--out DIR] [--crate-name NAME] [--readme PATH] [--overlay PATH]...\n       cargo xtask corpus DIR...\n       cargo xtask bench [--quick] [--corpus DIR] [--only MEASURE]";

mod corpus;
mod diff;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("corpus") if args.len() >= 2 => {
            corpus::run(&args[1..].iter().map(PathBuf::from).collect::<Vec<_>>(), &workspace_root())
        }
        Some("bench") => bench(&args[1..]),
        Some("diff") => diff::diff(&args[1..]),
        Some("release") => diff::release(&args[1..]),
        Some("semver-audit") => diff::semver_audit(&args[1..]),
        _ => {
            eprintln!("{USAGE}\n{}", diff::USAGE.replacen("usage:", "      ", 1));
            ExitCode::from(2)
        }
    }
}

use xtask::{shown, workspace_root, Overrides, Project};

fn parse(args: &[String]) -> Result<(bool, Overrides), String> {
    let (mut check, mut overrides) = (false, Overrides::default());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--check" => check = true,
            "--strict" => overrides.strict = true,
            "--allow" => {
                overrides.lints.allow(value("--allow")?.parse()?);
            }
            "--deny" => {
                overrides.lints.deny(value("--deny")?.parse()?);
            }
            "--spec" => overrides.spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => overrides.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => overrides.crate_name = Some(value("--crate-name")?),
            "--readme" => overrides.readme = Some(PathBuf::from(value("--readme")?)),
            "--overlay" => overrides.overlays.push(PathBuf::from(value("--overlay")?)),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok((check, overrides))
}

fn codegen(args: &[String]) -> ExitCode {
    let (check, overrides) = match parse(args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    // With no spec or output of its own, the run covers the fixture clients too.
    let defaults = overrides.spec.is_none() && overrides.out.is_none();
    let (strict, lints) = (overrides.strict, overrides.lints.clone());
    let project = match xtask::project(overrides) {
        Ok(project) => project,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut projects = vec![(project, true)];
    if defaults {
        // The fixtures exist to exercise warnings: they are counted, not shown.
        projects.extend(xtask::fixture_clients().into_iter().map(|mut fixture| {
            fixture.config.strict = strict;
            fixture.config.lints = lints.clone();
            (fixture, false)
        }));
    }
    let mut status = ExitCode::SUCCESS;
    for (project, show_warnings) in projects {
        if !generate_one(project, check, show_warnings) {
            status = ExitCode::FAILURE;
        }
    }
    status
}

/// Generates one project into its output directory (or, with `check`, only compares); `false`
/// after an error or, with `check`, a stale output. Errors are always shown; warnings are shown
/// or counted.
fn generate_one(project: Project, check: bool, show_warnings: bool) -> bool {
    let Project { spec, overlays, out, config } = project;
    let generated = match codegen::generate_with_overlays(&spec, &overlays, &config) {
        Ok(g) => g,
        Err(diags) => {
            eprint!("{diags}");
            let errors = diags.iter().filter(|d| d.severity == codegen::Severity::Error).count();
            eprintln!("error: `{}` cannot be used: {errors} error(s), nothing was written", spec.display());
            return false;
        }
    };
    if show_warnings {
        eprint!("{}", generated.diagnostics);
    } else if !generated.diagnostics.is_empty() {
        let count = generated.diagnostics.iter().count();
        eprintln!("{}: {count} warning(s), as the fixture intends", shown(&spec));
    }
    let changes = match codegen::write::write(&out, &generated.files, check) {
        Ok(c) => c,
        Err(e) => {
            // A refusal (files the generator does not own) or an I/O error: each says where and what.
            eprintln!("error: {e}");
            if let Some(help) = e.help() {
                eprintln!("help: {help}");
            }
            return false;
        }
    };
    if check {
        if changes.is_empty() {
            eprintln!("{} is fresh ({} files)", shown(&out), changes.unchanged);
            return true;
        }
        for p in &changes.written {
            eprintln!("stale: {}", shown(p));
        }
        for p in &changes.removed {
            eprintln!("stale (no longer generated): {}", shown(p));
        }
        eprintln!(
            "error: {} is out of date with {}; run `cargo xtask codegen` to regenerate it",
            shown(&out),
            shown(&spec)
        );
        return false;
    }
    for p in &changes.written {
        eprintln!("wrote {}", shown(p));
    }
    for p in &changes.removed {
        eprintln!("removed {}", shown(p));
    }
    eprintln!(
        "{}: {} written, {} removed, {} unchanged",
        shown(&out),
        changes.written.len(),
        changes.removed.len(),
        changes.unchanged
    );
    true
}

/// Builds and runs the benchmark crate in release mode, in its own target directory.
fn bench(args: &[String]) -> ExitCode {
    let root = workspace_root();
    let mut forwarded: Vec<String> = args.to_vec();
    let default_corpus = root.join("../shared/corpus");
    if !forwarded.iter().any(|a| a == "--corpus") && default_corpus.is_dir() {
        forwarded.push("--corpus".into());
        forwarded.push(default_corpus.display().to_string());
    }
    let status = xtask::cargo()
        .args(["run", "--release", "--quiet", "--manifest-path"])
        .arg(root.join("xtask/bench/Cargo.toml"))
        .arg("--")
        .args(&forwarded)
        .env("CARGO_TARGET_DIR", root.join("target/bench"))
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: running the benchmarks: {e}");
            ExitCode::FAILURE
        }
    }
}
