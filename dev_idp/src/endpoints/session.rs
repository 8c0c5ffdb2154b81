//! `GET /session`: who is signed in to the IdP in this browser, with buttons to sign out;
//! `POST /session/sign-out-everywhere`: ends every IdP session of that person, in every
//! browser, and tells each client they used on its back channel (a logout token naming
//! the person, `sub`, rather than one session).

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::language::Asked;
use crate::logout_token::{self, Named};
use crate::pages;
use crate::sso_cookie;
use crate::state::Idp;

pub(crate) async fn session(
    State(idp): State<Arc<Idp>>,
    Asked(language): Asked,
    headers: HeaderMap,
) -> Response {
    let session = sso_cookie::session_id(&headers).and_then(|id| idp.store.sessions.get(id));
    pages::session(session.as_ref().map(|session| &session.user), language)
}

pub(crate) async fn sign_out_everywhere(
    State(idp): State<Arc<Idp>>,
    Asked(language): Asked,
    headers: HeaderMap,
) -> Response {
    let signed_in = sso_cookie::session_id(&headers).and_then(|id| idp.store.sessions.get(id));
    if let Some(signed_in) = signed_in {
        let ended = idp.store.sessions.take_where(|session| session.user.sub == signed_in.user.sub);
        let used: HashSet<&str> =
            ended.iter().flat_map(|session| session.consented_clients.iter().map(String::as_str)).collect();
        let clients = idp.config.clients.iter().filter(|client| used.contains(client.client_id.as_str()));
        let named = Named { sid: None, sub: Some(signed_in.user.sub.to_string()) };
        logout_token::send(&idp, clients, &named).await;
    }
    ([(SET_COOKIE, sso_cookie::clear())], pages::signed_out(language)).into_response()
}
