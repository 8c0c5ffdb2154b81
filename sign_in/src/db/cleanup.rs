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
