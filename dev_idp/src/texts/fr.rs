//! French, with "vous" as French sites address people. A no-break space (`\u{a0}`) comes
//! before `?`, `!` and `:`, as French typography wants.

use super::{Problems, Texts};
use crate::simulate::{
    AuthorizeFailure, ConsentFailure, IdTokenFailure, RefreshFailure, Simulation, TokenFailure,
    UserinfoFailure,
};

pub(crate) const TEXTS: Texts = Texts {
    banner: "Fournisseur d’identité de développement — pas pour la production",

    sign_in_title: "Connexion",
    sign_in_intro: |client| format!("{client} vous demande de vous connecter avec un utilisateur de test."),
    choose_account_title: "Choisissez un compte",
    choose_account_intro: |client| {
        format!("{client} vous demande de choisir l’utilisateur de test avec lequel continuer.")
    },
    test_user_legend: "Utilisateur de test",
    signed_in_mark: "(session ouverte)",
    no_name: "(sans nom)",
    simulate_label: "Simuler…",
    normal_sign_in: "Connexion normale",
    simulation: |simulation| {
        use Simulation::*;
        let label = match simulation {
            Authorize(AuthorizeFailure::WrongIss) => "La réponse d’autorisation nomme un autre émetteur (iss)",
            // The other authorize failures are named after the error they send.
            Authorize(_) => return format!("L’autorisation échoue\u{a0}: {}", simulation.failure()),
            Consent(ConsentFailure::CoopSameOrigin) => "La page de consentement envoie Cross-Origin-Opener-Policy\u{a0}: same-origin (une fenêtre pop-up perd sa fenêtre d’origine)",
            Token(TokenFailure::InvalidGrant) => "L’échange de jetons échoue\u{a0}: invalid_grant",
            Token(TokenFailure::InvalidClient) => "L’échange de jetons échoue\u{a0}: invalid_client",
            Token(TokenFailure::ServerError) => "Le point d’accès des jetons répond HTTP 500 sans JSON",
            Token(TokenFailure::Slow) => "Le point d’accès des jetons répond lentement",
            IdToken(IdTokenFailure::WrongNonce) => "Le jeton d’identité porte le mauvais nonce",
            IdToken(IdTokenFailure::WrongAudience) => "Le jeton d’identité est émis pour un autre client",
            IdToken(IdTokenFailure::Expired) => "Le jeton d’identité a expiré il y a une heure",
            IdToken(IdTokenFailure::BadSignature) => "Le jeton d’identité est signé avec la mauvaise clé",
            IdToken(IdTokenFailure::Hs256) => "Le jeton d’identité est signé en HS256 avec le secret du client",
            IdToken(IdTokenFailure::ExtraAudience) => "Le jeton d’identité a une seconde audience et azp nomme un autre client",
            IdToken(IdTokenFailure::NoKid) => "Le jeton d’identité ne nomme aucune clé de signature (pas de kid)",
            IdToken(IdTokenFailure::StaleAuthTime) => "Le jeton d’identité indique une connexion il y a une heure (auth_time)",
            Userinfo(UserinfoFailure::WrongSub) => "UserInfo renvoie un autre sujet (sub)",
            Refresh(RefreshFailure::InvalidGrant) => "Le renouvellement des jetons échoue\u{a0}: invalid_grant",
            Refresh(RefreshFailure::Slow) => "Le renouvellement des jetons répond lentement",
        };
        label.to_owned()
    },
    continue_button: "Continuer",

    consent_title: "Autoriser l’accès\u{a0}?",
    consent_request: |client| format!("{client} souhaite accéder à votre nom et à votre adresse e-mail."),
    signed_in_as: |name, email| format!("Session ouverte en tant que {name} ({email})."),
    allow_button: "Autoriser",
    deny_button: "Refuser",

    signed_out_title: "Session fermée",
    signed_out_heading: "Votre session sur l’IdP de développement est fermée",
    signed_out_advice: "Vous pouvez fermer cet onglet ou revenir à l’application.",

    session_title: "Votre session auprès de l’IdP de développement",
    session_none: "Vous n’êtes pas connecté à l’IdP de développement.",
    sign_out_button: "Se déconnecter de l’IdP de développement",
    sign_out_everywhere_button: "Se déconnecter de l’IdP de développement sur tous les appareils",

    error_title: "Erreur",
    error_heading: "Cette requête pose un problème",
    problems: Problems {
        malformed: "Cette requête est illisible.",
        unknown_client: "Le client_id est absent ou n’est pas enregistré ici.",
        unregistered_redirect_uri: "La redirect_uri est absente ou n’est pas enregistrée pour ce client.",
        foreign_id_token_hint: "Cet id_token_hint n’a pas été émis par cet IdP.",
        unknown_user: "Choisissez l’un des utilisateurs de test.",
        unknown_simulation: "Cet IdP ne propose pas cette simulation.",
        sign_in_expired: "Cette connexion a expiré ou est déjà terminée. Revenez à l’application et connectez-vous à nouveau.",
        not_signed_in: "Aucune session n’est ouverte sur l’IdP de développement (son cookie est-il bloqué\u{a0}?). Revenez à l’application et connectez-vous à nouveau.",
        cross_site: "Seuls les pages et les outils de l’IdP de développement peuvent envoyer des formulaires à ses points d’accès /dev/.",
        internal: "L’IdP de développement a rencontré un problème interne.",
    },
};
