use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn unregistered_redirect_uri_shows_an_error_page_and_never_redirects() {
    let idp = start().await;
    let request = AuthRequest::new();
    for overrides in [
        [("redirect_uri", "https://evil.example/callback")],
        // Exact string match: even a trailing slash makes it a different URI.
        [("redirect_uri", "http://127.0.0.1:3000/auth/callback/")],
        [("client_id", "unknown-client")],
    ] {
        let response = Browser::new().get(request.url_with(&idp, &overrides)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{overrides:?}");
        assert!(response.headers().get(LOCATION).is_none());
        assert!(response.headers()[CONTENT_TYPE]
            .to_str()
            .is_ok_and(|content_type| content_type.starts_with("text/html")));
    }
}

#[tokio::test]
async fn invalid_requests_are_redirected_back_with_an_error_and_the_state() {
    let idp = start().await;
    let request = AuthRequest::new();
    let cases = [
        ("response_type", "token", "unsupported_response_type"),
        ("response_type", "", "invalid_request"),
        ("scope", "profile email", "invalid_scope"),
        ("scope", "openid phone", "invalid_scope"),
        ("code_challenge", "", "invalid_request"),
        ("code_challenge_method", "plain", "invalid_request"),
        ("code_challenge", "too-short-to-be-a-sha256-digest", "invalid_request"),
    ];
    for (name, value, expected) in cases {
        let response = Browser::new().get(request.url_with(&idp, &[(name, value)])).await;
        let target = location(&response);
        assert!(target.as_str().starts_with(REDIRECT_URI), "{name}={value}: {target}");
        assert_eq!(query_param(&target, "error").as_deref(), Some(expected), "{name}={value}");
        assert!(query_param(&target, "error_description").is_some());
        assert_eq!(query_param(&target, "state").as_deref(), Some(request.state.as_str()));
        assert_eq!(query_param(&target, "code"), None);
    }
}

#[tokio::test]
async fn denying_consent_redirects_with_access_denied() {
    let idp = start().await;
    let browser = Browser::new();
    let request = AuthRequest::new();
    let page = browser.open_sign_in_page(request.url(&idp)).await;
    let consent = browser.submit_sign_in(&idp, &page, "ada", "").await;
    let consent = consent.text().await.expect("consent page");
    let target = location(&browser.submit_consent(&idp, &consent, Decision::Deny).await);
    assert_eq!(query_param(&target, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(&target, "state").as_deref(), Some(request.state.as_str()));
    assert_eq!(query_param(&target, "code"), None);
}

#[tokio::test]
async fn sign_in_page_offers_the_test_users_and_every_simulation() {
    let idp = start().await;
    let page = Browser::new().open_sign_in_page(AuthRequest::new().url(&idp)).await;
    assert!(page.contains("Development identity provider — not for production"));
    for user in dev_idp::TEST_USERS {
        let radio = format!(r#"name="user" id="user-{0}" value="{0}""#, user.id);
        assert!(page.contains(&radio), "{radio}");
    }
    assert!(page.contains(r#"<select name="simulate" id="simulate">"#));
    for simulation in dev_idp::simulations() {
        let option = format!(r#"<option value="{simulation}">"#);
        assert!(page.contains(&option), "{option}");
    }
}

#[tokio::test]
async fn user_supplied_values_are_escaped_in_pages() {
    let (idp, browser, page) = on_sign_in_page().await;
    let response = browser.submit_sign_in(&idp, &page, "<script>alert(1)</script>", "").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // Unknown simulations are named in the error page, so this one is echoed.
    let forged = r#""><script>alert(1)</script>"#;
    let response = browser.submit_sign_in(&idp, &page, "ada", forged).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = response.text().await.expect("body");
    assert!(!body.contains("<script>"), "{body}");
    assert!(body.contains("&lt;script&gt;"), "{body}");
}
