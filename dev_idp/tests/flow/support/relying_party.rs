//! The relying party's side: authorization requests, token and UserInfo
//! calls, and ID token verification with openidconnect.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use dev_idp::DevIdp;
use openidconnect::core::{CoreIdToken, CoreIdTokenClaims, CoreIdTokenVerifier, CoreProviderMetadata};
use openidconnect::{
    ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
};
use reqwest::{redirect, Response, StatusCode};
use serde_json::Value;
use url::Url;

use super::{query_param, Browser, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI};

/// The per-request secrets a relying party keeps while the user is away.
pub struct AuthRequest {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub challenge: String,
    pub scope: &'static str,
}

impl AuthRequest {
    pub fn new() -> Self {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        Self {
            state: CsrfToken::new_random().secret().clone(),
            nonce: Nonce::new_random().secret().clone(),
            verifier: verifier.secret().clone(),
            challenge: challenge.as_str().to_owned(),
            scope: "openid profile email",
        }
    }

    pub fn url(&self, idp: &DevIdp) -> Url {
        self.url_with(idp, &[])
    }

    /// The authorization URL with some parameters replaced (or, with an empty value, removed).
    pub fn url_with(&self, idp: &DevIdp, overrides: &[(&str, &str)]) -> Url {
        let defaults = [
            ("response_type", "code"),
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT_URI),
            ("scope", self.scope),
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("code_challenge", &self.challenge),
            ("code_challenge_method", "S256"),
        ];
        let mut url = Url::parse(&format!("{}/authorize", idp.issuer_url())).expect("URL");
        {
            let mut query = url.query_pairs_mut();
            for (name, default) in defaults {
                let value = overrides
                    .iter()
                    .find(|(overridden, _)| *overridden == name)
                    .map_or(default, |(_, value)| *value);
                if !value.is_empty() {
                    query.append_pair(name, value);
                }
            }
            for (name, value) in overrides {
                if !defaults.iter().any(|(known, _)| known == name) {
                    query.append_pair(name, value);
                }
            }
        }
        url
    }
}

/// Redeems a code at the token endpoint with `client_secret_basic`.
pub async fn redeem(idp: &DevIdp, code: &str, verifier: &str) -> Response {
    redeem_with(idp, &[("code", code), ("code_verifier", verifier), ("redirect_uri", REDIRECT_URI)]).await
}

pub async fn redeem_with(idp: &DevIdp, fields: &[(&str, &str)]) -> Response {
    redeem_as(idp, (CLIENT_ID, CLIENT_SECRET), fields).await
}

/// A token request authenticated (client_secret_basic) as `client`: (id, secret).
pub async fn redeem_as(idp: &DevIdp, client: (&str, &str), fields: &[(&str, &str)]) -> Response {
    let mut form = vec![("grant_type", "authorization_code")];
    form.extend_from_slice(fields);
    reqwest::Client::new()
        .post(format!("{}/token", idp.issuer_url()))
        .basic_auth(client.0, Some(client.1))
        .form(&form)
        .send()
        .await
        .expect("POST /token")
}

/// Asserts an RFC 6749 error response and returns its `error_description`.
pub async fn expect_token_error(response: Response, status: StatusCode, error: &str) -> String {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.expect("JSON error body");
    assert_eq!(body["error"], error, "{body}");
    body["error_description"].as_str().expect("error_description").to_owned()
}

pub async fn provider_metadata(idp: &DevIdp) -> CoreProviderMetadata {
    let issuer = IssuerUrl::new(idp.issuer_url().to_owned()).expect("issuer URL");
    let http = reqwest::Client::builder().redirect(redirect::Policy::none()).build().expect("HTTP client");
    CoreProviderMetadata::discover_async(issuer, &http).await.expect("discovery")
}

/// The verifier the app uses: the discovered issuer and JWKS, RS256 only.
pub async fn id_token_verifier(idp: &DevIdp) -> CoreIdTokenVerifier<'static> {
    let metadata = provider_metadata(idp).await;
    CoreIdTokenVerifier::new_confidential_client(
        ClientId::new(CLIENT_ID.into()),
        ClientSecret::new(CLIENT_SECRET.into()),
        metadata.issuer().clone(),
        metadata.jwks().clone(),
    )
}

/// Verifies an ID token the way the app does (see [`id_token_verifier`]).
pub async fn verify_id_token(
    idp: &DevIdp,
    id_token: &str,
    nonce: &str,
) -> Result<CoreIdTokenClaims, ClaimsVerificationError> {
    verify_with(&id_token_verifier(idp).await, id_token, nonce)
}

pub fn verify_with(
    verifier: &CoreIdTokenVerifier<'_>,
    id_token: &str,
    nonce: &str,
) -> Result<CoreIdTokenClaims, ClaimsVerificationError> {
    let token: CoreIdToken = id_token.parse().expect("ID token is a JWT");
    token.into_claims(verifier, &Nonce::new(nonce.to_owned()))
}

/// Completes the flow up to the token response body.
pub async fn tokens(idp: &DevIdp, browser: &Browser, request: &AuthRequest, simulate: &str) -> Value {
    let code = browser.code_for(idp, request, simulate).await;
    let response = redeem(idp, &code, &request.verifier).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("token JSON")
}

/// Redeems the code in `callback` and returns the verified ID token's claims.
pub async fn callback_claims(idp: &DevIdp, request: &AuthRequest, callback: &Url) -> CoreIdTokenClaims {
    let code = query_param(callback, "code").unwrap_or_else(|| panic!("no code in {callback}"));
    let response = redeem(idp, &code, &request.verifier).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("token JSON");
    let id_token = body["id_token"].as_str().expect("id_token");
    verify_id_token(idp, id_token, &request.nonce).await.expect("a valid ID token")
}

pub async fn userinfo(idp: &DevIdp, access_token: &str) -> Response {
    reqwest::Client::new()
        .get(format!("{}/userinfo", idp.issuer_url()))
        .bearer_auth(access_token)
        .send()
        .await
        .expect("GET /userinfo")
}

/// A JWT's (unverified) header.
pub fn jwt_header(jwt: &str) -> Value {
    let header = jwt.split('.').next().expect("JWT header");
    let header = URL_SAFE_NO_PAD.decode(header).expect("base64url header");
    serde_json::from_slice(&header).expect("JSON header")
}

/// The `kid` in a JWT's header.
pub fn jwt_kid(jwt: &str) -> String {
    jwt_header(jwt)["kid"].as_str().expect("kid").to_owned()
}

/// The IdP's JWKS document.
pub async fn jwks(idp: &DevIdp) -> Value {
    reqwest::get(format!("{}/jwks", idp.issuer_url()))
        .await
        .expect("GET /jwks")
        .json()
        .await
        .expect("JWKS JSON")
}

/// The `kid` of the only key the JWKS publishes.
pub async fn published_kid(idp: &DevIdp) -> String {
    let jwks = jwks(idp).await;
    assert_eq!(jwks["keys"].as_array().map(Vec::len), Some(1), "{jwks}");
    jwks["keys"][0]["kid"].as_str().expect("kid").to_owned()
}
