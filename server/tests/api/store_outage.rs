//! A session store that fails under a running site (here: its table dropped). Whatever the
//! backend, nobody meets tower-sessions' bare 500: sign-in ends on the friendly page, pages
//! that need the session answer 503 with the friendly words, and public pages still render.

use crate::helpers::{assert_nothing_panicked, query_param, spawn_app, watch_for_panics, Backend, TestApp};
use reqwest::StatusCode;

async fn drop_the_session_table(app: &TestApp) {
    // PostgreSQL drops the tables whose rows belong to sessions (kept tokens, the signed-in
    // sessions' index) with it only when told to.
    let cascade = match app.database.backend() {
        Backend::Postgres => " CASCADE",
        Backend::Sqlite => "",
    };
    let statement = format!("DROP TABLE {}{cascade}", app.session_table());
    sign_in::on_pool!(app.db, |pool| sqlx::query(&statement).execute(pool).await.map(|_| ())).unwrap();
}

/// Saving a session fails: the user still gets the friendly page, and the failure is logged.
async fn a_failing_session_store_ends_sign_in_on_the_friendly_page(backend: Backend) {
    let app = spawn_app(backend).await;
    drop_the_session_table(&app).await;
    let target = app.sign_in("ada").await;
    assert!(target.starts_with("/auth/error?code=database_unavailable&ref="), "{target}");
    let reference = query_param(&target, "ref").unwrap();
    assert!(app.logged_error(&reference).await.is_some());
    let (status, page) = app.body(&target).await;
    assert!(status.is_success(), "the error page itself renders");
    assert!(page.contains("This site is having trouble"));
}

/// Reading a session fails: the pages that need it say so with a 503 and a reference; the
/// others render as for a visitor who is signed out.
async fn pages_that_need_the_session_answer_503(backend: Backend) {
    watch_for_panics();
    let app = spawn_app_with_team(backend).await;
    app.sign_in("ada").await;
    drop_the_session_table(&app).await;
    assert_unavailable(&app, "/profile", "We couldn't load your profile").await;
    assert_unavailable(&app, "/team/errors", "The error log is unavailable").await;
    for public in ["/", "/troubleshooting", "/sign-in"] {
        let (status, page) = app.body(public).await;
        assert_eq!(status, StatusCode::OK, "{public} still renders");
        assert!(page.contains("Sign in"), "{public} offers sign-in");
    }
    assert_nothing_panicked();
}

async fn spawn_app_with_team(backend: Backend) -> TestApp {
    let team = vec![("TEAM_EMAILS", "ada@example.com".to_owned())];
    crate::helpers::spawn_app_with(backend, team, Box::new(|_| {})).await
}

/// `path` answers 503 with `heading`, the catalogue's words for an outage and a reference.
pub async fn assert_unavailable(app: &TestApp, path: &str, heading: &str) {
    let (status, page) = app.body(path).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{path}: {page}");
    assert!(page.contains(heading) && page.contains("This site is having trouble"), "{path}: {page}");
    let marker = "data-testid=\"error-reference\">";
    let reference = page.split(marker).nth(1).and_then(|rest| rest.get(..9)).unwrap_or_default();
    assert!(sign_in::errors::is_reference(reference), "{path} shows a reference: {page}");
}

test_db::on_both_backends!(
    a_failing_session_store_ends_sign_in_on_the_friendly_page,
    pages_that_need_the_session_answer_503,
);
