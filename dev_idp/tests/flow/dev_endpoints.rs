//! The test-only `/dev/*` endpoints take posts from tools and the IdP's own origin, never from
//! another site's page; and the standalone binary listens on loopback only.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dev_idp::DevIdp;
use reqwest::{Response, StatusCode};

use crate::support::*;

async fn post(idp: &DevIdp, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = reqwest::Client::new()
        .post(format!("{}{path}", idp.issuer_url()))
        .form(&[("offset_seconds", "3600")]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("POST")
}

async fn published_kid(idp: &DevIdp) -> String {
    let jwks: serde_json::Value = reqwest::get(format!("{}/jwks", idp.issuer_url()))
        .await
        .expect("GET /jwks")
        .json()
        .await
        .expect("JSON");
    jwks["keys"][0]["kid"].as_str().expect("a kid").to_owned()
}

#[tokio::test]
async fn another_sites_page_cannot_rotate_the_key_or_shift_the_clock() {
    let idp = start().await;
    let kid = published_kid(&idp).await;
    let app_next_door = [("origin", "http://127.0.0.1:3000")];
    let cross_site = [("sec-fetch-site", "cross-site")];
    for headers in [&app_next_door[..], &cross_site[..]] {
        for path in ["/dev/rotate-key", "/dev/clock"] {
            let response = post(&idp, path, headers).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path} {headers:?}");
            assert!(response.text().await.expect("body").contains("/dev/ endpoints"), "{path}");
        }
    }
    assert_eq!(published_kid(&idp).await, kid, "the key did not change");
    let discovery = reqwest::get(format!("{}/.well-known/openid-configuration", idp.issuer_url())).await;
    let date = discovery.expect("discovery").headers()["date"].to_str().expect("ASCII").to_owned();
    let date = chrono::DateTime::parse_from_rfc2822(&date).expect("an HTTP date");
    let off_by = (date.to_utc() - chrono::Utc::now()).num_seconds().abs();
    assert!(off_by < 60, "the clock did not move: {off_by} s");

    let own_origin = [("origin", idp.issuer_url())];
    assert_eq!(post(&idp, "/dev/rotate-key", &own_origin).await.status(), StatusCode::OK);
    assert_ne!(published_kid(&idp).await, kid, "the IdP's own origin may");
    assert_eq!(post(&idp, "/dev/clock", &[]).await.status(), StatusCode::OK, "a tool may");
}

#[test]
fn the_standalone_binary_refuses_an_address_others_can_reach() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_dev-idp"))
        .env("DEV_IDP_ADDR", "0.0.0.0:0")
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dev-idp binary runs");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.try_wait().expect("wait for dev-idp") {
            break status;
        }
        if Instant::now() > deadline {
            server.kill().expect("stop dev-idp");
            panic!("dev-idp started on 0.0.0.0");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::io::read_to_string(server.stderr.take().expect("stderr")).expect("stderr text");
    assert!(!status.success());
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    assert!(stderr.contains("DEV_IDP_ADDR") && stderr.contains("loopback"), "{stderr}");
}
