//! The web server: reads configuration, opens the database, starts the app.

use server::{config::Config, startup::Application, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    // A `.env` file is optional; tests set DOTENV_DISABLED so a developer's file cannot leak in.
    let dotenv = if std::env::var_os("DOTENV_DISABLED").is_some() {
        Ok(Default::default())
    } else {
        dotenvy::dotenv()
    };
    if let Err(error) = dotenv {
        if !error.not_found() {
            eprintln!(".env: {error}");
            return ExitCode::FAILURE;
        }
    }
    let leptos_options = match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(error) => {
            eprintln!("LEPTOS_*: {error}");
            return ExitCode::FAILURE;
        }
    };
    let config = match Config::from_env(leptos_options.site_addr) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let app = match Application::build(config, leptos_options).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("start-up failed: {error}");
            return ExitCode::FAILURE;
        }
    };
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server error: {error}");
            ExitCode::FAILURE
        }
    }
}
