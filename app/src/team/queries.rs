//! What the team page reads from the error log (`db::error_log` writes it).

use super::{ErrorFilter, LoggedError};
use crate::db::Database;

const COLUMNS: &str = "reference, occurred_at, stage, code, error_description, issuer, \
                       request_path, user_agent, had_session";

/// The filter's WHERE clause; parameters $1 to $3 are code, stage and reference.
const MATCHING: &str = "WHERE ($1 IS NULL OR code = $1) AND ($2 IS NULL OR stage = $2) \
                        AND ($3 IS NULL OR reference = $3)";

/// A page of failures, newest first.
pub async fn list(
    db: &Database,
    filter: &ErrorFilter,
    limit: u32,
    offset: u64,
) -> Result<Vec<LoggedError>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM auth_errors {MATCHING} ORDER BY occurred_at DESC, reference LIMIT $4 OFFSET $5"
    ))
    .bind(filter.code.map(|code| code.as_str()))
    .bind(filter.stage.map(|stage| stage.as_str()))
    .bind(filter.reference.as_deref())
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(db.pool())
    .await
}

pub async fn count(db: &Database, filter: &ErrorFilter) -> Result<u64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM auth_errors {MATCHING}"))
        .bind(filter.code.map(|code| code.as_str()))
        .bind(filter.stage.map(|stage| stage.as_str()))
        .bind(filter.reference.as_deref())
        .fetch_one(db.pool())
        .await?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// How many failures of each code since `since` (unix seconds), most frequent first.
pub async fn counts_per_code_since(db: &Database, since: i64) -> Result<Vec<(String, u64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT code, COUNT(*) AS n FROM auth_errors WHERE occurred_at >= $1
         GROUP BY code ORDER BY n DESC, code",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(code, n)| (code, u64::try_from(n).unwrap_or_default())).collect())
}
