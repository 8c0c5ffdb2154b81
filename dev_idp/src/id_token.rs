//! Builds and signs ID tokens, including the deliberately broken ones the
//! ID-token simulations ask for.

use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use openidconnect::core::{CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm};
use openidconnect::{AccessToken, Audience, EmptyAdditionalClaims, JsonWebTokenError, Nonce};

use crate::claims::user_claims;
use crate::keys::{KeyError, SigningKey};
use crate::simulate::Simulation;
use crate::state::Idp;
use crate::store::CodeGrant;

#[derive(Debug, thiserror::Error)]
pub(crate) enum IdTokenError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("cannot sign the ID token: {0}")]
    Sign(#[from] JsonWebTokenError),
}

/// The ID token for a redeemed code, bound to `access_token` through `at_hash`.
pub(crate) async fn issue(
    idp: &Idp,
    grant: &CodeGrant,
    access_token: &str,
) -> Result<CoreIdToken, IdTokenError> {
    let now = Utc::now();
    let (issued_at, expires_at) = match grant.simulation {
        Some(Simulation::IdTokenExpired) => {
            let expired_at = now - TimeDelta::hours(1);
            (expired_at - TimeDelta::minutes(5), expired_at)
        }
        _ => (now, now + TimeDelta::minutes(5)),
    };
    let audience = match grant.simulation {
        Some(Simulation::IdTokenWrongAudience) => "some-other-client".to_owned(),
        _ => grant.request.client_id.clone(),
    };
    let nonce = match grant.simulation {
        Some(Simulation::IdTokenWrongNonce) => Some("not-the-nonce-you-sent".to_owned()),
        _ => grant.request.nonce.clone(),
    };
    let claims = CoreIdTokenClaims::new(
        idp.issuer.clone(),
        vec![Audience::new(audience)],
        expires_at,
        issued_at,
        user_claims(grant.user, grant.request.scopes),
        EmptyAdditionalClaims {},
    )
    .set_auth_time(Some(grant.auth_time))
    .set_nonce(nonce.map(Nonce::new));

    let key = match grant.simulation {
        // Same kid as the real key, so only the signature check can catch it.
        Some(Simulation::IdTokenBadSignature) => {
            let real_kid = idp.keys.current().kid().to_owned();
            Arc::new(SigningKey::generate_with_kid(real_kid).await?)
        }
        _ => idp.keys.current(),
    };
    let token = CoreIdToken::new(
        claims,
        key.signer(),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        Some(&AccessToken::new(access_token.to_owned())),
        None,
    )?;
    Ok(token)
}
