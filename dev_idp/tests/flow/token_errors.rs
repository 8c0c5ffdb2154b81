use reqwest::header::WWW_AUTHENTICATE;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::*;

#[tokio::test]
async fn a_code_can_be_redeemed_only_once() {
    let (idp, request, code) = issued_code("").await;
    assert_eq!(redeem(&idp, &code, &request.verifier).await.status(), StatusCode::OK);
    let second = redeem(&idp, &code, &request.verifier).await;
    expect_token_error(second, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn wrong_pkce_verifier_is_invalid_grant_and_burns_the_code() {
    let (idp, request, code) = issued_code("").await;
    let other_verifier = AuthRequest::new().verifier;
    let wrong = redeem(&idp, &code, &other_verifier).await;
    expect_token_error(wrong, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let retry = redeem(&idp, &code, &request.verifier).await;
    expect_token_error(retry, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn redirect_uri_must_match_the_authorization_request() {
    let (idp, request, code) = issued_code("").await;
    let fields = [
        ("code", code.as_str()),
        ("code_verifier", request.verifier.as_str()),
        ("redirect_uri", "http://127.0.0.1:3000/elsewhere"),
    ];
    let response = redeem_with(&idp, &fields).await;
    expect_token_error(response, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn wrong_client_secret_is_401_invalid_client_and_keeps_the_code() {
    let (idp, request, code) = issued_code("").await;
    let response = redeem_as(
        &idp,
        (CLIENT_ID, "not-the-secret"),
        &[("code", &code), ("code_verifier", &request.verifier), ("redirect_uri", REDIRECT_URI)],
    )
    .await;
    let challenge = response.headers().get(WWW_AUTHENTICATE).cloned();
    expect_token_error(response, StatusCode::UNAUTHORIZED, "invalid_client").await;
    assert!(challenge.is_some_and(|value| value.as_bytes().starts_with(b"Basic")));
    // Without the secret, nobody can burn someone else's code.
    assert_eq!(redeem(&idp, &code, &request.verifier).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn client_secret_post_is_accepted() {
    let (idp, request, code) = issued_code("").await;
    let response = reqwest::Client::new()
        .post(format!("{}/token", idp.issuer_url()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("code_verifier", &request.verifier),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("POST /token");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.expect("JSON");
    assert!(body["id_token"].is_string());
}

#[tokio::test]
async fn codes_expire_after_the_configured_lifetime() {
    let config = dev_idp::DevIdpConfig { code_lifetime: std::time::Duration::from_millis(50), ..config() };
    let idp = start_with(config).await;
    let request = AuthRequest::new();
    let code = Browser::new().code_for(&idp, &request, "").await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let response = redeem(&idp, &code, &request.verifier).await;
    expect_token_error(response, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn malformed_token_requests_are_rejected() {
    let (idp, _, code) = issued_code("").await;

    let missing_code = redeem_with(&idp, &[("redirect_uri", REDIRECT_URI)]).await;
    expect_token_error(missing_code, StatusCode::BAD_REQUEST, "invalid_request").await;

    let response = reqwest::Client::new()
        .post(format!("{}/token", idp.issuer_url()))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(&[("grant_type", "password"), ("code", &code)])
        .send()
        .await
        .expect("POST /token");
    expect_token_error(response, StatusCode::BAD_REQUEST, "unsupported_grant_type").await;

    let missing_verifier = redeem_with(&idp, &[("code", &code), ("redirect_uri", REDIRECT_URI)]).await;
    expect_token_error(missing_verifier, StatusCode::BAD_REQUEST, "invalid_request").await;
}

#[tokio::test]
async fn a_code_is_only_good_for_the_client_it_was_issued_to() {
    let idp = start_with(config_with_other_client()).await;
    let request = AuthRequest::new();
    let code = Browser::new().code_for(&idp, &request, "").await;
    let response = redeem_as(
        &idp,
        ("other-client", CLIENT_SECRET),
        &[("code", &code), ("code_verifier", &request.verifier), ("redirect_uri", REDIRECT_URI)],
    )
    .await;
    expect_token_error(response, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn userinfo_rejects_unknown_tokens() {
    let idp = start().await;
    let response = userinfo(&idp, "made-up-token").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let challenge = response.headers()[WWW_AUTHENTICATE].to_str().expect("ASCII");
    assert!(challenge.contains(r#"error="invalid_token""#), "{challenge}");
}
