//! The troubleshooting page's live checks: each pass and each warning, against the
//! development IdP and against issuers that get things wrong.

use crate::helpers::{
    spawn_app, spawn_app_at, spawn_app_at_with, spawn_app_for_issuer, spawn_app_with, Backend, TestApp,
};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// `(data-check, data-status)` of every check on the page.
async fn checks(app: &TestApp) -> Vec<(String, String)> {
    let (status, page) = app.body("/troubleshooting").await;
    assert!(status.is_success(), "{page}");
    page.split("data-check=\"")
        .skip(1)
        .filter_map(|rest| {
            let (check, rest) = rest.split_once('"')?;
            let status = rest.split("data-status=\"").nth(1)?.split('"').next()?;
            Some((check.to_owned(), status.to_owned()))
        })
        .collect()
}

fn status_of<'a>(checks: &'a [(String, String)], check: &str) -> &'a str {
    checks.iter().find(|(id, _)| id == check).map(|(_, status)| status.as_str()).unwrap_or("absent")
}

async fn against_the_development_idp_every_check_passes(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await; // so this browser sends the cookie back
    let (_, page) = app.body("/troubleshooting").await;
    assert!(page.contains(&app.url("/auth/callback")), "the redirect URI to copy");
    assert!(page.contains(&app.url("/signed-out")), "the post-logout URI to copy");
    assert!(page.contains(&app.url("/auth/backchannel-logout")), "the back-channel logout URI to copy");
    let checks = checks(&app).await;
    assert_eq!(checks.len(), 11, "{checks:?}");
    assert_eq!(status_of(&checks, "back_channel_logout"), "pass", "the development IdP advertises it");
    assert!(checks.iter().all(|(_, status)| status == "pass"), "{checks:?}");
    assert!(!page.contains("dev-secret"), "nothing secret on the page");
}

async fn a_stopped_idp_fails_the_discovery_check(backend: Backend) {
    let parked = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", parked.local_addr().unwrap());
    drop(parked); // nothing listens there
    let app = spawn_app_for_issuer(backend, &issuer, vec![]).await;
    let checks = checks(&app).await;
    assert_eq!(status_of(&checks, "discovery"), "warn", "{checks:?}");
    assert_eq!(status_of(&checks, "issuer"), "absent", "nothing to judge without the document");
    assert_eq!(status_of(&checks, "session_cookie"), "warn", "no cookie before signing in");
    let (_, page) = app.body("/troubleshooting").await;
    assert!(page.contains("could not be read") && page.contains("Check OIDC_ISSUER_URL"), "{page}");
    assert_no_internals(&page);
}

/// What only the team may see: the details of the checks, and the latest failures.
const INTERNALS: [&str; 4] = ["check-detail", "error sending request", "s behind the IdP", "recent-failures"];

fn assert_no_internals(page: &str) {
    for internal in INTERNALS {
        assert!(!page.contains(internal), "{internal:?} shown to a stranger: {page}");
    }
    assert!(page.contains("details-for-the-team"), "strangers are told where the details went");
}

/// A development IdP in a runtime of its own, as in a process of its own: stopping it ends
/// every connection it had open, as a crash would.
struct IdpProcess {
    runtime: tokio::runtime::Runtime,
    _idp: dev_idp::DevIdp,
}

impl IdpProcess {
    async fn start(address: SocketAddr, app: &TestApp) -> Self {
        let client = dev_idp::RegisteredClient {
            client_id: "dev-client".into(),
            client_secret: "dev-secret".into(),
            redirect_uris: vec![app.url("/auth/callback")],
            post_logout_redirect_uris: vec![app.url("/signed-out")],
            backchannel_logout_uri: None,
        };
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let idp = runtime.spawn(async move {
            let listener = tokio::net::TcpListener::bind(address).await.unwrap();
            dev_idp::spawn(listener, dev_idp::DevIdpConfig::for_client(client)).await.unwrap()
        });
        Self { _idp: idp.await.unwrap(), runtime }
    }

    async fn stop(self) {
        let Self { runtime, _idp } = self;
        tokio::task::spawn_blocking(move || runtime.shutdown_timeout(Duration::from_secs(5))).await.unwrap();
    }
}

async fn only_the_team_sees_why_the_idp_cannot_be_reached(backend: Backend) {
    let parked = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = parked.local_addr().unwrap();
    drop(parked); // nothing listens there until the IdP starts
    let team = vec![("TEAM_EMAILS", "grace@example.com".to_owned())];
    let mut app = spawn_app_for_issuer(backend, &format!("http://{address}"), team).await;
    let idp = IdpProcess::start(address, &app).await;
    app.idp = format!("http://{address}");
    app.advance_clock(5); // past the back-off of the discovery tried at start-up
    assert_eq!(app.sign_in("grace").await, "/profile");
    idp.stop().await;
    app.advance_clock(6); // past the inspection the sign-in page made, if any

    let checks = checks(&app).await;
    assert_eq!(status_of(&checks, "discovery"), "warn", "{checks:?}");
    let (_, page) = app.body("/troubleshooting").await;
    assert!(page.contains("check-detail") && page.contains("error sending request"), "the chain: {page}");
    assert!(!page.contains("details-for-the-team"), "{page}");

    app.fresh_browser();
    let (_, page) = app.body("/troubleshooting").await;
    assert_no_internals(&page);
}

async fn only_the_team_sees_the_clock_difference(backend: Backend) {
    let app =
        spawn_app_with(backend, vec![("TEAM_EMAILS", "grace@example.com".into())], Box::new(|_| {})).await;
    let shift = |seconds: &'static str| {
        // As a tool posts, without the site's `Origin`.
        let request = reqwest::Client::new()
            .post(format!("{}/dev/clock", app.idp))
            .form(&[("offset_seconds", seconds)]);
        async move { assert!(request.send().await.unwrap().status().is_success()) }
    };
    shift("600").await;
    let checks = checks(&app).await;
    assert_eq!(status_of(&checks, "clock"), "warn", "{checks:?}");
    let (_, page) = app.body("/troubleshooting").await;
    assert!(page.contains("OIDC_CLOCK_LEEWAY_SECONDS"), "what to do, for everyone: {page}");
    assert_no_internals(&page);

    shift("0").await; // a clock that far off fails every sign-in
    app.sign_in("grace").await;
    shift("600").await;
    app.advance_clock(6); // past the inspection made for the stranger
    let (_, page) = app.body("/troubleshooting").await;
    assert!(page.contains("check-detail") && page.contains("s behind the IdP"), "{page}");
}

/// An issuer that gets everything wrong: another issuer's name, no userinfo, no S256, no
/// end-session, only HS256, a JWKS that is not there. Counts the requests for that JWKS,
/// which only the troubleshooting page makes (the sign-in flow's discovery, retried in the
/// background, stops at the wrong issuer).
async fn careless_issuer() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    let document = serde_json::json!({
        "issuer": "https://someone-else.example",
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/no-keys-here"),
        "id_token_signing_alg_values_supported": ["HS256"],
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
    });
    let router = axum::Router::new()
        .route(
            "/.well-known/openid-configuration",
            axum::routing::get(move || async move { axum::Json(document) }),
        )
        .route(
            "/no-keys-here",
            axum::routing::get(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                async { axum::http::StatusCode::NOT_FOUND }
            }),
        );
    tokio::spawn(async move { axum::serve(listener, router).await });
    (base, requests)
}

async fn a_careless_issuer_gets_a_warning_for_each_mistake_and_is_asked_once(backend: Backend) {
    let (issuer, requests) = careless_issuer().await;
    let app = spawn_app_for_issuer(backend, &issuer, vec![]).await;
    let checks = checks(&app).await;
    assert_eq!(status_of(&checks, "discovery"), "pass");
    let careless = [
        "issuer",
        "endpoints",
        "pkce",
        "end_session",
        "back_channel_logout",
        "signing_algorithms",
        "signing_keys",
    ];
    for check in careless {
        assert_eq!(status_of(&checks, check), "warn", "{check}: {checks:?}");
    }
    assert_eq!(status_of(&checks, "clock"), "pass", "axum sends a Date header");
    let asked = requests.load(Ordering::SeqCst);
    app.body("/troubleshooting").await;
    assert_eq!(requests.load(Ordering::SeqCst), asked, "a reload within seconds reuses the inspection");
    app.advance_clock(6);
    app.body("/troubleshooting").await;
    assert_eq!(requests.load(Ordering::SeqCst), asked + 1, "then it asks again");
}

async fn an_idp_clock_off_by_more_than_the_leeway_is_a_warning(backend: Backend) {
    let app = spawn_app(backend).await;
    // As a tool posts, without the site's `Origin`: the IdP's /dev/ endpoints refuse other sites.
    let idp_clock = format!("{}/dev/clock", app.idp);
    let shifted = reqwest::Client::new().post(idp_clock).form(&[("offset_seconds", "600")]).send();
    assert!(shifted.await.unwrap().status().is_success());
    let checks = checks(&app).await;
    assert_eq!(status_of(&checks, "clock"), "warn", "{checks:?}");
}

async fn another_address_than_app_base_url_is_a_warning(backend: Backend) {
    let app = spawn_app(backend).await;
    let page =
        app.client.get(app.url("/troubleshooting")).header("host", "localhost:1").send().await.unwrap();
    let (status, headers) = (page.status(), page.headers().clone());
    let page = page.text().await.unwrap();
    assert!(page.contains("data-check=\"address\" data-status=\"warn\""), "{status} {headers:?}: {page}");
}

/// The address check's status for a request with `headers`, as a browser behind a proxy would
/// send it.
async fn address_status(app: &TestApp, headers: &[(&str, &str)]) -> String {
    let mut request = app.client.get(app.url("/troubleshooting"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let page = request.send().await.unwrap().text().await.unwrap();
    let (_, rest) = page.split_once("data-check=\"address\" data-status=\"").expect("an address check");
    rest.split('"').next().unwrap().to_owned()
}

const FORWARDED_BY_PROXY: [(&str, &str); 2] =
    [("x-forwarded-proto", "https"), ("x-forwarded-host", "demo.example")];

async fn behind_a_trusted_proxy_the_forwarded_address_is_checked(backend: Backend) {
    let trusted = vec![("TRUSTED_PROXIES", "127.0.0.1/32".to_owned())];
    let app = spawn_app_at_with(backend, "https://demo.example", trusted).await;
    assert_eq!(address_status(&app, &FORWARDED_BY_PROXY).await, "pass");
    let plain_http = [("x-forwarded-proto", "http"), ("x-forwarded-host", "demo.example")];
    assert_eq!(address_status(&app, &plain_http).await, "warn", "the proxy forgot HTTPS");
    assert_eq!(address_status(&app, &[]).await, "warn", "not through the proxy");
}

async fn forwarded_headers_from_an_untrusted_peer_are_ignored(backend: Backend) {
    let app = spawn_app_at(backend, "https://demo.example").await;
    assert_eq!(address_status(&app, &FORWARDED_BY_PROXY).await, "warn");
}

async fn only_the_team_sees_recent_failures(backend: Backend) {
    let mut app =
        spawn_app_with(backend, vec![("TEAM_EMAILS", "grace@example.com".into())], Box::new(|_| {})).await;
    let target = app.sign_in_simulating("ada", "authorize:access_denied").await;
    let reference = crate::helpers::query_param(&target, "ref").unwrap();
    let (_, page) = app.body("/troubleshooting").await;
    assert!(!page.contains("recent-failures"), "not for an anonymous visitor");
    app.sign_in("ada").await;
    let (_, page) = app.body("/troubleshooting").await;
    assert!(!page.contains("recent-failures"), "not for Ada");

    app.fresh_browser();
    app.sign_in("grace").await;
    let (_, page) = app.body("/troubleshooting").await;
    assert!(page.contains("recent-failures") && page.contains(&reference), "Grace is on the team");
}

test_db::on_both_backends!(
    against_the_development_idp_every_check_passes,
    a_stopped_idp_fails_the_discovery_check,
    a_careless_issuer_gets_a_warning_for_each_mistake_and_is_asked_once,
    an_idp_clock_off_by_more_than_the_leeway_is_a_warning,
    another_address_than_app_base_url_is_a_warning,
    behind_a_trusted_proxy_the_forwarded_address_is_checked,
    forwarded_headers_from_an_untrusted_peer_are_ignored,
    only_the_team_sees_recent_failures,
    only_the_team_sees_why_the_idp_cannot_be_reached,
    only_the_team_sees_the_clock_difference,
);
