//! The SQLite session store: tower-sessions' sqlx store for every write, and reads on the
//! request's own thread.
//!
//! sqlx runs each SQLite statement on a background thread, one per connection, and tests a
//! pooled connection with one more round trip when it goes back to the pool. For the session
//! lookup that every signed-in page makes, those hand-offs cost about five context switches:
//! more than rendering the page (BENCHMARKS.md has the figures). In WAL mode a read by primary
//! key takes microseconds and never waits for a writer, so this store reads with rusqlite on
//! the calling thread, from a few connections of its own, the row the sqlx store wrote. Each
//! read goes to the database: a sign-out anywhere is seen by the next request here.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions_sqlx_store::SqliteStore;

/// tower-sessions' sqlx store, with reads of its table done here.
#[derive(Clone, Debug)]
pub struct SqliteSessionStore {
    writes: SqliteStore,
    reads: Arc<Readers>,
}

impl SqliteSessionStore {
    /// Reads the table `writes` writes, in the database file at `path`, with one connection
    /// per `readers` (at least one); a locked file is waited for up to `busy_timeout`.
    pub fn new(
        writes: SqliteStore,
        path: &Path,
        readers: usize,
        busy_timeout: Duration,
    ) -> rusqlite::Result<Self> {
        let connections = (0..readers.max(1))
            .map(|_| open_reader(path, busy_timeout).map(Mutex::new))
            .collect::<rusqlite::Result<_>>()?;
        Ok(Self { writes, reads: Arc::new(Readers { connections, next: AtomicUsize::new(0) }) })
    }
}

fn open_reader(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    // Read-write open, so the connection can join the WAL's shared memory, but query-only.
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    connection.busy_timeout(busy_timeout)?;
    connection.pragma_update(None, "query_only", true)?;
    // A session row is a page or two: a small cache is plenty (see `db::connect_sqlite`).
    connection.pragma_update(None, "cache_size", -512)?;
    Ok(connection)
}

#[derive(Debug)]
struct Readers {
    connections: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

impl Readers {
    /// The same query as the sqlx store's `load`, with the expiry bound the way sqlx binds it
    /// (RFC 3339 text), so both compare alike.
    fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = OffsetDateTime::now_utc().format(&Rfc3339).map_err(backend)?;
        let connection = self.connection();
        let mut statement = connection
            .prepare_cached("SELECT data FROM tower_sessions WHERE id = ?1 AND expiry_date > ?2")
            .map_err(backend)?;
        let data: Option<Vec<u8>> =
            statement.query_row((id.to_string(), now), |row| row.get(0)).optional().map_err(backend)?;
        data.map(|data| {
            rmp_serde::from_slice(&data).map_err(|error| session_store::Error::Decode(error.to_string()))
        })
        .transpose()
    }

    /// A free connection if there is one, else the next in turn (reads are short).
    fn connection(&self) -> MutexGuard<'_, Connection> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.connections.len();
        (0..count)
            .find_map(|offset| self.connections[(start + offset) % count].try_lock().ok())
            .unwrap_or_else(|| self.connections[start % count].lock().unwrap_or_else(PoisonError::into_inner))
    }
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for SqliteSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.writes.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.writes.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.reads.load(id)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.writes.delete(id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};
    use std::collections::HashMap;

    /// Two stores on one file, as two instances of the site would be.
    async fn two_instances(dir: &Path) -> (SqliteSessionStore, SqliteSessionStore) {
        let path = dir.join("sessions.db");
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal);
        let pool = SqlitePool::connect_with(options).await.unwrap();
        let writes = SqliteStore::new(pool);
        writes.migrate().await.unwrap();
        let store = || SqliteSessionStore::new(writes.clone(), &path, 2, Duration::from_secs(1)).unwrap();
        (store(), store())
    }

    fn record(expires_in: time::Duration) -> Record {
        let data = HashMap::from([("auth.last_seen".to_owned(), serde_json::json!(42))]);
        Record { id: Id::default(), data, expiry_date: OffsetDateTime::now_utc() + expires_in }
    }

    #[tokio::test]
    async fn reads_what_the_sqlx_store_wrote_and_sees_a_deletion_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let (here, elsewhere) = two_instances(dir.path()).await;
        let mut live = record(time::Duration::hours(1));
        here.create(&mut live).await.unwrap();
        assert_eq!(elsewhere.load(&live.id).await.unwrap(), Some(live.clone()));

        // Signed out on one instance: the other reads nothing on its very next request.
        here.delete(&live.id).await.unwrap();
        assert_eq!(elsewhere.load(&live.id).await.unwrap(), None);
    }

    #[tokio::test]
    async fn never_reads_an_expired_session() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = two_instances(dir.path()).await;
        let expired = record(time::Duration::seconds(-1));
        store.save(&expired).await.unwrap();
        assert_eq!(store.load(&expired.id).await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_missing_file_fails_at_start_up_not_on_a_request() {
        let dir = tempfile::tempdir().unwrap();
        let pool = SqlitePool::connect_lazy("sqlite::memory:").unwrap();
        let missing = dir.path().join("nowhere").join("sessions.db");
        let opened = SqliteSessionStore::new(SqliteStore::new(pool), &missing, 1, Duration::from_secs(1));
        assert!(opened.is_err());
    }
}
