//! Failures a tester can pick on the sign-in page, so relying parties can
//! prove they handle every way a real provider can misbehave.

use crate::oauth_error::ErrorCode;

/// Values and labels of the sign-in page's `simulate` select. The values are
/// a stable contract with the app's end-to-end tests.
pub const SIMULATIONS: &[(&str, &str)] = &[
    ("authorize:invalid_request", "Authorization fails: invalid_request"),
    ("authorize:unauthorized_client", "Authorization fails: unauthorized_client"),
    ("authorize:access_denied", "Authorization fails: access_denied"),
    ("authorize:invalid_scope", "Authorization fails: invalid_scope"),
    ("authorize:server_error", "Authorization fails: server_error"),
    ("authorize:temporarily_unavailable", "Authorization fails: temporarily_unavailable"),
    ("authorize:login_required", "Authorization fails: login_required"),
    ("authorize:consent_required", "Authorization fails: consent_required"),
    ("authorize:interaction_required", "Authorization fails: interaction_required"),
    ("authorize:wrong_iss", "Authorization response names another issuer (iss)"),
    ("token:invalid_grant", "Token exchange fails: invalid_grant"),
    ("token:invalid_client", "Token exchange fails: invalid_client"),
    ("token:server_error", "Token endpoint answers HTTP 500 without JSON"),
    ("token:slow", "Token endpoint answers slowly"),
    ("id_token:wrong_nonce", "ID token carries the wrong nonce"),
    ("id_token:wrong_audience", "ID token is issued to another client"),
    ("id_token:expired", "ID token expired an hour ago"),
    ("id_token:bad_signature", "ID token signed by the wrong key"),
    ("id_token:hs256", "ID token signed with HS256 using the client secret"),
    ("id_token:extra_audience", "ID token has a second audience and azp names another client"),
    ("userinfo:wrong_sub", "UserInfo returns a different subject"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Simulation {
    /// Redirect back from the sign-in page with this error instead of a code.
    AuthorizeError(ErrorCode),
    /// Redirect back from the sign-in page with a valid code, but with
    /// [`WRONG_ISSUER`] as the response's `iss` (RFC 9207).
    AuthorizeWrongIss,
    TokenInvalidGrant,
    TokenInvalidClient,
    TokenServerError,
    TokenSlow,
    IdTokenWrongNonce,
    IdTokenWrongAudience,
    IdTokenExpired,
    IdTokenBadSignature,
    IdTokenHs256,
    IdTokenExtraAudience,
    UserinfoWrongSub,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown simulation {0:?}")]
pub(crate) struct UnknownSimulation(String);

impl Simulation {
    /// Parses a `simulate` form value; the empty value means a normal sign-in.
    pub(crate) fn parse(value: &str) -> Result<Option<Self>, UnknownSimulation> {
        let unknown = || UnknownSimulation(value.to_owned());
        if value.is_empty() {
            return Ok(None);
        }
        if !SIMULATIONS.iter().any(|(known, _)| *known == value) {
            return Err(unknown());
        }
        if value == "authorize:wrong_iss" {
            return Ok(Some(Self::AuthorizeWrongIss));
        }
        if let Some(code) = value.strip_prefix("authorize:") {
            let code = code.parse::<ErrorCode>().map_err(|_| unknown())?;
            return Ok(Some(Self::AuthorizeError(code)));
        }
        let simulation = match value {
            "token:invalid_grant" => Self::TokenInvalidGrant,
            "token:invalid_client" => Self::TokenInvalidClient,
            "token:server_error" => Self::TokenServerError,
            "token:slow" => Self::TokenSlow,
            "id_token:wrong_nonce" => Self::IdTokenWrongNonce,
            "id_token:wrong_audience" => Self::IdTokenWrongAudience,
            "id_token:expired" => Self::IdTokenExpired,
            "id_token:bad_signature" => Self::IdTokenBadSignature,
            "id_token:hs256" => Self::IdTokenHs256,
            "id_token:extra_audience" => Self::IdTokenExtraAudience,
            "userinfo:wrong_sub" => Self::UserinfoWrongSub,
            _ => return Err(unknown()),
        };
        Ok(Some(simulation))
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
    use super::*;

    #[test]
    fn every_listed_simulation_is_understood() {
        for (value, _) in SIMULATIONS {
            assert!(matches!(Simulation::parse(value), Ok(Some(_))), "{value} does not parse");
        }
    }

    #[test]
    fn empty_means_normal_and_unlisted_values_are_rejected() {
        assert!(matches!(Simulation::parse(""), Ok(None)));
        assert!(Simulation::parse("authorize:invalid_grant").is_err());
        assert!(Simulation::parse("token:nonsense").is_err());
    }
}
