use crate::helpers::{spawn_app, spawn_app_with, Backend};
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY};
use reqwest::{Response, StatusCode};

const COOP: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("cross-origin-opener-policy");

fn header<'a>(response: &'a Response, name: &reqwest::header::HeaderName) -> &'a str {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name}"))
}

/// The nonce a Content-Security-Policy allows scripts by.
fn csp_nonce(csp: &str) -> String {
    let start = csp.find("'nonce-").unwrap_or_else(|| panic!("no nonce in {csp}")) + "'nonce-".len();
    csp[start..].split('\'').next().unwrap_or_default().to_owned()
}

/// Asserts the headers every response carries, and returns the CSP.
fn assert_common_headers(response: &Response, referrer: &str) -> String {
    assert_eq!(header(response, &reqwest::header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header(response, &REFERRER_POLICY), referrer);
    assert_eq!(header(response, &CACHE_CONTROL), "no-store", "every response depends on the session");
    let csp = header(response, &CONTENT_SECURITY_POLICY).to_owned();
    for directive in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self' ",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    csp
}

/// Asserts a page's status and headers, and that every script on it (at least one) carries
/// the CSP's nonce; returns the CSP.
async fn assert_page(response: Response, status: StatusCode, referrer: &str) -> String {
    assert_eq!(response.status(), status);
    let csp = assert_common_headers(&response, referrer);
    assert_eq!(header(&response, &COOP), "same-origin-allow-popups", "no other site's window keeps a handle");
    let nonce = csp_nonce(&csp);
    let page = response.text().await.unwrap();
    let scripts: Vec<&str> = page.split("<script").skip(1).collect();
    assert!(!scripts.is_empty(), "no scripts on {page}");
    for script in scripts {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "a script without the header's nonce: {tag}");
    }
    csp
}

async fn pages_get_a_fresh_nonce_that_their_scripts_carry(backend: Backend) {
    let app = spawn_app(backend).await;
    let csp = assert_page(app.get("/").await, StatusCode::OK, "strict-origin-when-cross-origin").await;
    let idp_origin = reqwest::Url::parse(&app.idp).unwrap().origin().ascii_serialization();
    assert!(
        csp.contains(&format!("form-action 'self' {idp_origin}")),
        "sign-in posts redirect to the IdP: {csp}"
    );
    let nonce = csp_nonce(&csp);
    assert!(nonce.len() >= 16, "{nonce}");
    // Inline scripts need the nonce; files only from the bundle's folder.
    let scripts = format!("script-src 'nonce-{nonce}' 'wasm-unsafe-eval' {}/pkg/;", app.origin);
    assert!(csp.contains(&scripts), "{csp}");

    let second = app.get("/").await;
    assert_ne!(csp_nonce(header(&second, &CONTENT_SECURITY_POLICY)), nonce, "a nonce is never reused");
    // The fallback renders the not-found page: its scripts carry the nonce too.
    assert_page(app.get("/no-such-page").await, StatusCode::NOT_FOUND, "strict-origin-when-cross-origin")
        .await;
}

async fn redirects_and_the_error_page_get_the_headers_and_no_referrer_for_other_sites(backend: Backend) {
    let app = spawn_app(backend).await;
    let redirect = app.post_form("/auth/login", &[("return_to", "/profile")]).await;
    assert!(redirect.status().is_redirection());
    assert_common_headers(&redirect, "same-origin");
    let callback = app.get("/auth/callback?code=c&state=s").await;
    assert!(callback.status().is_redirection());
    assert_common_headers(&callback, "no-referrer");
    // A popup's way back from the IdP passes the callback's redirect: an opener policy there
    // would cut the popup off from the page that opened it.
    for response in [&redirect, &callback] {
        assert!(!response.headers().contains_key(&COOP), "{:?}", response.headers());
    }
    assert_page(app.get("/auth/error?code=access_denied").await, StatusCode::OK, "same-origin").await;
}

async fn only_an_https_site_asks_for_https_only(backend: Backend) {
    let http = spawn_app(backend).await;
    assert!(http.get("/").await.headers().get(STRICT_TRANSPORT_SECURITY).is_none());
    let https = crate::helpers::spawn_app_at(backend, "https://demo.example.com").await;
    let response = https.get("/").await;
    assert_eq!(header(&response, &STRICT_TRANSPORT_SECURITY), "max-age=63072000; includeSubDomains");
}

async fn only_cargo_leptos_watch_may_open_the_live_reload_websocket(backend: Backend) {
    let app = spawn_app(backend).await;
    assert!(!header(&app.get("/").await, &CONTENT_SECURITY_POLICY).contains("connect-src"));
    let watching = spawn_app_with(backend, vec![("LEPTOS_WATCH", "ON".to_owned())], Box::new(|_| {})).await;
    let response = watching.get("/").await;
    let csp = header(&response, &CONTENT_SECURITY_POLICY);
    assert!(csp.ends_with("; connect-src 'self' ws://127.0.0.1:3001 wss://127.0.0.1:3001"), "{csp}");
}

test_db::on_both_backends!(
    pages_get_a_fresh_nonce_that_their_scripts_carry,
    redirects_and_the_error_page_get_the_headers_and_no_referrer_for_other_sites,
    only_an_https_site_asks_for_https_only,
    only_cargo_leptos_watch_may_open_the_live_reload_websocket,
);
