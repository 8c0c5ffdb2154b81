//! What the tests share: a test IdP, a cookie-keeping "browser" and the
//! relying-party side of the flow.

mod browser;
mod relying_party;

pub use browser::*;
pub use dev_idp_driver::Decision;
pub use relying_party::*;

use dev_idp::{DevIdp, DevIdpConfig, RegisteredClient};

pub const CLIENT_ID: &str = "dev-client";
pub const CLIENT_SECRET: &str = "dev-secret";
pub const REDIRECT_URI: &str = "http://127.0.0.1:3000/auth/callback";
pub const POST_LOGOUT_REDIRECT_URI: &str = "http://127.0.0.1:3000/signed-out";

pub fn config() -> DevIdpConfig {
    DevIdpConfig::for_client(RegisteredClient {
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        redirect_uris: vec![REDIRECT_URI.into()],
        post_logout_redirect_uris: vec![POST_LOGOUT_REDIRECT_URI.into()],
        backchannel_logout_uri: None,
    })
}

pub async fn start() -> DevIdp {
    start_with(config()).await
}

pub async fn start_with(config: DevIdpConfig) -> DevIdp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
    dev_idp::spawn(listener, config).await.expect("IdP starts")
}

/// The default configuration plus `other-client`, registered with the same secret and URIs.
pub fn config_with_other_client() -> DevIdpConfig {
    let mut config = config();
    let mut other = config.clients[0].clone();
    other.client_id = "other-client".into();
    config.clients.push(other);
    config
}

/// A running IdP and a code it issued (with `simulate` attached) for a fresh request.
pub async fn issued_code(simulate: &str) -> (DevIdp, AuthRequest, String) {
    let idp = start().await;
    let request = AuthRequest::new();
    let code = Browser::new().code_for(&idp, &request, simulate).await;
    (idp, request, code)
}

/// A running IdP and a browser showing its sign-in page (the page's HTML).
pub async fn on_sign_in_page() -> (DevIdp, Browser, String) {
    let idp = start().await;
    let browser = Browser::new();
    let page = browser.open_sign_in_page(AuthRequest::new().url(&idp)).await;
    (idp, browser, page)
}
