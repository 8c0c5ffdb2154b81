//! Housekeeping that every instance schedules and one at a time does (see
//! `app::db::Job`): deleting expired sessions every minute, and error log rows past their
//! retention every hour. A failed round is logged and the next one tries again.

use app::db::{Database, Job};
use std::fmt::Display;
use std::future::Future;
use std::time::Duration;
use tower_sessions::ExpiredDeletion;

const SESSION_SWEEP_PERIOD: Duration = Duration::from_secs(60);
const ERROR_LOG_PURGE_PERIOD: Duration = Duration::from_secs(60 * 60);

pub async fn sweep_expired_sessions(db: Database, store: impl ExpiredDeletion) {
    every(&db, Job::SweepSessions, SESSION_SWEEP_PERIOD, || store.delete_expired()).await
}

pub async fn purge_old_errors(db: Database, retention: Duration) {
    every(&db, Job::PurgeErrorLog, ERROR_LOG_PURGE_PERIOD, || async {
        let deleted = db.purge_errors_older_than(retention).await?;
        if deleted > 0 {
            tracing::info!(deleted, "purged old entries from the error log");
        }
        Ok::<_, sqlx::Error>(())
    })
    .await
}

/// Runs `work` every `period` (the first time at once), unless another instance is at it.
async fn every<F, E>(db: &Database, job: Job, period: Duration, work: impl Fn() -> F)
where
    F: Future<Output = Result<(), E>>,
    E: Display,
{
    let mut ticks = tokio::time::interval(period);
    // After an outage, one round rather than a burst of the missed ones.
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match db.unless_running_elsewhere(job, work()).await {
            Ok(Some(Ok(()))) => {}
            Ok(None) => tracing::debug!(?job, "another instance is doing this round"),
            Ok(Some(Err(error))) => tracing::warn!(?job, %error, "housekeeping failed"),
            Err(error) => tracing::warn!(?job, %error, "could not reach the database for housekeeping"),
        }
    }
}
