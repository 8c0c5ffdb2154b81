//! The PostgreSQL session store: tower-sessions' sqlx store for every write, and reads on a
//! few connections of its own, one round trip each.
//!
//! A read through sqlx's pool costs three round trips to the database: a ping before the
//! connection is handed out, the query, and a ping when it goes back. For the session lookup
//! that every signed-in page makes, on a database that shares the machine's cores, those
//! trips cost more than rendering the page (BENCHMARKS.md has the figures). This store keeps
//! its connections outside the pool and sends only the query, prepared once per connection.
//! Each read goes to the database: a sign-out or an expiry on any instance is seen by the
//! next request here.
//!
//! Without the pool's pings, a connection the database dropped (a restart, a cut network) is
//! found out by the query that uses it: that read reconnects and runs once more, so the
//! first page after a restart still reads its session.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Connection;
use time::OffsetDateTime;
use tokio::sync::{Mutex, MutexGuard};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions_sqlx_store::PostgresStore;

/// The same query as the sqlx store's `load`, on the table our migrations create.
const LOAD: &str = r#"SELECT data FROM "tower_sessions"."session" WHERE id = $1 AND expiry_date > $2"#;

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
        let reads =
            Readers { options, connections, next: AtomicUsize::new(0), connect_timeout, statement_timeout };
        Self { writes, reads: Arc::new(reads) }
    }
}

#[derive(Debug)]
struct Readers {
    options: PgConnectOptions,
    /// Each slot holds an open connection, or none until the next read opens one.
    connections: Vec<Mutex<Option<PgConnection>>>,
    next: AtomicUsize,
    connect_timeout: Duration,
    statement_timeout: Duration,
}

impl Readers {
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let mut slot = self.slot().await;
        // A connection opened earlier may have been dropped by the database since: its
        // failure is the first sign, and the read runs again on a new one.
        let mut retry = slot.is_some();
        loop {
            let connection = match slot.as_mut() {
                Some(connection) => connection,
                None => slot.insert(self.connect().await?),
            };
            match self.query(connection, id).await {
                Ok(data) => return data.map(|data| decode(&data)).transpose(),
                Err(failure) => {
                    if failure.connection_lost {
                        *slot = None;
                    }
                    if !(failure.connection_lost && retry) {
                        return Err(failure.error);
                    }
                    retry = false;
                }
            }
        }
    }

    /// A free connection slot if there is one, else the next in turn (reads are short).
    async fn slot(&self) -> MutexGuard<'_, Option<PgConnection>> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.connections.len();
        match (0..count).find_map(|offset| self.connections[(start + offset) % count].try_lock().ok()) {
            Some(free) => free,
            None => self.connections[start % count].lock().await,
        }
    }

    async fn connect(&self) -> session_store::Result<PgConnection> {
        match tokio::time::timeout(self.connect_timeout, PgConnection::connect_with(&self.options)).await {
            Ok(connected) => connected.map_err(backend),
            Err(_) => Err(backend("timed out connecting to the database")),
        }
    }

    /// One round trip: sqlx prepares the statement on a connection's first read and keeps it.
    async fn query(&self, connection: &mut PgConnection, id: &Id) -> Result<Option<Vec<u8>>, Failure> {
        let query = sqlx::query_scalar(LOAD).bind(id.to_string()).bind(OffsetDateTime::now_utc());
        match tokio::time::timeout(self.statement_timeout, query.fetch_optional(connection)).await {
            Ok(Ok(data)) => Ok(data),
            Ok(Err(error)) => {
                Err(Failure { connection_lost: connection_lost(&error), error: backend(error) })
            }
            // Dropped mid-answer: what is left of the answer would confuse the next read.
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
