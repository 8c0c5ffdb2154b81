//! Popup sign-in, the way Intastellar's SDKs do it, with the same server-side flow as a
//! redirect (state, nonce, PKCE, the confidential token exchange; tokens never reach the
//! browser).
//!
//! 1. [`opener::PopupSignIn`] opens a small named window and posts the ordinary sign-in
//!    form into it with `mode=popup`. Without JavaScript it is a plain redirect sign-in.
//! 2. The flow runs in the popup. The callback, or any failure, ends on [`page::PopupPage`]
//!    rather than on the destination or the error page.
//! 3. There [`reporter::PopupReporter`] tells the opener how it went ([`message`]); the opener
//!    acknowledges, and the popup closes. With no opener, or no answer, the popup goes on to
//!    where a redirect sign-in would have gone, so it is never left blank.
//! 4. The opener re-renders itself from the server ([`rerender`]): no reload, no flash of the
//!    signed-out page.

mod message;
pub mod opener;
pub mod page;
pub mod reporter;
mod rerender;

use crate::auth::return_to::safe_return_to;
use crate::errors::{is_reference, ErrorCode};
use crate::paths;

/// The popup's window name: a second click reuses the open window rather than adding one.
pub const WINDOW_NAME: &str = "intastellar-sign-in";

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
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> (Self, String) {
        match get("code") {
            Some(code) => {
                let code = ErrorCode::parse(&code);
                let reference = get("ref").filter(|reference| is_reference(reference));
                let error_page = paths::auth_error(code.as_str(), reference.as_deref().unwrap_or_default());
                (Self::Failed { code, reference }, error_page)
            }
            None => (Self::SignedIn, safe_return_to(get("return_to").as_deref())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::return_to::DEFAULT_RETURN_TO;
    use std::collections::HashMap;

    fn from(query: &[(&str, &str)]) -> (PopupOutcome, String) {
        let query: HashMap<&str, &str> = query.iter().copied().collect();
        PopupOutcome::from_query(|name| query.get(name).map(|value| value.to_string()))
    }

    #[test]
    fn a_sign_in_continues_to_its_local_return_to() {
        assert_eq!(
            from(&[("return_to", "/profile?tab=1")]),
            (PopupOutcome::SignedIn, "/profile?tab=1".into())
        );
        let (_, offsite) = from(&[("return_to", "//evil.example/")]);
        assert_eq!(offsite, DEFAULT_RETURN_TO);
    }

    #[test]
    fn a_failure_keeps_only_a_known_code_and_a_well_formed_reference() {
        let (outcome, continue_to) = from(&[("code", "access_denied"), ("ref", "AB12-CD34")]);
        let expected =
            PopupOutcome::Failed { code: ErrorCode::AccessDenied, reference: Some("AB12-CD34".into()) };
        assert_eq!(outcome, expected);
        assert_eq!(continue_to, paths::auth_error("access_denied", "AB12-CD34"));

        let (outcome, _) = from(&[("code", "<script>"), ("ref", "not a reference")]);
        assert_eq!(outcome, PopupOutcome::Failed { code: ErrorCode::Unknown, reference: None });
    }
}
