//! What the IdP knows about its relying parties, and its timing knobs.

use std::time::Duration;

use url::Url;

use crate::error::DevIdpError;

/// A relying party allowed to use this IdP, with everything it must match exactly.
#[derive(Clone, Debug)]
pub struct RegisteredClient {
    pub client_id: String,
    pub client_secret: String,
    /// Compared as exact strings against `redirect_uri`, like production providers do.
    pub redirect_uris: Vec<String>,
    /// Compared as exact strings against `post_logout_redirect_uri`.
    pub post_logout_redirect_uris: Vec<String>,
    /// Where logout tokens are posted when someone signs out here (OpenID Connect
    /// Back-Channel Logout 1.0), if the client takes them.
    pub backchannel_logout_uri: Option<String>,
}

impl RegisteredClient {
    pub(crate) fn has_redirect_uri(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|registered| registered == uri)
    }

    pub(crate) fn has_post_logout_redirect_uri(&self, uri: &str) -> bool {
        self.post_logout_redirect_uris.iter().any(|registered| registered == uri)
    }
}

#[derive(Clone, Debug)]
pub struct DevIdpConfig {
    pub clients: Vec<RegisteredClient>,
    /// How long an authorization code can be redeemed after it was issued.
    pub code_lifetime: Duration,
    /// How long the `token:slow` and `refresh:slow` simulations stall the token endpoint.
    pub slow_token_delay: Duration,
    /// How long an access token is good for (`expires_in`). A short one makes a relying
    /// party refresh soon.
    pub access_token_lifetime: Duration,
    /// Whether discovery advertises the end-session endpoint. Some providers offer none;
    /// turning this off lets a relying party test how it explains that.
    pub advertise_end_session: bool,
}

impl DevIdpConfig {
    /// A configuration with one client and the default timings (60 s codes, 30 s slow token,
    /// one-hour access tokens).
    pub fn for_client(client: RegisteredClient) -> Self {
        Self {
            clients: vec![client],
            code_lifetime: Duration::from_secs(60),
            slow_token_delay: Duration::from_secs(30),
            access_token_lifetime: Duration::from_secs(60 * 60),
            advertise_end_session: true,
        }
    }

    pub(crate) fn client(&self, client_id: &str) -> Option<&RegisteredClient> {
        self.clients.iter().find(|client| client.client_id == client_id)
    }

    /// Rejects redirect targets that could never be redirected to, so the
    /// endpoints can rely on every registered URI being an absolute URL.
    pub(crate) fn validate(&self) -> Result<(), DevIdpError> {
        let uris = self.clients.iter().flat_map(|client| {
            client
                .redirect_uris
                .iter()
                .chain(&client.post_logout_redirect_uris)
                .chain(&client.backchannel_logout_uri)
        });
        for uri in uris {
            let url = Url::parse(uri)
                .map_err(|source| DevIdpError::InvalidRedirectUri { uri: uri.clone(), source })?;
            // RFC 6749 §3.1.2: a redirection endpoint must not include a fragment.
            if url.fragment().is_some() {
                return Err(DevIdpError::RedirectUriWithFragment { uri: uri.clone() });
            }
        }
        Ok(())
    }
}
