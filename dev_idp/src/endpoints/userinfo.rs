//! `GET`/`POST /userinfo`: claims about the user an access token was issued for.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use openidconnect::core::CoreUserInfoClaims;
use openidconnect::{EmptyAdditionalClaims, SubjectIdentifier};

use crate::claims::user_claims;
use crate::simulate::{Simulation, UserinfoFailure};
use crate::state::Idp;

#[derive(Debug, thiserror::Error)]
pub(crate) enum UserinfoError {
    #[error("no bearer token")]
    MissingToken,
    #[error("unknown or expired access token")]
    InvalidToken,
}

impl IntoResponse for UserinfoError {
    fn into_response(self) -> Response {
        // RFC 6750 §3.1: a request without credentials gets a bare challenge.
        let challenge = match self {
            Self::MissingToken => r#"Bearer realm="dev_idp""#,
            Self::InvalidToken => r#"Bearer realm="dev_idp", error="invalid_token""#,
        };
        (StatusCode::UNAUTHORIZED, [(WWW_AUTHENTICATE, challenge)]).into_response()
    }
}

pub(crate) async fn userinfo(
    State(idp): State<Arc<Idp>>,
    headers: HeaderMap,
) -> Result<Response, UserinfoError> {
    let token = bearer_token(&headers).ok_or(UserinfoError::MissingToken)?;
    let grant = idp.store.access_tokens.get(token).ok_or(UserinfoError::InvalidToken)?;
    let mut claims = user_claims(&grant.user, grant.scopes);
    if grant.simulation == Some(Simulation::Userinfo(UserinfoFailure::WrongSub)) {
        claims = claims.set_subject(SubjectIdentifier::new("user-somebody-else".to_owned()));
    }
    let body = Json(CoreUserInfoClaims::new(claims, EmptyAdditionalClaims {}));
    Ok(([(CACHE_CONTROL, "no-store")], body).into_response())
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let (scheme, token) = headers.get(AUTHORIZATION)?.to_str().ok()?.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}
