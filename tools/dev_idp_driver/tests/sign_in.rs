//! The whole sign-in against a real dev IdP, and its refusal of a flow that skips a page.

use dev_idp::{DevIdpConfig, RegisteredClient};
use dev_idp_driver::{Driver, DriverError};
use reqwest::StatusCode;
use url::Url;

const REDIRECT_URI: &str = "http://127.0.0.1:3000/auth/callback";

/// An authorization request with the PKCE challenge of RFC 7636, appendix B.
fn authorization_url(issuer: &str) -> Url {
    let params = [
        ("client_id", "dev-client"),
        ("redirect_uri", REDIRECT_URI),
        ("response_type", "code"),
        ("scope", "openid email"),
        ("state", "the-state"),
        ("nonce", "the-nonce"),
        ("code_challenge", "E9Melhoa2OwvFrEMTJguCgoEOhsjHGL8u1j-eDIbdNc"),
        ("code_challenge_method", "S256"),
    ];
    Url::parse_with_params(&format!("{issuer}{}", dev_idp::paths::AUTHORIZE), params).unwrap()
}

#[tokio::test]
async fn signs_in_page_by_page_and_refuses_a_skipped_page() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = RegisteredClient {
        client_id: "dev-client".into(),
        client_secret: "dev-secret".into(),
        redirect_uris: vec![REDIRECT_URI.into()],
        post_logout_redirect_uris: vec![],
        backchannel_logout_uri: None,
    };
    let idp = dev_idp::spawn(listener, DevIdpConfig::for_client(client)).await.unwrap();
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let driver = Driver::new(&browser, idp.issuer_url()).unwrap();

    let callback = driver.sign_in(authorization_url(idp.issuer_url()), "ada", "").await.unwrap();
    assert!(callback.as_str().starts_with(REDIRECT_URI), "{callback}");
    let param = |name: &str| callback.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value);
    assert_eq!(param("state").as_deref(), Some("the-state"));
    assert!(param("code").is_some(), "{callback}");

    // Signed in to the IdP now, the browser is sent straight back: not a whole sign-in.
    let again = driver.sign_in(authorization_url(idp.issuer_url()), "ada", "").await;
    assert!(matches!(again, Err(DriverError::NotAPage { status: StatusCode::SEE_OTHER, .. })), "{again:?}");
}
