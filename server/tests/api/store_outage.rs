use crate::helpers::{location, query_param, spawn_app};

/// With the session table gone, saving a session fails: the user still gets the friendly
/// page (never tower-sessions' bare 500), and the failure is logged.
#[tokio::test]
async fn a_failing_session_store_ends_on_the_friendly_page() {
    let app = spawn_app().await;
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    sqlx::query("DROP TABLE tower_sessions").execute(&pool).await.unwrap();
    let response = app.post_form("/auth/login", &[("return_to", "/profile")]).await;
    let target = location(&response);
    assert!(target.starts_with("/auth/error?code=database_unavailable&ref="), "{target}");
    let reference = query_param(&target, "ref").unwrap();
    assert!(app.logged_error(&reference).await.is_some());
    let (status, page) = app.body(&target).await;
    assert!(status.is_success(), "the error page itself renders");
    assert!(page.contains("This site is having trouble"));
}
