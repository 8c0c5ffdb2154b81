//! The live checks: facts about the IdP (cached for a few seconds, so reloading the page
//! never hammers it) and about this request, each judged and explained.

use super::{Check, CheckId, Status};
use crate::auth::oidc::{DiscoveryFacts, Inspection, OidcClient};
use crate::clock::Clock;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// How long an inspection of the IdP is reused.
const FRESH_FOR_SECONDS: i64 = 5;

/// The latest inspection of the IdP, shared by every visitor of the page.
#[derive(Default)]
pub struct Inspections {
    /// When it was made (Unix seconds) and what it found. Locked while one is made, so a
    /// burst of visitors makes one inspection.
    latest: Mutex<Option<(i64, Arc<Inspection>)>>,
}

impl Inspections {
    pub async fn latest(&self, oidc: &OidcClient, clock: &Clock) -> Arc<Inspection> {
        let mut latest = self.latest.lock().await;
        match latest.as_ref() {
            Some((made_at, inspection)) if clock.now() - made_at < FRESH_FOR_SECONDS => inspection.clone(),
            _ => {
                let inspection = Arc::new(oidc.inspect().await);
                *latest = Some((clock.now(), inspection.clone()));
                inspection
            }
        }
    }
}

fn pass(id: CheckId, finding: impl Into<String>) -> Check {
    Check { id, status: Status::Pass, finding: finding.into(), advice: None }
}

fn warn(id: CheckId, finding: impl Into<String>, advice: &str) -> Check {
    Check { id, status: Status::Warn, finding: finding.into(), advice: Some(advice.to_owned()) }
}

/// What discovery, the JWKS and the IdP's clock say.
pub fn of_the_idp(inspection: &Inspection, issuer: &str, leeway: Duration) -> Vec<Check> {
    let facts = match &inspection.discovery {
        Ok(facts) => facts,
        Err(problem) => {
            return vec![warn(
                CheckId::Discovery,
                format!("It could not be read from {issuer}: {problem}."),
                "Check OIDC_ISSUER_URL, and that this server can reach the IdP. Until it can, every sign-in \
                 ends on \u{201c}We couldn't reach Intastellar\u{201d}.",
            )]
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
    either(
        CheckId::Pkce,
        facts.pkce_s256,
        "The IdP advertises S256 code challenges.",
        "The IdP does not advertise S256 code challenges.",
        "This site always sends one; an IdP that ignores it still works, one that rejects it fails every sign-in \
         with invalid_request.",
    )
}

fn end_session(facts: &DiscoveryFacts) -> Check {
    either(
        CheckId::EndSession,
        facts.end_session,
        "The IdP offers an end-session endpoint.",
        "The IdP offers no end-session endpoint.",
        "\u{201c}Sign out of Intastellar too\u{201d} can then only end this site's session, and says so.",
    )
}

/// A check that a yes-or-no fact decides.
fn either(id: CheckId, fine: bool, passed: &str, found: &str, advice: &str) -> Check {
    if fine {
        pass(id, passed)
    } else {
        warn(id, found, advice)
    }
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
            format!("Not usable: {problem}."),
            "Without the IdP's keys no ID token can be verified; check that this server can reach the jwks_uri.",
        ),
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
        Some(offset) if offset.abs() <= leeway => pass(
            CheckId::Clock,
            format!("This server and the IdP agree within {} s (tolerated: {leeway} s).", offset.abs()),
        ),
        Some(offset) => warn(
            CheckId::Clock,
            format!(
                "This server's clock is {} s {} the IdP's (tolerated: {leeway} s).",
                offset.abs(),
                if offset > 0 { "behind" } else { "ahead of" }
            ),
            "ID tokens will look expired or not yet valid: synchronise this server's clock (NTP), or raise \
             OIDC_CLOCK_LEEWAY_SECONDS while you do.",
        ),
    }
}

/// The host the browser used against the one `APP_BASE_URL` names, which the IdP sends it
/// back to.
pub fn address(host: Option<&str>, redirect_uri: &str) -> Check {
    let expected = url::Url::parse(redirect_uri).ok().map(|url| {
        let host = url.host_str().unwrap_or_default().to_owned();
        match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        }
    });
    match (host, expected.as_deref()) {
        (Some(host), Some(expected)) if host.eq_ignore_ascii_case(expected) => {
            pass(CheckId::Address, format!("You reached this site as {host}, as APP_BASE_URL says."))
        }
        (host, expected) => warn(
            CheckId::Address,
            format!(
                "You reached this site as {}, but APP_BASE_URL says {}.",
                host.unwrap_or("an unknown host"),
                expected.unwrap_or("something else")
            ),
            "The IdP sends you back to APP_BASE_URL, where this browser's session cookie is not sent, so \
             sign-in ends on \u{201c}We couldn't match this sign-in\u{201d}. Open the site at APP_BASE_URL's \
             address, or set APP_BASE_URL to the address people use (behind a proxy: the public one).",
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
