//! `cargo xtask bench [--quick] [--corpus DIR] [--only gen|compile|decode|paginate|pace|gen-api|compile-api]`: our generator and client against the field's baseline
//! (progenitor 0.15.1) and against floors written here, each pair measured in the same run.
//!
//! 1. generation time, ours vs progenitor (alternating rounds, medians);
//! 2. compile time of the generated crate's own unit, ours vs progenitor's output (alternating rounds, medians);
//! 3. decode throughput of a 100-message page, our types vs two hand-written floors (alternating rounds);
//! 4. pagination throughput from a loopback server, our stream vs a raw reqwest + serde_json loop,
//!    and our peak memory at 10,000 vs 100,000 messages;
//! 5. the whole API (`spec/`, 41 modules): generation as a whole process (goal under 1 s), and compile
//!    time against ghl-sdk 0.5.2 for `conversations` and `full` (`api.rs`).

mod alloc;
mod api;
mod build;
mod compile;
mod decode;
mod generate;
mod loopback;
mod pace;
mod paginate;
mod stats;

use std::path::{Path, PathBuf};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

pub struct Options {
    pub quick: bool,
    pub root: PathBuf,
    pub corpus: Option<PathBuf>,
    /// Run this one measure only (its row and its ratio; the others print `n/a`).
    pub only: Option<String>,
    /// Where the benchmark builds and writes what it needs.
    pub work: PathBuf,
}

impl Options {
    /// Rounds of the alternating measures (generation, decoding, and the compile of spec/).
    pub fn rounds(&self) -> usize {
        if self.quick {
            11
        } else {
            31
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root");
    let mut options = Options { quick: false, work: root.join("target/bench-work"), root, corpus: None, only: None };
    const MEASURES: [&str; 7] = ["gen", "compile", "decode", "paginate", "pace", "gen-api", "compile-api"];
    const USAGE: &str =
        "usage: bench [--quick] [--corpus DIR] [--only gen|compile|decode|paginate|pace|gen-api|compile-api]";
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--corpus" => options.corpus = args.next().map(PathBuf::from),
            "--only" => match args.next() {
                Some(m) if MEASURES.contains(&m.as_str()) => options.only = Some(m),
                _ => {
                    eprintln!("--only needs one of {}; {USAGE}", MEASURES.join(", "));
                    std::process::exit(2);
                }
            },
            // One run of the whole-API pipeline, timed from outside as a process (`api.rs`).
            "--gen-api-once" => match api::gen_once() {
                Ok(_) => return,
                Err(e) => {
                    eprintln!("error: {e}");
                    std::process::exit(1);
                }
            },
            other => {
                eprintln!("unknown argument `{other}`; {USAGE}");
                std::process::exit(2);
            }
        }
    }
    std::fs::create_dir_all(&options.work).expect("work dir");

    let mut rows: Vec<stats::Row> = Vec::new();
    let wanted = |measure: &str| options.only.as_deref().is_none_or(|only| only == measure);
    let gen = if wanted("gen") { generate::run(&options, &mut rows) } else { None };
    let compile = if wanted("compile") { compile::run(&options, &mut rows) } else { None };
    let decode = if wanted("decode") { decode::run(&options, &mut rows) } else { None };
    let paginate = if wanted("paginate") { paginate::run(&options, &mut rows) } else { None };
    let pace = if wanted("pace") { pace::run(&options, &mut rows) } else { None };
    let gen_api = if wanted("gen-api") { api::gen_run(&options, &mut rows) } else { None };
    // About 15 minutes even with dependencies built: the quick mode runs it only when asked (`--only`).
    let compile_api = if wanted("compile-api") && !(options.quick && options.only.is_none()) {
        api::compile_run(&options, &mut rows)
    } else {
        None
    };

    println!();
    println!(
        "{:<58} {:>14} {:>14} {:>9}  note",
        "measure (ratio: time ours/theirs, or throughput ours/theirs)", "ours", "baseline", "ratio"
    );
    for row in &rows {
        println!("{row}");
    }
    // Each figure with its spread (`0.99±6%`), where it has one.
    let r = |v: Option<stats::Figure>| v.map(|v| v.to_string()).unwrap_or_else(|| "n/a".into());
    println!();
    println!(
        "bench: gen_vs_progenitor={} compile_vs_progenitor={} decode_vs_floor={} paginate_vs_raw={} pace_throughput_vs_limit={} gen_api_seconds={} compile_api_vs_ghl_sdk={}",
        r(gen),
        r(compile),
        r(decode),
        r(paginate),
        r(pace),
        r(gen_api),
        r(compile_api)
    );
}
