//! Back-Channel Logout 1.0 at the IdP: discovery says so, ID tokens carry the session's
//! `sid`, logout tokens are posted to the client when someone signs out here, and `max_age`
//! asks for the account again once the sign-in is older.

use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::Form;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::support::*;

/// The payload of a JWT, unverified (the RP-side checks are the app's tests).
fn payload(jwt: &str) -> Value {
    use base64::Engine;
    let part = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON")
}

#[tokio::test]
async fn discovery_advertises_back_channel_logout_with_sid() {
    let idp = start().await;
    let url = format!("{}/.well-known/openid-configuration", idp.issuer_url());
    let metadata: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(metadata["backchannel_logout_supported"], true);
    assert_eq!(metadata["backchannel_logout_session_supported"], true);
}

#[tokio::test]
async fn id_tokens_name_the_idp_session_and_a_new_browser_gets_a_new_one() {
    let idp = start().await;
    let browser = Browser::new();
    let first = tokens(&idp, &browser, &AuthRequest::new(), "").await;
    // The same browser again: single sign-on, the same IdP session.
    let request = AuthRequest::new();
    let callback = location(&browser.get(request.url(&idp)).await);
    let code = query_param(&callback, "code").expect("a code");
    let again: Value = redeem(&idp, &code, &request.verifier).await.json().await.unwrap();
    let sid =
        |tokens: &Value| payload(tokens["id_token"].as_str().unwrap())["sid"].as_str().unwrap().to_owned();
    assert_eq!(sid(&first), sid(&again), "one browser, one IdP session");
    let elsewhere = tokens(&idp, &Browser::new(), &AuthRequest::new(), "").await;
    assert_ne!(sid(&first), sid(&elsewhere));
    let cookie = browser.cookie_header(&idp).unwrap_or_default();
    assert!(!cookie.contains(&sid(&first)), "the sid is not the cookie");
}

#[tokio::test]
async fn signing_out_here_posts_a_logout_token_to_the_client() {
    // The client's back channel: it hands every token it receives to the test.
    let (sent, mut received) = mpsc::unbounded_channel::<String>();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}/auth/backchannel-logout", listener.local_addr().unwrap());
    let receive = |State(sent): State<mpsc::UnboundedSender<String>>,
                   Form(form): Form<Vec<(String, String)>>| async move {
        let token = form.into_iter().find(|(name, _)| name == "logout_token").map(|(_, token)| token);
        let _ = sent.send(token.unwrap_or_default());
        StatusCode::OK
    };
    let client_app = axum::Router::new().route("/auth/backchannel-logout", post(receive)).with_state(sent);
    tokio::spawn(async move { axum::serve(listener, client_app).await });
    let mut config = config();
    config.clients[0].backchannel_logout_uri = Some(uri);
    let idp = start_with(config).await;

    let browser = Browser::new();
    let tokens = tokens(&idp, &browser, &AuthRequest::new(), "").await;
    let id_token = payload(tokens["id_token"].as_str().unwrap());
    let response = browser.get(format!("{}/end-session", idp.issuer_url())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let logout = payload(&received.try_recv().expect("a logout token, posted before the page answered"));
    assert_eq!(logout["sid"], id_token["sid"]);
    assert_eq!(logout["sub"], id_token["sub"]);
    assert_eq!(logout["aud"], "dev-client");
    assert_eq!(id_token["aud"], serde_json::json!(["dev-client"]));
    assert!(logout["events"]["http://schemas.openid.net/event/backchannel-logout"].is_object());
    assert!(logout.get("nonce").is_none() && logout["jti"].is_string());
}

#[tokio::test]
async fn max_age_asks_for_the_account_again_once_the_sign_in_is_older() {
    let idp = start().await;
    let browser = Browser::new();
    browser.code_for(&idp, &AuthRequest::new(), "").await;
    // Within max_age: single sign-on, no page.
    let request = AuthRequest::new();
    let response = browser.get(request.url_with(&idp, &[("max_age", "300")])).await;
    assert!(response.status().is_redirection(), "a recent sign-in is reused");
    // Older than max_age (0: any sign-in at least a second old): the sign-in page, with the
    // account signed in already suggested.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let response = browser.get(request.url_with(&idp, &[("max_age", "0")])).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert_eq!(checked_user(&page).as_deref(), Some("ada"));
    let response = browser.get(request.url_with(&idp, &[("max_age", "soon")])).await;
    let target = location(&response);
    assert_eq!(query_param(&target, "error").as_deref(), Some("invalid_request"));
}
