use crate::helpers::{browser, location, query_param, spawn_app, Backend};
use reqwest::StatusCode;

async fn login_redirects_to_the_idp_with_every_parameter(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = app.start_login("/profile").await;
    assert!(authorize.starts_with(&format!("{}/authorize?", app.idp)), "{authorize}");
    assert_eq!(query_param(&authorize, "response_type").as_deref(), Some("code"));
    assert_eq!(query_param(&authorize, "client_id").as_deref(), Some("dev-client"));
    assert_eq!(query_param(&authorize, "redirect_uri"), Some(app.url("/auth/callback")));
    // `offline_access` too: the test app keeps tokens (the development IdP gives it a key),
    // and the IdP's discovery lists the scope.
    assert_eq!(query_param(&authorize, "scope").as_deref(), Some("openid profile email offline_access"));
    assert_eq!(query_param(&authorize, "code_challenge_method").as_deref(), Some("S256"));
    for name in ["state", "nonce", "code_challenge"] {
        assert!(query_param(&authorize, name).is_some_and(|v| v.len() >= 16), "{name} in {authorize}");
    }
}

async fn a_full_sign_in_shows_the_profile_and_remembers_the_user(backend: Backend) {
    let app = spawn_app(backend).await;
    let authorize = app.start_login("/profile").await;
    assert_eq!(app.session_cookie(), None, "the pending sign-in is in a cookie of its own, not a session");
    assert_eq!(app.session_rows().await, 0, "nothing stored before the sign-in finishes");

    let callback = app.authorize_at_idp(&authorize, "ada", "").await;
    let response = app.client.get(&callback).send().await.unwrap();
    assert_eq!(location(&response), "/profile");
    assert!(app.session_cookie().is_some(), "signed-in session");

    let (status, profile) = app.body("/profile").await;
    assert_eq!(status, StatusCode::OK);
    for expected in ["user-ada", "Ada Lovelace", "ada@example.com", &app.idp] {
        assert!(profile.contains(expected), "profile lacks {expected}");
    }
    assert!(!profile.contains("eyJ"), "a token reached the page");

    let (email, first_sign_in_at, last_sign_in_at) = app.user_row("user-ada").await.expect("user row");
    assert_eq!(email.as_deref(), Some("ada@example.com"));
    assert!(first_sign_in_at <= last_sign_in_at);
}

async fn the_session_cookie_is_http_only_and_lax(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.post_form("/auth/login", &[]).await;
    let pending = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(pending.starts_with("intastellar_demo_sign_in."), "{pending}");
    let callback = app.authorize_at_idp(&location(&response), "ada", "").await;
    let response = app.client.get(&callback).send().await.unwrap();
    let cookies: Vec<String> =
        response.headers().get_all("set-cookie").iter().map(|c| c.to_str().unwrap().to_owned()).collect();
    let session = cookies.iter().find(|c| c.starts_with("intastellar_demo_session=")).expect("a session");
    assert!(
        cookies.iter().any(|c| c.starts_with("intastellar_demo_sign_in.") && c.contains("Max-Age=0")),
        "used up"
    );
    for cookie in [&pending, session] {
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http must not set Secure: {cookie}");
    }
}

async fn sign_in_returns_to_local_paths_only(backend: Backend) {
    let app = spawn_app(backend).await;
    for (asked, landed) in [("/", "/"), ("https://evil.example/", "/profile"), ("//evil.example", "/profile")]
    {
        let authorize = app.start_login(asked).await;
        let callback = app.authorize_at_idp(&authorize, "grace", "").await;
        assert_eq!(location(&app.client.get(&callback).send().await.unwrap()), landed, "asked {asked}");
    }
}

async fn the_profile_sends_signed_out_visitors_to_sign_in_and_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/profile").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/sign-in?return_to=%2Fprofile");
    let (_, page) = app.body("/sign-in?return_to=%2Fprofile").await;
    assert!(page.contains(r#"name="return_to" value="/profile""#), "{page}");
}

async fn starting_a_second_sign_in_keeps_the_first_valid(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.start_login("/").await;
    app.start_login("/profile").await; // another tab
    let callback = app.authorize_at_idp(&first, "ada", "").await;
    assert_eq!(location(&app.client.get(&callback).send().await.unwrap()), "/");
}

async fn the_session_lives_in_the_database_not_the_process(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let cookie = app.session_cookie().unwrap();
    // A second browser presenting the same cookie is the same session: nothing is in memory.
    let (other, jar) = browser(&app.origin);
    jar.add_cookie_str(&format!("intastellar_demo_session={cookie}"), &app.address.parse().unwrap());
    let page = other.get(app.url("/profile")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("user-ada"));
}

async fn an_https_site_sets_secure_cookies(backend: Backend) {
    let app = crate::helpers::spawn_app_at(backend, "https://demo.example.com").await;
    let response = app.post_form("/auth/login", &[]).await;
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    // The `__Host-` prefix: Secure, Path=/ and no Domain, so no sibling subdomain can set it.
    // (The pending sign-in's cookie here; the session's is made alike, at the callback.)
    assert!(cookie.starts_with("__Host-intastellar_demo_sign_in."), "{cookie}");
    assert!(cookie.contains("; Path=/") && !cookie.contains("Domain"), "{cookie}");
    let authorize = location(&response);
    assert_eq!(
        query_param(&authorize, "redirect_uri").as_deref(),
        Some("https://demo.example.com/auth/callback")
    );
}

async fn an_idle_session_expires_and_an_active_one_does_not(backend: Backend) {
    const IDLE_MINUTES: i64 = 120; // the default
    let idle = spawn_app(backend).await;
    idle.sign_in("ada").await;
    idle.advance_clock(IDLE_MINUTES * 60 + 1);
    assert_eq!(idle.get("/profile").await.status(), StatusCode::FOUND, "idle for longer than the timeout");
    assert_eq!(idle.get("/profile").await.status(), StatusCode::FOUND, "and the session is gone");

    let active = spawn_app(backend).await;
    active.sign_in("ada").await;
    for _ in 0..3 {
        // More than half the timeout apart, so each visit renews it; three visits add up to
        // more than the timeout.
        active.advance_clock(IDLE_MINUTES * 60 * 3 / 4);
        assert_eq!(active.get("/profile").await.status(), StatusCode::OK, "active, so still signed in");
    }
}

/// "Use another account": the IdP shows its chooser even while it remembers someone, with
/// the signed-in person's email as the hint, and the person can switch.
async fn use_another_account_asks_the_idp_to_let_the_person_choose(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in("ada").await;
    let response = app.post_form("/auth/login", &[("return_to", "/profile"), ("account", "choose")]).await;
    let authorize = location(&response);
    assert_eq!(query_param(&authorize, "prompt").as_deref(), Some("select_account"));
    assert_eq!(query_param(&authorize, "login_hint").as_deref(), Some("ada@example.com"));
    let chooser = app.client.get(&authorize).send().await.unwrap();
    assert_eq!(chooser.status(), StatusCode::OK, "a page, not single sign-on's silent redirect");
    assert!(chooser.text().await.unwrap().contains("Choose an account"));
    let callback = app.authorize_at_idp(&authorize, "grace", "").await;
    assert_eq!(location(&app.client.get(callback).send().await.unwrap()), "/profile");
    assert!(app.body("/profile").await.1.contains("user-grace"), "switched to Grace");

    let plain = location(&app.post_form("/auth/login", &[]).await);
    assert_eq!(query_param(&plain, "prompt"), None, "a plain sign-in uses single sign-on");
}

test_db::on_both_backends!(
    login_redirects_to_the_idp_with_every_parameter,
    a_full_sign_in_shows_the_profile_and_remembers_the_user,
    the_session_cookie_is_http_only_and_lax,
    sign_in_returns_to_local_paths_only,
    the_profile_sends_signed_out_visitors_to_sign_in_and_back,
    starting_a_second_sign_in_keeps_the_first_valid,
    the_session_lives_in_the_database_not_the_process,
    an_https_site_sets_secure_cookies,
    an_idle_session_expires_and_an_active_one_does_not,
    use_another_account_asks_the_idp_to_let_the_person_choose,
);
