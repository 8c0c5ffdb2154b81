use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreUserInfoClaims};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    RedirectUrl, Scope, TokenResponse,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn code_flow_issues_tokens_the_app_can_verify() {
    let idp = start().await;
    let request = AuthRequest::new();
    let body = tokens(&idp, &Browser::new(), &request, "").await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "openid profile email");

    let id_token = body["id_token"].as_str().expect("id_token");
    let claims = verify_id_token(&idp, id_token, &request.nonce).await.expect("a valid ID token");
    assert_eq!(claims.issuer().as_str(), idp.issuer_url());
    assert_eq!(claims.subject().as_str(), "user-ada");
    assert_eq!(claims.audiences().len(), 1);
    assert_eq!(claims.audiences()[0].as_str(), CLIENT_ID);
    assert_eq!(claims.nonce().map(|nonce| nonce.secret().as_str()), Some(request.nonce.as_str()));
    let name = claims.name().and_then(|name| name.get(None)).map(|name| name.as_str());
    assert_eq!(name, Some("Ada Lovelace"));
    assert_eq!(claims.email().map(|email| email.as_str()), Some("ada@example.com"));
    assert_eq!(claims.email_verified(), Some(true));
    assert!(claims.auth_time().is_some());
    let lifetime = claims.expiration() - claims.issue_time();
    assert_eq!(lifetime.num_seconds(), 300);

    let response = userinfo(&idp, body["access_token"].as_str().expect("access_token")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let info: Value = response.json().await.expect("JSON");
    assert_eq!(
        info,
        json!({"sub": "user-ada", "name": "Ada Lovelace", "email": "ada@example.com", "email_verified": true})
    );
}

#[tokio::test]
async fn claims_follow_the_user_and_the_granted_scopes() {
    let idp = start().await;

    // The nameless test user has no name claim, even with the profile scope.
    let browser = Browser::new();
    let request = AuthRequest::new();
    let callback = browser.sign_in(&idp, request.url(&idp), "nameless", "").await;
    let code = query_param(&callback, "code").expect("code");
    let body: Value = redeem(&idp, &code, &request.verifier).await.json().await.expect("JSON");
    let claims = verify_id_token(&idp, body["id_token"].as_str().expect("id_token"), &request.nonce)
        .await
        .expect("valid");
    assert_eq!(claims.subject().as_str(), "user-nameless");
    assert!(claims.name().is_none());
    assert_eq!(claims.email().map(|email| email.as_str()), Some("nameless@example.com"));

    // With only `openid`, neither name nor email is released.
    let browser = Browser::new();
    let request = AuthRequest { scope: "openid", ..AuthRequest::new() };
    let callback = browser.sign_in(&idp, request.url(&idp), "grace", "").await;
    let code = query_param(&callback, "code").expect("code");
    let body: Value = redeem(&idp, &code, &request.verifier).await.json().await.expect("JSON");
    assert_eq!(body["scope"], "openid");
    let info: Value =
        userinfo(&idp, body["access_token"].as_str().expect("token")).await.json().await.expect("JSON");
    assert_eq!(info, json!({"sub": "user-grace"}));
}

#[tokio::test]
async fn openidconnect_client_completes_the_flow() {
    let idp = start().await;
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("HTTP client");
    let client = CoreClient::from_provider_metadata(
        provider_metadata(&idp).await,
        ClientId::new(CLIENT_ID.into()),
        Some(ClientSecret::new(CLIENT_SECRET.into())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT_URI.into()).expect("URL"));
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();

    let callback = Browser::new().sign_in(&idp, url, "grace", "").await;
    assert_eq!(query_param(&callback, "state").as_deref(), Some(state.secret().as_str()));
    let code = AuthorizationCode::new(query_param(&callback, "code").expect("code"));

    let response = client
        .exchange_code(code)
        .expect("token endpoint known")
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("token exchange");
    let id_token = response.id_token().expect("id_token");
    let claims = id_token.claims(&client.id_token_verifier(), &nonce).expect("valid ID token");
    assert_eq!(claims.subject().as_str(), "user-grace");

    let info: CoreUserInfoClaims = client
        .user_info(response.access_token().clone(), Some(claims.subject().clone()))
        .expect("userinfo endpoint known")
        .request_async(&http)
        .await
        .expect("userinfo");
    assert_eq!(info.email().map(|email| email.as_str()), Some("grace@example.com"));
}
