//! `cargo xtask`: the workspace's tasks. `cargo xtask --help` lists them, and `cargo xtask COMMAND --help`
//! the options of each (`cli.rs` defines them all).
//!
//! `cargo xtask codegen` with no options regenerates `generated-client/` from `spec/leadconnector.yaml`,
//! with the crate README from `spec/client-README.md`, applying every overlay in `spec/overlays/` in name
//! order; `--overlay` (repeatable) applies more, after those (for another spec, only the ones given).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

mod cli;
mod corpus;
mod diff;

use cli::{BenchArgs, Cli, CodegenArgs, Command, ImportArgs};

/// Generation is mostly small allocations (token streams, syntax trees, formatted text); see
/// BENCHMARKS.md for what mimalloc saves over the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Codegen(args) => codegen(args),
        Command::Import(args) => import(&args),
        Command::Corpus { dirs } => corpus::run(&dirs, &workspace_root()),
        Command::Bench(args) => bench(&args),
        Command::Diff(args) => diff::diff(args),
        Command::Release { record_surface: false } => diff::release(),
        Command::Release { record_surface: true } => diff::record_surface(),
        Command::SemverAudit { cases } => diff::semver_audit(&cases),
    }
}

use xtask::{shown, workspace_root, Overrides, Project};

fn codegen(args: CodegenArgs) -> ExitCode {
    let CodegenArgs { check, strict, spec, out, crate_name, readme, overlays, allow, deny } = args;
    let mut lints = codegen::LintLevels::default();
    for lint in allow {
        lints.allow(lint);
    }
    for lint in deny {
        lints.deny(lint);
    }
    let overrides = Overrides { spec, out, crate_name, readme, overlays, strict, lints };
    // With no spec or output of its own, the run covers the fixture clients too.
    let defaults = overrides.spec.is_none() && overrides.out.is_none();
    let strict = overrides.strict;
    let project = match xtask::project(overrides) {
        Ok(project) => project,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    // Our crate's conformance harness is written beside it when the run is the default one.
    let harness = defaults.then(|| workspace_root().join(xtask::CONFORMANCE_DIR));
    let mut projects = vec![(project, true, harness)];
    if defaults {
        // The fixtures exist to exercise warnings: they are counted, not shown.
        projects.extend(xtask::fixture_clients().into_iter().map(|mut fixture| {
            fixture.config.strict = strict;
            (fixture, false, None)
        }));
    }
    let mut status = ExitCode::SUCCESS;
    for (project, show_warnings, harness) in projects {
        if !generate_one(project, check, show_warnings, harness) {
            status = ExitCode::FAILURE;
        }
    }
    status
}

/// Generates one project into its output directory (or, with `check`, only compares); `false`
/// after an error or, with `check`, a stale output. Errors are always shown; warnings are shown
/// or counted. With `harness`, the project's conformance harness is written (or compared) there.
fn generate_one(project: Project, check: bool, show_warnings: bool, harness: Option<PathBuf>) -> bool {
    let Project { spec, overlays, out, config } = project;
    let lowered = codegen::lower_spec(&spec, &overlays);
    let harness = match (&lowered, harness) {
        (Ok(lowered), Some(dir)) => match xtask::conformance_files(&lowered.api, &config) {
            Ok(files) => Some((dir, files)),
            Err(message) => {
                eprintln!("error: {message}");
                return false;
            }
        },
        _ => None,
    };
    let generated = match lowered.and_then(|lowered| codegen::generate_lowered(lowered, &config)) {
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
    let mut fresh = write_out(&spec, &out, &generated.files, check);
    if let Some((dir, files)) = harness {
        fresh &= write_out(&spec, &dir, &files, check);
    }
    fresh
}

/// Writes (or, with `check`, compares) the generated `files` under `out`, and says what changed.
fn write_out(spec: &Path, out: &Path, files: &[(String, String)], check: bool) -> bool {
    let changes = match codegen::write::write(out, files, check) {
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
            eprintln!("{} is fresh ({} files)", shown(out), changes.unchanged);
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
            shown(out),
            shown(spec)
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
        shown(out),
        changes.written.len(),
        changes.removed.len(),
        changes.unchanged
    );
    true
}

/// Builds and runs the benchmark crate in release mode, in its own target directory.
fn bench(args: &BenchArgs) -> ExitCode {
    let root = workspace_root();
    let mut forwarded = args.forwarded();
    let default_corpus = root.join("../shared/corpus");
    if args.corpus.is_none() && default_corpus.is_dir() {
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

/// `cargo xtask import`: writes (or with `--check` compares) `spec/modules/` and `spec/webhooks.yaml`,
/// prints every repair, and checks that the hand-written root declares what the modules need.
fn import(args: &ImportArgs) -> ExitCode {
    let spec = args.spec.clone().unwrap_or_else(|| workspace_root().join("spec"));
    let (imported, outcome) = match xtask::import::run(&args.from, &spec, args.check) {
        Ok(done) => done,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    println!("| Repair | Module | JSON pointer | What was done |\n|---|---|---|---|");
    for r in &imported.repairs {
        println!("| `{}` | {} | `{}` | {} |", r.name, r.module, r.pointer, r.what);
    }
    for r in &imported.webhook_repairs {
        println!("| `webhook-event` | {} | `{}` | {} |", r.name, r.pointer, r.what);
    }
    let counts: Vec<String> =
        xtask::import::report_counts(&imported.repairs).iter().map(|(name, n)| format!("{name} {n}")).collect();
    println!("\n{} repairs ({})", imported.repairs.len(), counts.join(", "));
    println!("{}: {} repairs", xtask::import_webhooks::FILE, imported.webhook_repairs.len());
    let mut status = ExitCode::SUCCESS;
    if args.check {
        if outcome.stale.is_empty() {
            eprintln!("{} is what the import writes ({} files)", shown(&spec), imported.files.len());
        } else {
            for line in &outcome.stale {
                eprintln!("{line}");
            }
            eprintln!(
                "error: spec/ is not what `cargo xtask import` writes from {}; run it without --check",
                args.from.display()
            );
            status = ExitCode::FAILURE;
        }
    } else {
        for line in &outcome.stale {
            eprintln!("wrote ({line})");
        }
        eprintln!("{}: {} files, {} changed", shown(&spec), imported.files.len(), outcome.stale.len());
    }
    for problem in &outcome.root_problems {
        eprintln!("error: {}: {problem}", shown(&spec.join("leadconnector.yaml")));
    }
    if !outcome.root_problems.is_empty() {
        eprintln!("help: the root document is written by hand; the import only checks it");
        status = ExitCode::FAILURE;
    }
    status
}
