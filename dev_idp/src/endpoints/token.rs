//! `POST /token`: redeems an authorization code for tokens (RFC 6749 §4.1.3), or a refresh
//! token for fresh ones (§6, in `refresh`).

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};

use crate::client_auth;
use crate::config::RegisteredClient;
use crate::id_token;
use crate::oauth_error::{ErrorCode, OAuthError};
use crate::pkce;
use crate::random;
use crate::simulate::{hostile_description, Simulation, TokenFailure};
use crate::state::Idp;
use crate::store::{AccessGrant, CodeGrant, RefreshGrant};

#[derive(Debug, Deserialize)]
pub(crate) struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    pub(crate) refresh_token: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
    id_token: String,
    scope: String,
    /// With `offline_access`: good for one refresh.
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum TokenError {
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    /// What a crashed backend behind a proxy looks like: 500 and no JSON.
    #[error("simulated token endpoint crash")]
    SimulatedCrash,
}

// RFC 6749 §5.1: token responses, successful or not, must not be cached.
pub(crate) const NO_STORE: [(header::HeaderName, &str); 2] =
    [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")];

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        let error = match self {
            Self::OAuth(error) => error,
            Self::SimulatedCrash => {
                let body = "<html><body><h1>500 Internal Server Error</h1></body></html>";
                let content_type = [(header::CONTENT_TYPE, "text/html")];
                return (StatusCode::INTERNAL_SERVER_ERROR, NO_STORE, content_type, body).into_response();
            }
        };
        let body = Json(ErrorBody { error: error.code.as_str(), error_description: &error.description });
        match error.code {
            // RFC 6749 §5.2: invalid_client is a 401 with a challenge.
            ErrorCode::InvalidClient => {
                let challenge = [(header::WWW_AUTHENTICATE, r#"Basic realm="dev_idp""#)];
                (StatusCode::UNAUTHORIZED, NO_STORE, challenge, body).into_response()
            }
            ErrorCode::ServerError => (StatusCode::INTERNAL_SERVER_ERROR, NO_STORE, body).into_response(),
            _ => (StatusCode::BAD_REQUEST, NO_STORE, body).into_response(),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'static str,
    error_description: &'a str,
}

pub(crate) async fn token(
    State(idp): State<Arc<Idp>>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, TokenError> {
    let Form(form) = form.map_err(|rejection| invalid_request(&rejection.body_text()))?;
    let client = client_auth::authenticate(
        &idp.config,
        &headers,
        form.client_id.as_deref(),
        form.client_secret.as_deref(),
    )
    .map_err(OAuthError::from)?;
    let tokens = match form.grant_type.as_deref() {
        Some("authorization_code") => redeem_code(&idp, client, form).await?,
        Some("refresh_token") => super::refresh::refresh(&idp, client, form).await?,
        None => return Err(invalid_request("grant_type is missing.")),
        Some(_) => {
            let description = "Only grant_type=authorization_code and refresh_token are supported.";
            return Err(OAuthError::new(ErrorCode::UnsupportedGrantType, description).into());
        }
    };
    Ok((NO_STORE, Json(tokens)).into_response())
}

async fn redeem_code(
    idp: &Idp,
    client: &RegisteredClient,
    form: TokenForm,
) -> Result<TokenResponse, TokenError> {
    let code = form.code.ok_or_else(|| invalid_request("code is missing."))?;
    // Taken before any other check: a code is good for exactly one attempt.
    let grant = idp
        .store
        .codes
        .take(&code)
        .ok_or_else(|| invalid_grant("The code is unknown, expired or already used."))?;
    if grant.request.client_id != client.client_id {
        return Err(invalid_grant("The code was issued to another client."));
    }
    let redirect_uri = form.redirect_uri.ok_or_else(|| invalid_request("redirect_uri is missing."))?;
    if redirect_uri != grant.request.redirect_uri {
        return Err(invalid_grant("redirect_uri differs from the authorization request."));
    }
    let verifier = form.code_verifier.ok_or_else(|| invalid_request("code_verifier is missing."))?;
    if !pkce::verifier_matches(&verifier, &grant.request.code_challenge) {
        return Err(invalid_grant("code_verifier does not match the code_challenge."));
    }

    match grant.simulation {
        Some(Simulation::Token(TokenFailure::InvalidGrant)) => {
            return Err(simulated(ErrorCode::InvalidGrant))
        }
        Some(Simulation::Token(TokenFailure::InvalidClient)) => {
            return Err(simulated(ErrorCode::InvalidClient))
        }
        Some(Simulation::Token(TokenFailure::ServerError)) => return Err(TokenError::SimulatedCrash),
        Some(Simulation::Token(TokenFailure::Slow)) => tokio::time::sleep(idp.config.slow_token_delay).await,
        _ => {}
    }

    let family = grant.request.scopes.offline_access.then(random::token);
    issue_tokens(idp, &grant, family).await
}

/// Tokens for `grant`: an access token, an ID token bound to it, and with a `family` the
/// next refresh token of that family.
pub(crate) async fn issue_tokens(
    idp: &Idp,
    grant: &CodeGrant,
    family: Option<String>,
) -> Result<TokenResponse, TokenError> {
    let access_token = idp.store.access_tokens.insert(AccessGrant {
        user: grant.user.clone(),
        scopes: grant.request.scopes,
        simulation: grant.simulation,
    });
    let id_token = id_token::issue(idp, grant, &access_token).await.map_err(|error| {
        tracing::error!(%error, "cannot issue an ID token");
        OAuthError::new(ErrorCode::ServerError, "The ID token could not be issued.")
    })?;
    let refresh_token = family.map(|family| {
        let mut sign_in = grant.clone();
        sign_in.request.nonce = None;
        idp.store.refresh_tokens.insert(RefreshGrant { family, sign_in, used: false })
    });
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: idp.store.access_tokens.lifetime().as_secs(),
        id_token: id_token.to_string(),
        scope: grant.request.scopes.to_scope_string(),
        refresh_token,
    })
}

pub(crate) fn invalid_request(description: &str) -> TokenError {
    OAuthError::new(ErrorCode::InvalidRequest, description).into()
}

pub(crate) fn invalid_grant(description: &str) -> TokenError {
    OAuthError::new(ErrorCode::InvalidGrant, description).into()
}

pub(crate) fn simulated(code: ErrorCode) -> TokenError {
    OAuthError::new(code, hostile_description(code)).into()
}
