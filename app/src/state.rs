//! The one application state: handed to axum routes as state and to server functions as
//! Leptos context.

use crate::auth::oidc::OidcClient;
use crate::clock::Clock;
use crate::db::Database;
use crate::errors::{AppError, ErrorCode};
use crate::team::access::Team;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
    pub oidc: Arc<OidcClient>,
    /// A sign-in must come back from the IdP within this time.
    pub login_max_age: Duration,
    /// Who may read the error log.
    pub team: Arc<Team>,
    /// The clock the session rules read.
    pub clock: Clock,
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
        AppError(ErrorCode::Unknown)
    })
}
