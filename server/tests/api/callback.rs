use crate::helpers::{
    assert_anonymous_page, assert_error_page, browser, location, spawn_app, spawn_app_with, Backend,
};
use std::time::Duration;

async fn garbage_callbacks_always_end_on_the_error_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let oversized = format!("/auth/callback?code={}", "x".repeat(10_000));
    for (path, code) in [
        ("/auth/callback", "state_missing"),
        ("/auth/callback?code=abc", "state_missing"),
        ("/auth/callback?code=a&code=b&state=s", "callback_malformed"),
        ("/auth/callback?%FF%FE=%00&state=", "state_missing"),
        ("/auth/callback?state=not-ours&code=abc", "state_mismatch"),
        // An error for no sign-in of this browser's is not believed: it says only that.
        ("/auth/callback?error=access_denied", "state_missing"),
        ("/auth/callback?error=made_up_by_someone&state=x", "state_mismatch"),
        (oversized.as_str(), "callback_malformed"),
    ] {
        let target = location(&app.get(path).await);
        // None matched a sign-in of this browser: counted, never written.
        assert_anonymous_page(&app, &target, code).await;
    }
}

async fn a_callback_without_code_or_error_is_malformed(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = app.start_login("/profile").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    let state = crate::helpers::query_param(&callback, "state").unwrap();
    let iss = crate::helpers::query_param(&callback, "iss").unwrap();
    let without_code =
        reqwest::Url::parse_with_params(&app.url("/auth/callback"), [("state", state), ("iss", iss)]);
    let target = location(&app.client.get(without_code.unwrap()).send().await.unwrap());
    assert_error_page(&app, &target, "callback_malformed").await;
}

async fn a_denied_consent_is_logged_with_its_description(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = app.start_login("/profile").await;
    let page = app.client.get(&authorize).send().await.unwrap().text().await.unwrap();
    let request = crate::helpers::form_value(&page, "request");
    let consent = app
        .client
        .post(format!("{}/sign-in", app.idp))
        .form(&[("request", request.as_str()), ("user", "ada"), ("simulate", "")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let callback = app.consent(&consent, "deny").await;
    let target = location(&app.client.get(&callback).send().await.unwrap());
    let reference = assert_error_page(&app, &target, "access_denied").await;
    let row = app.logged_error(&reference).await.expect("logged");
    assert_eq!(row.stage.as_str(), "authorize");
    assert!(!row.had_session, "a sign-in in progress has no session yet, only its own cookie");
    assert_eq!(row.request_path, "/auth/callback");
}

async fn a_callback_in_another_browser_does_not_match(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = app.start_login("/profile").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    let (stranger, _) = browser(&app.origin);
    let target = location(&stranger.get(&callback).send().await.unwrap());
    assert_anonymous_page(&app, &target, "state_mismatch").await;
}

async fn a_slow_return_from_the_idp_is_an_expired_login(backend: Backend) {
    let app =
        spawn_app_with(backend, vec![], Box::new(|config| config.login_max_age = Duration::from_secs(600)))
            .await;
    let authorize = app.start_login("/profile").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    app.advance_clock(601);
    let target = location(&app.client.get(&callback).send().await.unwrap());
    assert_error_page(&app, &target, "login_expired").await;
}

async fn a_replayed_callback_in_the_same_browser_just_continues(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = app.start_login("/").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    assert_eq!(location(&app.client.get(&callback).send().await.unwrap()), "/");
    // Back button, reload, double click: the same callback again.
    assert_eq!(location(&app.client.get(&callback).send().await.unwrap()), "/");
    let (_, profile) = app.body("/profile").await;
    assert!(profile.contains("user-ada"), "still signed in");
    assert_eq!(app.count_logged("callback_replayed").await, 1, "the replay is logged for the team");
}

async fn try_again_returns_to_where_the_failed_sign_in_was_going(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = app.start_login("/team/errors").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "authorize:server_error").await;
    let target = location(&app.client.get(&callback).send().await.unwrap());
    assert_error_page(&app, &target, "server_error").await;
    let (_, page) = app.body(&target).await;
    assert!(page.contains(r#"name="return_to" value="/team/errors""#), "{page}");
}

/// Anyone can send a callback. One that matches no sign-in of this browser is only counted:
/// no row, not the IdP text it claims, and no session.
async fn a_forged_callback_stores_no_idp_text_and_sets_no_cookie(backend: Backend) {
    let app = spawn_app(backend).await;
    let forged =
        "/auth/callback?state=guessed&error=access_denied&error_description=Call%20evil.example%20now";
    let response = app.get(forged).await;
    assert!(response.headers().get("set-cookie").is_none(), "no session for a stranger");
    let target = location(&response);
    assert_anonymous_page(&app, &target, "state_mismatch").await;
    assert!(app.session_cookie().is_none());
    assert_eq!(app.session_rows().await, 0);
}

/// RFC 9207: the development IdP names itself in `iss`; an answer naming another issuer, or
/// none though discovery promised it, is refused before anything else is believed.
async fn an_authorization_response_from_another_issuer_is_refused(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let target = app.sign_in_simulating("ada", "authorize:wrong_iss").await;
    assert_error_page(&app, &target, "iss_mismatch").await;
    assert!(app.get("/profile").await.status().is_redirection(), "nobody signed in");

    app.fresh_browser();
    let authorize = app.start_login("/profile").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    let mut without_iss = reqwest::Url::parse(&callback).unwrap();
    let kept: Vec<(String, String)> =
        without_iss.query_pairs().filter(|(k, _)| k != "iss").map(|(k, v)| (k.into(), v.into())).collect();
    without_iss.query_pairs_mut().clear().extend_pairs(&kept);
    let target = location(&app.client.get(without_iss).send().await.unwrap());
    assert_error_page(&app, &target, "iss_mismatch").await;
}

test_db::on_both_backends!(
    garbage_callbacks_always_end_on_the_error_page,
    a_callback_without_code_or_error_is_malformed,
    a_denied_consent_is_logged_with_its_description,
    a_callback_in_another_browser_does_not_match,
    a_slow_return_from_the_idp_is_an_expired_login,
    a_replayed_callback_in_the_same_browser_just_continues,
    try_again_returns_to_where_the_failed_sign_in_was_going,
    a_forged_callback_stores_no_idp_text_and_sets_no_cookie,
    an_authorization_response_from_another_issuer_is_refused,
);
