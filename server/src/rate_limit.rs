//! Per-address limits on the sign-in endpoints, so that nobody can hammer the IdP through us
//! or make us store pending sign-ins by the thousand. A limited request is answered before
//! the session layer, so it writes nothing to the database.

use crate::client_address::ClientAddress;
use crate::config::Config;
use crate::friendly_page::FriendlyPage;
use app::auth::api::{Login, Logout};
use app::paths;
use axum::body::Body;
use axum::extract::MatchedPath;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use leptos::server_fn::ServerFn;
use sign_in::errors::{new_reference, ErrorCode};
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::time::Duration;
use tower::util::MapRequestLayer;
use tower::Layer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

/// The endpoints that talk to the IdP or store a sign-in.
pub const LIMITED_PATHS: [&str; 3] = [Login::PATH, paths::AUTH_CALLBACK, Logout::PATH];

/// How often addresses that are back to a full allowance are forgotten.
const FORGET_IDLE_EVERY: Duration = Duration::from_secs(60);

/// Sends [`LIMITED_PATHS`] through the limiter and everything else straight to `app`.
/// A limit of 0 leaves `app` as it is. Refusals are answered with `page`.
pub fn limit(app: Router, config: &Config, page: FriendlyPage) -> Router {
    let Some(per_minute) = NonZeroU32::new(config.rate_limit_per_minute) else {
        return app;
    };
    // A burst of `per_minute`, each request earned back after a minute / `per_minute`.
    let Some(governor) = GovernorConfigBuilder::default()
        .period(Duration::from_secs(60) / per_minute.get())
        .burst_size(per_minute.get())
        .key_extractor(Bucket(ClientAddress::new(&config.trusted_proxies)))
        .finish()
    else {
        tracing::error!(
            per_minute = per_minute.get(),
            "could not build the rate limiter; sign-ins are not limited"
        );
        return app;
    };
    let limiter = governor.limiter().clone();
    // Without this, every address ever seen would stay in memory.
    tokio::spawn(async move {
        let mut every = tokio::time::interval(FORGET_IDLE_EVERY);
        loop {
            every.tick().await;
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    });
    let limited = GovernorLayer::new(governor)
        .error_handler(move |error| too_many_requests(&page, error))
        .layer(MapRequestLayer::new(forget_matched_path).layer(app.clone()));
    LIMITED_PATHS
        .into_iter()
        .fold(Router::new(), |router, path| router.route_service(path, limited.clone()))
        .fallback_service(app)
}

/// This router matches a path only to limit it. The app's router matches it again, and would
/// otherwise name the route as both together (`MatchedPath` nests), which the metrics read.
fn forget_matched_path(mut request: Request<Body>) -> Request<Body> {
    request.extensions_mut().remove::<MatchedPath>();
    request
}

/// The key the limiter counts by: the client's address, or its /64 for IPv6, since one
/// IPv6 client usually holds a whole /64 and could take a fresh address per request.
#[derive(Clone, Debug)]
struct Bucket(ClientAddress);

impl KeyExtractor for Bucket {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let address = self.0.of(request).ok_or(GovernorError::UnableToExtractKey)?;
        Ok(match address.to_canonical() {
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
            v4 => v4,
        })
    }
}

fn too_many_requests(page: &FriendlyPage, error: GovernorError) -> Response {
    let reference = new_reference();
    let GovernorError::TooManyRequests { wait_time, .. } = error else {
        tracing::error!(reference, %error, "rate limiter failed");
        return page.render(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Unknown, &reference);
    };
    // The limiter rounds its wait down to whole seconds; a retry after that would fail again.
    let retry_after = wait_time + 1;
    tracing::warn!(reference, retry_after, "rate limited a sign-in request");
    let mut response = page.render(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, &reference);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    fn key_of(peer: &str) -> IpAddr {
        let mut request = Request::new(());
        request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        Bucket(ClientAddress::default()).extract(&request).unwrap()
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(key_of("[2001:db8:1:2:aaaa::1]:443"), key_of("[2001:db8:1:2:bbbb::9]:443"));
        assert_ne!(key_of("[2001:db8:1:2::1]:443"), key_of("[2001:db8:1:3::1]:443"));
        assert_eq!(key_of("192.0.2.1:443").to_string(), "192.0.2.1");
    }

    #[test]
    fn the_sign_in_endpoints_are_limited() {
        assert_eq!(LIMITED_PATHS, ["/auth/login", "/auth/callback", "/auth/logout"]);
    }
}
