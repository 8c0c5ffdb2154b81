//! For tests: what the code under test printed to the server log.

use std::sync::{Arc, Mutex};
use tracing::subscriber::DefaultGuard;

/// A log the test can read back; it captures until dropped.
pub struct CapturedLog {
    printed: Arc<Mutex<Vec<u8>>>,
    _guard: DefaultGuard,
}

#[derive(Clone)]
struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLog {
    /// Captures what this thread logs, formatted as the server's log is.
    pub fn start() -> Self {
        let printed = Arc::new(Mutex::new(Vec::new()));
        let writer = Writer(printed.clone());
        let subscriber =
            tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
        Self { printed, _guard: tracing::subscriber::set_default(subscriber) }
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.printed.lock().unwrap()).into_owned()
    }
}
