//! Portuguese as Brazil writes it, with "você".

use super::{Problems, Texts};
use crate::simulate::{
    AuthorizeFailure, ConsentFailure, IdTokenFailure, RefreshFailure, Simulation, TokenFailure,
    UserinfoFailure,
};

pub(crate) const TEXTS: Texts = Texts {
    banner: "Provedor de identidade de desenvolvimento — não use em produção",

    sign_in_title: "Entrar",
    sign_in_intro: |client| format!("{client} pede que você entre com um usuário de teste."),
    choose_account_title: "Escolha uma conta",
    choose_account_intro: |client| {
        format!("{client} pede que você escolha o usuário de teste com que quer continuar.")
    },
    test_user_legend: "Usuário de teste",
    signed_in_mark: "(conectado)",
    no_name: "(sem nome)",
    simulate_label: "Simular…",
    normal_sign_in: "Login normal",
    simulation: |simulation| {
        use Simulation::*;
        let label = match simulation {
            Authorize(AuthorizeFailure::WrongIss) => "A resposta de autorização cita outro emissor (iss)",
            // The other authorize failures are named after the error they send.
            Authorize(_) => return format!("A autorização falha: {}", simulation.failure()),
            Consent(ConsentFailure::CoopSameOrigin) => "A página de consentimento envia Cross-Origin-Opener-Policy: same-origin (um pop-up perde o seu opener)",
            Token(TokenFailure::InvalidGrant) => "A troca de tokens falha: invalid_grant",
            Token(TokenFailure::InvalidClient) => "A troca de tokens falha: invalid_client",
            Token(TokenFailure::ServerError) => "O endpoint de token responde HTTP 500 sem JSON",
            Token(TokenFailure::Slow) => "O endpoint de token responde devagar",
            IdToken(IdTokenFailure::WrongNonce) => "O ID token traz o nonce errado",
            IdToken(IdTokenFailure::WrongAudience) => "O ID token foi emitido para outro cliente",
            IdToken(IdTokenFailure::Expired) => "O ID token expirou há uma hora",
            IdToken(IdTokenFailure::BadSignature) => "O ID token foi assinado com a chave errada",
            IdToken(IdTokenFailure::Hs256) => "O ID token foi assinado com HS256 usando o segredo do cliente",
            IdToken(IdTokenFailure::ExtraAudience) => "O ID token tem uma segunda audiência e o azp cita outro cliente",
            IdToken(IdTokenFailure::NoKid) => "O ID token não cita nenhuma chave de assinatura (sem kid)",
            IdToken(IdTokenFailure::StaleAuthTime) => "O ID token diz que o login foi há uma hora (auth_time)",
            Userinfo(UserinfoFailure::WrongSub) => "O UserInfo devolve outro sujeito (sub)",
            Refresh(RefreshFailure::InvalidGrant) => "A renovação dos tokens falha: invalid_grant",
            Refresh(RefreshFailure::Slow) => "A renovação dos tokens responde devagar",
        };
        label.to_owned()
    },
    continue_button: "Continuar",

    consent_title: "Permitir acesso?",
    consent_request: |client| format!("{client} quer acessar seu nome e seu e-mail."),
    signed_in_as: |name, email| format!("Conectado como {name} ({email})."),
    allow_button: "Permitir",
    deny_button: "Recusar",

    signed_out_title: "Você saiu",
    signed_out_heading: "Você saiu do IdP de desenvolvimento",
    signed_out_advice: "Você pode fechar esta aba ou voltar ao app.",

    session_title: "Sua sessão no IdP de desenvolvimento",
    session_none: "Você não está conectado ao IdP de desenvolvimento.",
    sign_out_button: "Sair do IdP de desenvolvimento",
    sign_out_everywhere_button: "Sair do IdP de desenvolvimento em todos os dispositivos",

    error_title: "Erro",
    error_heading: "Há algo errado com esta solicitação",
    problems: Problems {
        malformed: "Não foi possível ler esta solicitação.",
        unknown_client: "O client_id está faltando ou não está registrado aqui.",
        unregistered_redirect_uri: "O redirect_uri está faltando ou não está registrado para este cliente.",
        foreign_id_token_hint: "Este id_token_hint não foi emitido por este IdP.",
        unknown_user: "Escolha um dos usuários de teste.",
        unknown_simulation: "Este IdP não oferece essa simulação.",
        sign_in_expired: "Este login expirou ou já foi concluído. Volte ao app e entre de novo.",
        not_signed_in: "Você não está conectado ao IdP de desenvolvimento (o cookie dele está bloqueado?). Volte ao app e entre de novo.",
        cross_site: "Só as próprias páginas e ferramentas do IdP de desenvolvimento podem enviar formulários para os endpoints /dev/ dele.",
        internal: "O próprio IdP de desenvolvimento teve um problema.",
    },
};
