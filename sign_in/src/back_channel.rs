//! OpenID Connect Back-Channel Logout 1.0: the IdP's server posts a logout token, and the
//! sessions it names end on every instance. A token that fails any check ends nothing and is
//! logged for the team; its `jti` is kept until it expires, so a replay is refused everywhere.

use crate::db::LogoutTarget;
use crate::errors::{ErrorCode, Failure, RequestInfo, Stage};
use crate::oidc::{LogoutToken, LogoutTokenError, LogoutTokenRefusal};
use crate::SignIn;

/// How a logout request ended.
#[derive(Debug, PartialEq, Eq)]
pub enum BackChannelOutcome {
    /// The token was valid: this many sessions ended (none is fine: they may have ended before).
    SignedOut { sessions: u64 },
    /// The token failed a check; nothing ended. Logged under `reference`.
    Rejected { reference: String },
    /// We could not check or act on it now (the IdP's keys or our database unreachable);
    /// the IdP may send it again. Logged under `reference`.
    Unavailable { reference: String },
}

/// Checks `token` and ends the sessions it names.
pub async fn logout(sign_in: &SignIn, token: Option<&str>, request: &RequestInfo) -> BackChannelOutcome {
    let checked = match token {
        Some(token) => sign_in.oidc.verify_logout_token(token).await,
        None => Err(LogoutTokenRefusal::Invalid(LogoutTokenError::Malformed)),
    };
    let token = match checked {
        Ok(token) => token,
        Err(LogoutTokenRefusal::Invalid(error)) => return rejected(sign_in, &error, request).await,
        Err(LogoutTokenRefusal::Unavailable(failure)) => {
            let reference = sign_in.db.log_failure(Some(sign_in.oidc.issuer()), &failure, request).await;
            return BackChannelOutcome::Unavailable { reference };
        }
    };
    match end_sessions(sign_in, &token).await {
        Ok(Some(sessions)) => {
            tracing::info!(sessions, "back-channel logout ended sessions");
            BackChannelOutcome::SignedOut { sessions }
        }
        Ok(None) => rejected(sign_in, &LogoutTokenError::Replayed, request).await,
        Err(error) => {
            let failure = Failure::new(ErrorCode::DatabaseUnavailable, Stage::Logout, error.to_string());
            let reference = sign_in.db.log_failure(Some(sign_in.oidc.issuer()), &failure, request).await;
            BackChannelOutcome::Unavailable { reference }
        }
    }
}

/// Remembers the `jti`, then ends the sessions; `None` for a replay. Should the delete fail,
/// the `jti` is forgotten again, so the IdP's retry is not taken for a replay.
async fn end_sessions(sign_in: &SignIn, token: &LogoutToken) -> Result<Option<u64>, sqlx::Error> {
    let db = &sign_in.db;
    if !db.remember_logout_token(&token.jti, token.expires_at).await? {
        return Ok(None);
    }
    let target = match (&token.sid, &token.subject) {
        (Some(sid), subject) => LogoutTarget::Sid { sid, subject: subject.as_deref() },
        (None, Some(subject)) => LogoutTarget::Subject(subject),
        (None, None) => return Ok(Some(0)), // Refused by the checks already.
    };
    match db.end_sessions_of(sign_in.oidc.issuer(), target).await {
        Ok(ended) => Ok(Some(ended)),
        Err(error) => {
            if let Err(forget) = db.forget_logout_token(&token.jti).await {
                tracing::warn!(%forget, "could not forget the jti of a logout that failed");
            }
            Err(error)
        }
    }
}

async fn rejected(sign_in: &SignIn, error: &LogoutTokenError, request: &RequestInfo) -> BackChannelOutcome {
    let failure = Failure::new(ErrorCode::LogoutTokenRejected, Stage::Logout, error.to_string());
    let reference = sign_in.db.log_failure(Some(sign_in.oidc.issuer()), &failure, request).await;
    BackChannelOutcome::Rejected { reference }
}
