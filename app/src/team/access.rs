//! Who may read the error log.

use sign_in::User;

/// The people listed in `TEAM_EMAILS`.
#[derive(Clone, Debug, Default)]
pub struct Team {
    /// Compared without regard to case.
    emails: Vec<String>,
}

impl Team {
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
        let team = Team::new(["Grace@Example.com".to_owned()]);
        assert!(team.admits(&user("grace@example.COM", Some(true))));
        assert!(!team.admits(&user("grace@example.com", None)), "a missing claim is not verified");
        assert!(!team.admits(&user("grace@example.com", Some(false))));
        assert!(!team.admits(&user("ada@example.com", Some(true))));
    }
}
