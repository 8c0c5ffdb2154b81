use crate::helpers::{assert_error_page, spawn_app, spawn_app_with, Backend};
use reqwest::StatusCode;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn an_oversized_body_is_refused_unread(backend: Backend) {
    let app = spawn_app(backend).await;
    let huge = "x".repeat(64 * 1024);
    let response = app.post_form("/auth/login", &[("return_to", huge.as_str())]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.session_rows().await, 0);
}

async fn a_connection_that_stalls_mid_request_is_closed(backend: Backend) {
    let app = spawn_app_with(
        backend,
        vec![],
        Box::new(|config| config.header_read_timeout = Duration::from_secs(1)),
    )
    .await;
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    stream.write_all(b"GET / HT").await.unwrap();
    let started = Instant::now();
    let mut buffer = [0; 1024];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await;
    let elapsed = started.elapsed();
    // Closed (end of stream, or a reset) rather than still waiting.
    assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "{read:?}");
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(5), "{elapsed:?}");
}

async fn a_slow_idp_still_ends_on_the_friendly_page(backend: Backend) {
    // The IdP timeout (2 s in tests) ends the sign-in before the request timeout does.
    let app =
        spawn_app_with(backend, vec![], Box::new(|config| config.request_timeout = Duration::from_secs(4)))
            .await;
    let target = app.sign_in_simulating("ada", "token:slow").await;
    assert_error_page(&app, &target, "idp_unreachable").await;
}

async fn a_request_past_the_request_timeout_is_cut_off(backend: Backend) {
    let app =
        spawn_app_with(backend, vec![], Box::new(|config| config.request_timeout = Duration::from_secs(1)))
            .await;
    let authorize = app.start_login("/profile").await;
    let callback = app.authorize_at_idp(&authorize, "ada", "token:slow").await;
    let started = Instant::now();
    let response = app.client.get(callback).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

test_db::on_both_backends!(
    an_oversized_body_is_refused_unread,
    a_connection_that_stalls_mid_request_is_closed,
    a_slow_idp_still_ends_on_the_friendly_page,
    a_request_past_the_request_timeout_is_cut_off,
);
