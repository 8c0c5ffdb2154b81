//! Callbacks that matched no sign-in of the browser that sent them. Anyone can send one (a
//! link, an `<img>` on another site, a script), so none is written to the database: each is
//! counted here, by its code, for as long as the process runs.

use crate::errors::ErrorCode;
use std::sync::atomic::{AtomicU64, Ordering};

/// One counter per catalogue code.
#[derive(Debug)]
pub struct AnonymousFailures {
    counts: Vec<AtomicU64>,
}

/// How many anonymous callbacks ended on one code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnonymousCount {
    pub code: ErrorCode,
    pub count: u64,
}

impl Default for AnonymousFailures {
    fn default() -> Self {
        Self { counts: ErrorCode::all().map(|_| AtomicU64::new(0)).collect() }
    }
}

impl AnonymousFailures {
    pub fn count(&self, code: ErrorCode) {
        if let Some(counter) = self.counter(code) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Every code counted at least once since start-up, in the catalogue's order.
    pub fn counts(&self) -> Vec<AnonymousCount> {
        ErrorCode::all()
            .filter_map(|code| {
                let count = self.counter(code)?.load(Ordering::Relaxed);
                (count > 0).then_some(AnonymousCount { code, count })
            })
            .collect()
    }

    fn counter(&self, code: ErrorCode) -> Option<&AtomicU64> {
        ErrorCode::all().position(|known| known == code).and_then(|index| self.counts.get(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_code_apart() {
        let failures = AnonymousFailures::default();
        assert!(failures.counts().is_empty());
        failures.count(ErrorCode::StateMissing);
        failures.count(ErrorCode::StateMismatch);
        failures.count(ErrorCode::StateMissing);
        assert_eq!(
            failures.counts(),
            [
                AnonymousCount { code: ErrorCode::StateMissing, count: 2 },
                AnonymousCount { code: ErrorCode::StateMismatch, count: 1 },
            ]
        );
    }
}
