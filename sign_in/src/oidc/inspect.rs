//! What the IdP says about itself right now, fetched fresh for a check of the setup:
//! never the provider the sign-in flow has cached, and with short timeouts, so a dead IdP
//! costs the page a few seconds at most and the sign-in flow nothing.

use super::{describe, OidcClient, ID_TOKEN_ALGORITHMS};
use crate::clock::unix_now;
use openidconnect::reqwest;
use serde_json::Value;
use std::time::Duration;

/// Each request of an inspection gives up after this long.
const TIMEOUT: Duration = Duration::from_secs(3);
/// The endpoints sign-in needs from discovery.
const REQUIRED_ENDPOINTS: [&str; 4] =
    ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"];

/// The facts, for a check of the setup to judge and explain.
#[derive(Clone, Debug)]
pub struct Inspection {
    /// The discovery document's facts, or why it could not be read.
    pub discovery: Result<DiscoveryFacts, String>,
}

#[derive(Clone, Debug)]
pub struct DiscoveryFacts {
    /// The issuer the document names.
    pub issuer: Option<String>,
    pub missing_endpoints: Vec<&'static str>,
    pub pkce_s256: bool,
    pub end_session: bool,
    /// Back-Channel Logout 1.0: `backchannel_logout_supported`, and with it
    /// `backchannel_logout_session_supported` (logout tokens name the session's `sid`).
    pub backchannel_logout: bool,
    pub backchannel_logout_session: bool,
    pub signing_algorithms: Vec<String>,
    /// Whether one of the algorithms is one we accept.
    pub accepted_algorithm: bool,
    /// How many keys the JWKS holds, or why it could not be read.
    pub jwks: Result<usize, String>,
    /// The IdP's clock (its `Date` header) minus ours, in seconds.
    pub clock_offset: Option<i64>,
}

impl OidcClient {
    pub async fn inspect(&self) -> Inspection {
        Inspection { discovery: self.inspect_discovery().await }
    }

    async fn inspect_discovery(&self) -> Result<DiscoveryFacts, String> {
        let url = self
            .settings
            .issuer
            .join(".well-known/openid-configuration")
            .map_err(|error| format!("the issuer does not make a discovery URL: {error}"))?;
        let response = self.http.get(url).timeout(TIMEOUT).send().await.map_err(|e| describe(&e))?;
        let clock_offset = idp_time(&response).map(|idp| idp - unix_now());
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the discovery document answered HTTP {status}"));
        }
        let document =
            json(response).await.map_err(|error| format!("the discovery document is not JSON: {error}"))?;
        let strings = |field: &str| -> Vec<String> {
            document[field]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let signing_algorithms = strings("id_token_signing_alg_values_supported");
        let accepted_algorithm = signing_algorithms.iter().any(|listed| {
            serde_json::from_value(Value::String(listed.clone()))
                .is_ok_and(|algorithm| ID_TOKEN_ALGORITHMS.contains(&algorithm))
        });
        Ok(DiscoveryFacts {
            issuer: document["issuer"].as_str().map(str::to_owned),
            missing_endpoints: REQUIRED_ENDPOINTS
                .into_iter()
                .filter(|endpoint| document[*endpoint].as_str().is_none())
                .collect(),
            pkce_s256: strings("code_challenge_methods_supported").iter().any(|method| method == "S256"),
            end_session: document["end_session_endpoint"].as_str().is_some(),
            backchannel_logout: document["backchannel_logout_supported"].as_bool() == Some(true),
            backchannel_logout_session: document["backchannel_logout_session_supported"].as_bool()
                == Some(true),
            signing_algorithms,
            accepted_algorithm,
            jwks: match document["jwks_uri"].as_str() {
                Some(jwks_uri) => self.count_keys(jwks_uri).await,
                None => Err("discovery names no jwks_uri".into()),
            },
            clock_offset,
        })
    }

    async fn count_keys(&self, jwks_uri: &str) -> Result<usize, String> {
        let response = self.http.get(jwks_uri).timeout(TIMEOUT).send().await.map_err(|e| describe(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the JWKS answered HTTP {status}"));
        }
        let jwks = json(response).await.map_err(|error| format!("the JWKS is not JSON: {error}"))?;
        match jwks["keys"].as_array() {
            Some(keys) if !keys.is_empty() => Ok(keys.len()),
            _ => Err("the JWKS holds no keys".into()),
        }
    }
}

async fn json(response: reqwest::Response) -> Result<Value, String> {
    let body = response.bytes().await.map_err(|e| describe(&e))?;
    serde_json::from_slice(&body).map_err(|error| error.to_string())
}

/// The time the IdP's `Date` header gives, in Unix seconds.
fn idp_time(response: &reqwest::Response) -> Option<i64> {
    let date = response.headers().get(reqwest::header::DATE)?.to_str().ok()?;
    chrono::DateTime::parse_from_rfc2822(date).ok().map(|time| time.timestamp())
}
