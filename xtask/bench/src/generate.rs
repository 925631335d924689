//! 1. Generation time: the whole pipeline (read the spec → formatted files) of ours and of progenitor
//!    0.15.1 (Builder interface: `generate_tokens`, then `syn` + `prettyplease`), on the same inputs.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::stats::{alternate, round_ratios, show, times, Figure, Row};
use crate::Options;

fn ours(path: &Path) -> Result<usize, String> {
    let config = codegen::Config { crate_name: "bench_client".into(), ..codegen::Config::default() };
    codegen::generate(path, &config).map(|g| g.files.len()).map_err(|d| format!("{} diagnostics", d.len()))
}

/// Reads a spec the way a progenitor user would (serde_json, or YAML through our loader, which only
/// turns the text into a JSON tree).
pub fn read_spec(path: &Path) -> Result<openapiv3::OpenAPI, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let value: serde_json::Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    } else {
        codegen::load::parse_yaml(&text, false).map_err(|e| e.message)?.0
    };
    serde_json::from_value(value).map_err(|e| format!("openapiv3 refuses it: {e}"))
}

/// progenitor's pipeline; `Err` for an error, a panic, or output that does not parse.
pub fn progenitor_text(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let mut settings = progenitor::GenerationSettings::default();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    let mut generator = progenitor::Generator::new(&settings);
    let tokens = generator.generate_tokens(spec).map_err(|e| format!("error: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("unparsable output: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

fn progenitor(path: &Path) -> Result<usize, String> {
    let spec = read_spec(path)?;
    progenitor_text(&spec).map(|t| t.len())
}

/// Runs `f` once, turning a panic into an error (and keeping its message short).
pub fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    match result {
        Ok(r) => r,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panics: {}", message.lines().next().unwrap_or("")))
        }
    }
}

fn inputs(options: &Options) -> Vec<(String, PathBuf)> {
    let mut inputs = vec![("spec/leadconnector.yaml".to_string(), options.root.join("spec/leadconnector.yaml"))];
    if let Some(corpus) = &options.corpus {
        let mut found = Vec::new();
        collect(corpus, &mut found);
        found.sort();
        for path in found {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if !(text.contains("\"paths\"") || text.lines().any(|l| l.starts_with("paths:"))) {
                continue; // a file of shared components, not an API
            }
            let name = path.strip_prefix(corpus).unwrap_or(&path).display().to_string();
            if options.quick
                && !(name.ends_with("nexus.json")
                    || name.ends_with("keeper.json")
                    || name.ends_with("conversations.json"))
            {
                continue;
            }
            inputs.push((name, path));
        }
    }
    inputs
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// Returns the geometric mean of ours/progenitor over the inputs where both succeed.
pub fn run(options: &Options, rows: &mut Vec<Row>) -> Option<Figure> {
    eprintln!("== 1. generation time");
    let mut ratios = Vec::new();
    for (name, path) in inputs(options) {
        let ours_ok = guarded(|| ours(&path));
        let theirs_ok = guarded(|| progenitor(&path));
        let mut run_ours = || {
            std::hint::black_box(ours(&path).ok());
        };
        let mut run_theirs = || {
            std::hint::black_box(progenitor(&path).ok());
        };
        // Only what ran once without failing is timed; both, alternating, when both do.
        let per_round = Duration::from_millis(100);
        let (ours_text, theirs_text, ratio) = match (&ours_ok, &theirs_ok) {
            (Ok(_), Ok(_)) => {
                let t = alternate(options.rounds(), per_round, &mut [&mut run_ours, &mut run_theirs]);
                let ratio = round_ratios(&t[0], &t[1]);
                ratios.push(Figure::of(&ratio));
                let spread = format!(" (rounds ±{:.0}%)", ratio.spread_pct());
                (show(&times(&t[0])), show(&times(&t[1])) + &spread, Some(ratio.median))
            }
            (Ok(_), Err(_)) => {
                let t = alternate(options.rounds(), per_round, &mut [&mut run_ours]);
                (show(&times(&t[0])), "fails".into(), None)
            }
            (Err(e), _) => (e.clone(), "-".into(), None),
        };
        let note = match &theirs_ok {
            Err(e) => format!("progenitor {}", truncate(e, 90)),
            Ok(_) => String::new(),
        };
        rows.push(Row { what: format!("gen time: {name}"), ours: ours_text, baseline: theirs_text, ratio, note });
    }
    Figure::geomean(&ratios)
}

pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
