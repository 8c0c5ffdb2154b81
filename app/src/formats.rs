//! Dates, times and numbers for people, in their language, as the server renders them:
//! ICU4X's patterns (the catalogue's `dates` and `numbers` pick the style), formatted on the
//! server, so no locale data reaches the browser.

use crate::i18n::{td_string, Locale};
use leptos_i18n::reexports::icu::datetime::input::{Date, DateTime, Time};
use time::OffsetDateTime;

/// Unix seconds as a date and time in UTC, in `locale`'s way: `Nov 25, 2026, 5:47 PM UTC`,
/// `25.11.2026, 17:47 UTC`. (The seconds themselves, should they lie outside the calendar.)
pub fn date_time(locale: Locale, unix_seconds: i64) -> String {
    let Ok(instant) = OffsetDateTime::from_unix_timestamp(unix_seconds) else {
        return unix_seconds.to_string();
    };
    let date = Date::try_new_iso(instant.year(), u8::from(instant.month()), instant.day());
    let time = Time::try_new(instant.hour(), instant.minute(), instant.second(), 0);
    match (date, time) {
        (Ok(date), Ok(time)) => td_string!(locale, dates.date_time, at = DateTime { date, time }).to_string(),
        _ => unix_seconds.to_string(),
    }
}

/// A count, grouped in `locale`'s way: `12,345`, `12.345`, `12 345`.
pub fn count(locale: Locale, count: u64) -> String {
    td_string!(locale, numbers.count, count).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_groups_digits_its_own_way() {
        assert_eq!(count(Locale::en, 12_345), "12,345");
        assert_eq!(count(Locale::de, 12_345), "12.345");
        assert_eq!(count(Locale::en, 7), "7");
    }

    #[test]
    fn each_language_writes_dates_its_own_way() {
        let instant = 1_795_628_820; // 2026-11-25 17:47 UTC
        let english = date_time(Locale::en, instant);
        assert!(
            english.contains("2026") && english.contains("5:47") && english.ends_with("UTC"),
            "{english}"
        );
        let german = date_time(Locale::de, instant);
        assert!(german.contains("25.11.2026") && german.contains("17:47"), "{german}");
        assert_ne!(date_time(Locale::fr, instant), english);
        assert_eq!(date_time(Locale::en, i64::MAX), i64::MAX.to_string());
    }
}
