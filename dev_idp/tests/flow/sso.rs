use reqwest::header::SET_COOKIE;
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn a_second_authorization_is_silent() {
    let idp = start().await;
    let browser = Browser::new();
    browser.code_for(&idp, &AuthRequest::new(), "").await;

    let request = AuthRequest::new();
    let target = location(&browser.get(request.url(&idp)).await);
    assert!(target.as_str().starts_with(REDIRECT_URI), "{target}");
    assert_eq!(query_param(&target, "state").as_deref(), Some(request.state.as_str()));
    let code = query_param(&target, "code").expect("code");
    let response = redeem(&idp, &code, &request.verifier).await;
    assert_eq!(response.status(), StatusCode::OK);

    // Another browser has no session and must sign in.
    Browser::new().open_sign_in_page(AuthRequest::new().url(&idp)).await;
}

#[tokio::test]
async fn sign_in_sets_a_lax_http_only_sso_cookie() {
    let (idp, browser, page) = on_sign_in_page().await;
    let response = browser.submit_sign_in(&idp, &page, "ada", "").await;
    let cookie = response.headers()[SET_COOKIE].to_str().expect("ASCII");
    assert!(cookie.starts_with("dev_idp_sso="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
}

#[tokio::test]
async fn prompt_controls_whether_a_page_is_shown() {
    let idp = start().await;
    let browser = Browser::new();
    let request = AuthRequest::new();

    let target = location(&browser.get(request.url_with(&idp, &[("prompt", "none")])).await);
    assert_eq!(query_param(&target, "error").as_deref(), Some("login_required"));
    assert_eq!(query_param(&target, "state").as_deref(), Some(request.state.as_str()));

    browser.code_for(&idp, &request, "").await;
    let target = location(&browser.get(request.url_with(&idp, &[("prompt", "none")])).await);
    assert!(query_param(&target, "code").is_some(), "{target}");
    browser.open_sign_in_page(request.url_with(&idp, &[("prompt", "login")])).await;
}

#[tokio::test]
async fn consent_is_remembered_per_client() {
    let idp = start_with(config_with_other_client()).await;
    let browser = Browser::new();
    browser.code_for(&idp, &AuthRequest::new(), "").await;

    // Signed in, but this client was never allowed: ask again.
    let request = AuthRequest::new();
    let url = request.url_with(&idp, &[("client_id", "other-client")]);
    let page = browser.open_sign_in_page(url).await;
    assert!(page.contains("<strong>other-client</strong>"), "{page}");
}
