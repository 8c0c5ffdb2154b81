//! Refresh tokens: only with `offline_access`, each good for one refresh, a reused one revokes
//! its whole family, the revocation endpoint revokes too, and `/dev/refreshes` counts it all.

use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::support::{expect_token_error, start, tokens, AuthRequest, Browser, CLIENT_ID, CLIENT_SECRET};

async fn post(idp: &dev_idp::DevIdp, path: &str, form: &[(&str, &str)]) -> Response {
    reqwest::Client::new()
        .post(format!("{}{path}", idp.issuer_url()))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(form)
        .send()
        .await
        .expect("POST")
}

async fn refresh(idp: &dev_idp::DevIdp, refresh_token: &str) -> Response {
    post(idp, dev_idp::paths::TOKEN, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token)])
        .await
}

async fn counts(idp: &dev_idp::DevIdp) -> Value {
    let url = format!("{}{}", idp.issuer_url(), dev_idp::paths::REFRESHES);
    reqwest::get(url).await.expect("GET").json().await.expect("JSON")
}

fn offline() -> AuthRequest {
    AuthRequest { scope: "openid profile offline_access", ..AuthRequest::new() }
}

fn text<'a>(json: &'a Value, field: &str) -> &'a str {
    json[field].as_str().unwrap_or_else(|| panic!("{field} in {json}"))
}

#[tokio::test]
async fn a_refresh_token_comes_only_with_offline_access() {
    let idp = start().await;
    let without = tokens(&idp, &Browser::new(), &AuthRequest::new(), "").await;
    assert!(without.get("refresh_token").is_none(), "{without}");
    let with = tokens(&idp, &Browser::new(), &offline(), "").await;
    assert!(!text(&with, "refresh_token").is_empty());
    assert_eq!(text(&with, "scope"), "openid profile offline_access");
}

#[tokio::test]
async fn each_refresh_token_works_once_and_a_reused_one_revokes_its_family() {
    let idp = start().await;
    let first = tokens(&idp, &Browser::new(), &offline(), "").await;
    let response = refresh(&idp, text(&first, "refresh_token")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second: Value = response.json().await.expect("JSON");
    assert_ne!(text(&second, "refresh_token"), text(&first, "refresh_token"), "rotated");
    assert_ne!(text(&second, "access_token"), text(&first, "access_token"));
    assert!(!text(&second, "id_token").is_empty());

    // The first token again: refused, and the second, never used, goes with it.
    let reused = refresh(&idp, text(&first, "refresh_token")).await;
    expect_token_error(reused, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let revoked = refresh(&idp, text(&second, "refresh_token")).await;
    expect_token_error(revoked, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert_eq!(counts(&idp).await, serde_json::json!({ "refreshes": 3, "reused": 1, "revoked": 0 }));
}

#[tokio::test]
async fn a_revoked_refresh_token_is_refused() {
    let idp = start().await;
    let issued = tokens(&idp, &Browser::new(), &offline(), "").await;
    let response = post(&idp, dev_idp::paths::REVOKE, &[("token", text(&issued, "refresh_token"))]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let unknown = post(&idp, dev_idp::paths::REVOKE, &[("token", "made-up")]).await;
    assert_eq!(unknown.status(), StatusCode::OK, "RFC 7009: unknown tokens are no error");
    expect_token_error(
        refresh(&idp, text(&issued, "refresh_token")).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(counts(&idp).await["revoked"], 1);
}

#[tokio::test]
async fn the_refused_refresh_simulation_refuses_every_refresh_of_its_sign_in() {
    let idp = start().await;
    let issued = tokens(&idp, &Browser::new(), &offline(), "refresh:invalid_grant").await;
    let refused = refresh(&idp, text(&issued, "refresh_token")).await;
    expect_token_error(refused, StatusCode::BAD_REQUEST, "invalid_grant").await;
}
