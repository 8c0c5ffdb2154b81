//! Who is asking, and at which address: the socket peer and the request as it arrived, or,
//! when the peer is one of our trusted proxies, what that proxy forwarded for the browser.
//! The rate limit counts by the client, the request log shows it, and the troubleshooting
//! page compares the browser's address with `APP_BASE_URL`.

use app::browser_address::BrowserAddress;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request};
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const X_FORWARDED_FOR: &str = "x-forwarded-for";
const X_FORWARDED_PROTO: &str = "x-forwarded-proto";
const X_FORWARDED_HOST: &str = "x-forwarded-host";
const FORWARDING_HEADERS: [&str; 3] = [X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST];

#[derive(Clone, Debug, Default)]
pub struct ClientAddress {
    trusted_proxies: Arc<[IpNet]>,
    /// Whether the log has said that a peer outside `TRUSTED_PROXIES` sends forwarding headers.
    said_untrusted_forwarding: Arc<AtomicBool>,
}

impl ClientAddress {
    pub fn new(trusted_proxies: &[IpNet]) -> Self {
        Self { trusted_proxies: trusted_proxies.into(), said_untrusted_forwarding: Arc::default() }
    }

    /// The client's address; `None` when the server did not record the peer.
    pub fn of<B>(&self, request: &Request<B>) -> Option<IpAddr> {
        let peer = peer(request)?;
        Some(self.behind(peer, request.headers()))
    }

    /// The peer, unless it is one of our proxies: a request a proxy forwards is the public's.
    pub fn direct_peer<B>(&self, request: &Request<B>) -> Option<IpAddr> {
        peer(request).filter(|peer| !self.is_trusted(*peer))
    }

    /// Says once, not once per request, that a peer outside `TRUSTED_PROXIES` sends
    /// `X-Forwarded-*`: a proxy missing from the list, whose visitors would then all share its
    /// address, or a client trying its luck. Either way the headers are ignored.
    pub fn notice_untrusted_forwarding<B>(&self, request: &Request<B>) {
        let Some(peer) = self.direct_peer(request) else { return };
        let headers = request.headers();
        if !FORWARDING_HEADERS.iter().any(|name| headers.contains_key(*name)) {
            return;
        }
        if !self.said_untrusted_forwarding.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                %peer,
                "ignoring X-Forwarded-* headers from a peer outside TRUSTED_PROXIES; if it is your \
                 proxy, list it there (said once)"
            );
        }
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
            match parse_hop(hop) {
                Some(address) if self.is_trusted(address) => continue,
                Some(address) => return address,
                // `unknown`, an obfuscated name or garbage: the proxy did not know the client
                // either, and what stands further left is the client's own word. Count it as
                // the proxy, an address nobody can choose.
                None => break,
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
        if !peer(request).is_some_and(|peer| self.is_trusted(peer)) {
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

fn peer<B>(request: &Request<B>) -> Option<IpAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip())
}

/// One entry of `X-Forwarded-For`, as proxies write it: an address, perhaps with the port it
/// came from (`203.0.113.7:5678`, `[2001:db8::1]:443`) or in brackets (`[2001:db8::1]`). `None`
/// for what names no address: `unknown`, or an obfuscated name such as `_proxy7` (RFC 7239).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    let bracketed = hop.strip_prefix('[')?.strip_suffix(']')?;
    bracketed.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
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
    fn hops_with_ports_and_brackets_name_their_address() {
        let clients = ClientAddress::new(&["10.0.0.0/8".parse().unwrap()]);
        let peer = ip("10.0.0.1");
        for (hop, client) in [
            ("203.0.113.7:5678", "203.0.113.7"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("[2001:db8::1]:443", "2001:db8::1"),
            (" 2001:db8::2 ", "2001:db8::2"),
        ] {
            assert_eq!(
                clients.behind(peer, &headers(&[&format!("198.51.100.1, {hop}")])),
                ip(client),
                "{hop}"
            );
        }
        let through_two = headers(&["203.0.113.7:5678, 10.1.2.3:40000"]);
        assert_eq!(clients.behind(peer, &through_two), ip("203.0.113.7"), "a proxy's own hop, with a port");
    }

    #[test]
    fn a_hop_that_names_no_address_counts_as_the_proxy() {
        let clients = ClientAddress::new(&["10.0.0.0/8".parse().unwrap()]);
        let peer = ip("10.0.0.1");
        for hop in ["unknown", "_hidden", "[2001:db8::1", "203.0.113.7:http", ""] {
            let forwarded = headers(&[&format!("198.51.100.1, {hop}")]);
            assert_eq!(clients.behind(peer, &forwarded), peer, "{hop:?}: never the client's own word");
        }
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

    /// What `work` logs, as the server's log prints it.
    fn logged(work: impl FnOnce()) -> String {
        let printed = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = printed.clone();
        let writer = move || LogSink(sink.clone());
        let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(writer).finish();
        tracing::subscriber::with_default(subscriber, work);
        let bytes = printed.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    struct LogSink(Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for LogSink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_said_once() {
        let clients = ClientAddress::new(&["10.0.0.0/8".parse().unwrap()]);
        let untrusted = request_from("203.0.113.7", &[("x-forwarded-for", "198.51.100.1")]);
        let log = logged(|| {
            clients.notice_untrusted_forwarding(&request_from("10.0.0.1", &[("x-forwarded-for", "1.2.3.4")]));
            clients.notice_untrusted_forwarding(&request_from("203.0.113.9", &[]));
            for _ in 0..3 {
                clients.clone().notice_untrusted_forwarding(&untrusted);
            }
        });
        assert_eq!(log.lines().count(), 1, "{log}");
        assert!(log.contains("TRUSTED_PROXIES") && log.contains("203.0.113.7"), "{log}");
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
