//! Logout tokens (OpenID Connect Back-Channel Logout 1.0): the IdP's server tells us, without
//! a browser, that a person signed out there. Checked as section 2.6 says: signed by the IdP
//! with a key of its JWKS and one of the algorithms ID tokens may use, for us, from our
//! issuer, in date, a logout event, no `nonce`, and a `sid`, a `sub` or both. (openidconnect
//! verifies ID tokens only, so the JWT is opened here with its key types.) The `jti` replay
//! check needs the database, and is the caller's.

use super::{OidcClient, Provider, ID_TOKEN_ALGORITHMS};
use crate::errors::Failure;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use openidconnect::core::CoreJwsSigningAlgorithm;
use openidconnect::JsonWebKey;
use serde::Deserialize;
use std::sync::Arc;

/// The `events` member that makes a JWT a logout token.
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// The longest logout token read; a real one is well under 2 KiB.
const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// A logout token that passed every check but the replay check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogoutToken {
    pub jti: String,
    /// Unix seconds: until then, the `jti` must not be accepted again.
    pub expires_at: i64,
    pub sid: Option<String>,
    pub subject: Option<String>,
}

/// Why a logout token was refused: for the team's log, never for the sender.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LogoutTokenError {
    #[error("not a signed JWT")]
    Malformed,
    #[error("alg {0:?} is not one ID tokens may use")]
    Algorithm(String),
    #[error("no key of the IdP's JWKS has this kid")]
    UnknownKey,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the claims are not a logout token's: {0}")]
    Claims(String),
    #[error("iss is not our issuer")]
    WrongIssuer,
    #[error("aud does not name only this client")]
    WrongAudience,
    #[error("iat is in the future")]
    IssuedInTheFuture,
    #[error("expired")]
    Expired,
    #[error("events has no back-channel logout event")]
    NoLogoutEvent,
    #[error("it carries a nonce, which logout tokens must not")]
    Nonce,
    #[error("it names neither a sid nor a sub")]
    NoSubject,
    #[error("its jti was seen before")]
    Replayed,
}

/// The claims a logout token carries (§2.4). Optional here, so a missing one is named by
/// the check that needs it rather than lost in a parse error.
#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    aud: Option<Audiences>,
    iat: Option<i64>,
    exp: Option<i64>,
    jti: Option<String>,
    events: Option<serde_json::Map<String, serde_json::Value>>,
    sid: Option<String>,
    sub: Option<String>,
    nonce: Option<serde_json::Value>,
}

/// `aud`: one string or several.
#[derive(Deserialize)]
#[serde(untagged)]
enum Audiences {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

/// A JWT's three parts, decoded where needed.
struct Jwt<'a> {
    header: Header,
    signing_input: &'a str,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl<'a> Jwt<'a> {
    fn parse(token: &'a str) -> Result<Self, LogoutTokenError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(LogoutTokenError::Malformed);
        }
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(LogoutTokenError::Malformed);
        };
        let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| LogoutTokenError::Malformed);
        let header: Header =
            serde_json::from_slice(&decode(header)?).map_err(|_| LogoutTokenError::Malformed)?;
        let signing_input = &token[..token.len() - signature.len() - 1];
        Ok(Self { header, signing_input, payload: decode(payload)?, signature: decode(signature)? })
    }

    /// The algorithm, if ID tokens may use it: never `none`, never an HMAC keyed by our own
    /// secret, whatever discovery lists.
    fn algorithm(&self) -> Result<CoreJwsSigningAlgorithm, LogoutTokenError> {
        let refused = || LogoutTokenError::Algorithm(self.header.alg.chars().take(16).collect());
        let alg: CoreJwsSigningAlgorithm =
            serde_json::from_value(serde_json::Value::String(self.header.alg.clone()))
                .map_err(|_| refused())?;
        ID_TOKEN_ALGORITHMS.contains(&alg).then_some(alg).ok_or_else(refused)
    }
}

impl OidcClient {
    /// Checks a logout token (§2.6, all but the replay of its `jti`). An unknown `kid` makes
    /// us fetch the IdP's keys again once, as for ID tokens.
    #[tracing::instrument(skip_all)]
    pub async fn verify_logout_token(&self, token: &str) -> Result<LogoutToken, LogoutTokenRefusal> {
        let jwt = Jwt::parse(token.trim())?;
        let alg = jwt.algorithm()?;
        let provider = self.provider().await.map_err(LogoutTokenRefusal::Unavailable)?;
        match check_signature(&provider, &jwt, &alg) {
            Err(LogoutTokenError::UnknownKey) => match self.refetch_keys(&provider).await {
                Ok(Some(provider)) => check_signature(&provider, &jwt, &alg)?,
                Ok(None) => return Err(LogoutTokenError::UnknownKey.into()),
                Err(failure) => return Err(LogoutTokenRefusal::Unavailable(failure)),
            },
            checked => checked?,
        }
        Ok(self.check_logout_claims(&jwt.payload, chrono::Utc::now().timestamp())?)
    }

    fn check_logout_claims(&self, payload: &[u8], now: i64) -> Result<LogoutToken, LogoutTokenError> {
        let claims: Claims = serde_json::from_slice(payload)
            .map_err(|error| LogoutTokenError::Claims(error.to_string().chars().take(120).collect()))?;
        let missing = |claim: &str| LogoutTokenError::Claims(format!("{claim} is missing"));
        if claims.iss.as_deref() != Some(self.issuer()) {
            return Err(LogoutTokenError::WrongIssuer);
        }
        let ours = self.settings.client_id.as_str();
        let for_us = match claims.aud.ok_or_else(|| missing("aud"))? {
            Audiences::One(aud) => aud == ours,
            Audiences::Many(auds) => !auds.is_empty() && auds.iter().all(|aud| aud == ours),
        };
        if !for_us {
            return Err(LogoutTokenError::WrongAudience);
        }
        let leeway = i64::try_from(self.settings.clock_leeway.as_secs()).unwrap_or(i64::MAX);
        let iat = claims.iat.ok_or_else(|| missing("iat"))?;
        if iat > now.saturating_add(leeway) {
            return Err(LogoutTokenError::IssuedInTheFuture);
        }
        let exp = claims.exp.ok_or_else(|| missing("exp"))?;
        if exp.saturating_add(leeway) <= now {
            return Err(LogoutTokenError::Expired);
        }
        let is_logout = claims.events.as_ref().and_then(|events| events.get(BACKCHANNEL_LOGOUT_EVENT));
        if !is_logout.is_some_and(serde_json::Value::is_object) {
            return Err(LogoutTokenError::NoLogoutEvent);
        }
        if claims.nonce.is_some() {
            return Err(LogoutTokenError::Nonce);
        }
        let non_empty = |value: Option<String>| value.filter(|value| !value.is_empty());
        let (sid, subject) = (non_empty(claims.sid), non_empty(claims.sub));
        if sid.is_none() && subject.is_none() {
            return Err(LogoutTokenError::NoSubject);
        }
        let jti = non_empty(claims.jti).ok_or_else(|| missing("jti"))?;
        Ok(LogoutToken { jti, expires_at: exp.saturating_add(leeway), sid, subject })
    }
}

/// Verifies the signature with the key the header names (or, naming none, any key that fits).
fn check_signature(
    provider: &Arc<Provider>,
    jwt: &Jwt<'_>,
    alg: &CoreJwsSigningAlgorithm,
) -> Result<(), LogoutTokenError> {
    let named = |key: &&openidconnect::core::CoreJsonWebKey| match &jwt.header.kid {
        Some(kid) => key.key_id().is_some_and(|id| id.as_str() == kid),
        None => true,
    };
    let mut candidates = provider.metadata.jwks().keys().iter().filter(named).peekable();
    if candidates.peek().is_none() {
        return Err(LogoutTokenError::UnknownKey);
    }
    let verified =
        candidates.any(|key| key.verify_signature(alg, jwt.signing_input.as_bytes(), &jwt.signature).is_ok());
    verified.then_some(()).ok_or(LogoutTokenError::BadSignature)
}

/// A logout token refused: because of the token, or because we could not check it now.
#[derive(Debug)]
pub enum LogoutTokenRefusal {
    Invalid(LogoutTokenError),
    /// The IdP's discovery or keys could not be read: the sender may try again.
    Unavailable(Failure),
}

impl From<LogoutTokenError> for LogoutTokenRefusal {
    fn from(error: LogoutTokenError) -> Self {
        Self::Invalid(error)
    }
}
