//! The PostgreSQL session store: tower-sessions' sqlx store for every write, and reads on a
//! few connections of its own, several reads to a query.
//!
//! A read through sqlx's pool costs three round trips to the database: a ping before the
//! connection is handed out, the query, and a ping when it goes back. For the session lookup
//! that every signed-in page makes, on a database that shares the machine's cores, those
//! trips cost more than rendering the page (BENCHMARKS.md has the figures). This store keeps
//! its connections outside the pool and sends only the query, prepared once per connection.
//!
//! Reads that arrive while every connection is busy wait together, and the next free
//! connection answers all of them with one query (`id = ANY($1)`): under load one round trip
//! serves many pages, and the database wakes once for them. Nothing is cached: every read is
//! answered by a query sent after it arrived, so a sign-out or an expiry on any instance is
//! seen by the next request here.
//!
//! Without the pool's pings, a connection the database dropped (a restart, a cut network) is
//! found out by the query that uses it: that query reconnects and runs once more, so the
//! first page after a restart still reads its session.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Connection;
use time::OffsetDateTime;
use tokio::sync::{oneshot, Mutex, MutexGuard};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions_sqlx_store::PostgresStore;

/// The sqlx store's `load`, for many ids at once, on the table our migrations create.
const LOAD: &str =
    r#"SELECT id, data FROM "tower_sessions"."session" WHERE id = ANY($1) AND expiry_date > $2"#;

/// The most reads one query answers; the rest wait for the next.
const MAX_BATCH: usize = 64;

/// tower-sessions' sqlx store, with reads of its table done here.
#[derive(Clone, Debug)]
pub struct PostgresSessionStore {
    writes: PostgresStore,
    reads: Arc<Readers>,
}

impl PostgresSessionStore {
    /// Reads the table `writes` writes, on up to `readers` connections (at least one) opened
    /// with `options` when first needed. A read waits at most `connect_timeout` for a new
    /// connection and `statement_timeout` for its answer.
    pub fn new(
        writes: PostgresStore,
        options: PgConnectOptions,
        readers: usize,
        connect_timeout: Duration,
        statement_timeout: Duration,
    ) -> Self {
        let connections = (0..readers.max(1)).map(|_| Mutex::new(None)).collect();
        let reads = Readers {
            options,
            connections,
            next: AtomicUsize::new(0),
            waiting: std::sync::Mutex::default(),
            connect_timeout,
            statement_timeout,
        };
        Self { writes, reads: Arc::new(reads) }
    }
}

#[derive(Debug)]
struct Readers {
    options: PgConnectOptions,
    /// Each slot holds an open connection, or none until the next read opens one.
    connections: Vec<Mutex<Option<PgConnection>>>,
    next: AtomicUsize,
    /// Reads not yet sent: whichever read gets a connection next sends them all.
    waiting: std::sync::Mutex<Vec<Waiting>>,
    connect_timeout: Duration,
    statement_timeout: Duration,
}

/// A read waiting for its query.
#[derive(Debug)]
struct Waiting {
    id: String,
    answer: oneshot::Sender<Answer>,
}

/// A session's encoded record (none if it does not exist or has expired), or why the query
/// failed.
type Answer = Result<Option<Vec<u8>>, String>;

type Slot<'a> = MutexGuard<'a, Option<PgConnection>>;

impl Readers {
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let id = id.to_string();
        loop {
            match self.read(&id).await {
                Ok(Ok(data)) => return data.map(|data| decode(&data)).transpose(),
                Ok(Err(error)) => return Err(backend(error)),
                // The request that was sending it went away (its browser left): again.
                Err(oneshot::error::RecvError { .. }) => continue,
            }
        }
    }

    /// Queues a read of `id` and waits for its answer, sending what is queued (ours among
    /// it) whenever a connection is free first.
    async fn read(&self, id: &str) -> Result<Answer, oneshot::error::RecvError> {
        let mut answer = self.wait_for(id);
        loop {
            let mut slot = tokio::select! {
                biased;
                answered = &mut answer => return answered,
                slot = self.slot() => slot,
            };
            let batch = self.take_batch();
            if batch.is_empty() {
                // Ours is in a query on its way.
                drop(slot);
                return answer.await;
            }
            self.send(&mut slot, batch).await;
        }
    }

    fn wait_for(&self, id: &str) -> oneshot::Receiver<Answer> {
        let (sender, receiver) = oneshot::channel();
        let mut waiting = self.waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        waiting.push(Waiting { id: id.to_owned(), answer: sender });
        receiver
    }

    /// The reads waiting longest, up to a query's worth, but none whose request went away.
    fn take_batch(&self) -> Vec<Waiting> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        waiting.retain(|read| !read.answer.is_closed());
        let count = waiting.len().min(MAX_BATCH);
        waiting.drain(..count).collect()
    }

    /// A free connection slot if there is one, else the next in turn (queries are short).
    async fn slot(&self) -> Slot<'_> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.connections.len();
        match (0..count).find_map(|offset| self.connections[(start + offset) % count].try_lock().ok()) {
            Some(free) => free,
            None => self.connections[start % count].lock().await,
        }
    }

    /// Answers every read of `batch` with one query.
    async fn send(&self, slot: &mut Slot<'_>, batch: Vec<Waiting>) {
        let mut ids: Vec<&str> = batch.iter().map(|read| read.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        match self.query_on(slot, &ids).await {
            Ok(found) => {
                for read in batch {
                    read.answer.send(Ok(found.get(&read.id).cloned())).ok();
                }
            }
            Err(error) => {
                let error = error.to_string();
                for read in batch {
                    read.answer.send(Err(error.clone())).ok();
                }
            }
        }
    }

    /// The records of `ids` that exist and have not expired, by id.
    async fn query_on(
        &self,
        slot: &mut Slot<'_>,
        ids: &[&str],
    ) -> session_store::Result<HashMap<String, Vec<u8>>> {
        // A connection opened earlier may have been dropped by the database since: its
        // failure is the first sign, and the query runs again on a new one.
        let mut retry = slot.is_some();
        loop {
            let connection = match slot.as_mut() {
                Some(connection) => connection,
                None => slot.insert(self.connect().await?),
            };
            match self.query(connection, ids).await {
                Ok(rows) => return Ok(rows.into_iter().collect()),
                Err(failure) => {
                    if failure.connection_lost {
                        **slot = None;
                    }
                    if !(failure.connection_lost && retry) {
                        return Err(failure.error);
                    }
                    retry = false;
                }
            }
        }
    }

    async fn connect(&self) -> session_store::Result<PgConnection> {
        match tokio::time::timeout(self.connect_timeout, PgConnection::connect_with(&self.options)).await {
            Ok(connected) => connected.map_err(backend),
            Err(_) => Err(backend("timed out connecting to the database")),
        }
    }

    /// One round trip: sqlx prepares the statement on a connection's first query and keeps it.
    async fn query(
        &self,
        connection: &mut PgConnection,
        ids: &[&str],
    ) -> Result<Vec<(String, Vec<u8>)>, Failure> {
        let query = sqlx::query_as(LOAD).bind(ids).bind(OffsetDateTime::now_utc());
        match tokio::time::timeout(self.statement_timeout, query.fetch_all(connection)).await {
            Ok(Ok(rows)) => Ok(rows),
            Ok(Err(error)) => {
                Err(Failure { connection_lost: connection_lost(&error), error: backend(error) })
            }
            // Dropped mid-answer: what is left of the answer would confuse the next query.
            Err(_) => Err(Failure { error: backend("the session read timed out"), connection_lost: true }),
        }
    }
}

struct Failure {
    error: session_store::Error,
    /// The connection cannot be trusted with another query.
    connection_lost: bool,
}

/// True unless the database answered with an error about the statement alone (a statement
/// timeout, say), after which the connection goes on. SQLSTATE classes 08 (connection
/// exception) and 57P (the server shutting down, or `pg_terminate_backend`) end it.
fn connection_lost(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(error) => {
            error.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P"))
        }
        _ => true,
    }
}

fn decode(data: &[u8]) -> session_store::Result<Record> {
    rmp_serde::from_slice(data).map_err(|error| session_store::Error::Decode(error.to_string()))
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for PostgresSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.writes.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.writes.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.reads.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.writes.delete(id).await
    }
}
