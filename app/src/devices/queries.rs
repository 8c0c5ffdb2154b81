//! What the devices page reads from and deletes in `signed_in_sessions` (the sign-in core
//! writes its rows at sign-in). Every delete goes through the session table, so the row goes
//! with its session, and matches the signed-in person as well as the handle.

use sign_in::db::Database;

/// One of a person's signed-in sessions, as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Row {
    /// What forms name this session by: random, and only ever matched with its owner.
    pub handle: String,
    pub user_agent: Option<String>,
    /// Unix seconds.
    pub signed_in_at: i64,
    /// Unix seconds, written at most every few minutes.
    pub last_active_at: i64,
}

/// The person, by issuer and subject.
#[derive(Clone, Copy, Debug)]
pub struct Person<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
}

/// The person's signed-in sessions, the most recently active first.
pub async fn sessions_of(db: &Database, person: Person<'_>) -> Result<Vec<Row>, sqlx::Error> {
    sign_in::on_pool!(db, |pool| sqlx::query_as(
        "SELECT handle, user_agent, signed_in_at, last_active_at FROM signed_in_sessions
         WHERE issuer = $1 AND subject = $2 ORDER BY last_active_at DESC, signed_in_at DESC, handle"
    )
    .bind(person.issuer)
    .bind(person.subject)
    .fetch_all(pool)
    .await)
}

/// The handle of the session `session_id`, if it is signed in.
pub async fn handle_of(db: &Database, session_id: &str) -> Result<Option<String>, sqlx::Error> {
    sign_in::on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT handle FROM signed_in_sessions WHERE session_id = $1"
    )
    .bind(session_id)
    .fetch_optional(pool)
    .await)
}

/// Ends the person's session named `handle`; a handle of anyone else's session ends nothing.
pub async fn end_one(db: &Database, person: Person<'_>, handle: &str) -> Result<bool, sqlx::Error> {
    let query = format!(
        "DELETE FROM {} WHERE id IN (SELECT session_id FROM signed_in_sessions
           WHERE issuer = $1 AND subject = $2 AND handle = $3)",
        db.session_table()
    );
    sign_in::on_pool!(db, |pool| sqlx::query(&query)
        .bind(person.issuer)
        .bind(person.subject)
        .bind(handle)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() > 0))
}

/// Ends every session of the person but `keep` (this browser's); returns how many ended.
pub async fn end_others(db: &Database, person: Person<'_>, keep: &str) -> Result<u64, sqlx::Error> {
    let query = format!(
        "DELETE FROM {} WHERE id IN (SELECT session_id FROM signed_in_sessions
           WHERE issuer = $1 AND subject = $2 AND session_id <> $3)",
        db.session_table()
    );
    sign_in::on_pool!(db, |pool| sqlx::query(&query)
        .bind(person.issuer)
        .bind(person.subject)
        .bind(keep)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
}

/// Notes that the session was active at `now`, unless it was within `every` seconds.
pub async fn touch(db: &Database, session_id: &str, now: i64, every: i64) -> Result<(), sqlx::Error> {
    sign_in::on_pool!(db, |pool| sqlx::query(
        "UPDATE signed_in_sessions SET last_active_at = $2 WHERE session_id = $1 AND last_active_at <= $3"
    )
    .bind(session_id)
    .bind(now)
    .bind(now.saturating_sub(every))
    .execute(pool)
    .await
    .map(|_| ()))
}
