use super::Database;
use crate::errors::LoggedError;

/// A failure to record. Text fields arrive already cleaned by `errors::log`.
#[derive(Clone, Debug, Default)]
pub struct NewError<'a> {
    pub reference: &'a str,
    /// Unix seconds.
    pub occurred_at: i64,
    pub stage: &'a str,
    pub code: &'a str,
    pub error_description: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub request_path: &'a str,
    pub user_agent: Option<&'a str>,
    pub had_session: bool,
}

/// Which failures to list; `None` matches everything.
#[derive(Clone, Debug, Default)]
pub struct ErrorFilter {
    pub code: Option<&'static str>,
    pub stage: Option<&'static str>,
    pub reference: Option<String>,
}

const COLUMNS: &str = "reference, occurred_at, stage, code, error_description, issuer, \
                       request_path, user_agent, had_session";

/// The filter's WHERE clause; parameters $1 to $3 are code, stage and reference.
const MATCHING: &str = "WHERE ($1 IS NULL OR code = $1) AND ($2 IS NULL OR stage = $2) \
                        AND ($3 IS NULL OR reference = $3)";

impl Database {
    pub async fn insert_error(&self, row: &NewError<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO auth_errors (reference, occurred_at, stage, code, error_description,
                                      issuer, request_path, user_agent, had_session)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(row.reference)
        .bind(row.occurred_at)
        .bind(row.stage)
        .bind(row.code)
        .bind(row.error_description)
        .bind(row.issuer)
        .bind(row.request_path)
        .bind(row.user_agent)
        .bind(row.had_session)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn find_error(&self, reference: &str) -> Result<Option<LoggedError>, sqlx::Error> {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM auth_errors WHERE reference = $1"))
            .bind(reference)
            .fetch_optional(&self.pool)
            .await
    }

    /// A page of failures, newest first.
    pub async fn list_errors(
        &self,
        filter: &ErrorFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Vec<LoggedError>, sqlx::Error> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM auth_errors {MATCHING} ORDER BY occurred_at DESC, reference LIMIT $4 OFFSET $5"
        ))
        .bind(filter.code)
        .bind(filter.stage)
        .bind(filter.reference.as_deref())
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
    }

    pub async fn count_errors(&self, filter: &ErrorFilter) -> Result<u64, sqlx::Error> {
        let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM auth_errors {MATCHING}"))
            .bind(filter.code)
            .bind(filter.stage)
            .bind(filter.reference.as_deref())
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// How many failures of each code since `since` (unix seconds), most frequent first.
    pub async fn error_counts_since(&self, since: i64) -> Result<Vec<(String, u64)>, sqlx::Error> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT code, COUNT(*) AS n FROM auth_errors WHERE occurred_at >= $1
             GROUP BY code ORDER BY n DESC, code",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(code, n)| (code, u64::try_from(n).unwrap_or_default())).collect())
    }

    /// Deletes failures logged before `cutoff` (unix seconds); returns how many went.
    pub async fn delete_errors_before(&self, cutoff: i64) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM auth_errors WHERE occurred_at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
