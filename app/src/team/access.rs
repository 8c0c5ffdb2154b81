//! Who may read the error log.

use crate::auth::User;

/// The people listed in `TEAM_EMAILS`.
#[derive(Clone, Debug, Default)]
pub struct Team {
    /// Lower-case.
    emails: Vec<String>,
}

impl Team {
    pub fn new(emails: impl IntoIterator<Item = String>) -> Self {
        Self { emails: emails.into_iter().map(|email| email.to_lowercase()).collect() }
    }

    /// Team members are recognised by an email the IdP has not marked unverified.
    pub fn admits(&self, user: &User) -> bool {
        let Some(email) = user.email.as_deref().filter(|_| user.email_verified != Some(false)) else {
            return false;
        };
        self.emails.iter().any(|member| member.eq_ignore_ascii_case(email))
    }
}
