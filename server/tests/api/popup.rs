//! Popup sign-in on the server: the same flow as a redirect, ending in the popup on the page
//! that reports to the window that opened it.

use crate::helpers::{location, query_param, spawn_app, spawn_app_for_issuer, Backend, TestApp};

/// The attempt the popup's opener names, as it does at each click.
const ATTEMPT: &str = "0123456789abcdef0123456789abcdef";

/// `POST /auth/login` with `mode=popup` and an attempt; returns where it redirects.
async fn start_popup_login(app: &TestApp, return_to: &str) -> String {
    let form = [("return_to", return_to), ("mode", "popup"), ("attempt", ATTEMPT)];
    location(&app.post_form("/auth/login", &form).await)
}

async fn a_popup_sign_in_ends_on_the_popup_page_signed_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = start_popup_login(&app, "/").await;
    assert!(authorize.starts_with(&format!("{}/authorize?", app.idp)), "the same flow: {authorize}");
    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    let done = location(&app.client.get(callback).send().await.unwrap());
    assert_eq!(done, format!("/auth/popup?return_to=%2F&attempt={ATTEMPT}"), "the attempt comes back");

    // The site's other pages cut off any other site's window; this one must keep its opener.
    let response = app.get(&done).await;
    assert_eq!(response.headers()["cross-origin-opener-policy"], "unsafe-none");
    let (status, page) = app.body(&done).await;
    assert!(status.is_success(), "{page}");
    assert!(page.contains("data-testid=\"popup-done\"") && page.contains("<leptos-island"), "{page}");
    assert!(page.contains(r#"href="/" class="button primary">Continue here"#), "goes on to `/`: {page}");
    let (_, profile) = app.body("/profile").await;
    assert!(profile.contains("Ada Lovelace"), "signed in, as after a redirect");
}

async fn a_failure_in_the_popup_is_reported_with_its_reference(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = start_popup_login(&app, "/").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "authorize:access_denied").await;
    let done = location(&app.client.get(callback).send().await.unwrap());
    assert!(done.starts_with("/auth/popup?code=access_denied&ref="), "{done}");
    assert!(done.ends_with(&format!("&attempt={ATTEMPT}")), "{done}");
    let reference = query_param(&done, "ref").unwrap();
    assert!(app.logged_error(&reference).await.is_some(), "logged for the team as any failure");

    let (_, page) = app.body(&done).await;
    let error_page = format!("/auth/error?code=access_denied&amp;ref={reference}");
    assert!(page.contains(&error_page), "without an opener it goes on to the error page: {page}");
}

async fn a_popup_that_cannot_reach_the_idp_reports_that_too(backend: Backend) {
    let parked = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", parked.local_addr().unwrap());
    drop(parked); // nothing listens there
    let app = spawn_app_for_issuer(backend, &issuer, vec![]).await;
    let done = start_popup_login(&app, "/").await;
    assert!(done.starts_with("/auth/popup?code="), "{done}");
    assert!(query_param(&done, "ref").is_some(), "{done}");
}

async fn the_popup_page_goes_on_only_to_this_site(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, page) = app.body("/auth/popup?return_to=https%3A%2F%2Fevil.example%2F").await;
    // The language links name this page as it was asked for, query and all; every link on it
    // still leads to this site.
    let offsite = page.split(" href=\"").skip(1).filter(|link| {
        let on_this_site =
            (link.starts_with('/') && !link.starts_with("//")) || link.starts_with(&app.address);
        !on_this_site
    });
    assert_eq!(offsite.count(), 0, "{page}");
    assert!(page.contains(r#"href="/profile" class="button primary">Continue here"#), "{page}");
}

/// The popup button is an island: rendering it on the server must not leave anything that
/// only the thread that made it may drop. Many pages at once, on kept-alive connections and a
/// runtime with several workers, as in production, end their streams on whichever worker is
/// free. (The database plays no part: SQLite only.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_with_the_popup_island_render_on_any_worker_thread() {
    let app = spawn_app(Backend::Sqlite).await;
    let visits = (0..16).map(|_| {
        let (client, address) = (reqwest::Client::new(), app.address.clone());
        tokio::spawn(async move {
            for path in ["/", "/sign-in"].iter().cycle().take(40) {
                let response = client.get(format!("{address}{path}")).header("accept-encoding", "br").send();
                let response = response.await.expect("an answer");
                assert!(response.status().is_success(), "{path}: {}", response.status());
                response.bytes().await.expect("the whole page");
            }
        })
    });
    for visit in visits.collect::<Vec<_>>() {
        visit.await.expect("every page whole");
    }
}

test_db::on_both_backends!(
    a_popup_sign_in_ends_on_the_popup_page_signed_in,
    a_failure_in_the_popup_is_reported_with_its_reference,
    a_popup_that_cannot_reach_the_idp_reports_that_too,
    the_popup_page_goes_on_only_to_this_site,
);
