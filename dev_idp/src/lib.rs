//! A small OpenID Connect provider for local development and automated tests
//! of apps that sign people in with "Intastellar Accounts".
//!
//! It implements the authorization code flow with PKCE, refresh tokens that rotate
//! (`offline_access`), revocation (RFC 7009), discovery, JWKS, UserInfo and RP-initiated
//! logout, offers fixed test users, and can
//! simulate every failure a relying party must survive. It honours `prompt`
//! and `login_hint`, names itself in authorization responses (RFC 9207), and
//! lets tests rotate its key (`POST /dev/rotate-key`) or shift its clock
//! (`POST /dev/clock`). Its pages speak every [`Language`] of Intastellar's docs, picked by
//! the request's `ui_locales`. Everything lives in memory. **It is for development
//! only and must never be deployed.**
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use dev_idp::{DevIdpConfig, RegisteredClient};
//!
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let idp = dev_idp::spawn(
//!     listener,
//!     DevIdpConfig::for_client(RegisteredClient {
//!         client_id: "dev-client".into(),
//!         client_secret: "dev-secret".into(),
//!         redirect_uris: vec!["http://127.0.0.1:3000/auth/callback".into()],
//!         post_logout_redirect_uris: vec!["http://127.0.0.1:3000/signed-out".into()],
//!         backchannel_logout_uri: Some("http://127.0.0.1:3000/auth/backchannel-logout".into()),
//!     }),
//! )
//! .await?;
//! println!("issuer: {}", idp.issuer_url());
//! // Dropping `idp` stops the server.
//! # Ok(()) }
//! ```

mod claims;
mod client_auth;
mod clock;
mod config;
mod endpoints;
mod error;
pub mod forms;
mod grant;
mod id_token;
mod keys;
mod language;
mod logout_token;
mod oauth_error;
mod pages;
pub mod paths;
mod pkce;
mod random;
mod redirect;
mod same_origin;
mod simulate;
mod sso_cookie;
mod state;
mod store;
pub mod texts;
mod users;

use std::sync::Arc;

use openidconnect::IssuerUrl;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use config::{DevIdpConfig, RegisteredClient};
pub use error::DevIdpError;
pub use keys::KeyError;
pub use language::Language;
pub use logout_token::LogoutTokenFlaw;
pub use simulate::simulations;
pub use users::{TestUser, TEST_USERS};

use clock::Clock;
use keys::{Keyring, SigningKey};
use state::Idp;
use store::Store;

/// A running dev IdP. Dropping it stops the server.
#[derive(Debug)]
pub struct DevIdp {
    issuer: IssuerUrl,
    server: JoinHandle<()>,
}

impl DevIdp {
    /// The issuer, e.g. `http://127.0.0.1:3900` (no trailing slash).
    pub fn issuer_url(&self) -> &str {
        self.issuer.as_str()
    }
}

impl Drop for DevIdp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Serves the dev IdP on `listener`, whose address becomes the issuer
/// (`http://{local_addr}`). It signs with the RS256 key every dev IdP of this process
/// starts with, until it is told to rotate it.
pub async fn spawn(listener: TcpListener, config: DevIdpConfig) -> Result<DevIdp, DevIdpError> {
    config.validate()?;
    let address = listener.local_addr().map_err(DevIdpError::ListenerAddress)?;
    let issuer = IssuerUrl::new(format!("http://{address}")).map_err(DevIdpError::InvalidIssuer)?;
    tracing::warn!(
        issuer = issuer.as_str(),
        "DEVELOPMENT IDENTITY PROVIDER: anyone can sign in as any test user. \
         It is for local development and tests only and must NEVER be deployed."
    );
    let key = SigningKey::first().await?;
    let idp = Arc::new(Idp {
        issuer: issuer.clone(),
        store: Store::new(config.code_lifetime, config.access_token_lifetime),
        keys: Keyring::new(key),
        clock: Clock::default(),
        config,
    });
    let app = endpoints::router(idp);
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "the dev IdP stopped serving");
        }
    });
    Ok(DevIdp { issuer, server })
}
