//! `GET /authorize`: the start of the authorization code flow.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use crate::claims::Scopes;
use crate::config::RegisteredClient;
use crate::grant::redirect_with_code;
use crate::language::Asked;
use crate::oauth_error::{ErrorCode, OAuthError};
use crate::pages::{self, PageError, Problem, SignInMode, SignInPage};
use crate::pkce;
use crate::redirect::ClientRedirect;
use crate::sso_cookie;
use crate::state::Idp;
use crate::store::{AuthorizationRequest, PendingSignIn};
use crate::users;

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
    login_hint: Option<String>,
    /// OpenID Connect Core §3.1.2.1: the oldest sign-in (seconds) the client accepts.
    max_age: Option<String>,
}

pub(crate) async fn authorize(
    State(idp): State<Arc<Idp>>,
    Asked(language): Asked,
    headers: HeaderMap,
    query: Result<Query<AuthorizeParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(params) = query.map_err(PageError::malformed(language))?;
    // Until client and redirect URI are verified, errors must stay at the IdP:
    // redirecting to an unverified URI would make this an open redirector.
    let client = params
        .client_id
        .as_deref()
        .and_then(|client_id| idp.config.client(client_id))
        .ok_or_else(|| PageError::new(Problem::UnknownClient, language))?;
    let redirect_uri = params
        .redirect_uri
        .clone()
        .filter(|uri| client.has_redirect_uri(uri))
        .ok_or_else(|| PageError::new(Problem::UnregisteredRedirectUri, language))?;
    let issuer = idp.issuer.as_str();
    let hinted_user = params.login_hint.as_deref().and_then(users::find_by_hint);
    let state = params.state.clone();
    let max_age = params.max_age.as_deref().map(|age| age.trim().parse::<i64>().ok().filter(|age| *age >= 0));
    if max_age == Some(None) {
        let error = OAuthError::new(ErrorCode::InvalidRequest, "max_age must be a whole number of seconds.");
        return Ok(ClientRedirect::authorization_error(&redirect_uri, state.as_deref(), error, issuer)
            .into_response());
    }
    let (request, prompt) = match validate(params, client, &redirect_uri) {
        Ok(valid) => valid,
        Err(error) => {
            let redirect =
                ClientRedirect::authorization_error(&redirect_uri, state.as_deref(), error, issuer);
            return Ok(redirect.into_response());
        }
    };

    let session = sso_cookie::session_id(&headers).and_then(|id| idp.store.sessions.get(id));
    // A sign-in older than max_age must be done again: the same person, a new auth_time.
    let too_old = match (&session, max_age.flatten()) {
        (Some(session), Some(max_age)) => (Utc::now() - session.auth_time).num_seconds() > max_age,
        _ => false,
    };
    let consented =
        session.as_ref().is_some_and(|session| session.consented_clients.contains(&request.client_id));
    if prompt.none && too_old {
        let error = OAuthError::new(ErrorCode::LoginRequired, "The sign-in is older than max_age.");
        return Ok(ClientRedirect::reject(&request, error, issuer).into_response());
    }
    if prompt.none {
        // OpenID Connect Core §3.1.2.1: with prompt=none, never show a page.
        let redirect = match session {
            Some(session) if consented => redirect_with_code(&idp, request, &session, None),
            Some(_) => {
                let error = OAuthError::new(ErrorCode::ConsentRequired, "The user has not consented yet.");
                ClientRedirect::reject(&request, error, issuer)
            }
            None => {
                let error = OAuthError::new(ErrorCode::LoginRequired, "The user is not signed in.");
                ClientRedirect::reject(&request, error, issuer)
            }
        };
        return Ok(redirect.into_response());
    }

    let signed_in = session.as_ref().map(|session| session.user.clone());
    // prompt=login and prompt=select_account always show the sign-in page.
    let reusable_session = session.filter(|_| !prompt.login && !prompt.select_account && !too_old);
    let client_id = request.client_id.clone();
    let reauthenticate = prompt.login || too_old;
    let pending = PendingSignIn { request, simulation: None, reauthenticate, language };
    match reusable_session {
        Some(session) if consented && !prompt.consent => {
            Ok(redirect_with_code(&idp, pending.request, &session, None).into_response())
        }
        // Asking for consent again needs no new sign-in.
        Some(session) if prompt.consent => {
            let pending_id = idp.store.pending_sign_ins.insert(pending);
            Ok(pages::consent(&pending_id, &client_id, &session.user, language))
        }
        _ => {
            let pending_id = idp.store.pending_sign_ins.insert(pending);
            let (mode, preselected) = if prompt.select_account {
                (
                    SignInMode::ChooseAccount { signed_in: signed_in.as_ref() },
                    hinted_user.as_ref().or(signed_in.as_ref()),
                )
            } else if too_old {
                // The person signed in here before: suggest the same account.
                (SignInMode::SignIn, hinted_user.as_ref().or(signed_in.as_ref()))
            } else {
                (SignInMode::SignIn, hinted_user.as_ref())
            };
            Ok(pages::sign_in(SignInPage {
                pending_id: &pending_id,
                client_id: &client_id,
                preselected,
                mode,
                language,
            }))
        }
    }
}

/// The interactions the client asked for (OpenID Connect Core §3.1.2.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Prompt {
    /// Answer without any page, or fail.
    none: bool,
    /// Authenticate again, even with an SSO session.
    login: bool,
    /// Ask for consent again, even if it was given before.
    consent: bool,
    /// Let the user pick the account, even with an SSO session.
    select_account: bool,
}

impl Prompt {
    fn parse(prompt: Option<&str>) -> Result<Self, OAuthError> {
        let mut parsed = Self::default();
        for value in prompt.unwrap_or_default().split(' ') {
            match value {
                "none" => parsed.none = true,
                "login" => parsed.login = true,
                "consent" => parsed.consent = true,
                "select_account" => parsed.select_account = true,
                // Extensions (such as `create`) are not offered; ignore them.
                _ => {}
            }
        }
        if parsed.none && parsed != (Self { none: true, ..Self::default() }) {
            return Err(OAuthError::new(
                ErrorCode::InvalidRequest,
                "prompt=none cannot be combined with other prompt values.",
            ));
        }
        Ok(parsed)
    }
}

/// Checks the parameters whose errors are reported back to the (verified) client.
fn validate(
    params: AuthorizeParams,
    client: &RegisteredClient,
    redirect_uri: &str,
) -> Result<(AuthorizationRequest, Prompt), OAuthError> {
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
    let prompt = Prompt::parse(params.prompt.as_deref())?;
    let request = AuthorizationRequest {
        client_id: client.client_id.clone(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
        state: params.state,
        nonce: params.nonce,
        code_challenge,
    };
    Ok((request, prompt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_values_combine_except_none() {
        let parsed = Prompt::parse(Some("login  consent")).expect("valid prompt");
        assert_eq!(parsed, Prompt { login: true, consent: true, ..Prompt::default() });
        assert_eq!(Prompt::parse(None).ok(), Some(Prompt::default()));
        assert_eq!(Prompt::parse(Some("create")).ok(), Some(Prompt::default()));
        assert!(Prompt::parse(Some("none")).is_ok_and(|prompt| prompt.none));
        assert!(Prompt::parse(Some("none login")).is_err());
    }
}
