//! What the Prism tests share: finding Prism, a mock server on a free port, its violations header.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use openapi_client_runtime::support::reqwest::header::HeaderMap;

/// The Prism executable; a test asked to run without one fails, saying what it needs.
pub fn prism() -> String {
    match std::env::var("PRISM") {
        Ok(path) if !path.is_empty() => path,
        _ => panic!(
            "PRISM is not set: this test runs Stoplight Prism (`.ci/run` installs it with npm into target/prism)"
        ),
    }
}

/// A Prism mock server on a free loopback port, stopped when dropped.
pub struct Prism {
    child: Child,
    pub base_url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Prism serving `spec` with dynamic (invented) responses; waits until it listens (at most `patience`).
pub fn start(executable: &str, spec: &Path, patience: Duration) -> Prism {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let child = Command::new(executable)
        .args(["mock", "--dynamic", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(spec)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Prism `{executable}`: {e}"));
    let prism = Prism { child, base_url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < patience, "Prism did not start listening within {patience:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    prism
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

/// Prism's report of what was wrong with the request, if anything.
pub fn violations(headers: &HeaderMap) -> Option<String> {
    headers.get("sl-violations").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}
