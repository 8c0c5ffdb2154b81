//! Every path this site owns, named once. Pages, redirects, the server's routes and the
//! URIs registered at the IdP all read them from here, so a path can never drift.
//! (`/auth/login` and `/auth/logout` are the server functions' own URLs: see `auth::api`.)

pub const HOME: &str = "/";
pub const PROFILE: &str = "/profile";
/// Where protected pages send signed-out visitors (`?return_to=` brings them back).
pub const SIGN_IN: &str = "/sign-in";
/// Where every sign-out lands; also the `post_logout_redirect_uri` registered at the IdP.
pub const SIGNED_OUT: &str = "/signed-out";
pub const TROUBLESHOOTING: &str = "/troubleshooting";
pub const TEAM_ERRORS: &str = "/team/errors";

/// Everything under this prefix is part of signing in or out.
pub const AUTH_PREFIX: &str = "/auth";
/// The IdP's redirect back to us; the `redirect_uri` registered at the IdP.
pub const AUTH_CALLBACK: &str = "/auth/callback";
/// The friendly page for every failure: `?code=…&ref=…`.
pub const AUTH_ERROR: &str = "/auth/error";
/// Where a popup sign-in ends, inside the popup: it tells the page that opened it.
pub const POPUP_DONE: &str = "/auth/popup";

pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";

/// `/sign-in?return_to=…`, with `return_to` encoded.
pub fn sign_in_returning_to(return_to: &str) -> String {
    format!("{SIGN_IN}?return_to={}", encode(return_to))
}

/// The same, for someone whose session just reached its absolute lifetime: the page says so.
pub fn sign_in_after_session_end(return_to: &str) -> String {
    format!("{}&{SIGN_IN_REASON}={SESSION_ENDED}", sign_in_returning_to(return_to))
}

/// `/sign-in`'s query parameter that says why someone is asked to sign in, and its value for a
/// session that reached its absolute lifetime.
pub const SIGN_IN_REASON: &str = "reason";
pub const SESSION_ENDED: &str = "session_ended";

/// `/auth/error?code=…&ref=…`.
pub fn auth_error(code: &str, reference: &str) -> String {
    format!("{AUTH_ERROR}?code={}&ref={}", encode(code), encode(reference))
}

/// `/auth/popup?return_to=…`: a popup sign-in that succeeded, and where it was going.
pub fn popup_signed_in(return_to: &str) -> String {
    format!("{POPUP_DONE}?return_to={}", encode(return_to))
}

/// `/auth/popup?code=…&ref=…`: a popup sign-in that failed.
pub fn popup_failed(code: &str, reference: &str) -> String {
    format!("{POPUP_DONE}?code={}&ref={}", encode(code), encode(reference))
}

/// Percent-encodes everything but unreserved characters (RFC 3986), as a query value needs.
/// (leptos_router's `Url::escape` encodes differently on the server and in the browser, and
/// these paths go into redirects that both render.)
fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(sign_in_returning_to(TEAM_ERRORS), "/sign-in?return_to=%2Fteam%2Ferrors");
        assert_eq!(sign_in_returning_to("/a?b=c&d"), "/sign-in?return_to=%2Fa%3Fb%3Dc%26d");
        assert_eq!(auth_error("access_denied", "ABCD-2345"), "/auth/error?code=access_denied&ref=ABCD-2345");
        assert_eq!(sign_in_after_session_end(PROFILE), "/sign-in?return_to=%2Fprofile&reason=session_ended");
        assert_eq!(popup_signed_in("/a b"), "/auth/popup?return_to=%2Fa%20b");
        assert_eq!(
            popup_failed("access_denied", "ABCD-2345"),
            "/auth/popup?code=access_denied&ref=ABCD-2345"
        );
    }

    #[test]
    fn the_callback_error_and_popup_pages_sit_under_the_auth_prefix() {
        for path in [AUTH_CALLBACK, AUTH_ERROR, POPUP_DONE] {
            assert!(path.starts_with(AUTH_PREFIX), "{path}");
        }
    }
}
