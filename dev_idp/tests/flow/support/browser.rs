//! A browser without JavaScript: keeps cookies, never follows redirects,
//! and fills in the IdP's forms (with the driver every Rust test uses).

use std::sync::Arc;

use dev_idp::forms;
use dev_idp::DevIdp;
use dev_idp_driver::{Decision, Driver};
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::LOCATION;
use reqwest::{redirect, Response, StatusCode};
use url::Url;

use super::{AuthRequest, REDIRECT_URI};

/// A browser: keeps cookies, does not follow redirects.
pub struct Browser {
    pub http: reqwest::Client,
    cookies: Arc<Jar>,
}

impl Browser {
    pub fn new() -> Self {
        let cookies = Arc::new(Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&cookies))
            .redirect(redirect::Policy::none())
            .build()
            .expect("HTTP client");
        Self { http, cookies }
    }

    /// The `Cookie` header this browser sends to the IdP.
    pub fn cookie_header(&self, idp: &DevIdp) -> Option<String> {
        let url = Url::parse(idp.issuer_url()).expect("issuer URL");
        let header = self.cookies.cookies(&url)?;
        Some(header.to_str().expect("ASCII cookies").to_owned())
    }

    pub async fn get(&self, url: impl reqwest::IntoUrl) -> Response {
        self.http.get(url).send().await.expect("GET")
    }

    /// Opens an authorization URL and expects the sign-in page.
    pub async fn open_sign_in_page(&self, authorization_url: Url) -> String {
        let response = self.get(authorization_url).await;
        assert_eq!(response.status(), StatusCode::OK, "expected the sign-in page");
        let html = response.text().await.expect("body");
        assert!(html.contains("<button type=\"submit\">Continue</button>"), "{html}");
        html
    }

    /// Submits the sign-in form of `page` (the sign-in page's HTML).
    pub async fn submit_sign_in(&self, idp: &DevIdp, page: &str, user: &str, simulate: &str) -> Response {
        self.at(idp).submit_sign_in(page, user, simulate).await.expect("POST /sign-in")
    }

    /// Submits the consent form of `page` (the consent page's HTML).
    pub async fn submit_consent(&self, idp: &DevIdp, page: &str, decision: Decision) -> Response {
        self.at(idp).submit_consent(page, decision).await.expect("POST /consent")
    }

    fn at(&self, idp: &DevIdp) -> Driver<'_, reqwest::Client> {
        Driver::new(&self.http, idp.issuer_url()).expect("issuer URL")
    }

    /// Signs in as `user` with a simulation (or ""), allows access and
    /// returns where the IdP sends the browser back to.
    pub async fn sign_in(&self, idp: &DevIdp, authorization_url: Url, user: &str, simulate: &str) -> Url {
        let page = self.open_sign_in_page(authorization_url).await;
        let consent = self.submit_sign_in(idp, &page, user, simulate).await;
        assert_eq!(consent.status(), StatusCode::OK, "expected the consent page");
        let consent = consent.text().await.expect("body");
        assert!(consent.contains("wants to access your name and email"), "{consent}");
        location(&self.submit_consent(idp, &consent, Decision::Allow).await)
    }

    /// Signs in as Ada and returns the authorization code.
    pub async fn code_for(&self, idp: &DevIdp, request: &AuthRequest, simulate: &str) -> String {
        let callback = self.sign_in(idp, request.url(idp), "ada", simulate).await;
        assert!(callback.as_str().starts_with(REDIRECT_URI), "{callback}");
        assert_eq!(query_param(&callback, "state").as_deref(), Some(request.state.as_str()));
        query_param(&callback, "code").expect("code in callback")
    }
}

/// The `value` of the test user whose radio button `html` checks.
pub fn checked_user(html: &str) -> Option<String> {
    html.split(&format!(r#"<input type="radio" name="{}""#, forms::USER)).skip(1).find_map(|input| {
        let tag = &input[..input.find('>')?];
        tag.ends_with(" checked").then(|| value_attribute(tag))?
    })
}

fn value_attribute(tag: &str) -> Option<String> {
    let start = tag.find(r#"value=""#)? + r#"value=""#.len();
    let length = tag[start..].find('"')?;
    Some(tag[start..start + length].to_owned())
}

/// The target of a redirect response, which must be a redirect.
pub fn location(response: &Response) -> Url {
    assert!(response.status().is_redirection(), "expected a redirect, got {}", response.status());
    let location = response.headers()[LOCATION].to_str().expect("ASCII Location");
    Url::parse(location).expect("absolute Location")
}

pub fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
}
