//! A failed step of sign-in or sign-out, as the flow carries it to the error page and the
//! team's log.

use super::{ErrorCode, Stage};
use crate::paths;

#[derive(Debug)]
pub struct Failure {
    pub code: ErrorCode,
    pub stage: Stage,
    /// The IdP's `error_description`: untrusted, for the team only.
    pub idp_description: Option<String>,
    /// Our own account of what went wrong, for the server log.
    pub cause: String,
    /// Where the user was going, when we know: "Try again" goes there too.
    pub return_to: Option<String>,
    /// The sign-in ran in a popup window, whose page tells the window that opened it.
    pub in_popup: bool,
}

impl Failure {
    pub fn new(code: ErrorCode, stage: Stage, cause: impl Into<String>) -> Self {
        Self { code, stage, idp_description: None, cause: cause.into(), return_to: None, in_popup: false }
    }

    pub fn with_description(mut self, description: Option<String>) -> Self {
        self.idp_description = description;
        self
    }

    pub fn returning_to(mut self, return_to: &str) -> Self {
        self.return_to = Some(return_to.to_owned());
        self
    }

    pub fn in_popup(mut self, in_popup: bool) -> Self {
        self.in_popup = in_popup;
        self
    }

    /// The page the user is sent to: the error page, or in a popup the page that reports the
    /// failure to the window that opened it.
    pub fn error_page(&self, reference: &str) -> String {
        if self.in_popup {
            paths::popup_failed(self.code.as_str(), reference)
        } else {
            paths::auth_error(self.code.as_str(), reference)
        }
    }
}

/// What we know about the request that failed.
#[derive(Debug, Default)]
pub struct RequestInfo {
    pub path: String,
    pub user_agent: Option<String>,
    pub had_session: bool,
}
