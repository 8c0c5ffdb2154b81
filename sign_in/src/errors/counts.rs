//! Failures counted by their catalogue code, in memory, for as long as the process runs: what
//! is counted rather than stored (callbacks that matched no sign-in of their browser, which
//! anyone can send), and what the server reports about itself.

use super::ErrorCode;
use std::sync::atomic::{AtomicU64, Ordering};

/// One counter per catalogue code.
#[derive(Debug)]
pub struct CodeCounts {
    counts: Vec<AtomicU64>,
}

/// How many failures ended on one code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeTally {
    pub code: ErrorCode,
    pub count: u64,
}

impl Default for CodeCounts {
    fn default() -> Self {
        Self { counts: ErrorCode::all().map(|_| AtomicU64::new(0)).collect() }
    }
}

impl CodeCounts {
    pub fn count(&self, code: ErrorCode) {
        if let Some(counter) = self.counter(code) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Every code counted at least once since start-up, in the catalogue's order.
    pub fn counts(&self) -> Vec<CodeTally> {
        ErrorCode::all()
            .filter_map(|code| {
                let count = self.counter(code)?.load(Ordering::Relaxed);
                (count > 0).then_some(CodeTally { code, count })
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
        let failures = CodeCounts::default();
        assert!(failures.counts().is_empty());
        failures.count(ErrorCode::StateMissing);
        failures.count(ErrorCode::StateMismatch);
        failures.count(ErrorCode::StateMissing);
        assert_eq!(
            failures.counts(),
            [
                CodeTally { code: ErrorCode::StateMissing, count: 2 },
                CodeTally { code: ErrorCode::StateMismatch, count: 1 },
            ]
        );
    }
}
