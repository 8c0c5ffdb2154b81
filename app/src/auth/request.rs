//! What a server function or route needs from the request: the sign-in core, the typed
//! session and a few facts for the error log. Also the one place failures become a page.

use super::landing::Landings;
use super::outcomes::Outcomes;
use crate::errors::AppError;
use axum::http::{header, request::Parts, HeaderMap};
use sign_in::errors::{ErrorCode, Failure, RequestInfo};
use sign_in::session::AuthSession;
use sign_in::SignIn;
use std::sync::Arc;
use tower_cookies::Cookies;
use tower_sessions::Session;

pub struct AuthRequest {
    pub sign_in: SignIn,
    /// Where a sign-in may end besides this window.
    pub landings: Landings,
    /// How sign-ins ended, counted for the server's metrics.
    pub outcomes: Arc<Outcomes>,
    pub session: AuthSession,
    pub info: RequestInfo,
}

impl AuthRequest {
    pub fn new(
        sign_in: SignIn,
        landings: Landings,
        outcomes: Arc<Outcomes>,
        session: Session,
        cookies: Cookies,
        path: &str,
        headers: &HeaderMap,
    ) -> Self {
        let session = sign_in.session(session, cookies);
        let user_agent = headers.get(header::USER_AGENT).and_then(|ua| ua.to_str().ok()).map(str::to_owned);
        let info = RequestInfo { path: path.to_owned(), user_agent, had_session: session.exists() };
        Self { sign_in, landings, outcomes, session, info }
    }

    /// Builds the request context inside a server function.
    pub async fn from_server_fn() -> Result<Self, AppError> {
        let sign_in = crate::state::from_context::<SignIn>()?;
        let landings = crate::state::from_context::<Landings>()?;
        let outcomes = crate::state::from_context::<Arc<Outcomes>>()?;
        let session: Session = leptos_axum::extract().await.map_err(|error| {
            tracing::error!(%error, "no session on the request: is the session layer installed?");
            AppError::new(ErrorCode::DatabaseUnavailable)
        })?;
        let cookies: Cookies = leptos_axum::extract().await.map_err(|error| {
            tracing::error!(%error, "no cookie jar on the request: is the session layer installed?");
            AppError::new(ErrorCode::Unknown)
        })?;
        let parts = leptos::prelude::use_context::<Parts>().ok_or(AppError::new(ErrorCode::Unknown))?;
        Ok(Self::new(sign_in, landings, outcomes, session, cookies, parts.uri.path(), &parts.headers))
    }

    /// Logs the failure for the team and returns the friendly page to send the user to.
    pub async fn fail(&self, failure: Failure) -> String {
        self.outcomes.failed(failure.code);
        let reference = self.sign_in.record_failure(&self.session, &failure, &self.info).await;
        self.landings.after_failure(&failure.landing, failure.code, &reference)
    }

    /// Counts a failure that matched no sign-in of this browser, stores nothing, and returns
    /// the friendly page to send the user to.
    pub fn fail_anonymously(&self, failure: Failure) -> String {
        let reference = self.sign_in.count_anonymous(&failure);
        self.landings.after_failure(&failure.landing, failure.code, &reference)
    }

    /// Logs an event that is not a failure for the user (a replayed callback) for the team.
    pub async fn note(&self, event: Failure) {
        self.sign_in.note(&event, &self.info).await;
    }
}
