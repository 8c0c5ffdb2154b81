//! Who is asking: the socket peer, or, when the peer is one of our trusted proxies, the
//! client that proxy forwarded for. The rate limit counts by it and the request log shows it.

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

const X_FORWARDED_FOR: &str = "x-forwarded-for";

#[derive(Clone, Debug, Default)]
pub struct ClientAddress {
    trusted_proxies: Arc<[IpNet]>,
}

impl ClientAddress {
    pub fn new(trusted_proxies: &[IpNet]) -> Self {
        Self { trusted_proxies: trusted_proxies.into() }
    }

    /// The client's address; `None` when the server did not record the peer.
    pub fn of<B>(&self, request: &Request<B>) -> Option<IpAddr> {
        let ConnectInfo(peer) = request.extensions().get::<ConnectInfo<SocketAddr>>()?;
        Some(self.behind(peer.ip(), request.headers()))
    }

    /// Each proxy appends the address it got the request from to `X-Forwarded-For`, so the
    /// right-most address that is not a trusted proxy is the client. Whatever stands left of
    /// it was written by the client itself and proves nothing.
    fn behind(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.is_trusted(peer) {
            return peer;
        }
        let hops: Vec<&str> = headers
            .get_all(X_FORWARDED_FOR)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect();
        for hop in hops.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(address) if self.is_trusted(address) => continue,
                Ok(address) => return address,
                // Not written by a proxy we trust: know nothing better than the peer.
                Err(_) => break,
            }
        }
        peer
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.trusted_proxies.iter().any(|net| net.contains(&address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append(X_FORWARDED_FOR, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let clients = ClientAddress::default();
        assert_eq!(clients.behind(ip("10.0.0.1"), &headers(&["203.0.113.7"])), ip("10.0.0.1"));
    }

    #[test]
    fn the_right_most_untrusted_address_is_the_client() {
        let clients = ClientAddress::new(&["10.0.0.0/8".parse().unwrap()]);
        let peer = ip("10.0.0.1");
        // The client wrote 198.51.100.1 itself; the first proxy saw 203.0.113.7.
        let forwarded = headers(&["198.51.100.1, 203.0.113.7", "10.1.2.3"]);
        assert_eq!(clients.behind(peer, &forwarded), ip("203.0.113.7"));
        assert_eq!(clients.behind(peer, &headers(&[])), peer, "no header: the proxy itself");
        assert_eq!(clients.behind(peer, &headers(&["garbage"])), peer);
        assert_eq!(clients.behind(ip("192.0.2.9"), &forwarded), ip("192.0.2.9"), "an untrusted peer");
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_ranges() {
        let clients = ClientAddress::new(&["127.0.0.1/32".parse().unwrap()]);
        assert_eq!(clients.behind(ip("::ffff:127.0.0.1"), &headers(&["203.0.113.7"])), ip("203.0.113.7"));
    }
}
