//! Where a sign-in ends. A plain sign-in ends in the window that started it: on its
//! `return_to`, or on the error page. A feature may offer another ending (the popup's ends on
//! a page that reports to the window that opened it): it implements [`LandingPages`], the
//! server lists it in the [`Landings`] it provides, and the sign-in core carries the
//! [`Landing`] it names from start to finish without reading it.
//!
//! The browser may name the attempt too (`/auth/login`'s `attempt` field), so that the ending
//! can tell which click it answers; the landing keeps it as `<mode>:<attempt>`.

use sign_in::errors::ErrorCode;
use sign_in::{paths, Landing};

/// Another place a sign-in can end, offered by a feature.
pub trait LandingPages: Sync {
    /// Its name: the `mode` field of `/auth/login` that asks for it, kept as the [`Landing`].
    fn mode(&self) -> &'static str;
    /// Where a sign-in that succeeded goes, given where it was going and the browser's name
    /// for the attempt, if it gave one.
    fn signed_in(&self, return_to: &str, attempt: Option<&str>) -> String;
    /// Where a sign-in that failed goes, given the failure's code and reference and the
    /// browser's name for the attempt.
    fn failed(&self, code: ErrorCode, reference: &str, attempt: Option<&str>) -> String;
}

/// Between the mode and the attempt in a [`Landing`]'s name.
const ATTEMPT_SEPARATOR: char = ':';
/// The longest attempt name kept; the browser's are 32 characters.
const MAX_ATTEMPT_LEN: usize = 64;

/// An attempt name as the browser makes them: URL-safe characters, not too many. Anything
/// else is dropped, so it goes into an address as it is.
fn is_attempt(attempt: &str) -> bool {
    (1..=MAX_ATTEMPT_LEN).contains(&attempt.len())
        && attempt.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// The features' endings, as the server lists them.
#[derive(Clone, Copy)]
pub struct Landings(pub &'static [&'static dyn LandingPages]);

impl Landings {
    /// The landing `/auth/login`'s `mode` field asks for, with the browser's name for the
    /// attempt when it is well formed; an unknown mode is this window.
    pub fn for_mode(&self, mode: Option<&str>, attempt: Option<&str>) -> Landing {
        match (mode.and_then(|mode| self.pages_named(mode)), attempt.filter(|attempt| is_attempt(attempt))) {
            (Some(pages), Some(attempt)) => {
                Landing::named(&format!("{}{ATTEMPT_SEPARATOR}{attempt}", pages.mode()))
            }
            (Some(pages), None) => Landing::named(pages.mode()),
            (None, _) => Landing::this_window(),
        }
    }

    /// Where a sign-in that succeeded sends the browser.
    pub fn after_sign_in(&self, landing: &Landing, return_to: &str) -> String {
        match self.read(landing) {
            Some((pages, attempt)) => pages.signed_in(return_to, attempt),
            None => return_to.to_owned(),
        }
    }

    /// Where a sign-in that failed sends the browser.
    pub fn after_failure(&self, landing: &Landing, code: ErrorCode, reference: &str) -> String {
        match self.read(landing) {
            Some((pages, attempt)) => pages.failed(code, reference, attempt),
            None => paths::auth_error(code.as_str(), reference),
        }
    }

    /// The feature a landing names, and the attempt it keeps.
    fn read<'a>(&self, landing: &'a Landing) -> Option<(&'static dyn LandingPages, Option<&'a str>)> {
        let (mode, attempt) = match landing.name().split_once(ATTEMPT_SEPARATOR) {
            Some((mode, attempt)) => (mode, Some(attempt)),
            None => (landing.name(), None),
        };
        Some((self.pages_named(mode)?, attempt))
    }

    fn pages_named(&self, name: &str) -> Option<&'static dyn LandingPages> {
        self.0.iter().copied().find(|pages| pages.mode() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A feature's ending that shows what it was given.
    struct Echo;

    impl LandingPages for Echo {
        fn mode(&self) -> &'static str {
            "echo"
        }
        fn signed_in(&self, return_to: &str, attempt: Option<&str>) -> String {
            format!("signed in, to {return_to}, attempt {attempt:?}")
        }
        fn failed(&self, code: ErrorCode, reference: &str, attempt: Option<&str>) -> String {
            format!("{code:?} {reference}, attempt {attempt:?}")
        }
    }

    #[test]
    fn a_features_ending_gets_back_a_well_formed_attempt() {
        let landings = Landings(&[&Echo]);
        let landing = landings.for_mode(Some("echo"), Some("Ab-9_x"));
        assert_eq!(landings.after_sign_in(&landing, "/"), r#"signed in, to /, attempt Some("Ab-9_x")"#);
        assert_eq!(
            landings.after_failure(&landing, ErrorCode::AccessDenied, "ABCD-2345"),
            r#"AccessDenied ABCD-2345, attempt Some("Ab-9_x")"#
        );
        let too_long = "a".repeat(MAX_ATTEMPT_LEN + 1);
        for malformed in [None, Some(""), Some("a:b"), Some("a b"), Some("&x=1"), Some(too_long.as_str())] {
            let landing = landings.for_mode(Some("echo"), malformed);
            assert_eq!(
                landings.after_sign_in(&landing, "/"),
                "signed in, to /, attempt None",
                "{malformed:?}"
            );
        }
    }

    #[test]
    fn an_unknown_mode_ends_in_this_window() {
        let landings = Landings(&[]);
        for mode in [None, Some(""), Some("elsewhere")] {
            let landing = landings.for_mode(mode, Some("attempt"));
            assert_eq!(landing, Landing::this_window(), "{mode:?}");
            assert_eq!(landings.after_sign_in(&landing, "/profile"), "/profile");
            assert_eq!(
                landings.after_failure(&landing, ErrorCode::AccessDenied, "ABCD-2345"),
                "/auth/error?code=access_denied&ref=ABCD-2345"
            );
        }
    }
}
