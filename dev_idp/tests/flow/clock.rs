//! `POST /dev/clock`: a shifted clock for testing clock-skew handling.

use chrono::{DateTime, TimeDelta, Utc};
use dev_idp::DevIdp;
use reqwest::header::DATE;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::support::*;

async fn set_clock(idp: &DevIdp, fields: &[(&str, &str)]) -> Response {
    reqwest::Client::new()
        .post(format!("{}/dev/clock", idp.issuer_url()))
        .form(fields)
        .send()
        .await
        .expect("POST /dev/clock")
}

fn date_header(response: &Response) -> DateTime<Utc> {
    let date = response.headers()[DATE].to_str().expect("ASCII Date");
    assert!(date.ends_with(" GMT"), "{date}");
    DateTime::parse_from_rfc2822(date).expect("an HTTP date").to_utc()
}

/// `time` is `offset` away from now, give or take a few seconds (the
/// header has whole seconds, and the machine may be busy).
#[track_caller]
fn assert_offset(time: DateTime<Utc>, offset: TimeDelta) {
    let error = time - (Utc::now() + offset);
    assert!(error.abs() <= TimeDelta::seconds(5), "{time} is not now {offset:+}");
}

#[tokio::test]
async fn the_date_header_follows_the_offset_until_reset() {
    let idp = start().await;
    let issuer = idp.issuer_url();
    let urls = [
        format!("{issuer}/.well-known/openid-configuration"),
        format!("{issuer}/jwks"),
        AuthRequest::new().url(&idp).to_string(),
        format!("{issuer}/no-such-page"),
    ];
    let http = Browser::new().http;
    let before = http.get(&urls[0]).send().await.expect("GET discovery");
    assert_offset(date_header(&before), TimeDelta::zero());

    for (offset, seconds) in [("3600", 3600), ("-86400", -86_400), ("0", 0)] {
        let response = set_clock(&idp, &[("offset_seconds", offset)]).await;
        assert_eq!(response.status(), StatusCode::OK);
        let shift = TimeDelta::seconds(seconds);
        assert_offset(date_header(&response), shift);
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(body, json!({ "offset_seconds": seconds }));
        for url in &urls {
            let response = http.get(url).send().await.expect("GET");
            assert_offset(date_header(&response), shift);
        }
    }
}

#[tokio::test]
async fn id_token_times_follow_the_offset() {
    let idp = start().await;
    let browser = Browser::new();
    let request = AuthRequest::new();
    let page = browser.open_sign_in_page(request.url(&idp)).await;
    let consent = browser.submit_sign_in(&idp, &page, "ada", "").await.text().await.expect("consent page");

    // Shifted between sign-in and token: auth_time is shifted all the same,
    // so every time in the token comes from the same clock.
    let offset = TimeDelta::hours(2);
    assert_eq!(set_clock(&idp, &[("offset_seconds", "7200")]).await.status(), StatusCode::OK);
    let callback = location(&browser.submit_consent(&idp, &consent, Decision::Allow).await);
    let claims = callback_claims(&idp, &request, &callback).await;
    assert_offset(claims.issue_time(), offset);
    assert_offset(claims.auth_time().expect("auth_time"), offset);
    assert_eq!((claims.expiration() - claims.issue_time()).num_seconds(), 300);
}

#[tokio::test]
async fn bad_offsets_are_refused_with_a_clear_message_and_change_nothing() {
    let idp = start().await;
    assert_eq!(set_clock(&idp, &[("offset_seconds", "600")]).await.status(), StatusCode::OK);

    let bad: [&[(&str, &str)]; 6] = [
        &[("offset_seconds", "86401")],
        &[("offset_seconds", "-86401")],
        &[("offset_seconds", "1.5")],
        &[("offset_seconds", "an hour")],
        &[("offset_seconds", "")],
        &[],
    ];
    for fields in bad {
        let response = set_clock(&idp, fields).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{fields:?}");
        assert_offset(date_header(&response), TimeDelta::minutes(10));
        let message = response.text().await.expect("body");
        assert_eq!(
            message, "offset_seconds must be a whole number of seconds from -86400 to 86400.",
            "{fields:?}"
        );
    }
}
