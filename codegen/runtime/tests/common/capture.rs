//! The `tracing` output of a test binary, captured at TRACE level so that a test can check what
//! was logged (and that no secret was). Shared by the runtime's tests and, through `#[path]`, by
//! the generated client's `tests/tests/secrets.rs`.

use std::io;
use std::sync::{Arc, Mutex, OnceLock};

/// A `tracing` writer that appends to a shared buffer.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Capture {
    /// Everything captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

/// Installs, once for this test binary, a global TRACE-level subscriber writing to a buffer, and
/// returns that buffer. Every test that checks the output calls it first, so the subscriber exists
/// before any callsite is hit; a thread-local `set_default` is not reliable while other tests run
/// on other threads (tracing caches callsite interest globally), and a global one also captures
/// what the other tests of the binary log.
pub fn capture() -> Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let capture = Capture::default();
            let writer = capture.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_writer(move || writer.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in this test binary");
            capture
        })
        .clone()
}
