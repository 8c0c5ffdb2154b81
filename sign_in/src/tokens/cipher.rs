//! Tokens at rest: AES-256-GCM under `TOKEN_ENCRYPTION_KEY`, each value bound to its session
//! and its purpose (the associated data), so a sealed value copied to another session's row,
//! or from the refresh column to the access column, does not open. A previous key still
//! opens what it sealed while keys rotate; new values are always sealed with the current one.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A key's length in bytes, as `openssl rand -base64 32` prints one.
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;

/// One AES-256 key and its id: the first bytes of its SHA-256, stored with each value so the
/// right key opens it. (Not secret: it tells nothing about the key.)
#[derive(Clone)]
pub struct TokenKey {
    id: String,
    cipher: Aes256Gcm,
}

// Hand-written: only the id ever prints.
impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKey").field("id", &self.id).finish_non_exhaustive()
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("must be 32 random bytes in base64 (as `openssl rand -base64 32` prints); it is not base64")]
    NotBase64,
    #[error("must be 32 random bytes in base64 (as `openssl rand -base64 32` prints); it holds {0} bytes")]
    WrongLength(usize),
}

impl TokenKey {
    /// Reads a key written in standard base64.
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(text.trim()).map_err(|_| KeyError::NotBase64)?;
        let bytes: [u8; KEY_BYTES] =
            bytes.as_slice().try_into().map_err(|_| KeyError::WrongLength(bytes.len()))?;
        Ok(Self::from_bytes(&bytes))
    }

    /// A fresh random key: for the development IdP, whose tokens die with the process anyway.
    pub fn generate() -> Self {
        let mut bytes = [0u8; KEY_BYTES];
        rand::thread_rng().fill_bytes(&mut bytes);
        Self::from_bytes(&bytes)
    }

    fn from_bytes(bytes: &[u8; KEY_BYTES]) -> Self {
        let digest = Sha256::digest(bytes);
        let id = digest.iter().take(4).map(|byte| format!("{byte:02x}")).collect();
        Self { id, cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(bytes)) }
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

/// What a sealed value is for, part of its associated data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    AccessToken,
    RefreshToken,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::RefreshToken => "refresh_token",
        }
    }
}

/// A value as the database keeps it: which key sealed it, the nonce, the ciphertext with its tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

/// The current key, and the previous one while keys rotate.
#[derive(Clone, Debug)]
pub struct TokenKeys {
    pub current: TokenKey,
    pub previous: Option<TokenKey>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("sealed with key {0}, which is neither the current nor the previous key")]
    UnknownKey(String),
    #[error("the value does not open: tampered with, or moved from another session or column")]
    Tampered,
}

impl TokenKeys {
    /// Seals `plaintext` for `session_id` with the current key and a fresh random nonce.
    pub fn seal(&self, plaintext: &str, session_id: &str, purpose: Purpose) -> Sealed {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::thread_rng().fill_bytes(&mut nonce);
        let aad = associated_data(session_id, purpose);
        let payload = Payload { msg: plaintext.as_bytes(), aad: &aad };
        // AES-GCM fails only for messages of gigabytes; a token is a few kilobytes at most.
        let ciphertext = self.current.cipher.encrypt(Nonce::from_slice(&nonce), payload).unwrap_or_default();
        Sealed { key_id: self.current.id.clone(), nonce: nonce.to_vec(), ciphertext }
    }

    /// Opens a value sealed for `session_id`, with whichever of the keys sealed it.
    pub fn open(&self, sealed: &Sealed, session_id: &str, purpose: Purpose) -> Result<String, OpenError> {
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|key| key.id == sealed.key_id)
            .ok_or_else(|| OpenError::UnknownKey(sealed.key_id.clone()))?;
        if sealed.nonce.len() != NONCE_BYTES {
            return Err(OpenError::Tampered);
        }
        let aad = associated_data(session_id, purpose);
        let payload = Payload { msg: &sealed.ciphertext, aad: &aad };
        let plaintext =
            key.cipher.decrypt(Nonce::from_slice(&sealed.nonce), payload).map_err(|_| OpenError::Tampered)?;
        String::from_utf8(plaintext).map_err(|_| OpenError::Tampered)
    }
}

fn associated_data(session_id: &str, purpose: Purpose) -> Vec<u8> {
    format!("intastellar-leptos/{}/{session_id}", purpose.label()).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(current: &TokenKey, previous: Option<&TokenKey>) -> TokenKeys {
        TokenKeys { current: current.clone(), previous: previous.cloned() }
    }

    #[test]
    fn a_sealed_token_holds_no_plaintext_and_opens_only_where_it_was_sealed() {
        let key = TokenKey::generate();
        let keys = keys(&key, None);
        let sealed = keys.seal("the-access-token", "session-1", Purpose::AccessToken);
        let text = String::from_utf8_lossy(&sealed.ciphertext);
        assert!(!text.contains("the-access-token"));
        assert_eq!(keys.open(&sealed, "session-1", Purpose::AccessToken).as_deref(), Ok("the-access-token"));
        assert_eq!(keys.open(&sealed, "session-2", Purpose::AccessToken), Err(OpenError::Tampered));
        assert_eq!(keys.open(&sealed, "session-1", Purpose::RefreshToken), Err(OpenError::Tampered));
        let again = keys.seal("the-access-token", "session-1", Purpose::AccessToken);
        assert_ne!(again.nonce, sealed.nonce, "a fresh nonce every time");
    }

    #[test]
    fn after_a_rotation_the_previous_key_opens_and_new_values_use_the_new_key() {
        let (old, new) = (TokenKey::generate(), TokenKey::generate());
        let sealed_before = keys(&old, None).seal("refresh-1", "s", Purpose::RefreshToken);
        let rotated = keys(&new, Some(&old));
        assert_eq!(rotated.open(&sealed_before, "s", Purpose::RefreshToken).as_deref(), Ok("refresh-1"));
        let sealed_after = rotated.seal("refresh-2", "s", Purpose::RefreshToken);
        assert_eq!(sealed_after.key_id, new.id());
        assert_eq!(
            keys(&new, None).open(&sealed_after, "s", Purpose::RefreshToken).as_deref(),
            Ok("refresh-2")
        );
        // Once the previous key is dropped, what it sealed no longer opens.
        let error = keys(&new, None).open(&sealed_before, "s", Purpose::RefreshToken);
        assert_eq!(error, Err(OpenError::UnknownKey(old.id().to_owned())));
    }

    #[test]
    fn keys_are_32_bytes_of_base64_and_never_print() {
        let text = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        let key = TokenKey::from_base64(&text).expect("a valid key");
        assert!(!format!("{key:?}").contains(&text));
        assert_eq!(TokenKey::from_base64("not base64!").unwrap_err(), KeyError::NotBase64);
        let short = base64::engine::general_purpose::STANDARD.encode([7u8; 16]);
        assert_eq!(TokenKey::from_base64(&short).unwrap_err(), KeyError::WrongLength(16));
    }
}
