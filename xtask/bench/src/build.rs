//! Timed cargo builds in the benchmark's throwaway workspaces, built as a consumer builds a
//! dependency: `CARGO_INCREMENTAL=0`, no debug info (the house setting), and none of this process's
//! own `CARGO_TARGET_DIR` or `RUSTFLAGS`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// `cargo` in the workspace `dir`.
pub fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0");
    command
}

/// Runs `cargo args` in `dir`: its stdout, or its first error lines.
pub fn run(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = cargo(dir).args(args).output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(first_errors(&String::from_utf8_lossy(&output.stderr)))
    }
}

fn first_errors(stderr: &str) -> String {
    stderr.lines().filter(|l| l.contains("error")).take(3).collect::<Vec<_>>().join(" | ")
}

pub fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::OpenOptions::new().append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now()).map_err(|e| e.to_string())
}

/// One timed build.
pub struct Timed {
    pub seconds: f64,
    /// Peak resident memory of the largest process (a rustc), in KiB, under `/usr/bin/time -v`.
    pub peak_kib: Option<u64>,
}

/// Touches `touched` and times `cargo build -p package` in `dir`, under `/usr/bin/time -v` when it is
/// there; `timings`: also a `cargo build --timings` report (under the workspace's `target/cargo-timings/`).
pub fn timed(dir: &Path, package: &str, touched: &[PathBuf], timings: bool) -> Result<Timed, String> {
    for path in touched {
        touch(path)?;
    }
    let mut command = if Path::new("/usr/bin/time").exists() {
        let inner = cargo(dir);
        let mut command = Command::new("/usr/bin/time");
        command.arg("-v").arg(inner.get_program()).current_dir(dir);
        for (key, value) in inner.get_envs() {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        command
    } else {
        cargo(dir)
    };
    command.args(["build", "--quiet", "-p", package]);
    if timings {
        command.arg("--timings");
    }
    let start = Instant::now();
    let output = command.output().map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{package} does not build: {}", first_errors(&stderr)));
    }
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok());
    Ok(Timed { seconds, peak_kib })
}

/// A size in KiB as GiB or MiB.
pub fn kib(k: u64) -> String {
    if k >= 1 << 20 {
        format!("{:.2} GiB", k as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} MiB", k as f64 / 1024.0)
    }
}
