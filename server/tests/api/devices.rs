//! The devices page, `/account/sessions`: a person's signed-in sessions, signed out one at a
//! time or all but this one (after a sign-in in the last five minutes), never anyone else's.

use crate::helpers::{location, query_param, spawn_app, Backend, TestApp};
use reqwest::StatusCode;

/// One browser's client and cookies, to switch between browsers of one test.
#[derive(Clone)]
struct Browser {
    client: reqwest::Client,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
}

async fn sign_in_new_browser(app: &mut TestApp, user: &str) -> Browser {
    app.fresh_browser();
    assert_eq!(app.sign_in(user).await, "/profile");
    Browser { client: app.client.clone(), jar: app.jar.clone() }
}

fn use_browser(app: &mut TestApp, browser: &Browser) {
    (app.client, app.jar) = (browser.client.clone(), browser.jar.clone());
}

async fn is_signed_in(app: &TestApp, browser: &Browser) -> bool {
    browser.client.get(app.url("/profile")).send().await.expect("profile").status() == StatusCode::OK
}

/// A device as the page lists it: its form's handle, and whether it is this browser.
#[derive(Debug)]
struct Row {
    handle: String,
    this_browser: bool,
}

async fn devices_page(app: &TestApp) -> (String, Vec<Row>) {
    devices_page_at(app, "/account/sessions").await
}

/// The page at `path`: after an action, with what it did in the query.
async fn devices_page_at(app: &TestApp, path: &str) -> (String, Vec<Row>) {
    let (status, page) = app.body(path).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let rows = page
        .split(r#"data-testid="device""#)
        .skip(1)
        .map(|row| {
            let this_browser = row.starts_with(r#" data-this-browser="true""#);
            let handle = row.split(r#"name="handle" value=""#).nth(1).and_then(|rest| rest.split('"').next());
            Row { handle: handle.expect("each row has its form").to_owned(), this_browser }
        })
        .collect();
    (page, rows)
}

async fn sign_out_device(app: &TestApp, handle: &str) -> String {
    location(&app.post_form("/account/sessions/sign-out", &[("handle", handle)]).await)
}

async fn the_page_lists_the_persons_devices_and_ends_only_their_own(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let laptop = sign_in_new_browser(&mut app, "ada").await;
    let phone = sign_in_new_browser(&mut app, "ada").await;
    let grace = sign_in_new_browser(&mut app, "grace").await;
    let (_, graces) = devices_page(&app).await;
    assert_eq!(graces.len(), 1, "Grace sees her own session only");

    use_browser(&mut app, &laptop);
    let (page, rows) = devices_page(&app).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows.iter().filter(|row| row.this_browser).count(), 1, "this browser is marked");
    assert!(!page.contains("Grace") && !rows.iter().any(|row| row.handle == graces[0].handle));
    assert!(!page.contains(&app.session_cookie().expect("a session")), "the session id is never shown");

    // Grace's handle in Ada's form ends nothing.
    sign_out_device(&app, &graces[0].handle).await;
    assert!(is_signed_in(&app, &grace).await, "nobody ends another person's session");

    // The phone, from the laptop.
    let phone_row = rows.iter().find(|row| !row.this_browser).expect("the phone's row");
    let target = sign_out_device(&app, &phone_row.handle).await;
    assert_eq!(target, "/account/sessions?done=one");
    assert!(!is_signed_in(&app, &phone).await && is_signed_in(&app, &laptop).await);
    let (page, rows) = devices_page_at(&app, &target).await;
    assert_eq!(rows.len(), 1);
    assert!(page.contains("That device is signed out."), "{page}");

    // This browser's own row signs it out.
    let this = rows[0].handle.clone();
    assert_eq!(sign_out_device(&app, &this).await, "/signed-out");
    assert!(!is_signed_in(&app, &laptop).await);
}

async fn signing_out_the_other_devices_right_after_signing_in_is_immediate(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let phone = sign_in_new_browser(&mut app, "ada").await;
    let laptop = sign_in_new_browser(&mut app, "ada").await;
    let target = location(&app.post_form("/account/sessions/sign-out-others", &[]).await);
    assert_eq!(target, "/account/sessions?done=others&count=1");
    assert!(!is_signed_in(&app, &phone).await && is_signed_in(&app, &laptop).await);
    let (page, rows) = devices_page_at(&app, &target).await;
    assert_eq!(rows.len(), 1);
    assert!(page.contains("Signed out of your other devices (1)."), "{page}");
}

async fn an_older_sign_in_signs_in_again_with_max_age_then_the_action_completes(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let phone = sign_in_new_browser(&mut app, "ada").await;
    let laptop = sign_in_new_browser(&mut app, "ada").await;
    app.advance_clock(301);
    let authorize = location(&app.post_form("/account/sessions/sign-out-others", &[]).await);
    assert!(authorize.starts_with(&app.idp), "to the IdP: {authorize}");
    assert_eq!(query_param(&authorize, "max_age").as_deref(), Some("300"));
    assert!(is_signed_in(&app, &phone).await, "nothing is done before the fresh sign-in");

    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    let landed = location(&app.client.get(callback).send().await.expect("callback"));
    assert_eq!(landed, "/account/sessions", "back where the person left");
    let (page, rows) = devices_page(&app).await;
    assert!(page.contains("Signed out of your other devices (1)."), "{page}");
    assert_eq!(rows.len(), 1);
    assert!(!is_signed_in(&app, &phone).await);
    use_browser(&mut app, &laptop);
    assert!(is_signed_in(&app, &laptop).await, "this browser, signed in afresh");
    // Done once: the page does not do it again.
    let (page, _) = devices_page(&app).await;
    assert!(!page.contains("Signed out of your other devices"));
}

async fn a_stale_auth_time_is_refused_and_nothing_is_signed_out(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let phone = sign_in_new_browser(&mut app, "ada").await;
    let laptop = sign_in_new_browser(&mut app, "ada").await;
    app.advance_clock(301);
    let authorize = location(&app.post_form("/account/sessions/sign-out-others", &[]).await);
    // The IdP asks for the account (its cookie gone); its ID token says the sign-in is old.
    let idp = app.idp.parse().expect("IdP URL");
    laptop.jar.add_cookie_str("dev_idp_sso=gone; Path=/", &idp);
    let callback = app.authorize_at_idp(&authorize, "ada", "id_token:stale_auth_time").await;
    let target = location(&app.client.get(callback).send().await.expect("callback"));
    assert!(target.starts_with("/auth/error?code=auth_time_rejected&ref="), "{target}");
    let reference = query_param(&target, "ref").expect("a reference");
    let logged = app.logged_error(&reference).await.expect("logged");
    assert_eq!(logged.code, sign_in::errors::ErrorCode::AuthTimeRejected);
    assert!(is_signed_in(&app, &phone).await, "nothing was signed out");
    let (status, page) = app.body(&target).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("We need a fresh sign-in"), "{page}");
}

/// The one signed-in session's last activity, as the devices page reads it.
async fn last_active_at(app: &TestApp) -> i64 {
    let query = "SELECT last_active_at FROM signed_in_sessions";
    sign_in::on_pool!(app.db, |pool| sqlx::query_scalar(query).fetch_one(pool).await).expect("one row")
}

async fn last_activity_is_written_every_few_minutes_not_on_every_page(backend: Backend) {
    let mut app = spawn_app(backend).await;
    sign_in_new_browser(&mut app, "ada").await;
    let signed_in = last_active_at(&app).await;
    let every = app::devices::activity::EVERY_SECONDS;
    // (A minute short of each interval: the wall clock runs on beside the test's.)
    // Pages right after the sign-in: it wrote the row with itself as the last activity.
    app.advance_clock(every - 60);
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK);
    assert_eq!(last_active_at(&app).await, signed_in, "no write within the interval");
    app.advance_clock(60);
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK);
    let written = last_active_at(&app).await;
    assert!(written >= signed_in + every, "written once the interval is over: {written}");
    app.advance_clock(every - 60);
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK);
    assert_eq!(last_active_at(&app).await, written, "and then not again before the next");
}

async fn signed_out_the_page_sends_to_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(location(&app.get("/account/sessions").await), "/sign-in?return_to=%2Faccount%2Fsessions");
    let target = location(&app.post_form("/account/sessions/sign-out-others", &[]).await);
    assert_eq!(target, "/sign-in?return_to=%2Faccount%2Fsessions");
}

test_db::on_both_backends!(
    the_page_lists_the_persons_devices_and_ends_only_their_own,
    signing_out_the_other_devices_right_after_signing_in_is_immediate,
    an_older_sign_in_signs_in_again_with_max_age_then_the_action_completes,
    a_stale_auth_time_is_refused_and_nothing_is_signed_out,
    signed_out_the_page_sends_to_sign_in,
    last_activity_is_written_every_few_minutes_not_on_every_page,
);
