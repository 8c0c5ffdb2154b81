use reqwest::header::{COOKIE, LOCATION};
use reqwest::StatusCode;
use url::Url;

use crate::support::*;

fn end_session_url(idp: &dev_idp::DevIdp, params: &[(&str, &str)]) -> Url {
    let base = format!("{}/end-session", idp.issuer_url());
    Url::parse_with_params(&base, params).expect("URL")
}

/// Signs in with a simulation (or "") and returns the ID token.
async fn signed_in(idp: &dev_idp::DevIdp, browser: &Browser, simulate: &str) -> String {
    let body = tokens(idp, browser, &AuthRequest::new(), simulate).await;
    body["id_token"].as_str().expect("id_token").to_owned()
}

#[tokio::test]
async fn valid_hint_redirects_with_state_and_ends_the_sso_session() {
    let idp = start().await;
    let browser = Browser::new();
    let id_token = signed_in(&idp, &browser, "").await;
    let old_cookie = browser.cookie_header(&idp).expect("SSO cookie");

    let url = end_session_url(
        &idp,
        &[
            ("id_token_hint", &id_token),
            ("post_logout_redirect_uri", POST_LOGOUT_REDIRECT_URI),
            ("state", "bye & thanks"),
        ],
    );
    let target = location(&browser.get(url).await);
    assert_eq!(target.as_str(), format!("{POST_LOGOUT_REDIRECT_URI}?state=bye+%26+thanks"));

    // The next authorization needs a sign-in again, and replaying the old
    // cookie does not help: the session is gone on the server too.
    assert_eq!(browser.cookie_header(&idp), None);
    browser.open_sign_in_page(AuthRequest::new().url(&idp)).await;
    let replayed = browser
        .http
        .get(AuthRequest::new().url(&idp))
        .header(COOKIE, old_cookie)
        .send()
        .await
        .expect("GET /authorize");
    assert_eq!(replayed.status(), StatusCode::OK, "expected the sign-in page");
}

#[tokio::test]
async fn unregistered_post_logout_uri_is_not_redirected_to() {
    let idp = start().await;
    let browser = Browser::new();
    let id_token = signed_in(&idp, &browser, "").await;

    let url = end_session_url(
        &idp,
        &[("id_token_hint", &id_token), ("post_logout_redirect_uri", "https://evil.example/")],
    );
    let response = browser.get(url).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(LOCATION).is_none());
    let page = response.text().await.expect("body");
    assert!(page.contains("You are signed out of the development IdP"));
    browser.open_sign_in_page(AuthRequest::new().url(&idp)).await;
}

#[tokio::test]
async fn a_hint_not_signed_by_this_idp_is_rejected() {
    let idp = start().await;
    let browser = Browser::new();
    let forged = signed_in(&idp, &browser, "id_token:bad_signature").await;
    for hint in ["not-a-jwt", forged.as_str()] {
        let url = end_session_url(
            &idp,
            &[("id_token_hint", hint), ("post_logout_redirect_uri", POST_LOGOUT_REDIRECT_URI)],
        );
        let response = browser.get(url).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.headers().get(LOCATION).is_none());
    }
    // The session survived the rejected requests.
    let target = location(&browser.get(AuthRequest::new().url(&idp)).await);
    assert!(query_param(&target, "code").is_some());
}

#[tokio::test]
async fn expired_hints_and_hints_signed_before_a_rotation_are_accepted() {
    let idp = start().await;
    let browser = Browser::new();
    let expired = signed_in(&idp, &browser, "id_token:expired").await;
    let before_rotation = signed_in(&idp, &Browser::new(), "").await;
    reqwest::Client::new().post(format!("{}/dev/rotate-key", idp.issuer_url())).send().await.expect("rotate");
    for hint in [&expired, &before_rotation] {
        let url = end_session_url(
            &idp,
            &[("id_token_hint", hint), ("post_logout_redirect_uri", POST_LOGOUT_REDIRECT_URI)],
        );
        let target = location(&browser.get(url).await);
        assert_eq!(target.as_str(), POST_LOGOUT_REDIRECT_URI);
    }
}

#[tokio::test]
async fn client_id_alone_identifies_the_client() {
    let idp = start().await;
    let browser = Browser::new();
    signed_in(&idp, &browser, "").await;
    let url = end_session_url(
        &idp,
        &[("client_id", CLIENT_ID), ("post_logout_redirect_uri", POST_LOGOUT_REDIRECT_URI)],
    );
    assert_eq!(location(&browser.get(url).await).as_str(), POST_LOGOUT_REDIRECT_URI);
    browser.open_sign_in_page(AuthRequest::new().url(&idp)).await;
}
