//! RS256 signing keys: the one in use, and the one it replaced by a rotation,
//! so ID tokens issued just before a rotation still work as logout hints.
//!
//! Keys are generated with the `rsa` crate and sign with `ring`, whose RSA is several times
//! faster than the `rsa` crate behind openidconnect's own signer (ring cannot generate RSA
//! keys). Every sign-in signs an ID token, so this decides how many sign-ins a second the
//! development IdP can serve a load test.

use std::sync::{Arc, PoisonError, RwLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use openidconnect::core::{CoreJsonWebKey, CoreJwsSigningAlgorithm};
use openidconnect::{JsonWebKeyId, PrivateSigningKey, SigningError};
use rand::rngs::OsRng;
use ring::rand::SystemRandom;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde::Serialize;
use tokio::sync::OnceCell;

use crate::random;

const KEY_BITS: usize = 2048;

/// The key every dev IdP of this process starts with. Generating one takes a good part of a
/// second, and a test process starts an IdP for nearly every test; a rotation still gives
/// an IdP a key of its own.
static FIRST_KEY: OnceCell<Arc<SigningKey>> = OnceCell::const_new();

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot generate an RSA key: {0}")]
    Generate(#[from] rsa::Error),
    #[error("cannot encode the RSA key: {0}")]
    Encode(#[from] rsa::pkcs1::Error),
    #[error("ring rejected the generated RSA key: {0}")]
    Load(ring::error::KeyRejected),
    #[error("the key generation task did not finish: {0}")]
    Task(#[from] tokio::task::JoinError),
}

pub(crate) struct SigningKey {
    kid: String,
    signer: Rs256Signer,
    /// The public key without its `kid`, for tokens that name none.
    unnamed: CoreJsonWebKey,
    jwk: PublicJwk,
}

impl SigningKey {
    /// The process's first key, generated when the first IdP starts.
    pub(crate) async fn first() -> Result<Arc<Self>, KeyError> {
        let key = FIRST_KEY.get_or_try_init(|| async { Self::generate().await.map(Arc::new) }).await?;
        Ok(Arc::clone(key))
    }

    /// A new key with a new random `kid`.
    pub(crate) async fn generate() -> Result<Self, KeyError> {
        Self::generate_with_kid(random::token()).await
    }

    /// A new key under a chosen `kid`; the bad-signature simulation uses this
    /// to impersonate the real key.
    pub(crate) async fn generate_with_kid(kid: String) -> Result<Self, KeyError> {
        // Key generation takes CPU time that must not stall the async workers.
        tokio::task::spawn_blocking(move || Self::generate_blocking(kid)).await?
    }

    fn generate_blocking(kid: String) -> Result<Self, KeyError> {
        let private_key = RsaPrivateKey::new(&mut OsRng, KEY_BITS)?;
        let key_pair =
            ring::rsa::KeyPair::from_der(private_key.to_pkcs1_der()?.as_bytes()).map_err(KeyError::Load)?;
        let public_key =
            |kid| CoreJsonWebKey::new_rsa(private_key.n().to_bytes_be(), private_key.e().to_bytes_be(), kid);
        let verification_key = public_key(Some(JsonWebKeyId::new(kid.clone())));
        let signer = Rs256Signer { key_pair, verification_key, random: SystemRandom::new() };
        let jwk = PublicJwk::rs256(kid.clone(), &private_key);
        Ok(Self { kid, signer, unnamed: public_key(None), jwk })
    }

    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    pub(crate) fn signer(&self) -> &impl PrivateSigningKey<VerificationKey = CoreJsonWebKey> {
        &self.signer
    }

    /// Signs as [`Self::signer`] does, but its tokens name no key (`kid`).
    pub(crate) fn signer_naming_no_key(
        &self,
    ) -> impl PrivateSigningKey<VerificationKey = CoreJsonWebKey> + '_ {
        NamingNoKey(self)
    }

    pub(crate) fn jwk(&self) -> &PublicJwk {
        &self.jwk
    }
}

/// A key whose tokens leave `kid` out of their header: openidconnect names the key its
/// verification key names.
struct NamingNoKey<'a>(&'a SigningKey);

impl PrivateSigningKey for NamingNoKey<'_> {
    type VerificationKey = CoreJsonWebKey;

    fn sign(&self, alg: &CoreJwsSigningAlgorithm, message: &[u8]) -> Result<Vec<u8>, SigningError> {
        self.0.signer.sign(alg, message)
    }

    fn as_verification_key(&self) -> CoreJsonWebKey {
        self.0.unnamed.clone()
    }
}

/// An RS256 private key, signing with ring.
struct Rs256Signer {
    key_pair: ring::rsa::KeyPair,
    verification_key: CoreJsonWebKey,
    random: SystemRandom,
}

impl PrivateSigningKey for Rs256Signer {
    type VerificationKey = CoreJsonWebKey;

    fn sign(&self, alg: &CoreJwsSigningAlgorithm, message: &[u8]) -> Result<Vec<u8>, SigningError> {
        if *alg != CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256 {
            return Err(SigningError::UnsupportedAlg(format!("{alg:?}")));
        }
        let mut signature = vec![0; self.key_pair.public().modulus_len()];
        self.key_pair
            .sign(&ring::signature::RSA_PKCS1_SHA256, &self.random, message, &mut signature)
            .map_err(|_| SigningError::CryptoError)?;
        Ok(signature)
    }

    fn as_verification_key(&self) -> CoreJsonWebKey {
        self.verification_key.clone()
    }
}

/// A public key as published in the JWKS. openidconnect's `CoreJsonWebKey`
/// cannot carry `alg`, which some relying parties require.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PublicJwk {
    kty: &'static str,
    #[serde(rename = "use")]
    use_: &'static str,
    alg: &'static str,
    kid: String,
    n: String,
    e: String,
}

impl PublicJwk {
    fn rs256(kid: String, key: &RsaPrivateKey) -> Self {
        Self {
            kty: "RSA",
            use_: "sig",
            alg: "RS256",
            kid,
            n: URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
            e: URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
        }
    }
}

#[derive(Clone)]
struct Keys {
    current: Arc<SigningKey>,
    previous: Option<Arc<SigningKey>>,
}

pub(crate) struct Keyring(RwLock<Keys>);

impl Keyring {
    pub(crate) fn new(key: Arc<SigningKey>) -> Self {
        Self(RwLock::new(Keys { current: key, previous: None }))
    }

    /// The key that signs new tokens and is the only one in the JWKS.
    pub(crate) fn current(&self) -> Arc<SigningKey> {
        Arc::clone(&self.keys().current)
    }

    /// Keys accepted for logout hints: the current one and the one it replaced.
    pub(crate) fn verification_keys(&self) -> Vec<CoreJsonWebKey> {
        let keys = self.keys();
        std::iter::once(&keys.current)
            .chain(&keys.previous)
            .map(|key| key.signer.as_verification_key())
            .collect()
    }

    pub(crate) fn rotate(&self, next: SigningKey) {
        // The keys are swapped whole, so a poisoned lock still holds a consistent pair.
        let mut keys = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let retired = std::mem::replace(&mut keys.current, Arc::new(next));
        keys.previous = Some(retired);
    }

    fn keys(&self) -> Keys {
        self.0.read().unwrap_or_else(PoisonError::into_inner).clone()
    }
}
