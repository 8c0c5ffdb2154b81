//! Which scopes a relying party may request, and the user claims they release.

use openidconnect::core::CoreGenderClaim;
use openidconnect::{EndUserEmail, EndUserName, StandardClaims, SubjectIdentifier};

use crate::users::TestUser;

/// A validated `scope` parameter; `openid` is always part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scopes {
    profile: bool,
    email: bool,
    /// A refresh token comes with the access token.
    pub(crate) offline_access: bool,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ScopeError {
    #[error("the scope must include openid")]
    MissingOpenid,
    #[error("unsupported scope {0:?}; supported scopes are openid, profile, email and offline_access")]
    Unsupported(String),
}

impl Scopes {
    pub(crate) fn parse(scope: &str) -> Result<Self, ScopeError> {
        let mut openid = false;
        let mut scopes = Self { profile: false, email: false, offline_access: false };
        for requested in scope.split(' ').filter(|s| !s.is_empty()) {
            match requested {
                "openid" => openid = true,
                "profile" => scopes.profile = true,
                "email" => scopes.email = true,
                "offline_access" => scopes.offline_access = true,
                other => return Err(ScopeError::Unsupported(other.to_owned())),
            }
        }
        if openid {
            Ok(scopes)
        } else {
            Err(ScopeError::MissingOpenid)
        }
    }

    /// The granted scopes in canonical order, for the token response.
    pub(crate) fn to_scope_string(self) -> String {
        let mut granted = vec!["openid"];
        granted.extend(self.profile.then_some("profile"));
        granted.extend(self.email.then_some("email"));
        granted.extend(self.offline_access.then_some("offline_access"));
        granted.join(" ")
    }
}

/// The claims about `user` that `scopes` release, as used in both the ID
/// token and the UserInfo response.
pub(crate) fn user_claims(user: &TestUser, scopes: Scopes) -> StandardClaims<CoreGenderClaim> {
    let name =
        user.name.as_ref().filter(|_| scopes.profile).map(|name| EndUserName::new(name.to_string()).into());
    let claims = StandardClaims::new(SubjectIdentifier::new(user.sub.to_string())).set_name(name);
    if scopes.email {
        claims.set_email(Some(EndUserEmail::new(user.email.to_string()))).set_email_verified(Some(true))
    } else {
        claims
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openid_is_required_and_unknown_scopes_are_refused() {
        assert!(matches!(Scopes::parse("profile email"), Err(ScopeError::MissingOpenid)));
        assert!(matches!(Scopes::parse("openid phone"), Err(ScopeError::Unsupported(s)) if s == "phone"));
        let scopes = Scopes::parse("email  openid").expect("valid scope");
        assert_eq!(scopes.to_scope_string(), "openid email");
    }
}
