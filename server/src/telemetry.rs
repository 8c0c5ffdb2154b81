use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Logs to stderr, one line per event; `RUST_LOG` overrides the default level. Colours only
/// on a terminal: a container's log collector would store the escape codes.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_sessions=warn,sqlx=warn"));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    // A second call (as in tests) keeps the first subscriber.
    let _ = subscriber.try_init();
}
