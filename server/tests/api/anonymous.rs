//! What an outsider can make the site store: nothing. Forged callbacks and cookieless sign-in
//! starts write no row; one noisy address limits nobody else; pages on other sites cannot
//! spend anyone's allowance; two tabs of one browser both sign in.

use crate::helpers::{
    location, query_param, rows_in_every_table, spawn_app, spawn_app_with, Backend, TestApp,
};
use reqwest::header::{ACCEPT, ORIGIN};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

const FLOOD: usize = 10_000;
/// Requests in flight at once, each worker on its own kept-alive connection.
const WORKERS: usize = 16;

/// A client with no cookie store (each request is a stranger), from `from`.
fn stranger(app: &TestApp, from: IpAddr) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(ORIGIN, app.origin.parse().unwrap());
    headers.insert(ACCEPT, "text/html".parse().unwrap());
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .local_address(from)
        .build()
        .unwrap()
}

/// Sends `FLOOD` requests built by `request` (given its number); how many got each status.
async fn flood<F>(request: F) -> BTreeMap<u16, usize>
where
    F: Fn(usize) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let request = Arc::new(request);
    let workers: Vec<_> = (0..WORKERS)
        .map(|worker| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut statuses = BTreeMap::new();
                for n in (worker..FLOOD).step_by(WORKERS) {
                    let status = request(n).send().await.expect("request").status().as_u16();
                    *statuses.entry(status).or_insert(0) += 1;
                }
                statuses
            })
        })
        .collect();
    let mut statuses = BTreeMap::new();
    for worker in workers {
        for (status, count) in worker.await.unwrap() {
            *statuses.entry(status).or_insert(0) += count;
        }
    }
    statuses
}

/// A forged callback of each kind, by number.
fn forged_callback(app: &TestApp, n: usize) -> String {
    match n % 4 {
        0 => app.url("/auth/callback"),
        1 => app.url(&format!("/auth/callback?state=guess-{n}&code=abc")),
        2 => app.url(&format!("/auth/callback?error=access_denied&error_description=spam-{n}&state=x")),
        _ => app.url("/auth/callback?code=a&code=b"),
    }
}

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// With no limits in the way, so that every request reaches the sign-in: not one row.
async fn forged_callbacks_and_cookieless_sign_in_starts_store_nothing(backend: Backend) {
    let app = spawn_app_with(backend, vec![("SIGN_INS_PER_MINUTE", "0".into())], Box::new(|_| {})).await;
    let before = rows_in_every_table(&app).await;
    let (client, urls) =
        (stranger(&app, LOCALHOST), (0..FLOOD).map(|n| forged_callback(&app, n)).collect::<Vec<_>>());
    let callbacks = flood(move |n| client.get(&urls[n])).await;
    assert_eq!(callbacks, BTreeMap::from([(303, FLOOD)]), "each ends on the friendly page");
    let (client, login) = (stranger(&app, LOCALHOST), app.url("/auth/login"));
    let logins = flood(move |_| client.post(&login).form(&[("return_to", "/profile")])).await;
    assert_eq!(logins.len(), 1, "{logins:?}");
    assert!(logins.keys().all(|status| (300..400).contains(status)), "each goes to the IdP: {logins:?}");
    assert_eq!(rows_in_every_table(&app).await, before, "nothing stored");
}

/// The issue's measure, with the default limits: one address adds at most 100 rows in all,
/// and another address still signs in.
async fn one_noisy_address_with_the_default_limits_stores_little_and_limits_nobody_else(backend: Backend) {
    let defaults = vec![("RATE_LIMIT_PER_MINUTE", String::new()), ("SIGN_INS_PER_MINUTE", String::new())];
    let mut app = spawn_app_with(backend, defaults, Box::new(|_| {})).await;
    let before = rows_in_every_table(&app).await;
    let (client, urls) =
        (stranger(&app, LOCALHOST), (0..FLOOD).map(|n| forged_callback(&app, n)).collect::<Vec<_>>());
    let callbacks = flood(move |n| client.get(&urls[n])).await;
    let (client, login) = (stranger(&app, LOCALHOST), app.url("/auth/login"));
    let logins = flood(move |_| client.post(&login).form(&[("return_to", "/profile")])).await;
    let limited = |statuses: &BTreeMap<u16, usize>| statuses.get(&429).copied().unwrap_or(0);
    assert!(limited(&callbacks) + limited(&logins) > 2 * FLOOD - 100, "{callbacks:?} {logins:?}");
    let added = rows_in_every_table(&app).await - before;
    assert!(added <= 100, "{added} rows");

    // Someone else, at another address, signs in as usual.
    app.fresh_browser_at(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)));
    assert_eq!(app.sign_in("ada").await, "/profile");
}

/// What another site's `<img src=…/auth/callback>` sends: refused before the rate limit, so
/// it spends no allowance, with the friendly page, and reaches nothing.
async fn an_embedded_sign_in_request_is_refused_before_the_rate_limit(backend: Backend) {
    let app = spawn_app_with(backend, vec![("RATE_LIMIT_PER_MINUTE", "2".into())], Box::new(|_| {})).await;
    for _ in 0..10 {
        let image = app
            .client
            .get(app.url("/auth/callback?i=1"))
            .header("sec-fetch-mode", "no-cors")
            .header("sec-fetch-dest", "image")
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap();
        assert_eq!(image.status(), StatusCode::FORBIDDEN);
        let page = image.text().await.unwrap();
        let words = app::components::failure::Words::of(
            sign_in::errors::ErrorCode::EmbeddedRequest,
            app::locale::Locale::en,
        );
        assert!(page.contains(words.title) && page.contains(r#"data-testid="error-reference""#), "{page}");
    }
    // The allowance is untouched: a navigation still goes through, twice.
    for _ in 0..2 {
        let navigation = app
            .client
            .post(app.url("/auth/login"))
            .header("sec-fetch-mode", "navigate")
            .header("sec-fetch-dest", "document")
            .header("sec-fetch-site", "same-origin")
            .form(&[("return_to", "/profile")])
            .send()
            .await
            .unwrap();
        assert!(navigation.status().is_redirection(), "{}", navigation.status());
    }
}

/// New sign-ins have a ceiling for the whole site, whatever the addresses.
async fn the_site_wide_ceiling_limits_new_sign_ins_from_every_address(backend: Backend) {
    let app = spawn_app_with(backend, vec![("SIGN_INS_PER_MINUTE", "5".into())], Box::new(|_| {})).await;
    let here = stranger(&app, LOCALHOST);
    for _ in 0..5 {
        assert!(here.post(app.url("/auth/login")).send().await.unwrap().status().is_redirection());
    }
    let elsewhere = stranger(&app, IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3)));
    let refused = elsewhere.post(app.url("/auth/login")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // Only the start of a sign-in counts: callbacks still finish.
    assert_eq!(
        elsewhere.get(app.url("/auth/callback")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
}

/// Two tabs of one browser start a sign-in at once, then both come back: both sign in.
async fn two_tabs_that_start_signing_in_at_once_both_finish(backend: Backend) {
    let app = spawn_app(backend).await;
    let (first, second) = tokio::join!(app.start_login("/profile"), app.start_login("/signed-out"));
    let first_callback = app.authorize_at_idp(&first, "ada", "").await;
    let second_callback = app.authorize_at_idp(&second, "ada", "").await;
    assert_ne!(query_param(&first_callback, "state"), query_param(&second_callback, "state"));
    assert_eq!(location(&app.client.get(&first_callback).send().await.unwrap()), "/profile");
    assert_eq!(location(&app.client.get(&second_callback).send().await.unwrap()), "/signed-out");
    let (_, profile) = app.body("/profile").await;
    assert!(profile.contains("user-ada"), "signed in");
}

test_db::on_both_backends!(
    forged_callbacks_and_cookieless_sign_in_starts_store_nothing,
    one_noisy_address_with_the_default_limits_stores_little_and_limits_nobody_else,
    an_embedded_sign_in_request_is_refused_before_the_rate_limit,
    the_site_wide_ceiling_limits_new_sign_ins_from_every_address,
    two_tabs_that_start_signing_in_at_once_both_finish,
);
