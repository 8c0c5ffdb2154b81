//! The database settings: which database, how many connections, how long to wait.

use super::variables::{
    Variable, DATABASE_ACQUIRE_TIMEOUT_SECONDS, DATABASE_MAX_CONNECTIONS, DATABASE_STATEMENT_TIMEOUT_SECONDS,
    DATABASE_URL,
};
use super::{error, or_default, parse_number, ConfigError};
use sign_in::db::{Backend, DatabaseSettings};
use std::time::Duration;

/// The pool's defaults are the core's (`DatabaseSettings::new`): the number of connections
/// depends on the backend.
pub(super) fn parse(var: &impl Fn(Variable) -> Option<String>) -> Result<DatabaseSettings, ConfigError> {
    let url = or_default(var, DATABASE_URL);
    if Backend::from_url(&url).is_none() {
        let problem = "expected sqlite://path/to/file.db or postgres://user@host/database";
        return Err(error(DATABASE_URL, problem.into()));
    }
    let defaults = DatabaseSettings::new(url);
    let number = |variable, default: u64, unit| match var(variable) {
        Some(text) => parse_number(variable, &text, unit),
        None => Ok(default),
    };
    let max_connections = number(DATABASE_MAX_CONNECTIONS, defaults.max_connections.into(), "connections")?;
    let max_connections = u32::try_from(max_connections)
        .map_err(|_| error(DATABASE_MAX_CONNECTIONS, format!("{max_connections} is too many")))?;
    let seconds =
        |variable, default: Duration| number(variable, default.as_secs(), "seconds").map(Duration::from_secs);
    Ok(DatabaseSettings {
        max_connections,
        acquire_timeout: seconds(DATABASE_ACQUIRE_TIMEOUT_SECONDS, defaults.acquire_timeout)?,
        statement_timeout: seconds(DATABASE_STATEMENT_TIMEOUT_SECONDS, defaults.statement_timeout)?,
        ..defaults
    })
}
