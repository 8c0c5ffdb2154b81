//! Housekeeping that every instance schedules and one at a time does (see
//! `sign_in::db::Job`): deleting expired sessions (with logout tokens' expired `jti`s and
//! the rows of sessions gone) every minute, and every hour the error log
//! rows past their retention and the oldest past its ceiling. Every delete runs in batches
//! (`sign_in::db::DELETE_BATCH_ROWS`), each well inside the statement timeout. A failed round
//! is logged and the next one tries again.

use sign_in::db::{Database, Job};
use std::fmt::Display;
use std::future::Future;
use std::time::Duration;
use tokio::time::{Interval, MissedTickBehavior};

const SESSION_SWEEP_PERIOD: Duration = Duration::from_secs(60);
const ERROR_LOG_PURGE_PERIOD: Duration = Duration::from_secs(60 * 60);

/// How long the error log keeps a row, and how many rows at most.
#[derive(Clone, Copy, Debug)]
pub struct ErrorLogLimits {
    pub retention: Duration,
    pub max_rows: u64,
}

pub async fn sweep_expired_sessions(db: Database) {
    let mut ticks = ticks(SESSION_SWEEP_PERIOD);
    loop {
        ticks.tick().await;
        round(&db, Job::SweepSessions, sweep(&db)).await;
    }
}

async fn sweep(db: &Database) -> Result<(), sqlx::Error> {
    let deleted = db.delete_expired_sessions().await?;
    if deleted > 0 {
        tracing::debug!(deleted, "deleted expired sessions");
    }
    // Back-channel logout's pieces go the same way: replays past `exp` fail anyway, and a
    // signed-in session's row lives no longer than its session.
    let forgotten = db.delete_expired_logout_token_ids().await?;
    let orphans = db.delete_orphaned_signed_in_sessions().await?;
    if forgotten + orphans > 0 {
        tracing::debug!(forgotten, orphans, "deleted expired logout token ids and orphaned session rows");
    }
    Ok(())
}

pub async fn purge_old_errors(db: Database, limits: ErrorLogLimits) {
    let mut ticks = ticks(ERROR_LOG_PURGE_PERIOD);
    loop {
        ticks.tick().await;
        purge_round(&db, limits).await;
    }
}

/// Every `period`, the first at once; after an outage, one round rather than a burst of the
/// missed ones.
fn ticks(period: Duration) -> Interval {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    ticks
}

/// How a round went.
#[derive(Debug, PartialEq, Eq)]
enum Round {
    Done,
    /// Another instance was doing this job.
    Skipped,
    Failed,
}

async fn purge_round(db: &Database, limits: ErrorLogLimits) -> Round {
    let purge = async {
        let deleted = db.purge_errors_older_than(limits.retention).await?;
        if deleted > 0 {
            tracing::info!(deleted, "purged old entries from the error log");
        }
        let trimmed = db.trim_error_log(limits.max_rows).await?;
        if trimmed > 0 {
            tracing::warn!(
                trimmed,
                max_rows = limits.max_rows,
                "the error log was full; deleted its oldest entries"
            );
        }
        Ok::<_, sqlx::Error>(())
    };
    round(db, Job::PurgeErrorLog, purge).await
}

async fn round<E: Display>(db: &Database, job: Job, work: impl Future<Output = Result<(), E>>) -> Round {
    match db.unless_running_elsewhere(job, work).await {
        Ok(Some(Ok(()))) => Round::Done,
        Ok(None) => {
            tracing::debug!(?job, "another instance is doing this round");
            Round::Skipped
        }
        Ok(Some(Err(error))) => {
            tracing::warn!(?job, %error, "housekeeping failed");
            Round::Failed
        }
        Err(error) => {
            tracing::warn!(?job, %error, "could not reach the database for housekeeping");
            Round::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sign_in::db::{DatabaseSettings, NewError};
    use test_db::{Backend, TestDatabase};

    const LIMITS: ErrorLogLimits = ErrorLogLimits { retention: Duration::from_secs(86_400), max_rows: 1_000 };

    /// Two instances on one database: while one purges the error log, the other's round
    /// skips; once it is done, the other's next round runs.
    async fn the_error_log_is_purged_by_one_instance_at_a_time(backend: Backend) {
        let database = TestDatabase::create(backend).await;
        let settings = DatabaseSettings::new(database.url());
        let (one, two) =
            (Database::connect(&settings).await.unwrap(), Database::connect(&settings).await.unwrap());
        one.migrate().await.unwrap();
        let old = NewError { reference: "OLDR-OWXX", occurred_at: 0, ..NewError::example() };
        one.insert_error(&old).await.unwrap();

        let (started, started_rx) = tokio::sync::oneshot::channel();
        let (finish, finish_rx) = tokio::sync::oneshot::channel::<()>();
        let busy = tokio::spawn(async move {
            let slow_round = async {
                let _ = started.send(());
                let _ = finish_rx.await;
            };
            two.unless_running_elsewhere(Job::PurgeErrorLog, slow_round).await.unwrap()
        });
        if backend == Backend::Sqlite {
            // One process owns a SQLite file: nobody to wait for.
            assert_eq!(purge_round(&one, LIMITS).await, Round::Done);
            assert_eq!(rows(&one).await, 0);
            let _ = finish.send(());
            return;
        }
        started_rx.await.unwrap();
        assert_eq!(purge_round(&one, LIMITS).await, Round::Skipped);
        assert_eq!(rows(&one).await, 1, "the skipped round deleted nothing");
        finish.send(()).unwrap();
        assert!(busy.await.unwrap().is_some(), "the other instance did its round");
        assert_eq!(purge_round(&one, LIMITS).await, Round::Done);
        assert_eq!(rows(&one).await, 0);
    }

    async fn rows(db: &Database) -> i64 {
        let query = "SELECT COUNT(*) FROM auth_errors";
        let (count,): (i64,) =
            sign_in::on_pool!(db, |pool| sqlx::query_as(query).fetch_one(pool).await).unwrap();
        count
    }

    test_db::on_both_backends!(the_error_log_is_purged_by_one_instance_at_a_time);
}
