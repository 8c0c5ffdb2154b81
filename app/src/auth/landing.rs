//! Where a sign-in ends. A plain sign-in ends in the window that started it: on its
//! `return_to`, or on the error page. A feature may offer another ending (the popup's ends on
//! a page that reports to the window that opened it): it implements [`LandingPages`], the
//! server lists it in the [`Landings`] it provides, and the sign-in core carries the
//! [`Landing`] it names from start to finish without reading it.

use sign_in::errors::ErrorCode;
use sign_in::{paths, Landing};

/// Another place a sign-in can end, offered by a feature.
pub trait LandingPages: Sync {
    /// Its name: the `mode` field of `/auth/login` that asks for it, kept as the [`Landing`].
    fn mode(&self) -> &'static str;
    /// Where a sign-in that succeeded goes, given where it was going.
    fn signed_in(&self, return_to: &str) -> String;
    /// Where a sign-in that failed goes, given the failure's code and reference.
    fn failed(&self, code: ErrorCode, reference: &str) -> String;
}

/// The features' endings, as the server lists them.
#[derive(Clone, Copy)]
pub struct Landings(pub &'static [&'static dyn LandingPages]);

impl Landings {
    /// The landing `/auth/login`'s `mode` field asks for; anything unknown is this window.
    pub fn for_mode(&self, mode: Option<&str>) -> Landing {
        match mode.and_then(|mode| self.pages_named(mode)) {
            Some(pages) => Landing::named(pages.mode()),
            None => Landing::this_window(),
        }
    }

    /// Where a sign-in that succeeded sends the browser.
    pub fn after_sign_in(&self, landing: &Landing, return_to: &str) -> String {
        match self.pages_named(landing.name()) {
            Some(pages) => pages.signed_in(return_to),
            None => return_to.to_owned(),
        }
    }

    /// Where a sign-in that failed sends the browser.
    pub fn after_failure(&self, landing: &Landing, code: ErrorCode, reference: &str) -> String {
        match self.pages_named(landing.name()) {
            Some(pages) => pages.failed(code, reference),
            None => paths::auth_error(code.as_str(), reference),
        }
    }

    fn pages_named(&self, name: &str) -> Option<&'static dyn LandingPages> {
        self.0.iter().copied().find(|pages| pages.mode() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_mode_ends_in_this_window() {
        let landings = Landings(&[]);
        for mode in [None, Some(""), Some("elsewhere")] {
            let landing = landings.for_mode(mode);
            assert_eq!(landing, Landing::this_window(), "{mode:?}");
            assert_eq!(landings.after_sign_in(&landing, "/profile"), "/profile");
            assert_eq!(
                landings.after_failure(&landing, ErrorCode::AccessDenied, "ABCD-2345"),
                "/auth/error?code=access_denied&ref=ABCD-2345"
            );
        }
    }
}
