//! The rules a signed-in session keeps: tied to the issuer that signed it in, an absolute
//! lifetime on top of the idle one, and no more tokens than a feature needs.

use crate::helpers::{location, spawn_app, spawn_app_on, spawn_app_with, Backend};
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

test_db::on_both_backends!(
    a_session_from_another_issuer_counts_as_signed_out,
    a_session_ends_at_its_absolute_lifetime_however_active,
    the_session_keeps_the_id_token_but_not_the_access_token,
);
