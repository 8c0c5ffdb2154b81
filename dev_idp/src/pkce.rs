//! Proof Key for Code Exchange with the S256 method (RFC 7636).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// An S256 challenge is an unpadded base64url SHA-256 digest: 43 characters.
/// Checking the shape catches clients that send the verifier by mistake.
pub(crate) fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43 && challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub(crate) fn verifier_matches(verifier: &str, challenge: &str) -> bool {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example from RFC 7636, Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn matches_the_rfc_example() {
        assert!(is_s256_challenge(CHALLENGE));
        assert!(verifier_matches(VERIFIER, CHALLENGE));
        assert!(!verifier_matches(CHALLENGE, CHALLENGE));
    }

    #[test]
    fn rejects_challenges_that_are_not_s256_digests() {
        assert!(!is_s256_challenge(VERIFIER.trim_end_matches('k')));
        assert!(!is_s256_challenge(&CHALLENGE.replace('-', "+")));
    }
}
