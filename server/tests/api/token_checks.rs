//! The checks on what the IdP returns, provoked with the development IdP's simulations.

use crate::helpers::{assert_error_page, location, spawn_app, Backend};

async fn every_rejected_token_ends_on_the_right_error_page(backend: Backend) {
    let mut app = spawn_app(backend).await;
    for (simulate, code) in [
        ("token:invalid_grant", "invalid_grant"),
        ("token:invalid_client", "invalid_client"),
        ("token:server_error", "server_error"),
        ("id_token:wrong_nonce", "id_token_rejected"),
        ("id_token:wrong_audience", "id_token_rejected"),
        ("id_token:expired", "id_token_rejected"),
        ("id_token:bad_signature", "id_token_rejected"),
        // Signed with the client secret, though discovery lists HS256: asymmetric keys only.
        ("id_token:hs256", "id_token_rejected"),
        // A second audience with `azp` naming another client.
        ("id_token:extra_audience", "id_token_rejected"),
        ("userinfo:wrong_sub", "userinfo_mismatch"),
    ] {
        app.fresh_browser(); // Each simulation needs the IdP's sign-in page, not single sign-on.
        let target = app.sign_in_simulating("ada", simulate).await;
        assert_error_page(&app, &target, code).await;
        assert!(app.get("/profile").await.status().is_redirection(), "{simulate} signed someone in");
    }
}

async fn a_token_endpoint_slower_than_the_timeout_is_unreachable(backend: Backend) {
    let app = spawn_app(backend).await; // OIDC_HTTP_TIMEOUT_SECONDS=2 in tests
    let target = app.sign_in_simulating("ada", "token:slow").await;
    assert_error_page(&app, &target, "idp_unreachable").await;
}

async fn rotated_signing_keys_are_fetched_again(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_in("ada").await, "/profile");
    // As a tool posts, without the site's `Origin`: the IdP's /dev/ endpoints refuse other sites.
    let rotated = reqwest::Client::new().post(format!("{}/dev/rotate-key", app.idp)).send().await.unwrap();
    assert!(rotated.status().is_success());
    // The next ID token carries a kid the app has not seen: it must fetch the JWKS again.
    let authorize = app.start_login("/").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    assert_eq!(location(&app.client.get(&callback).send().await.unwrap()), "/");
}

async fn signing_keys_rotated_without_a_kid_are_fetched_again(backend: Backend) {
    let mut app = spawn_app(backend).await;
    assert_eq!(app.sign_in("ada").await, "/profile", "the app holds the IdP's first key");
    // As a tool posts, without the site's `Origin`.
    let rotated = reqwest::Client::new().post(format!("{}/dev/rotate-key", app.idp)).send().await.unwrap();
    assert!(rotated.status().is_success());
    // The ID token names no key: only its signature, which the held key does not verify,
    // says the keys are stale.
    app.fresh_browser(); // The IdP's sign-in page, where the simulation is picked.
    let authorize = app.start_login("/").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "id_token:no_kid").await;
    assert_eq!(location(&app.client.get(&callback).send().await.unwrap()), "/");
}

async fn authorize_errors_keep_their_code_and_log_the_description(backend: Backend) {
    let app = spawn_app(backend).await;
    let target = app.sign_in_simulating("ada", "authorize:temporarily_unavailable").await;
    let reference = assert_error_page(&app, &target, "temporarily_unavailable").await;
    let row = app.logged_error(&reference).await.expect("logged");
    assert!(
        row.error_description.is_some_and(|d| d.contains("<b")),
        "the raw description is kept for the team"
    );
    let (_, page) = app.body(&target).await;
    assert!(!page.contains("idp-markup") && !page.contains("__pwned"), "IdP text reached the page");
}

test_db::on_both_backends!(
    every_rejected_token_ends_on_the_right_error_page,
    a_token_endpoint_slower_than_the_timeout_is_unreachable,
    rotated_signing_keys_are_fetched_again,
    signing_keys_rotated_without_a_kid_are_fetched_again,
    authorize_errors_keep_their_code_and_log_the_description,
);
