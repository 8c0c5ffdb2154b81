//! The one application state: handed to axum routes as state and to server functions as
//! Leptos context. Each part reaches its handlers on its own (axum's `FromRef`), so the
//! sign-in core gets only [`SignIn`] and each feature only its own piece.

use crate::errors::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sign_in::errors::ErrorCode;
use sign_in::SignIn;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub sign_in: SignIn,
    /// Who may read the error log.
    pub team: Arc<crate::team::access::Team>, // feature: team
    /// What the troubleshooting page last found out about the IdP.
    pub inspections: Arc<crate::troubleshooting::checks::Inspections>, // feature: troubleshooting
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for SignIn {
    fn from_ref(state: &AppState) -> Self {
        state.sign_in.clone()
    }
}

/// A part of the state inside a server function, or an error (never a panic) if the state
/// was not provided.
pub fn from_context<T: FromRef<AppState>>() -> Result<T, AppError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::new(ErrorCode::Unknown)
    })?;
    Ok(T::from_ref(&state))
}
