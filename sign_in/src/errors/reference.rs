//! The short reference a user reads out to support, which leads the team to the logged row.

/// A fresh reference such as `ABCD-2345`.
#[cfg(feature = "server")]
pub fn new_reference() -> String {
    use rand::Rng;
    // Readable aloud: no 0/O or 1/I/L.
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let mut pick = || char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]);
    let head: String = (0..4).map(|_| pick()).collect();
    let tail: String = (0..4).map(|_| pick()).collect();
    format!("{head}-{tail}")
}

/// Our storage failed: the cause goes to the server log under a fresh reference, returned
/// for the page to show (the error log itself is in the storage that failed).
#[cfg(feature = "server")]
pub fn storage_failed(cause: &dyn std::fmt::Display) -> String {
    let reference = new_reference();
    tracing::error!(reference, %cause, "database unavailable");
    reference
}

/// True for text shaped like a reference, so a page shows or looks up nothing else.
pub fn is_reference(text: &str) -> bool {
    text.len() == 9
        && text.char_indices().all(|(i, c)| if i == 4 { c == '-' } else { c.is_ascii_alphanumeric() })
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[test]
    fn references_are_readable_and_recognised() {
        for _ in 0..100 {
            let reference = new_reference();
            assert!(is_reference(&reference), "{reference}");
            assert!(!reference.contains(['0', 'O', '1', 'I', 'L']));
        }
        for text in ["ABCD-EFG", "ABCD_EFGH", "<b>D-EFGH", "ABCD-EFGHI"] {
            assert!(!is_reference(text), "{text}");
        }
    }

    #[test]
    fn an_unavailable_database_is_logged_under_the_reference_the_page_shows() {
        let log = crate::captured_log::CapturedLog::start();
        let reference = storage_failed(&"pool timed out");
        assert!(is_reference(&reference));
        let printed = log.text();
        assert!(printed.contains(&reference) && printed.contains("pool timed out"), "{printed}");
    }
}
