//! `prompt` (OpenID Connect Core §3.1.2.1) and `login_hint`.

use std::time::Duration;

use reqwest::StatusCode;

use crate::support::*;

const SELECT_ACCOUNT: [(&str, &str); 1] = [("prompt", "select_account")];

#[tokio::test]
async fn prompt_none_reports_what_is_missing_and_cannot_be_combined() {
    let idp = start_with(config_with_other_client()).await;
    let browser = Browser::new();
    browser.code_for(&idp, &AuthRequest::new(), "").await;

    // Signed in, but other-client was never allowed.
    let request = AuthRequest::new();
    let url = request.url_with(&idp, &[("prompt", "none"), ("client_id", "other-client")]);
    let target = location(&browser.get(url).await);
    assert_eq!(query_param(&target, "error").as_deref(), Some("consent_required"));
    assert_eq!(query_param(&target, "state").as_deref(), Some(request.state.as_str()));

    let target = location(&browser.get(request.url_with(&idp, &[("prompt", "none login")])).await);
    assert_eq!(query_param(&target, "error").as_deref(), Some("invalid_request"));
    assert_eq!(query_param(&target, "code"), None);
}

#[tokio::test]
async fn only_prompt_login_makes_signing_in_a_new_authentication() {
    let idp = start().await;
    let browser = Browser::new();
    let first = AuthRequest::new();
    let callback = browser.sign_in(&idp, first.url(&idp), "ada", "").await;
    let signed_in_at = callback_claims(&idp, &first, &callback).await.auth_time();
    // auth_time has whole seconds: let the next second begin.
    tokio::time::sleep(Duration::from_millis(1100)).await;

    // Silent SSO keeps the original authentication time...
    let silent = AuthRequest::new();
    let callback = location(&browser.get(silent.url(&idp)).await);
    assert_eq!(callback_claims(&idp, &silent, &callback).await.auth_time(), signed_in_at);

    // ...and so does picking the signed-in account on the chooser...
    let chosen = AuthRequest::new();
    let callback = browser.sign_in(&idp, chosen.url_with(&idp, &SELECT_ACCOUNT), "ada", "").await;
    assert_eq!(callback_claims(&idp, &chosen, &callback).await.auth_time(), signed_in_at);

    // ...but prompt=login shows the sign-in page despite the session, and
    // signing in there is a new authentication.
    let again = AuthRequest::new();
    let callback = browser.sign_in(&idp, again.url_with(&idp, &[("prompt", "login")]), "ada", "").await;
    let reauthenticated_at = callback_claims(&idp, &again, &callback).await.auth_time();
    assert!(reauthenticated_at > signed_in_at, "{reauthenticated_at:?} vs {signed_in_at:?}");
}

#[tokio::test]
async fn prompt_select_account_shows_a_chooser_that_can_switch_the_session() {
    let idp = start().await;
    let browser = Browser::new();
    browser.code_for(&idp, &AuthRequest::new(), "").await;

    let page = browser.open_sign_in_page(AuthRequest::new().url_with(&idp, &SELECT_ACCOUNT)).await;
    assert!(page.contains("<title>Choose an account · Dev IdP</title>"), "{page}");
    assert!(page.contains("<h1>Choose an account</h1>"), "{page}");
    assert!(!page.contains("<h1>Sign in</h1>"), "{page}");
    assert!(page.contains(r#"value="ada" checked> Ada Lovelace <strong>(signed in)</strong>"#), "{page}");
    assert_eq!(page.matches("(signed in)").count(), 1, "{page}");
    assert_eq!(checked_user(&page).as_deref(), Some("ada"));

    // Picking another user switches the SSO session to them.
    let request = AuthRequest::new();
    let callback = browser.sign_in(&idp, request.url_with(&idp, &SELECT_ACCOUNT), "grace", "").await;
    assert_eq!(callback_claims(&idp, &request, &callback).await.subject().as_str(), "user-grace");
    let silent = AuthRequest::new();
    let callback = location(&browser.get(silent.url(&idp)).await);
    assert_eq!(callback_claims(&idp, &silent, &callback).await.subject().as_str(), "user-grace");

    let page = browser.open_sign_in_page(AuthRequest::new().url_with(&idp, &SELECT_ACCOUNT)).await;
    assert!(page.contains(r#"value="grace" checked> Grace Hopper <strong>(signed in)</strong>"#), "{page}");
    assert_eq!(page.matches("(signed in)").count(), 1, "{page}");
}

#[tokio::test]
async fn the_chooser_without_a_session_marks_nobody() {
    let idp = start().await;
    let page = Browser::new().open_sign_in_page(AuthRequest::new().url_with(&idp, &SELECT_ACCOUNT)).await;
    assert!(page.contains("<h1>Choose an account</h1>"), "{page}");
    assert!(!page.contains("(signed in)"), "{page}");
    assert_eq!(checked_user(&page).as_deref(), Some("ada"));

    // The plain sign-in page keeps its wording.
    let page = Browser::new().open_sign_in_page(AuthRequest::new().url(&idp)).await;
    assert!(page.contains("<h1>Sign in</h1>"), "{page}");
}

#[tokio::test]
async fn prompt_consent_asks_again_without_a_new_sign_in() {
    let idp = start().await;
    let browser = Browser::new();
    browser.code_for(&idp, &AuthRequest::new(), "").await;

    let request = AuthRequest::new();
    let response = browser.get(request.url_with(&idp, &[("prompt", "consent")])).await;
    assert_eq!(response.status(), StatusCode::OK, "expected the consent page");
    let page = response.text().await.expect("body");
    assert!(page.contains("<h1>Allow access?</h1>"), "{page}");
    assert!(page.contains("Signed in as Ada Lovelace"), "{page}");
    assert!(!page.contains("Continue"), "{page}");
    let callback = location(&browser.submit_consent(&idp, &page, Decision::Allow).await);
    assert_eq!(query_param(&callback, "state").as_deref(), Some(request.state.as_str()));
    assert_eq!(callback_claims(&idp, &request, &callback).await.subject().as_str(), "user-ada");

    // Without a session, signing in comes first.
    let url = AuthRequest::new().url_with(&idp, &[("prompt", "consent")]);
    Browser::new().open_sign_in_page(url).await;
}

#[tokio::test]
async fn login_hint_preselects_the_test_user_it_names() {
    let idp = start().await;
    for (hint, expected) in
        [("grace", "grace"), ("nameless@example.com", "nameless"), ("nobody@example.com", "ada"), ("", "ada")]
    {
        let url = AuthRequest::new().url_with(&idp, &[("login_hint", hint)]);
        let page = Browser::new().open_sign_in_page(url).await;
        assert_eq!(checked_user(&page).as_deref(), Some(expected), "login_hint={hint:?}");
    }

    // On the chooser, the hint wins over the signed-in user.
    let browser = Browser::new();
    browser.code_for(&idp, &AuthRequest::new(), "").await;
    let url = AuthRequest::new().url_with(&idp, &[("prompt", "select_account"), ("login_hint", "grace")]);
    let page = browser.open_sign_in_page(url).await;
    assert_eq!(checked_user(&page).as_deref(), Some("grace"));
    assert!(page.contains("Ada Lovelace <strong>(signed in)</strong>"), "{page}");
}
