//! Several instances of the site behind a load balancer, on one PostgreSQL database: any
//! instance can answer any request, because sessions and the error log live in the database.

use crate::helpers::{assert_error_page, browser, location, spawn_two_instances, TestApp, TestDatabase};
use reqwest::StatusCode;

async fn two_instances() -> Option<(TestApp, TestApp)> {
    let database = TestDatabase::postgres().await?;
    let team = vec![("TEAM_EMAILS", "grace@example.com".to_owned())];
    Some(spawn_two_instances(database, team).await)
}

/// A sign-in that starts on `start`, and whose return from the IdP the load balancer sends
/// to `finish`; returns where the callback sent the browser.
async fn sign_in_across(start: &TestApp, finish: &TestApp, user: &str, simulate: &str) -> String {
    let authorize = start.start_login("/profile").await;
    let callback = start.authorize_at_idp(&authorize, user, simulate).await;
    // The IdP sends the browser to the public origin; the load balancer picks `finish`.
    let url = reqwest::Url::parse(&callback).expect("callback URL");
    location(&finish.get(&format!("{}?{}", url.path(), url.query().unwrap_or_default())).await)
}

#[tokio::test]
async fn signed_in_on_one_instance_is_signed_in_on_the_other() {
    let Some((one, two)) = two_instances().await else { return };
    assert_eq!(one.sign_in("ada").await, "/profile");
    let (status, profile) = two.body("/profile").await;
    assert_eq!(status, StatusCode::OK);
    assert!(profile.contains("Ada Lovelace"), "{profile}");
}

#[tokio::test]
async fn signed_out_on_one_instance_is_signed_out_on_the_other() {
    let Some((one, two)) = two_instances().await else { return };
    one.sign_in("ada").await;
    assert_eq!(one.get("/profile").await.status(), StatusCode::OK);
    let response = two.post_form("/auth/logout", &[("everywhere", "false")]).await;
    assert_eq!(location(&response), "/signed-out");
    assert_eq!(location(&one.get("/profile").await), "/sign-in?return_to=%2Fprofile");
}

#[tokio::test]
async fn a_sign_in_started_on_one_instance_finishes_on_the_other() {
    let Some((mut one, mut two)) = two_instances().await else { return };
    assert_eq!(sign_in_across(&one, &two, "ada", "").await, "/profile");
    for instance in [&one, &two] {
        let (status, profile) = instance.body("/profile").await;
        assert_eq!(status, StatusCode::OK);
        assert!(profile.contains("Ada Lovelace"), "{profile}");
    }
    // And the other way round, in a new browser.
    (one.client, one.jar) = browser(&one.origin);
    (two.client, two.jar) = (one.client.clone(), one.jar.clone());
    assert_eq!(sign_in_across(&two, &one, "grace", "").await, "/profile");
    assert!(one.body("/profile").await.1.contains("Grace Hopper"));
}

#[tokio::test]
async fn the_team_page_on_either_instance_shows_failures_logged_on_both() {
    let Some((one, two)) = two_instances().await else { return };
    let on_one = sign_in_across(&one, &one, "ada", "authorize:access_denied").await;
    let on_one = assert_error_page(&one, &on_one, "access_denied").await;
    let on_two = sign_in_across(&one, &two, "ada", "authorize:invalid_scope").await;
    let on_two = assert_error_page(&two, &on_two, "invalid_scope").await;

    one.sign_in("grace").await;
    for instance in [&one, &two] {
        let (status, page) = instance.body("/team/errors").await;
        assert_eq!(status, StatusCode::OK);
        for reference in [&on_one, &on_two] {
            assert!(page.contains(&format!("data-reference=\"{reference}\"")), "{reference} in {page}");
        }
    }
}
