//! What the client does with tokens kept after sign-in: refresh them (RFC 6749 §6, with the
//! ID token checked as OpenID Connect Core 12.2 says), call userinfo with them, and revoke the
//! refresh token at sign-out (RFC 7009). Keeping and sealing them is `crate::tokens`' job.

use super::{describe, token_failure, IssuedTokens, OidcClient, Provider};
use crate::errors::{ErrorCode, Failure, Stage};
use openidconnect::core::{CoreIdTokenClaims, CoreUserInfoClaims};
use openidconnect::{AccessToken, Nonce, RefreshToken, Scope, SubjectIdentifier, TokenResponse};
use std::sync::Arc;

/// The scope that asks for a refresh token.
const OFFLINE_ACCESS: &str = "offline_access";

/// Who the refreshed tokens must be about: the person of the sign-in.
#[derive(Clone, Copy, Debug)]
pub struct Refreshing<'a> {
    pub subject: &'a str,
    /// The sign-in's `auth_time` (Unix seconds), if its ID token had one.
    pub auth_time: Option<i64>,
}

/// A refresh that the IdP answered, every check passed.
#[derive(Debug)]
pub struct Refreshed {
    pub tokens: IssuedTokens,
}

/// What the IdP's userinfo endpoint answers now; `None` when it has no such endpoint.
pub type UserinfoNow = Option<CoreUserInfoClaims>;

/// A refresh-response ID token needs no nonce (Core 12.2): none was sent.
fn no_nonce_required(_: Option<&Nonce>) -> Result<(), String> {
    Ok(())
}

impl OidcClient {
    /// `offline_access`, when this site keeps tokens, discovery lists the scope, and
    /// `OIDC_SCOPES` does not already ask for it.
    pub(super) fn offline_access_scope(&self, provider: &Provider) -> Option<Scope> {
        let listed = provider
            .metadata
            .scopes_supported()
            .is_some_and(|scopes| scopes.iter().any(|scope| scope.as_str() == OFFLINE_ACCESS));
        let configured = self.settings.scopes.iter().any(|scope| scope.as_str() == OFFLINE_ACCESS);
        (self.settings.offline_access && listed && !configured).then(|| Scope::new(OFFLINE_ACCESS.into()))
    }

    /// Redeems `refresh_token` for fresh tokens.
    #[tracing::instrument(skip_all)]
    pub async fn refresh(
        &self,
        refresh_token: &RefreshToken,
        expected: Refreshing<'_>,
    ) -> Result<Refreshed, Failure> {
        let provider = self.provider().await?;
        let request = provider
            .client
            .exchange_refresh_token(refresh_token)
            .map_err(|e| Failure::new(ErrorCode::DiscoveryFailed, Stage::Discovery, e.to_string()))?;
        let response = request.request_async(&self.http).await.map_err(token_failure)?;
        if let Some(id_token) = response.id_token() {
            let claims = self.verify_id_token(&provider, id_token, no_nonce_required).await?;
            same_person(&claims, expected)?;
        }
        Ok(Refreshed { tokens: IssuedTokens::of(&response) })
    }

    /// The IdP's userinfo answer for `access_token` right now, which must be about `subject`.
    #[tracing::instrument(skip_all)]
    pub async fn userinfo_now(
        &self,
        access_token: &AccessToken,
        subject: &str,
    ) -> Result<UserinfoNow, Failure> {
        let provider = self.provider().await?;
        self.userinfo(&provider, &SubjectIdentifier::new(subject.to_owned()), access_token).await
    }

    /// Revokes `refresh_token` (and, at most IdPs, what was issued with it). `Ok(false)` when
    /// discovery lists no revocation endpoint. A plain RFC 7009 request: openidconnect's
    /// refuses an `http` endpoint, which a loopback IdP (the development one) has.
    #[tracing::instrument(skip_all)]
    pub async fn revoke(&self, refresh_token: RefreshToken) -> Result<bool, Failure> {
        let provider: Arc<Provider> = self.provider().await?;
        let Some(endpoint) =
            provider.metadata.additional_metadata().additional_metadata.revocation_endpoint.clone()
        else {
            return Ok(false);
        };
        let failed = |cause: String| Failure::new(ErrorCode::IdpUnreachable, Stage::Logout, cause);
        let mut form = vec![("token", refresh_token.secret().as_str()), ("token_type_hint", "refresh_token")];
        let (id, secret) = (self.settings.client_id.as_str(), self.settings.client_secret.secret().as_str());
        let request = self.http.post(endpoint.url().clone());
        // The same client authentication as the token endpoint's (see `build`).
        let request = if matches!(provider.client.auth_type(), openidconnect::AuthType::RequestBody) {
            form.extend([("client_id", id), ("client_secret", secret)]);
            request
        } else {
            // RFC 6749 §2.3.1: both are form-encoded before they are joined.
            let encode =
                |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
            request.basic_auth(encode(id), Some(encode(secret)))
        };
        let response = request.form(&form).send().await.map_err(|error| failed(describe(&error)))?;
        if !response.status().is_success() {
            return Err(failed(format!("the revocation endpoint answered {}", response.status())));
        }
        Ok(true)
    }
}

/// OpenID Connect Core 12.2: a refreshed ID token is about the same person, from the same
/// issuer (the verifier checked `iss` and our `aud`), and its `auth_time`, if present, is
/// the original sign-in's.
fn same_person(claims: &CoreIdTokenClaims, expected: Refreshing<'_>) -> Result<(), Failure> {
    let rejected = |cause: &str| Failure::new(ErrorCode::IdTokenRejected, Stage::IdToken, cause.to_owned());
    if claims.subject().as_str() != expected.subject {
        return Err(rejected("the refreshed ID token names another subject"));
    }
    let auth_time = claims.auth_time().map(|time| time.timestamp());
    if let (Some(now), Some(then)) = (auth_time, expected.auth_time) {
        if now != then {
            return Err(rejected("the refreshed ID token's auth_time is not the sign-in's"));
        }
    }
    Ok(())
}
