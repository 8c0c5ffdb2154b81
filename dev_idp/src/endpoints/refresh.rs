//! The refresh-token grant (RFC 6749 §6) with rotation: each refresh token works once and
//! comes back as a new one; one presented again is taken for stolen and revokes its whole
//! family (OAuth 2.0 Security BCP §4.14). `GET /dev/refreshes` counts what happened, for tests.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use super::token::{
    invalid_grant, invalid_request, issue_tokens, simulated, TokenError, TokenForm, TokenResponse,
};
use crate::config::RegisteredClient;
use crate::oauth_error::ErrorCode;
use crate::simulate::{RefreshFailure, Simulation};
use crate::state::Idp;
use crate::store::RefreshCounts;

pub(crate) async fn refresh(
    idp: &Idp,
    client: &RegisteredClient,
    form: TokenForm,
) -> Result<TokenResponse, TokenError> {
    let counts = &idp.store.refresh_counts;
    RefreshCounts::count(&counts.refreshes);
    let token = form.refresh_token.ok_or_else(|| invalid_request("refresh_token is missing."))?;
    // Marked used in the same step that reads it: two requests with one token cannot both pass.
    let mut used_before = false;
    let grant = idp.store.refresh_tokens.update(&token, |grant| {
        used_before = grant.used;
        grant.used = true;
    });
    let grant = grant.ok_or_else(|| invalid_grant("The refresh token is unknown, expired or revoked."))?;
    if used_before {
        RefreshCounts::count(&counts.reused);
        idp.store.revoke_family(&grant.family);
        tracing::warn!("a refresh token was presented twice: its whole family is revoked");
        return Err(invalid_grant(
            "The refresh token was already used; every token of its sign-in is revoked.",
        ));
    }
    if grant.sign_in.request.client_id != client.client_id {
        return Err(invalid_grant("The refresh token was issued to another client."));
    }
    match grant.sign_in.simulation {
        Some(Simulation::Refresh(RefreshFailure::InvalidGrant)) => {
            return Err(simulated(ErrorCode::InvalidGrant))
        }
        Some(Simulation::Refresh(RefreshFailure::Slow)) => {
            tokio::time::sleep(idp.config.slow_token_delay).await
        }
        _ => {}
    }
    issue_tokens(idp, &grant.sign_in, Some(grant.family)).await
}

#[derive(Serialize)]
pub(crate) struct Counts {
    refreshes: u64,
    reused: u64,
    revoked: u64,
}

/// `GET /dev/refreshes`: what the refresh grant and the revocation endpoint have seen.
pub(crate) async fn counts(State(idp): State<Arc<Idp>>) -> Json<Counts> {
    let counts = &idp.store.refresh_counts;
    Json(Counts {
        refreshes: counts.refreshes.load(Ordering::Relaxed),
        reused: counts.reused.load(Ordering::Relaxed),
        revoked: counts.revoked.load(Ordering::Relaxed),
    })
}
