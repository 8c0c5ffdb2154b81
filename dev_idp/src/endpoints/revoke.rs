//! `POST /revoke` (RFC 7009): a client revokes one of its refresh tokens, and with it the
//! whole family, or an access token. The answer is 200 whether or not the token was known
//! (§2.2), so it tells nothing to whoever holds a guessed one.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::token::{invalid_request, TokenError, NO_STORE};
use crate::client_auth;
use crate::oauth_error::OAuthError;
use crate::state::Idp;
use crate::store::RefreshCounts;

#[derive(Debug, Deserialize)]
pub(crate) struct RevokeForm {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub(crate) async fn revoke(
    State(idp): State<Arc<Idp>>,
    headers: HeaderMap,
    form: Result<Form<RevokeForm>, FormRejection>,
) -> Result<Response, TokenError> {
    let Form(form) = form.map_err(|rejection| invalid_request(&rejection.body_text()))?;
    let client = client_auth::authenticate(
        &idp.config,
        &headers,
        form.client_id.as_deref(),
        form.client_secret.as_deref(),
    )
    .map_err(OAuthError::from)?;
    let token = form.token.ok_or_else(|| invalid_request("token is missing."))?;
    match idp.store.refresh_tokens.get(&token) {
        Some(grant) if grant.sign_in.request.client_id == client.client_id => {
            idp.store.revoke_family(&grant.family);
            RefreshCounts::count(&idp.store.refresh_counts.revoked);
        }
        Some(_) => {} // Another client's token: not ours to revoke, and not said.
        None => idp.store.access_tokens.remove(&token),
    }
    Ok(NO_STORE.into_response())
}
