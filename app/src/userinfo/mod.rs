//! The userinfo feature: `/account/userinfo` calls the IdP's userinfo endpoint right now with
//! the signed-in person's access token (refreshed first when it has run out) and shows what
//! came back. It is the example of calling an API as the person: the whole of it is one call
//! to `SignIn::access_token` (see docs/tokens.md) and one request with the token.

pub mod page;

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page's path.
pub const PATH: &str = "/account/userinfo";

/// One claim as the IdP returned it, its value as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub name: String,
    pub value: String,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserinfoAnswer {
    /// What the userinfo endpoint said, and when the access token expires (Unix seconds).
    Claims { claims: Vec<Claim>, token_expires_at: i64 },
    /// The IdP has no userinfo endpoint.
    NoEndpoint { token_expires_at: i64 },
    /// This site keeps no tokens: the page says how to turn it on.
    NotKept,
    /// Somewhere else to go: sign-in (signed out, or the refresh was refused and the session
    /// ended), or the friendly error page with its reference.
    GoTo(String),
}

/// Asks the IdP's userinfo endpoint now, as the signed-in person.
#[server]
pub async fn userinfo_now() -> Result<UserinfoAnswer, AppError> {
    server::userinfo_now().await
}

#[cfg(feature = "ssr")]
mod server {
    use super::{Claim, UserinfoAnswer, PATH};
    use crate::auth::request::AuthRequest;
    use crate::errors::AppError;
    use crate::paths;
    use openidconnect::core::CoreUserInfoClaims;
    use sign_in::tokens::TokenError;
    use sign_in::Landing;

    pub(super) async fn userinfo_now() -> Result<UserinfoAnswer, AppError> {
        let request = AuthRequest::from_server_fn().await?;
        // The one call a feature makes for a valid token: refreshed first when due.
        let token = match request.sign_in.access_token(&request.session).await {
            Ok(token) => token,
            Err(TokenError::NotKept) => return Ok(UserinfoAnswer::NotKept),
            Err(TokenError::SignedOut) => return Ok(UserinfoAnswer::GoTo(paths::sign_in_returning_to(PATH))),
            Err(TokenError::Refused(failure)) => {
                if let Some(failure) = failure {
                    request.sign_in.record_failure(&request.session, &failure, &request.info).await;
                }
                return Ok(UserinfoAnswer::GoTo(paths::sign_in_after_refresh_refused(PATH)));
            }
            Err(TokenError::Unavailable(failure)) => {
                let failure = failure.of_sign_in(PATH, &Landing::this_window());
                return Ok(UserinfoAnswer::GoTo(request.fail(failure).await));
            }
        };
        let token_expires_at = token.expires_at;
        match request.sign_in.oidc.userinfo_now(&token.access_token, &token.subject).await {
            Ok(Some(claims)) => Ok(UserinfoAnswer::Claims { claims: as_text(&claims), token_expires_at }),
            Ok(None) => Ok(UserinfoAnswer::NoEndpoint { token_expires_at }),
            Err(failure) => {
                let failure = failure.of_sign_in(PATH, &Landing::this_window());
                Ok(UserinfoAnswer::GoTo(request.fail(failure).await))
            }
        }
    }

    /// Each claim with its value as text: strings as they are, anything else as JSON.
    fn as_text(claims: &CoreUserInfoClaims) -> Vec<Claim> {
        let Ok(serde_json::Value::Object(map)) = serde_json::to_value(claims) else { return Vec::new() };
        map.into_iter()
            .map(|(name, value)| {
                let value = match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                Claim { name, value }
            })
            .collect()
    }
}
