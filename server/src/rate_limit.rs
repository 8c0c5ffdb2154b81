//! Limits on the sign-in endpoints, so that nobody can hammer the IdP through us or tie up
//! the site's sign-ins. Each client address has an allowance; new sign-ins also have a
//! ceiling for the whole site. A limited request is answered before the session layer, so
//! it writes nothing to the database.

use crate::client_address::ClientAddress;
use crate::config::Config;
use crate::friendly_page::FriendlyPage;
use app::auth::api::{Login, Logout};
use app::paths;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use governor::clock::Clock;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use leptos::server_fn::ServerFn;
use sign_in::errors::{new_reference, ErrorCode};
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tower::util::MapRequestLayer;
use tower::Layer;

/// The endpoints that talk to the IdP or start a sign-in.
pub const LIMITED_PATHS: [&str; 3] = [Login::PATH, paths::AUTH_CALLBACK, Logout::PATH];

/// How often addresses that are back to a full allowance are forgotten.
const FORGET_IDLE_EVERY: Duration = Duration::from_secs(60);

/// The IPv6 prefixes a client is counted by, each with its multiple of one client's allowance.
/// One network (a home, a server) usually holds a /64 and can take a fresh address in it for
/// every request; a customer of an ISP usually holds a /56 or a /48, 256 or 65,536 of those.
/// Counting all three means rotating through /64s buys 4 times the allowance, through /56s 16
/// times, and no more without a second allocation; a /48 of an office or a campus still has 16
/// people's worth before any of them waits.
const IPV6_PREFIXES: [Prefix; 3] =
    [Prefix { bits: 64, share: 1 }, Prefix { bits: 56, share: 4 }, Prefix { bits: 48, share: 16 }];

#[derive(Clone, Copy, Debug)]
struct Prefix {
    bits: u8,
    share: u32,
}

impl Prefix {
    fn of(self, address: Ipv6Addr) -> IpAddr {
        IpAddr::V6(Ipv6Addr::from(u128::from(address) & (u128::MAX << (128 - u32::from(self.bits)))))
    }
}

/// Sends [`LIMITED_PATHS`] through the limits and everything else straight to `app`. Limits
/// of 0 leave `app` as it is. Refusals are answered with `page`.
pub fn limit(app: Router, config: &Config, page: FriendlyPage) -> Router {
    let per_address = NonZeroU32::new(config.rate_limit_per_minute)
        .map(|per_minute| PerAddress::new(per_minute, ClientAddress::new(&config.trusted_proxies)));
    let sign_ins = NonZeroU32::new(config.sign_ins_per_minute)
        .map(|per_minute| RateLimiter::direct(Quota::per_minute(per_minute)));
    if per_address.is_none() && sign_ins.is_none() {
        return app;
    }
    let limits = Arc::new(Limits { per_address, sign_ins, page });
    // Without this, every address ever seen would stay in memory.
    let forget = limits.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(FORGET_IDLE_EVERY);
        loop {
            every.tick().await;
            forget.forget_idle();
        }
    });
    let limited = axum::middleware::from_fn_with_state(limits, refuse_over_limit)
        .layer(MapRequestLayer::new(forget_matched_path).layer(app.clone()));
    LIMITED_PATHS
        .into_iter()
        .fold(Router::new(), |router, path| router.route_service(path, limited.clone()))
        .fallback_service(app)
}

/// This router matches a path only to limit it. The app's router matches it again, and would
/// otherwise name the route as both together (`MatchedPath` nests), which the metrics read.
fn forget_matched_path(mut request: Request) -> Request {
    request.extensions_mut().remove::<MatchedPath>();
    request
}

struct Limits {
    per_address: Option<PerAddress>,
    /// New sign-ins, from every address together.
    sign_ins: Option<DefaultDirectRateLimiter>,
    page: FriendlyPage,
}

/// Why a request was refused.
enum Refusal {
    /// Over an allowance: it may come back after this long.
    OverLimit { wait: Duration },
    /// The server recorded no peer address (never the case behind our own serve loop).
    NoAddress,
}

impl Limits {
    /// The client's own allowance first, so that a refused client spends none of the site's.
    fn check(&self, request: &Request) -> Result<(), Refusal> {
        if let Some(per_address) = &self.per_address {
            per_address.check(request)?;
        }
        let starts_sign_in = request.method() == Method::POST && request.uri().path() == Login::PATH;
        match &self.sign_ins {
            Some(sign_ins) if starts_sign_in => sign_ins.check().map_err(|not_until| Refusal::OverLimit {
                wait: not_until.wait_time_from(sign_ins.clock().now()),
            }),
            _ => Ok(()),
        }
    }

    fn forget_idle(&self) {
        if let Some(per_address) = &self.per_address {
            for limiter in per_address.limiters() {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
    }
}

/// One client's allowance: by its address, or for IPv6 by each of [`IPV6_PREFIXES`].
struct PerAddress {
    clients: ClientAddress,
    /// IPv4 addresses, and IPv6 /64s.
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    /// The wider IPv6 prefixes, in [`IPV6_PREFIXES`]' order after the first.
    wider: Vec<(Prefix, DefaultKeyedRateLimiter<IpAddr>)>,
}

impl PerAddress {
    fn new(per_minute: NonZeroU32, clients: ClientAddress) -> Self {
        let wider = IPV6_PREFIXES[1..]
            .iter()
            .map(|prefix| {
                let allowance =
                    per_minute.saturating_mul(NonZeroU32::new(prefix.share).unwrap_or(NonZeroU32::MIN));
                (*prefix, RateLimiter::keyed(Quota::per_minute(allowance)))
            })
            .collect();
        // A burst of `per_minute`, each request earned back after a minute / `per_minute`.
        Self { clients, addresses: RateLimiter::keyed(Quota::per_minute(per_minute)), wider }
    }

    /// Limited when any of the client's prefixes is over its allowance.
    fn check(&self, request: &Request) -> Result<(), Refusal> {
        let address = self.clients.of(request).ok_or(Refusal::NoAddress)?.to_canonical();
        let buckets: Vec<(&DefaultKeyedRateLimiter<IpAddr>, IpAddr)> = match address {
            IpAddr::V4(_) => vec![(&self.addresses, address)],
            IpAddr::V6(v6) => std::iter::once((&self.addresses, IPV6_PREFIXES[0].of(v6)))
                .chain(self.wider.iter().map(|(prefix, limiter)| (limiter, prefix.of(v6))))
                .collect(),
        };
        let now = self.addresses.clock().now();
        let wait = buckets
            .into_iter()
            .filter_map(|(limiter, key)| limiter.check_key(&key).err())
            .map(|not_until| not_until.wait_time_from(now))
            .max();
        match wait {
            Some(wait) => Err(Refusal::OverLimit { wait }),
            None => Ok(()),
        }
    }

    fn limiters(&self) -> impl Iterator<Item = &DefaultKeyedRateLimiter<IpAddr>> {
        std::iter::once(&self.addresses).chain(self.wider.iter().map(|(_, limiter)| limiter))
    }
}

async fn refuse_over_limit(State(limits): State<Arc<Limits>>, request: Request, next: Next) -> Response {
    match limits.check(&request) {
        Ok(()) => next.run(request).await,
        Err(refusal) => too_many_requests(&limits.page, request.headers(), refusal),
    }
}

fn too_many_requests(page: &FriendlyPage, headers: &axum::http::HeaderMap, refusal: Refusal) -> Response {
    let reference = new_reference();
    let Refusal::OverLimit { wait } = refusal else {
        tracing::error!(reference, "the rate limit found no client address");
        return page.render(headers, StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Unknown, &reference);
    };
    // Whole seconds, rounded up: a retry any sooner would fail again.
    let retry_after = wait.as_secs() + 1;
    tracing::warn!(reference, retry_after, "rate limited a sign-in request");
    let mut response =
        page.render(headers, StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, &reference);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    fn request_from(peer: &str) -> Request {
        let mut request = Request::new(axum::body::Body::empty());
        request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        request
    }

    fn per_address(per_minute: u32) -> PerAddress {
        PerAddress::new(NonZeroU32::new(per_minute).unwrap(), ClientAddress::default())
    }

    /// Requests from `peers` in turn until one is refused; how many passed.
    fn passed_before_refusal(limits: &PerAddress, peers: impl Iterator<Item = String>) -> usize {
        peers.take_while(|peer| limits.check(&request_from(peer)).is_ok()).count()
    }

    #[test]
    fn an_ipv6_client_counts_by_its_64() {
        let limits = per_address(3);
        let one_64 = (1..).map(|i| format!("[2001:db8:1:2::{i:x}]:443"));
        assert_eq!(passed_before_refusal(&limits, one_64), 3, "new addresses in one /64 share it");
        assert!(
            limits.check(&request_from("[2001:db8:1:3::1]:443")).is_ok(),
            "the next /64 is another client"
        );
        assert!(limits.check(&request_from("192.0.2.1:443")).is_ok());
    }

    #[test]
    fn rotating_through_64s_and_56s_meets_the_wider_prefixes() {
        let limits = per_address(3);
        // A fresh /64 each time, inside one /56: that /56 allows 4 clients' worth.
        let in_one_56 = (0..).map(|i| format!("[2001:db8:1:{i:x}::1]:443"));
        assert_eq!(passed_before_refusal(&limits, in_one_56), 12);
        let limits = per_address(3);
        // A fresh /56 each time, inside one /48: that /48 allows 16 clients' worth.
        let in_one_48 = (0..).map(|i| format!("[2001:db8:1:{:x}::1]:443", i << 8));
        assert_eq!(passed_before_refusal(&limits, in_one_48), 48);
        assert!(limits.check(&request_from("[2001:db8:2::1]:443")).is_ok(), "another /48 is not limited");
    }

    #[test]
    fn the_sign_in_endpoints_are_limited() {
        assert_eq!(LIMITED_PATHS, ["/auth/login", "/auth/callback", "/auth/logout"]);
    }
}
