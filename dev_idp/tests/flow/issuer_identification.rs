//! RFC 9207: every authorization response names the issuer, and the
//! `authorize:wrong_iss` simulation names another one.

use crate::support::*;

#[tokio::test]
async fn code_responses_name_the_issuer() {
    let idp = start().await;
    let browser = Browser::new();
    let callback = browser.sign_in(&idp, AuthRequest::new().url(&idp), "ada", "").await;
    assert!(query_param(&callback, "code").is_some(), "{callback}");
    assert_eq!(query_param(&callback, "iss").as_deref(), Some(idp.issuer_url()));

    // The silent SSO answer too.
    let silent = location(&browser.get(AuthRequest::new().url(&idp)).await);
    assert!(query_param(&silent, "code").is_some(), "{silent}");
    assert_eq!(query_param(&silent, "iss").as_deref(), Some(idp.issuer_url()));
}

#[tokio::test]
async fn error_responses_name_the_issuer() {
    let idp = start().await;
    let request = AuthRequest::new();
    let mut targets = Vec::new();

    // Invalid request, and prompt=none without a session.
    let browser = Browser::new();
    targets.push(location(&browser.get(request.url_with(&idp, &[("response_type", "token")])).await));
    targets.push(location(&browser.get(request.url_with(&idp, &[("prompt", "none")])).await));
    // A simulated failure.
    let page = browser.open_sign_in_page(request.url(&idp)).await;
    targets.push(location(&browser.submit_sign_in(&idp, &page, "ada", "authorize:server_error").await));
    // Denied consent.
    let page = browser.open_sign_in_page(request.url(&idp)).await;
    let consent = browser.submit_sign_in(&idp, &page, "ada", "").await.text().await.expect("consent page");
    targets.push(location(&browser.submit_consent(&idp, &consent, Decision::Deny).await));

    for target in targets {
        assert!(target.as_str().starts_with(REDIRECT_URI), "{target}");
        assert!(query_param(&target, "error").is_some(), "{target}");
        assert_eq!(query_param(&target, "iss").as_deref(), Some(idp.issuer_url()), "{target}");
    }
}

#[tokio::test]
async fn wrong_iss_simulation_skips_consent_and_names_another_issuer_with_a_valid_code() {
    let idp = start().await;
    let browser = Browser::new();
    let request = AuthRequest::new();
    let page = browser.open_sign_in_page(request.url(&idp)).await;

    // Straight back from the sign-in page, like the other authorize:* simulations.
    let target = location(&browser.submit_sign_in(&idp, &page, "grace", "authorize:wrong_iss").await);
    assert!(target.as_str().starts_with(REDIRECT_URI), "{target}");
    assert_eq!(query_param(&target, "iss").as_deref(), Some("https://attacker.example"));
    assert_eq!(query_param(&target, "state").as_deref(), Some(request.state.as_str()));
    assert_eq!(query_param(&target, "error"), None);

    // Only the redirect lies: the code redeems for a token from the real issuer.
    let code = query_param(&target, "code").expect("code");
    let body: serde_json::Value = redeem(&idp, &code, &request.verifier).await.json().await.expect("JSON");
    let id_token = body["id_token"].as_str().expect("id_token");
    let claims = verify_id_token(&idp, id_token, &request.nonce).await.expect("a valid ID token");
    assert_eq!(claims.issuer().as_str(), idp.issuer_url());
    assert_eq!(claims.subject().as_str(), "user-grace");

    // The simulation stood in for "Allow": the next authorization is silent.
    let silent = location(&browser.get(AuthRequest::new().url(&idp)).await);
    assert!(query_param(&silent, "code").is_some(), "{silent}");
    assert_eq!(query_param(&silent, "iss").as_deref(), Some(idp.issuer_url()));
}
