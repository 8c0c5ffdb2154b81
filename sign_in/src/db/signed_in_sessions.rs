//! Which IdP session (`sid`) and which person (`sub`) each signed-in session belongs to. A
//! row is written when a sign-in completes and goes with its session (a foreign key with
//! `ON DELETE CASCADE`), so a sign-out, an expiry or a new session id takes it along. A logout
//! token finds its sessions here on every instance. (The devices feature reads and ends a
//! person's own with queries of its own.)

use super::Database;

/// The longest `User-Agent` kept: enough for any browser's, and a request cannot grow a row.
const MAX_USER_AGENT_CHARS: usize = 400;

/// A signed-in session, as written when its sign-in completes.
#[derive(Clone, Debug)]
pub struct NewSignedInSession<'a> {
    /// The session store's id (a credential: never shown, never in a form).
    pub session_id: &'a str,
    pub issuer: &'a str,
    pub subject: &'a str,
    /// The ID token's `sid`, when the IdP sent one.
    pub sid: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// Unix seconds.
    pub signed_in_at: i64,
}

/// Whose sessions a logout token names (Back-Channel Logout 1.0 §2.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoutTarget<'a> {
    /// The sessions of one IdP session (of this person, when the token names them too).
    Sid { sid: &'a str, subject: Option<&'a str> },
    /// Every session of the person.
    Subject(&'a str),
}

impl Database {
    /// Records the session that a sign-in just completed.
    pub async fn record_signed_in_session(
        &self,
        session: &NewSignedInSession<'_>,
    ) -> Result<(), sqlx::Error> {
        let user_agent =
            session.user_agent.map(|agent| agent.chars().take(MAX_USER_AGENT_CHARS).collect::<String>());
        // 128 random bits, URL-safe: openidconnect's CSRF token generator is just that.
        let handle = openidconnect::CsrfToken::new_random().secret().clone();
        crate::on_pool!(self, |pool| sqlx::query(
            "INSERT INTO signed_in_sessions
               (session_id, handle, issuer, subject, sid, user_agent, signed_in_at, last_active_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (session_id) DO NOTHING",
        )
        .bind(session.session_id)
        .bind(&handle)
        .bind(session.issuer)
        .bind(session.subject)
        .bind(session.sid)
        .bind(&user_agent)
        .bind(session.signed_in_at)
        .execute(pool)
        .await
        .map(|_| ()))
    }

    /// Ends the sessions a logout token names, of `issuer`; returns how many ended.
    pub async fn end_sessions_of(&self, issuer: &str, target: LogoutTarget<'_>) -> Result<u64, sqlx::Error> {
        let table = self.session_table();
        let (filter, first, second) = match target {
            LogoutTarget::Sid { sid, subject: Some(subject) } => {
                ("sid = $2 AND subject = $3", sid, Some(subject))
            }
            LogoutTarget::Sid { sid, subject: None } => ("sid = $2", sid, None),
            LogoutTarget::Subject(subject) => ("subject = $2", subject, None),
        };
        let query = format!(
            "DELETE FROM {table} WHERE id IN
               (SELECT session_id FROM signed_in_sessions WHERE issuer = $1 AND {filter})"
        );
        crate::on_pool!(self, |pool| {
            let query = sqlx::query(&query).bind(issuer).bind(first);
            let query = match second {
                Some(second) => query.bind(second),
                None => query,
            };
            query.execute(pool).await.map(|done| done.rows_affected())
        })
    }

    /// Remembers a logout token's `jti` until `expires_at` (Unix seconds). False when it was
    /// seen before: a replay, on this instance or another.
    pub async fn remember_logout_token(&self, jti: &str, expires_at: i64) -> Result<bool, sqlx::Error> {
        crate::on_pool!(self, |pool| sqlx::query(
            "INSERT INTO logout_token_ids (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING"
        )
        .bind(jti)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
    }

    /// Forgets a `jti` remembered by [`Self::remember_logout_token`].
    pub async fn forget_logout_token(&self, jti: &str) -> Result<(), sqlx::Error> {
        crate::on_pool!(self, |pool| sqlx::query("DELETE FROM logout_token_ids WHERE jti = $1")
            .bind(jti)
            .execute(pool)
            .await
            .map(|_| ()))
    }
}
