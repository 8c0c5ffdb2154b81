use super::{unix_now, Database};

/// A failure to record. Text fields arrive already cleaned by `errors::log`.
#[derive(Clone, Debug)]
pub struct NewError<'a> {
    pub reference: &'a str,
    pub stage: &'a str,
    pub code: &'a str,
    pub error_description: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub request_path: &'a str,
    pub user_agent: Option<&'a str>,
    pub had_session: bool,
}

/// A logged failure, as the team page reads it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ErrorRow {
    pub reference: String,
    pub occurred_at: i64,
    pub stage: String,
    pub code: String,
    pub error_description: Option<String>,
    pub issuer: Option<String>,
    pub request_path: String,
    pub user_agent: Option<String>,
    pub had_session: bool,
}

const COLUMNS: &str = "reference, occurred_at, stage, code, error_description, issuer, \
                       request_path, user_agent, had_session";

impl Database {
    pub async fn insert_error(&self, row: &NewError<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO auth_errors (reference, occurred_at, stage, code, error_description,
                                      issuer, request_path, user_agent, had_session)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(row.reference)
        .bind(unix_now())
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

    pub async fn find_error(&self, reference: &str) -> Result<Option<ErrorRow>, sqlx::Error> {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM auth_errors WHERE reference = $1"))
            .bind(reference)
            .fetch_optional(&self.pool)
            .await
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
