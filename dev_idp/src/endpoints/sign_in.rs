//! `POST /sign-in`: the sign-in page's form, where a test user is picked.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderName};
use axum::response::{IntoResponse, Response};
use axum::Form;
use chrono::Utc;

use crate::forms::SignInForm;
use crate::grant::redirect_with_code;
use crate::language::Asked;
use crate::oauth_error::OAuthError;
use crate::pages::{self, PageError, Problem};
use crate::redirect::ClientRedirect;
use crate::simulate::{hostile_description, AuthorizeFailure, ConsentFailure, Simulation};
use crate::sso_cookie;
use crate::state::Idp;
use crate::store::SsoSession;
use crate::users::{self, TestUser};

const COOP: HeaderName = HeaderName::from_static("cross-origin-opener-policy");

pub(crate) async fn sign_in(
    State(idp): State<Arc<Idp>>,
    Asked(asked): Asked,
    headers: HeaderMap,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(PageError::malformed(asked))?;
    let language = idp.store.pending_sign_ins.get(&form.request).map_or(asked, |pending| pending.language);
    let expired = || PageError::new(Problem::SignInExpired, language);
    let user = users::find(&form.user).ok_or_else(|| PageError::new(Problem::UnknownUser, language))?;
    let simulation = Simulation::parse(&form.simulate).map_err(|error| {
        PageError::new(Problem::UnknownSimulation, language).with_detail(error.to_string())
    })?;

    if let Some(code) = simulation.and_then(Simulation::authorize_error) {
        let pending = idp.store.pending_sign_ins.take(&form.request).ok_or_else(expired)?;
        let error = OAuthError::new(code, hostile_description(code));
        return Ok(ClientRedirect::reject(&pending.request, error, idp.issuer.as_str()).into_response());
    }

    // Like the error simulations above, this one redirects straight back,
    // without the consent page (the app's end-to-end tests rely on that):
    // choosing it stands in for "Allow", and the code it carries is valid.
    let skip_consent = simulation == Some(Simulation::Authorize(AuthorizeFailure::WrongIss));
    let pending = if skip_consent {
        idp.store.pending_sign_ins.take(&form.request)
    } else {
        // Later simulations travel with the code, so remember the choice now.
        idp.store.pending_sign_ins.update(&form.request, |pending| pending.simulation = simulation)
    }
    .ok_or_else(expired)?;

    let mut session = next_session(&idp, &headers, user.clone(), pending.reauthenticate);
    if skip_consent {
        session.consented_clients.insert(pending.request.client_id.clone());
    }
    let session_id = idp.store.sessions.insert(session.clone());
    let set_cookie = [(SET_COOKIE, sso_cookie::set(&session_id))];
    if skip_consent {
        let redirect = redirect_with_code(&idp, pending.request, &session, simulation);
        return Ok((set_cookie, redirect).into_response());
    }
    let consent_page = pages::consent(&form.request, &pending.request.client_id, &user, pending.language);
    let opener_policy = match simulation {
        // A window that shows this page loses its opener, as under IdPs that set COOP.
        Some(Simulation::Consent(ConsentFailure::CoopSameOrigin)) => Some((COOP, "same-origin")),
        _ => None,
    };
    Ok((set_cookie, opener_policy.map(|header| [header]), consent_page).into_response())
}

/// The session that signing in as `user` starts. It replaces whatever
/// session this browser had; picking the user already signed in (say, on the
/// account chooser) keeps their consents and, unless the client asked for a
/// new login, their `auth_time`.
fn next_session(idp: &Idp, headers: &HeaderMap, user: TestUser, reauthenticate: bool) -> SsoSession {
    let previous = sso_cookie::session_id(headers).and_then(|id| idp.store.sessions.take(id));
    match previous.filter(|previous| previous.user == user) {
        Some(previous) if !reauthenticate => previous,
        Some(previous) => SsoSession { auth_time: Utc::now(), ..previous },
        None => SsoSession {
            user,
            sid: crate::random::token(),
            auth_time: Utc::now(),
            consented_clients: HashSet::new(),
        },
    }
}
