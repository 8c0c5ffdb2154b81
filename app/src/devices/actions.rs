//! What the devices page's server functions do, as plain functions of the request.

use super::queries::{self, Person};
use super::{user_agent, Device, Devices, Done, FRESH_SIGN_IN_SECONDS, PATH};
use crate::auth::request::AuthRequest;
use crate::errors::AppError;
use sign_in::session::Current;
use sign_in::{paths, Landing};
use std::time::Duration;
use tower_sessions::Session;

/// The session's note that "sign out all other devices" waits for a fresh sign-in: when the
/// person asked (Unix seconds). Only this feature reads or writes it.
const WAITING: &str = "devices.sign_out_others_asked_at";

fn unavailable(error: impl std::fmt::Display) -> AppError {
    AppError::database_unavailable(&error)
}

async fn signed_in(request: &AuthRequest) -> Result<Option<Current>, AppError> {
    request.session.signed_in().await.map_err(unavailable)
}

/// The session itself, for this feature's own note.
async fn raw_session() -> Result<Session, AppError> {
    leptos_axum::extract().await.map_err(|error| unavailable(format!("no session on the request: {error}")))
}

pub async fn list(request: &AuthRequest) -> Result<Devices, AppError> {
    let Some(current) = signed_in(request).await? else {
        return Ok(Devices::SignedOut);
    };
    let done = complete_waiting_action(request, &current).await?;
    let db = &request.sign_in.db;
    let this = this_handle(request).await?;
    let rows = queries::sessions_of(db, person(&current)).await.map_err(unavailable)?;
    let devices = rows
        .into_iter()
        .map(|row| {
            let (browser, system) = user_agent::describe(row.user_agent.as_deref());
            Device {
                this_browser: this.as_deref() == Some(row.handle.as_str()),
                handle: row.handle,
                browser,
                system,
                signed_in_at: row.signed_in_at,
                last_active_at: row.last_active_at,
            }
        })
        .collect();
    Ok(Devices::Listed { devices, done })
}

pub async fn sign_out_one(request: &AuthRequest, handle: &str) -> Result<String, AppError> {
    let Some(current) = signed_in(request).await? else {
        return Ok(paths::sign_in_returning_to(PATH));
    };
    let db = &request.sign_in.db;
    let this = this_handle(request).await?;
    if this.as_deref() == Some(handle) {
        // This browser: the same as "Sign out" here.
        request.session.end().await.map_err(unavailable)?;
        return Ok(paths::SIGNED_OUT.to_owned());
    }
    // A handle of anyone else's session matches nothing.
    queries::end_one(db, person(&current), handle).await.map_err(unavailable)?;
    Ok(Done::SignedOutOne.path())
}

pub async fn sign_out_others(request: &AuthRequest) -> Result<String, AppError> {
    let Some(current) = signed_in(request).await? else {
        return Ok(paths::sign_in_returning_to(PATH));
    };
    if is_fresh(request, &current) {
        let ended = end_others(request, &current).await?;
        return Ok(Done::SignedOutOthers(ended).path());
    }
    // Not fresh: remember the request, and sign in again at the IdP, no older than allowed.
    raw_session().await?.insert(WAITING, request.session.now()).await.map_err(unavailable)?;
    let headers = leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default();
    let locale = crate::locale::for_request(&headers, None);
    let login = sign_in::flow::LoginRequest {
        return_to: Some(PATH),
        choose_account: false,
        ui_locales: vec![openidconnect::LanguageTag::new(leptos_i18n::Locale::as_str(locale).to_owned())],
        landing: Landing::this_window(),
        max_age: Some(Duration::from_secs(FRESH_SIGN_IN_SECONDS)),
    };
    Ok(match sign_in::flow::start_login(&request.sign_in.oidc, &request.session, login).await {
        Ok(idp_url) => idp_url,
        Err(failure) => request.fail(failure).await,
    })
}

/// A sign-out of the other devices that waited for this fresh sign-in: done now, once. A
/// note older than a sign-in may take, or a sign-in from before it, does nothing.
async fn complete_waiting_action(request: &AuthRequest, current: &Current) -> Result<Option<Done>, AppError> {
    let session = raw_session().await?;
    let Some(asked_at) = session.remove::<i64>(WAITING).await.map_err(unavailable)? else {
        return Ok(None);
    };
    let login_max_age = i64::try_from(request.session.rules().login_max_age.as_secs()).unwrap_or(i64::MAX);
    let recent = request.session.now().saturating_sub(asked_at) <= login_max_age;
    if !recent || current.signed_in.user.signed_in_at < asked_at || !is_fresh(request, current) {
        return Ok(None);
    }
    let ended = end_others(request, current).await?;
    Ok(Some(Done::SignedOutOthers(ended)))
}

fn person(current: &Current) -> Person<'_> {
    let user = &current.signed_in.user;
    Person { issuer: &user.issuer, subject: &user.subject }
}

/// This browser's handle, if it is signed in.
async fn this_handle(request: &AuthRequest) -> Result<Option<String>, AppError> {
    match request.session.id() {
        Some(id) => queries::handle_of(&request.sign_in.db, &id).await.map_err(unavailable),
        None => Ok(None),
    }
}

fn is_fresh(request: &AuthRequest, current: &Current) -> bool {
    let fresh = i64::try_from(FRESH_SIGN_IN_SECONDS).unwrap_or(i64::MAX);
    request.session.now().saturating_sub(current.signed_in.user.signed_in_at) <= fresh
}

async fn end_others(request: &AuthRequest, current: &Current) -> Result<u64, AppError> {
    let Some(this) = request.session.id() else {
        return Ok(0);
    };
    let ended = queries::end_others(&request.sign_in.db, person(current), &this).await;
    let ended = ended.map_err(unavailable)?;
    tracing::info!(ended, "signed out the person's other devices");
    Ok(ended)
}
