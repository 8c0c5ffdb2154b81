//! Signs in at the development IdP over HTTP, as a browser without JavaScript does: it fills
//! in the sign-in and consent forms and follows no redirect by itself, so that the caller
//! can check every hop. The paths and field names are the dev IdP's own
//! ([`dev_idp::paths`], [`dev_idp::forms`]).
//!
//! ```no_run
//! # async fn example(authorization_url: url::Url) -> Result<(), dev_idp_driver::DriverError> {
//! // Keeps cookies and leaves redirects to the caller, like every browser the tests use.
//! let browser = reqwest::Client::builder()
//!     .cookie_store(true)
//!     .redirect(reqwest::redirect::Policy::none())
//!     .build()
//!     .expect("HTTP client");
//! let idp = dev_idp_driver::Driver::new(&browser, "http://127.0.0.1:3900")?;
//! let callback = idp.sign_in(authorization_url, "ada", "").await?;
//! println!("the IdP sends the browser back to {callback}");
//! # Ok(()) }
//! ```

use std::future::Future;

use dev_idp::{forms, paths};
use reqwest::header::{HeaderValue, CONTENT_TYPE, LOCATION};
use reqwest::{Method, Request, Response, StatusCode};
use url::{form_urlencoded, Url};

pub use dev_idp::forms::Decision;

/// What sends the driver's requests, with its own cookies and headers: a `reqwest::Client`
/// with a cookie store and redirects off is one.
pub trait Browser: Sync {
    fn send(&self, request: Request) -> impl Future<Output = reqwest::Result<Response>> + Send;
}

impl Browser for reqwest::Client {
    fn send(&self, request: Request) -> impl Future<Output = reqwest::Result<Response>> + Send {
        self.execute(request)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    #[error("{issuer:?} is not an issuer URL: {source}")]
    Issuer { issuer: String, source: url::ParseError },
    #[error("{step}: {source}")]
    Http { step: &'static str, source: reqwest::Error },
    #[error("{step} answered {status}, not a page")]
    NotAPage { step: &'static str, status: StatusCode },
    #[error("{step} answered {status}, not a redirect")]
    NotARedirect { step: &'static str, status: StatusCode },
    #[error("{step} redirected to {location:?}, which is not a URL")]
    BadLocation { step: &'static str, location: String },
    #[error("the page has no {name} field")]
    MissingField { name: String },
}

// The steps, as errors name them.
const AUTHORIZATION: &str = "the authorization request";
const SIGN_IN_FORM: &str = "the sign-in form";
const CONSENT_FORM: &str = "the consent form";

/// The dev IdP at `issuer`, as one browser sees it.
#[derive(Debug)]
pub struct Driver<'a, B> {
    browser: &'a B,
    sign_in: Url,
    consent: Url,
}

impl<'a, B: Browser> Driver<'a, B> {
    /// `issuer` as the dev IdP names itself, e.g. `http://127.0.0.1:3900`.
    pub fn new(browser: &'a B, issuer: &str) -> Result<Self, DriverError> {
        // The dev IdP's own URLs are its issuer followed by the path.
        let url = |path: &str| {
            Url::parse(&format!("{issuer}{path}"))
                .map_err(|source| DriverError::Issuer { issuer: issuer.to_owned(), source })
        };
        Ok(Self { browser, sign_in: url(paths::SIGN_IN)?, consent: url(paths::CONSENT)? })
    }

    /// A whole sign-in by someone not yet signed in to the IdP: the authorization URL must
    /// show the sign-in page, the sign-in form the consent page, and "Allow" must redirect.
    /// Returns where the IdP sends the browser back to.
    pub async fn sign_in(
        &self,
        authorization_url: Url,
        user: &str,
        simulate: &str,
    ) -> Result<Url, DriverError> {
        let opened = self.send(AUTHORIZATION, Request::new(Method::GET, authorization_url)).await?;
        let sign_in_page = page(AUTHORIZATION, opened).await?;
        let signed_in = self.submit_sign_in(&sign_in_page, user, simulate).await?;
        let consent_page = page(SIGN_IN_FORM, signed_in).await?;
        let allowed = self.submit_consent(&consent_page, Decision::Allow).await?;
        redirect_target(CONSENT_FORM, &allowed)
    }

    /// Submits the form of `sign_in_page` (its HTML) as `user`, with the simulation
    /// `simulate` ("" for a normal sign-in). The IdP answers with the consent page, or
    /// redirects straight back for the `authorize:` simulations.
    pub async fn submit_sign_in(
        &self,
        sign_in_page: &str,
        user: &str,
        simulate: &str,
    ) -> Result<Response, DriverError> {
        let request = hidden_field(sign_in_page, forms::REQUEST)?;
        let fields = [(forms::REQUEST, request), (forms::USER, user), (forms::SIMULATE, simulate)];
        self.send(SIGN_IN_FORM, form_post(&self.sign_in, &fields)).await
    }

    /// Presses `decision` on `consent_page` (its HTML). The IdP redirects back to the client.
    pub async fn submit_consent(
        &self,
        consent_page: &str,
        decision: Decision,
    ) -> Result<Response, DriverError> {
        let request = hidden_field(consent_page, forms::REQUEST)?;
        let fields = [(forms::REQUEST, request), (forms::DECISION, decision.as_str())];
        self.send(CONSENT_FORM, form_post(&self.consent, &fields)).await
    }

    async fn send(&self, step: &'static str, request: Request) -> Result<Response, DriverError> {
        self.browser.send(request).await.map_err(|source| DriverError::Http { step, source })
    }
}

/// The value of the hidden field `name` in one of the IdP's pages.
pub fn hidden_field<'p>(page: &'p str, name: &str) -> Result<&'p str, DriverError> {
    let marker = format!(r#"name="{name}" value=""#);
    let missing = || DriverError::MissingField { name: name.to_owned() };
    let start = page.find(&marker).ok_or_else(missing)? + marker.len();
    let length = page[start..].find('"').ok_or_else(missing)?;
    Ok(&page[start..start + length])
}

/// A form posted as a browser posts it.
fn form_post(url: &Url, fields: &[(&str, &str)]) -> Request {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    let mut request = Request::new(Method::POST, url.clone());
    request.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
    *request.body_mut() = Some(body.into());
    request
}

async fn page(step: &'static str, response: Response) -> Result<String, DriverError> {
    match response.status() {
        StatusCode::OK => response.text().await.map_err(|source| DriverError::Http { step, source }),
        status => Err(DriverError::NotAPage { step, status }),
    }
}

/// Where a redirect goes, resolved against the URL it came from.
fn redirect_target(step: &'static str, response: &Response) -> Result<Url, DriverError> {
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .filter(|_| status.is_redirection())
        .ok_or(DriverError::NotARedirect { step, status })?;
    let bad_location = || DriverError::BadLocation { step, location: format!("{location:?}") };
    let location = location.to_str().map_err(|_| bad_location())?;
    response.url().join(location).map_err(|_| bad_location())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_fields_are_read_from_the_page() {
        let page = r#"<input type="hidden" name="request" value="abc-123"><input name="user">"#;
        assert_eq!(hidden_field(page, forms::REQUEST).ok(), Some("abc-123"));
        assert!(matches!(hidden_field(page, forms::USER), Err(DriverError::MissingField { .. })));
        assert!(hidden_field(r#"<input name="request" value="cut-off"#, forms::REQUEST).is_err());
    }
}
