//! Why the dev IdP could not start.

use crate::keys::KeyError;

#[derive(Debug, thiserror::Error)]
pub enum DevIdpError {
    #[error("cannot read the listener's address: {0}")]
    ListenerAddress(#[source] std::io::Error),
    #[error("redirect URI {uri:?} is not an absolute URL: {source}")]
    InvalidRedirectUri { uri: String, source: url::ParseError },
    #[error("redirect URI {uri:?} must not contain a fragment")]
    RedirectUriWithFragment { uri: String },
    #[error("the issuer URL is invalid: {0}")]
    InvalidIssuer(#[source] url::ParseError),
    #[error(transparent)]
    Key(#[from] KeyError),
}
