//! What the browser may know about the person visiting: display claims, never tokens.

use serde::{Deserialize, Serialize};

/// The signed-in person as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub subject: String,
    pub issuer: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    /// Unix seconds.
    pub signed_in_at: i64,
}

impl User {
    /// The friendliest name we have: the name, else the email, else the subject.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().or(self.email.as_deref()).unwrap_or(&self.subject)
    }
}

/// The visitor's session as pages show it: who is signed in, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub user: User,
    /// Unix seconds; moves forward while the user is active.
    pub expires_at: i64,
}

/// Who is visiting, as pages see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visitor {
    SignedIn(SessionView),
    SignedOut,
    /// Signed out just now because the session reached its absolute lifetime.
    SessionEnded,
}

/// How a sign-out ended, as `/signed-out` explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignOutOutcome {
    /// Only this site's session was ended.
    ThisSite,
    /// The IdP confirmed it ended its session too.
    Everywhere,
    /// The IdP sent the user back, but not with the state we sent it.
    EverywhereUnconfirmed,
    /// The IdP offers no end-session endpoint: only this site's session was ended.
    IdpUnsupported,
}
