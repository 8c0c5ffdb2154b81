//! Popup sign-in, the way Intastellar's SDKs do it, with the same server-side flow as a
//! redirect (state, nonce, PKCE, the confidential token exchange; tokens never reach the
//! browser).
//!
//! 1. [`opener::PopupSignIn`] names the attempt afresh at each click, opens a small window
//!    under that name and posts the ordinary sign-in form into it with `mode=popup` and the
//!    attempt. Without JavaScript it is a plain redirect sign-in.
//! 2. The flow runs in the popup. The callback, or any failure, ends on [`page::PopupPage`]
//!    (with the attempt) rather than on the destination or the error page.
//! 3. There [`reporter::PopupReporter`] tells the opener how it went ([`message`]); the opener
//!    acknowledges, and the popup closes. A popup cut off from its opener (an IdP page that
//!    sets COOP does that) tells it on the site's `BroadcastChannel` instead, and finishes in
//!    its own window.
//! 4. The opener re-renders itself from the server ([`rerender`]): no reload, no flash of the
//!    signed-out page. A failure it shows in the words of its error page ([`failure`]).
//!
//! The islands render no words: the server renders every message, in the page's language,
//! and the islands show and hide them, so the catalogue never reaches the browser.

mod failure;
mod message;
pub mod opener;
pub mod page;
pub mod reporter;
mod rerender;

use sign_in::errors::{is_reference, ErrorCode};
use sign_in::paths;
use sign_in::return_to::safe_return_to;

/// The start of the popup's window name; the attempt makes the rest, so no other page can
/// guess it and steer the window.
pub const WINDOW_NAME_PREFIX: &str = "intastellar-sign-in-";

/// The field of `/auth/login`, and of `/auth/popup`'s query, that names the attempt: the
/// click this popup answers.
pub const ATTEMPT: &str = "attempt";

/// Where a popup sign-in ends, inside the popup: it tells the page that opened it.
pub const PATH: &str = "/auth/popup";

/// The `mode` field of `/auth/login` for a sign-in in a popup window.
pub const MODE: &str = "popup";

/// How a popup sign-in ends: on [`PATH`], which reports to the window that opened it.
#[cfg(feature = "ssr")]
pub struct PopupLanding;

#[cfg(feature = "ssr")]
impl crate::auth::landing::LandingPages for PopupLanding {
    fn mode(&self) -> &'static str {
        MODE
    }

    /// `/auth/popup?return_to=…&attempt=…`: a popup sign-in that succeeded, and where it was
    /// going.
    fn signed_in(&self, return_to: &str, attempt: Option<&str>) -> String {
        let url = format!("{PATH}?return_to={}", paths::encode_query_value(return_to));
        with_attempt(url, attempt)
    }

    /// `/auth/popup?code=…&ref=…&attempt=…`: a popup sign-in that failed.
    fn failed(&self, code: ErrorCode, reference: &str, attempt: Option<&str>) -> String {
        let (code, reference) =
            (paths::encode_query_value(code.as_str()), paths::encode_query_value(reference));
        with_attempt(format!("{PATH}?code={code}&ref={reference}"), attempt)
    }
}

#[cfg(feature = "ssr")]
fn with_attempt(url: String, attempt: Option<&str>) -> String {
    match attempt {
        Some(attempt) => format!("{url}&{ATTEMPT}={}", paths::encode_query_value(attempt)),
        None => url,
    }
}

/// What the popup reports, for which attempt, and where a redirect sign-in would have landed
/// instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopupReport {
    pub outcome: PopupOutcome,
    /// The **Continue here** link, for a popup that finishes in its own window.
    pub continue_to: String,
    /// The click this sign-in answers: the opener takes no report for another.
    pub attempt: Option<String>,
}

/// How a popup sign-in ended, as the popup reports it to the page that opened it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PopupOutcome {
    SignedIn,
    /// The catalogue code and the reference the failure was logged under.
    Failed {
        code: ErrorCode,
        reference: Option<String>,
    },
}

impl PopupOutcome {
    /// How the sign-in ended, read from `/auth/popup`'s query (`get` looks up a field), and
    /// where a redirect sign-in would have landed. The page reads it on the server and the
    /// reporter island reads the same query in the browser, so the two always agree and
    /// nothing needs serializing. Only a known code, a well-formed reference and a local path
    /// come out, whatever the query says.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> PopupReport {
        let attempt = get(ATTEMPT);
        match get("code") {
            Some(code) => {
                let code = ErrorCode::parse(&code);
                let reference = get("ref").filter(|reference| is_reference(reference));
                let continue_to = paths::auth_error(code.as_str(), reference.as_deref().unwrap_or_default());
                PopupReport { outcome: Self::Failed { code, reference }, continue_to, attempt }
            }
            None => PopupReport {
                outcome: Self::SignedIn,
                continue_to: safe_return_to(get("return_to").as_deref()),
                attempt,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sign_in::return_to::DEFAULT_RETURN_TO;
    use std::collections::HashMap;

    fn from(query: &[(&str, &str)]) -> PopupReport {
        let query: HashMap<&str, &str> = query.iter().copied().collect();
        PopupOutcome::from_query(|name| query.get(name).map(|value| value.to_string()))
    }

    #[test]
    fn a_sign_in_continues_to_its_local_return_to() {
        assert_eq!(
            from(&[("return_to", "/profile?tab=1"), ("attempt", "a1")]),
            PopupReport {
                outcome: PopupOutcome::SignedIn,
                continue_to: "/profile?tab=1".into(),
                attempt: Some("a1".into())
            }
        );
        assert_eq!(from(&[("return_to", "//evil.example/")]).continue_to, DEFAULT_RETURN_TO);
    }

    #[test]
    fn a_failure_keeps_only_a_known_code_and_a_well_formed_reference() {
        let report = from(&[("code", "access_denied"), ("ref", "AB12-CD34")]);
        let expected =
            PopupOutcome::Failed { code: ErrorCode::AccessDenied, reference: Some("AB12-CD34".into()) };
        assert_eq!(report.outcome, expected);
        assert_eq!(report.continue_to, paths::auth_error("access_denied", "AB12-CD34"));

        let report = from(&[("code", "<script>"), ("ref", "not a reference")]);
        assert_eq!(report.outcome, PopupOutcome::Failed { code: ErrorCode::Unknown, reference: None });
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_popup_sign_in_ends_on_the_popup_page() {
        let landings = crate::auth::landing::Landings(&[&PopupLanding]);
        let landing = landings.for_mode(Some(MODE), Some("a1"));
        assert_eq!(landings.after_sign_in(&landing, "/a b"), "/auth/popup?return_to=%2Fa%20b&attempt=a1");
        assert_eq!(
            landings.after_failure(&landing, ErrorCode::AccessDenied, "ABCD-2345"),
            "/auth/popup?code=access_denied&ref=ABCD-2345&attempt=a1"
        );
        let unnamed = landings.for_mode(Some(MODE), None);
        assert_eq!(landings.after_sign_in(&unnamed, "/"), "/auth/popup?return_to=%2F");
        assert!(PATH.starts_with(paths::AUTH_PREFIX), "the popup page is part of signing in");
    }
}
