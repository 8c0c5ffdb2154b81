//! The web server: reads configuration, opens the database, starts the app.

use server::{config::Config, startup::Application, telemetry};
use std::process::ExitCode;

/// mimalloc instead of the system's allocator: rendering a page makes many small short-lived
/// allocations, where glibc's allocator took a fifth of the server's CPU (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Why the server stopped: one line, naming what to fix.
#[derive(Debug, thiserror::Error)]
enum StopError {
    #[error(".env: {0}")]
    DotEnv(dotenvy::Error),
    #[error("LEPTOS_*: {0}")]
    Leptos(String),
    #[error("configuration error: {0}")]
    Config(#[from] server::config::ConfigError),
    #[error("start-up failed: {0}")]
    Startup(#[from] server::startup::StartupError),
    #[error("server error: {0}")]
    Serve(#[from] std::io::Error),
}

async fn run() -> Result<(), StopError> {
    // A `.env` file is optional; tests set DOTENV_DISABLED so a developer's file cannot leak in.
    if std::env::var_os("DOTENV_DISABLED").is_none() {
        if let Err(error) = dotenvy::dotenv() {
            if !error.not_found() {
                return Err(StopError::DotEnv(error));
            }
        }
    }
    let leptos_options = leptos::config::get_configuration(None)
        .map_err(|error| StopError::Leptos(error.to_string()))?
        .leptos_options;
    let config = Config::from_env(leptos_options.site_addr)?;
    let app = Application::build(config, leptos_options).await?;
    Ok(app.run_until_stopped().await?)
}

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
