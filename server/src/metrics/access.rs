//! Who may read `/metrics`: a scraper on this machine that talks to the server directly, or
//! anyone with the bearer token. A request a trusted proxy forwards is the public's, even when
//! the proxy runs on this machine.

use crate::client_address::ClientAddress;
use axum::http::{header, HeaderMap, Request};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// `METRICS_TOKEN`: never printed.
#[derive(Clone)]
pub struct MetricsToken(Arc<str>);

impl MetricsToken {
    /// Shorter tokens are refused at start-up: the token is all that guards `/metrics` from
    /// the internet.
    pub const MIN_LENGTH: usize = 32;

    pub fn new(token: &str) -> Self {
        Self(token.into())
    }

    /// Compared through their digests, in constant time: a wrong guess learns neither how
    /// much of it matched nor the token's length.
    fn matches(&self, presented: &str) -> bool {
        let (expected, presented) = (Sha256::digest(self.0.as_bytes()), Sha256::digest(presented.as_bytes()));
        expected.ct_eq(&presented).into()
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken([redacted])")
    }
}

#[derive(Clone, Debug)]
pub struct Access {
    clients: ClientAddress,
    token: Option<MetricsToken>,
}

impl Access {
    pub fn new(clients: ClientAddress, token: Option<MetricsToken>) -> Self {
        Self { clients, token }
    }

    pub fn allows<B>(&self, request: &Request<B>) -> bool {
        let on_this_machine =
            self.clients.direct_peer(request).is_some_and(|peer| peer.to_canonical().is_loopback());
        if on_this_machine {
            return true;
        }
        let (Some(token), Some(presented)) = (&self.token, bearer(request.headers())) else {
            return false;
        };
        let allowed = token.matches(presented);
        if !allowed {
            tracing::warn!(client = ?self.clients.of(request), "refused /metrics: a wrong bearer token");
        }
        allowed
    }
}

/// The token of `Authorization: Bearer <token>` (the scheme's name in any case, RFC 9110).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let (scheme, token) = headers.get(header::AUTHORIZATION)?.to_str().ok()?.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn request(peer: &str, headers: &[(&str, &str)]) -> Request<()> {
        let mut request = Request::builder().uri("/metrics");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut request = request.body(()).unwrap();
        request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        request
    }

    fn access(trusted: &[&str], token: Option<&str>) -> Access {
        let trusted: Vec<_> = trusted.iter().map(|net| net.parse().unwrap()).collect();
        Access::new(ClientAddress::new(&trusted), token.map(MetricsToken::new))
    }

    #[test]
    fn loopback_is_allowed_unless_it_is_a_proxy() {
        let direct = access(&[], None);
        assert!(direct.allows(&request("127.0.0.1:5000", &[])));
        assert!(direct.allows(&request("[::1]:5000", &[])));
        assert!(direct.allows(&request("[::ffff:127.0.0.1]:5000", &[])));
        assert!(!direct.allows(&request("192.0.2.1:5000", &[])));
        // nginx on this machine forwards the internet, whatever it says about the client.
        let behind_local_proxy = access(&["127.0.0.1/32"], None);
        assert!(!behind_local_proxy.allows(&request("127.0.0.1:5000", &[])));
        assert!(!behind_local_proxy.allows(&request("127.0.0.1:5000", &[("x-forwarded-for", "127.0.0.1")])));
    }

    #[test]
    fn the_bearer_token_is_allowed_from_anywhere() {
        let with_token = access(&["127.0.0.1/32"], Some(TOKEN));
        let bearer = format!("Bearer {TOKEN}");
        assert!(with_token.allows(&request("192.0.2.1:5000", &[("authorization", &bearer)])));
        assert!(with_token.allows(&request("127.0.0.1:5000", &[("authorization", &bearer.to_lowercase())])));
        for wrong in [&format!("Bearer {TOKEN}x"), &format!("Basic {TOKEN}"), "Bearer", TOKEN] {
            assert!(!with_token.allows(&request("192.0.2.1:5000", &[("authorization", wrong)])), "{wrong}");
        }
        assert!(!access(&[], None).allows(&request("192.0.2.1:5000", &[("authorization", &bearer)])));
    }

    #[test]
    fn the_token_never_prints() {
        assert!(!format!("{:?}", access(&[], Some(TOKEN))).contains(TOKEN));
    }
}
