//! The live checks: facts about the IdP (cached for a few seconds, so reloading the page
//! never hammers it) and about this request, each judged and explained.

use super::{Check, CheckId, Status};
use crate::browser_address::BrowserAddress;
use sign_in::clock::Clock;
use sign_in::oidc::{DiscoveryFacts, Inspection, OidcClient};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// How long an inspection of the IdP is reused.
const FRESH_FOR_SECONDS: i64 = 5;

/// The latest inspection of the IdP, shared by every visitor of the page.
#[derive(Default)]
pub struct Inspections {
    /// Locked while one is made, so a burst of visitors makes one inspection.
    latest: Mutex<Option<Made>>,
}

/// An inspection, and when it was made (Unix seconds).
struct Made {
    at: i64,
    inspection: Arc<Inspection>,
}

impl Inspections {
    pub async fn latest(&self, oidc: &OidcClient, clock: &Clock) -> Arc<Inspection> {
        let mut latest = self.latest.lock().await;
        match latest.as_ref() {
            Some(made) if clock.now() - made.at < FRESH_FOR_SECONDS => made.inspection.clone(),
            _ => {
                let inspection = Arc::new(oidc.inspect().await);
                *latest = Some(Made { at: clock.now(), inspection: inspection.clone() });
                inspection
            }
        }
    }
}

fn pass(id: CheckId, finding: impl Into<String>) -> Check {
    Check { id, status: Status::Pass, finding: finding.into(), advice: None, detail: None }
}

fn warn(id: CheckId, finding: impl Into<String>, advice: &str) -> Check {
    Check { id, status: Status::Warn, finding: finding.into(), advice: Some(advice.to_owned()), detail: None }
}

impl Check {
    /// `detail`, for the team only (see [`Check::detail`]).
    fn with_detail(self, detail: impl Into<String>) -> Self {
        Self { detail: Some(detail.into()), ..self }
    }
}

/// What discovery, the JWKS and the IdP's clock say.
pub fn of_the_idp(inspection: &Inspection, issuer: &str, leeway: Duration) -> Vec<Check> {
    let facts = match &inspection.discovery {
        Ok(facts) => facts,
        Err(problem) => {
            return vec![warn(
                CheckId::Discovery,
                format!("It could not be read from {issuer}."),
                "Check OIDC_ISSUER_URL, and that this server can reach the IdP. Until it can, every sign-in \
                 ends on \u{201c}We couldn't reach Intastellar\u{201d}.",
            )
            .with_detail(format!("{problem}."))]
        }
    };
    vec![
        pass(CheckId::Discovery, format!("Read from {issuer}.")),
        issuer_check(facts, issuer),
        endpoints(facts),
        pkce(facts),
        end_session(facts),
        algorithms(facts),
        keys(facts),
        clock(facts, leeway),
    ]
}

fn issuer_check(facts: &DiscoveryFacts, issuer: &str) -> Check {
    match facts.issuer.as_deref() {
        Some(named) if named == issuer => {
            pass(CheckId::Issuer, format!("The IdP names itself {named}, as configured."))
        }
        named => warn(
            CheckId::Issuer,
            format!("The IdP names itself {}, but OIDC_ISSUER_URL is {issuer}.", named.unwrap_or("nothing")),
            "Set OIDC_ISSUER_URL to exactly the issuer the IdP names, character for character (a trailing \
             slash counts). Until then discovery is refused.",
        ),
    }
}

fn endpoints(facts: &DiscoveryFacts) -> Check {
    if facts.missing_endpoints.is_empty() {
        pass(CheckId::Endpoints, "Authorization, token, userinfo and JWKS endpoints are all listed.")
    } else {
        warn(
            CheckId::Endpoints,
            format!("Missing from discovery: {}.", facts.missing_endpoints.join(", ")),
            "This issuer is not a complete OpenID provider; check that OIDC_ISSUER_URL points at Intastellar.",
        )
    }
}

fn pkce(facts: &DiscoveryFacts) -> Check {
    let id = CheckId::Pkce;
    if facts.pkce_s256 {
        return pass(id, "The IdP advertises S256 code challenges.");
    }
    let advice = "This site always sends one; an IdP that ignores it still works, one that rejects it fails \
                  every sign-in with invalid_request.";
    warn(id, "The IdP does not advertise S256 code challenges.", advice)
}

fn end_session(facts: &DiscoveryFacts) -> Check {
    let id = CheckId::EndSession;
    if facts.end_session {
        return pass(id, "The IdP offers an end-session endpoint.");
    }
    let advice =
        "\u{201c}Sign out of Intastellar too\u{201d} can then only end this site's session, and says so.";
    warn(id, "The IdP offers no end-session endpoint.", advice)
}

fn algorithms(facts: &DiscoveryFacts) -> Check {
    let listed = if facts.signing_algorithms.is_empty() {
        "none".to_owned()
    } else {
        facts.signing_algorithms.join(", ")
    };
    if facts.accepted_algorithm {
        pass(CheckId::SigningAlgorithms, format!("Listed: {listed}."))
    } else {
        warn(
            CheckId::SigningAlgorithms,
            format!("Listed: {listed}; none of them is one this site accepts."),
            "This site accepts ID tokens signed with RS256, PS256, ES256 or EdDSA only.",
        )
    }
}

fn keys(facts: &DiscoveryFacts) -> Check {
    match &facts.jwks {
        Ok(count) => pass(CheckId::SigningKeys, format!("Reachable, with {count} key(s).")),
        Err(problem) => warn(
            CheckId::SigningKeys,
            "They could not be read.",
            "Without the IdP's keys no ID token can be verified; check that this server can reach the jwks_uri.",
        )
        .with_detail(format!("{problem}.")),
    }
}

fn clock(facts: &DiscoveryFacts, leeway: Duration) -> Check {
    let leeway = i64::try_from(leeway.as_secs()).unwrap_or(i64::MAX);
    match facts.clock_offset {
        None => warn(
            CheckId::Clock,
            "The IdP sent no Date header to compare clocks with.",
            "Make sure this server's clock is synchronised (NTP).",
        ),
        Some(offset) if offset.abs() <= leeway => {
            pass(CheckId::Clock, "This server and the IdP agree on the time.")
                .with_detail(format!("They are {} s apart (tolerated: {leeway} s).", offset.abs()))
        }
        Some(offset) => warn(
            CheckId::Clock,
            "This server's clock and the IdP's are further apart than tolerated.",
            "ID tokens will look expired or not yet valid: synchronise this server's clock (NTP), or raise \
             OIDC_CLOCK_LEEWAY_SECONDS while you do.",
        )
        .with_detail(format!(
            "This server's clock is {} s {} the IdP's (tolerated: {leeway} s).",
            offset.abs(),
            if offset > 0 { "behind" } else { "ahead of" }
        )),
    }
}

/// The host the browser used against the one `APP_BASE_URL` names, which the IdP sends it
/// back to.
/// Whether the browser reached this site at `APP_BASE_URL`'s origin (`base_url`): the IdP
/// sends it back there, and the session cookie only goes back to the origin that set it.
pub fn address(browser: Option<&BrowserAddress>, base_url: &str) -> Check {
    let expected = url::Url::parse(base_url).ok().map(|url| url.origin());
    let used = browser.and_then(BrowserAddress::origin);
    let shown = |origin: &Option<url::Origin>| match origin {
        Some(origin) if origin.is_tuple() => origin.ascii_serialization(),
        _ => "an address we could not read".to_owned(),
    };
    match (&used, &expected) {
        (Some(used), Some(expected)) if used == expected => pass(
            CheckId::Address,
            format!("You reached this site at {}, as APP_BASE_URL says.", used.ascii_serialization()),
        ),
        (Some(url::Origin::Tuple(scheme, host, _)), Some(url::Origin::Tuple(expected_scheme, expected_host, _)))
            if host == expected_host && scheme != expected_scheme =>
        {
            warn(
                CheckId::Address,
                format!("You reached this site at {}, but APP_BASE_URL says {}.", shown(&used), shown(&expected)),
                "Only the scheme differs. Behind a proxy that handles HTTPS, this site sees plain HTTP unless it \
                 trusts the proxy: list the proxy's address in TRUSTED_PROXIES, and have it send \
                 X-Forwarded-Proto and X-Forwarded-Host. Otherwise the session cookie set on one scheme is \
                 not the one the callback reads, and sign-in ends on \u{201c}We couldn't match this sign-in\u{201d}.",
            )
        }
        _ => warn(
            CheckId::Address,
            format!("You reached this site at {}, but APP_BASE_URL says {}.", shown(&used), shown(&expected)),
            "The IdP sends you back to APP_BASE_URL, where this browser's session cookie is not sent, so \
             sign-in ends on \u{201c}We couldn't match this sign-in\u{201d}; an IdP that checks the redirect \
             URI strictly refuses the sign-in with a redirect URI mismatch first. Open the site at \
             APP_BASE_URL's address, or set APP_BASE_URL to the address people use (behind a proxy: the \
             public one, with the proxy listed in TRUSTED_PROXIES).",
        ),
    }
}

pub fn session_cookie(sent: bool) -> Check {
    if sent {
        pass(CheckId::SessionCookie, "This browser sent this site's session cookie back.")
    } else {
        warn(
            CheckId::SessionCookie,
            "This browser sent no session cookie with this request.",
            "That is normal before your first sign-in. If signing in fails with \u{201c}We couldn't match this \
             sign-in\u{201d}, make sure this browser accepts cookies from this site.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(scheme: &str, host: &str) -> BrowserAddress {
        BrowserAddress { scheme: scheme.into(), host: Some(host.into()) }
    }

    #[test]
    fn the_address_check_passes_only_at_app_base_urls_origin() {
        let base = "https://demo.example/auth/callback";
        assert_eq!(address(Some(&at("https", "demo.example")), base).status, Status::Pass);
        assert_eq!(
            address(Some(&at("https", "demo.example:443")), base).status,
            Status::Pass,
            "default port"
        );
        let other_host = address(Some(&at("https", "www.demo.example")), base);
        assert_eq!(other_host.status, Status::Warn);
        assert!(other_host.advice.unwrap().contains("redirect URI mismatch"));
        let plain_http = address(Some(&at("http", "demo.example")), base);
        assert_eq!(plain_http.status, Status::Warn);
        assert!(plain_http.advice.unwrap().contains("TRUSTED_PROXIES"));
        for unreadable in
            [None, Some(BrowserAddress { scheme: "https".into(), host: None }), Some(at("https", "a/b"))]
        {
            let check = address(unreadable.as_ref(), base);
            assert_eq!(check.status, Status::Warn);
            assert!(check.finding.contains("could not read"), "{}", check.finding);
        }
    }
}
