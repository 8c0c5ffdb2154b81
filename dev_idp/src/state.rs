//! The state every endpoint shares.

use openidconnect::IssuerUrl;

use crate::clock::Clock;
use crate::config::DevIdpConfig;
use crate::keys::Keyring;
use crate::store::Store;

pub(crate) struct Idp {
    pub(crate) issuer: IssuerUrl,
    pub(crate) config: DevIdpConfig,
    pub(crate) keys: Keyring,
    pub(crate) store: Store,
    pub(crate) clock: Clock,
}

impl Idp {
    /// An absolute URL for one of this IdP's paths.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer.as_str())
    }
}
