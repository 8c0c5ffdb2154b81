//! Health checks for load balancers and orchestrators.

use axum::extract::State;
use axum::http::StatusCode;
use sign_in::db::Database;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// How long one check of the database answers `/readyz` for.
const FRESH_FOR: Duration = Duration::from_secs(1);

/// 200 while the process serves.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 only while the database answers.
pub async fn readyz(State(readiness): State<Readiness>) -> (StatusCode, &'static str) {
    if readiness.ready().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// Whether the database answers, checked at most once a second however often `/readyz` is
/// asked: anyone may ask, and a flood of checks must not queue in front of sign-ins.
#[derive(Clone, Debug)]
pub struct Readiness {
    db: Database,
    latest: Arc<Mutex<Option<Check>>>,
}

#[derive(Clone, Copy, Debug)]
struct Check {
    at: Instant,
    ready: bool,
}

impl Readiness {
    pub fn new(db: Database) -> Self {
        Self { db, latest: Arc::default() }
    }

    pub async fn ready(&self) -> bool {
        // Requests that arrive while a check runs wait for it and share its answer.
        let mut latest = self.latest.lock().await;
        if let Some(check) = *latest {
            if check.at.elapsed() < FRESH_FOR {
                return check.ready;
            }
        }
        let ready = self.db.ping().await;
        *latest = Some(Check { at: Instant::now(), ready });
        ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sign_in::db::DatabaseSettings;

    #[tokio::test]
    async fn a_check_answers_for_a_second_then_the_database_is_asked_again() {
        let test_db = test_db::TestDatabase::create(test_db::Backend::Sqlite).await;
        let db = Database::connect(&DatabaseSettings::new(test_db.url())).await.unwrap();
        let readiness = Readiness::new(db.clone());
        assert!(readiness.ready().await);
        db.close().await;
        assert!(readiness.ready().await, "the answer of a moment ago");
        tokio::time::sleep(FRESH_FOR).await;
        assert!(!readiness.ready().await, "a second later, the database is asked again");
    }
}
