use crate::helpers::{assert_error_page, location, spawn_app_with};
use reqwest::StatusCode;

/// The site starts and serves while the IdP is down, and signs people in once it is up.
#[tokio::test]
async fn the_site_survives_an_idp_that_is_not_there_yet() {
    let parked = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let idp_addr = parked.local_addr().unwrap();
    drop(parked); // Nothing listens there now.
    let issuer = format!("http://{idp_addr}");
    let mut app = spawn_app_with(
        vec![
            ("OIDC_ISSUER_URL", issuer.clone()),
            ("OIDC_CLIENT_ID", "dev-client".into()),
            ("OIDC_CLIENT_SECRET", "dev-secret".into()),
        ],
        Box::new(|_| {}),
    )
    .await;

    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    let target = location(&app.post_form("/auth/login", &[]).await);
    assert_error_page(&app, &target, "idp_unreachable").await;

    let client = dev_idp::RegisteredClient {
        client_id: "dev-client".into(),
        client_secret: "dev-secret".into(),
        redirect_uris: vec![app.url("/auth/callback")],
        post_logout_redirect_uris: vec![app.url("/signed-out")],
    };
    let listener = tokio::net::TcpListener::bind(idp_addr).await.unwrap();
    let _idp = dev_idp::spawn(listener, dev_idp::DevIdpConfig::for_client(client)).await.unwrap();
    app.idp = issuer;
    assert_eq!(app.sign_in("grace").await, "/profile");
}

/// An issuer that answers, but not with a discovery document, is a configuration problem.
#[tokio::test]
async fn an_issuer_without_a_discovery_document_is_reported_as_such() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let not_an_idp = axum::Router::new().fallback(|| async { "<html>hello, I am a blog</html>" });
    tokio::spawn(async move { axum::serve(listener, not_an_idp).await });
    let app = spawn_app_with(
        vec![
            ("OIDC_ISSUER_URL", issuer),
            ("OIDC_CLIENT_ID", "dev-client".into()),
            ("OIDC_CLIENT_SECRET", "dev-secret".into()),
        ],
        Box::new(|_| {}),
    )
    .await;
    let target = location(&app.post_form("/auth/login", &[]).await);
    let reference = assert_error_page(&app, &target, "discovery_failed").await;
    let row = app.logged_error(&reference).await.expect("logged");
    assert_eq!(row.stage, "discovery");
    let page = app.body(&target).await.1;
    assert!(page.contains("misconfigured"), "an operator problem, not the user's: {page}");
}
