//! PostgreSQL restarted while signed-in visitors load pages: every connection the site holds
//! is cut at once. Meanwhile a page is either itself or the friendly 503, never a raw error
//! and never a signed-out page (no session is lost); once the database is back, every page
//! is itself again.

use crate::db_proxy::DbProxy;
use crate::helpers::{assert_nothing_panicked, spawn_app_on, watch_for_panics, TestApp, TestDatabase};
use reqwest::StatusCode;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Signed-in clients loading `/profile` at once, the whole time.
const CLIENTS: usize = 8;

/// When a page was asked for, relative to the outage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Phase {
    Before,
    /// From the cut until the site is ready again.
    During,
    After,
}

/// What a signed-in visitor got.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Profile,
    /// The catalogue's words for an outage, with a 503.
    FriendlyUnavailable,
    Other {
        status: StatusCode,
        start: String,
    },
}

async fn answer(app: &TestApp) -> Answer {
    let response = app.get("/profile").await;
    let status = response.status();
    let page = response.text().await.unwrap_or_default();
    match status {
        StatusCode::OK if page.contains("Ada Lovelace") => Answer::Profile,
        StatusCode::SERVICE_UNAVAILABLE
            if page.contains("We couldn't load your profile")
                && page.contains("This site is having trouble") =>
        {
            Answer::FriendlyUnavailable
        }
        _ => Answer::Other { status, start: page.chars().take(300).collect() },
    }
}

/// Ada signs in on a site whose database connections all go through `proxy` (when given);
/// `CLIENTS` tasks then load her profile until the returned flag is set, recording each answer
/// with the phase it was asked and answered in.
struct Load {
    app: Arc<TestApp>,
    phase: Arc<AtomicU8>,
    stop: Arc<AtomicBool>,
    answers: Arc<Mutex<Vec<(Phase, Answer)>>>,
    clients: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    async fn start(app: TestApp) -> Self {
        assert_eq!(app.sign_in("ada").await, "/profile");
        let app = Arc::new(app);
        let phase = Arc::new(AtomicU8::new(Phase::Before as u8));
        let stop = Arc::new(AtomicBool::new(false));
        let answers = Arc::new(Mutex::new(Vec::new()));
        let clients = (0..CLIENTS)
            .map(|_| {
                let (app, phase, stop, answers) = (app.clone(), phase.clone(), stop.clone(), answers.clone());
                tokio::spawn(async move {
                    let now = || {
                        [Phase::Before, Phase::During, Phase::After]
                            [usize::from(phase.load(Ordering::SeqCst))]
                    };
                    while !stop.load(Ordering::SeqCst) {
                        let asked = now();
                        let answer = answer(&app).await;
                        // A page that was on its way when the outage began (or ended) counts
                        // as during it.
                        let phase = if now() == asked { asked } else { Phase::During };
                        answers.lock().unwrap().push((phase, answer));
                    }
                })
            })
            .collect();
        // Under load before anything happens.
        tokio::time::sleep(Duration::from_millis(500)).await;
        Self { app, phase, stop, answers, clients }
    }

    fn enter(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::SeqCst);
    }

    /// Waits (boundedly) until the site says it is ready, the sign a load balancer waits for.
    async fn until_ready(&self) {
        for _ in 0..100 {
            if self.app.get("/readyz").await.status() == StatusCode::OK {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("not ready again once the database was back");
    }

    /// Stops the clients after another second of load; returns every answer.
    async fn finish(self) -> Vec<(Phase, Answer)> {
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.stop.store(true, Ordering::SeqCst);
        for client in self.clients {
            client.await.unwrap();
        }
        std::mem::take(&mut *self.answers.lock().unwrap())
    }
}

/// Before and after: only the page. During: the page or the friendly 503, nothing else.
fn assert_answers(answers: &[(Phase, Answer)], during_may_fail: bool) {
    for phase in [Phase::Before, Phase::During, Phase::After] {
        let count = answers.iter().filter(|(asked_in, _)| *asked_in == phase).count();
        assert!(count > 0 || phase == Phase::During, "no page was asked for {phase:?} the outage");
    }
    for (phase, answer) in answers {
        let allowed = match phase {
            Phase::During if during_may_fail => {
                matches!(answer, Answer::Profile | Answer::FriendlyUnavailable)
            }
            _ => *answer == Answer::Profile,
        };
        assert!(allowed, "{phase:?} the outage, /profile answered {answer:?}");
    }
}

/// Each request gives up on an unreachable database within about a second.
fn short_waits(database_url: String) -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_URL", database_url),
        ("DATABASE_ACQUIRE_TIMEOUT_SECONDS", "1".into()),
        ("DATABASE_STATEMENT_TIMEOUT_SECONDS", "1".into()),
    ]
}

/// The database goes down and comes back on the same address, as a restart: every open
/// connection drops, new ones are refused for a while.
#[tokio::test]
async fn a_postgres_restart_under_load_loses_no_session() {
    let Some(database) = TestDatabase::postgres().await else { return };
    watch_for_panics();
    let proxy = DbProxy::start().await;
    let vars = short_waits(proxy.url_for(database.url()));
    let load = Load::start(spawn_app_on(Arc::new(database), vars, Box::new(|_| {})).await).await;

    load.enter(Phase::During);
    proxy.cut();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    proxy.restore().await;
    load.until_ready().await;
    load.enter(Phase::After);

    let answers = load.finish().await;
    assert!(
        answers
            .iter()
            .any(|(phase, answer)| *phase == Phase::During && *answer == Answer::FriendlyUnavailable),
        "the outage was seen"
    );
    assert_answers(&answers, true);
    assert_nothing_panicked();
}

/// PostgreSQL ends every backend of the site's database at once (`pg_terminate_backend`, as
/// an administrator or a failover would), and takes new connections straight away: no
/// visitor notices, because a read on a dropped connection reconnects and runs again.
#[tokio::test]
async fn connections_ended_by_postgres_are_replaced_without_an_error() {
    let Some(database) = TestDatabase::postgres().await else { return };
    watch_for_panics();
    let vars = short_waits(database.url().to_owned());
    let database = Arc::new(database);
    let load = Load::start(spawn_app_on(database.clone(), vars, Box::new(|_| {})).await).await;

    load.enter(Phase::During);
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&test_db_pool(&database).await)
    .await
    .unwrap();
    assert!(ended.len() >= 2, "the site's connections were ended: {ended:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    load.enter(Phase::After);

    assert_answers(&load.finish().await, false);
    assert_nothing_panicked();
}

/// A connection of the test's own to the site's database.
async fn test_db_pool(database: &TestDatabase) -> sqlx::PgPool {
    sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(database.url()).await.unwrap()
}
