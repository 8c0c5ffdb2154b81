//! `POST /sign-in`: the sign-in page's form, where a test user is picked.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;

use crate::oauth_error::OAuthError;
use crate::pages::{self, PageError};
use crate::redirect::ClientRedirect;
use crate::simulate::{hostile_description, Simulation};
use crate::sso_cookie;
use crate::state::Idp;
use crate::store::SsoSession;
use crate::users;

#[derive(Debug, Deserialize)]
pub(crate) struct SignInForm {
    /// The pending sign-in's id, from the hidden field.
    request: String,
    user: String,
    #[serde(default)]
    simulate: String,
}

pub(crate) async fn sign_in(
    State(idp): State<Arc<Idp>>,
    headers: HeaderMap,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(PageError::malformed("sign-in form"))?;
    let user =
        users::find(&form.user).ok_or_else(|| PageError::bad_request("Pick one of the test users."))?;
    let simulation =
        Simulation::parse(&form.simulate).map_err(|error| PageError::bad_request(error.to_string()))?;

    if let Some(Simulation::AuthorizeError(code)) = simulation {
        let pending =
            idp.store.pending_sign_ins.take(&form.request).ok_or_else(PageError::sign_in_expired)?;
        let error = OAuthError::new(code, hostile_description(code));
        return Ok(ClientRedirect::reject(&pending.request, error).into_response());
    }

    // Later simulations travel with the code, so remember the choice now.
    let pending = idp
        .store
        .pending_sign_ins
        .update(&form.request, |pending| pending.simulation = simulation)
        .ok_or_else(PageError::sign_in_expired)?;

    // Signing in again replaces whatever session this browser had.
    if let Some(previous) = sso_cookie::session_id(&headers) {
        idp.store.sessions.remove(previous);
    }
    let session_id = idp.store.sessions.insert(SsoSession {
        user,
        auth_time: Utc::now(),
        consented_clients: HashSet::new(),
    });
    let consent_page = pages::consent(&form.request, &pending.request.client_id, user);
    Ok(([(SET_COOKIE, sso_cookie::set(&session_id))], consent_page).into_response())
}
