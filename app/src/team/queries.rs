//! What the team page reads from the error log (`db::error_log` writes it).

use super::{CodeCount, ErrorFilter, ErrorReport, LoggedError, PAGE_SIZE};
use sign_in::db::Database;
use sign_in::errors::ErrorCode;

const COLUMNS: &str = "reference, occurred_at, stage, code, error_description, issuer, \
                       request_path, user_agent, had_session";

/// The filter's WHERE clause; parameters $1 to $3 are code, stage and reference.
const MATCHING: &str = "WHERE ($1 IS NULL OR code = $1) AND ($2 IS NULL OR stage = $2) \
                        AND ($3 IS NULL OR reference = $3)";

/// Page `page` (1-based, clamped to the pages there are) of the failures `filter` matches,
/// with the last day's counts for the chart, and the `anonymous` counts beside them.
pub async fn report(
    db: &Database,
    filter: &ErrorFilter,
    page: u32,
    anonymous: Vec<CodeCount>,
) -> Result<ErrorReport, sqlx::Error> {
    let total = count(db, filter).await?;
    let pages = u32::try_from(total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX).max(1);
    let page = page.clamp(1, pages);
    let offset = u64::from(page - 1) * u64::from(PAGE_SIZE);
    let entries = list(db, filter, PAGE_SIZE, offset).await?;
    let since = sign_in::clock::unix_now() - 24 * 60 * 60;
    let last_day = counts_per_code_since(db, since).await?;
    Ok(ErrorReport { entries, page, pages, total, last_day, anonymous })
}

/// A page of failures, newest first.
pub(crate) async fn list(
    db: &Database,
    filter: &ErrorFilter,
    limit: u32,
    offset: u64,
) -> Result<Vec<LoggedError>, sqlx::Error> {
    let query = format!(
        "SELECT {COLUMNS} FROM auth_errors {MATCHING} ORDER BY occurred_at DESC, reference LIMIT $4 OFFSET $5"
    );
    sign_in::on_pool!(db, |pool| sqlx::query_as(&query)
        .bind(filter.code)
        .bind(filter.stage)
        .bind(filter.reference.as_deref())
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await)
}

async fn count(db: &Database, filter: &ErrorFilter) -> Result<u64, sqlx::Error> {
    let query = format!("SELECT COUNT(*) FROM auth_errors {MATCHING}");
    let (count,): (i64,) = sign_in::on_pool!(db, |pool| sqlx::query_as(&query)
        .bind(filter.code)
        .bind(filter.stage)
        .bind(filter.reference.as_deref())
        .fetch_one(pool)
        .await)?;
    Ok(u64::try_from(count).unwrap_or_default())
}

/// How many failures of each code since `since` (unix seconds), most frequent first.
async fn counts_per_code_since(db: &Database, since: i64) -> Result<Vec<CodeCount>, sqlx::Error> {
    let query = "SELECT code, COUNT(*) AS n FROM auth_errors WHERE occurred_at >= $1
                 GROUP BY code ORDER BY n DESC, code";
    let rows: Vec<(ErrorCode, i64)> =
        sign_in::on_pool!(db, |pool| sqlx::query_as(query).bind(since).fetch_all(pool).await)?;
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok(rows.into_iter().map(|(code, n)| CodeCount { code, count: count(n) }).collect())
}
