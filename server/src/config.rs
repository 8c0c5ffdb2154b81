//! Configuration, parsed once from the environment into types. A missing or malformed
//! setting stops start-up with one line that names the variable and what it expects.

use crate::metrics::MetricsToken;
use app::paths;
use ipnet::IpNet;
use openidconnect::{ClientId, ClientSecret, IssuerUrl, PostLogoutRedirectUrl, RedirectUrl, Scope};
use sign_in::clock::Clock;
use sign_in::db::DatabaseSettings;
use sign_in::oidc::OidcSettings;
use sign_in::tokens::{TokenKey, TokenKeys};
use std::net::SocketAddr;
use std::time::Duration;
use url::Url;

mod database;
pub mod variables;

use variables::{
    Variable, APP_BASE_URL, ERROR_LOG_MAX_ROWS, ERROR_LOG_RETENTION_DAYS, HEADER_READ_TIMEOUT_SECONDS,
    LEPTOS_WATCH, LOGIN_MAX_AGE_MINUTES, MAX_CONNECTIONS, METRICS_TOKEN, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
    OIDC_CLOCK_LEEWAY_SECONDS, OIDC_HTTP_TIMEOUT_SECONDS, OIDC_ISSUER_URL, OIDC_SCOPES,
    RATE_LIMIT_PER_MINUTE, REQUEST_TIMEOUT_SECONDS, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS,
    SIGN_INS_PER_MINUTE, TEAM_EMAILS, TOKEN_ENCRYPTION_KEY, TOKEN_ENCRYPTION_KEY_PREVIOUS, TRUSTED_PROXIES,
};
#[cfg(feature = "dev-idp")]
use variables::{DEV_IDP_ACCESS_TOKEN_SECONDS, DEV_IDP_ADDR};

#[derive(Clone, Debug)]
pub struct Config {
    /// The public origin, e.g. `http://127.0.0.1:3000`.
    pub base_url: Url,
    pub identity_provider: IdentityProvider,
    pub client_id: ClientId,
    pub client_secret: ClientSecret,
    pub scopes: Vec<Scope>,
    pub database: DatabaseSettings,
    pub session_idle_timeout: Duration,
    /// However active, a session ends this long after sign-in.
    pub session_max_lifetime: Duration,
    pub login_max_age: Duration,
    pub clock_leeway: Duration,
    pub idp_timeout: Duration,
    /// Lower-case emails of the people who may read `/team/errors`.
    pub team_emails: Vec<String>,
    pub error_log_retention: Duration,
    /// The most rows the error log keeps; the oldest go first.
    pub error_log_max_rows: u64,
    /// The clock the session rules read: the system's, unless a test sets its own.
    pub clock: Clock,
    /// Sign-in requests each client address may burst to; they replenish evenly over a
    /// minute. `0` turns the limit off.
    pub rate_limit_per_minute: u32,
    /// New sign-ins the whole site may start in a burst, replenished evenly over a minute.
    /// `0` turns the ceiling off.
    pub sign_ins_per_minute: u32,
    /// Proxies whose `X-Forwarded-For` names the client; anyone else's is ignored.
    pub trusted_proxies: Vec<IpNet>,
    /// A connection must send a request's headers within this time, and then its body within
    /// this time again, or it is closed.
    pub header_read_timeout: Duration,
    /// Longest a request may take. Longer than `idp_timeout`, so a slow IdP still ends on
    /// our friendly page rather than on this timeout.
    pub request_timeout: Duration,
    /// The most connections served at once; past it, new ones wait to be accepted.
    pub max_connections: usize,
    /// Lets a scraper read `/metrics` from anywhere; without it, only from this machine.
    pub metrics_token: Option<MetricsToken>,
    /// `cargo leptos watch` is serving: its live-reload script connects to a websocket.
    pub live_reload: bool,
    /// The keys that seal kept tokens; `None`: no tokens are kept. (Their `Debug` shows ids only.)
    pub token_keys: Option<TokenKeys>,
    /// How long the development IdP's access tokens live.
    #[cfg(feature = "dev-idp")]
    pub dev_idp_access_token_lifetime: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentityProvider {
    /// A real provider, found by OpenID discovery.
    Issuer(IssuerUrl),
    /// Start the bundled development IdP on this address.
    #[cfg(feature = "dev-idp")]
    Development(SocketAddr),
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

impl Config {
    pub fn from_env(site_addr: SocketAddr) -> Result<Self, ConfigError> {
        Self::from_lookup(site_addr, |name| std::env::var(name).ok())
    }

    /// Parses from any source of variables, so tests need not touch the process environment.
    /// Every name comes from [`variables`], and every default but the pool's (see `database`).
    pub fn from_lookup(
        site_addr: SocketAddr,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let var =
            |variable: Variable| get(variable.name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let base_url_setting = var(APP_BASE_URL);
        let base_url = match &base_url_setting {
            Some(text) => parse_origin(text)?,
            None => parse_origin(&format!("http://{site_addr}"))?,
        };
        let identity_provider = match var(OIDC_ISSUER_URL) {
            Some(text) => {
                let issuer = parse_issuer(&text)?;
                // Behind a TLS proxy, a guessed `http://` origin would silently drop `Secure`
                // from the cookie and break the redirect URI: a real IdP needs it said.
                if base_url_setting.is_none() {
                    let problem = format!(
                        "is required with {}: the public origin, e.g. https://app.example.com",
                        OIDC_ISSUER_URL.name
                    );
                    return Err(error(APP_BASE_URL, problem));
                }
                // Plain http for real people sends their session cookie in the clear, without
                // `Secure`, `__Host-` or HSTS.
                if base_url.scheme() == "http" && !is_loopback(&base_url) {
                    let problem = format!(
                        "must be https with {} set (plain http only on a loopback host), got {}",
                        OIDC_ISSUER_URL.name,
                        base_url.origin().ascii_serialization()
                    );
                    return Err(error(APP_BASE_URL, problem));
                }
                IdentityProvider::Issuer(issuer)
            }
            // The development IdP lets anyone sign in as anyone: only ever on this machine.
            None if !(base_url.scheme() == "http" && is_loopback(&base_url)) => {
                let problem = format!(
                    "is required unless {} is http:// on a loopback host \
                     (the development IdP lets anyone sign in, so it only runs locally)",
                    APP_BASE_URL.name
                );
                return Err(error(OIDC_ISSUER_URL, problem));
            }
            #[cfg(not(feature = "dev-idp"))]
            None => {
                let problem = "is required: the development IdP is not built into this server \
                               (it is the cargo feature dev-idp, left out of release builds)";
                return Err(error(OIDC_ISSUER_URL, problem.into()));
            }
            #[cfg(feature = "dev-idp")]
            None => {
                let addr = or_default(&var, DEV_IDP_ADDR);
                let addr: SocketAddr = addr.parse().map_err(|_| {
                    error(DEV_IDP_ADDR, format!("expected an address like 127.0.0.1:3900, got {addr:?}"))
                })?;
                if !addr.ip().is_loopback() {
                    let problem = format!("must be a loopback address like 127.0.0.1:3900, got {addr}");
                    return Err(error(DEV_IDP_ADDR, problem));
                }
                IdentityProvider::Development(addr)
            }
        };
        // The development IdP registers this client itself; a real IdP needs both set.
        let (client_id, client_secret) = match identity_provider {
            IdentityProvider::Issuer(_) => {
                (required(&var, OIDC_CLIENT_ID)?, required(&var, OIDC_CLIENT_SECRET)?)
            }
            #[cfg(feature = "dev-idp")]
            IdentityProvider::Development(_) => {
                (or_default(&var, OIDC_CLIENT_ID), or_default(&var, OIDC_CLIENT_SECRET))
            }
        };
        let scopes = parse_scopes(&or_default(&var, OIDC_SCOPES))?;
        let database = database::parse(&var)?;

        let idp_timeout = seconds(&var, OIDC_HTTP_TIMEOUT_SECONDS)?;
        let request_timeout = seconds(&var, REQUEST_TIMEOUT_SECONDS)?;
        if request_timeout <= idp_timeout {
            let problem = format!(
                "must be longer than {} ({}), got {}",
                OIDC_HTTP_TIMEOUT_SECONDS.name,
                idp_timeout.as_secs(),
                request_timeout.as_secs()
            );
            return Err(error(REQUEST_TIMEOUT_SECONDS, problem));
        }
        let trusted_proxies = match var(TRUSTED_PROXIES) {
            Some(text) => parse_proxies(&text)?,
            // This server speaks plain HTTP, so something in front ends TLS. Unless it is named,
            // every visitor comes from its address and shares one sign-in allowance.
            None if base_url.scheme() == "https" => {
                let problem = format!(
                    "is required with an https {}: TLS ends at a proxy in front of this server, so list \
                     its addresses (or say none if nothing in front sends X-Forwarded-For)",
                    APP_BASE_URL.name
                );
                return Err(error(TRUSTED_PROXIES, problem));
            }
            None => Vec::new(),
        };

        let token_keys = parse_token_keys(&var, &identity_provider)?;
        Ok(Self {
            token_keys,
            #[cfg(feature = "dev-idp")]
            dev_idp_access_token_lifetime: seconds(&var, DEV_IDP_ACCESS_TOKEN_SECONDS)?,
            base_url,
            identity_provider,
            client_id: ClientId::new(client_id),
            client_secret: ClientSecret::new(client_secret),
            scopes,
            database,
            session_idle_timeout: minutes(&var, SESSION_IDLE_MINUTES)?,
            session_max_lifetime: number(&var, SESSION_MAX_HOURS, "hours")
                .map(|hours| Duration::from_secs(hours * 60 * 60))?,
            login_max_age: minutes(&var, LOGIN_MAX_AGE_MINUTES)?,
            clock_leeway: seconds(&var, OIDC_CLOCK_LEEWAY_SECONDS)?,
            idp_timeout,
            team_emails: parse_emails(&or_default(&var, TEAM_EMAILS))?,
            error_log_retention: number(&var, ERROR_LOG_RETENTION_DAYS, "days")
                .map(|days| Duration::from_secs(days * 24 * 60 * 60))?,
            error_log_max_rows: number(&var, ERROR_LOG_MAX_ROWS, "rows")?,
            clock: Clock::system(),
            rate_limit_per_minute: parse_limit(
                RATE_LIMIT_PER_MINUTE,
                &or_default(&var, RATE_LIMIT_PER_MINUTE),
            )?,
            sign_ins_per_minute: parse_limit(SIGN_INS_PER_MINUTE, &or_default(&var, SIGN_INS_PER_MINUTE))?,
            trusted_proxies,
            header_read_timeout: seconds(&var, HEADER_READ_TIMEOUT_SECONDS)?,
            request_timeout,
            max_connections: number(&var, MAX_CONNECTIONS, "connections")
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX))?,
            metrics_token: var(METRICS_TOKEN).map(|text| parse_metrics_token(&text)).transpose()?,
            live_reload: var(LEPTOS_WATCH).is_some(),
        })
    }

    /// The redirect URI to register at the IdP.
    pub fn redirect_url(&self) -> String {
        format!("{}{}", self.origin(), paths::AUTH_CALLBACK)
    }

    /// The post-logout redirect URI to register at the IdP.
    pub fn post_logout_redirect_url(&self) -> String {
        format!("{}{}", self.origin(), paths::SIGNED_OUT)
    }

    /// The back-channel logout URI to register at the IdP.
    pub fn backchannel_logout_url(&self) -> String {
        format!("{}{}", self.origin(), paths::AUTH_BACKCHANNEL_LOGOUT)
    }

    /// Cookies are `Secure` whenever the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    fn origin(&self) -> String {
        self.base_url.as_str().trim_end_matches('/').to_owned()
    }

    /// The OIDC client's settings once the issuer is known (the dev IdP's is known only
    /// after it started).
    pub fn oidc_settings(&self, issuer: IssuerUrl) -> Result<OidcSettings, ConfigError> {
        let redirect_url = RedirectUrl::new(self.redirect_url())
            .map_err(|e| error(APP_BASE_URL, format!("does not make a valid redirect URI: {e}")))?;
        let post_logout_redirect_url = PostLogoutRedirectUrl::new(self.post_logout_redirect_url())
            .map_err(|e| error(APP_BASE_URL, format!("does not make a valid post-logout URI: {e}")))?;
        Ok(OidcSettings {
            issuer,
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            redirect_url,
            post_logout_redirect_url,
            scopes: self.scopes.clone(),
            clock_leeway: self.clock_leeway,
            connect_timeout: self.idp_timeout.min(Duration::from_secs(5)),
            request_timeout: self.idp_timeout,
            offline_access: self.token_keys.is_some(),
        })
    }
}

/// The keys that seal kept tokens: `TOKEN_ENCRYPTION_KEY` (and the previous one while keys
/// rotate); with the development IdP and no key, a fresh one for this run.
fn parse_token_keys(
    var: &impl Fn(Variable) -> Option<String>,
    identity_provider: &IdentityProvider,
) -> Result<Option<TokenKeys>, ConfigError> {
    let key = |variable: Variable| {
        var(variable)
            .map(|text| TokenKey::from_base64(&text).map_err(|problem| error(variable, problem.to_string())))
            .transpose()
    };
    let previous = key(TOKEN_ENCRYPTION_KEY_PREVIOUS)?;
    let current = match (key(TOKEN_ENCRYPTION_KEY)?, identity_provider) {
        (Some(current), _) => current,
        #[cfg(feature = "dev-idp")]
        (None, IdentityProvider::Development(_)) => TokenKey::generate(),
        (None, _) if previous.is_some() => {
            let problem = format!("is required with {}", TOKEN_ENCRYPTION_KEY_PREVIOUS.name);
            return Err(error(TOKEN_ENCRYPTION_KEY, problem));
        }
        (None, _) => return Ok(None),
    };
    Ok(Some(TokenKeys { current, previous }))
}

fn error(variable: Variable, problem: String) -> ConfigError {
    ConfigError { variable: variable.name, problem }
}

fn required(var: &impl Fn(Variable) -> Option<String>, variable: Variable) -> Result<String, ConfigError> {
    var(variable).ok_or_else(|| error(variable, format!("is required when {} is set", OIDC_ISSUER_URL.name)))
}

/// The variable's value, or else the one its declaration gives it when unset (empty when
/// no single value says what unset means).
fn or_default(var: &impl Fn(Variable) -> Option<String>, variable: Variable) -> String {
    var(variable).unwrap_or_else(|| variable.default.value().unwrap_or_default().to_owned())
}

/// An origin: scheme, host and optional port, nothing else.
fn parse_origin(text: &str) -> Result<Url, ConfigError> {
    let expected = format!("expected an origin like https://app.example.com, got {text:?}");
    let url = Url::parse(text).map_err(|_| error(APP_BASE_URL, expected.clone()))?;
    let is_origin = matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty();
    if is_origin {
        Ok(url)
    } else {
        Err(error(APP_BASE_URL, expected))
    }
}

fn parse_issuer(text: &str) -> Result<IssuerUrl, ConfigError> {
    let problem = || {
        error(
            OIDC_ISSUER_URL,
            format!("expected an http(s) URL like https://accounts.example.com, got {text:?}"),
        )
    };
    let url = Url::parse(text).map_err(|_| problem())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(problem());
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        let problem = format!("must use https (plain http only on a loopback host), got {text:?}");
        return Err(error(OIDC_ISSUER_URL, problem));
    }
    // Exactly as configured: OIDC Discovery compares issuers character for character, so a
    // trailing slash is part of the issuer.
    IssuerUrl::new(text.to_owned()).map_err(|_| problem())
}

/// True for `localhost` and loopback addresses: hosts no one else can reach.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn parse_scopes(text: &str) -> Result<Vec<Scope>, ConfigError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !words.contains(&"openid") {
        return Err(error(OIDC_SCOPES, format!("must include openid, got {text:?}")));
    }
    if let Some(bad) =
        words.iter().find(|w| !w.chars().all(|c| c.is_ascii_graphic() && c != '"' && c != '\\'))
    {
        return Err(error(OIDC_SCOPES, format!("{bad:?} is not a valid scope")));
    }
    // openidconnect always sends `openid` itself.
    Ok(words.into_iter().filter(|w| *w != "openid").map(|w| Scope::new(w.to_owned())).collect())
}

fn parse_emails(text: &str) -> Result<Vec<String>, ConfigError> {
    let emails: Vec<String> =
        text.split(',').map(str::trim).filter(|e| !e.is_empty()).map(str::to_lowercase).collect();
    match emails.iter().find(|e| !e.contains('@') || e.contains(char::is_whitespace)) {
        Some(bad) => Err(error(TEAM_EMAILS, format!("expected comma-separated emails, {bad:?} is not one"))),
        None => Ok(emails),
    }
}

fn parse_limit(variable: Variable, text: &str) -> Result<u32, ConfigError> {
    text.parse().map_err(|_| {
        error(variable, format!("expected a whole number (0 turns the limit off), got {text:?}"))
    })
}

/// Comma-separated IP addresses or CIDR ranges (an address is a range of one), or `none`.
fn parse_proxies(text: &str) -> Result<Vec<IpNet>, ConfigError> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>().or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from)).map_err(
                |_| {
                    let problem =
                        format!("expected comma-separated IP addresses or CIDRs, {item:?} is not one");
                    error(TRUSTED_PROXIES, problem)
                },
            )
        })
        .collect()
}

fn parse_metrics_token(text: &str) -> Result<MetricsToken, ConfigError> {
    if !text.chars().all(|c| c.is_ascii_graphic()) {
        return Err(error(METRICS_TOKEN, "must be printable ASCII without spaces".into()));
    }
    // Said without the token itself, which must not reach the log.
    let length = text.chars().count();
    if length < MetricsToken::MIN_LENGTH {
        let problem = format!(
            "must be at least {} characters, got {length}: try openssl rand -hex 32",
            MetricsToken::MIN_LENGTH
        );
        return Err(error(METRICS_TOKEN, problem));
    }
    Ok(MetricsToken::new(text))
}

fn minutes(var: &impl Fn(Variable) -> Option<String>, variable: Variable) -> Result<Duration, ConfigError> {
    number(var, variable, "minutes").map(|n| Duration::from_secs(n * 60))
}

fn seconds(var: &impl Fn(Variable) -> Option<String>, variable: Variable) -> Result<Duration, ConfigError> {
    number(var, variable, "seconds").map(Duration::from_secs)
}

/// A whole number from 1 up, or the declared default.
fn number(
    var: &impl Fn(Variable) -> Option<String>,
    variable: Variable,
    unit: &str,
) -> Result<u64, ConfigError> {
    parse_number(variable, &or_default(var, variable), unit)
}

fn parse_number(variable: Variable, text: &str, unit: &str) -> Result<u64, ConfigError> {
    text.parse::<u64>()
        .ok()
        .filter(|n| (1..=525_600).contains(n))
        .ok_or_else(|| error(variable, format!("expected a whole number of {unit} from 1 up, got {text:?}")))
}

#[cfg(test)]
mod tests;
