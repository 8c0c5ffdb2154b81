//! Housekeeping that one instance at a time should do. Every instance runs the same timers;
//! on PostgreSQL an advisory lock lets the first one in do the work and the others skip that
//! round. On SQLite one process owns the file, so there is nobody to wait for.

use super::{Database, Pool};
use sqlx::postgres::PgAdvisoryLock;
use sqlx::Either;
use std::future::Future;

/// A job that runs on one instance at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Deleting expired sessions.
    SweepSessions,
    /// Deleting error log rows past their retention.
    PurgeErrorLog,
}

impl Job {
    /// The advisory lock's name; sqlx derives a stable 64-bit key from it.
    fn lock_name(self) -> &'static str {
        match self {
            Self::SweepSessions => "intastellar-leptos: sweep expired sessions",
            Self::PurgeErrorLog => "intastellar-leptos: purge the error log",
        }
    }

    fn lock(self) -> PgAdvisoryLock {
        PgAdvisoryLock::new(self.lock_name())
    }
}

impl Database {
    /// Runs `work` unless another instance is running `job` right now; `Ok(None)` when it
    /// skipped. `work` uses the pool as usual; the lock is held on a connection of its own.
    pub async fn unless_running_elsewhere<T>(
        &self,
        job: Job,
        work: impl Future<Output = T>,
    ) -> Result<Option<T>, sqlx::Error> {
        let Pool::Postgres(pool) = &self.pool else {
            return Ok(Some(work.await));
        };
        let lock = job.lock();
        let guard = match lock.try_acquire(pool.acquire().await?).await? {
            Either::Left(guard) => guard,
            Either::Right(_) => return Ok(None),
        };
        let done = work.await;
        // Released now rather than when the connection is next used. If this fails the
        // connection is broken, and closing it releases the lock all the same.
        if let Err(error) = guard.release_now().await {
            tracing::warn!(%error, ?job, "could not release the advisory lock");
        }
        Ok(Some(done))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DatabaseSettings;
    use std::sync::atomic::{AtomicU32, Ordering};

    async fn runs(db: &Database, job: Job, counter: &AtomicU32) -> bool {
        let ran = db.unless_running_elsewhere(job, async { counter.fetch_add(1, Ordering::SeqCst) }).await;
        ran.expect("the lock query answers").is_some()
    }

    async fn one_instance_at_a_time(backend: test_db::Backend) {
        let test_db = test_db::TestDatabase::create(backend).await;
        let settings = DatabaseSettings::new(test_db.url());
        let (first, second) =
            (Database::connect(&settings).await.unwrap(), Database::connect(&settings).await.unwrap());
        let counter = AtomicU32::new(0);
        assert!(runs(&first, Job::SweepSessions, &counter).await, "nobody else runs it");

        // `second` holds the lock, as an instance busy with the sweep would.
        let Pool::Postgres(pool) = second.pool() else {
            // SQLite: one process owns the file, so the job always runs.
            assert!(runs(&second, Job::SweepSessions, &counter).await);
            return;
        };
        let lock = Job::SweepSessions.lock();
        let Either::Left(held) = lock.try_acquire(pool.acquire().await.unwrap()).await.unwrap() else {
            panic!("the lock is free");
        };
        assert!(!runs(&first, Job::SweepSessions, &counter).await, "skipped while another runs it");
        assert!(runs(&first, Job::PurgeErrorLog, &counter).await, "other jobs are not held up");
        held.release_now().await.unwrap();
        assert!(runs(&first, Job::SweepSessions, &counter).await, "runs again once released");
        assert_eq!(counter.load(Ordering::SeqCst), 3);
    }

    test_db::on_both_backends!(one_instance_at_a_time);
}
