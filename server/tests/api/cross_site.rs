use crate::helpers::{location, spawn_app, Backend, TestApp};
use reqwest::header::{ACCEPT, ORIGIN, SET_COOKIE};
use reqwest::{RequestBuilder, StatusCode};

/// Sends `request` and asserts it was refused with the friendly page, and changed nothing.
async fn assert_refused(app: &TestApp, request: RequestBuilder) {
    let sessions = app.session_rows().await;
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(SET_COOKIE).is_none(), "no session started");
    let page = response.text().await.unwrap();
    assert!(page.contains("This request came from another site"), "{page}");
    let reference_shown = r#"Reference: <code data-testid="error-reference">"#;
    assert!(page.contains("<main") && page.contains(reference_shown), "{page}");
    assert_eq!(app.session_rows().await, sessions, "nothing stored");
}

async fn another_sites_sign_in_post_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let post = app.client.post(app.url("/auth/login")).header(ORIGIN, "https://evil.example");
    assert_refused(&app, post.form(&[("return_to", "/profile")])).await;
    assert_eq!(app.session_rows().await, 0);
}

async fn another_sites_sign_out_post_leaves_you_signed_in(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let post = app.client.post(app.url("/auth/logout")).header(ORIGIN, "https://evil.example");
    assert_refused(&app, post.form(&[("everywhere", "true")])).await;
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK, "still signed in");
}

async fn a_sibling_subdomain_is_another_origin(backend: Backend) {
    let app = crate::helpers::spawn_app_at(backend, "https://app.example.com").await;
    let post = app.client.post(app.url("/auth/login")).header(ORIGIN, "https://blog.example.com");
    assert_refused(&app, post).await;
    // The site's own origin, which the test client sends by default, passes.
    assert!(app.post_form("/auth/login", &[]).await.status().is_redirection());
}

async fn without_origin_sec_fetch_site_decides(backend: Backend) {
    let app = spawn_app(backend).await;
    // A plain client sends no Origin, as tools such as curl do.
    let tool = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for site in ["cross-site", "same-site"] {
        let post = tool.post(app.url("/auth/login")).header("sec-fetch-site", site);
        assert_refused(&app, post).await;
    }
    let response = tool.post(app.url("/auth/login")).header(ACCEPT, "text/html").send().await.unwrap();
    assert!(location(&response).starts_with(&app.idp), "a tool may post");
}

test_db::on_both_backends!(
    another_sites_sign_in_post_is_refused,
    another_sites_sign_out_post_leaves_you_signed_in,
    a_sibling_subdomain_is_another_origin,
    without_origin_sec_fetch_site_decides,
);
