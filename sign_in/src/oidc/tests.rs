//! ID token validation, with tokens signed here: signature, issuer, audience, nonce, and
//! the clock leeway on `exp`. (The HTTP side, key rotation included, is covered by the
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
use std::sync::OnceLock;

const ISSUER: &str = "https://accounts.example.com";
const CLIENT_ID: &str = "the-client";
const NONCE: &str = "the-nonce";

/// One RSA key for all tests: generating them is the slow part.
fn signing_key(kid: &str) -> CoreRsaPrivateSigningKey {
    static PEM: OnceLock<String> = OnceLock::new();
    let pem = PEM.get_or_init(|| {
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key");
        key.to_pkcs1_pem(LineEnding::LF).expect("pem").to_string()
    });
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(kid.into()))).expect("signing key")
}

fn client(leeway_seconds: u64) -> (OidcClient, Provider) {
    let settings = OidcSettings {
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
    };
    // A careless provider that lists a symmetric algorithm too.
    let metadata = Metadata::new(
        settings.issuer.clone(),
        AuthUrl::new(format!("{ISSUER}/authorize")).unwrap(),
        JsonWebKeySetUrl::new(format!("{ISSUER}/jwks")).unwrap(),
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, CoreJwsSigningAlgorithm::HmacSha256],
        LogoutProviderMetadata {
            end_session_endpoint: None,
            additional_metadata: IssuerIdentification::default(),
        },
    )
    .set_jwks(CoreJsonWebKeySet::new(vec![signing_key("key-1").as_verification_key()]));
    let oidc = OidcClient::new(settings, Clock::system()).unwrap();
    let provider = oidc.build(metadata);
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
