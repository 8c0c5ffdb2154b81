//! The database goes away under a running site and comes back. Meanwhile the site says so
//! honestly (503 where it needs the database, the friendly page for a sign-in) and keeps
//! its public pages up; afterwards it works again without a restart, and nothing is lost.

use crate::db_proxy::DbProxy;
use crate::helpers::{
    assert_error_page, assert_nothing_panicked, location, spawn_app_on, spawn_app_with, watch_for_panics,
    Backend, TestApp, TestDatabase,
};
use crate::store_outage::assert_unavailable;
use reqwest::StatusCode;
use sqlx::Connection;
use std::sync::Arc;

/// Each request during the outage gives up on the database within about a second.
fn short_waits() -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_ACQUIRE_TIMEOUT_SECONDS", "1".into()),
        ("DATABASE_STATEMENT_TIMEOUT_SECONDS", "1".into()),
        ("TEAM_EMAILS", "ada@example.com".into()),
    ]
}

/// Ada signs in, after a failed attempt that the error log keeps; returns its reference.
async fn before_the_outage(app: &TestApp) -> String {
    let target = app.sign_in_simulating("ada", "authorize:access_denied").await;
    let reference = assert_error_page(app, &target, "access_denied").await;
    assert_eq!(app.sign_in("ada").await, "/profile");
    reference
}

/// What holds for any outage: alive; public pages render; a sign-in (which starts without the
/// database: the pending sign-in is a cookie) ends on the friendly page, which renders too.
async fn during_the_outage(app: &TestApp) {
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    for public in ["/", "/troubleshooting"] {
        assert_eq!(app.get(public).await.status(), StatusCode::OK, "{public} still renders");
    }
    let target = app.sign_in("ada").await;
    assert!(target.starts_with("/auth/error?code=database_unavailable&ref="), "{target}");
    let (status, page) = app.body(&target).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("This site is having trouble"), "{page}");
}

/// Back to normal, with Ada still signed in and the earlier failure still logged.
async fn after_the_outage(app: &TestApp, reference: &str) {
    // The pool reconnects on the next request; on a loaded machine that can outlast one
    // acquire timeout, so wait (boundedly) for /readyz, the sign a load balancer waits for.
    let mut ready = false;
    for _ in 0..50 {
        ready = app.get("/readyz").await.status() == StatusCode::OK;
        if ready {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(ready, "ready again once the database is back");
    let (status, profile) = app.body("/profile").await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert!(profile.contains("Ada Lovelace"), "the sign-in before the outage holds");
    assert!(app.logged_error(reference).await.is_some(), "the error row is still there");
    let (status, log) = app.body(&format!("/team/errors?ref={reference}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(log.contains(&format!("data-reference=\"{reference}\"")));
    // New writes go through again: signing out and in.
    assert_eq!(location(&app.post_form("/auth/logout", &[("everywhere", "false")]).await), "/signed-out");
    assert_eq!(app.sign_in("ada").await, "/profile");
}

/// PostgreSQL stops (the proxy in front of it closes): connections drop, new ones are refused.
#[tokio::test]
async fn the_site_survives_a_postgres_outage() {
    let Some(database) = TestDatabase::postgres().await else { return };
    watch_for_panics();
    let proxy = DbProxy::start().await;
    let mut vars = short_waits();
    vars.push(("DATABASE_URL", proxy.url_for(database.url())));
    let app = spawn_app_on(Arc::new(database), vars, Box::new(|_| {})).await;
    let reference = before_the_outage(&app).await;

    proxy.cut();
    assert_eq!(app.get("/readyz").await.status(), StatusCode::SERVICE_UNAVAILABLE);
    during_the_outage(&app).await;
    // The session cannot be read: the pages that need it say so, with a reference.
    assert_unavailable(&app, "/profile", "We couldn't load your profile").await;
    assert_unavailable(&app, "/team/errors", "The error log is unavailable").await;

    proxy.restore().await;
    after_the_outage(&app, &reference).await;
    assert_nothing_panicked();
}

/// Another process holds the SQLite file's write lock (a long write, a migration, a backup
/// tool). Reads still work, so signed-in pages do, and `/readyz` stays ready: with one
/// instance there is nowhere else to send visitors. Everything that writes fails politely.
#[tokio::test]
async fn the_site_survives_a_locked_sqlite_file() {
    watch_for_panics();
    let app = spawn_app_with(Backend::Sqlite, short_waits(), Box::new(|_| {})).await;
    let reference = before_the_outage(&app).await;

    let mut other_process = sqlx::SqliteConnection::connect(app.database.url()).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE").execute(&mut other_process).await.unwrap();
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK, "the file still reads");
    during_the_outage(&app).await;
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK, "reading the session still works");

    sqlx::query("ROLLBACK").execute(&mut other_process).await.unwrap();
    after_the_outage(&app, &reference).await;
    assert_nothing_panicked();
}
