//! English, the fallback.

use super::{Problems, Texts};
use crate::simulate::{
    AuthorizeFailure, ConsentFailure, IdTokenFailure, RefreshFailure, Simulation, TokenFailure,
    UserinfoFailure,
};

pub(crate) const TEXTS: Texts = Texts {
    banner: "Development identity provider — not for production",

    sign_in_title: "Sign in",
    sign_in_intro: |client| format!("{client} asks you to sign in with a test user."),
    choose_account_title: "Choose an account",
    choose_account_intro: |client| format!("{client} asks you to choose the test user to continue as."),
    test_user_legend: "Test user",
    signed_in_mark: "(signed in)",
    no_name: "(no name)",
    simulate_label: "Simulate…",
    normal_sign_in: "Normal sign-in",
    simulation: |simulation| {
        use Simulation::*;
        let label = match simulation {
            Authorize(AuthorizeFailure::WrongIss) => "Authorization response names another issuer (iss)",
            // The other authorize failures are named after the error they send.
            Authorize(_) => return format!("Authorization fails: {}", simulation.failure()),
            Consent(ConsentFailure::CoopSameOrigin) => "Consent page sends Cross-Origin-Opener-Policy: same-origin (a popup loses its opener)",
            Token(TokenFailure::InvalidGrant) => "Token exchange fails: invalid_grant",
            Token(TokenFailure::InvalidClient) => "Token exchange fails: invalid_client",
            Token(TokenFailure::ServerError) => "Token endpoint answers HTTP 500 without JSON",
            Token(TokenFailure::Slow) => "Token endpoint answers slowly",
            IdToken(IdTokenFailure::WrongNonce) => "ID token carries the wrong nonce",
            IdToken(IdTokenFailure::WrongAudience) => "ID token is issued to another client",
            IdToken(IdTokenFailure::Expired) => "ID token expired an hour ago",
            IdToken(IdTokenFailure::BadSignature) => "ID token signed by the wrong key",
            IdToken(IdTokenFailure::Hs256) => "ID token signed with HS256 using the client secret",
            IdToken(IdTokenFailure::ExtraAudience) => "ID token has a second audience and azp names another client",
            IdToken(IdTokenFailure::NoKid) => "ID token names no signing key (no kid)",
            IdToken(IdTokenFailure::StaleAuthTime) => "ID token says the sign-in was an hour ago (auth_time)",
            Userinfo(UserinfoFailure::WrongSub) => "UserInfo returns a different subject",
            Refresh(RefreshFailure::InvalidGrant) => "Refreshing the tokens fails: invalid_grant",
            Refresh(RefreshFailure::Slow) => "Refreshing the tokens answers slowly",
        };
        label.to_owned()
    },
    continue_button: "Continue",

    consent_title: "Allow access?",
    consent_request: |client| format!("{client} wants to access your name and email."),
    signed_in_as: |name, email| format!("Signed in as {name} ({email})."),
    allow_button: "Allow",
    deny_button: "Deny",

    signed_out_title: "Signed out",
    signed_out_heading: "You are signed out of the development IdP",
    signed_out_advice: "You can close this tab, or go back to the app.",

    session_title: "Your development IdP session",
    session_none: "You are not signed in to the development IdP.",
    sign_out_button: "Sign out of the development IdP",
    sign_out_everywhere_button: "Sign out of the development IdP on every device",

    error_title: "Error",
    error_heading: "Something is wrong with this request",
    problems: Problems {
        malformed: "This request couldn't be read.",
        unknown_client: "The client_id is missing or not registered here.",
        unregistered_redirect_uri: "The redirect_uri is missing or not registered for this client.",
        foreign_id_token_hint: "The id_token_hint wasn't issued by this IdP.",
        unknown_user: "Pick one of the test users.",
        unknown_simulation: "This IdP doesn't offer that simulation.",
        sign_in_expired: "This sign-in has expired or was already completed. Go back to the app and sign in again.",
        not_signed_in: "You are not signed in to the dev IdP (is its cookie blocked?). Go back to the app and sign in again.",
        cross_site: "Only the development IdP's own pages and tools may post to its /dev/ endpoints.",
        internal: "The development IdP ran into a problem of its own.",
    },
};
