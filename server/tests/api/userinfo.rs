//! The userinfo feature, and through it the kept tokens: `/account/userinfo` calls the IdP with
//! the person's access token, refreshed exactly once however many requests (on however many
//! instances) find it expired, never presenting a rotated-away refresh token.

use crate::helpers::{
    location, query_param, spawn_app, spawn_app_for_issuer, spawn_two_instances, Backend, TestApp,
    TestDatabase,
};
use reqwest::StatusCode;

const PAGE: &str = "/account/userinfo";
/// Past the development IdP's one-hour access tokens.
const AN_HOUR_LATER: i64 = 3_601;

/// What the IdP has seen: refreshes, refresh tokens presented twice, revocations.
#[derive(Debug, PartialEq, Eq, serde::Deserialize)]
struct Refreshes {
    refreshes: u64,
    reused: u64,
    revoked: u64,
}

async fn refreshes(app: &TestApp) -> Refreshes {
    let url = format!("{}{}", app.idp, dev_idp::paths::REFRESHES);
    reqwest::get(url).await.expect("the IdP answers").json().await.expect("counts")
}

fn token_expiry(page: &str) -> i64 {
    let (_, rest) = page.split_once("data-expires-at=\"").expect("the token's expiry on the page");
    rest.split('"').next().and_then(|n| n.parse().ok()).expect("a number")
}

/// `n` requests of the page at once, spread over `instances` in turn, from one browser.
async fn at_once(instances: &[&TestApp], n: usize) -> Vec<(StatusCode, String)> {
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..n {
        let app = instances[i % instances.len()];
        let (client, url) = (app.client.clone(), app.url(PAGE));
        requests.spawn(async move {
            let response = client.get(url).send().await.expect("GET");
            (response.status(), response.text().await.expect("body"))
        });
    }
    requests.join_all().await
}

fn assert_all_ada(answers: &[(StatusCode, String)]) {
    for (status, page) in answers {
        assert_eq!(*status, StatusCode::OK, "{page}");
        assert!(page.contains("Ada Lovelace") && page.contains("ada@example.com"), "{page}");
    }
}

async fn the_page_shows_what_the_idp_says_now(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(location(&app.get(PAGE).await), "/sign-in?return_to=%2Faccount%2Fuserinfo");
    app.sign_in("ada").await;
    let (status, profile) = app.body("/profile").await;
    assert_eq!(status, StatusCode::OK);
    assert!(profile.contains(&format!("href=\"{PAGE}\"")), "the profile links to the page");
    let (status, page) = app.body(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert_all_ada(&[(status, page.clone())]);
    assert!(page.contains("data-testid=\"userinfo-claims\""), "{page}");
    assert_eq!(refreshes(&app).await, Refreshes { refreshes: 0, reused: 0, revoked: 0 });
}

/// Twenty requests of one session find its token expired at once: one refresh, all answered.
async fn concurrent_requests_after_expiry_refresh_once(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let before = token_expiry(&app.body(PAGE).await.1);
    app.advance_clock(AN_HOUR_LATER);
    let answers = at_once(&[&app], 20).await;
    assert_eq!(answers.len(), 20);
    assert_all_ada(&answers);
    assert_eq!(refreshes(&app).await, Refreshes { refreshes: 1, reused: 0, revoked: 0 });
    let after = token_expiry(&app.body(PAGE).await.1);
    assert!(after > before + AN_HOUR_LATER - 10, "a fresh token: {before} then {after}");

    // Every refresh presents the token the last one brought: none is ever used twice.
    app.advance_clock(AN_HOUR_LATER);
    assert_all_ada(&at_once(&[&app], 5).await);
    assert_eq!(refreshes(&app).await, Refreshes { refreshes: 2, reused: 0, revoked: 0 });
}

/// The same over two instances on one PostgreSQL: the database lease makes it one refresh.
#[tokio::test]
async fn two_instances_refresh_an_expired_token_once() {
    let Some(database) = TestDatabase::postgres().await else { return };
    let key = ("TOKEN_ENCRYPTION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=".to_owned());
    let (one, two) = spawn_two_instances(database, vec![key]).await;
    one.sign_in("ada").await;
    assert_eq!(two.body(PAGE).await.0, StatusCode::OK, "the other instance reads the tokens");
    one.advance_clock(AN_HOUR_LATER);
    two.advance_clock(AN_HOUR_LATER);
    let answers = at_once(&[&one, &two], 20).await;
    assert_eq!(answers.len(), 20);
    assert_all_ada(&answers);
    assert_eq!(refreshes(&one).await, Refreshes { refreshes: 1, reused: 0, revoked: 0 });
    for instance in [&one, &two] {
        assert_eq!(instance.get("/profile").await.status(), StatusCode::OK, "never signed out by the race");
    }
}

/// A refresh the IdP refuses (`invalid_grant`) ends the session: sign-in says why, the team's
/// log has it.
async fn a_refused_refresh_ends_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in_simulating("ada", "refresh:invalid_grant").await;
    assert_eq!(app.body(PAGE).await.0, StatusCode::OK, "no refresh needed yet");
    app.advance_clock(AN_HOUR_LATER);
    let target = location(&app.get(PAGE).await);
    assert_eq!(target, "/sign-in?return_to=%2Faccount%2Fuserinfo&reason=refresh_refused");
    let (_, sign_in) = app.body(&target).await;
    assert!(sign_in.contains("data-testid=\"refresh-refused\""), "{sign_in}");
    assert_eq!(location(&app.get("/profile").await), "/sign-in?return_to=%2Fprofile", "signed out");
    assert_eq!(app.count_logged("refresh_refused").await, 1);
    assert_eq!(refreshes(&app).await, Refreshes { refreshes: 1, reused: 0, revoked: 0 });
}

/// An IdP that does not answer the refresh in time leaves the session: the friendly page with
/// a reference, and the person still signed in.
async fn a_slow_idp_keeps_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in_simulating("ada", "refresh:slow").await;
    app.advance_clock(AN_HOUR_LATER);
    let target = location(&app.get(PAGE).await);
    assert!(target.starts_with("/auth/error?code=idp_unreachable&ref="), "{target}");
    let reference = query_param(&target, "ref").expect("a reference");
    assert!(app.logged_error(&reference).await.is_some(), "logged for the team");
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK, "still signed in");
}

/// Signing out revokes the refresh token at the IdP (in the background).
async fn signing_out_revokes_the_refresh_token(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    assert_eq!(location(&app.post_form("/auth/logout", &[("everywhere", "false")]).await), "/signed-out");
    for _ in 0..100 {
        if refreshes(&app).await.revoked == 1 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the refresh token was not revoked: {:?}", refreshes(&app).await);
}

/// With a real IdP and no TOKEN_ENCRYPTION_KEY, sign-in works and the page says how to turn
/// tokens on.
async fn without_a_key_no_tokens_are_kept(backend: Backend) {
    let parked = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let idp_addr = parked.local_addr().unwrap();
    drop(parked);
    let mut app = spawn_app_for_issuer(backend, &format!("http://{idp_addr}"), vec![]).await;
    let _idp = app.start_idp_at(idp_addr).await;
    app.advance_clock(10); // well past the back-off of the failed discovery at start-up
    assert_eq!(app.sign_in("ada").await, "/profile");
    let (status, page) = app.body(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("data-testid=\"tokens-not-kept\"") && page.contains("TOKEN_ENCRYPTION_KEY"),
        "{page}"
    );
    let rows: (i64,) =
        sign_in::on_pool!(app.db, |pool| sqlx::query_as("SELECT COUNT(*) FROM session_tokens")
            .fetch_one(pool)
            .await)
        .unwrap();
    assert_eq!(rows.0, 0);
}

test_db::on_both_backends!(
    the_page_shows_what_the_idp_says_now,
    concurrent_requests_after_expiry_refresh_once,
    a_refused_refresh_ends_the_session,
    a_slow_idp_keeps_the_session,
    signing_out_revokes_the_refresh_token,
    without_a_key_no_tokens_are_kept,
);
