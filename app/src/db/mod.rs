//! The database, behind one small interface: the connection pool, migrations, and the
//! writes of sign-in (users, the error log). The team feature reads the error log with its
//! own queries (`team::queries`); nothing else in the app writes SQL.

mod error_log;
mod users;

pub use error_log::NewError;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Database {
    pool: SqlitePool,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is not a SQLite URL this app understands: {0}")]
    BadUrl(sqlx::Error),
    #[error("could not create the database directory {path}: {source}")]
    Directory { path: String, source: std::io::Error },
    #[error("could not open the database: {0}")]
    Open(sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Database {
    /// Opens (and creates, on first start) the database at `url`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(DbError::BadUrl)?
            .create_if_missing(true)
            // WAL lets page reads run while a sign-in writes.
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(5));
        if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| DbError::Directory { path: dir.display().to_string(), source })?;
        }
        let pool = SqlitePoolOptions::new()
            .acquire_timeout(Duration::from_secs(3))
            .connect_with(options)
            .await
            .map_err(DbError::Open)?;
        Ok(Self { pool })
    }

    /// Applies the migrations in `migrations/sqlite`, embedded at build time.
    pub async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("../migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    /// True when the database answers a trivial query (used by `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Closes every connection; later queries fail. For shutdown, and for tests of outages.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The pool the session store and the team's queries share.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}
