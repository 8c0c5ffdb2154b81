//! What the sign-in core needs from the app: the IdP client, the database and the session
//! rules. The app keeps one inside its own state and hands it to routes and server functions
//! (an axum `FromRef` sub-state); the core never sees the app's state.

use crate::db::Database;
use crate::errors::{Failure, RequestInfo};
use crate::oidc::OidcClient;
use crate::session::{AuthSession, SessionRules};
use std::sync::Arc;

#[derive(Clone)]
pub struct SignIn {
    pub oidc: Arc<OidcClient>,
    pub db: Database,
    /// The rules every signed-in session keeps, and the clock they read.
    pub rules: SessionRules,
}

impl SignIn {
    /// The request's session, typed and bound to the rules.
    pub fn session(&self, session: tower_sessions::Session) -> AuthSession {
        AuthSession::new(session, self.rules.clone())
    }

    /// Logs the failure for the team and returns its reference for the page. "Try again"
    /// will go where the failed sign-in was going.
    pub async fn record_failure(
        &self,
        session: &AuthSession,
        failure: &Failure,
        request: &RequestInfo,
    ) -> String {
        let reference = self.db.log_failure(Some(self.oidc.issuer()), failure, request).await;
        if let Some(return_to) = &failure.return_to {
            // Best effort: without it, "Try again" lands on the default page.
            if let Err(error) = session.remember_retry(return_to).await {
                tracing::warn!(%error, "could not remember where to retry");
            }
        }
        reference
    }

    /// Logs an event that is not a failure for the user (a replayed callback) for the team.
    pub async fn note(&self, event: &Failure, request: &RequestInfo) {
        self.db.log_failure(Some(self.oidc.issuer()), event, request).await;
    }
}
