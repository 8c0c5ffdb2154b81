//! Unguessable identifiers for codes, tokens, sessions and key ids.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;

/// 256 random bits, base64url-encoded so they are safe in URLs, cookies and HTML.
pub(crate) fn token() -> String {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}
