//! Redirects back to a relying party, to a URI it registered.

use axum::response::{IntoResponse, Redirect, Response};
use url::Url;

use crate::language::Language;
use crate::oauth_error::OAuthError;
use crate::pages::{PageError, Problem};
use crate::store::AuthorizationRequest;

/// A redirect to a registered URI with protocol parameters added to its query.
#[derive(Debug)]
pub(crate) struct ClientRedirect {
    registered_uri: String,
    params: Vec<(&'static str, String)>,
}

impl ClientRedirect {
    /// Only ever pass a URI that was matched against the client's registration.
    pub(crate) fn to(registered_uri: &str) -> Self {
        Self { registered_uri: registered_uri.to_owned(), params: Vec::new() }
    }

    pub(crate) fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    pub(crate) fn optional_param(self, name: &'static str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.param(name, value),
            None => self,
        }
    }

    /// The successful authorization response of RFC 6749 §4.1.2.
    pub(crate) fn authorization_code(
        redirect_uri: &str,
        state: Option<&str>,
        code: String,
        issuer: &str,
    ) -> Self {
        Self::to(redirect_uri).param("code", code).optional_param("state", state).issuer(issuer)
    }

    /// The authorization error response of RFC 6749 §4.1.2.1.
    pub(crate) fn authorization_error(
        redirect_uri: &str,
        state: Option<&str>,
        error: OAuthError,
        issuer: &str,
    ) -> Self {
        Self::to(redirect_uri)
            .param("error", error.code.as_str())
            .param("error_description", error.description)
            .optional_param("state", state)
            .issuer(issuer)
    }

    /// The same, for a request that has already been validated.
    pub(crate) fn reject(request: &AuthorizationRequest, error: OAuthError, issuer: &str) -> Self {
        Self::authorization_error(&request.redirect_uri, request.state.as_deref(), error, issuer)
    }

    /// RFC 9207: every authorization response names its issuer, so a client
    /// talking to several providers can detect a mix-up attack.
    fn issuer(self, issuer: &str) -> Self {
        self.param("iss", issuer)
    }
}

impl IntoResponse for ClientRedirect {
    fn into_response(self) -> Response {
        // Registered URIs are checked to be URLs when the IdP starts, so this page (in the
        // fallback language: a redirect knows no request) is never seen.
        let Ok(mut url) = Url::parse(&self.registered_uri) else {
            let error = PageError::new(Problem::Internal, Language::default());
            return error.with_detail("A registered redirect URI is not a URL.").into_response();
        };
        // Skipped when empty so that no stray `?` is added to the registered URI.
        if !self.params.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.params);
        }
        Redirect::to(url.as_str()).into_response()
    }
}
