//! How to reach the database, and how patiently: parsed from the environment by the server's
//! configuration, read here by `Database::connect`.

use std::time::Duration;

/// Which database a URL selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A file on this machine: the embedded default, for one instance.
    Sqlite,
    /// A server that several instances of the site share.
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names by its scheme, if it is one we support.
    pub fn from_url(url: &str) -> Option<Self> {
        let (scheme, _) = url.split_once(':')?;
        match scheme {
            "sqlite" => Some(Self::Sqlite),
            "postgres" | "postgresql" => Some(Self::Postgres),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct DatabaseSettings {
    /// `sqlite://…` or `postgres://…`; may hold a password, so `Debug` hides it.
    pub url: String,
    /// Connections one instance opens at most. Several instances on one PostgreSQL server
    /// must stay under its `max_connections` together. (Session reads have connections of
    /// their own besides these: see the server's `sessions`.)
    pub max_connections: u32,
    /// How long a request waits for a free (or new) connection before it fails. This is what
    /// bounds a page's wait while the database is down.
    pub acquire_timeout: Duration,
    /// PostgreSQL: the longest a statement may run (`statement_timeout`). SQLite: the longest
    /// a statement waits for a lock another connection holds (`busy_timeout`).
    pub statement_timeout: Duration,
}

impl DatabaseSettings {
    pub const DEFAULT_MAX_CONNECTIONS: u32 = 10;
    /// SQLite lets one connection write at a time. Writers on several connections collide and
    /// sleep in its busy handler (that doubled a sign-in's p99 under load); on one connection
    /// they queue in the pool instead, and a write takes well under a millisecond.
    pub const DEFAULT_SQLITE_CONNECTIONS: u32 = 1;
    pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);
    pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);

    /// `url` with its backend's default pool size, and the default timeouts.
    pub fn new(url: impl Into<String>) -> Self {
        let url = url.into();
        let max_connections = match Backend::from_url(&url) {
            Some(Backend::Sqlite) => Self::DEFAULT_SQLITE_CONNECTIONS,
            _ => Self::DEFAULT_MAX_CONNECTIONS,
        };
        Self {
            url,
            max_connections,
            acquire_timeout: Self::DEFAULT_ACQUIRE_TIMEOUT,
            statement_timeout: Self::DEFAULT_STATEMENT_TIMEOUT,
        }
    }

    pub fn backend(&self) -> Option<Backend> {
        Backend::from_url(&self.url)
    }
}

impl std::fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &without_password(&self.url))
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("statement_timeout", &self.statement_timeout)
            .finish()
    }
}

/// The URL with any password replaced, fit for a log line.
pub(super) fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Only fails for URLs that cannot have a password, which this one has.
            let _ = parsed.set_password(Some("redacted"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        Err(_) => "(unparsable URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(Backend::from_url("sqlite://data/app.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u@db/app"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://u@db/app"), Some(Backend::Postgres));
        for other in ["mysql://db", "data/app.db", "", "postgres"] {
            assert_eq!(Backend::from_url(other), None, "{other}");
        }
    }

    #[test]
    fn debug_output_hides_the_password() {
        let settings = DatabaseSettings::new("postgres://app:hunter2@db.internal:5432/site");
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("app:redacted@db.internal"), "{printed}");
        assert!(format!("{:?}", DatabaseSettings::new("sqlite://data/app.db")).contains("data/app.db"));
    }
}
