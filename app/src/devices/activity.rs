//! When each session was last active, for the devices page: written at most once every
//! [`EVERY_SECONDS`] per session and instance, never on every page view. The times of the last
//! writes are kept in memory (one instance does not know another's; each writes at most as
//! often), and forgotten once they no longer hold a write back.

use crate::auth::request::AuthRequest;
use sign_in::db::Database;
use sign_in::session::SessionState;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Notes the request's session as active, if it is signed in.
pub async fn note(request: &AuthRequest, state: &SessionState) {
    let (SessionState::SignedIn(current), Some(session_id)) = (state, request.session.id()) else { return };
    let now = request.session.now();
    // The sign-in wrote the row with itself as the last activity: the pages right after it
    // (the first one above all) have nothing to add.
    if now - current.signed_in.user.signed_in_at < EVERY_SECONDS {
        return;
    }
    let Ok(activity) = crate::state::from_context::<Arc<Activity>>() else { return };
    activity.record(&request.sign_in.db, &session_id, now).await;
}

/// How often a session's last activity is written at most.
pub const EVERY_SECONDS: i64 = 5 * 60;

/// The memory is swept when it holds this many sessions more than after the last sweep.
const SWEEP_AFTER: usize = 1024;

#[derive(Debug, Default)]
pub struct Activity {
    written: Mutex<Written>,
}

#[derive(Debug, Default)]
struct Written {
    at: HashMap<String, i64>,
    sweep_at: usize,
}

impl Activity {
    /// Notes that `session_id` was active at `now` (Unix seconds).
    pub async fn record(&self, db: &Database, session_id: &str, now: i64) {
        if !self.due(session_id, now) {
            return;
        }
        // Best effort: a missed write shows an older "last active", nothing worse.
        if let Err(error) = super::queries::touch(db, session_id, now, EVERY_SECONDS).await {
            tracing::warn!(%error, "could not note a session's activity");
        }
    }

    /// Whether a write is due, remembering it as done if so.
    fn due(&self, session_id: &str, now: i64) -> bool {
        let Ok(mut written) = self.written.lock() else { return false };
        if written.at.get(session_id).is_some_and(|at| now - at < EVERY_SECONDS) {
            return false;
        }
        if written.at.len() >= written.sweep_at.max(SWEEP_AFTER) {
            written.at.retain(|_, at| now - *at < EVERY_SECONDS);
            written.sweep_at = written.at.len() + SWEEP_AFTER;
        }
        written.at.insert(session_id.to_owned(), now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_written_at_most_once_every_few_minutes() {
        let activity = Activity::default();
        assert!(activity.due("a", 1_000));
        assert!(!activity.due("a", 1_000 + EVERY_SECONDS - 1));
        assert!(activity.due("b", 1_001), "another session");
        assert!(activity.due("a", 1_000 + EVERY_SECONDS));
    }

    #[test]
    fn the_memory_forgets_sessions_it_no_longer_needs() {
        let activity = Activity::default();
        for i in 0..SWEEP_AFTER {
            assert!(activity.due(&format!("s{i}"), 0));
        }
        assert!(activity.due("late", EVERY_SECONDS));
        assert_eq!(activity.written.lock().unwrap().at.len(), 1, "only the recent one is kept");
    }
}
