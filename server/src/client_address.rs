//! Who is asking, and at which address: the socket peer and the request as it arrived, or,
//! when the peer is one of our trusted proxies, what that proxy forwarded for the browser.
//! The rate limit counts by the client, the request log shows it, and the troubleshooting
//! page compares the browser's address with `APP_BASE_URL`.

use app::browser_address::BrowserAddress;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

const X_FORWARDED_FOR: &str = "x-forwarded-for";
const X_FORWARDED_PROTO: &str = "x-forwarded-proto";
const X_FORWARDED_HOST: &str = "x-forwarded-host";

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

    /// The scheme and host the browser used. This server speaks plain HTTP, so without a
    /// trusted proxy that is `http` and the `Host` header; behind one, what the proxy says.
    /// Only a trusted peer's headers count: anyone else could claim any address.
    pub fn browser_address<B>(&self, request: &Request<B>) -> BrowserAddress {
        let headers = request.headers();
        let host = first_value(headers, header::HOST.as_str());
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip());
        if !peer.is_some_and(|peer| self.is_trusted(peer)) {
            return BrowserAddress { scheme: "http".into(), host };
        }
        // The proxy next to the browser writes these; a later proxy may append, never replace.
        BrowserAddress {
            scheme: first_value(headers, X_FORWARDED_PROTO).unwrap_or_else(|| "http".into()),
            host: first_value(headers, X_FORWARDED_HOST).or(host),
        }
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.trusted_proxies.iter().any(|net| net.contains(&address))
    }
}

/// The first value of a header that proxies may turn into a list.
fn first_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_ascii_lowercase())
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

    fn request_from(peer: &str, headers: &[(&str, &str)]) -> Request<()> {
        let mut request = Request::builder().uri("/troubleshooting");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut request = request.body(()).unwrap();
        let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    }

    #[test]
    fn only_a_trusted_proxy_says_how_the_browser_reached_us() {
        let clients = ClientAddress::new(&["10.0.0.0/8".parse().unwrap()]);
        let forwarded = [
            ("host", "app.internal:3000"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "Demo.Example, proxy.internal"),
        ];
        let behind_proxy = clients.browser_address(&request_from("10.0.0.1", &forwarded));
        assert_eq!(
            behind_proxy,
            BrowserAddress { scheme: "https".into(), host: Some("demo.example".into()) }
        );
        let claimed = clients.browser_address(&request_from("203.0.113.7", &forwarded));
        assert_eq!(claimed, BrowserAddress { scheme: "http".into(), host: Some("app.internal:3000".into()) });
        let no_headers = clients.browser_address(&request_from("10.0.0.1", &[("host", "a.example")]));
        assert_eq!(no_headers, BrowserAddress { scheme: "http".into(), host: Some("a.example".into()) });
    }
}
