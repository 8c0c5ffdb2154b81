//! Who is on the site's team: the people listed in `TEAM_EMAILS`. Below the features that
//! show the team what others may not see (the error log, the troubleshooting page's details),
//! so that each reads it and none depends on another.

use crate::auth::request::AuthRequest;
use crate::errors::AppError;
use sign_in::User;
use std::sync::Arc;

/// The people listed in `TEAM_EMAILS`.
#[derive(Clone, Debug, Default)]
pub struct TeamMembers {
    /// Compared without regard to case.
    emails: Vec<String>,
}

impl TeamMembers {
    pub fn new(emails: impl IntoIterator<Item = String>) -> Self {
        Self { emails: emails.into_iter().collect() }
    }

    /// Team members are recognised by an email the IdP says it verified. `User` holds the
    /// email and `email_verified` from one source (see `sign_in::flow`); a missing claim is not
    /// a verified one.
    pub fn admits(&self, user: &User) -> bool {
        let Some(email) = user.email.as_deref().filter(|_| user.email_verified == Some(true)) else {
            return false;
        };
        self.emails.iter().any(|member| member.eq_ignore_ascii_case(email))
    }
}

/// What this request's visitor is to the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Membership {
    SignedOut,
    /// Signed in, but not on the team.
    Outsider,
    Member,
}

impl Membership {
    /// Reads the visitor's session, and the team the server provides.
    pub async fn of(request: &AuthRequest) -> Result<Self, AppError> {
        let signed_in = request.session.signed_in().await.map_err(|e| AppError::database_unavailable(&e))?;
        let Some(current) = signed_in else {
            return Ok(Self::SignedOut);
        };
        let members = crate::state::from_context::<Arc<TeamMembers>>()?;
        Ok(if members.admits(&current.signed_in.user) { Self::Member } else { Self::Outsider })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(email: &str, email_verified: Option<bool>) -> User {
        User {
            subject: "s".into(),
            issuer: "https://idp.example".into(),
            name: None,
            email: Some(email.into()),
            email_verified,
            signed_in_at: 0,
        }
    }

    #[test]
    fn only_verified_listed_emails_are_admitted_whatever_their_case() {
        let team = TeamMembers::new(["Grace@Example.com".to_owned()]);
        assert!(team.admits(&user("grace@example.COM", Some(true))));
        assert!(!team.admits(&user("grace@example.com", None)), "a missing claim is not verified");
        assert!(!team.admits(&user("grace@example.com", Some(false))));
        assert!(!team.admits(&user("ada@example.com", Some(true))));
    }
}
