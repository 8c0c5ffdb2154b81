use crate::helpers::{location, query_param, spawn_app, Backend};
use reqwest::StatusCode;

async fn signing_out_of_this_site_keeps_the_idp_session(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let response = app.post_form("/auth/logout", &[("everywhere", "false")]).await;
    assert_eq!(location(&response), "/signed-out");
    assert_eq!(app.get("/profile").await.status(), StatusCode::FOUND);

    // The IdP still knows Ada: the next authorize comes straight back with a code.
    let authorize = app.start_login("/profile").await;
    let silent = app.client.get(&authorize).send().await.unwrap();
    assert!(location(&silent).starts_with(&app.url("/auth/callback?code=")));
}

async fn signing_out_everywhere_ends_the_idp_session_too(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let response = app.post_form("/auth/logout", &[("everywhere", "true")]).await;
    let end_session = location(&response);
    assert!(end_session.starts_with(&format!("{}/end-session?", app.idp)), "{end_session}");
    assert!(query_param(&end_session, "id_token_hint").is_some());
    assert_eq!(query_param(&end_session, "client_id").as_deref(), Some("dev-client"));
    assert_eq!(query_param(&end_session, "post_logout_redirect_uri"), Some(app.url("/signed-out")));
    assert!(app.user_row("user-ada").await.is_some(), "signing out keeps the user's row");

    let back = location(&app.client.get(&end_session).send().await.unwrap());
    assert!(back.starts_with(&app.url("/signed-out?state=")), "{back}");
    let page = app.client.get(&back).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Intastellar has signed you out too"), "{page}");
    assert_eq!(app.get("/profile").await.status(), StatusCode::FOUND);

    // The IdP asks again.
    let authorize = app.start_login("/profile").await;
    let response = app.client.get(&authorize).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("name=\"user\""));
}

async fn a_forged_logout_state_is_not_confirmed(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.body("/signed-out?state=made-up").await.1;
    assert!(page.contains("could not confirm"), "{page}");
}

async fn signing_out_without_a_session_still_lands_on_the_signed_out_page(backend: Backend) {
    let app = spawn_app(backend).await;
    for everywhere in ["true", "false", "garbage"] {
        let response = app.post_form("/auth/logout", &[("everywhere", everywhere)]).await;
        assert_eq!(location(&response), "/signed-out");
    }
}

async fn an_idp_without_end_session_is_explained(backend: Backend) {
    // The IdP's address must be known before the app starts, the app's before the IdP does.
    let idp_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", idp_listener.local_addr().unwrap());
    let vars = vec![
        ("OIDC_ISSUER_URL", issuer.clone()),
        ("OIDC_CLIENT_ID", "dev-client".into()),
        ("OIDC_CLIENT_SECRET", "dev-secret".into()),
    ];
    let mut app = crate::helpers::spawn_app_with(backend, vars, Box::new(|_| {})).await;
    let client = dev_idp::RegisteredClient {
        client_id: "dev-client".into(),
        client_secret: "dev-secret".into(),
        redirect_uris: vec![app.url("/auth/callback")],
        post_logout_redirect_uris: vec![app.url("/signed-out")],
        backchannel_logout_uri: None,
    };
    let config =
        dev_idp::DevIdpConfig { advertise_end_session: false, ..dev_idp::DevIdpConfig::for_client(client) };
    let _idp = dev_idp::spawn(idp_listener, config).await.unwrap();
    app.idp = issuer;

    app.sign_in("ada").await;
    let response = app.post_form("/auth/logout", &[("everywhere", "true")]).await;
    let target = location(&response);
    assert_eq!(target, "/signed-out?idp=unsupported");
    let page = app.body(&target).await.1;
    assert!(page.contains("only this site's session was ended"), "{page}");
    assert_eq!(app.get("/profile").await.status(), StatusCode::FOUND);
}

test_db::on_both_backends!(
    signing_out_of_this_site_keeps_the_idp_session,
    signing_out_everywhere_ends_the_idp_session_too,
    a_forged_logout_state_is_not_confirmed,
    signing_out_without_a_session_still_lands_on_the_signed_out_page,
    an_idp_without_end_session_is_explained,
);

/// Pages in flight when the person signs out must not bring the session back. Half the idle
/// time has passed, so each page that loads the session marks it as seen and saves it as it
/// ends; the sign-out comes in among them. Round after round, so the sign-out lands between
/// some page's load and its save.
async fn a_sign_out_wins_over_the_requests_in_flight(backend: Backend) {
    const ROUNDS: usize = 20;
    const PAGES: usize = 8;
    let mut app = spawn_app(backend).await;
    let plain = reqwest::Client::new();
    for round in 0..ROUNDS {
        app.fresh_browser();
        app.sign_in("ada").await;
        let cookie =
            format!("{}={}", server::sessions::SESSION_COOKIE, app.session_cookie().expect("signed in"));
        app.advance_clock(61 * 60);
        let pages: Vec<_> = (0..PAGES)
            .map(|_| {
                let request = plain.get(app.url("/profile")).header("cookie", &cookie);
                tokio::spawn(async move { request.send().await.unwrap().bytes().await.unwrap() })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(round as u64 % 4)).await;
        let signed_out = app.post_form("/auth/logout", &[("everywhere", "false")]).await;
        assert_eq!(crate::helpers::location(&signed_out), "/signed-out");
        for page in pages {
            page.await.unwrap();
        }
        assert_eq!(app.session_rows().await, 0, "round {round}: a request in flight wrote the session back");
    }
}

test_db::on_both_backends!(a_sign_out_wins_over_the_requests_in_flight);
