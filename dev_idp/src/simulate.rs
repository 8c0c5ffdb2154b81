//! Failures a tester can pick on the sign-in page, so relying parties can
//! prove they handle every way a real provider can misbehave.
//!
//! A simulation's form value is `<stage>:<failure>`, both names derived from the enums
//! below (`id_token:wrong_nonce`). The values are a stable contract with the app's
//! end-to-end tests. Their labels are in each language's texts (`texts/`).

use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use crate::oauth_error::ErrorCode;

/// The form value of every simulation the sign-in page offers, in the order it lists them.
pub fn simulations() -> impl Iterator<Item = String> {
    Simulation::all().map(Simulation::value)
}

/// A simulation, named by the step of the flow that misbehaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum Simulation {
    /// The sign-in page redirects straight back, without the consent page.
    Authorize(AuthorizeFailure),
    /// The consent page misbehaves; the sign-in itself goes on.
    Consent(ConsentFailure),
    Token(TokenFailure),
    IdToken(IdTokenFailure),
    Userinfo(UserinfoFailure),
    /// Applies to every refresh of the tokens this sign-in gets.
    Refresh(RefreshFailure),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum AuthorizeFailure {
    // These redirect back with the error of their name instead of a code.
    InvalidRequest,
    UnauthorizedClient,
    AccessDenied,
    InvalidScope,
    ServerError,
    TemporarilyUnavailable,
    LoginRequired,
    ConsentRequired,
    InteractionRequired,
    /// Redirects back with a valid code, but with [`WRONG_ISSUER`] as the
    /// response's `iss` (RFC 9207).
    WrongIss,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum ConsentFailure {
    /// As IdPs whose pages set COOP do: a popup that shows the consent page is cut off from
    /// the window that opened it, and must finish the sign-in on its own.
    CoopSameOrigin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum TokenFailure {
    InvalidGrant,
    InvalidClient,
    ServerError,
    Slow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum IdTokenFailure {
    WrongNonce,
    WrongAudience,
    Expired,
    BadSignature,
    Hs256,
    ExtraAudience,
    /// A valid token whose header names no key, as an IdP with one key at a time may send:
    /// after a rotation, only its signature tells a relying party its keys are stale.
    NoKid,
    /// A valid token whose `auth_time` is an hour old: a relying party that sent `max_age`
    /// for a fresh sign-in must refuse it.
    StaleAuthTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum UserinfoFailure {
    WrongSub,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum RefreshFailure {
    /// The refresh token is refused, as after a revocation or an expiry.
    InvalidGrant,
    /// The refresh answers after `slow_token_delay`.
    Slow,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown simulation {0:?}")]
pub(crate) struct UnknownSimulation(String);

impl Simulation {
    /// Every simulation, in declaration order.
    pub(crate) fn all() -> impl Iterator<Item = Self> {
        let authorize = AuthorizeFailure::iter().map(Self::Authorize);
        let consent = ConsentFailure::iter().map(Self::Consent);
        let token = TokenFailure::iter().map(Self::Token);
        let id_token = IdTokenFailure::iter().map(Self::IdToken);
        let userinfo = UserinfoFailure::iter().map(Self::Userinfo);
        let refresh = RefreshFailure::iter().map(Self::Refresh);
        authorize.chain(consent).chain(token).chain(id_token).chain(userinfo).chain(refresh)
    }

    /// Parses a `simulate` form value; the empty value means a normal sign-in.
    pub(crate) fn parse(value: &str) -> Result<Option<Self>, UnknownSimulation> {
        if value.is_empty() {
            return Ok(None);
        }
        let simulation = Self::all().find(|simulation| simulation.value() == value);
        simulation.map(Some).ok_or_else(|| UnknownSimulation(value.to_owned()))
    }

    /// The error the authorization response carries instead of a code, if any.
    pub(crate) fn authorize_error(self) -> Option<ErrorCode> {
        match self {
            // Named after the error, so the name finds it.
            Self::Authorize(failure) => <&str>::from(failure).parse().ok(),
            _ => None,
        }
    }

    /// The `simulate` form value.
    pub(crate) fn value(self) -> String {
        let stage: &'static str = self.into();
        format!("{stage}:{}", self.failure())
    }

    /// The failure's own name: for the authorize step's errors, the error's.
    pub(crate) fn failure(self) -> &'static str {
        match self {
            Self::Authorize(failure) => failure.into(),
            Self::Consent(failure) => failure.into(),
            Self::Token(failure) => failure.into(),
            Self::IdToken(failure) => failure.into(),
            Self::Userinfo(failure) => failure.into(),
            Self::Refresh(failure) => failure.into(),
        }
    }
}

/// The issuer the `authorize:wrong_iss` simulation names instead of this IdP.
pub(crate) const WRONG_ISSUER: &str = "https://attacker.example";

/// The audience the ID-token simulations hand the token to besides (or
/// instead of) the real client.
pub(crate) const OTHER_CLIENT: &str = "some-other-client";

/// Simulated error descriptions carry markup on purpose: relying parties must
/// show them as text (or not at all), never render them as HTML.
pub(crate) fn hostile_description(code: ErrorCode) -> String {
    format!(r#"<b id="idp-markup">Simulated</b> <script>window.__pwned=1</script> {code} from the dev IdP"#)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::Language;

    #[test]
    fn every_simulation_parses_back_from_its_value() {
        for simulation in Simulation::all() {
            assert_eq!(Simulation::parse(&simulation.value()).ok(), Some(Some(simulation)));
        }
        let values: HashSet<String> = Simulation::all().map(Simulation::value).collect();
        assert_eq!(values.len(), Simulation::all().count(), "values are unique");
    }

    #[test]
    fn values_are_the_stage_and_the_failure_in_snake_case() {
        let values: Vec<String> = Simulation::all().map(Simulation::value).collect();
        for expected in [
            "authorize:invalid_request",
            "authorize:wrong_iss",
            "consent:coop_same_origin",
            "token:slow",
            "id_token:hs256",
            "id_token:no_kid",
            "refresh:invalid_grant",
            "refresh:slow",
        ] {
            assert!(values.iter().any(|value| value == expected), "{expected} in {values:?}");
        }
        assert_eq!(values.first().map(String::as_str), Some("authorize:invalid_request"));
        assert_eq!(values.last().map(String::as_str), Some("refresh:slow"));
    }

    #[test]
    fn every_authorize_failure_but_wrong_iss_is_an_error_of_its_name() {
        for failure in AuthorizeFailure::iter() {
            let error = Simulation::Authorize(failure).authorize_error();
            assert_eq!(error.is_none(), failure == AuthorizeFailure::WrongIss, "{failure:?}");
        }
        let error = Simulation::Authorize(AuthorizeFailure::TemporarilyUnavailable).authorize_error();
        assert_eq!(error, Some(ErrorCode::TemporarilyUnavailable));
        assert_eq!(Simulation::Token(TokenFailure::InvalidGrant).authorize_error(), None);
    }

    #[test]
    fn every_simulation_has_a_label_of_its_own_in_every_language() {
        for language in Language::all() {
            let labels: HashSet<String> = Simulation::all().map(language.texts().simulation).collect();
            assert_eq!(labels.len(), Simulation::all().count(), "{language:?}");
        }
    }

    #[test]
    fn empty_means_normal_and_unlisted_values_are_rejected() {
        assert!(matches!(Simulation::parse(""), Ok(None)));
        assert!(Simulation::parse("authorize:invalid_grant").is_err());
        assert!(Simulation::parse("token:nonsense").is_err());
    }
}
