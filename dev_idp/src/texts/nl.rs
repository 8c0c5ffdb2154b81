//! Dutch, with "je" as Dutch sites address people.

use super::{Problems, Texts};
use crate::simulate::{
    AuthorizeFailure, ConsentFailure, IdTokenFailure, RefreshFailure, Simulation, TokenFailure,
    UserinfoFailure,
};

pub(crate) const TEXTS: Texts = Texts {
    banner: "Identiteitsprovider voor ontwikkeling — niet voor productie",

    sign_in_title: "Inloggen",
    sign_in_intro: |client| format!("{client} vraagt je in te loggen met een testgebruiker."),
    choose_account_title: "Kies een account",
    choose_account_intro: |client| format!("{client} vraagt je de testgebruiker te kiezen waarmee je verdergaat."),
    test_user_legend: "Testgebruiker",
    signed_in_mark: "(ingelogd)",
    no_name: "(geen naam)",
    simulate_label: "Simuleren…",
    normal_sign_in: "Gewoon inloggen",
    simulation: |simulation| {
        use Simulation::*;
        let label = match simulation {
            Authorize(AuthorizeFailure::WrongIss) => "Het autorisatieantwoord noemt een andere uitgever (iss)",
            // The other authorize failures are named after the error they send.
            Authorize(_) => return format!("Autorisatie mislukt: {}", simulation.failure()),
            Consent(ConsentFailure::CoopSameOrigin) => "De toestemmingspagina stuurt Cross-Origin-Opener-Policy: same-origin (een pop-up verliest zijn opener)",
            Token(TokenFailure::InvalidGrant) => "Tokenuitwisseling mislukt: invalid_grant",
            Token(TokenFailure::InvalidClient) => "Tokenuitwisseling mislukt: invalid_client",
            Token(TokenFailure::ServerError) => "Het token-endpoint antwoordt HTTP 500 zonder JSON",
            Token(TokenFailure::Slow) => "Het token-endpoint antwoordt traag",
            IdToken(IdTokenFailure::WrongNonce) => "Het ID-token bevat de verkeerde nonce",
            IdToken(IdTokenFailure::WrongAudience) => "Het ID-token is uitgegeven aan een andere client",
            IdToken(IdTokenFailure::Expired) => "Het ID-token is een uur geleden verlopen",
            IdToken(IdTokenFailure::BadSignature) => "Het ID-token is ondertekend met de verkeerde sleutel",
            IdToken(IdTokenFailure::Hs256) => "Het ID-token is ondertekend met HS256 en het clientgeheim",
            IdToken(IdTokenFailure::ExtraAudience) => "Het ID-token heeft een tweede audience en azp noemt een andere client",
            IdToken(IdTokenFailure::NoKid) => "Het ID-token noemt geen ondertekeningssleutel (geen kid)",
            IdToken(IdTokenFailure::StaleAuthTime) => "Het ID-token zegt dat de inlog een uur geleden was (auth_time)",
            Userinfo(UserinfoFailure::WrongSub) => "UserInfo geeft een ander subject (sub) terug",
            Refresh(RefreshFailure::InvalidGrant) => "Tokens vernieuwen mislukt: invalid_grant",
            Refresh(RefreshFailure::Slow) => "Tokens vernieuwen antwoordt traag",
        };
        label.to_owned()
    },
    continue_button: "Doorgaan",

    consent_title: "Toegang geven?",
    consent_request: |client| format!("{client} wil toegang tot je naam en e-mailadres."),
    signed_in_as: |name, email| format!("Ingelogd als {name} ({email})."),
    allow_button: "Toestaan",
    deny_button: "Weigeren",

    signed_out_title: "Uitgelogd",
    signed_out_heading: "Je bent uitgelogd bij de ontwikkel-IdP",
    signed_out_advice: "Je kunt dit tabblad sluiten of teruggaan naar de app.",

    session_title: "Je sessie bij de ontwikkel-IdP",
    session_none: "Je bent niet ingelogd bij de ontwikkel-IdP.",
    sign_out_button: "Uitloggen bij de ontwikkel-IdP",
    sign_out_everywhere_button: "Op alle apparaten uitloggen bij de ontwikkel-IdP",

    error_title: "Fout",
    error_heading: "Er klopt iets niet aan dit verzoek",
    problems: Problems {
        malformed: "Dit verzoek kon niet worden gelezen.",
        unknown_client: "De client_id ontbreekt of is hier niet geregistreerd.",
        unregistered_redirect_uri: "De redirect_uri ontbreekt of is niet geregistreerd voor deze client.",
        foreign_id_token_hint: "Deze id_token_hint is niet door deze IdP uitgegeven.",
        unknown_user: "Kies een van de testgebruikers.",
        unknown_simulation: "Deze IdP biedt die simulatie niet aan.",
        sign_in_expired: "Deze inlogpoging is verlopen of al afgerond. Ga terug naar de app en log opnieuw in.",
        not_signed_in: "Je bent niet ingelogd bij de ontwikkel-IdP (wordt de cookie geblokkeerd?). Ga terug naar de app en log opnieuw in.",
        cross_site: "Alleen de eigen pagina’s en tools van de ontwikkel-IdP mogen formulieren naar de /dev/-endpoints sturen.",
        internal: "De ontwikkel-IdP liep zelf tegen een probleem aan.",
    },
};
