//! The one application state: handed to axum routes as state and to server functions as
//! Leptos context.

use crate::auth::oidc::OidcClient;
use crate::auth::User;
use crate::db::Database;
use crate::errors::{AppError, ErrorCode};
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
    /// Lower-case emails of the people who may read the error log.
    pub team_emails: Arc<[String]>,
}

impl AppState {
    /// Team members are recognised by an email the IdP has not marked unverified.
    pub fn is_team_member(&self, user: &User) -> bool {
        let Some(email) = user.email.as_deref().filter(|_| user.email_verified != Some(false)) else {
            return false;
        };
        self.team_emails.iter().any(|member| member.eq_ignore_ascii_case(email))
    }
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
