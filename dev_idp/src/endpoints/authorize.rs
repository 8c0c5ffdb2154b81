//! `GET /authorize`: the start of the authorization code flow.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::claims::Scopes;
use crate::config::RegisteredClient;
use crate::oauth_error::{ErrorCode, OAuthError};
use crate::pages::{self, PageError};
use crate::pkce;
use crate::redirect::ClientRedirect;
use crate::simulate::Simulation;
use crate::sso_cookie;
use crate::state::Idp;
use crate::store::{AuthorizationRequest, CodeGrant, PendingSignIn, SsoSession};

#[derive(Debug, Deserialize)]
pub(crate) struct AuthorizeParams {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    response_type: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    prompt: Option<String>,
}

pub(crate) async fn authorize(
    State(idp): State<Arc<Idp>>,
    headers: HeaderMap,
    query: Result<Query<AuthorizeParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(params) = query.map_err(PageError::malformed("authorization request"))?;
    // Until client and redirect URI are verified, errors must stay at the IdP:
    // redirecting to an unverified URI would make this an open redirector.
    let client = params
        .client_id
        .as_deref()
        .and_then(|client_id| idp.config.client(client_id))
        .ok_or_else(|| PageError::bad_request("Unknown or missing client_id."))?;
    let redirect_uri =
        params.redirect_uri.clone().filter(|uri| client.has_redirect_uri(uri)).ok_or_else(|| {
            PageError::bad_request("The redirect_uri is missing or not registered for this client.")
        })?;
    let prompt = Prompt::parse(params.prompt.as_deref());
    let state = params.state.clone();
    let request = match validate(params, client, &redirect_uri) {
        Ok(request) => request,
        Err(error) => {
            let redirect = ClientRedirect::authorization_error(&redirect_uri, state.as_deref(), error);
            return Ok(redirect.into_response());
        }
    };

    let session = sso_cookie::session_id(&headers).and_then(|id| idp.store.sessions.get(id));
    let consented =
        session.as_ref().is_some_and(|session| session.consented_clients.contains(&request.client_id));
    match (session, prompt) {
        (Some(session), Prompt::Default | Prompt::None) if consented => {
            Ok(redirect_with_code(&idp, request, &session, None).into_response())
        }
        // OpenID Connect Core §3.1.2.1: with prompt=none, never show a page.
        (session, Prompt::None) => {
            let (code, description) = match session {
                Some(_) => (ErrorCode::ConsentRequired, "The user has not consented yet."),
                None => (ErrorCode::LoginRequired, "The user is not signed in."),
            };
            let error = OAuthError::new(code, description);
            Ok(ClientRedirect::reject(&request, error).into_response())
        }
        _ => {
            let client_id = request.client_id.clone();
            let pending = PendingSignIn { request, simulation: None };
            let pending_id = idp.store.pending_sign_ins.insert(pending);
            Ok(pages::sign_in(&pending_id, &client_id))
        }
    }
}

/// Which interaction the client asked for (OpenID Connect Core §3.1.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prompt {
    /// Reuse the SSO session when there is one.
    Default,
    /// Answer without any page, or fail.
    None,
    /// `login`, `consent` or `select_account`: show the sign-in page.
    Interactive,
}

impl Prompt {
    fn parse(prompt: Option<&str>) -> Self {
        let mut values = prompt.unwrap_or_default().split(' ');
        if values.clone().any(|value| value == "none") {
            Self::None
        } else if values.any(|value| !value.is_empty()) {
            Self::Interactive
        } else {
            Self::Default
        }
    }
}

/// Checks the parameters whose errors are reported back to the (verified) client.
fn validate(
    params: AuthorizeParams,
    client: &RegisteredClient,
    redirect_uri: &str,
) -> Result<AuthorizationRequest, OAuthError> {
    match params.response_type.as_deref() {
        Some("code") => {}
        None => return Err(OAuthError::new(ErrorCode::InvalidRequest, "response_type is missing.")),
        Some(_) => {
            return Err(OAuthError::new(
                ErrorCode::UnsupportedResponseType,
                "Only response_type=code is supported.",
            ))
        }
    }
    let scopes = Scopes::parse(params.scope.as_deref().unwrap_or_default())
        .map_err(|error| OAuthError::new(ErrorCode::InvalidScope, error.to_string()))?;
    let code_challenge = match (params.code_challenge, params.code_challenge_method.as_deref()) {
        (Some(challenge), Some("S256")) => challenge,
        _ => {
            return Err(OAuthError::new(
                ErrorCode::InvalidRequest,
                "PKCE is required: send code_challenge with code_challenge_method=S256.",
            ))
        }
    };
    if !pkce::is_s256_challenge(&code_challenge) {
        return Err(OAuthError::new(
            ErrorCode::InvalidRequest,
            "code_challenge must be the base64url SHA-256 digest of the code verifier.",
        ));
    }
    Ok(AuthorizationRequest {
        client_id: client.client_id.clone(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
        state: params.state,
        nonce: params.nonce,
        code_challenge,
    })
}

/// The successful end of an authorization: a fresh single-use code, sent
/// back with the client's `state`.
pub(crate) fn redirect_with_code(
    idp: &Idp,
    request: AuthorizationRequest,
    session: &SsoSession,
    simulation: Option<Simulation>,
) -> ClientRedirect {
    let redirect = ClientRedirect::to(&request.redirect_uri);
    let state = request.state.clone();
    let code = idp.store.codes.insert(CodeGrant {
        request,
        user: session.user,
        auth_time: session.auth_time,
        simulation,
    });
    redirect.param("code", code).optional_param("state", state.as_deref())
}
