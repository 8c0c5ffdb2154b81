//! The deletes that keep the database small: expired sessions, error log rows past their
//! retention, and the oldest rows past the log's ceiling. Each runs in batches of
//! [`DELETE_BATCH_ROWS`], so however much has piled up (a million rows after a flood, say),
//! every statement is a few milliseconds of work, far inside the statement timeout, and the
//! site's own writes get their turn between batches (SQLite has one writer).

use super::{Backend, Database};
use crate::clock::unix_now;
use std::future::Future;
use std::time::Duration;
use time::OffsetDateTime;

/// The most rows one delete statement removes.
pub const DELETE_BATCH_ROWS: u64 = 5_000;

impl Database {
    /// Deletes sessions past their expiry; returns how many went.
    pub async fn delete_expired_sessions(&self) -> Result<u64, sqlx::Error> {
        let table = self.session_table();
        let query = format!(
            "DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE expiry_date < $1 LIMIT $2)"
        );
        // Bound as the session stores bind an expiry, so the two compare alike.
        let (query, now) = (query.as_str(), OffsetDateTime::now_utc());
        in_batches(|limit| async move {
            crate::on_pool!(self, |pool| sqlx::query(query)
                .bind(now)
                .bind(limit)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()))
        })
        .await
    }

    /// Deletes failures logged more than `retention` ago; returns how many went.
    pub async fn purge_errors_older_than(&self, retention: Duration) -> Result<u64, sqlx::Error> {
        let age = i64::try_from(retention.as_secs()).unwrap_or(i64::MAX);
        let cutoff = unix_now().saturating_sub(age);
        let query = "DELETE FROM auth_errors WHERE reference IN
                       (SELECT reference FROM auth_errors WHERE occurred_at < $1 LIMIT $2)";
        in_batches(|limit| async move {
            crate::on_pool!(self, |pool| sqlx::query(query)
                .bind(cutoff)
                .bind(limit)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()))
        })
        .await
    }

    /// Deletes the oldest failures until at most `max_rows` are left; returns how many went.
    pub async fn trim_error_log(&self, max_rows: u64) -> Result<u64, sqlx::Error> {
        let count = "SELECT COUNT(*) FROM auth_errors";
        let (rows,): (i64,) = crate::on_pool!(self, |pool| sqlx::query_as(count).fetch_one(pool).await)?;
        let mut excess = u64::try_from(rows).unwrap_or(0).saturating_sub(max_rows);
        let query = "DELETE FROM auth_errors WHERE reference IN
                       (SELECT reference FROM auth_errors ORDER BY occurred_at, reference LIMIT $1)";
        let mut deleted = 0;
        while excess > 0 {
            let limit = i64::try_from(excess.min(DELETE_BATCH_ROWS)).unwrap_or(0);
            let batch = crate::on_pool!(self, |pool| sqlx::query(query)
                .bind(limit)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()))?;
            if batch == 0 {
                break;
            }
            deleted += batch;
            excess = excess.saturating_sub(batch);
        }
        Ok(deleted)
    }

    /// Deletes the `jti`s of logout tokens past their expiry (a replay of those fails on
    /// `exp` anyway); returns how many went.
    pub async fn delete_expired_logout_token_ids(&self) -> Result<u64, sqlx::Error> {
        let now = unix_now();
        let query = "DELETE FROM logout_token_ids WHERE jti IN
                       (SELECT jti FROM logout_token_ids WHERE expires_at < $1 LIMIT $2)";
        in_batches(|limit| async move {
            crate::on_pool!(self, |pool| sqlx::query(query)
                .bind(now)
                .bind(limit)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()))
        })
        .await
    }

    /// Deletes the rows of signed-in sessions whose session is gone. The foreign key takes
    /// them along with their session; this catches a session table emptied some other way
    /// (a restore, SQLite without foreign keys). Returns how many went.
    pub async fn delete_orphaned_signed_in_sessions(&self) -> Result<u64, sqlx::Error> {
        let table = self.session_table();
        let query = format!(
            "DELETE FROM signed_in_sessions WHERE session_id IN
               (SELECT session_id FROM signed_in_sessions
                WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {table}.id = signed_in_sessions.session_id) LIMIT $1)"
        );
        let query = query.as_str();
        in_batches(|limit| async move {
            crate::on_pool!(self, |pool| sqlx::query(query)
                .bind(limit)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()))
        })
        .await
    }

    /// The sessions' table, as the backend's session store names it.
    pub fn session_table(&self) -> &'static str {
        match self.backend() {
            Backend::Sqlite => "tower_sessions",
            Backend::Postgres => "tower_sessions.session",
        }
    }
}

/// Runs `batch` (given its row limit) until a batch deletes fewer rows than that; returns the total.
async fn in_batches<F, Fut>(mut batch: F) -> Result<u64, sqlx::Error>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<u64, sqlx::Error>>,
{
    let limit = i64::try_from(DELETE_BATCH_ROWS).unwrap_or(i64::MAX);
    let mut total = 0;
    loop {
        let deleted = batch(limit).await?;
        total += deleted;
        if deleted < DELETE_BATCH_ROWS {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DatabaseSettings;

    const MILLION: u64 = 1_000_000;

    /// A million expired sessions (a flood, or sweeps missed while the database was away)
    /// are deleted in batches that each finish inside a short statement timeout.
    #[tokio::test]
    async fn a_million_expired_sessions_go_in_batches_inside_a_short_statement_timeout() {
        let Some(database) = test_db::TestDatabase::postgres().await else { return };
        let patient = DatabaseSettings {
            statement_timeout: Duration::from_secs(300),
            ..DatabaseSettings::new(database.url())
        };
        let setup = Database::connect(&patient).await.unwrap();
        setup.migrate().await.unwrap();
        let crate::db::Pool::Postgres(pool) = setup.pool() else { unreachable!("a PostgreSQL database") };
        sqlx::query(
            "INSERT INTO tower_sessions.session (id, data, expiry_date)
             SELECT 'expired-' || n, '\\x00'::bytea, now() - interval '1 hour' FROM generate_series(1, $1) AS n",
        )
        .bind(i64::try_from(MILLION).unwrap())
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO tower_sessions.session VALUES ('live', '\\x00'::bytea, now() + interval '1 hour')",
        )
        .execute(pool)
        .await
        .unwrap();

        // One statement for all of them would take seconds; each batch takes milliseconds.
        let hurried = DatabaseSettings {
            statement_timeout: Duration::from_secs(1),
            ..DatabaseSettings::new(database.url())
        };
        let db = Database::connect(&hurried).await.unwrap();
        assert_eq!(db.delete_expired_sessions().await.unwrap(), MILLION);
        let (left,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM tower_sessions.session").fetch_one(pool).await.unwrap();
        assert_eq!(left, 1, "the live session stays");
    }

    async fn the_error_log_keeps_its_newest_rows_up_to_the_ceiling(backend: test_db::Backend) {
        let database = test_db::TestDatabase::create(backend).await;
        let db = Database::connect(&DatabaseSettings::new(database.url())).await.unwrap();
        db.migrate().await.unwrap();
        let rows = DELETE_BATCH_ROWS + 500;
        crate::on_pool!(db, |pool| sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
             INSERT INTO auth_errors (reference, occurred_at, stage, code, request_path, had_session)
             SELECT 'R' || i, i, 'callback', 'unknown', '/auth/callback', false FROM n"
        )
        .bind(i64::try_from(rows).unwrap())
        .execute(pool)
        .await
        .map(|_| ()))
        .unwrap();
        assert_eq!(db.trim_error_log(100).await.unwrap(), rows - 100);
        let query = "SELECT MIN(occurred_at), COUNT(*) FROM auth_errors";
        let (oldest, count): (i64, i64) =
            crate::on_pool!(db, |pool| sqlx::query_as(query).fetch_one(pool).await).unwrap();
        assert_eq!((oldest, count), (i64::try_from(rows).unwrap() - 99, 100), "the newest are kept");
    }

    test_db::on_both_backends!(the_error_log_keeps_its_newest_rows_up_to_the_ceiling);
}
