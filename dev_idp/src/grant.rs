//! The successful end of an authorization, which the authorize, sign-in and consent
//! endpoints each may reach.

use crate::redirect::ClientRedirect;
use crate::simulate::{AuthorizeFailure, Simulation, WRONG_ISSUER};
use crate::state::Idp;
use crate::store::{AuthorizationRequest, CodeGrant, SsoSession};

/// A fresh single-use code, sent back with the client's `state` and this IdP's issuer.
pub(crate) fn redirect_with_code(
    idp: &Idp,
    request: AuthorizationRequest,
    session: &SsoSession,
    simulation: Option<Simulation>,
) -> ClientRedirect {
    let issuer = match simulation {
        Some(Simulation::Authorize(AuthorizeFailure::WrongIss)) => WRONG_ISSUER,
        _ => idp.issuer.as_str(),
    };
    let (redirect_uri, state) = (request.redirect_uri.clone(), request.state.clone());
    let code = idp.store.codes.insert(CodeGrant {
        request,
        user: session.user.clone(),
        sid: session.sid.clone(),
        auth_time: session.auth_time,
        simulation,
    });
    ClientRedirect::authorization_code(&redirect_uri, state.as_deref(), code, issuer)
}
