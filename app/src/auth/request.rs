//! What a server function or route needs from the request: the app state, the typed session
//! and a few facts for the error log. Also the one place failures become an error page.

use super::session::AuthSession;
use crate::errors::{AppError, ErrorCode, Failure, RequestInfo};
use crate::state::AppState;
use axum::http::{header, request::Parts, HeaderMap};
use tower_sessions::Session;

pub struct AuthRequest {
    pub state: AppState,
    pub session: AuthSession,
    pub info: RequestInfo,
}

impl AuthRequest {
    pub fn new(state: AppState, session: Session, path: &str, headers: &HeaderMap) -> Self {
        let session = AuthSession::new(session, state.session_rules.clone());
        let user_agent = headers.get(header::USER_AGENT).and_then(|ua| ua.to_str().ok()).map(str::to_owned);
        let info = RequestInfo { path: path.to_owned(), user_agent, had_session: session.exists() };
        Self { state, session, info }
    }

    /// Builds the request context inside a server function.
    pub async fn from_server_fn() -> Result<Self, AppError> {
        let state = crate::state::app_state()?;
        let session: Session = leptos_axum::extract().await.map_err(|error| {
            tracing::error!(%error, "no session on the request: is the session layer installed?");
            AppError::new(ErrorCode::DatabaseUnavailable)
        })?;
        let parts = leptos::prelude::use_context::<Parts>().ok_or(AppError::new(ErrorCode::Unknown))?;
        Ok(Self::new(state, session, parts.uri.path(), &parts.headers))
    }

    /// Logs the failure for the team and returns the friendly page to send the user to.
    pub async fn fail(&self, failure: Failure) -> String {
        let reference = self.state.db.log_failure(Some(self.state.oidc.issuer()), &failure, &self.info).await;
        if let Some(return_to) = &failure.return_to {
            // Best effort: without it, "Try again" lands on the default page.
            if let Err(error) = self.session.remember_retry(return_to).await {
                tracing::warn!(%error, "could not remember where to retry");
            }
        }
        failure.error_page(&reference)
    }

    /// Logs an event that is not a failure for the user (a replayed callback) for the team.
    pub async fn note(&self, event: Failure) {
        self.state.db.log_failure(Some(self.state.oidc.issuer()), &event, &self.info).await;
    }
}
