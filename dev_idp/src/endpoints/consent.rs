//! `POST /consent`: the signed-in user allows or denies the client.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::{ConsentForm, Decision};
use crate::grant::redirect_with_code;
use crate::language::Asked;
use crate::oauth_error::{ErrorCode, OAuthError};
use crate::pages::{PageError, Problem};
use crate::redirect::ClientRedirect;
use crate::sso_cookie;
use crate::state::Idp;

pub(crate) async fn consent(
    State(idp): State<Arc<Idp>>,
    Asked(asked): Asked,
    headers: HeaderMap,
    form: Result<Form<ConsentForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(PageError::malformed(asked))?;
    let language = idp.store.pending_sign_ins.get(&form.request).map_or(asked, |pending| pending.language);
    let not_signed_in = || PageError::new(Problem::NotSignedIn, language);
    // Consent is given by whoever is signed in to the IdP in this browser.
    let session_id = sso_cookie::session_id(&headers).ok_or_else(not_signed_in)?;
    let session = idp.store.sessions.get(session_id).ok_or_else(not_signed_in)?;
    let pending = idp
        .store
        .pending_sign_ins
        .take(&form.request)
        .ok_or_else(|| PageError::new(Problem::SignInExpired, language))?;

    match form.decision {
        Decision::Deny => {
            let error = OAuthError::new(ErrorCode::AccessDenied, "The user denied access.");
            Ok(ClientRedirect::reject(&pending.request, error, idp.issuer.as_str()).into_response())
        }
        Decision::Allow => {
            let client_id = pending.request.client_id.clone();
            idp.store.sessions.update(session_id, |session| {
                session.consented_clients.insert(client_id);
            });
            let redirect = redirect_with_code(&idp, pending.request, &session, pending.simulation);
            Ok(redirect.into_response())
        }
    }
}
