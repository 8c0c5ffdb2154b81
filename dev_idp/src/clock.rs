//! The IdP's notion of "now", which tests can shift to make a relying party
//! face a provider whose clock is wrong.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};

/// The largest offset accepted, either way: a day is plenty to trip any
/// clock-skew check, and keeps every shifted time far from chrono's limits.
pub(crate) const MAX_OFFSET_SECONDS: i64 = 24 * 60 * 60;

#[derive(Debug, thiserror::Error)]
#[error(
    "offset_seconds must be a whole number of seconds from -{MAX_OFFSET_SECONDS} to {MAX_OFFSET_SECONDS}"
)]
pub(crate) struct InvalidOffset;

/// Real time shifted by an offset that can change while the IdP runs.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_seconds: AtomicI64,
}

impl Clock {
    /// Parses and applies an `offset_seconds` value; `0` goes back to real time.
    pub(crate) fn set_offset(&self, offset_seconds: &str) -> Result<i64, InvalidOffset> {
        let offset: i64 = offset_seconds.trim().parse().map_err(|_| InvalidOffset)?;
        if offset.abs() > MAX_OFFSET_SECONDS {
            return Err(InvalidOffset);
        }
        self.offset_seconds.store(offset, Ordering::Relaxed);
        Ok(offset)
    }

    pub(crate) fn offset(&self) -> TimeDelta {
        TimeDelta::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// The time the IdP claims it is.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset()
    }
}

/// An HTTP `Date` value (RFC 9110 §5.6.7, IMF-fixdate).
pub(crate) fn http_date(time: DateTime<Utc>) -> String {
    time.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_bounded_to_a_day() {
        let clock = Clock::default();
        assert_eq!(clock.set_offset("-86400").ok(), Some(-86_400));
        assert_eq!(clock.offset(), TimeDelta::days(-1));
        for bad in ["86401", "-86401", "1.5", "", "soon", "9223372036854775808"] {
            assert!(clock.set_offset(bad).is_err(), "{bad:?}");
        }
        assert_eq!(clock.offset(), TimeDelta::days(-1), "a rejected value changes nothing");
    }

    #[test]
    fn http_dates_use_the_imf_fixdate_format() {
        let time = DateTime::from_timestamp(784_111_777, 0).expect("valid timestamp");
        assert_eq!(http_date(time), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
