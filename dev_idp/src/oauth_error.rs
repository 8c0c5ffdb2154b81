//! OAuth 2.0 / OpenID Connect error codes shared by the authorization
//! redirect and the token endpoint.

use std::fmt;

use strum::{EnumIter, EnumString, IntoStaticStr};

/// A code as the protocol names it: the string form is the variant's name in snake case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum ErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    UnsupportedResponseType,
    InvalidScope,
    AccessDenied,
    ServerError,
    TemporarilyUnavailable,
    LoginRequired,
    ConsentRequired,
    InteractionRequired,
}

impl ErrorCode {
    pub(crate) fn as_str(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error as the protocol reports it: a code plus a human-readable description.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {description}")]
pub(crate) struct OAuthError {
    pub(crate) code: ErrorCode,
    pub(crate) description: String,
}

impl OAuthError {
    pub(crate) fn new(code: ErrorCode, description: impl Into<String>) -> Self {
        Self { code, description: description.into() }
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_code_parses_back_from_its_wire_name() {
        for code in ErrorCode::iter() {
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
        }
        assert_eq!(ErrorCode::UnsupportedResponseType.as_str(), "unsupported_response_type");
        assert!("Invalid_Request".parse::<ErrorCode>().is_err());
    }
}
