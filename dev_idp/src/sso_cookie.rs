//! The `dev_idp_sso` cookie that keeps a browser signed in to the IdP.

use axum::http::header::COOKIE;
use axum::http::HeaderMap;

const NAME: &str = "dev_idp_sso";

// Not `Secure`: the dev IdP is served over plain http. `Lax` still sends it
// on the top-level navigations that an authorization request is.
const ATTRIBUTES: &str = "HttpOnly; SameSite=Lax; Path=/";

/// The SSO session id from the request's cookies, if any.
pub(crate) fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(name, value)| (name == NAME).then_some(value))
}

/// A `Set-Cookie` value that starts an SSO session.
pub(crate) fn set(session_id: &str) -> String {
    format!("{NAME}={session_id}; {ATTRIBUTES}")
}

/// A `Set-Cookie` value that makes the browser forget the SSO session.
pub(crate) fn clear() -> String {
    format!("{NAME}=; {ATTRIBUTES}; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_the_session_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(COOKIE, HeaderValue::from_static("a=1; dev_idp_sso=abc; b=2"));
        assert_eq!(session_id(&headers), Some("abc"));
        assert_eq!(session_id(&HeaderMap::new()), None);
    }
}
