//! The OpenID Connect client: everything that talks to the identity provider lives here,
//! independent of pages and sessions. Discovery is lazy and retried, so the site serves its
//! public pages while the IdP is down and signs people in as soon as it answers.

use crate::clock::Clock;
use crate::errors::{ErrorCode, Failure, Stage};
use chrono::Utc;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod,
    CoreErrorResponseType, CoreGenderClaim, CoreGrantType, CoreIdToken, CoreIdTokenClaims, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType, CoreTokenResponse, CoreUserInfoClaims,
};
use openidconnect::reqwest;
use openidconnect::{
    AccessToken, AdditionalProviderMetadata, AuthorizationCode, ClaimsVerificationError, ClientId,
    ClientSecret, CsrfToken, EmptyAdditionalClaims, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    HttpClientError, IssuerUrl, JsonWebKeySet, LanguageTag, LogoutProviderMetadata, LogoutRequest, Nonce,
    NonceVerifier, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadata, RedirectUrl, RequestTokenError, Scope, SignatureVerificationError, TokenResponse,
    UserInfoError,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, RwLock};

/// ID tokens are accepted only when signed with these asymmetric algorithms, whatever
/// discovery lists: an HMAC-signed token would be verified with our own client secret, which
/// proves nothing about who signed it.
const ID_TOKEN_ALGORITHMS: [CoreJwsSigningAlgorithm; 4] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// After a failed discovery, sign-ins fail fast for this long instead of each waiting for
/// the IdP's timeout in turn.
const DISCOVERY_BACKOFF_SECONDS: i64 = 5;

/// The IdP's keys are fetched again at most this often: once is enough after a rotation, and
/// ID tokens that keep failing (a broken IdP, a forged signature) must not make us hammer it.
const JWKS_REFETCH_SECONDS: i64 = 5;

/// Discovery metadata beyond the core: RFC 9207's issuer identification flag, and RFC 7009's
/// revocation endpoint (RFC 8414 names it in the document).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraMetadata {
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
    #[serde(default)]
    pub revocation_endpoint: Option<openidconnect::RevocationUrl>,
}
impl AdditionalProviderMetadata for ExtraMetadata {}

/// The discovery document: core, RP-initiated logout and RFC 9207 metadata.
pub type Metadata = ProviderMetadata<
    LogoutProviderMetadata<ExtraMetadata>,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// How this site is registered with the IdP. Parsed once at start-up.
#[derive(Clone, Debug)]
pub struct OidcSettings {
    pub issuer: IssuerUrl,
    pub client_id: ClientId,
    /// `ClientSecret`'s `Debug` prints nothing, so settings can be logged safely.
    pub client_secret: ClientSecret,
    pub redirect_url: RedirectUrl,
    pub post_logout_redirect_url: PostLogoutRedirectUrl,
    /// Scopes besides `openid`, which is always sent.
    pub scopes: Vec<Scope>,
    /// Tolerated difference between our clock and the IdP's when checking `exp`.
    pub clock_leeway: Duration,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// Ask for `offline_access` (a refresh token) when discovery lists it: set when the site
    /// keeps tokens for API calls.
    pub offline_access: bool,
}

type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// What discovery told us, and the client built from it.
struct Provider {
    metadata: Metadata,
    client: DiscoveredClient,
}

/// Which account a sign-in is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountChoice {
    /// Whoever is signed in at the IdP, if anyone: single sign-on.
    Current,
    /// Let the person pick another account (`prompt=select_account`), suggesting the one
    /// they are signed in with here.
    Choose { login_hint: Option<String> },
}

/// The start of a sign-in: where to send the browser, and what to remember until it returns.
/// (No `Debug`: the URL carries the state and nonce.)
pub struct Authorization {
    pub url: url::Url,
    pub state: CsrfToken,
    pub nonce: Nonce,
    pub pkce_verifier: PkceCodeVerifier,
}

/// A failed discovery, remembered so that sign-ins fail fast until `until` (Unix seconds).
#[derive(Clone, Copy, Debug)]
struct DiscoveryBackoff {
    until: i64,
    code: ErrorCode,
}

/// The result of a completed code exchange, every check passed.
pub struct VerifiedLogin {
    pub claims: CoreIdTokenClaims,
    pub userinfo: Option<CoreUserInfoClaims>,
    pub id_token: String,
    /// Kept only when the site keeps tokens (`crate::tokens`).
    pub tokens: IssuedTokens,
    /// The IdP's session (`sid`, OpenID Connect Front- and Back-Channel Logout), if named.
    pub sid: Option<String>,
}

/// The tokens of a token response, in openidconnect's types, whose `Debug` prints nothing.
#[derive(Debug)]
pub struct IssuedTokens {
    pub access_token: AccessToken,
    /// How long the access token lives, as the IdP said.
    pub expires_in: Option<Duration>,
    pub refresh_token: Option<openidconnect::RefreshToken>,
}

impl IssuedTokens {
    fn of(response: &CoreTokenResponse) -> Self {
        Self {
            access_token: response.access_token().clone(),
            expires_in: response.expires_in(),
            refresh_token: response.refresh_token().cloned(),
        }
    }
}

pub struct OidcClient {
    settings: OidcSettings,
    http: reqwest::Client,
    provider: RwLock<Option<Arc<Provider>>>,
    /// One discovery at a time: a burst of sign-ins after an outage makes one request.
    discovering: Mutex<()>,
    /// How the last discovery failed, while it is not retried.
    discovery_backoff: std::sync::Mutex<Option<DiscoveryBackoff>>,
    /// When the keys were last fetched again (Unix seconds). Held during the fetch, so a burst
    /// of sign-ins after a rotation makes one request and every one of them uses its keys.
    jwks_refetched: Mutex<Option<i64>>,
    clock: Clock,
}

impl OidcClient {
    pub fn new(settings: OidcSettings, clock: Clock) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            // An IdP endpoint that redirects is misconfigured or hijacked: never follow it.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.request_timeout)
            .build()?;
        Ok(Self {
            settings,
            http,
            provider: RwLock::new(None),
            discovering: Mutex::new(()),
            discovery_backoff: std::sync::Mutex::new(None),
            jwks_refetched: Mutex::new(None),
            clock,
        })
    }

    pub fn issuer(&self) -> &str {
        self.settings.issuer.as_str()
    }

    /// The redirect URI this site sends, to register at the IdP.
    pub fn redirect_uri(&self) -> &str {
        self.settings.redirect_url.as_str()
    }

    /// The post-logout redirect URI this site sends, to register at the IdP.
    pub fn post_logout_redirect_uri(&self) -> &str {
        self.settings.post_logout_redirect_url.as_str()
    }

    /// How long one request to the IdP may take.
    pub fn request_timeout(&self) -> Duration {
        self.settings.request_timeout
    }

    /// The back-channel logout URI to register at the IdP: where it posts logout tokens, on
    /// the redirect URI's origin.
    pub fn backchannel_logout_uri(&self) -> String {
        let origin = self.settings.redirect_url.url().origin().ascii_serialization();
        format!("{origin}{}", crate::paths::AUTH_BACKCHANNEL_LOGOUT)
    }

    /// The clock difference with the IdP that ID token checks tolerate.
    pub fn clock_leeway(&self) -> Duration {
        self.settings.clock_leeway
    }

    /// The origins this client sends browsers to: the authorization and end-session
    /// endpoints' once discovery has happened, the issuer's until then. Never discovers,
    /// so it costs nothing per request. (A page's CSP `form-action` must allow them.)
    pub async fn browser_origins(&self) -> Vec<String> {
        let provider = self.provider.read().await;
        let urls: Vec<&url::Url> = match provider.as_deref() {
            Some(Provider { metadata, .. }) => std::iter::once(metadata.authorization_endpoint().url())
                .chain(metadata.additional_metadata().end_session_endpoint.as_ref().map(|e| e.url()))
                .collect(),
            None => vec![self.settings.issuer.url()],
        };
        let mut origins: Vec<String> = urls
            .iter()
            .map(|url| url.origin())
            .filter(|o| o.is_tuple())
            .map(|o| o.ascii_serialization())
            .collect();
        origins.dedup();
        origins
    }

    /// Builds the authorization URL with a fresh state, nonce and PKCE (S256) challenge, asking
    /// the IdP to speak `ui_locales` (the most wanted first).
    pub async fn authorize(
        &self,
        account: AccountChoice,
        ui_locales: Vec<LanguageTag>,
        max_age: Option<Duration>,
    ) -> Result<Authorization, Failure> {
        let provider = self.provider().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = provider.client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in &self.settings.scopes {
            request = request.add_scope(scope.clone());
        }
        if let Some(offline) = self.offline_access_scope(&provider) {
            request = request.add_scope(offline);
        }
        if let AccountChoice::Choose { login_hint } = account {
            // The IdP shows its account chooser even when someone is signed in there.
            request = request.add_prompt(openidconnect::core::CoreAuthPrompt::SelectAccount);
            if let Some(hint) = login_hint {
                request = request.set_login_hint(openidconnect::LoginHint::new(hint));
            }
        }
        for locale in ui_locales {
            request = request.add_ui_locale(locale);
        }
        if let Some(max_age) = max_age {
            request = request.set_max_age(max_age);
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Authorization { url, state, nonce, pkce_verifier: verifier })
    }

    /// Exchanges the code, validates the ID token and cross-checks userinfo.
    #[tracing::instrument(skip_all)]
    pub async fn complete(
        &self,
        code: &AuthorizationCode,
        pkce_verifier: PkceCodeVerifier,
        nonce: &Nonce,
    ) -> Result<VerifiedLogin, Failure> {
        let provider = self.provider().await?;
        let tokens = self.exchange(&provider, code, pkce_verifier).await?;
        let id_token = tokens.id_token().ok_or_else(|| {
            Failure::new(ErrorCode::IdTokenRejected, Stage::IdToken, "token response had no id_token")
        })?;
        let claims = self.verify_id_token(&provider, id_token, nonce).await?;
        let userinfo = self.userinfo(&provider, claims.subject(), tokens.access_token()).await?;
        let id_token = id_token.to_string();
        let sid = verified_sid(&id_token);
        Ok(VerifiedLogin { claims, userinfo, id_token, sid, tokens: IssuedTokens::of(&tokens) })
    }

    /// RFC 9207: the authorization response names the issuer that sent it. When the IdP says
    /// it does so, the name must be there and be ours; otherwise a name, if sent, must be ours.
    pub async fn check_response_issuer(&self, iss: Option<&str>) -> Result<(), Failure> {
        let expected = self.issuer();
        match iss {
            Some(iss) if iss == expected => Ok(()),
            Some(_) => Err(Failure::new(
                ErrorCode::IssMismatch,
                Stage::Callback,
                "the authorization response names another issuer",
            )),
            None => {
                let provider = self.provider().await?;
                if provider
                    .metadata
                    .additional_metadata()
                    .additional_metadata
                    .authorization_response_iss_parameter_supported
                {
                    return Err(Failure::new(
                        ErrorCode::IssMismatch,
                        Stage::Callback,
                        "the authorization response names no issuer, though discovery says it would",
                    ));
                }
                Ok(())
            }
        }
    }

    /// The IdP's end-session URL for this ID token, or `None` when the IdP offers none.
    pub async fn end_session_url(
        &self,
        id_token: &str,
        state: &CsrfToken,
    ) -> Result<Option<url::Url>, Failure> {
        let provider = self.provider().await?;
        let Some(endpoint) = provider.metadata.additional_metadata().end_session_endpoint.clone() else {
            return Ok(None);
        };
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(self.settings.client_id.clone())
            .set_post_logout_redirect_uri(self.settings.post_logout_redirect_url.clone())
            .set_state(state.clone());
        // A hint we can no longer parse is left out rather than failing the sign-out.
        if let Ok(token) = id_token.parse::<CoreIdToken>() {
            request = request.set_id_token_hint(&token);
        }
        Ok(Some(request.http_get_url()))
    }

    async fn exchange(
        &self,
        provider: &Provider,
        code: &AuthorizationCode,
        verifier: PkceCodeVerifier,
    ) -> Result<CoreTokenResponse, Failure> {
        let request = provider
            .client
            .exchange_code(code.clone())
            .map_err(|e| Failure::new(ErrorCode::DiscoveryFailed, Stage::Discovery, e.to_string()))?;
        request.set_pkce_verifier(verifier).request_async(&self.http).await.map_err(token_failure)
    }

    async fn verify_id_token<N: NonceVerifier + Copy>(
        &self,
        provider: &Arc<Provider>,
        id_token: &CoreIdToken,
        nonce: N,
    ) -> Result<CoreIdTokenClaims, Failure> {
        match self.check_claims(provider, id_token, nonce) {
            Err(error) if keys_may_have_rotated(&error, id_token) => match self.refetch_keys(provider).await?
            {
                Some(provider) => self.check_claims(&provider, id_token, nonce).map_err(id_token_failure),
                None => Err(id_token_failure(error)),
            },
            result => result.map_err(id_token_failure),
        }
    }

    fn check_claims<N: NonceVerifier>(
        &self,
        provider: &Provider,
        id_token: &CoreIdToken,
        nonce: N,
    ) -> Result<CoreIdTokenClaims, ClaimsVerificationError> {
        let leeway = chrono::Duration::from_std(self.settings.clock_leeway).unwrap_or_default();
        let verifier = provider
            .client
            .id_token_verifier()
            .set_allowed_algs(ID_TOKEN_ALGORITHMS)
            // The verifier compares `exp` with "now"; shifting now back by the leeway tolerates a fast clock.
            .set_time_fn(move || Utc::now() - leeway)
            // Further audiences are allowed only with `azp` naming us, checked below.
            .set_other_audience_verifier_fn(|_| true);
        let claims = id_token.claims(&verifier, nonce)?;
        self.check_authorized_party(claims)?;
        Ok(claims.clone())
    }

    /// OpenID Connect Core 3.1.3.7, steps 4 and 5, which openidconnect leaves to us: a token
    /// for several audiences must name us as its authorized party, and an `azp`, if present,
    /// must be us.
    fn check_authorized_party(&self, claims: &CoreIdTokenClaims) -> Result<(), ClaimsVerificationError> {
        let ours = self.settings.client_id.as_str();
        match claims.authorized_party() {
            Some(azp) if azp.as_str() == ours => Ok(()),
            Some(azp) => Err(ClaimsVerificationError::InvalidAudience(format!(
                "azp is {:?}, not this client",
                azp.as_str()
            ))),
            None if claims.audiences().len() > 1 => {
                Err(ClaimsVerificationError::InvalidAudience("several audiences but no azp".into()))
            }
            None => Ok(()),
        }
    }

    async fn userinfo(
        &self,
        provider: &Provider,
        subject: &openidconnect::SubjectIdentifier,
        access_token: &AccessToken,
    ) -> Result<Option<CoreUserInfoClaims>, Failure> {
        // The expected subject makes openidconnect reject a userinfo answer about someone else.
        let Ok(request) = provider.client.user_info(access_token.clone(), Some(subject.clone())) else {
            return Ok(None); // The IdP has no userinfo endpoint: the ID token is enough.
        };
        let claims = request
            .request_async::<EmptyAdditionalClaims, _, CoreGenderClaim>(&self.http)
            .await
            .map_err(|error| match error {
                UserInfoError::ClaimsVerification(ClaimsVerificationError::InvalidSubject(cause)) => {
                    Failure::new(ErrorCode::UserinfoMismatch, Stage::Userinfo, cause)
                }
                UserInfoError::Request(cause) => {
                    Failure::new(ErrorCode::IdpUnreachable, Stage::Userinfo, describe(&cause))
                }
                other => Failure::new(ErrorCode::ServerError, Stage::Userinfo, other.to_string()),
            })?;
        Ok(Some(claims))
    }

    /// The discovered provider, discovering it first if needed. A failed discovery is not
    /// cached, so the next sign-in tries again.
    async fn provider(&self) -> Result<Arc<Provider>, Failure> {
        if let Some(provider) = self.provider.read().await.as_ref() {
            return Ok(provider.clone());
        }
        let _one_at_a_time = self.discovering.lock().await;
        if let Some(provider) = self.provider.read().await.as_ref() {
            return Ok(provider.clone());
        }
        if let Some(code) = self.backing_off() {
            return Err(Failure::new(
                code,
                Stage::Discovery,
                "discovery failed moments ago; not retrying until the back-off ends",
            ));
        }
        let metadata =
            Metadata::discover_async(self.settings.issuer.clone(), &self.http).await.map_err(|error| {
                let code = match &error {
                    openidconnect::DiscoveryError::Request(_) => ErrorCode::IdpUnreachable,
                    _ => ErrorCode::DiscoveryFailed,
                };
                self.back_off(code);
                Failure::new(code, Stage::Discovery, describe(&error))
            })?;
        tracing::info!(issuer = %self.settings.issuer.as_str(), "discovered the identity provider");
        let provider = Arc::new(self.build(metadata));
        *self.provider.write().await = Some(provider.clone());
        Ok(provider)
    }

    /// The provider with the IdP's keys fetched again, when the ones `stale` holds failed a
    /// token; `None` when they were fetched again moments ago ([`JWKS_REFETCH_SECONDS`]),
    /// whichever token asked then.
    async fn refetch_keys(&self, stale: &Arc<Provider>) -> Result<Option<Arc<Provider>>, Failure> {
        let mut refetched = self.jwks_refetched.lock().await;
        // Another sign-in fetched them while this one waited for the lock: use those.
        if let Some(current) =
            self.provider.read().await.as_ref().filter(|current| !Arc::ptr_eq(current, stale))
        {
            return Ok(Some(current.clone()));
        }
        let now = self.clock.now();
        if refetched.is_some_and(|at| now - at < JWKS_REFETCH_SECONDS) {
            return Ok(None);
        }
        // A failed fetch counts too: an IdP that cannot answer is not asked again at once.
        *refetched = Some(now);
        let jwks = JsonWebKeySet::fetch_async(stale.metadata.jwks_uri(), &self.http)
            .await
            .map_err(|error| Failure::new(ErrorCode::IdpUnreachable, Stage::IdToken, describe(&error)))?;
        tracing::info!("fetched the identity provider's signing keys again");
        let metadata = stale.metadata.clone().set_jwks(jwks);
        let provider = Arc::new(self.build(metadata));
        *self.provider.write().await = Some(provider.clone());
        Ok(Some(provider))
    }

    /// How the last discovery failed, while its back-off lasts.
    fn backing_off(&self) -> Option<ErrorCode> {
        let backoff = *self.discovery_backoff.lock().ok()?;
        backoff.filter(|backoff| self.clock.now() < backoff.until).map(|backoff| backoff.code)
    }

    fn back_off(&self, code: ErrorCode) {
        if let Ok(mut backoff) = self.discovery_backoff.lock() {
            *backoff = Some(DiscoveryBackoff { until: self.clock.now() + DISCOVERY_BACKOFF_SECONDS, code });
        }
    }

    fn build(&self, metadata: Metadata) -> Provider {
        let client = CoreClient::from_provider_metadata(
            metadata.clone(),
            self.settings.client_id.clone(),
            Some(self.settings.client_secret.clone()),
        )
        .set_redirect_uri(self.settings.redirect_url.clone());
        // client_secret_basic is the default; use the form body only when the IdP asks for it.
        let post_only = metadata.token_endpoint_auth_methods_supported().is_some_and(|methods| {
            methods.iter().all(|m| *m == openidconnect::core::CoreClientAuthMethod::ClientSecretPost)
        });
        let client =
            if post_only { client.set_auth_type(openidconnect::AuthType::RequestBody) } else { client };
        Provider { metadata, client }
    }
}

type TokenError = RequestTokenError<
    HttpClientError<reqwest::Error>,
    openidconnect::StandardErrorResponse<CoreErrorResponseType>,
>;

fn token_failure(error: TokenError) -> Failure {
    match error {
        RequestTokenError::ServerResponse(response) => {
            let code = match response.error() {
                CoreErrorResponseType::InvalidGrant => ErrorCode::InvalidGrant,
                CoreErrorResponseType::InvalidClient => ErrorCode::InvalidClient,
                CoreErrorResponseType::InvalidRequest => ErrorCode::InvalidRequest,
                CoreErrorResponseType::UnauthorizedClient => ErrorCode::UnauthorizedClient,
                CoreErrorResponseType::UnsupportedGrantType => ErrorCode::UnsupportedGrantType,
                CoreErrorResponseType::InvalidScope => ErrorCode::InvalidScope,
                CoreErrorResponseType::Extension(other) => ErrorCode::parse(other),
            };
            Failure::new(code, Stage::Token, format!("token endpoint answered {}", response.error().as_ref()))
                .with_description(response.error_description().cloned())
        }
        RequestTokenError::Request(cause) => {
            Failure::new(ErrorCode::IdpUnreachable, Stage::Token, describe(&cause))
        }
        other => Failure::new(ErrorCode::ServerError, Stage::Token, describe(&other)),
    }
}

/// Whether a token failed because the IdP may have rotated its keys since we fetched them: it
/// names a `kid` we do not know, or it names none and its signature fails on the keys we have
/// (an IdP with one key at a time need not name it).
fn keys_may_have_rotated(error: &ClaimsVerificationError, id_token: &CoreIdToken) -> bool {
    match error {
        ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey) => true,
        ClaimsVerificationError::SignatureVerification(SignatureVerificationError::CryptoError(_)) => {
            !names_a_key(id_token)
        }
        _ => false,
    }
}

/// Whether the token's header names its key (`kid`). openidconnect keeps the header to
/// itself, so it is read from the token's first part; a header that cannot be read names none.
fn names_a_key(id_token: &CoreIdToken) -> bool {
    use base64::Engine;

    let token = id_token.to_string();
    let header = token.split('.').next().unwrap_or_default();
    let Ok(header) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&header).is_ok_and(|header| header.get("kid").is_some())
}

/// The `sid` claim of an ID token whose signature and claims were verified. openidconnect's
/// core claims have no `sid`, so it is read from the token's payload.
fn verified_sid(id_token: &str) -> Option<String> {
    use base64::Engine;

    let payload = id_token.split('.').nth(1)?;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&payload).ok()?;
    claims.get("sid")?.as_str().filter(|sid| !sid.is_empty()).map(str::to_owned)
}

fn id_token_failure(error: ClaimsVerificationError) -> Failure {
    Failure::new(ErrorCode::IdTokenRejected, Stage::IdToken, error.to_string())
}

/// An error with its whole chain of causes, for the server log.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

mod inspect;
mod logout_token;
mod refresh;
#[cfg(test)]
mod tests;

pub use inspect::{DiscoveryFacts, Inspection};
pub use logout_token::{LogoutToken, LogoutTokenError, LogoutTokenRefusal, BACKCHANNEL_LOGOUT_EVENT};
pub use refresh::{Refreshed, Refreshing, UserinfoNow};
