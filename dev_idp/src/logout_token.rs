//! Logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4): posted to a client's
//! `backchannel_logout_uri` when someone signs out here, and handed to tests, with each
//! flaw a relying party must refuse, by `GET /dev/logout-token`.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::TimeDelta;
use openidconnect::core::{CoreHmacKey, CoreJwsSigningAlgorithm};
use openidconnect::PrivateSigningKey;
use serde::Deserialize;
use serde_json::{json, Value};
use strum::{EnumIter, EnumString, IntoEnumIterator, IntoStaticStr};

use crate::config::RegisteredClient;
use crate::keys::{KeyError, SigningKey};
use crate::random;
use crate::simulate::{OTHER_CLIENT, WRONG_ISSUER};
use crate::state::Idp;

/// The event that makes a JWT a logout token.
const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// How long a relying party has to act on a logout token.
const LIFETIME: TimeDelta = TimeDelta::minutes(2);

/// How long the IdP waits for a relying party's back channel to answer.
const POST_TIMEOUT: Duration = Duration::from_secs(5);

/// A flaw a logout token can be made with, for tests of the relying party's checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, EnumIter, EnumString, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LogoutTokenFlaw {
    /// Signed by another key under the real key's `kid`.
    BadSignature,
    /// `alg: none`, no signature.
    AlgNone,
    /// HS256, keyed by the client's secret.
    Hs256,
    /// A `kid` the JWKS does not have.
    UnknownKid,
    WrongIss,
    WrongAud,
    NoEvents,
    /// `events` without the back-channel logout event.
    WrongEvents,
    /// A `nonce`, which logout tokens must not carry.
    Nonce,
    NoSidOrSub,
    Expired,
    /// Not a JWT at all.
    NotJwt,
}

impl LogoutTokenFlaw {
    /// Every flaw, in declaration order.
    pub fn all() -> impl Iterator<Item = Self> {
        Self::iter()
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Who a logout token names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Named {
    pub(crate) sid: Option<String>,
    pub(crate) sub: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum LogoutTokenError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("cannot sign the logout token: {0}")]
    Sign(#[from] openidconnect::SigningError),
}

/// A logout token for `client` naming `named`, with `flaw` if given.
pub(crate) async fn build(
    idp: &Idp,
    client: &RegisteredClient,
    named: &Named,
    flaw: Option<LogoutTokenFlaw>,
) -> Result<String, LogoutTokenError> {
    use LogoutTokenFlaw as F;
    if flaw == Some(F::NotJwt) {
        return Ok("this is not a JWT".to_owned());
    }
    let now = idp.clock.now();
    let issued_at = if flaw == Some(F::Expired) { now - TimeDelta::hours(1) } else { now };
    let mut claims = json!({
        "iss": if flaw == Some(F::WrongIss) { WRONG_ISSUER } else { idp.issuer.as_str() },
        "aud": if flaw == Some(F::WrongAud) { OTHER_CLIENT } else { client.client_id.as_str() },
        "iat": issued_at.timestamp(),
        "exp": (issued_at + LIFETIME).timestamp(),
        "jti": random::token(),
        "events": { BACKCHANNEL_LOGOUT_EVENT: {} },
    });
    if flaw != Some(F::NoSidOrSub) {
        if let Some(sid) = &named.sid {
            claims["sid"] = Value::from(sid.as_str());
        }
        if let Some(sub) = &named.sub {
            claims["sub"] = Value::from(sub.as_str());
        }
    }
    match flaw {
        Some(F::NoEvents) => drop(claims.as_object_mut().and_then(|claims| claims.remove("events"))),
        Some(F::WrongEvents) => claims["events"] = json!({ "http://schemas.openid.net/event/other": {} }),
        Some(F::Nonce) => claims["nonce"] = Value::from(random::token()),
        _ => {}
    }
    let key = idp.keys.current();
    let (alg, kid) = match flaw {
        Some(F::AlgNone) => ("none", None),
        Some(F::Hs256) => ("HS256", None),
        Some(F::UnknownKid) => ("RS256", Some("a-key-nobody-published".to_owned())),
        _ => ("RS256", Some(key.kid().to_owned())),
    };
    let mut header = json!({ "alg": alg, "typ": "logout+jwt" });
    if let Some(kid) = kid {
        header["kid"] = Value::from(kid);
    }
    let signing_input = format!("{}.{}", encode(&header), encode(&claims));
    let signature = match flaw {
        Some(F::AlgNone) => Vec::new(),
        Some(F::Hs256) => CoreHmacKey::new(client.client_secret.as_bytes())
            .sign(&CoreJwsSigningAlgorithm::HmacSha256, signing_input.as_bytes())?,
        Some(F::BadSignature) => SigningKey::generate_with_kid(key.kid().to_owned())
            .await?
            .signer()
            .sign(&CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, signing_input.as_bytes())?,
        _ => key.signer().sign(&CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, signing_input.as_bytes())?,
    };
    Ok(format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

fn encode(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Posts a valid logout token naming `named` to the back channel of each of `clients` that
/// has one, and waits for their answers, so that the person's sessions there have ended by
/// the time the sign-out page shows. A relying party that fails is logged, never retried.
pub(crate) async fn send(idp: &Idp, clients: impl Iterator<Item = &RegisteredClient>, named: &Named) {
    let http = match openidconnect::reqwest::Client::builder()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(POST_TIMEOUT)
        .build()
    {
        Ok(http) => http,
        Err(error) => {
            tracing::error!(%error, "cannot build the HTTP client for back-channel logout");
            return;
        }
    };
    for client in clients {
        let Some(uri) = &client.backchannel_logout_uri else { continue };
        let token = match build(idp, client, named, None).await {
            Ok(token) => token,
            Err(error) => {
                tracing::error!(%error, "cannot build a logout token");
                continue;
            }
        };
        match http.post(uri).form(&[("logout_token", token)]).send().await {
            Ok(response) if response.status().is_success() => {}
            Ok(response) => tracing::warn!(status = %response.status(), uri, "back-channel logout refused"),
            Err(error) => tracing::warn!(%error, uri, "back-channel logout failed"),
        }
    }
}
