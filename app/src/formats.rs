//! Dates for people, as the server renders them.

use time::macros::format_description;
use time::OffsetDateTime;

/// Formats Unix seconds as `2026-11-25 17:47 UTC` (or the seconds themselves, should they
/// lie outside the calendar `time` knows).
pub fn utc(unix_seconds: i64) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|instant| instant.format(format).ok())
        .unwrap_or_else(|| unix_seconds.to_string())
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn formats_known_instants() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_795_628_820), "2026-11-25 17:47 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59 UTC");
    }
}
