//! German, with "du" as German developer sites usually address people.

use super::{Problems, Texts};
use crate::simulate::{
    AuthorizeFailure, ConsentFailure, IdTokenFailure, RefreshFailure, Simulation, TokenFailure,
    UserinfoFailure,
};

pub(crate) const TEXTS: Texts = Texts {
    banner: "Identitätsanbieter für die Entwicklung – nicht für den Produktivbetrieb",

    sign_in_title: "Anmelden",
    sign_in_intro: |client| format!("{client} bittet dich, dich mit einem Testbenutzer anzumelden."),
    choose_account_title: "Konto auswählen",
    choose_account_intro: |client| {
        format!("{client} bittet dich, den Testbenutzer zu wählen, mit dem du weitermachen möchtest.")
    },
    test_user_legend: "Testbenutzer",
    signed_in_mark: "(angemeldet)",
    no_name: "(kein Name)",
    simulate_label: "Simulieren …",
    normal_sign_in: "Normale Anmeldung",
    simulation: |simulation| {
        use Simulation::*;
        let label = match simulation {
            Authorize(AuthorizeFailure::WrongIss) => "Die Autorisierungsantwort nennt einen anderen Aussteller (iss)",
            // The other authorize failures are named after the error they send.
            Authorize(_) => return format!("Autorisierung schlägt fehl: {}", simulation.failure()),
            Consent(ConsentFailure::CoopSameOrigin) => "Die Zustimmungsseite sendet Cross-Origin-Opener-Policy: same-origin (ein Pop-up verliert seinen Opener)",
            Token(TokenFailure::InvalidGrant) => "Token-Austausch schlägt fehl: invalid_grant",
            Token(TokenFailure::InvalidClient) => "Token-Austausch schlägt fehl: invalid_client",
            Token(TokenFailure::ServerError) => "Der Token-Endpunkt antwortet mit HTTP 500 ohne JSON",
            Token(TokenFailure::Slow) => "Der Token-Endpunkt antwortet langsam",
            IdToken(IdTokenFailure::WrongNonce) => "Das ID-Token enthält die falsche Nonce",
            IdToken(IdTokenFailure::WrongAudience) => "Das ID-Token ist für einen anderen Client ausgestellt",
            IdToken(IdTokenFailure::Expired) => "Das ID-Token ist vor einer Stunde abgelaufen",
            IdToken(IdTokenFailure::BadSignature) => "Das ID-Token ist mit dem falschen Schlüssel signiert",
            IdToken(IdTokenFailure::Hs256) => "Das ID-Token ist mit HS256 und dem Client-Secret signiert",
            IdToken(IdTokenFailure::ExtraAudience) => "Das ID-Token hat eine zweite Zielgruppe (aud), und azp nennt einen anderen Client",
            IdToken(IdTokenFailure::NoKid) => "Das ID-Token nennt keinen Signaturschlüssel (kein kid)",
            IdToken(IdTokenFailure::StaleAuthTime) => "Das ID-Token sagt, die Anmeldung war vor einer Stunde (auth_time)",
            Userinfo(UserinfoFailure::WrongSub) => "UserInfo liefert ein anderes Subjekt (sub)",
            Refresh(RefreshFailure::InvalidGrant) => "Erneuern der Tokens schlägt fehl: invalid_grant",
            Refresh(RefreshFailure::Slow) => "Erneuern der Tokens antwortet langsam",
        };
        label.to_owned()
    },
    continue_button: "Weiter",

    consent_title: "Zugriff erlauben?",
    consent_request: |client| format!("{client} möchte auf deinen Namen und deine E-Mail-Adresse zugreifen."),
    signed_in_as: |name, email| format!("Angemeldet als {name} ({email})."),
    allow_button: "Erlauben",
    deny_button: "Ablehnen",

    signed_out_title: "Abgemeldet",
    signed_out_heading: "Du bist beim Entwicklungs-IdP abgemeldet",
    signed_out_advice: "Du kannst diesen Tab schließen oder zur App zurückkehren.",

    session_title: "Deine Sitzung beim Entwicklungs-IdP",
    session_none: "Du bist beim Entwicklungs-IdP nicht angemeldet.",
    sign_out_button: "Vom Entwicklungs-IdP abmelden",
    sign_out_everywhere_button: "Auf allen Geräten vom Entwicklungs-IdP abmelden",

    error_title: "Fehler",
    error_heading: "Mit dieser Anfrage stimmt etwas nicht",
    problems: Problems {
        malformed: "Diese Anfrage konnte nicht gelesen werden.",
        unknown_client: "Die client_id fehlt oder ist hier nicht registriert.",
        unregistered_redirect_uri: "Die redirect_uri fehlt oder ist für diesen Client nicht registriert.",
        foreign_id_token_hint: "Der id_token_hint stammt nicht von diesem IdP.",
        unknown_user: "Wähl einen der Testbenutzer aus.",
        unknown_simulation: "Diese Simulation bietet der IdP nicht an.",
        sign_in_expired: "Diese Anmeldung ist abgelaufen oder wurde schon abgeschlossen. Geh zurück zur App und melde dich noch einmal an.",
        not_signed_in: "Du bist beim Entwicklungs-IdP nicht angemeldet (wird sein Cookie blockiert?). Geh zurück zur App und melde dich noch einmal an.",
        cross_site: "Nur die eigenen Seiten und Werkzeuge des Entwicklungs-IdP dürfen Formulare an seine /dev/-Endpunkte senden.",
        internal: "Im Entwicklungs-IdP selbst ist ein Fehler aufgetreten.",
    },
};
