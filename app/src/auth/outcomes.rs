//! How sign-ins have ended since the server started, counted where the app learns it: the
//! callback that signs someone in, and [`AuthRequest::fail`](super::request::AuthRequest::fail),
//! which every failure passes on its way to the error page. The server's metrics read these
//! counts when they are scraped; nothing here knows how they are shown.

use sign_in::errors::{CodeCounts, CodeTally, ErrorCode};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Outcomes {
    signed_in: AtomicU64,
    failed: CodeCounts,
}

impl Outcomes {
    pub fn signed_in(&self) {
        self.signed_in.fetch_add(1, Ordering::Relaxed);
    }

    pub fn failed(&self, code: ErrorCode) {
        self.failed.count(code);
    }

    /// Sign-ins that succeeded.
    pub fn sign_ins(&self) -> u64 {
        self.signed_in.load(Ordering::Relaxed)
    }

    /// Failures shown to people, by code, in the catalogue's order.
    pub fn failures(&self) -> Vec<CodeTally> {
        self.failed.counts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_is_counted_by_its_code() {
        let outcomes = Outcomes::default();
        outcomes.signed_in();
        outcomes.failed(ErrorCode::StateMismatch);
        outcomes.failed(ErrorCode::AccessDenied);
        outcomes.failed(ErrorCode::StateMismatch);
        assert_eq!(outcomes.sign_ins(), 1);
        let tally = |code, count| CodeTally { code, count };
        assert_eq!(
            outcomes.failures(),
            [tally(ErrorCode::AccessDenied, 1), tally(ErrorCode::StateMismatch, 2)]
        );
    }
}
