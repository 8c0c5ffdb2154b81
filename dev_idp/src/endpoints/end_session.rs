//! `GET /end-session` (OpenID Connect RP-Initiated Logout 1.0).

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use openidconnect::core::{CoreIdToken, CoreIdTokenVerifier, CoreJsonWebKeySet};
use openidconnect::{ClientId, Nonce};
use serde::Deserialize;

use crate::config::RegisteredClient;
use crate::language::{Asked, Language};
use crate::logout_token::{self, Named};
use crate::pages::{self, PageError, Problem};
use crate::redirect::ClientRedirect;
use crate::sso_cookie;
use crate::state::Idp;

#[derive(Debug, Deserialize)]
pub(crate) struct EndSessionParams {
    id_token_hint: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
    client_id: Option<String>,
}

pub(crate) async fn end_session(
    State(idp): State<Arc<Idp>>,
    // RP-Initiated Logout §2 lets this request carry `ui_locales` too.
    Asked(language): Asked,
    headers: HeaderMap,
    query: Result<Query<EndSessionParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(params) = query.map_err(PageError::malformed(language))?;
    let named_client = match params.client_id.as_deref() {
        Some(client_id) => Some(
            idp.config.client(client_id).ok_or_else(|| PageError::new(Problem::UnknownClient, language))?,
        ),
        None => None,
    };
    let client = match params.id_token_hint.as_deref() {
        Some(hint) => Some(verify_hint(&idp, hint, named_client, language)?),
        None => named_client,
    };

    // The person asked to sign out, so the session ends whatever happens next, and the
    // clients they used it with hear of it on their back channels.
    let ended = sso_cookie::session_id(&headers).and_then(|session_id| idp.store.sessions.take(session_id));
    if let Some(ended) = ended {
        let named = Named { sid: Some(ended.sid.clone()), sub: Some(ended.user.sub.to_string()) };
        let clients = idp.config.clients.iter().filter(|c| ended.consented_clients.contains(&c.client_id));
        logout_token::send(&idp, clients, &named).await;
    }
    let clear_cookie = [(SET_COOKIE, sso_cookie::clear())];

    // Only a URI registered for the identified client is safe to redirect to.
    let registered_target = params
        .post_logout_redirect_uri
        .as_deref()
        .filter(|uri| client.is_some_and(|client| client.has_post_logout_redirect_uri(uri)));
    let response = match registered_target {
        Some(uri) => {
            let redirect = ClientRedirect::to(uri).optional_param("state", params.state.as_deref());
            (clear_cookie, redirect).into_response()
        }
        None => (clear_cookie, pages::signed_out(language)).into_response(),
    };
    Ok(response)
}

/// Accepts a hint this IdP signed (with the current or the previous key) for
/// a registered client, and returns that client. `named_client`, when the
/// request names one, must be the hint's audience.
fn verify_hint<'c>(
    idp: &'c Idp,
    hint: &str,
    named_client: Option<&RegisteredClient>,
    language: Language,
) -> Result<&'c RegisteredClient, PageError> {
    let invalid = || PageError::new(Problem::ForeignIdTokenHint, language);
    let token: CoreIdToken = hint.parse().map_err(|_| invalid())?;
    let keys = CoreJsonWebKeySet::new(idp.keys.verification_keys());
    idp.config
        .clients
        .iter()
        .filter(|client| named_client.is_none_or(|named| named.client_id == client.client_id))
        .find(|client| {
            let verifier = CoreIdTokenVerifier::new_public_client(
                ClientId::new(client.client_id.clone()),
                idp.issuer.clone(),
                keys.clone(),
            )
            // RP-Initiated Logout §2: an expired ID token is still a valid hint.
            .set_time_fn(|| DateTime::<Utc>::MIN_UTC);
            let any_nonce = |_: Option<&Nonce>| Ok(());
            token.claims(&verifier, any_nonce).is_ok()
        })
        .ok_or_else(invalid)
}
