//! Server functions: the browser's door to sign-in. Login and logout sit at the fixed paths
//! of the contract (`/auth/login`, `/auth/logout`) and work from plain HTML forms, so every
//! flow also works without JavaScript. Their bodies only translate between HTTP and `flow`.

use crate::errors::AppError;
use leptos::prelude::*;
use sign_in::{SignOutOutcome, Visitor};

/// Who is visiting: the signed-in session, if any.
#[server]
pub async fn current_session() -> Result<Visitor, AppError> {
    let request = super::request::AuthRequest::from_server_fn().await?;
    let state = request.session.state().await.map_err(|error| AppError::database_unavailable(&error))?;
    crate::devices::activity::note(&request, &state).await; // feature: devices
    Ok(state.visitor())
}

/// The `account` field of `/auth/login` that asks for the IdP's account chooser.
pub const CHOOSE_ACCOUNT: &str = "choose";

/// Starts a sign-in: redirects to the IdP, in the person's language (`ui_locales`), or to the
/// error page when that is impossible.
/// `account=choose` lets the person pick another account at the IdP; `mode` names where the
/// sign-in ends when a feature offers another ending than this window, and `attempt` is the
/// browser's name for this one sign-in, handed back there (`auth::landing`).
#[server(prefix = "/auth", endpoint = "login")]
pub async fn login(
    return_to: Option<String>,
    mode: Option<String>,
    attempt: Option<String>,
    account: Option<String>,
) -> Result<(), AppError> {
    let request = super::request::AuthRequest::from_server_fn().await?;
    // The IdP speaks the language this site speaks to the person (their pick, or their
    // browser's): the form's own address has no `?lang=`, the pages before it set the cookie.
    let headers = use_context::<axum::http::request::Parts>().map(|parts| parts.headers).unwrap_or_default();
    let locale = crate::locale::for_request(&headers, None);
    let login = sign_in::flow::LoginRequest {
        return_to: return_to.as_deref(),
        choose_account: account.as_deref() == Some(CHOOSE_ACCOUNT),
        ui_locales: vec![openidconnect::LanguageTag::new(leptos_i18n::Locale::as_str(locale).to_owned())],
        landing: request.landings.for_mode(mode.as_deref(), attempt.as_deref()),
        max_age: None,
    };
    let target = match sign_in::flow::start_login(&request.sign_in.oidc, &request.session, login).await {
        Ok(idp_url) => idp_url,
        Err(failure) => request.fail(failure).await,
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Signs out of this site, and of the IdP too when `everywhere` is `"true"`.
#[server(prefix = "/auth", endpoint = "logout")]
pub async fn logout(everywhere: Option<String>) -> Result<(), AppError> {
    let request = super::request::AuthRequest::from_server_fn().await?;
    let everywhere = everywhere.as_deref() == Some("true");
    let sign_in = &request.sign_in;
    let target =
        match sign_in::flow::logout(&sign_in.oidc, &sign_in.tokens, &request.session, everywhere).await {
            Ok(target) => target,
            Err(failure) => request.fail(failure).await,
        };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Explains how a sign-out ended, from what `/signed-out` was given.
#[server]
pub async fn confirm_sign_out(
    state: Option<String>,
    idp: Option<String>,
) -> Result<SignOutOutcome, AppError> {
    if idp.as_deref() == Some("unsupported") {
        return Ok(SignOutOutcome::IdpUnsupported);
    }
    let Some(state) = state else {
        return Ok(SignOutOutcome::ThisSite);
    };
    let request = super::request::AuthRequest::from_server_fn().await?;
    let state = openidconnect::CsrfToken::new(state);
    let confirmed = request.session.confirm_logout_state(&state).await.unwrap_or_else(|error| {
        tracing::warn!(%error, "could not check the sign-out state; saying it is unconfirmed");
        false
    });
    Ok(if confirmed { SignOutOutcome::Everywhere } else { SignOutOutcome::EverywhereUnconfirmed })
}

/// Where "Try again" on the error page should land: where the failed sign-in was going.
#[server]
pub async fn retry_return_to() -> Result<String, AppError> {
    let request = super::request::AuthRequest::from_server_fn().await?;
    let remembered = request.session.retry_return_to().await.unwrap_or_else(|error| {
        tracing::warn!(%error, "could not read where to retry; using the default");
        None
    });
    Ok(sign_in::return_to::safe_return_to(remembered.as_deref()))
}
