//! The paths the sign-in core owns, named once. The app's routes, its redirects and the URIs
//! registered at the IdP all read them from here. (`/auth/login` and `/auth/logout` are the
//! app's server functions' own URLs.)

/// Where sign-in lands when no (valid) `return_to` was given.
pub const PROFILE: &str = "/profile";
/// Where protected pages send signed-out visitors (`?return_to=` brings them back).
pub const SIGN_IN: &str = "/sign-in";
/// Where every sign-out lands; also the `post_logout_redirect_uri` registered at the IdP.
pub const SIGNED_OUT: &str = "/signed-out";

/// Everything under this prefix is part of signing in or out (see [`is_auth_path`]).
pub const AUTH_PREFIX: &str = "/auth";
/// The IdP's redirect back to us; the `redirect_uri` registered at the IdP.
pub const AUTH_CALLBACK: &str = "/auth/callback";
/// Where the IdP's server posts logout tokens (OpenID Connect Back-Channel Logout 1.0); the
/// `backchannel_logout_uri` registered at the IdP.
pub const AUTH_BACKCHANNEL_LOGOUT: &str = "/auth/backchannel-logout";
/// The friendly page for every failure: `?code=…&ref=…`.
pub const AUTH_ERROR: &str = "/auth/error";

/// `/sign-in`'s query parameter that says why someone is asked to sign in, and its value for a
/// session that reached its absolute lifetime.
pub const SIGN_IN_REASON: &str = "reason";
pub const SESSION_ENDED: &str = "session_ended";
/// The same parameter's value for a session whose tokens the IdP would no longer refresh.
pub const REFRESH_REFUSED: &str = "refresh_refused";

/// True for `/auth` and every path below it (not for `/authors`).
pub fn is_auth_path(path: &str) -> bool {
    path.strip_prefix(AUTH_PREFIX).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `/sign-in?return_to=…`, with `return_to` encoded.
pub fn sign_in_returning_to(return_to: &str) -> String {
    format!("{SIGN_IN}?return_to={}", encode_query_value(return_to))
}

/// The same, for someone whose session just reached its absolute lifetime: the page says so.
pub fn sign_in_after_session_end(return_to: &str) -> String {
    format!("{}&{SIGN_IN_REASON}={SESSION_ENDED}", sign_in_returning_to(return_to))
}

/// The same, for someone signed out because the IdP refused to refresh their tokens.
pub fn sign_in_after_refresh_refused(return_to: &str) -> String {
    format!("{}&{SIGN_IN_REASON}={REFRESH_REFUSED}", sign_in_returning_to(return_to))
}

/// `/auth/error?code=…&ref=…`.
pub fn auth_error(code: &str, reference: &str) -> String {
    format!("{AUTH_ERROR}?code={}&ref={}", encode_query_value(code), encode_query_value(reference))
}

/// Percent-encodes everything but unreserved characters (RFC 3986), as a query value needs.
/// (leptos_router's `Url::escape` encodes differently on the server and in the browser, and
/// these paths go into redirects that both render.)
pub fn encode_query_value(value: &str) -> String {
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
        assert_eq!(sign_in_returning_to("/a/b"), "/sign-in?return_to=%2Fa%2Fb");
        assert_eq!(sign_in_returning_to("/a?b=c&d"), "/sign-in?return_to=%2Fa%3Fb%3Dc%26d");
        assert_eq!(auth_error("access_denied", "ABCD-2345"), "/auth/error?code=access_denied&ref=ABCD-2345");
        assert_eq!(sign_in_after_session_end(PROFILE), "/sign-in?return_to=%2Fprofile&reason=session_ended");
        assert_eq!(encode_query_value("/a b"), "%2Fa%20b");
    }

    #[test]
    fn the_callback_and_error_pages_sit_under_the_auth_prefix() {
        for path in [AUTH_CALLBACK, AUTH_BACKCHANNEL_LOGOUT, AUTH_ERROR] {
            assert!(path.starts_with(AUTH_PREFIX), "{path}");
        }
    }

    #[test]
    fn auth_paths_are_the_prefix_and_below() {
        assert!(is_auth_path("/auth/callback"));
        assert!(is_auth_path("/auth"));
        assert!(!is_auth_path("/authors"));
        assert!(!is_auth_path("/profile"));
    }
}
