//! Writing the team's error log: every failure gets a short reference that the user sees, so
//! a support message leads straight to the row. Writing it never breaks the user's page.
//! (Reading it is the business of the features that show it.)

use super::Database;
use crate::clock::unix_now;
use crate::errors::{new_reference, ErrorCode, Failure, RequestInfo, Stage};

/// Longest `error_description` kept; IdPs may send anything.
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
const MAX_USER_AGENT_CHARS: usize = 160;
const MAX_PATH_CHARS: usize = 200;

/// One row of `auth_errors`, as written. Text fields are cleaned by `log_failure`.
#[derive(Clone, Debug)]
pub struct NewError<'a> {
    pub reference: &'a str,
    /// Unix seconds.
    pub occurred_at: i64,
    pub stage: Stage,
    pub code: ErrorCode,
    pub error_description: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub request_path: &'a str,
    pub user_agent: Option<&'a str>,
    pub had_session: bool,
}

impl NewError<'static> {
    /// A row with every field set, for tests to change what they need.
    pub fn example() -> Self {
        Self {
            reference: "TEST-ROWS",
            occurred_at: 0,
            stage: Stage::Callback,
            code: ErrorCode::Unknown,
            error_description: None,
            issuer: None,
            request_path: "/auth/callback",
            user_agent: None,
            had_session: false,
        }
    }
}

impl Database {
    /// Writes the failure to the log and returns the reference to show the user. If the
    /// database is down, the server log keeps the details under the same reference.
    pub async fn log_failure(
        &self,
        issuer: Option<&str>,
        failure: &Failure,
        request: &RequestInfo,
    ) -> String {
        let reference = new_reference();
        // `?` (Debug) escapes newlines and quotes: whatever a request carried into the cause
        // stays on one log line and cannot forge another.
        tracing::warn!(
            reference,
            code = failure.code.as_str(),
            stage = failure.stage.as_str(),
            cause = ?failure.cause,
            user_agent = ?request.user_agent,
            "sign-in failure"
        );
        let description = failure.idp_description.as_deref().map(|d| clean(d, MAX_DESCRIPTION_CHARS));
        let user_agent = request.user_agent.as_deref().map(|ua| clean(ua, MAX_USER_AGENT_CHARS));
        let path = clean(&request.path, MAX_PATH_CHARS);
        let row = NewError {
            reference: &reference,
            occurred_at: unix_now(),
            stage: failure.stage,
            code: failure.code,
            error_description: description.as_deref(),
            issuer,
            request_path: &path,
            user_agent: user_agent.as_deref(),
            had_session: request.had_session,
        };
        if let Err(error) = self.insert_error(&row).await {
            tracing::error!(reference, %error, description = ?row.error_description, "could not write the error log");
        }
        reference
    }

    pub async fn insert_error(&self, row: &NewError<'_>) -> Result<(), sqlx::Error> {
        crate::on_pool!(self, |pool| sqlx::query(
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
        .execute(pool)
        .await
        .map(|_| ()))
    }
}

/// Drops control characters and caps the length (in characters, never splitting one).
fn clean(text: &str, max_chars: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DatabaseSettings;
    use crate::errors::{is_reference, ErrorCode, Stage};
    use std::time::Duration;

    async fn database(backend: test_db::Backend) -> (Database, test_db::TestDatabase) {
        let test_db = test_db::TestDatabase::create(backend).await;
        let db = Database::connect(&DatabaseSettings::new(test_db.url())).await.unwrap();
        db.migrate().await.unwrap();
        (db, test_db)
    }

    fn request() -> RequestInfo {
        RequestInfo {
            path: "/auth/callback".into(),
            user_agent: Some("Mozilla/5.0 ".repeat(40)),
            had_session: true,
        }
    }

    async fn stored(
        db: &Database,
        reference: &str,
    ) -> Option<(ErrorCode, Stage, Option<String>, Option<String>, bool)> {
        let query = "SELECT code, stage, error_description, user_agent, had_session \
                     FROM auth_errors WHERE reference = $1";
        crate::on_pool!(db, |pool| sqlx::query_as(query).bind(reference).fetch_optional(pool).await.unwrap())
    }

    async fn the_row_keeps_a_clean_capped_description(backend: test_db::Backend) {
        let (db, _test_db) = database(backend).await;
        let description = format!("<b>bad</b>\u{0}\r\n{}", "x".repeat(5000));
        let failure =
            Failure::new(ErrorCode::InvalidGrant, Stage::Token, "test").with_description(Some(description));
        let reference = db.log_failure(Some("http://idp"), &failure, &request()).await;
        let (code, stage, kept, user_agent, had_session) = stored(&db, &reference).await.expect("logged");
        let kept = kept.unwrap();
        assert!(kept.starts_with("<b>bad</b>x"), "markup is kept as text, controls dropped: {kept:.20}");
        assert_eq!(kept.chars().count(), MAX_DESCRIPTION_CHARS);
        assert_eq!((code, stage), (ErrorCode::InvalidGrant, Stage::Token));
        assert_eq!(user_agent.unwrap().chars().count(), MAX_USER_AGENT_CHARS);
        assert!(had_session);
    }

    async fn a_failing_database_still_yields_a_reference(backend: test_db::Backend) {
        let (db, _test_db) = database(backend).await;
        db.close().await;
        let failure = Failure::new(ErrorCode::ServerError, Stage::Token, "test");
        let reference = db.log_failure(None, &failure, &request()).await;
        assert!(is_reference(&reference));
    }

    async fn old_rows_are_purged_and_recent_ones_kept(backend: test_db::Backend) {
        let (db, _test_db) = database(backend).await;
        let now = unix_now();
        for (reference, age_days) in
            [("AAAA-AAAA", 40), ("BBBB-BBBB", 31), ("CCCC-CCCC", 29), ("DDDD-DDDD", 0)]
        {
            let row = NewError { reference, occurred_at: now - age_days * 86_400, ..NewError::example() };
            db.insert_error(&row).await.unwrap();
        }
        let deleted = db.purge_errors_older_than(Duration::from_secs(30 * 86_400)).await.unwrap();
        assert_eq!(deleted, 2);
        assert!(stored(&db, "BBBB-BBBB").await.is_none());
        assert!(stored(&db, "CCCC-CCCC").await.is_some());
    }

    test_db::on_both_backends!(
        the_row_keeps_a_clean_capped_description,
        a_failing_database_still_yields_a_reference,
        old_rows_are_purged_and_recent_ones_kept,
    );

    #[tokio::test]
    async fn untrusted_text_cannot_forge_a_log_line() {
        let (db, _test_db) = database(test_db::Backend::Sqlite).await;
        let log = crate::captured_log::CapturedLog::start();
        let forged = "x\nERROR forged: admin signed in";
        let failure = Failure::new(ErrorCode::Unknown, Stage::Callback, format!("state {forged}"));
        let request = RequestInfo { user_agent: Some(format!("agent{forged}")), ..request() };
        db.log_failure(None, &failure, &request).await;
        let printed = log.text();
        assert_eq!(printed.lines().count(), 1, "{printed}");
        assert!(printed.contains("forged: admin"), "the text is kept, escaped: {printed}");
    }

    #[test]
    fn clean_removes_control_characters_and_caps_length() {
        assert_eq!(clean("a\u{0}b\r\nc\u{1b}[31md", 100), "abc[31md");
        assert_eq!(clean(&"é".repeat(50), 10).chars().count(), 10);
    }
}
