//! The one application state: handed to axum routes as state and to server functions as
//! Leptos context.

use crate::auth::oidc::OidcClient;
use crate::auth::session::SessionRules;
use crate::db::Database;
use crate::errors::{AppError, ErrorCode};
use crate::team::access::Team;
use crate::troubleshooting::checks::Inspections;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
    pub oidc: Arc<OidcClient>,
    /// The rules every signed-in session keeps, and the clock they read.
    pub session_rules: SessionRules,
    /// Who may read the error log.
    pub team: Arc<Team>,
    /// What the troubleshooting page last found out about the IdP.
    pub inspections: Arc<Inspections>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function, or an error (never a panic) if it was not provided.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::new(ErrorCode::Unknown)
    })
}
