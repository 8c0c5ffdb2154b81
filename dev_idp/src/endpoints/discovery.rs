//! `GET /.well-known/openid-configuration` (OpenID Connect Discovery 1.0).

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use crate::paths::{AUTHORIZE, END_SESSION, JWKS, REVOKE, TOKEN, USERINFO};
use crate::state::Idp;

#[derive(Serialize)]
pub(crate) struct ProviderMetadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    userinfo_endpoint: String,
    jwks_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_session_endpoint: Option<String>,
    /// RFC 7009, named as RFC 8414 does.
    revocation_endpoint: String,
    response_types_supported: &'static [&'static str],
    response_modes_supported: &'static [&'static str],
    grant_types_supported: &'static [&'static str],
    subject_types_supported: &'static [&'static str],
    id_token_signing_alg_values_supported: &'static [&'static str],
    scopes_supported: &'static [&'static str],
    token_endpoint_auth_methods_supported: &'static [&'static str],
    code_challenge_methods_supported: &'static [&'static str],
    claims_supported: &'static [&'static str],
    /// RFC 9207: authorization responses carry `iss`.
    authorization_response_iss_parameter_supported: bool,
    /// Back-Channel Logout 1.0 §2.1: logout tokens are posted, and they carry `sid`.
    backchannel_logout_supported: bool,
    backchannel_logout_session_supported: bool,
}

pub(crate) async fn openid_configuration(State(idp): State<Arc<Idp>>) -> Json<ProviderMetadata> {
    Json(ProviderMetadata {
        issuer: idp.issuer.as_str().to_owned(),
        authorization_endpoint: idp.url(AUTHORIZE),
        token_endpoint: idp.url(TOKEN),
        userinfo_endpoint: idp.url(USERINFO),
        jwks_uri: idp.url(JWKS),
        end_session_endpoint: idp.config.advertise_end_session.then(|| idp.url(END_SESSION)),
        revocation_endpoint: idp.url(REVOKE),
        response_types_supported: &["code"],
        response_modes_supported: &["query"],
        grant_types_supported: &["authorization_code", "refresh_token"],
        subject_types_supported: &["public"],
        // Deliberately careless: HS256 is listed although tokens are signed
        // with RS256 (except by the `id_token:hs256` simulation). Relying
        // parties must not let this list widen the algorithms they accept.
        id_token_signing_alg_values_supported: &["RS256", "HS256"],
        scopes_supported: &["openid", "profile", "email", "offline_access"],
        token_endpoint_auth_methods_supported: &["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: &["S256"],
        claims_supported: &[
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "sid",
            "at_hash",
            "name",
            "email",
            "email_verified",
        ],
        authorization_response_iss_parameter_supported: true,
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
    })
}
