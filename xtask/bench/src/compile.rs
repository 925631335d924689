//! 2. Compile time of the generated crate's own unit (dependencies already built, `CARGO_INCREMENTAL=0`
//!    as when a consumer builds it as a dependency): our crate vs progenitor's output for the same spec,
//!    on `spec/` and on progenitor's own large `nexus.json` (when the corpus is given). progenitor cannot
//!    generate from our spec as it is (it panics when an operation's error responses have different
//!    bodies: our 400/401 vs 422), so the benchmark's copy points every error response at the 400
//!    schema first. All crates live in one throwaway workspace under the benchmark's work dir; each run
//!    touches the crate's `src/lib.rs` and rebuilds it. Our generated crates depend on the runtime crate
//!    (`codegen/runtime/`) as progenitor's depend on `progenitor-client`: both are dependencies, built
//!    once. The runtime crate's own compile time is reported beside them.

use std::path::{Path, PathBuf};

use crate::build;
use crate::generate::{guarded, progenitor_text, read_spec};
use crate::stats::{round_ratios, show, times, Figure, Measure, Row};
use crate::Options;

const PROGENITOR_MANIFEST: &str = r#"[package]
name = "NAME"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
bytes = "1"
futures-core = "0.3"
futures = "0.3"
chrono = { version = "0.4", default-features = false, features = ["serde"] }
uuid = { version = "1", features = ["serde"] }
regress = "0.10"
# nexus.json has websocket operations: their generated code makes a `Sec-WebSocket-Key` from these two.
base64 = "0.22"
rand = "0.9"
"#;

/// Our spec with every non-2xx response body pointed at one schema, which progenitor requires.
fn unified_spec(root: &Path) -> Result<openapiv3::OpenAPI, String> {
    let text = std::fs::read_to_string(root.join("spec/leadconnector.yaml")).map_err(|e| e.to_string())?;
    let mut value = codegen::load::parse_yaml(&text, false).map_err(|e| e.message)?.0;
    if let Some(paths) = value.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut() {
            for op in item.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
                let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
                for (status, response) in responses.iter_mut() {
                    if !status.starts_with('2') {
                        if let Some(schema) = response.pointer_mut("/content/application~1json/schema") {
                            *schema = serde_json::json!({"$ref": "#/components/schemas/BadRequestError"});
                        }
                    }
                }
            }
        }
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn runtime_dir(options: &Options) -> PathBuf {
    options.root.join("codegen/runtime")
}

/// Touches `package`'s `src/lib.rs` in `dir` and times its build.
fn timed(dir: &Path, package: &str) -> Result<build::Timed, String> {
    build::timed(dir, package, &[dir.join(package).join("src/lib.rs")], false)
}

/// One spec compiled both ways.
struct Case {
    label: String,
    ours: String,
    theirs: String,
    ours_t: Vec<f64>,
    theirs_t: Vec<f64>,
    /// The largest peak memory of a build, KiB: (ours, theirs).
    peaks: (u64, u64),
}

/// Writes our crate and progenitor's for `spec` into `dir`; `theirs_spec` is what progenitor is given.
fn prepare(
    options: &Options,
    dir: &Path,
    label: &str,
    key: &str,
    spec: &Path,
    theirs_spec: Result<openapiv3::OpenAPI, String>,
) -> Result<Case, String> {
    let ours = format!("ours_{key}");
    let theirs = format!("progenitor_{key}");
    let config = codegen::Config {
        crate_name: ours.clone(),
        runtime: codegen::RuntimeDependency::Path(runtime_dir(options).display().to_string()),
        ..codegen::Config::default()
    };
    let generated =
        codegen::generate(spec, &config).map_err(|d| format!("ours does not generate: {} diagnostics", d.len()))?;
    codegen::write::write(&dir.join(&ours), &generated.files, false).map_err(|e| e.to_string())?;
    let text =
        theirs_spec.and_then(|spec| guarded(|| progenitor_text(&spec))).map_err(|e| format!("progenitor: {e}"))?;
    let theirs_dir = dir.join(&theirs);
    std::fs::create_dir_all(theirs_dir.join("src"))
        .and_then(|()| std::fs::write(theirs_dir.join("Cargo.toml"), PROGENITOR_MANIFEST.replace("NAME", &theirs)))
        .and_then(|()| std::fs::write(theirs_dir.join("src/lib.rs"), format!("#![allow(warnings)]\n{text}")))
        .map_err(|e| e.to_string())?;
    Ok(Case { label: label.into(), ours, theirs, ours_t: Vec::new(), theirs_t: Vec::new(), peaks: (0, 0) })
}

/// The row of a compile case (`label`) that could not be measured, and why.
fn failed(label: &str, why: String) -> Row {
    Row {
        what: format!("compile the generated crate's own unit ({label})"),
        ours: "-".into(),
        baseline: "-".into(),
        ratio: None,
        note: why,
    }
}

/// Lines of Rust under `dir/src`, recursively.
fn lines(dir: &Path) -> usize {
    fn walk(dir: &Path, total: &mut usize) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, total);
            } else if path.extension().is_some_and(|e| e == "rs") {
                *total += std::fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
            }
        }
    }
    let mut total = 0;
    walk(&dir.join("src"), &mut total);
    total
}

pub fn run(options: &Options, rows: &mut Vec<Row>) -> Option<Figure> {
    eprintln!("== 2. compile time (building dependencies the first time takes minutes)");
    let dir = options.work.join("compile");
    let _ = std::fs::remove_dir_all(&dir);
    let fail = |rows: &mut Vec<Row>, why: String| {
        rows.push(failed("spec/", why));
        None
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return fail(rows, e.to_string());
    }
    let mut cases = Vec::new();
    match prepare(
        options,
        &dir,
        "spec/",
        "spec",
        &options.root.join("spec/leadconnector.yaml"),
        unified_spec(&options.root),
    ) {
        Ok(case) => cases.push(case),
        Err(e) => return fail(rows, e),
    }
    let nexus: Option<PathBuf> =
        options.corpus.as_ref().map(|c| c.join("progenitor/nexus.json")).filter(|p| p.is_file());
    match &nexus {
        Some(path) => match prepare(options, &dir, "nexus.json", "nexus", path, read_spec(path)) {
            Ok(case) => cases.push(case),
            Err(e) => rows.push(failed("nexus.json", e)),
        },
        None => eprintln!("(no corpus: the nexus.json compile case is skipped)"),
    }
    let members: Vec<String> =
        cases.iter().flat_map(|c| [format!("\"{}\"", c.ours), format!("\"{}\"", c.theirs)]).collect();
    if let Err(e) = std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    ) {
        return fail(rows, e.to_string());
    }
    let runtime = codegen::emit::RUNTIME_PACKAGE;
    for package in cases.iter().flat_map(|c| [c.ours.as_str(), c.theirs.as_str()]) {
        if let Err(e) = build::run(&dir, &["build", "--quiet", "-p", package]) {
            return fail(rows, format!("{package} does not build: {e}"));
        }
    }
    // Rounds alternate which side builds first. The spec/ crates build in under a second, so they get
    // the rounds of the alternating measures; nexus.json's take about ten seconds a build.
    let rounds = |case: &Case| match (case.label == "spec/", options.quick) {
        (true, _) => options.rounds(),
        (false, true) => 5,
        (false, false) => 9,
    };
    let most = cases.iter().map(rounds).max().unwrap_or(0);
    for round in 0..most {
        for case in cases.iter_mut().filter(|case| round < rounds(case)) {
            let (o, t) = if round % 2 == 0 {
                let o = timed(&dir, &case.ours);
                (o, timed(&dir, &case.theirs))
            } else {
                let t = timed(&dir, &case.theirs);
                (timed(&dir, &case.ours), t)
            };
            match (o, t) {
                (Ok(o), Ok(t)) => {
                    case.ours_t.push(o.seconds);
                    case.theirs_t.push(t.seconds);
                    case.peaks.0 = case.peaks.0.max(o.peak_kib.unwrap_or(0));
                    case.peaks.1 = case.peaks.1.max(t.peak_kib.unwrap_or(0));
                }
                (Err(e), _) | (_, Err(e)) => return fail(rows, e),
            }
        }
    }
    let runs = if options.quick { 3 } else { 7 };
    let runtime_lib = runtime_dir(options).join("src/lib.rs");
    let mut runtime_t = Vec::new();
    // The runtime on its own, after the generated crates: built alone (`-p`), it resolves its
    // dependencies' features apart from a generated crate's (serde_json's `preserve_order`), so a
    // touched runtime would be rebuilt a second time inside the next generated crate's measure.
    if let Err(e) = build::run(&dir, &["build", "--quiet", "-p", runtime]) {
        return fail(rows, format!("{runtime} does not build on its own: {e}"));
    }
    for _ in 0..runs {
        match build::timed(&dir, runtime, std::slice::from_ref(&runtime_lib), false) {
            Ok(t) => runtime_t.push(t.seconds),
            Err(e) => return fail(rows, e),
        }
    }
    let peak = |k: u64| if k == 0 { "-".to_string() } else { build::kib(k) };
    let mut headline = None;
    for case in &cases {
        // The median of the rounds' own ratios: a build disturbed by other work moves one round.
        let ratio = round_ratios(&case.ours_t, &case.theirs_t);
        headline.get_or_insert(Figure::of(&ratio));
        let note = if case.label == "spec/" { "; progenitor's copy has its errors unified" } else { "" };
        rows.push(Row {
            what: format!("compile the generated crate's own unit ({})", case.label),
            ours: show(&times(&case.ours_t)),
            baseline: show(&times(&case.theirs_t)),
            ratio: Some(ratio.median),
            note: format!(
                "median of {} alternated rounds (±{:.0}%); peak RSS {} vs {}; {} vs {} lines{note}",
                case.ours_t.len(),
                ratio.spread_pct(),
                peak(case.peaks.0),
                peak(case.peaks.1),
                lines(&dir.join(&case.ours)),
                lines(&dir.join(&case.theirs))
            ),
        });
    }
    let rt = Measure::of(&mut runtime_t);
    rows.push(Row {
        what: "  the runtime crate itself (a dependency, built once)".into(),
        ours: show(&rt),
        baseline: "-".into(),
        ratio: None,
        note: format!("{runtime}, {} lines", lines(&runtime_dir(options))),
    });
    headline
}
