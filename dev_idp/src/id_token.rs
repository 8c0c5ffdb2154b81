//! Builds and signs ID tokens, including the deliberately broken ones the
//! ID-token simulations ask for.

use std::sync::Arc;

use chrono::TimeDelta;
use openidconnect::core::{
    CoreGenderClaim, CoreHmacKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AccessToken, AdditionalClaims, Audience, ClientId, IdToken, IdTokenClaims, JsonWebTokenError, Nonce,
};
use serde::{Deserialize, Serialize};

use crate::claims::user_claims;
use crate::keys::{KeyError, SigningKey};
use crate::simulate::{IdTokenFailure, Simulation, OTHER_CLIENT};
use crate::state::Idp;
use crate::store::CodeGrant;

/// The claims beyond the core: the SSO session's `sid` (Back-Channel Logout 1.0 §2.1).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub(crate) struct SessionClaim {
    sid: String,
}
impl AdditionalClaims for SessionClaim {}

/// An ID token with its `sid`.
pub(crate) type DevIdToken =
    IdToken<SessionClaim, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

#[derive(Debug, thiserror::Error)]
pub(crate) enum IdTokenError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("cannot sign the ID token: {0}")]
    Sign(#[from] JsonWebTokenError),
    #[error("client {0:?} is no longer registered")]
    UnknownClient(String),
}

/// The ID token for a redeemed code, bound to `access_token` through `at_hash`.
pub(crate) async fn issue(
    idp: &Idp,
    grant: &CodeGrant,
    access_token: &str,
) -> Result<DevIdToken, IdTokenError> {
    // Every time in the token follows the IdP's (possibly shifted) clock.
    let now = idp.clock.now();
    let (issued_at, expires_at) = match grant.simulation {
        Some(Simulation::IdToken(IdTokenFailure::Expired)) => {
            let expired_at = now - TimeDelta::hours(1);
            (expired_at - TimeDelta::minutes(5), expired_at)
        }
        _ => (now, now + TimeDelta::minutes(5)),
    };
    let client_id = grant.request.client_id.clone();
    let (audiences, authorized_party) = match grant.simulation {
        Some(Simulation::IdToken(IdTokenFailure::WrongAudience)) => (vec![OTHER_CLIENT.to_owned()], None),
        // OpenID Connect Core §3.1.3.7: a relying party must reject audiences
        // it does not trust, and an azp that is not its own client_id.
        Some(Simulation::IdToken(IdTokenFailure::ExtraAudience)) => {
            (vec![client_id, OTHER_CLIENT.to_owned()], Some(ClientId::new(OTHER_CLIENT.to_owned())))
        }
        _ => (vec![client_id], None),
    };
    let nonce = match grant.simulation {
        Some(Simulation::IdToken(IdTokenFailure::WrongNonce)) => Some("not-the-nonce-you-sent".to_owned()),
        _ => grant.request.nonce.clone(),
    };
    let auth_time = match grant.simulation {
        Some(Simulation::IdToken(IdTokenFailure::StaleAuthTime)) => now - TimeDelta::hours(1),
        _ => grant.auth_time + idp.clock.offset(),
    };
    let claims = IdTokenClaims::new(
        idp.issuer.clone(),
        audiences.into_iter().map(Audience::new).collect(),
        expires_at,
        issued_at,
        user_claims(&grant.user, grant.request.scopes),
        SessionClaim { sid: grant.sid.clone() },
    )
    .set_auth_time(Some(auth_time))
    .set_authorized_party(authorized_party)
    .set_nonce(nonce.map(Nonce::new));
    let access_token = AccessToken::new(access_token.to_owned());

    let token = match grant.simulation {
        // A valid MAC keyed by the client secret: only a relying party that
        // insists on RS256 (as discovery should have promised) refuses it.
        Some(Simulation::IdToken(IdTokenFailure::Hs256)) => {
            let client = idp
                .config
                .client(&grant.request.client_id)
                .ok_or_else(|| IdTokenError::UnknownClient(grant.request.client_id.clone()))?;
            let key = CoreHmacKey::new(client.client_secret.as_bytes());
            DevIdToken::new(claims, &key, CoreJwsSigningAlgorithm::HmacSha256, Some(&access_token), None)?
        }
        _ => {
            let key = match grant.simulation {
                // Same kid as the real key, so only the signature check can catch it.
                Some(Simulation::IdToken(IdTokenFailure::BadSignature)) => {
                    let real_kid = idp.keys.current().kid().to_owned();
                    Arc::new(SigningKey::generate_with_kid(real_kid).await?)
                }
                _ => idp.keys.current(),
            };
            let alg = CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256;
            match grant.simulation {
                Some(Simulation::IdToken(IdTokenFailure::NoKid)) => {
                    DevIdToken::new(claims, &key.signer_naming_no_key(), alg, Some(&access_token), None)?
                }
                _ => DevIdToken::new(claims, key.signer(), alg, Some(&access_token), None)?,
            }
        }
    };
    Ok(token)
}
