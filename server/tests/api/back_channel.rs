//! OpenID Connect Back-Channel Logout 1.0: the IdP's server posts a logout token to
//! `/auth/backchannel-logout`. Every flawed token is refused with a 400 and ends nothing; a
//! valid one ends exactly the sessions it names, on every instance, once.

use crate::helpers::{spawn_app, spawn_two_instances, Backend, TestApp, TestDatabase};
use dev_idp::LogoutTokenFlaw;
use reqwest::header::CACHE_CONTROL;
use reqwest::StatusCode;
use sign_in::paths::AUTH_BACKCHANNEL_LOGOUT;

/// A person signed in in one browser: the app's client, and the IdP session's `sid` the app
/// kept for that session.
struct Browser {
    client: reqwest::Client,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
    sid: String,
}

impl Browser {
    /// The same browser on the IdP's own pages: its cookies, and no `Origin` of the site's.
    fn at_idp(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_provider(self.jar.clone()).build().expect("client")
    }
}

/// Signs `user` in from a new browser (a new IdP session too).
async fn sign_in_new_browser(app: &mut TestApp, user: &str) -> Browser {
    app.fresh_browser();
    let before = sids(app).await;
    assert_eq!(app.sign_in(user).await, "/profile");
    let sid = sids(app).await.into_iter().find(|sid| !before.contains(sid)).expect("a new session's sid");
    Browser { client: app.client.clone(), jar: app.jar.clone(), sid }
}

/// The `sid`s kept with the signed-in sessions.
async fn sids(app: &TestApp) -> Vec<String> {
    let query = "SELECT sid FROM signed_in_sessions WHERE sid IS NOT NULL ORDER BY sid";
    sign_in::on_pool!(app.db, |pool| sqlx::query_scalar(query).fetch_all(pool).await).expect("read sids")
}

async fn is_signed_in(app: &TestApp, browser: &Browser) -> bool {
    let response = browser.client.get(app.url("/profile")).send().await.expect("profile");
    response.status() == StatusCode::OK
}

/// A logout token from the IdP's test endpoint.
async fn logout_token(app: &TestApp, query: &[(&str, &str)]) -> String {
    let url = format!("{}/dev/logout-token", app.idp);
    let response = reqwest::Client::new().get(url).query(query).send().await.expect("logout token");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("token")
}

/// Posts `token` as the IdP's server does: no cookie, no `Origin`. Returns the status and
/// the JSON body, if any.
async fn post_token(app: &TestApp, token: &str) -> (StatusCode, Option<serde_json::Value>) {
    let response = reqwest::Client::new()
        .post(app.url(AUTH_BACKCHANNEL_LOGOUT))
        .form(&[("logout_token", token)])
        .send()
        .await
        .expect("back-channel post");
    assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
    let status = response.status();
    (status, response.json().await.ok())
}

async fn every_flawed_logout_token_is_refused_and_ends_nothing(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let ada = sign_in_new_browser(&mut app, "ada").await;
    let mut refused = 0;
    for flaw in LogoutTokenFlaw::all() {
        let token =
            logout_token(&app, &[("sid", &ada.sid), ("sub", "user-ada"), ("flaw", flaw.as_str())]).await;
        let (status, body) = post_token(&app, &token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{flaw:?}");
        assert_eq!(body.expect("a JSON body")["error"], "invalid_request", "{flaw:?}");
        assert!(is_signed_in(&app, &ada).await, "{flaw:?} signed Ada out");
        refused += 1;
    }
    assert_eq!(refused, 12, "every flaw the issue names");
    // No token at all, and a form that is not one.
    let response = reqwest::Client::new().post(app.url(AUTH_BACKCHANNEL_LOGOUT)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(is_signed_in(&app, &ada).await);
    assert_eq!(app.count_logged("logout_token_rejected").await, refused + 1, "each one logged for the team");
}

async fn a_logout_token_ends_exactly_the_sessions_it_names_and_only_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (laptop, phone) =
        (sign_in_new_browser(&mut app, "ada").await, sign_in_new_browser(&mut app, "ada").await);
    let grace = sign_in_new_browser(&mut app, "grace").await;
    assert_ne!(laptop.sid, phone.sid, "each browser has its own IdP session");

    // The laptop's IdP session ended: only its session here ends.
    let token = logout_token(&app, &[("sid", &laptop.sid), ("sub", "user-ada")]).await;
    assert_eq!(post_token(&app, &token).await.0, StatusCode::OK);
    assert!(!is_signed_in(&app, &laptop).await, "the laptop is signed out");
    assert!(is_signed_in(&app, &phone).await && is_signed_in(&app, &grace).await);

    // The same token again: a replay, refused and logged, though it would end nothing.
    let (status, body) = post_token(&app, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.expect("JSON")["error"], "invalid_request");
    assert_eq!(app.count_logged("logout_token_rejected").await, 1);

    // A `sid` of one person with the `sub` of another ends nothing.
    let token = logout_token(&app, &[("sid", &phone.sid), ("sub", "user-grace")]).await;
    assert_eq!(post_token(&app, &token).await.0, StatusCode::OK);
    assert!(is_signed_in(&app, &phone).await);

    // Only a `sub`: every session of Ada's, none of Grace's.
    let token = logout_token(&app, &[("sub", "user-ada")]).await;
    assert_eq!(post_token(&app, &token).await.0, StatusCode::OK);
    assert!(!is_signed_in(&app, &phone).await, "every session of Ada's ended");
    assert!(is_signed_in(&app, &grace).await, "Grace stays signed in");
    // The rows went with their sessions.
    let query = "SELECT COUNT(*) FROM signed_in_sessions WHERE subject = 'user-ada'";
    let rows: i64 =
        sign_in::on_pool!(app.db, |pool| sqlx::query_scalar(query).fetch_one(pool).await).unwrap();
    assert_eq!(rows, 0);
}

/// Two instances on one PostgreSQL database: a token posted to one ends the session on both,
/// and the other refuses its replay.
#[tokio::test]
async fn a_logout_token_posted_to_one_instance_ends_the_session_on_both() {
    let Some(database) = TestDatabase::postgres().await else { return };
    let (one, two) = spawn_two_instances(database, Vec::new()).await;
    assert_eq!(one.sign_in("ada").await, "/profile");
    let sid = sids(&one).await.pop().expect("the session's sid");
    let browser = Browser { client: one.client.clone(), jar: one.jar.clone(), sid };
    assert!(is_signed_in(&two, &browser).await);

    let token = logout_token(&one, &[("sid", &browser.sid)]).await;
    assert_eq!(post_token(&two, &token).await.0, StatusCode::OK);
    assert!(!is_signed_in(&one, &browser).await && !is_signed_in(&two, &browser).await);
    assert_eq!(
        post_token(&one, &token).await.0,
        StatusCode::BAD_REQUEST,
        "the replay, on the other instance"
    );
}

/// Signing out at the IdP (its end-session endpoint, with its cookie) ends the session here
/// through the back channel, though the browser never comes back to the site.
async fn signing_out_at_the_idp_ends_the_session_here(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let ada = sign_in_new_browser(&mut app, "ada").await;
    let other = sign_in_new_browser(&mut app, "ada").await;
    let response = ada.at_idp().get(format!("{}/end-session", app.idp)).send().await.expect("end session");
    assert_eq!(response.status(), StatusCode::OK, "the IdP's signed-out page");
    assert!(!is_signed_in(&app, &ada).await, "signed out through the back channel");
    assert!(is_signed_in(&app, &other).await, "another IdP session is not this one");

    // Signing out everywhere at the IdP ends every session of the person here.
    let everywhere = format!("{}/session/sign-out-everywhere", app.idp);
    let response = reqwest::Client::new().post(&everywhere).send().await.expect("everywhere without cookie");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(is_signed_in(&app, &other).await, "without the IdP's cookie, nobody is signed out");
    let response = other.at_idp().post(everywhere).send().await.expect("everywhere");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!is_signed_in(&app, &other).await);
}

/// Housekeeping forgets the `jti`s of expired logout tokens, and the rows of sessions gone.
/// (The app's own sweeps may run meanwhile: the test checks what is left, not who deleted it.)
async fn housekeeping_cleans_the_back_channel_tables(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db;
    assert!(db.remember_logout_token("expired", 1).await.unwrap());
    assert!(db.remember_logout_token("live", i64::MAX).await.unwrap());
    assert!(!db.remember_logout_token("live", i64::MAX).await.unwrap(), "a replay");
    db.delete_expired_logout_token_ids().await.unwrap();
    let jtis = "SELECT jti FROM logout_token_ids ORDER BY jti";
    let left: Vec<String> =
        sign_in::on_pool!(db, |pool| sqlx::query_scalar(jtis).fetch_all(pool).await).unwrap();
    assert_eq!(left, ["live"]);

    app.sign_in("ada").await;
    let count = "SELECT COUNT(*) FROM signed_in_sessions";
    let rows = || async {
        sign_in::on_pool!(db, |pool| sqlx::query_scalar::<_, i64>(count).fetch_one(pool).await).unwrap()
    };
    assert_eq!(rows().await, 1);
    db.delete_orphaned_signed_in_sessions().await.unwrap();
    assert_eq!(rows().await, 1, "its session is there");
    // The session expires and is swept: its row goes with it.
    let expire = format!("UPDATE {} SET expiry_date = $1", app.session_table());
    let past = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    sign_in::on_pool!(db, |pool| sqlx::query(&expire).bind(past).execute(pool).await.map(|_| ())).unwrap();
    db.delete_expired_sessions().await.unwrap();
    assert_eq!(app.session_rows().await, 0);
    assert_eq!(rows().await, 0);
}

test_db::on_both_backends!(
    every_flawed_logout_token_is_refused_and_ends_nothing,
    a_logout_token_ends_exactly_the_sessions_it_names_and_only_once,
    signing_out_at_the_idp_ends_the_session_here,
    housekeeping_cleans_the_back_channel_tables,
);
