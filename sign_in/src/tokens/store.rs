//! The `session_tokens` table: one row per signed-in session that keeps tokens, written once
//! for both databases. The lease columns say which instance is refreshing the row right now.

use super::cipher::Sealed;
use crate::db::Database;

/// A row as stored: sealed values, never a plaintext token.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct Row {
    pub(crate) subject: String,
    pub(crate) auth_time: Option<i64>,
    pub(crate) key_id: String,
    pub(crate) access_nonce: Vec<u8>,
    pub(crate) access_token: Vec<u8>,
    pub(crate) access_expires_at: i64,
    pub(crate) refresh_nonce: Option<Vec<u8>>,
    pub(crate) refresh_token: Option<Vec<u8>>,
}

impl Row {
    pub(crate) fn access(&self) -> Sealed {
        Sealed {
            key_id: self.key_id.clone(),
            nonce: self.access_nonce.clone(),
            ciphertext: self.access_token.clone(),
        }
    }

    pub(crate) fn refresh(&self) -> Option<Sealed> {
        let (nonce, ciphertext) = (self.refresh_nonce.clone()?, self.refresh_token.clone()?);
        Some(Sealed { key_id: self.key_id.clone(), nonce, ciphertext })
    }
}

/// What a sign-in or a refresh writes. Both tokens are sealed with the same key.
pub(crate) struct NewTokens {
    pub(crate) access: Sealed,
    pub(crate) access_expires_at: i64,
    pub(crate) refresh: Option<Sealed>,
}

impl NewTokens {
    fn refresh_parts(&self) -> (Option<&[u8]>, Option<&[u8]>) {
        let refresh = self.refresh.as_ref();
        (refresh.map(|r| r.nonce.as_slice()), refresh.map(|r| r.ciphertext.as_slice()))
    }
}

const COLUMNS: &str = "subject, auth_time, key_id, access_nonce, access_token, access_expires_at, \
                       refresh_nonce, refresh_token";

pub(crate) async fn insert(
    db: &Database,
    session_id: &str,
    subject: &str,
    auth_time: Option<i64>,
    tokens: &NewTokens,
) -> Result<(), sqlx::Error> {
    let query = format!(
        "INSERT INTO session_tokens (session_id, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    );
    let (refresh_nonce, refresh_token) = tokens.refresh_parts();
    crate::on_pool!(db, |pool| sqlx::query(&query)
        .bind(session_id)
        .bind(subject)
        .bind(auth_time)
        .bind(&tokens.access.key_id)
        .bind(&tokens.access.nonce)
        .bind(&tokens.access.ciphertext)
        .bind(tokens.access_expires_at)
        .bind(refresh_nonce)
        .bind(refresh_token)
        .execute(pool)
        .await
        .map(|_| ()))
}

pub(crate) async fn load(db: &Database, session_id: &str) -> Result<Option<Row>, sqlx::Error> {
    let query = format!("SELECT {COLUMNS} FROM session_tokens WHERE session_id = $1");
    crate::on_pool!(db, |pool| sqlx::query_as(&query).bind(session_id).fetch_optional(pool).await)
}

/// Takes the lease on a row whose access token is due (expires before `due_before`), unless
/// another holder's lease is still running at `now`. True when `holder` now has it.
pub(crate) async fn take_lease(
    db: &Database,
    session_id: &str,
    holder: &str,
    now: i64,
    until: i64,
    due_before: i64,
) -> Result<bool, sqlx::Error> {
    let query = "UPDATE session_tokens SET lease_holder = $1, lease_until = $2
                 WHERE session_id = $3 AND access_expires_at <= $4
                   AND (lease_until IS NULL OR lease_until <= $5)";
    crate::on_pool!(db, |pool| sqlx::query(query)
        .bind(holder)
        .bind(until)
        .bind(session_id)
        .bind(due_before)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Stores a refresh's tokens and ends the lease, in one statement: the rotated refresh token
/// never exists without the access token it came with. False when `holder` lost the lease.
pub(crate) async fn store_refreshed(
    db: &Database,
    session_id: &str,
    holder: &str,
    tokens: &NewTokens,
) -> Result<bool, sqlx::Error> {
    let query = "UPDATE session_tokens SET key_id = $1, access_nonce = $2, access_token = $3,
                   access_expires_at = $4, refresh_nonce = $5, refresh_token = $6,
                   lease_holder = NULL, lease_until = NULL
                 WHERE session_id = $7 AND lease_holder = $8";
    let (refresh_nonce, refresh_token) = tokens.refresh_parts();
    crate::on_pool!(db, |pool| sqlx::query(query)
        .bind(&tokens.access.key_id)
        .bind(&tokens.access.nonce)
        .bind(&tokens.access.ciphertext)
        .bind(tokens.access_expires_at)
        .bind(refresh_nonce)
        .bind(refresh_token)
        .bind(session_id)
        .bind(holder)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Gives the lease back after a refresh that did not happen (the IdP did not answer).
pub(crate) async fn release_lease(db: &Database, session_id: &str, holder: &str) -> Result<(), sqlx::Error> {
    let query = "UPDATE session_tokens SET lease_holder = NULL, lease_until = NULL
                 WHERE session_id = $1 AND lease_holder = $2";
    crate::on_pool!(db, |pool| sqlx::query(query)
        .bind(session_id)
        .bind(holder)
        .execute(pool)
        .await
        .map(|_| ()))
}

pub(crate) async fn delete(db: &Database, session_id: &str) -> Result<(), sqlx::Error> {
    let query = "DELETE FROM session_tokens WHERE session_id = $1";
    crate::on_pool!(db, |pool| sqlx::query(query).bind(session_id).execute(pool).await.map(|_| ()))
}
