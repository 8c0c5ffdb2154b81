use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn discovery_document_parses_with_openidconnect() {
    let idp = start().await;
    let issuer = idp.issuer_url();
    assert!(issuer.starts_with("http://127.0.0.1:") && !issuer.ends_with('/'));

    let metadata = provider_metadata(&idp).await;
    assert_eq!(metadata.issuer().as_str(), issuer);
    assert_eq!(metadata.authorization_endpoint().as_str(), format!("{issuer}/authorize"));
    let token_endpoint = metadata.token_endpoint().map(|url| url.as_str());
    assert_eq!(token_endpoint, Some(format!("{issuer}/token").as_str()));
    let userinfo_endpoint = metadata.userinfo_endpoint().map(|url| url.as_str());
    assert_eq!(userinfo_endpoint, Some(format!("{issuer}/userinfo").as_str()));
    assert_eq!(metadata.jwks().keys().len(), 1);

    // Not part of openidconnect's core metadata, so read it raw.
    let raw: Value = reqwest::get(format!("{issuer}/.well-known/openid-configuration"))
        .await
        .expect("GET discovery")
        .json()
        .await
        .expect("JSON");
    assert_eq!(raw["end_session_endpoint"], format!("{issuer}/end-session"));
    assert_eq!(raw["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(
        raw["token_endpoint_auth_methods_supported"],
        json!(["client_secret_basic", "client_secret_post"])
    );
    assert_eq!(raw["authorization_response_iss_parameter_supported"], json!(true));
    // Careless on purpose: relying parties must accept RS256 only anyway.
    assert_eq!(raw["id_token_signing_alg_values_supported"], json!(["RS256", "HS256"]));
}

#[tokio::test]
async fn jwks_publishes_one_rs256_signing_key() {
    let idp = start().await;
    let jwks = jwks(&idp).await;
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["alg"], "RS256");
    assert!(key["kid"].as_str().is_some_and(|kid| !kid.is_empty()));
    assert_eq!(key["e"], "AQAB");
    // A 2048-bit modulus is 256 bytes: 342 base64url characters.
    assert_eq!(key["n"].as_str().map(str::len), Some(342));
}

#[tokio::test]
async fn rotating_the_key_publishes_only_the_new_kid_and_signs_with_it() {
    let idp = start().await;
    let before = published_kid(&idp).await;

    let response = reqwest::Client::new()
        .post(format!("{}/dev/rotate-key", idp.issuer_url()))
        .send()
        .await
        .expect("POST /dev/rotate-key");
    assert_eq!(response.status(), StatusCode::OK);
    let rotated: Value = response.json().await.expect("JSON");

    let after = published_kid(&idp).await;
    assert_ne!(before, after);
    assert_eq!(rotated["kid"], after.as_str());

    let request = AuthRequest::new();
    let tokens = tokens(&idp, &Browser::new(), &request, "").await;
    let id_token = tokens["id_token"].as_str().expect("id_token");
    assert_eq!(jwt_kid(id_token), after);
    verify_id_token(&idp, id_token, &request.nonce).await.expect("signed with the new key");
}

#[tokio::test]
async fn idps_of_one_process_start_with_one_key_and_rotate_on_their_own() {
    let (first, second) = (start().await, start().await);
    let shared = published_kid(&first).await;
    assert_eq!(published_kid(&second).await, shared);

    let rotate = format!("{}/dev/rotate-key", first.issuer_url());
    let response = reqwest::Client::new().post(rotate).send().await.expect("POST /dev/rotate-key");
    assert_eq!(response.status(), StatusCode::OK);
    assert_ne!(published_kid(&first).await, shared);
    assert_eq!(published_kid(&second).await, shared, "the other IdP keeps its key");
    assert_eq!(published_kid(&start().await).await, shared, "the next IdP starts with the first key");
}
