//! Behind a reverse proxy: a real one (`reverse_proxy.rs`) stands in front of the site, and
//! clients reach it from addresses of their own, as the internet's would.

use crate::helpers::{browser_at, spawn_app_with, Backend, TestApp};
use crate::reverse_proxy::ReverseProxy;
use reqwest::StatusCode;
use std::net::{IpAddr, Ipv4Addr};

const METRICS_TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// The site, public at the proxy's origin, trusting the proxy on 127.0.0.1 only.
async fn behind_a_proxy(backend: Backend, vars: &[(&'static str, &str)]) -> (TestApp, ReverseProxy) {
    let mut proxy = ReverseProxy::bind().await;
    let mut all = vec![("APP_BASE_URL", proxy.origin.clone()), ("TRUSTED_PROXIES", "127.0.0.1/32".into())];
    all.extend(vars.iter().map(|(name, value)| (*name, value.to_string())));
    let app = spawn_app_with(backend, all, Box::new(|_| {})).await;
    proxy.forward_to(&app.address);
    (app, proxy)
}

/// A browser at `127.0.0.<n>`.
fn client(app: &TestApp, n: u8) -> reqwest::Client {
    browser_at(&app.origin, IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))).0
}

async fn sign_in_start(client: &reqwest::Client, proxy: &ReverseProxy) -> StatusCode {
    let request = client.post(proxy.url("/auth/login")).form(&[("return_to", "/profile")]);
    request.send().await.expect("POST /auth/login").status()
}

async fn one_noisy_client_does_not_limit_another(backend: Backend) {
    let (app, proxy) = behind_a_proxy(backend, &[("RATE_LIMIT_PER_MINUTE", "3")]).await;
    let (noisy, quiet) = (client(&app, 2), client(&app, 3));
    for _ in 0..3 {
        assert!(sign_in_start(&noisy, &proxy).await.is_redirection());
    }
    assert_eq!(sign_in_start(&noisy, &proxy).await, StatusCode::TOO_MANY_REQUESTS, "its allowance is spent");
    let other = sign_in_start(&quiet, &proxy).await;
    assert!(other.is_redirection(), "another visitor behind the same proxy signs in: {other}");
}

async fn metrics_through_the_proxy_are_refused_as_the_publics(backend: Backend) {
    let (app, proxy) = behind_a_proxy(backend, &[("METRICS_TOKEN", METRICS_TOKEN)]).await;
    let visitor = client(&app, 2);
    let response = visitor.get(proxy.url("/metrics")).send().await.expect("GET /metrics");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.expect("page").contains("We couldn't find that page"));
    // The proxy's own address is the public's too, whether it forwards or not.
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);

    let scraper = visitor.get(proxy.url("/metrics")).bearer_auth(METRICS_TOKEN);
    let scraped = scraper.send().await.expect("GET /metrics");
    assert_eq!(scraped.status(), StatusCode::OK, "the token opens it from anywhere");
    assert!(scraped.text().await.expect("metrics").contains("# TYPE sign_ins_total counter"));
}

test_db::on_both_backends!(
    one_noisy_client_does_not_limit_another,
    metrics_through_the_proxy_are_refused_as_the_publics,
);
