//! The three steps of the contract, as plain async functions: start a sign-in, finish it on
//! the callback, sign out. Server functions and the callback route are thin wrappers around
//! these, so integration tests drive exactly this code.

use crate::callback::CallbackQuery;
use crate::db::{Database, NewSignedInSession};
use crate::errors::{ErrorCode, Failure, Stage};
use crate::oidc::{AccountChoice, OidcClient, VerifiedLogin};
use crate::paths;
use crate::return_to::safe_return_to;
use crate::session::{AuthSession, CompletedLogin, PendingLogin, SignedIn};
use crate::tokens::TokenKeeper;
use crate::{Landing, User};
use openidconnect::{CsrfToken, LanguageTag, LocalizedClaim};

/// How a sign-in was asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoginRequest<'a> {
    /// Where to land afterwards; anything but a local path is replaced by the default.
    pub return_to: Option<&'a str>,
    /// Let the person pick another account at the IdP.
    pub choose_account: bool,
    /// The languages the IdP should speak to the person, the most wanted first
    /// (`ui_locales`): the app's choice, which the core passes on unread.
    pub ui_locales: Vec<LanguageTag>,
    /// Where the sign-in ends, as the app names it: handed back with the outcome.
    pub landing: Landing,
    /// Ask for a sign-in at the IdP no older than this (`max_age`), for a sensitive action:
    /// the ID token's `auth_time` must then prove it.
    pub max_age: Option<std::time::Duration>,
}

/// Starts a sign-in: remembers the attempt in the session, returns the IdP's URL.
pub async fn start_login(
    oidc: &OidcClient,
    session: &AuthSession,
    request: LoginRequest<'_>,
) -> Result<String, Failure> {
    let LoginRequest { return_to, choose_account, ui_locales, landing, max_age } = request;
    let return_to = safe_return_to(return_to);
    // Whatever fails, "Try again" goes where this sign-in was going, and it ends where it would have.
    let fail = |failure: Failure| failure.of_sign_in(&return_to, &landing);
    let account = if choose_account {
        let current = session.signed_in().await.map_err(session_failure(Stage::Authorize)).map_err(fail)?;
        AccountChoice::Choose { login_hint: current.and_then(|current| current.signed_in.user.email) }
    } else {
        AccountChoice::Current
    };
    let authorization = oidc.authorize(account, ui_locales, max_age).await.map_err(fail)?;
    let pending = PendingLogin {
        state: authorization.state,
        nonce: authorization.nonce,
        pkce_verifier: authorization.pkce_verifier,
        return_to: return_to.clone(),
        started_at: session.now(),
        landing: landing.clone(),
        max_age: max_age.map(|age| age.as_secs()),
    };
    session.add_pending_login(&pending);
    Ok(authorization.url.to_string())
}

/// How a callback ended well.
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
    /// A new signed-in session; continue to `return_to`, in the landing the sign-in started with.
    SignedIn { return_to: String, landing: Landing },
    /// The same callback again (back button, reload, double click) in the browser it already
    /// signed in: no error for the user, who simply continues.
    Replayed { return_to: String },
}

/// How a callback failed.
#[derive(Debug)]
pub enum CallbackFailure {
    /// It matched no sign-in of the browser that sent it, so anyone could have sent it (a
    /// link, an `<img>` on another site): counted, never stored.
    Anonymous(Failure),
    /// The sign-in it matched failed: for the team's log.
    Logged(Failure),
}

/// Finishes a sign-in from the callback's query.
pub async fn finish_login(
    oidc: &OidcClient,
    db: &Database,
    tokens: &TokenKeeper,
    session: &AuthSession,
    query: &CallbackQuery,
    user_agent: Option<&str>,
) -> Result<Finished, CallbackFailure> {
    let pending = query.state.as_ref().and_then(|state| session.take_pending_login(state));
    let Some(pending) = pending else {
        if let (Some(state), None) = (&query.state, &query.error) {
            let completed = session.completed_login(state).await;
            match completed.map_err(session_failure(Stage::Callback)) {
                Ok(Some(return_to)) => return Ok(Finished::Replayed { return_to }),
                Ok(None) => {}
                Err(failure) => return Err(CallbackFailure::Logged(failure)),
            }
        }
        // Nothing it says is kept (no IdP error text, no row), only that it came.
        let code = if query.state.is_some() { ErrorCode::StateMismatch } else { ErrorCode::StateMissing };
        let failure = Failure::new(code, Stage::Callback, "no pending login for this state");
        return Err(CallbackFailure::Anonymous(failure));
    };
    let (return_to, landing) = (pending.return_to.clone(), pending.landing.clone());
    match finish_pending(oidc, db, tokens, session, query, pending, user_agent).await {
        Ok(()) => Ok(Finished::SignedIn { return_to, landing }),
        // Whatever failed, "Try again" goes where this sign-in was going.
        Err(failure) => Err(CallbackFailure::Logged(failure.of_sign_in(&return_to, &landing))),
    }
}

/// Completes the sign-in that `pending` started: the IdP's answer checked, the code
/// exchanged and the tokens checked, then the user's row and the new signed-in session.
async fn finish_pending(
    oidc: &OidcClient,
    db: &Database,
    tokens: &TokenKeeper,
    session: &AuthSession,
    query: &CallbackQuery,
    pending: PendingLogin,
    user_agent: Option<&str>,
) -> Result<(), Failure> {
    // RFC 9207: an answer that names another issuer is not trusted, not even its error.
    oidc.check_response_issuer(query.iss.as_deref()).await?;
    // An error from the IdP is never a success, whatever else the query holds.
    if let Some(error) = &query.error {
        let failure = Failure::new(ErrorCode::parse(error), Stage::Authorize, "the IdP returned an error");
        return Err(failure.with_description(query.error_description.clone()));
    }
    if pending.is_older_than(session.rules().login_max_age, session.now()) {
        return Err(Failure::new(ErrorCode::LoginExpired, Stage::Callback, "pending login too old"));
    }
    let Some(code) = &query.code else {
        return Err(Failure::new(ErrorCode::CallbackMalformed, Stage::Callback, "neither code nor error"));
    };
    let PendingLogin { state, nonce, pkce_verifier, return_to, max_age, .. } = pending;
    let login = oidc.complete(code, pkce_verifier, &nonce).await?;
    if let Some(max_age) = max_age {
        check_auth_time(&login, max_age, oidc.clock_leeway())?;
    }
    let user = user_from(oidc.issuer(), &login, session.now());
    let database_failure =
        |e: sqlx::Error| Failure::new(ErrorCode::DatabaseUnavailable, Stage::Callback, e.to_string());
    db.record_sign_in(&user).await.map_err(database_failure)?;
    let (subject, signed_in_at) = (user.subject.clone(), user.signed_in_at);
    let auth_time = login.claims.auth_time().map(|time| time.timestamp());
    let signed_in = SignedIn { user, id_token: login.id_token };
    session
        .sign_in(signed_in, CompletedLogin { state, return_to })
        .await
        .map_err(session_failure(Stage::Callback))?;
    // The session's row, found by its IdP session and person: what back-channel logout and
    // the person's list of devices read.
    let Some(session_id) = session.id() else {
        return Err(Failure::new(
            ErrorCode::DatabaseUnavailable,
            Stage::Callback,
            "the new session has no id",
        ));
    };
    let row = NewSignedInSession {
        session_id: &session_id,
        issuer: oidc.issuer(),
        subject: &subject,
        sid: login.sid.as_deref(),
        user_agent,
        signed_in_at,
    };
    db.record_signed_in_session(&row).await.map_err(database_failure)?;
    // Filed under the session's id, as the row above.
    if let Err(error) = tokens.keep(&session_id, &subject, auth_time, &login.tokens).await {
        // A session without its tokens would fail every API call: sign in again instead.
        session.end().await.map_err(session_failure(Stage::Callback))?;
        return Err(Failure::new(
            ErrorCode::DatabaseUnavailable,
            Stage::Callback,
            format!("keeping tokens: {error}"),
        ));
    }
    Ok(())
}

/// OpenID Connect Core 3.1.2.1: a sign-in that sent `max_age` must get an `auth_time` back,
/// no older than asked (give or take the clock leeway).
fn check_auth_time(login: &VerifiedLogin, max_age: u64, leeway: std::time::Duration) -> Result<(), Failure> {
    let refused = |cause: &str| Failure::new(ErrorCode::AuthTimeRejected, Stage::IdToken, cause);
    let Some(auth_time) = login.claims.auth_time() else {
        return Err(refused("max_age was sent, but the ID token has no auth_time"));
    };
    let age = chrono::Utc::now().signed_duration_since(auth_time).num_seconds();
    let allowed = i64::try_from(max_age.saturating_add(leeway.as_secs())).unwrap_or(i64::MAX);
    if age > allowed {
        return Err(refused(&format!("auth_time is {age} s old; max_age was {max_age} s")));
    }
    Ok(())
}

/// Signs out. `everywhere` also ends the IdP's single sign-on session, so the next
/// sign-in asks again. Returns where to send the browser.
/// A refresh token kept for the session is revoked at the IdP, best effort, in the background.
pub async fn logout(
    oidc: &OidcClient,
    tokens: &TokenKeeper,
    session: &AuthSession,
    everywhere: bool,
) -> Result<String, Failure> {
    let current = session.signed_in().await.map_err(session_failure(Stage::Logout))?;
    if let Some(session_id) = session.id().filter(|_| current.is_some()) {
        tokens.revoke_at_sign_out(&session_id).await;
    }
    session.end().await.map_err(session_failure(Stage::Logout))?;
    let Some(signed_in) = current.filter(|_| everywhere).map(|current| current.signed_in) else {
        return Ok(paths::SIGNED_OUT.to_owned());
    };
    let state = CsrfToken::new_random();
    match oidc.end_session_url(&signed_in.id_token, &state).await? {
        Some(url) => {
            session.remember_logout_state(&state).await.map_err(session_failure(Stage::Logout))?;
            Ok(url.to_string())
        }
        None => Ok(format!("{}?idp=unsupported", paths::SIGNED_OUT)),
    }
}

fn user_from(issuer: &str, login: &VerifiedLogin, now: i64) -> User {
    let claims = &login.claims;
    // Userinfo is fresher than the ID token; openidconnect has already checked its `sub`.
    let userinfo = login.userinfo.as_ref();
    let name = userinfo.and_then(|u| first(u.name())).or_else(|| first(claims.name()));
    // An email and its `email_verified` come from the same source: the ID token's `true`
    // says nothing about an address that userinfo sent.
    let (email, email_verified) = match userinfo.filter(|u| u.email().is_some()) {
        Some(userinfo) => (userinfo.email(), userinfo.email_verified()),
        None => (claims.email(), claims.email_verified()),
    };
    let email = email.map(|email| email.as_str().to_owned());
    User {
        subject: claims.subject().as_str().to_owned(),
        issuer: issuer.to_owned(),
        name,
        email,
        email_verified,
        signed_in_at: now,
    }
}

fn first(claim: Option<&LocalizedClaim<openidconnect::EndUserName>>) -> Option<String> {
    claim.and_then(|names| names.get(None)).map(|name| name.as_str().to_owned())
}

fn session_failure(stage: Stage) -> impl Fn(tower_sessions::session::Error) -> Failure {
    move |error| Failure::new(ErrorCode::DatabaseUnavailable, stage, format!("session store: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use openidconnect::core::{CoreIdTokenClaims, CoreUserInfoClaims};
    use openidconnect::{
        Audience, EmptyAdditionalClaims, EndUserEmail, IssuerUrl, StandardClaims, SubjectIdentifier,
    };

    fn standard(
        email: Option<&str>,
        verified: Option<bool>,
    ) -> StandardClaims<openidconnect::core::CoreGenderClaim> {
        StandardClaims::new(SubjectIdentifier::new("user-1".into()))
            .set_email(email.map(|e| EndUserEmail::new(e.into())))
            .set_email_verified(verified)
    }

    fn login(
        id_token: StandardClaims<openidconnect::core::CoreGenderClaim>,
        userinfo: Option<StandardClaims<openidconnect::core::CoreGenderClaim>>,
    ) -> VerifiedLogin {
        let now = chrono::Utc::now();
        let claims = CoreIdTokenClaims::new(
            IssuerUrl::new("https://idp.example".into()).unwrap(),
            vec![Audience::new("client".into())],
            now,
            now,
            id_token,
            EmptyAdditionalClaims {},
        );
        let userinfo = userinfo.map(|claims| CoreUserInfoClaims::new(claims, EmptyAdditionalClaims {}));
        let tokens = crate::oidc::IssuedTokens {
            access_token: openidconnect::AccessToken::new(String::new()),
            expires_in: None,
            refresh_token: None,
        };
        VerifiedLogin { claims, userinfo, id_token: String::new(), tokens, sid: None }
    }

    #[test]
    fn an_email_and_its_verification_come_from_one_source() {
        // The ID token vouches for one address; userinfo sends another without a word on it.
        let mixed = login(
            standard(Some("grace@example.com"), Some(true)),
            Some(standard(Some("someone@else.example"), None)),
        );
        let user = user_from("https://idp.example", &mixed, 0);
        assert_eq!(user.email.as_deref(), Some("someone@else.example"));
        assert_eq!(user.email_verified, None, "the ID token's `true` is not borrowed");

        let token_only = login(standard(Some("grace@example.com"), Some(true)), Some(standard(None, None)));
        let user = user_from("https://idp.example", &token_only, 0);
        assert_eq!((user.email.as_deref(), user.email_verified), (Some("grace@example.com"), Some(true)));
    }
}
