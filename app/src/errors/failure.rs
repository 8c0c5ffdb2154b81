//! The team's error log: every failure is written with a short reference that the user
//! sees, so a support message leads straight to the row. Writing it never breaks the page.

use super::{ErrorCode, Stage};
use crate::db::{unix_now, Database, NewError};
use rand::Rng;
use std::time::Duration;

/// Longest `error_description` kept; IdPs may send anything.
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
const MAX_USER_AGENT_CHARS: usize = 160;
const MAX_PATH_CHARS: usize = 200;

/// A failed step of sign-in or sign-out.
#[derive(Debug)]
pub struct Failure {
    pub code: ErrorCode,
    pub stage: Stage,
    /// The IdP's `error_description`: untrusted, for the team only.
    pub idp_description: Option<String>,
    /// Our own account of what went wrong, for the server log.
    pub cause: String,
    /// Where the user was going, when we know: "Try again" goes there too.
    pub return_to: Option<String>,
}

impl Failure {
    pub fn new(code: ErrorCode, stage: Stage, cause: impl Into<String>) -> Self {
        Self { code, stage, idp_description: None, cause: cause.into(), return_to: None }
    }

    pub fn with_description(mut self, description: Option<String>) -> Self {
        self.idp_description = description;
        self
    }

    pub fn returning_to(mut self, return_to: &str) -> Self {
        self.return_to = Some(return_to.to_owned());
        self
    }

    /// The page the user is sent to.
    pub fn error_page(&self, reference: &str) -> String {
        format!("/auth/error?code={}&ref={reference}", self.code.as_str())
    }
}

/// What we know about the request that failed.
#[derive(Debug, Default)]
pub struct RequestInfo {
    pub path: String,
    pub user_agent: Option<String>,
    pub had_session: bool,
}

/// Writes the failure to the log and returns the reference to show the user.
pub async fn record(db: &Database, issuer: Option<&str>, failure: &Failure, request: &RequestInfo) -> String {
    let reference = new_reference();
    tracing::warn!(
        reference,
        code = failure.code.as_str(),
        stage = failure.stage.as_str(),
        cause = %failure.cause,
        "sign-in failure"
    );
    let description = failure.idp_description.as_deref().map(|d| clean(d, MAX_DESCRIPTION_CHARS));
    let user_agent = request.user_agent.as_deref().map(|ua| clean(ua, MAX_USER_AGENT_CHARS));
    let path = clean(&request.path, MAX_PATH_CHARS);
    let row = NewError {
        reference: &reference,
        occurred_at: unix_now(),
        stage: failure.stage.as_str(),
        code: failure.code.as_str(),
        error_description: description.as_deref(),
        issuer,
        request_path: &path,
        user_agent: user_agent.as_deref(),
        had_session: request.had_session,
    };
    if let Err(error) = db.insert_error(&row).await {
        // The user still gets their friendly page; the team still gets the server log.
        tracing::error!(reference, %error, description = ?row.error_description, "could not write the error log");
    }
    reference
}

/// Deletes logged failures older than `retention`; returns how many went.
pub async fn purge_older_than(db: &Database, retention: Duration) -> Result<u64, sqlx::Error> {
    let age = i64::try_from(retention.as_secs()).unwrap_or(i64::MAX);
    db.delete_errors_before(unix_now().saturating_sub(age)).await
}

/// A short reference that is easy to read aloud: no 0/O or 1/I/L.
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let mut pick = || ALPHABET[rng.gen_range(0..ALPHABET.len())] as char;
    let head: String = (0..4).map(|_| pick()).collect();
    let tail: String = (0..4).map(|_| pick()).collect();
    format!("{head}-{tail}")
}

/// Drops control characters and caps the length (in characters, never splitting one).
pub fn clean(text: &str, max_chars: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::is_reference;

    async fn database() -> (Database, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&format!("sqlite://{}/log.db", dir.path().display())).await.unwrap();
        db.migrate().await.unwrap();
        (db, dir)
    }

    fn request() -> RequestInfo {
        RequestInfo {
            path: "/auth/callback".into(),
            user_agent: Some("Mozilla/5.0 ".repeat(40)),
            had_session: true,
        }
    }

    #[tokio::test]
    async fn the_row_keeps_a_clean_capped_description() {
        let (db, _dir) = database().await;
        let description = format!("<b>bad</b>\u{0}\r\n{}", "x".repeat(5000));
        let failure =
            Failure::new(ErrorCode::InvalidGrant, Stage::Token, "test").with_description(Some(description));
        let reference = record(&db, Some("http://idp"), &failure, &request()).await;
        let row = db.find_error(&reference).await.unwrap().expect("logged");
        let kept = row.error_description.unwrap();
        assert!(kept.starts_with("<b>bad</b>x"), "markup is kept as text, controls dropped: {kept:.20}");
        assert_eq!(kept.chars().count(), MAX_DESCRIPTION_CHARS);
        assert_eq!((row.code.as_str(), row.stage.as_str()), ("invalid_grant", "token"));
        assert_eq!(row.user_agent.unwrap().chars().count(), MAX_USER_AGENT_CHARS);
        assert!(row.had_session);
    }

    #[tokio::test]
    async fn a_failing_database_still_yields_a_reference() {
        let (db, _dir) = database().await;
        db.close().await;
        let failure = Failure::new(ErrorCode::ServerError, Stage::Token, "test");
        let reference = record(&db, None, &failure, &request()).await;
        assert!(is_reference(&reference));
    }

    #[tokio::test]
    async fn old_rows_are_purged_and_recent_ones_kept() {
        let (db, _dir) = database().await;
        let now = unix_now();
        for (reference, age_days) in
            [("AAAA-AAAA", 40), ("BBBB-BBBB", 31), ("CCCC-CCCC", 29), ("DDDD-DDDD", 0)]
        {
            let row = NewError { reference, occurred_at: now - age_days * 86_400, ..NewError::default() };
            db.insert_error(&row).await.unwrap();
        }
        let deleted = purge_older_than(&db, Duration::from_secs(30 * 86_400)).await.unwrap();
        assert_eq!(deleted, 2);
        assert!(db.find_error("BBBB-BBBB").await.unwrap().is_none());
        assert!(db.find_error("CCCC-CCCC").await.unwrap().is_some());
    }

    #[test]
    fn clean_removes_control_characters_and_caps_length() {
        assert_eq!(clean("a\u{0}b\r\nc\u{1b}[31md", 100), "abc[31md");
        assert_eq!(clean(&"é".repeat(50), 10).chars().count(), 10);
    }

    #[test]
    fn references_are_readable_and_recognised() {
        for _ in 0..100 {
            let reference = new_reference();
            assert!(is_reference(&reference), "{reference}");
            assert!(!reference.contains(['0', 'O', '1', 'I', 'L']));
        }
        assert!(!is_reference("ABCD-EFG"));
        assert!(!is_reference("ABCD_EFGH"));
        assert!(!is_reference("<b>D-EFGH"));
    }
}
