//! What the sign-in core needs from the app: the IdP client, the database, the session
//! rules and how pending sign-ins are sealed. The app keeps one inside its own state and hands it to routes and server functions
//! (an axum `FromRef` sub-state); the core never sees the app's state.

use crate::db::Database;
use crate::errors::{new_reference, CodeCounts, Failure, RequestInfo};
use crate::oidc::OidcClient;
use crate::session::{AuthSession, PendingCookies, SessionRules};
use crate::tokens::{TokenError, TokenKeeper, ValidToken};
use std::sync::Arc;
use tower_cookies::Cookies;

#[derive(Clone)]
pub struct SignIn {
    pub oidc: Arc<OidcClient>,
    pub db: Database,
    /// The rules every signed-in session keeps, and the clock they read.
    pub rules: SessionRules,
    /// The key and settings of the cookies that hold pending sign-ins.
    pub pending: PendingCookies,
    /// Callbacks that matched no sign-in of their browser: counted, never stored.
    pub anonymous: Arc<CodeCounts>,
    /// The tokens signed-in sessions keep for API calls, when the site keeps them.
    pub tokens: Arc<TokenKeeper>,
}

impl SignIn {
    /// The request's session, typed and bound to the rules, with the sign-ins its browser
    /// has pending (`cookies`: the request's cookie jar).
    pub fn session(&self, session: tower_sessions::Session, cookies: Cookies) -> AuthSession {
        AuthSession::new(session, self.pending.jar(cookies), self.rules.clone())
    }

    /// A valid access token of the person signed in to `session`, for calling an API as
    /// them: refreshed first, exactly once across instances, when it has expired. See
    /// `docs/tokens.md`.
    pub async fn access_token(&self, session: &AuthSession) -> Result<ValidToken, TokenError> {
        self.tokens.access_token(session).await
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

    /// Counts a callback that matched no sign-in of its browser, and returns a reference for
    /// the page. Nothing is written to the database: anyone can send such a callback, from
    /// anywhere, as often as the rate limits allow.
    pub fn count_anonymous(&self, failure: &Failure) -> String {
        self.anonymous.count(failure.code);
        let reference = new_reference();
        tracing::info!(reference, code = failure.code.as_str(), cause = ?failure.cause, "anonymous callback, counted");
        reference
    }

    /// Logs an event that is not a failure for the user (a replayed callback) for the team.
    pub async fn note(&self, event: &Failure, request: &RequestInfo) {
        self.db.log_failure(Some(self.oidc.issuer()), event, request).await;
    }
}
