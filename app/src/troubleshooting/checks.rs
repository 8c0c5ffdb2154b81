//! The live checks: facts about the IdP (cached for a few seconds, so reloading the page
//! never hammers it) and about this request, each judged and explained.

use super::{Check, CheckId, Status};
use crate::browser_address::BrowserAddress;
use crate::components::failure::Words;
use crate::i18n::{td_string, Locale};
use sign_in::clock::Clock;
use sign_in::errors::ErrorCode;
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

fn warn(id: CheckId, finding: impl Into<String>, advice: impl Into<String>) -> Check {
    Check { id, status: Status::Warn, finding: finding.into(), advice: Some(advice.into()), detail: None }
}

impl Check {
    /// `detail`, for the team only (see [`Check::detail`]).
    fn with_detail(self, detail: impl Into<String>) -> Self {
        Self { detail: Some(detail.into()), ..self }
    }
}

/// The title of the failure a check's advice says a person would meet.
fn failure_title(locale: Locale, code: ErrorCode) -> &'static str {
    Words::of(code, locale).title
}

/// What discovery, the JWKS and the IdP's clock say, in `locale`.
pub fn of_the_idp(locale: Locale, inspection: &Inspection, issuer: &str, leeway: Duration) -> Vec<Check> {
    let facts = match &inspection.discovery {
        Ok(facts) => facts,
        Err(problem) => {
            let failure = failure_title(locale, ErrorCode::IdpUnreachable);
            return vec![warn(
                CheckId::Discovery,
                td_string!(locale, troubleshooting.findings.discovery_unreadable, issuer).to_string(),
                td_string!(locale, troubleshooting.findings.discovery_advice, failure).to_string(),
            )
            .with_detail(format!("{problem}."))];
        }
    };
    vec![
        pass(
            CheckId::Discovery,
            td_string!(locale, troubleshooting.findings.discovery_read, issuer).to_string(),
        ),
        issuer_check(locale, facts, issuer),
        endpoints(locale, facts),
        pkce(locale, facts),
        end_session(locale, facts),
        back_channel_logout(locale, facts),
        algorithms(locale, facts),
        keys(locale, facts),
        clock(locale, facts, leeway),
    ]
}

fn issuer_check(locale: Locale, facts: &DiscoveryFacts, issuer: &str) -> Check {
    let advice = td_string!(locale, troubleshooting.findings.issuer_advice);
    match facts.issuer.as_deref() {
        Some(named) if named == issuer => pass(
            CheckId::Issuer,
            td_string!(locale, troubleshooting.findings.issuer_named, named).to_string(),
        ),
        Some(named) => warn(
            CheckId::Issuer,
            td_string!(locale, troubleshooting.findings.issuer_mismatch, named, issuer).to_string(),
            advice,
        ),
        None => warn(
            CheckId::Issuer,
            td_string!(locale, troubleshooting.findings.issuer_unnamed, issuer).to_string(),
            advice,
        ),
    }
}

fn endpoints(locale: Locale, facts: &DiscoveryFacts) -> Check {
    if facts.missing_endpoints.is_empty() {
        pass(CheckId::Endpoints, td_string!(locale, troubleshooting.findings.endpoints_listed))
    } else {
        // Endpoint names, not words: listed as the discovery document spells them.
        let missing = facts.missing_endpoints.join(", ");
        warn(
            CheckId::Endpoints,
            td_string!(locale, troubleshooting.findings.endpoints_missing, missing).to_string(),
            td_string!(locale, troubleshooting.findings.endpoints_advice),
        )
    }
}

fn pkce(locale: Locale, facts: &DiscoveryFacts) -> Check {
    if facts.pkce_s256 {
        return pass(CheckId::Pkce, td_string!(locale, troubleshooting.findings.pkce_advertised));
    }
    warn(
        CheckId::Pkce,
        td_string!(locale, troubleshooting.findings.pkce_missing),
        td_string!(locale, troubleshooting.findings.pkce_advice),
    )
}

fn end_session(locale: Locale, facts: &DiscoveryFacts) -> Check {
    if facts.end_session {
        return pass(CheckId::EndSession, td_string!(locale, troubleshooting.findings.end_session_offered));
    }
    let everywhere = td_string!(locale, buttons.sign_out_everywhere);
    warn(
        CheckId::EndSession,
        td_string!(locale, troubleshooting.findings.end_session_missing),
        td_string!(locale, troubleshooting.findings.end_session_advice, everywhere).to_string(),
    )
}

fn back_channel_logout(locale: Locale, facts: &DiscoveryFacts) -> Check {
    match (facts.backchannel_logout, facts.backchannel_logout_session) {
        (true, true) => pass(CheckId::BackChannelLogout, td_string!(locale, back_channel.with_sid)),
        (true, false) => pass(CheckId::BackChannelLogout, td_string!(locale, back_channel.without_sid)),
        (false, _) => warn(
            CheckId::BackChannelLogout,
            td_string!(locale, back_channel.missing),
            td_string!(locale, back_channel.missing_advice),
        ),
    }
}

fn algorithms(locale: Locale, facts: &DiscoveryFacts) -> Check {
    let listed = facts.signing_algorithms.join(", ");
    let finding = if facts.signing_algorithms.is_empty() {
        td_string!(locale, troubleshooting.findings.algorithms_none_listed).to_owned()
    } else if facts.accepted_algorithm {
        td_string!(locale, troubleshooting.findings.algorithms_listed, listed).to_string()
    } else {
        td_string!(locale, troubleshooting.findings.algorithms_unaccepted, listed).to_string()
    };
    if facts.accepted_algorithm {
        pass(CheckId::SigningAlgorithms, finding)
    } else {
        warn(
            CheckId::SigningAlgorithms,
            finding,
            td_string!(locale, troubleshooting.findings.algorithms_advice),
        )
    }
}

fn keys(locale: Locale, facts: &DiscoveryFacts) -> Check {
    match &facts.jwks {
        Ok(count) => {
            let count = u64::try_from(*count).unwrap_or(u64::MAX);
            let finding = td_string!(locale, troubleshooting.findings.keys_reachable, count);
            pass(CheckId::SigningKeys, finding.to_string())
        }
        Err(problem) => warn(
            CheckId::SigningKeys,
            td_string!(locale, troubleshooting.findings.keys_unreadable),
            td_string!(locale, troubleshooting.findings.keys_advice),
        )
        .with_detail(format!("{problem}.")),
    }
}

fn clock(locale: Locale, facts: &DiscoveryFacts, leeway: Duration) -> Check {
    let leeway = leeway.as_secs();
    let Some(offset) = facts.clock_offset else {
        return warn(
            CheckId::Clock,
            td_string!(locale, troubleshooting.findings.clock_no_date),
            td_string!(locale, troubleshooting.findings.clock_no_date_advice),
        );
    };
    let within = offset.unsigned_abs() <= leeway;
    let seconds = offset.unsigned_abs();
    if within {
        return pass(CheckId::Clock, td_string!(locale, troubleshooting.findings.clock_agrees)).with_detail(
            td_string!(locale, troubleshooting.findings.clock_apart, seconds, leeway).to_string(),
        );
    }
    let detail = if offset > 0 {
        td_string!(locale, troubleshooting.findings.clock_behind, seconds, leeway).to_string()
    } else {
        td_string!(locale, troubleshooting.findings.clock_ahead, seconds, leeway).to_string()
    };
    warn(
        CheckId::Clock,
        td_string!(locale, troubleshooting.findings.clock_off),
        td_string!(locale, troubleshooting.findings.clock_off_advice),
    )
    .with_detail(detail)
}

/// Whether the browser reached this site at `APP_BASE_URL`'s origin (`base_url`): the IdP
/// sends it back there, and the session cookie only goes back to the origin that set it.
pub fn address(locale: Locale, browser: Option<&BrowserAddress>, base_url: &str) -> Check {
    let expected = url::Url::parse(base_url).ok().map(|url| url.origin());
    let used = browser.and_then(BrowserAddress::origin);
    let shown = |origin: &Option<url::Origin>| match origin {
        Some(origin) if origin.is_tuple() => origin.ascii_serialization(),
        _ => td_string!(locale, troubleshooting.findings.address_unreadable).to_owned(),
    };
    let failure = failure_title(locale, ErrorCode::StateMismatch);
    let differs = || {
        let (used, expected) = (shown(&used), shown(&expected));
        td_string!(locale, troubleshooting.findings.address_differs, used, expected).to_string()
    };
    match (&used, &expected) {
        (Some(used), Some(expected)) if used == expected => {
            let used = used.ascii_serialization();
            pass(
                CheckId::Address,
                td_string!(locale, troubleshooting.findings.address_matches, used).to_string(),
            )
        }
        (
            Some(url::Origin::Tuple(scheme, host, _)),
            Some(url::Origin::Tuple(expected_scheme, expected_host, _)),
        ) if host == expected_host && scheme != expected_scheme => {
            let advice = td_string!(locale, troubleshooting.findings.address_scheme_advice, failure);
            warn(CheckId::Address, differs(), advice.to_string())
        }
        _ => {
            let advice = td_string!(locale, troubleshooting.findings.address_advice, failure);
            warn(CheckId::Address, differs(), advice.to_string())
        }
    }
}

pub fn session_cookie(locale: Locale, sent: bool) -> Check {
    if sent {
        pass(CheckId::SessionCookie, td_string!(locale, troubleshooting.findings.cookie_sent))
    } else {
        let failure = failure_title(locale, ErrorCode::StateMismatch);
        warn(
            CheckId::SessionCookie,
            td_string!(locale, troubleshooting.findings.cookie_missing),
            td_string!(locale, troubleshooting.findings.cookie_advice, failure).to_string(),
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
        assert_eq!(address(Locale::en, Some(&at("https", "demo.example")), base).status, Status::Pass);
        assert_eq!(
            address(Locale::en, Some(&at("https", "demo.example:443")), base).status,
            Status::Pass,
            "default port"
        );
        let other_host = address(Locale::en, Some(&at("https", "www.demo.example")), base);
        assert_eq!(other_host.status, Status::Warn);
        assert!(other_host.advice.unwrap().contains("redirect URI mismatch"));
        let plain_http = address(Locale::en, Some(&at("http", "demo.example")), base);
        assert_eq!(plain_http.status, Status::Warn);
        assert!(plain_http.advice.unwrap().contains("TRUSTED_PROXIES"));
        for unreadable in
            [None, Some(BrowserAddress { scheme: "https".into(), host: None }), Some(at("https", "a/b"))]
        {
            let check = address(Locale::en, unreadable.as_ref(), base);
            assert_eq!(check.status, Status::Warn);
            assert!(check.finding.contains("could not read"), "{}", check.finding);
        }
    }
}
