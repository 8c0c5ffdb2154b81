//! How sign-ins have ended since the server started, counted where the app learns it: the
//! callback that signs someone in, and [`AuthRequest::fail`](super::request::AuthRequest::fail),
//! which every failure passes on its way to the error page. The server's metrics read these
//! counts when they are scraped; nothing here knows how they are shown.

use sign_in::errors::ErrorCode;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

#[derive(Debug, Default)]
pub struct Outcomes {
    signed_in: AtomicU64,
    failed: Mutex<HashMap<ErrorCode, u64>>,
}

impl Outcomes {
    pub fn signed_in(&self) {
        self.signed_in.fetch_add(1, Ordering::Relaxed);
    }

    pub fn failed(&self, code: ErrorCode) {
        *self.failed.lock().unwrap_or_else(PoisonError::into_inner).entry(code).or_default() += 1;
    }

    /// Sign-ins that succeeded.
    pub fn sign_ins(&self) -> u64 {
        self.signed_in.load(Ordering::Relaxed)
    }

    /// Failures shown to people, by code, in the catalogue's order.
    pub fn failures(&self) -> Vec<(ErrorCode, u64)> {
        let failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        ErrorCode::all().filter_map(|code| failed.get(&code).map(|count| (code, *count))).collect()
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
        assert_eq!(outcomes.failures(), [(ErrorCode::AccessDenied, 1), (ErrorCode::StateMismatch, 2)]);
    }
}
