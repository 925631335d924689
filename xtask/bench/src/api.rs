//! 5. The whole API (issue 22, item 7): `spec/` with its 41 module files.
//!
//! - `gen-api`: generation as a whole process, two ways: (a) this benchmark binary started again with
//!   `--gen-api-once`, which runs the maintainer's pipeline on `spec/` alone (`xtask::leadconnector()`:
//!   overlays, README, examples, accepted warnings; `codegen::generate_with_overlays`; `write` in check
//!   mode); (b) the release-built `xtask` binary running `codegen --check` exactly as a maintainer does
//!   (`spec/` and then the 15 small fixture specs). Goal: under 1 s.
//! - `compile-api`: our generated crate plus our runtime against ghl-models plus ghl-sdk 0.5.2 (crates.io),
//!   for `conversations` alone and for `full`, dev profile, `CARGO_INCREMENTAL=0`, third-party
//!   dependencies prebuilt. A scratch consumer crate per side and feature set, in one throwaway
//!   workspace; ghl-sdk and ghl-models are copied out of cargo's registry cache and patched in by path, so
//!   that touching their `lib.rs` rebuilds them as touching ours rebuilds ours. The four builds alternate
//!   within each round (and which side goes first alternates between rounds). Each build runs under
//!   `/usr/bin/time -v` when it is there, for the peak memory (largest process: a rustc); the last round's
//!   builds also write `cargo build --timings` reports (under the work dir's `target/cargo-timings/`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::build;
use crate::stats::{round_ratios, show, show_time, times, Figure, Measure, Row};
use crate::Options;

/// The pipeline of `cargo xtask codegen --check` on `spec/` alone; `Err` when it fails or is stale.
pub fn gen_once() -> Result<usize, String> {
    let project = xtask::leadconnector()?;
    let generated = codegen::generate_with_overlays(&project.spec, &project.overlays, &project.config)
        .map_err(|d| format!("{} diagnostics", d.len()))?;
    let changes = codegen::write::write(&project.out, &generated.files, true).map_err(|e| e.to_string())?;
    if !changes.is_empty() {
        return Err(format!("{} is stale", project.out.display()));
    }
    Ok(generated.files.len())
}

/// Wall and CPU (user + system) seconds of each of `runs` runs of `command`; `Err` with its stderr's last
/// line when it fails. The CPU time (from `/usr/bin/time`, when it is there) hardly moves with the
/// machine's load, which the wall time does on a shared machine.
fn time_process(mut command: impl FnMut() -> Command, runs: usize) -> Result<(Vec<f64>, Vec<f64>), String> {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let inner = command();
        let mut outer = if gnu_time {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "cpu-seconds %U %S"]).arg(inner.get_program()).args(inner.get_args());
            if let Some(dir) = inner.get_current_dir() {
                c.current_dir(dir);
            }
            c
        } else {
            inner
        };
        let t = Instant::now();
        let output = outer.output().map_err(|e| e.to_string())?;
        let elapsed = t.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("fails").to_string());
        }
        wall.push(elapsed);
        let seconds = stderr.lines().rev().find_map(|l| l.strip_prefix("cpu-seconds ")).and_then(|l| {
            let mut parts = l.split_whitespace().map(|v| v.parse::<f64>().ok());
            Some(parts.next()?? + parts.next()??)
        });
        cpu.extend(seconds);
    }
    Ok((wall, cpu))
}

/// The row of one gen-api way: wall time against the 1 s goal, the CPU time in the note.
fn gen_row(what: &str, runs: usize, result: Result<(Vec<f64>, Vec<f64>), String>) -> (Row, Option<Figure>) {
    match result {
        Ok((mut wall, mut cpu)) => {
            let m = Measure::of(&mut wall);
            let cpu = if cpu.is_empty() {
                String::new()
            } else {
                format!("; CPU (user+sys) {}", show(&Measure::of(&mut cpu)))
            };
            let row = Row {
                what: what.into(),
                ours: show(&m),
                baseline: "1 s (goal)".into(),
                ratio: Some(m.median / 1.0),
                note: format!("{runs} runs, wall min {} max {}{cpu}", show_time(m.low), show_time(m.high)),
            };
            (row, Some(Figure { value: m.median, spread_pct: Some(m.spread_pct()) }))
        }
        Err(e) => (Row { what: what.into(), ours: "-".into(), baseline: "-".into(), ratio: None, note: e }, None),
    }
}

pub fn gen_run(options: &Options, rows: &mut Vec<Row>) -> Option<Figure> {
    eprintln!("== 5a. generation of the whole API (spec/, 41 modules), whole process");
    let runs = if options.quick { 7 } else { 15 };
    let exe = std::env::current_exe().map_err(|e| e.to_string());
    let result = exe.and_then(|exe| {
        let make = || {
            let mut c = Command::new(&exe);
            c.arg("--gen-api-once");
            c
        };
        // One untimed run first, so that every timed one reads the spec from the page cache.
        time_process(make, 1)?;
        time_process(make, runs)
    });
    let (row, headline) = gen_row("gen-api: spec/ as a process (bench --gen-api-once)", runs, result);
    rows.push(row);
    // The maintainer's own command, release-built in the workspace's own target directory.
    let binary = options.root.join("target/release/xtask");
    let result = build::run(&options.root, &["build", "--release", "--quiet", "-p", "xtask"]).and_then(|_| {
        let make = || {
            let mut c = Command::new(&binary);
            c.args(["codegen", "--check"]).current_dir(&options.root);
            c
        };
        time_process(make, 1)?;
        time_process(make, runs)
    });
    rows.push(gen_row("gen-api: release `xtask codegen --check` (+15 fixtures)", runs, result).0);
    headline
}

/// The crates.io side of the comparison.
const GHL_VERSION: &str = "0.5.2";

/// The feature sets compared: (label, our features, ghl-sdk's features).
const FEATURES: &[(&str, &str, &str)] =
    &[("conversations", "conversations", "conversations"), ("full", "full", "full")];

fn consumer_manifest(name: &str, dependency: &str) -> String {
    format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{dependency}\n")
}

/// Copies a directory tree (a registry crate's source).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// One side's build of one feature set: its consumer package and the sources touched before each build.
struct Build {
    side: &'static str,
    features: &'static str,
    package: String,
    touched: Vec<PathBuf>,
    times: Vec<f64>,
    /// Peak resident memory of the largest process of each build, in KiB.
    peaks: Vec<u64>,
}

/// Writes the throwaway workspace: four consumers and the vendored ghl crates.
fn prepare(options: &Options, dir: &Path) -> Result<Vec<Build>, String> {
    let io = |e: std::io::Error| e.to_string();
    std::fs::create_dir_all(dir).map_err(io)?;
    let ours_dir = options.root.join("generated-client");
    let runtime_lib = options.root.join("codegen/runtime/src/lib.rs");
    let mut members = Vec::new();
    let mut builds = Vec::new();
    for (label, our_features, their_features) in FEATURES {
        let key = label.replace('-', "_");
        let ours = format!("ours_{key}");
        let theirs = format!("ghl_{key}");
        for (package, dependency) in [
            (
                &ours,
                format!(
                    "leadconnector = {{ path = {:?}, features = [{our_features:?}] }}",
                    ours_dir.display().to_string()
                ),
            ),
            (&theirs, format!("ghl-sdk = {{ version = \"={GHL_VERSION}\", features = [{their_features:?}] }}")),
        ] {
            let crate_dir = dir.join(package);
            std::fs::create_dir_all(crate_dir.join("src")).map_err(io)?;
            std::fs::write(crate_dir.join("Cargo.toml"), consumer_manifest(package, &dependency)).map_err(io)?;
            std::fs::write(crate_dir.join("src/lib.rs"), "").map_err(io)?;
            members.push(format!("{package:?}"));
        }
        builds.push(Build {
            side: "ours",
            features: label,
            package: ours,
            touched: vec![ours_dir.join("src/lib.rs"), runtime_lib.clone()],
            times: Vec::new(),
            peaks: Vec::new(),
        });
        builds.push(Build {
            side: "ghl-sdk",
            features: label,
            package: theirs,
            touched: ["ghl-models", "ghl-sdk"]
                .iter()
                .map(|c| dir.join("vendor").join(format!("{c}-{GHL_VERSION}")).join("src/lib.rs"))
                .collect(),
            times: Vec::new(),
            peaks: Vec::new(),
        });
    }
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    let mut patch = String::from("\n[patch.crates-io]\n");
    for name in ["ghl-models", "ghl-sdk"] {
        patch.push_str(&format!("{name} = {{ path = \"vendor/{name}-{GHL_VERSION}\" }}\n"));
    }
    let vendored =
        ["ghl-models", "ghl-sdk"].iter().all(|c| dir.join("vendor").join(format!("{c}-{GHL_VERSION}")).is_dir());
    if vendored {
        // Copied by an earlier run: resolving again without the patch would only churn the lock file.
        std::fs::write(dir.join("Cargo.toml"), workspace + &patch).map_err(io)?;
        return Ok(builds);
    }
    std::fs::write(dir.join("Cargo.toml"), &workspace).map_err(io)?;
    // Fetch the registry crates, find their sources, and patch them in from a copy of each.
    build::run(dir, &["fetch"]).map_err(|e| format!("ghl-sdk {GHL_VERSION} cannot be fetched: {e}"))?;
    let metadata = build::run(dir, &["metadata", "--format-version", "1"])?;
    let metadata: serde_json::Value = serde_json::from_str(&metadata).map_err(|e| e.to_string())?;
    for name in ["ghl-models", "ghl-sdk"] {
        let manifest = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"] == name && p["version"] == GHL_VERSION)
            .and_then(|p| p["manifest_path"].as_str())
            .ok_or_else(|| format!("{name} {GHL_VERSION} is not in the resolved graph"))?;
        let source = Path::new(manifest).parent().unwrap_or(Path::new("."));
        let copy = dir.join("vendor").join(format!("{name}-{GHL_VERSION}"));
        if !copy.exists() {
            copy_tree(source, &copy).map_err(io)?;
        }
    }
    std::fs::write(dir.join("Cargo.toml"), workspace + &patch).map_err(io)?;
    Ok(builds)
}

pub fn compile_run(options: &Options, rows: &mut Vec<Row>) -> Option<Figure> {
    eprintln!("== 5b. compile time of the whole API vs ghl-sdk {GHL_VERSION} (dependencies first: minutes)");
    let dir = options.work.join("compile-api");
    let failed = |rows: &mut Vec<Row>, why: String| {
        rows.push(Row {
            what: "compile-api: ours vs ghl-sdk".into(),
            ours: "-".into(),
            baseline: "-".into(),
            ratio: None,
            note: why,
        });
        None
    };
    let mut builds = match prepare(options, &dir) {
        Ok(b) => b,
        Err(e) => return failed(rows, e),
    };
    for build in &builds {
        eprintln!("   prebuilding {} (and its dependencies)", build.package);
        if let Err(e) = build::run(&dir, &["build", "--quiet", "-p", &build.package]) {
            return failed(rows, format!("{} does not build: {e}", build.package));
        }
    }
    let rounds = if options.quick { 3 } else { 5 };
    for round in 0..rounds {
        // Pairs of (ours, theirs) per feature set; which side goes first alternates by round.
        for pair in builds.chunks_mut(2) {
            let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for i in order {
                let build = &mut pair[i];
                match build::timed(&dir, &build.package, &build.touched, round + 1 == rounds) {
                    Ok(timed) => {
                        let t = timed.seconds;
                        eprintln!("   round {}: {} {}: {}", round + 1, build.side, build.features, show_time(t));
                        build.times.push(t);
                        build.peaks.extend(timed.peak_kib);
                    }
                    Err(e) => return failed(rows, e),
                }
            }
        }
    }
    let mut ratios = Vec::new();
    for pair in builds.chunks(2) {
        let (ours, theirs) = (&pair[0], &pair[1]);
        // The median of the rounds' own ratios: a build disturbed by other work moves one round.
        let ratio = round_ratios(&ours.times, &theirs.times);
        ratios.push(Figure::of(&ratio));
        let peak = |b: &Build| b.peaks.iter().max().map(|k| build::kib(*k)).unwrap_or_else(|| "-".into());
        rows.push(Row {
            what: format!("compile-api: `{}` (crate + runtime vs models + sdk)", ours.features),
            ours: show(&times(&ours.times)),
            baseline: show(&times(&theirs.times)),
            ratio: Some(ratio.median),
            note: format!(
                "median of {rounds} alternated rounds (±{:.0}%); peak RSS {} vs {}",
                ratio.spread_pct(),
                peak(ours),
                peak(theirs)
            ),
        });
    }
    // The headline is the worse of the two.
    ratios.into_iter().reduce(|a, b| if b.value > a.value { b } else { a })
}
