use crate::helpers::{assert_error_page, location, spawn_app_for_issuer, Backend};
use reqwest::StatusCode;

/// The site starts and serves while the IdP is down, and signs people in once it is up.
async fn the_site_survives_an_idp_that_is_not_there_yet(backend: Backend) {
    let parked = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let idp_addr = parked.local_addr().unwrap();
    drop(parked); // Nothing listens there now.
    let issuer = format!("http://{idp_addr}");
    let mut app = spawn_app_for_issuer(backend, &issuer, vec![]).await;

    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    let target = location(&app.post_form("/auth/login", &[]).await);
    assert_error_page(&app, &target, "idp_unreachable").await;

    let client = dev_idp::RegisteredClient {
        client_id: "dev-client".into(),
        client_secret: "dev-secret".into(),
        redirect_uris: vec![app.url("/auth/callback")],
        post_logout_redirect_uris: vec![app.url("/signed-out")],
        backchannel_logout_uri: None,
    };
    let listener = tokio::net::TcpListener::bind(idp_addr).await.unwrap();
    let _idp = dev_idp::spawn(listener, dev_idp::DevIdpConfig::for_client(client)).await.unwrap();
    app.idp = issuer;
    app.advance_clock(5); // past the discovery back-off
    assert_eq!(app.sign_in("grace").await, "/profile");
}

/// An issuer that answers, but not with a discovery document, is a configuration problem.
async fn an_issuer_without_a_discovery_document_is_reported_as_such(backend: Backend) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let not_an_idp = axum::Router::new().fallback(|| async { "<html>hello, I am a blog</html>" });
    tokio::spawn(async move { axum::serve(listener, not_an_idp).await });
    let app = spawn_app_for_issuer(backend, &issuer, vec![]).await;
    let target = location(&app.post_form("/auth/login", &[]).await);
    let reference = assert_error_page(&app, &target, "discovery_failed").await;
    let row = app.logged_error(&reference).await.expect("logged");
    assert_eq!(row.stage.as_str(), "discovery");
    let page = app.body(&target).await.1;
    assert!(page.contains("misconfigured"), "an operator problem, not the user's: {page}");
}

/// While the IdP hangs, one sign-in waits for the timeout; the next ones fail at once with
/// `idp_unreachable` instead of queueing behind it, until a short back-off has passed.
async fn failed_discovery_is_remembered_for_a_short_back_off(backend: Backend) {
    let hanging = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", hanging.local_addr().unwrap());
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        let mut open = Vec::new(); // accepted, never answered
        while let Ok((socket, _)) = hanging.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            open.push(socket);
        }
    });
    let app = spawn_app_for_issuer(backend, &issuer, vec![("OIDC_HTTP_TIMEOUT_SECONDS", "1".into())]).await;
    for _ in 0..3 {
        let target = location(&app.post_form("/auth/login", &[]).await);
        assert_error_page(&app, &target, "idp_unreachable").await;
    }
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1, "one attempt, then the back-off");
    app.advance_clock(5);
    let target = location(&app.post_form("/auth/login", &[]).await);
    assert_error_page(&app, &target, "idp_unreachable").await;
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2, "tried again after it");
}

test_db::on_both_backends!(
    the_site_survives_an_idp_that_is_not_there_yet,
    an_issuer_without_a_discovery_document_is_reported_as_such,
    failed_discovery_is_remembered_for_a_short_back_off,
);
