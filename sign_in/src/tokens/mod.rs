//! Tokens for calling APIs as the signed-in person: kept with the session, on the server only,
//! sealed at rest ([`cipher`]), and refreshed exactly once however many requests need them at
//! the same moment: one at a time per session in this process (a lock per session), and one
//! instance at a time across instances (a lease in the session's row). Whoever waits reads
//! the refreshed tokens from the row instead of refreshing again, so no rotated-away refresh
//! token is ever sent. [`TokenKeeper::access_token`] is the one function a feature calls.

mod cipher;
mod store;
#[cfg(test)]
mod tests;

pub use cipher::{KeyError, OpenError, Purpose, Sealed, TokenKey, TokenKeys, KEY_BYTES};

use crate::clock::Clock;
use crate::db::Database;
use crate::errors::{ErrorCode, Failure, Stage};
use crate::oidc::{IssuedTokens, OidcClient, Refreshed, Refreshing};
use crate::session::AuthSession;
use openidconnect::{AccessToken, RefreshToken};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::{NewTokens, Row};

/// How often a request whose session another instance is refreshing looks for the result.
const WAIT_POLL: Duration = Duration::from_millis(25);

/// How long an access token is taken to live when the IdP does not say (`expires_in`).
const UNSTATED_LIFETIME_SECONDS: i64 = 300;

/// An access token that is valid now, and when it expires (Unix seconds). `AccessToken`'s
/// `Debug` prints nothing of it.
#[derive(Debug)]
pub struct ValidToken {
    pub access_token: AccessToken,
    pub expires_at: i64,
    /// Whose token it is (`sub`): an API's answer about someone else is not theirs.
    pub subject: String,
}

/// Why no access token is at hand.
#[derive(Debug)]
pub enum TokenError {
    /// Nobody is signed in.
    SignedOut,
    /// This site keeps no tokens (no `TOKEN_ENCRYPTION_KEY`), or kept none for this session
    /// (it signed in before the key was set).
    NotKept,
    /// The IdP refused the refresh (`invalid_grant`: revoked, expired, or reused) or its
    /// answer failed our checks: the session has ended and the person must sign in again.
    /// The failure is for the team's log; `None` when another request of the same session
    /// met it first and logged it.
    Refused(Option<Failure>),
    /// The IdP did not answer, or our database did not: the session stays; try again later.
    Unavailable(Failure),
}

/// Keeps, refreshes and forgets the tokens of signed-in sessions.
pub struct TokenKeeper {
    /// `None`: tokens are not kept, and sign-in works as without this module.
    keys: Option<TokenKeys>,
    db: Database,
    oidc: Arc<OidcClient>,
    clock: Clock,
    /// How long an instance may hold a refresh's lease: longer than the IdP's timeouts, so
    /// a lease only runs out when its holder died.
    lease: Duration,
    /// The single flight in this process: the lock each session's refresh takes.
    in_flight: std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl std::fmt::Debug for TokenKeeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeeper").field("keeps_tokens", &self.keeps_tokens()).finish_non_exhaustive()
    }
}

impl TokenKeeper {
    pub fn new(keys: Option<TokenKeys>, db: Database, oidc: Arc<OidcClient>, clock: Clock) -> Self {
        let lease = oidc.request_timeout() * 2 + Duration::from_secs(5);
        Self { keys, db, oidc, clock, lease, in_flight: std::sync::Mutex::default() }
    }

    /// Whether this site keeps tokens at all.
    pub fn keeps_tokens(&self) -> bool {
        self.keys.is_some()
    }

    /// A valid access token for the signed-in person of `session`, refreshed first when it
    /// has expired or is about to (within the clock leeway). Call it for every API call:
    /// it reads one row when nothing is due.
    pub async fn access_token(&self, session: &AuthSession) -> Result<ValidToken, TokenError> {
        let Some(keys) = &self.keys else { return Err(TokenError::NotKept) };
        let signed_in = session.signed_in().await.map_err(|e| database_failure(&e.to_string()))?;
        let (Some(_), Some(session_id)) = (signed_in, session.id()) else {
            return Err(TokenError::SignedOut);
        };
        let row = store::load(&self.db, &session_id).await.map_err(|e| database_failure(&e.to_string()))?;
        let row = row.ok_or(TokenError::NotKept)?;
        if !self.is_due(&row) {
            return open_access(keys, &session_id, &row);
        }
        let flight = self.flight(&session_id);
        let result = {
            let _our_turn = flight.lock().await;
            self.refresh_or_wait(keys, &session_id).await
        };
        self.land(&session_id, flight);
        if matches!(result, Err(TokenError::Refused(_))) {
            // Deleting the session deletes its tokens' row with it.
            if let Err(error) = session.end().await {
                tracing::warn!(%error, "could not end the session whose refresh was refused");
            }
        }
        result
    }

    /// Keeps the tokens of a sign-in that just completed, under its session's id.
    pub(crate) async fn keep(
        &self,
        session_id: &str,
        subject: &str,
        auth_time: Option<i64>,
        tokens: &IssuedTokens,
    ) -> Result<(), sqlx::Error> {
        let Some(keys) = &self.keys else { return Ok(()) };
        let sealed = self.seal(keys, session_id, tokens, None);
        store::insert(&self.db, session_id, subject, auth_time, &sealed).await
    }

    /// At sign-out, before the session (and with it the row) is deleted: revokes the refresh
    /// token at the IdP in the background, best effort, so the sign-out never waits for it.
    pub(crate) async fn revoke_at_sign_out(&self, session_id: &str) {
        let Some(keys) = &self.keys else { return };
        let row = match store::load(&self.db, session_id).await {
            Ok(Some(row)) => row,
            Ok(None) => return,
            Err(error) => return tracing::warn!(%error, "could not read the tokens to revoke at sign-out"),
        };
        let Some(Ok(refresh_token)) =
            row.refresh().map(|sealed| keys.open(&sealed, session_id, Purpose::RefreshToken))
        else {
            return;
        };
        let oidc = self.oidc.clone();
        tokio::spawn(async move {
            match oidc.revoke(RefreshToken::new(refresh_token)).await {
                Ok(true) => tracing::info!("revoked the refresh token at sign-out"),
                Ok(false) => tracing::debug!("the IdP lists no revocation endpoint; nothing revoked"),
                Err(failure) => tracing::warn!(cause = %failure.cause, "could not revoke the refresh token"),
            }
        });
    }

    fn is_due(&self, row: &Row) -> bool {
        let leeway = i64::try_from(self.oidc.clock_leeway().as_secs()).unwrap_or(i64::MAX);
        row.access_expires_at <= self.clock.now().saturating_add(leeway)
    }

    /// Refreshes the session's tokens, unless another instance is doing it: then waits for
    /// its result in the row.
    async fn refresh_or_wait(&self, keys: &TokenKeys, session_id: &str) -> Result<ValidToken, TokenError> {
        let lease_seconds = i64::try_from(self.lease.as_secs()).unwrap_or(i64::MAX);
        let give_up = Instant::now() + self.lease * 2;
        let holder = crate::errors::new_reference();
        loop {
            let row = self.reload(session_id).await?;
            if !self.is_due(&row) {
                return open_access(keys, session_id, &row);
            }
            let now = self.clock.now();
            let leeway = i64::try_from(self.oidc.clock_leeway().as_secs()).unwrap_or(i64::MAX);
            let taken =
                store::take_lease(&self.db, session_id, &holder, now, now + lease_seconds, now + leeway)
                    .await
                    .map_err(|e| database_failure(&e.to_string()))?;
            if taken {
                // Read again under the lease: the refresh token is the one no one has used.
                let row = self.reload(session_id).await?;
                return self.refresh(keys, session_id, &row, &holder).await;
            }
            if Instant::now() >= give_up {
                let cause = "another instance's refresh of this session did not finish in time";
                return Err(TokenError::Unavailable(Failure::new(
                    ErrorCode::IdpUnreachable,
                    Stage::Token,
                    cause,
                )));
            }
            tokio::time::sleep(WAIT_POLL).await;
        }
    }

    /// The session's row, which a refresh refused elsewhere may have deleted.
    async fn reload(&self, session_id: &str) -> Result<Row, TokenError> {
        let row = store::load(&self.db, session_id).await.map_err(|e| database_failure(&e.to_string()))?;
        row.ok_or(TokenError::Refused(None))
    }

    async fn refresh(
        &self,
        keys: &TokenKeys,
        session_id: &str,
        row: &Row,
        holder: &str,
    ) -> Result<ValidToken, TokenError> {
        let opened = row.refresh().map(|sealed| keys.open(&sealed, session_id, Purpose::RefreshToken));
        let refresh_token = match opened {
            Some(Ok(token)) => RefreshToken::new(token),
            Some(Err(error)) => return self.refused(session_id, unreadable(&error)).await,
            None => {
                let cause = "the access token expired and the IdP gave no refresh token (offline_access)";
                return self
                    .refused(session_id, Failure::new(ErrorCode::RefreshRefused, Stage::Token, cause))
                    .await;
            }
        };
        let expected = Refreshing { subject: &row.subject, auth_time: row.auth_time };
        match self.oidc.refresh(&refresh_token, expected).await {
            Ok(Refreshed { tokens }) => {
                let sealed = self.seal(keys, session_id, &tokens, Some(&refresh_token));
                let stored = store::store_refreshed(&self.db, session_id, holder, &sealed).await;
                match stored {
                    Ok(true) => tracing::debug!("refreshed the access token"),
                    Ok(false) => {
                        tracing::error!("refreshed, but the lease had run out: the tokens are not stored")
                    }
                    Err(error) => tracing::error!(%error, "refreshed, but the tokens could not be stored"),
                }
                let subject = row.subject.clone();
                Ok(ValidToken {
                    access_token: tokens.access_token,
                    expires_at: sealed.access_expires_at,
                    subject,
                })
            }
            Err(failure) if is_temporary(failure.code) => {
                if let Err(error) = store::release_lease(&self.db, session_id, holder).await {
                    tracing::warn!(%error, "could not release the refresh lease; it runs out by itself");
                }
                Err(TokenError::Unavailable(failure))
            }
            Err(failure) => {
                let code = if failure.code == ErrorCode::InvalidGrant {
                    ErrorCode::RefreshRefused
                } else {
                    failure.code
                };
                self.refused(session_id, Failure { code, ..failure }).await
            }
        }
    }

    async fn refused(&self, session_id: &str, failure: Failure) -> Result<ValidToken, TokenError> {
        tracing::warn!(code = failure.code.as_str(), cause = %failure.cause, "refresh refused; the session ends");
        if let Err(error) = store::delete(&self.db, session_id).await {
            tracing::warn!(%error, "could not delete the refused tokens; the session's end deletes them");
        }
        Err(TokenError::Refused(Some(failure)))
    }

    /// Seals a token response for `session_id`. A response without a refresh token (the IdP
    /// does not rotate) keeps `previous`.
    fn seal(
        &self,
        keys: &TokenKeys,
        session_id: &str,
        tokens: &IssuedTokens,
        previous: Option<&RefreshToken>,
    ) -> NewTokens {
        let lifetime = tokens
            .expires_in
            .map_or(UNSTATED_LIFETIME_SECONDS, |life| i64::try_from(life.as_secs()).unwrap_or(i64::MAX));
        let refresh = tokens.refresh_token.as_ref().or(previous);
        NewTokens {
            access: keys.seal(tokens.access_token.secret(), session_id, Purpose::AccessToken),
            access_expires_at: self.clock.now().saturating_add(lifetime),
            refresh: refresh.map(|token| keys.seal(token.secret(), session_id, Purpose::RefreshToken)),
        }
    }

    /// The lock for this session's refresh in this process.
    fn flight(&self, session_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        in_flight.entry(session_id.to_owned()).or_default().clone()
    }

    /// Forgets the session's lock once nobody else holds or waits for it, so the map holds
    /// only sessions being refreshed right now.
    fn land(&self, session_id: &str, flight: Arc<tokio::sync::Mutex<()>>) {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Two references: the map's and ours.
        if Arc::strong_count(&flight) <= 2 {
            in_flight.remove(session_id);
        }
    }
}

fn open_access(keys: &TokenKeys, session_id: &str, row: &Row) -> Result<ValidToken, TokenError> {
    match keys.open(&row.access(), session_id, Purpose::AccessToken) {
        Ok(token) => Ok(ValidToken {
            access_token: AccessToken::new(token),
            expires_at: row.access_expires_at,
            subject: row.subject.clone(),
        }),
        Err(error) => Err(TokenError::Refused(Some(unreadable(&error)))),
    }
}

/// Tokens this site can no longer open (sealed under a key it has dropped): signing in
/// again gets new ones.
fn unreadable(error: &OpenError) -> Failure {
    Failure::new(ErrorCode::RefreshRefused, Stage::Token, format!("kept tokens do not open: {error}"))
}

/// Failures that say nothing about the tokens: the IdP or the network, for now.
fn is_temporary(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::IdpUnreachable
            | ErrorCode::ServerError
            | ErrorCode::TemporarilyUnavailable
            | ErrorCode::DiscoveryFailed
    )
}

fn database_failure(cause: &str) -> TokenError {
    TokenError::Unavailable(Failure::new(ErrorCode::DatabaseUnavailable, Stage::Token, cause.to_owned()))
}
