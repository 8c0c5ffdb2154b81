//! The database, behind one small interface: the connection pool, migrations, and the
//! writes of sign-in (users, the error log). Features that show the error log read it with
//! their own queries through [`on_pool!`](crate::on_pool); pages and flows call `Database`'s
//! methods and never learn which backend runs.
//!
//! One code path serves SQLite and PostgreSQL: each query is written once, in SQL both
//! understand (`$1` parameters, `ON CONFLICT`), and [`on_pool!`](crate::on_pool) compiles it
//! once per backend against that backend's own typed pool. We chose this over sqlx's `Any`
//! driver, which squeezes every value through a lowest-common-denominator type and hides the
//! typed pool the session store needs, and over a trait with one implementation per backend,
//! which would hold a copy of every query.

mod cleanup;
mod codes;
mod error_log;
mod exclusive;
mod settings;
mod signed_in_sessions;
mod users;

pub use cleanup::DELETE_BATCH_ROWS;
pub use error_log::NewError;
pub use exclusive::Job;
pub use settings::{Backend, DatabaseSettings};
pub use signed_in_sessions::{LogoutTarget, NewSignedInSession};

use settings::without_password;

use sqlx::pool::PoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection;
use std::str::FromStr;
use std::time::Duration;

/// The connection pool of whichever backend `DATABASE_URL` selected.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the database's typed pool, written like a closure. The
/// body is compiled once for each backend, so a query is written once and checked against both.
///
/// ```text
/// let deleted = on_pool!(db, |pool| sqlx::query("DELETE FROM t").execute(pool).await.map(|r| r.rows_affected()));
/// ```
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db.pool() {
            $crate::db::Pool::Sqlite($pool) => $body,
            $crate::db::Pool::Postgres($pool) => $body,
        }
    };
}

#[derive(Clone, Debug)]
pub struct Database {
    pool: Pool,
    /// SQLite: a connection of its own for [`Database::ping`], so a health check never queues
    /// behind the pool's one connection, which may be waiting for another process's write lock.
    /// `None` on PostgreSQL, and for a SQLite database without a file (nothing to share).
    checks: Option<SqlitePool>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("expected a sqlite:// or postgres:// URL, got {0}")]
    UnknownBackend(String),
    #[error("not a database URL this app understands: {0}")]
    BadUrl(sqlx::Error),
    #[error("could not create the database directory {path}: {source}")]
    Directory { path: String, source: std::io::Error },
    #[error("could not open the database: {0}")]
    Open(sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("could not prepare the migrations: {0}")]
    MigrationConnection(sqlx::Error),
}

impl Database {
    /// Opens the database the settings name (creating a SQLite file on first start).
    pub async fn connect(settings: &DatabaseSettings) -> Result<Self, DbError> {
        match settings.backend() {
            Some(Backend::Sqlite) => {
                let (pool, checks) = connect_sqlite(settings).await?;
                Ok(Self { pool: Pool::Sqlite(pool), checks })
            }
            Some(Backend::Postgres) => {
                Ok(Self { pool: Pool::Postgres(connect_postgres(settings).await?), checks: None })
            }
            None => Err(DbError::UnknownBackend(without_password(&settings.url))),
        }
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of this backend (`migrations/sqlite` or `migrations/postgres`),
    /// embedded at build time. On PostgreSQL, sqlx holds an advisory lock meanwhile, so
    /// instances starting together migrate one after the other.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Pool::Postgres(pool) => {
                // A migration may rightly take longer than a page's statement timeout: run
                // them on a connection without one, closed afterwards.
                let mut conn = pool.acquire().await.map_err(DbError::MigrationConnection)?;
                sqlx::query("SET statement_timeout = 0")
                    .execute(&mut *conn)
                    .await
                    .map_err(DbError::MigrationConnection)?;
                let applied = sqlx::migrate!("../migrations/postgres").run(&mut *conn).await;
                conn.close_on_drop();
                applied?;
            }
        }
        Ok(())
    }

    /// True when the database answers (used by `/readyz`). SQLite: it reads the file's
    /// schema, a read that never takes the write lock, so a check cannot hold up a sign-in's
    /// writes (a write lock another process holds shows as failing writes, not here).
    pub async fn ping(&self) -> bool {
        match &self.pool {
            Pool::Sqlite(pool) => {
                let pool = self.checks.as_ref().unwrap_or(pool);
                sqlx::query("SELECT COUNT(*) FROM sqlite_schema").execute(pool).await.is_ok()
            }
            Pool::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.is_ok(),
        }
    }

    /// Closes every connection; later queries fail. For shutdown, and for tests of outages.
    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await);
        if let Some(checks) = &self.checks {
            checks.close().await;
        }
    }

    /// The typed pool: for the session store, and for queries through [`on_pool!`](crate::on_pool).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }
}

/// The pool, and for a database in a file a second, one-connection pool that only reads, for
/// health checks.
async fn connect_sqlite(settings: &DatabaseSettings) -> Result<(SqlitePool, Option<SqlitePool>), DbError> {
    let options = SqliteConnectOptions::from_str(&settings.url)
        .map_err(DbError::BadUrl)?
        .create_if_missing(true)
        // WAL lets page reads run while a sign-in writes. In WAL mode, NORMAL syncs the log at
        // checkpoints rather than at every commit (SQLite's advice for WAL): a crash of the
        // process loses nothing, a power cut may lose the last commits but never corrupts.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        // Each connection keeps its own page cache, 2 MiB by default: with ten connections that
        // was half the server's memory once the session table grew. 512 KiB still holds the
        // B-tree's inner pages; the operating system's file cache serves the rest.
        .pragma("cache_size", "-512")
        .busy_timeout(settings.statement_timeout);
    if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|source| DbError::Directory { path: dir.display().to_string(), source })?;
    }
    let in_memory = settings.url.contains(":memory:") || settings.url.contains("mode=memory");
    let checks = (!in_memory).then(|| {
        let read_only = options.clone().pragma("query_only", "true");
        SqlitePoolOptions::new().max_connections(1).test_before_acquire(false).connect_lazy_with(read_only)
    });
    // A file cannot drop a connection: no need to test each one before use (see `pool_options`).
    let pool = pool_options(settings)
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .map_err(DbError::Open)?;
    Ok((pool, checks))
}

/// A pooled PostgreSQL connection that sat idle this long is tested (a ping) before it is used:
/// the database may have dropped it meanwhile (a restart, a failover, a proxy's idle timeout),
/// and a dead one is replaced before a request sees it. sqlx would test every connection
/// before every use, one more round trip per statement, which a sign-in pays six times; a
/// connection in steady use is known to work, and if the database drops it all the same, its
/// next statement fails (the friendly 503 for that request) and sqlx replaces it.
const TEST_AFTER_IDLE: Duration = Duration::from_secs(1);

async fn connect_postgres(settings: &DatabaseSettings) -> Result<PgPool, DbError> {
    // Sent with every new connection, so it holds for each one without an extra round trip.
    let statement_timeout = format!("{}ms", settings.statement_timeout.as_millis());
    let options = PgConnectOptions::from_str(&settings.url)
        .map_err(DbError::BadUrl)?
        .application_name("intastellar-leptos")
        .options([("statement_timeout", statement_timeout.as_str())]);
    pool_options(settings)
        .test_before_acquire(false)
        .before_acquire(|connection: &mut sqlx::PgConnection, meta| {
            Box::pin(async move {
                if meta.idle_for >= TEST_AFTER_IDLE {
                    connection.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await
        .map_err(DbError::Open)
}

/// The pool's size and patience, the same on both backends.
fn pool_options<DB: sqlx::Database>(settings: &DatabaseSettings) -> PoolOptions<DB> {
    PoolOptions::new().max_connections(settings.max_connections).acquire_timeout(settings.acquire_timeout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_postgres_statement_past_the_timeout_is_cancelled_and_the_pool_goes_on() {
        let Some(test_db) = test_db::TestDatabase::postgres().await else { return };
        let settings = DatabaseSettings {
            statement_timeout: Duration::from_secs(1),
            ..DatabaseSettings::new(test_db.url())
        };
        let db = Database::connect(&settings).await.unwrap();
        let slow = on_pool!(db, |pool| sqlx::query("SELECT pg_sleep(3)").execute(pool).await.map(|_| ()));
        let error = slow.expect_err("cancelled after a second");
        assert!(error.to_string().contains("statement timeout"), "{error}");
        assert!(db.ping().await, "the next query runs");
    }

    #[tokio::test]
    async fn a_postgres_connection_ended_while_idle_is_replaced_before_use() {
        let Some(test_db) = test_db::TestDatabase::postgres().await else { return };
        let settings = DatabaseSettings { max_connections: 1, ..DatabaseSettings::new(test_db.url()) };
        let db = Database::connect(&settings).await.unwrap();
        let backend_pid = || async {
            on_pool!(db, |pool| sqlx::query_scalar::<_, i32>("SELECT pg_backend_pid()").fetch_one(pool).await)
        };
        let first = backend_pid().await.unwrap();
        // Ended from elsewhere, as a restart or a failover would end it.
        let admin = sqlx::PgPool::connect(test_db.url()).await.unwrap();
        let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
            .bind(first)
            .fetch_one(&admin)
            .await
            .unwrap();
        assert!(ended);
        tokio::time::sleep(TEST_AFTER_IDLE + Duration::from_millis(250)).await;
        let second = backend_pid().await.expect("tested, found dead and replaced before use");
        assert_ne!(first, second);
    }

    #[tokio::test]
    async fn an_unknown_scheme_names_the_url_without_its_password() {
        let error =
            Database::connect(&DatabaseSettings::new("mysql://app:hunter2@db/site")).await.unwrap_err();
        let message = error.to_string();
        assert!(message.contains("sqlite://") && !message.contains("hunter2"), "{message}");
    }
}
