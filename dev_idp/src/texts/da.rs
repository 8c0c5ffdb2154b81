//! Danish, with "du" as Danish sites address people.

use super::{Problems, Texts};
use crate::simulate::{
    AuthorizeFailure, ConsentFailure, IdTokenFailure, RefreshFailure, Simulation, TokenFailure,
    UserinfoFailure,
};

pub(crate) const TEXTS: Texts = Texts {
    banner: "Identitetsudbyder til udvikling — ikke til produktion",

    sign_in_title: "Log ind",
    sign_in_intro: |client| format!("{client} beder dig logge ind med en testbruger."),
    choose_account_title: "Vælg en konto",
    choose_account_intro: |client| format!("{client} beder dig vælge den testbruger, du vil fortsætte som."),
    test_user_legend: "Testbruger",
    signed_in_mark: "(logget ind)",
    no_name: "(intet navn)",
    simulate_label: "Simulér…",
    normal_sign_in: "Almindeligt login",
    simulation: |simulation| {
        use Simulation::*;
        let label = match simulation {
            Authorize(AuthorizeFailure::WrongIss) => "Autorisationssvaret nævner en anden udsteder (iss)",
            // The other authorize failures are named after the error they send.
            Authorize(_) => return format!("Autorisering fejler: {}", simulation.failure()),
            Consent(ConsentFailure::CoopSameOrigin) => "Samtykkesiden sender Cross-Origin-Opener-Policy: same-origin (et popup-vindue mister sin opener)",
            Token(TokenFailure::InvalidGrant) => "Tokenudveksling fejler: invalid_grant",
            Token(TokenFailure::InvalidClient) => "Tokenudveksling fejler: invalid_client",
            Token(TokenFailure::ServerError) => "Token-endpointet svarer HTTP 500 uden JSON",
            Token(TokenFailure::Slow) => "Token-endpointet svarer langsomt",
            IdToken(IdTokenFailure::WrongNonce) => "ID-tokenet har den forkerte nonce",
            IdToken(IdTokenFailure::WrongAudience) => "ID-tokenet er udstedt til en anden klient",
            IdToken(IdTokenFailure::Expired) => "ID-tokenet udløb for en time siden",
            IdToken(IdTokenFailure::BadSignature) => "ID-tokenet er signeret med den forkerte nøgle",
            IdToken(IdTokenFailure::Hs256) => "ID-tokenet er signeret med HS256 og klientens hemmelighed",
            IdToken(IdTokenFailure::ExtraAudience) => "ID-tokenet har en ekstra modtager (aud), og azp nævner en anden klient",
            IdToken(IdTokenFailure::NoKid) => "ID-tokenet nævner ingen signeringsnøgle (intet kid)",
            IdToken(IdTokenFailure::StaleAuthTime) => "ID-tokenet siger, at login skete for en time siden (auth_time)",
            Userinfo(UserinfoFailure::WrongSub) => "UserInfo svarer med et andet subject (sub)",
            Refresh(RefreshFailure::InvalidGrant) => "Fornyelse af tokens fejler: invalid_grant",
            Refresh(RefreshFailure::Slow) => "Fornyelse af tokens svarer langsomt",
        };
        label.to_owned()
    },
    continue_button: "Fortsæt",

    consent_title: "Giv adgang?",
    consent_request: |client| format!("{client} vil gerne have adgang til dit navn og din e-mail."),
    signed_in_as: |name, email| format!("Logget ind som {name} ({email})."),
    allow_button: "Tillad",
    deny_button: "Afvis",

    signed_out_title: "Logget ud",
    signed_out_heading: "Du er logget ud af udviklings-IdP’en",
    signed_out_advice: "Du kan lukke denne fane eller gå tilbage til appen.",

    session_title: "Din session hos udviklings-IdP'en",
    session_none: "Du er ikke logget ind hos udviklings-IdP'en.",
    sign_out_button: "Log ud af udviklings-IdP'en",
    sign_out_everywhere_button: "Log ud af udviklings-IdP'en på alle enheder",

    error_title: "Fejl",
    error_heading: "Der er noget galt med denne anmodning",
    problems: Problems {
        malformed: "Anmodningen kunne ikke læses.",
        unknown_client: "client_id mangler eller er ikke registreret her.",
        unregistered_redirect_uri: "redirect_uri mangler eller er ikke registreret for denne klient.",
        foreign_id_token_hint: "id_token_hint er ikke udstedt af denne IdP.",
        unknown_user: "Vælg en af testbrugerne.",
        unknown_simulation: "Den simulering findes ikke i denne IdP.",
        sign_in_expired: "Dette login er udløbet eller allerede gennemført. Gå tilbage til appen, og log ind igen.",
        not_signed_in: "Du er ikke logget ind på udviklings-IdP’en (er dens cookie blokeret?). Gå tilbage til appen, og log ind igen.",
        cross_site: "Kun udviklings-IdP’ens egne sider og værktøjer må sende formularer til dens /dev/-endpoints.",
        internal: "Der opstod en fejl i selve udviklings-IdP’en.",
    },
};
