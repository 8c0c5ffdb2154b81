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

async fn a_body_sent_a_byte_at_a_time_is_cut_off(backend: Backend) {
    let app = spawn_app_with(
        backend,
        vec![],
        Box::new(|config| config.header_read_timeout = Duration::from_secs(1)),
    )
    .await;
    let stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    let (mut reading, mut writing) = stream.into_split();
    let head =
        "POST /auth/login HTTP/1.1\r\nHost: site\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                Content-Length: 64\r\n\r\n";
    writing.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    // The headers arrived at once; the body comes a byte every 200 ms, 13 s in all.
    let dribble = tokio::spawn(async move {
        for _ in 0..64 {
            if writing.write_all(b"x").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), reading.read_to_end(&mut answer)).await;
    let elapsed = started.elapsed();
    dribble.abort();
    assert!(matches!(read, Ok(Ok(_)) | Ok(Err(_))), "still open after {elapsed:?}");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(4), "{elapsed:?}");
}

async fn past_the_connection_cap_a_new_connection_waits_for_a_free_one(backend: Backend) {
    let app = spawn_app_with(backend, vec![], Box::new(|config| config.max_connections = 2)).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let first = tokio::net::TcpStream::connect(&address).await.unwrap();
    let _second = tokio::net::TcpStream::connect(&address).await.unwrap();
    // A new client, with a connection of its own.
    let third = tokio::spawn(reqwest::get(app.url("/healthz")));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!third.is_finished(), "the third connection is not served while two are open");
    drop(first);
    let answer = tokio::time::timeout(Duration::from_secs(5), third).await;
    let answer = answer.expect("served once a connection closed").unwrap().expect("GET /healthz");
    assert_eq!(answer.status(), StatusCode::OK);
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
    a_body_sent_a_byte_at_a_time_is_cut_off,
    past_the_connection_cap_a_new_connection_waits_for_a_free_one,
    a_slow_idp_still_ends_on_the_friendly_page,
    a_request_past_the_request_timeout_is_cut_off,
);
