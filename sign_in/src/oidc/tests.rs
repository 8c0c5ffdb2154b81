//! ID token validation, with tokens signed here: signature, issuer, audience, nonce, and
//! the clock leeway on `exp`; and fetching the keys again, from a JWKS served over HTTP that
//! counts its requests. (The whole sign-in, key rotations included, is covered by the
//! server's integration tests against the development IdP.)

use super::*;
use openidconnect::core::{
    CoreHmacKey, CoreJsonWebKeySet, CoreResponseType, CoreRsaPrivateSigningKey, CoreSubjectIdentifierType,
};
use openidconnect::{
    Audience, AuthUrl, EmptyAdditionalClaims, JsonWebKeyId, JsonWebKeySetUrl, PrivateSigningKey,
    ResponseTypes, StandardClaims, SubjectIdentifier,
};
use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::OnceLock;

const ISSUER: &str = "https://accounts.example.com";
const CLIENT_ID: &str = "the-client";
const NONCE: &str = "the-nonce";

/// The IdP's key, and the one it rotates to.
#[derive(Clone, Copy)]
enum Key {
    First,
    Rotated,
}

/// `key` under `kid`, or naming none. Each key is generated once for all tests: the slow part.
fn rsa_key(key: Key, kid: Option<&str>) -> CoreRsaPrivateSigningKey {
    static PEMS: [OnceLock<String>; 2] = [OnceLock::new(), OnceLock::new()];
    let pem = PEMS[key as usize].get_or_init(|| {
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key");
        key.to_pkcs1_pem(LineEnding::LF).expect("pem").to_string()
    });
    let kid = kid.map(|kid| JsonWebKeyId::new(kid.into()));
    CoreRsaPrivateSigningKey::from_pem(pem, kid).expect("signing key")
}

fn signing_key(kid: &str) -> CoreRsaPrivateSigningKey {
    rsa_key(Key::First, Some(kid))
}

fn settings(leeway_seconds: u64) -> OidcSettings {
    OidcSettings {
        issuer: IssuerUrl::new(ISSUER.into()).unwrap(),
        client_id: ClientId::new(CLIENT_ID.into()),
        client_secret: ClientSecret::new("secret".into()),
        redirect_url: RedirectUrl::new("https://app.example.com/auth/callback".into()).unwrap(),
        post_logout_redirect_url: PostLogoutRedirectUrl::new("https://app.example.com/signed-out".into())
            .unwrap(),
        scopes: vec![],
        clock_leeway: Duration::from_secs(leeway_seconds),
        connect_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(1),
        offline_access: false,
    }
}

/// A careless provider's discovery document (it lists a symmetric algorithm too), with the
/// keys fetched from `jwks_uri` so far.
fn metadata(jwks_uri: &str, keys: Vec<CoreJsonWebKey>) -> Metadata {
    Metadata::new(
        IssuerUrl::new(ISSUER.into()).unwrap(),
        AuthUrl::new(format!("{ISSUER}/authorize")).unwrap(),
        JsonWebKeySetUrl::new(jwks_uri.into()).unwrap(),
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, CoreJwsSigningAlgorithm::HmacSha256],
        LogoutProviderMetadata { end_session_endpoint: None, additional_metadata: ExtraMetadata::default() },
    )
    .set_jwks(CoreJsonWebKeySet::new(keys))
}

fn client(leeway_seconds: u64) -> (OidcClient, Provider) {
    let oidc = OidcClient::new(settings(leeway_seconds), Clock::system()).unwrap();
    let keys = vec![signing_key("key-1").as_verification_key()];
    let provider = oidc.build(metadata(&format!("{ISSUER}/jwks"), keys));
    (oidc, provider)
}

/// A token as the IdP would sign it, with `change` applied to its claims first.
fn token(
    kid: &str,
    expires_in_seconds: i64,
    change: impl FnOnce(CoreIdTokenClaims) -> CoreIdTokenClaims,
) -> CoreIdToken {
    CoreIdToken::new(
        change(claims(expires_in_seconds)),
        &signing_key(kid),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .expect("signed")
}

fn claims(expires_in_seconds: i64) -> CoreIdTokenClaims {
    let now = Utc::now();
    CoreIdTokenClaims::new(
        IssuerUrl::new(ISSUER.into()).unwrap(),
        vec![Audience::new(CLIENT_ID.into())],
        now + chrono::Duration::seconds(expires_in_seconds),
        now - chrono::Duration::seconds(300),
        StandardClaims::new(SubjectIdentifier::new("user-1".into())),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(NONCE.into())))
}

fn check(
    oidc: &OidcClient,
    provider: &Provider,
    token: &CoreIdToken,
) -> Result<CoreIdTokenClaims, ClaimsVerificationError> {
    oidc.check_claims(provider, token, &Nonce::new(NONCE.into()))
}

#[test]
fn a_good_token_passes() {
    let (oidc, provider) = client(60);
    let claims = check(&oidc, &provider, &token("key-1", 300, |c| c)).expect("valid");
    assert_eq!(claims.subject().as_str(), "user-1");
}

#[test]
fn expiry_is_checked_with_the_configured_leeway() {
    let (oidc, provider) = client(60);
    assert!(check(&oidc, &provider, &token("key-1", -30, |c| c)).is_ok(), "30 s late is within 60 s");
    assert!(matches!(
        check(&oidc, &provider, &token("key-1", -120, |c| c)),
        Err(ClaimsVerificationError::Expired(_))
    ));
    let (strict, provider) = client(0);
    assert!(check(&strict, &provider, &token("key-1", -30, |c| c)).is_err(), "no leeway, no grace");
}

#[test]
fn the_nonce_must_be_this_attempts() {
    let (oidc, provider) = client(60);
    let other = token("key-1", 300, |c| c.set_nonce(Some(Nonce::new("someone-elses".into()))));
    assert!(check(&oidc, &provider, &other).is_err());
}

#[test]
fn issuer_and_audience_must_be_ours() {
    let (oidc, provider) = client(60);
    let wrong_audience =
        token("key-1", 300, |c| c.set_audiences(vec![Audience::new("another-client".into())]));
    assert!(check(&oidc, &provider, &wrong_audience).is_err());
    let wrong_issuer =
        token("key-1", 300, |c| c.set_issuer(IssuerUrl::new("https://evil.example".into()).unwrap()));
    assert!(check(&oidc, &provider, &wrong_issuer).is_err());
}

#[test]
fn an_unknown_key_id_asks_for_fresh_keys() {
    let (oidc, provider) = client(60);
    // This is the error that makes `verify_id_token` fetch the JWKS again once.
    assert!(matches!(
        check(&oidc, &provider, &token("key-2", 300, |c| c)),
        Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey))
    ));
}

#[test]
fn a_token_signed_with_the_client_secret_is_refused_though_discovery_lists_hs256() {
    let (oidc, provider) = client(60);
    let hmac = CoreHmacKey::new("secret".as_bytes());
    let token = CoreIdToken::new(claims(300), &hmac, CoreJwsSigningAlgorithm::HmacSha256, None, None)
        .expect("signed");
    assert!(matches!(
        check(&oidc, &provider, &token),
        Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::DisallowedAlg(_)))
    ));
}

#[test]
fn several_audiences_need_azp_naming_this_client() {
    let (oidc, provider) = client(60);
    let audiences = || vec![Audience::new(CLIENT_ID.into()), Audience::new("an-api".into())];
    let azp = |party: &str| Some(ClientId::new(party.into()));
    let for_us = token("key-1", 300, |c| c.set_audiences(audiences()).set_authorized_party(azp(CLIENT_ID)));
    assert!(check(&oidc, &provider, &for_us).is_ok(), "an extra audience with azp naming us is fine");
    let for_another =
        token("key-1", 300, |c| c.set_audiences(audiences()).set_authorized_party(azp("other")));
    assert!(check(&oidc, &provider, &for_another).is_err());
    let without_azp = token("key-1", 300, |c| c.set_audiences(audiences()));
    assert!(check(&oidc, &provider, &without_azp).is_err());
    let single_but_other_azp = token("key-1", 300, |c| c.set_authorized_party(azp("other")));
    assert!(check(&oidc, &provider, &single_but_other_azp).is_err());
}

/// A JWKS served over HTTP, and how many times it was asked for.
struct JwksEndpoint {
    url: String,
    requests: Arc<AtomicUsize>,
}

impl JwksEndpoint {
    async fn serving(keys: Vec<CoreJsonWebKey>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/jwks", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        let jwks = CoreJsonWebKeySet::new(keys);
        let router = axum::Router::new().route(
            "/jwks",
            axum::routing::get(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                let jwks = jwks.clone();
                async move { axum::Json(jwks) }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { url, requests }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// A client that has discovered an IdP whose keys are at `jwks` and that it fetched as
/// `cached`, with a clock the test moves (seconds ahead of the system's).
async fn client_of(jwks: &JwksEndpoint, cached: Vec<CoreJsonWebKey>) -> (Arc<OidcClient>, Arc<AtomicI64>) {
    let ahead = Arc::new(AtomicI64::new(0));
    let offset = ahead.clone();
    let clock = Clock::from_fn(move || crate::clock::unix_now() + offset.load(Ordering::SeqCst));
    let oidc = OidcClient::new(settings(60), clock).unwrap();
    let provider = Arc::new(oidc.build(metadata(&jwks.url, cached)));
    *oidc.provider.write().await = Some(provider);
    (Arc::new(oidc), ahead)
}

/// Verifies `token` as a sign-in does, with the keys the client holds now.
async fn verify(oidc: &OidcClient, token: &CoreIdToken) -> Result<CoreIdTokenClaims, Failure> {
    let provider = oidc.provider().await?;
    oidc.verify_id_token(&provider, token, &Nonce::new(NONCE.into())).await
}

/// A valid token signed by `key`.
fn signed_by(key: &CoreRsaPrivateSigningKey) -> CoreIdToken {
    CoreIdToken::new(claims(300), key, CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, None, None)
        .expect("signed")
}

#[tokio::test]
async fn a_kid_less_token_signed_by_a_rotated_key_fetches_the_keys_once_more() {
    // The IdP names no key: it had one, and now signs with another.
    let jwks = JwksEndpoint::serving(vec![rsa_key(Key::Rotated, None).as_verification_key()]).await;
    let (oidc, _) = client_of(&jwks, vec![rsa_key(Key::First, None).as_verification_key()]).await;
    let token = signed_by(&rsa_key(Key::Rotated, None));

    let claims = verify(&oidc, &token).await.expect("verified with the keys fetched again");
    assert_eq!(claims.subject().as_str(), "user-1");
    assert_eq!(jwks.requests(), 1);
    verify(&oidc, &token).await.expect("and with the kept keys afterwards");
    assert_eq!(jwks.requests(), 1, "the new keys are kept");
}

#[tokio::test]
async fn a_burst_after_a_rotation_fetches_the_keys_once_and_every_sign_in_uses_them() {
    let jwks = JwksEndpoint::serving(vec![rsa_key(Key::Rotated, None).as_verification_key()]).await;
    let (oidc, _) = client_of(&jwks, vec![rsa_key(Key::First, None).as_verification_key()]).await;
    let token = signed_by(&rsa_key(Key::Rotated, None));
    let mut sign_ins = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (oidc, token) = (oidc.clone(), token.clone());
        sign_ins.spawn(async move { verify(&oidc, &token).await.is_ok() });
    }
    let verified = sign_ins.join_all().await;
    assert!(verified.iter().all(|ok| *ok), "{verified:?}");
    assert_eq!(jwks.requests(), 1);
}

#[tokio::test]
async fn failing_tokens_fetch_the_keys_at_most_once_per_period_whatever_they_name() {
    // The IdP's keys have not changed; the tokens are forged.
    let first = rsa_key(Key::First, None).as_verification_key();
    let jwks = JwksEndpoint::serving(vec![first.clone()]).await;
    let (oidc, ahead) = client_of(&jwks, vec![first]).await;
    let forged = signed_by(&rsa_key(Key::Rotated, None));

    for _ in 0..20 {
        assert!(verify(&oidc, &forged).await.is_err());
    }
    assert_eq!(jwks.requests(), 1, "a flood of bad signatures fetches the keys once");
    let unknown_kid = signed_by(&rsa_key(Key::Rotated, Some("unknown")));
    assert!(verify(&oidc, &unknown_kid).await.is_err());
    assert_eq!(jwks.requests(), 1, "an unknown kid waits for the same period");

    ahead.store(JWKS_REFETCH_SECONDS, Ordering::SeqCst);
    assert!(verify(&oidc, &forged).await.is_err());
    assert_eq!(jwks.requests(), 2, "once the period is over, the keys may be fetched again");
}

#[tokio::test]
async fn a_bad_signature_under_a_known_kid_is_not_a_rotation() {
    let jwks = JwksEndpoint::serving(vec![signing_key("key-1").as_verification_key()]).await;
    let (oidc, _) = client_of(&jwks, vec![signing_key("key-1").as_verification_key()]).await;
    let forged = signed_by(&rsa_key(Key::Rotated, Some("key-1")));
    assert!(verify(&oidc, &forged).await.is_err());
    assert_eq!(jwks.requests(), 0);
}
