//! A failed step of sign-in or sign-out, as the flow carries it to the error page and the
//! team's log.

use super::{ErrorCode, Stage};
use crate::Landing;

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
    /// Where the failed sign-in was to end, as the app chose when it started.
    pub landing: Landing,
}

impl Failure {
    pub fn new(code: ErrorCode, stage: Stage, cause: impl Into<String>) -> Self {
        Self {
            code,
            stage,
            idp_description: None,
            cause: cause.into(),
            return_to: None,
            landing: Landing::this_window(),
        }
    }

    pub fn with_description(mut self, description: Option<String>) -> Self {
        self.idp_description = description;
        self
    }

    /// The sign-in this failure ended was going to `return_to`, and was to end in `landing`.
    pub fn of_sign_in(mut self, return_to: &str, landing: &Landing) -> Self {
        self.return_to = Some(return_to.to_owned());
        self.landing = landing.clone();
        self
    }
}

/// What we know about the request that failed.
#[derive(Debug, Default)]
pub struct RequestInfo {
    pub path: String,
    pub user_agent: Option<String>,
    pub had_session: bool,
}
