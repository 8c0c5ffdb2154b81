use crate::helpers::{assert_error_page, location, spawn_app_with, Backend, TestApp};
use reqwest::StatusCode;

async fn app_with_grace_on_the_team(backend: Backend) -> TestApp {
    spawn_app_with(backend, vec![("TEAM_EMAILS", "Grace@Example.com".into())], Box::new(|_| {})).await
}

async fn signed_out_visitors_are_sent_to_sign_in_first(backend: Backend) {
    let app = app_with_grace_on_the_team(backend).await;
    let response = app.get("/team/errors").await;
    assert_eq!(location(&response), "/sign-in?return_to=%2Fteam%2Ferrors");
}

async fn people_off_the_team_get_a_friendly_403(backend: Backend) {
    let app = app_with_grace_on_the_team(backend).await;
    app.sign_in("ada").await;
    let (status, page) = app.body("/team/errors").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("This page is for the site"), "{page}");
}

async fn the_team_finds_a_failure_by_its_reference_with_the_description_as_text(backend: Backend) {
    let mut app = app_with_grace_on_the_team(backend).await;
    let target = app.sign_in_simulating("ada", "authorize:invalid_scope").await;
    let reference = assert_error_page(&app, &target, "invalid_scope").await;

    app.fresh_browser();
    app.sign_in("grace").await;
    let (status, page) = app.body(&format!("/team/errors?ref={reference}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("data-reference=\"{reference}\"")), "{page}");
    assert!(
        page.contains("&lt;b id=\"idp-markup\"&gt;") || page.contains("&lt;b id=&quot;idp-markup&quot;&gt;"),
        "escaped"
    );
    assert!(!page.contains("<b id=\"idp-markup\">"), "the IdP's markup was rendered");
    assert!(page.contains("1 matching"), "only that reference");

    // Filters: by code and by stage.
    let (_, by_code) = app.body("/team/errors?code=state_mismatch").await;
    assert!(!by_code.contains(&reference) && by_code.contains("0 matching"));
    let (_, by_stage) = app.body("/team/errors?stage=authorize").await;
    assert!(by_stage.contains(&reference));
    // The chart counts the last 24 hours per code.
    assert!(by_stage.contains("data-code=\"invalid_scope\" data-count=\"1\""), "{by_stage}");
}

/// Callbacks that matched no sign-in are not logged; the team sees how many came, by code, and
/// a reference of theirs finds a note instead of a row.
async fn anonymous_callbacks_are_counted_for_the_team(backend: Backend) {
    let app = app_with_grace_on_the_team(backend).await;
    let target = location(&app.get("/auth/callback?state=forged&code=x").await);
    location(&app.get("/auth/callback?state=another&code=y").await);
    location(&app.get("/auth/callback").await);
    let reference = crate::helpers::query_param(&target, "ref").expect("a reference");
    let (status, error_page) = app.body(&target).await;
    assert_eq!(status, StatusCode::OK);
    assert!(error_page.contains(&reference), "the error page shows a reference with no row");

    app.sign_in("grace").await;
    let (_, page) = app.body("/team/errors").await;
    let counted = |code: &str, count: u64| format!(r#"data-code="{code}"><td>{code}</td><td>{count}</td>"#);
    assert!(page.contains(&counted("state_mismatch", 2)), "{page}");
    assert!(page.contains(&counted("state_missing", 1)), "{page}");
    let (status, page) = app.body(&format!("/team/errors?ref={reference}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("0 matching") && page.contains("Nothing is logged under this reference"), "{page}");
}

async fn the_log_is_paginated_newest_first(backend: Backend) {
    let app = app_with_grace_on_the_team(backend).await;
    let now = sign_in::clock::unix_now();
    for i in 0..30_i64 {
        let reference = format!("PAGE-{i:04}");
        let row = sign_in::db::NewError {
            reference: &reference,
            occurred_at: now - 100 + i,
            ..sign_in::db::NewError::example()
        };
        app.db.insert_error(&row).await.unwrap();
    }
    app.sign_in("grace").await;
    let (_, first) = app.body("/team/errors").await;
    assert!(first.contains("30 matching"));
    let newest = first.find("PAGE-0029").expect("newest on page 1");
    assert!(newest < first.find("PAGE-0028").expect("next"), "newest first");
    assert!(!first.contains("PAGE-0004"), "25 a page");
    assert!(first.contains("href=\"/team/errors?page=2\""), "a link to older entries");
    let (_, second) = app.body("/team/errors?page=2").await;
    assert!(second.contains("PAGE-0004") && second.contains("PAGE-0000") && !second.contains("PAGE-0005"));
}

test_db::on_both_backends!(
    anonymous_callbacks_are_counted_for_the_team,
    signed_out_visitors_are_sent_to_sign_in_first,
    people_off_the_team_get_a_friendly_403,
    the_team_finds_a_failure_by_its_reference_with_the_description_as_text,
    the_log_is_paginated_newest_first,
);
