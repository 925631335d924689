//! 2. Compile time of the generated crate's own unit (dependencies already built): our crate for
//!    `spec/` vs progenitor's output for the same spec. progenitor cannot generate from our spec as it
//!    is (it panics when an operation's error responses have different bodies: our 400/401 vs 422), so
//!    the benchmark's copy points every error response at the 400 schema first. Both crates live in one
//!    throwaway workspace under the benchmark's work dir; each run touches `src/lib.rs` and rebuilds.
//!    A third crate, generated from a spec with one bodiless operation, shows what our runtime alone
//!    costs: it is compiled inside our crate, while progenitor's lives in the prebuilt
//!    `progenitor-client` dependency.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::generate::{guarded, progenitor_text};
use crate::stats::{show, Measure, Row};
use crate::Options;

const RUNTIME_ONLY_SPEC: &str = "openapi: 3.0.3\ninfo: {title: runtime only, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: {'204': {description: pong}}\n";

const PROGENITOR_MANIFEST: &str = r#"[package]
name = "progenitor_client_bench"
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

fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).lines().filter(|l| l.contains("error")).take(3).collect::<Vec<_>>().join(" | "))
    }
}

fn touch(path: &Path) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().append(true).open(path)?;
    file.set_modified(std::time::SystemTime::now())
}

pub fn run(options: &Options, rows: &mut Vec<Row>) -> Option<f64> {
    eprintln!("== 2. compile time (building dependencies the first time takes minutes)");
    let dir = options.work.join("compile");
    let fail = |rows: &mut Vec<Row>, why: String| {
        rows.push(Row { what: "compile the generated crate's own unit (spec/)".into(), ours: "-".into(), baseline: "-".into(), ratio: None, note: why });
        None
    };
    let ours_dir = dir.join("ours");
    let theirs_dir = dir.join("progenitor");
    let config = codegen::Config { crate_name: "ours_client_bench".into(), ..codegen::Config::default() };
    let generated = match codegen::generate(&options.root.join("spec/leadconnector.yaml"), &config) {
        Ok(g) => g,
        Err(d) => return fail(rows, format!("ours does not generate: {d}")),
    };
    if let Err(e) = codegen::write::write(&ours_dir, &generated.files, false) {
        return fail(rows, e.to_string());
    }
    let runtime_dir = dir.join("runtime_only");
    let spec_path = dir.join("runtime-only.yaml");
    let runtime_config = codegen::Config { crate_name: "runtime_only_bench".into(), ..codegen::Config::default() };
    let runtime_only = std::fs::write(&spec_path, RUNTIME_ONLY_SPEC)
        .map_err(|e| e.to_string())
        .and_then(|()| codegen::generate(&spec_path, &runtime_config).map_err(|d| d.to_string()))
        .and_then(|g| codegen::write::write(&runtime_dir, &g.files, false).map_err(|e| e.to_string()));
    if let Err(e) = runtime_only {
        return fail(rows, e);
    }
    let text = match unified_spec(&options.root).and_then(|spec| guarded(|| progenitor_text(&spec))) {
        Ok(t) => t,
        Err(e) => return fail(rows, format!("progenitor: {e}")),
    };
    let written = std::fs::create_dir_all(theirs_dir.join("src"))
        .and_then(|()| std::fs::write(theirs_dir.join("Cargo.toml"), PROGENITOR_MANIFEST))
        .and_then(|()| std::fs::write(theirs_dir.join("src/lib.rs"), format!("#![allow(warnings)]\n{text}")))
        .and_then(|()| std::fs::write(dir.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"ours\", \"progenitor\", \"runtime_only\"]\n"));
    if let Err(e) = written {
        return fail(rows, e.to_string());
    }
    for package in ["ours_client_bench", "progenitor_client_bench", "runtime_only_bench"] {
        if let Err(e) = cargo(&dir, &["build", "--quiet", "-p", package]) {
            return fail(rows, format!("{package} does not build: {e}"));
        }
    }
    let runs = if options.quick { 3 } else { 7 };
    let (mut ours_t, mut theirs_t, mut runtime_t) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        for (package, lib, times) in [
            ("ours_client_bench", ours_dir.join("src/lib.rs"), &mut ours_t),
            ("progenitor_client_bench", theirs_dir.join("src/lib.rs"), &mut theirs_t),
            ("runtime_only_bench", runtime_dir.join("src/lib.rs"), &mut runtime_t),
        ] {
            if let Err(e) = touch(&lib) {
                return fail(rows, e.to_string());
            }
            let t = Instant::now();
            if let Err(e) = cargo(&dir, &["build", "--quiet", "-p", package]) {
                return fail(rows, e);
            }
            times.push(t.elapsed().as_secs_f64());
        }
    }
    let (o, t, rt) = (Measure::of(&mut ours_t), Measure::of(&mut theirs_t), Measure::of(&mut runtime_t));
    let ratio = o.median / t.median;
    let lines = |p: &Path| std::fs::read_dir(p.join("src")).into_iter().flatten().flatten().chain(std::fs::read_dir(p.join("src/operations")).into_iter().flatten().flatten()).chain(std::fs::read_dir(p.join("src/runtime")).into_iter().flatten().flatten()).filter_map(|e| std::fs::read_to_string(e.path()).ok()).map(|t| t.lines().count()).sum::<usize>();
    rows.push(Row {
        what: "compile the generated crate's own unit (spec/, dev)".into(),
        ours: show(&o),
        baseline: show(&t),
        ratio: Some(ratio),
        note: format!("{} vs {} lines; progenitor's copy has its errors unified", lines(&ours_dir), lines(&theirs_dir)),
    });
    rows.push(Row {
        what: "  of which our runtime (crate of a 1-operation spec)".into(),
        ours: show(&rt),
        baseline: "-".into(),
        ratio: None,
        note: format!("ours without it ~{}: {:.2}x progenitor", crate::stats::show_time(o.median - rt.median), (o.median - rt.median) / t.median),
    });
    Some(ratio)
}
