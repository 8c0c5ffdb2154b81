use crate::helpers::{spawn_app, spawn_app_with, Backend, TestApp};
use reqwest::header::RETRY_AFTER;
use reqwest::{Response, StatusCode};

const LIMIT: usize = 3;

async fn limited_app(backend: Backend, vars: &[(&'static str, &str)]) -> TestApp {
    let mut all = vec![("RATE_LIMIT_PER_MINUTE", LIMIT.to_string())];
    all.extend(vars.iter().map(|(name, value)| (*name, value.to_string())));
    spawn_app_with(backend, all, Box::new(|_| {})).await
}

/// `POST /auth/login` as sent through a proxy that says it is forwarding for `client`.
async fn login_forwarded_for(app: &TestApp, client: &str) -> Response {
    let request = app.client.post(app.url("/auth/login")).header("x-forwarded-for", client);
    request.form(&[("return_to", "/profile")]).send().await.unwrap()
}

async fn the_request_past_the_limit_gets_a_friendly_429_and_stores_nothing(backend: Backend) {
    let mut app = limited_app(backend, &[]).await;
    for _ in 0..LIMIT {
        assert!(app.post_form("/auth/login", &[]).await.status().is_redirection());
    }
    app.fresh_browser(); // A new browser would get a new session, if it got through.
    let sessions = app.session_rows().await;
    let response = app.post_form("/auth/login", &[]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let page = response.text().await.unwrap();
    let reference_shown = r#"Reference: <code data-testid="error-reference">"#;
    assert!(page.contains("Too many sign-in attempts") && page.contains(reference_shown), "{page}");
    assert_eq!(app.session_rows().await, sessions, "a limited request writes nothing");
    assert_eq!(app.count_logged("rate_limited").await, 0);
    assert_eq!(app.get("/").await.status(), StatusCode::OK, "pages are not limited");
}

async fn behind_a_trusted_proxy_each_client_has_its_own_allowance(backend: Backend) {
    let app = limited_app(backend, &[("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")]).await;
    for _ in 0..LIMIT {
        assert!(login_forwarded_for(&app, "203.0.113.7").await.status().is_redirection());
    }
    assert_eq!(login_forwarded_for(&app, "203.0.113.7").await.status(), StatusCode::TOO_MANY_REQUESTS);
    let other = login_forwarded_for(&app, "203.0.113.8").await;
    assert!(other.status().is_redirection(), "another client passes: {}", other.status());
}

async fn without_trusted_proxies_x_forwarded_for_is_ignored(backend: Backend) {
    let app = limited_app(backend, &[]).await;
    for i in 0..LIMIT {
        let client = format!("203.0.113.{i}");
        assert!(login_forwarded_for(&app, &client).await.status().is_redirection());
    }
    let spoofed = login_forwarded_for(&app, "198.51.100.1").await;
    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS, "a made-up address earns nothing");
}

async fn zero_turns_the_limit_off(backend: Backend) {
    let app = spawn_app(backend).await; // Tests run with RATE_LIMIT_PER_MINUTE=0.
    for _ in 0..40 {
        assert!(app.post_form("/auth/login", &[]).await.status().is_redirection());
    }
}

test_db::on_both_backends!(
    the_request_past_the_limit_gets_a_friendly_429_and_stores_nothing,
    behind_a_trusted_proxy_each_client_has_its_own_allowance,
    without_trusted_proxies_x_forwarded_for_is_ignored,
    zero_turns_the_limit_off,
);
