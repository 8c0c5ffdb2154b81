//! The database settings: which database, how many connections, how long to wait.

use super::{error, number, ConfigError};
use sign_in::db::{Backend, DatabaseSettings};
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/app.db";

pub(super) fn parse(var: &impl Fn(&str) -> Option<String>) -> Result<DatabaseSettings, ConfigError> {
    let url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
    if Backend::from_url(&url).is_none() {
        let problem = "expected sqlite://path/to/file.db or postgres://user@host/database";
        return Err(error("DATABASE_URL", problem.into()));
    }
    let defaults = DatabaseSettings::new(url);
    let max_connections =
        number(var, "DATABASE_MAX_CONNECTIONS", defaults.max_connections.into(), "connections")?;
    let max_connections = u32::try_from(max_connections)
        .map_err(|_| error("DATABASE_MAX_CONNECTIONS", format!("{max_connections} is too many")))?;
    let seconds =
        |name, default: Duration| number(var, name, default.as_secs(), "seconds").map(Duration::from_secs);
    Ok(DatabaseSettings {
        max_connections,
        acquire_timeout: seconds("DATABASE_ACQUIRE_TIMEOUT_SECONDS", defaults.acquire_timeout)?,
        statement_timeout: seconds("DATABASE_STATEMENT_TIMEOUT_SECONDS", defaults.statement_timeout)?,
        ..defaults
    })
}
