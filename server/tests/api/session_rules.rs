//! The rules a signed-in session keeps: tied to the issuer that signed it in, an absolute
//! lifetime on top of the idle one, and no more tokens than a feature needs.

use crate::helpers::{location, spawn_app, spawn_app_on, spawn_app_with, Backend, TestApp};
use reqwest::header::SET_COOKIE;
use reqwest::StatusCode;

async fn a_session_from_another_issuer_counts_as_signed_out(backend: Backend) {
    let first = spawn_app(backend).await;
    first.sign_in("ada").await;
    assert_eq!(first.get("/profile").await.status(), StatusCode::OK);

    // The same database behind a site now configured with another issuer (its own dev IdP).
    let mut second = spawn_app_on(first.database.clone(), vec![], Box::new(|_| {})).await;
    assert_ne!(first.idp, second.idp);
    second.client = first.client.clone(); // the same browser, with the same cookie
    let response = second.get("/profile").await;
    assert_eq!(location(&response), "/sign-in?return_to=%2Fprofile", "signed out, not trusted");
    assert_eq!(first.get("/profile").await.status(), StatusCode::FOUND, "and the session is gone");
}

async fn a_session_ends_at_its_absolute_lifetime_however_active(backend: Backend) {
    let app = spawn_app_with(backend, vec![("SESSION_MAX_HOURS", "2".into())], Box::new(|_| {})).await;
    app.sign_in("ada").await;
    for _ in 0..3 {
        // Active every 35 minutes: the idle rule alone would keep it forever.
        app.advance_clock(35 * 60);
        let response = app.get("/profile").await;
        assert_eq!(response.status(), StatusCode::OK, "{:?}", response.headers().get("location"));
    }
    app.advance_clock(15 * 60); // two hours after sign-in
    let target = location(&app.get("/profile").await);
    assert_eq!(target, "/sign-in?return_to=%2Fprofile&reason=session_ended");
    let (_, page) = app.body(&target).await;
    assert!(page.contains("Your session reached its time limit"), "the page says why: {page}");
    assert_eq!(location(&app.get("/profile").await), "/sign-in?return_to=%2Fprofile", "signed out for good");
}

async fn the_session_keeps_the_id_token_but_not_the_access_token(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let signed_in = app
        .session_records()
        .await
        .into_iter()
        .find(|data| data.contains("auth.signed_in"))
        .expect("a signed-in session record");
    assert!(signed_in.contains("id_token"), "kept for id_token_hint");
    assert!(!signed_in.contains("access_token"), "no access token in the session");
}

/// The signed-in session's record, exactly as the database holds it.
async fn stored_session(app: &TestApp) -> String {
    let signed_in: Vec<String> =
        app.session_records().await.into_iter().filter(|data| data.contains("auth.signed_in")).collect();
    assert_eq!(signed_in.len(), 1, "one signed-in session");
    signed_in.into_iter().next().unwrap_or_default()
}

/// Reading a page costs one read of the session, not a write: the session is written again
/// (with a new idle expiry, and the cookie sent again) only once half the idle time has passed.
async fn signed_in_pages_write_the_session_only_to_renew_it(backend: Backend) {
    const IDLE_MINUTES: i64 = 120; // the default
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let signed_in = stored_session(&app).await;
    for minutes in [0, 30, 29] {
        app.advance_clock(minutes * 60);
        let response = app.get("/profile").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers().get(SET_COOKIE).is_none(),
            "nothing to renew after {minutes} more minutes"
        );
        assert_eq!(stored_session(&app).await, signed_in, "not written");
    }
    app.advance_clock(IDLE_MINUTES * 60 / 2 - 59 * 60); // half the idle time since sign-in
    let response = app.get("/profile").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(SET_COOKIE).is_some(), "the cookie's expiry moves too");
    assert_ne!(stored_session(&app).await, signed_in, "renewed");
    // Idle for almost the whole timeout since the renewal, far more than since sign-in.
    app.advance_clock(IDLE_MINUTES * 60 - 60);
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK, "the renewal counts");
}

test_db::on_both_backends!(
    signed_in_pages_write_the_session_only_to_renew_it,
    a_session_from_another_issuer_counts_as_signed_out,
    a_session_ends_at_its_absolute_lifetime_however_active,
    the_session_keeps_the_id_token_but_not_the_access_token,
);
