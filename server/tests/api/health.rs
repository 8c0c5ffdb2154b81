use crate::helpers::{spawn_app, spawn_app_on, Backend, TestDatabase};
use reqwest::StatusCode;
use sqlx::Connection;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing_subscriber::layer::{Layer, SubscriberExt};

async fn health_and_readiness_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
}

async fn unknown_pages_are_a_friendly_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = app.body("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("We couldn't find that page"), "{body}");
    // The page knows who is visiting, as every other page does.
    assert_eq!(app.sign_in("ada").await, "/profile");
    let (status, body) = app.body("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("data-testid=\"whoami\""), "the header names the signed-in person: {body}");
}

/// `/readyz` reads; it never takes SQLite's write lock, so it cannot queue behind writes, nor
/// writes behind it.
#[tokio::test]
async fn readiness_never_waits_for_the_write_lock() {
    let app = spawn_app(Backend::Sqlite).await;
    let mut other_process = sqlx::SqliteConnection::connect(app.database.url()).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE").execute(&mut other_process).await.unwrap();
    let started = Instant::now();
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    // Well under the 5 s a writer waits for the lock (DATABASE_STATEMENT_TIMEOUT_SECONDS).
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    sqlx::query("ROLLBACK").execute(&mut other_process).await.unwrap();
}

/// However many ask `/readyz` at once, the database is asked once a second at most, so the
/// checks cannot queue in front of sign-ins. PostgreSQL's own: sqlx logs each statement on the
/// request's thread, where the test counts them (SQLite's run on a thread of their own).
#[tokio::test]
async fn a_flood_of_readiness_checks_asks_the_database_once_a_second() {
    let Some(database) = TestDatabase::postgres().await else { return };
    let app = spawn_app_on(Arc::new(database), vec![], Box::new(|_| {})).await;
    let (checks, _counting) = StatementCount::of("SELECT 1");
    let started = Instant::now();
    let flood: Vec<_> = (0..FLOOD)
        .map(|_| {
            let (client, url) = (reqwest::Client::new(), app.url("/readyz"));
            tokio::spawn(async move {
                for _ in 0..10 {
                    assert_eq!(client.get(&url).send().await.expect("GET /readyz").status(), StatusCode::OK);
                }
            })
        })
        .collect();
    assert_eq!(app.sign_in("ada").await, "/profile", "a sign-in in the middle of it");
    for client in flood {
        client.await.expect("the flood ran");
    }
    let seconds = started.elapsed().as_secs_f64();
    let asked = checks.load(Ordering::SeqCst);
    assert!(
        (1..=seconds.ceil() as usize + 1).contains(&asked),
        "{asked} checks of the database for {} requests in {seconds:.1} s",
        FLOOD * 10
    );
}

/// Clients asking `/readyz` over and over, each on its own connection.
const FLOOD: usize = 32;

/// Counts the statements sqlx runs whose summary is `statement`, while the guard lives.
struct StatementCount {
    statement: &'static str,
    count: Arc<AtomicUsize>,
}

impl StatementCount {
    fn of(statement: &'static str) -> (Arc<AtomicUsize>, tracing::subscriber::DefaultGuard) {
        let count = Arc::new(AtomicUsize::new(0));
        let layer = Self { statement, count: count.clone() };
        let guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));
        (count, guard)
    }
}

impl<S: tracing::Subscriber> Layer<S> for StatementCount {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        struct Summary<'a>(&'a str, bool);
        impl tracing::field::Visit for Summary<'_> {
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                self.1 |= field.name() == "summary" && value == self.0;
            }
            fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
        }
        if event.metadata().target() == "sqlx::query" {
            let mut summary = Summary(self.statement, false);
            event.record(&mut summary);
            if summary.1 {
                self.count.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

test_db::on_both_backends!(health_and_readiness_answer, unknown_pages_are_a_friendly_404,);
