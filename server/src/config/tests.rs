use super::variables::{ReadBy, Unset, VARIABLES};
use super::*;
use sign_in::db::DatabaseSettings;
use std::collections::HashMap;

const SITE: &str = "127.0.0.1:3000";

fn parse(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Config::from_lookup(SITE.parse().unwrap(), |name| vars.get(name).cloned())
}

fn problem_with(vars: &[(&str, &str)]) -> &'static str {
    parse(vars).unwrap_err().variable
}

#[test]
fn defaults_start_the_development_idp_with_sqlite() {
    let config = parse(&[]).unwrap();
    assert_eq!(config.base_url.as_str(), "http://127.0.0.1:3000/");
    assert_eq!(config.redirect_url(), "http://127.0.0.1:3000/auth/callback");
    assert_eq!(config.post_logout_redirect_url(), "http://127.0.0.1:3000/signed-out");
    assert_eq!(config.identity_provider, IdentityProvider::Development("127.0.0.1:3900".parse().unwrap()));
    assert_eq!(config.database.url, "sqlite://data/app.db");
    assert_eq!(config.database.max_connections, 1, "SQLite writes one at a time");
    assert_eq!(config.client_id.as_str(), "dev-client");
    let scopes: Vec<&str> = config.scopes.iter().map(|s| s.as_str()).collect();
    assert_eq!(scopes, ["profile", "email"]);
    assert_eq!(config.login_max_age, Duration::from_secs(600));
    assert_eq!(config.session_max_lifetime, Duration::from_secs(12 * 3600));
    assert!(!config.secure_cookies());
}

const ISSUER: (&str, &str) = ("OIDC_ISSUER_URL", "https://accounts.intastellar.com");
const REAL_CLIENT: [(&str, &str); 3] = [
    ("APP_BASE_URL", "https://demo.example.com"),
    ("OIDC_CLIENT_ID", "abc"),
    ("OIDC_CLIENT_SECRET", "s3cret"),
];

/// A real issuer for an https site, whose TLS ends at a proxy on 10.0.0.1.
fn with_real_issuer(more: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut vars = vec![ISSUER];
    vars.extend(REAL_CLIENT);
    vars.push(("TRUSTED_PROXIES", "10.0.0.1"));
    vars.extend_from_slice(more);
    vars
}

#[test]
fn a_real_issuer_needs_client_credentials_and_the_public_origin() {
    let base = REAL_CLIENT[0];
    assert_eq!(problem_with(&[ISSUER, base]), "OIDC_CLIENT_ID");
    assert_eq!(problem_with(&[ISSUER, base, ("OIDC_CLIENT_ID", "abc")]), "OIDC_CLIENT_SECRET");
    assert_eq!(problem_with(&[ISSUER, REAL_CLIENT[1], REAL_CLIENT[2]]), "APP_BASE_URL");
    let config = parse(&with_real_issuer(&[])).unwrap();
    assert!(
        matches!(config.identity_provider, IdentityProvider::Issuer(ref url) if url.as_str() == "https://accounts.intastellar.com")
    );
}

#[test]
fn the_development_idp_only_runs_for_a_local_http_site() {
    for base in [
        "https://demo.example.com",
        "http://demo.example.com",
        "https://127.0.0.1:3000",
        "http://10.0.0.5:3000",
    ] {
        let error = parse(&[("APP_BASE_URL", base)]).unwrap_err();
        assert_eq!(error.variable, "OIDC_ISSUER_URL", "{base}");
        assert!(error.to_string().contains("loopback"), "{error}");
    }
    for base in ["http://127.0.0.1:3000", "http://localhost:3000", "http://[::1]:3000"] {
        let config = parse(&[("APP_BASE_URL", base)]).unwrap();
        assert!(matches!(config.identity_provider, IdentityProvider::Development(_)), "{base}");
    }
    assert_eq!(problem_with(&[("DEV_IDP_ADDR", "0.0.0.0:3900")]), "DEV_IDP_ADDR");
    assert_eq!(problem_with(&[("DEV_IDP_ADDR", "192.168.1.2:3900")]), "DEV_IDP_ADDR");
}

#[test]
fn the_issuer_is_https_unless_local_and_kept_exactly_as_written() {
    let plain = with_real_issuer(&[("OIDC_ISSUER_URL", "http://accounts.example.com")]);
    assert_eq!(problem_with(&plain), "OIDC_ISSUER_URL");
    let local = parse(&with_real_issuer(&[("OIDC_ISSUER_URL", "http://127.0.0.1:3900")])).unwrap();
    assert!(matches!(local.identity_provider, IdentityProvider::Issuer(_)));
    let slash = parse(&with_real_issuer(&[("OIDC_ISSUER_URL", "https://accounts.example.com/")])).unwrap();
    assert!(
        matches!(slash.identity_provider, IdentityProvider::Issuer(ref url) if url.as_str() == "https://accounts.example.com/"),
        "a trailing slash is part of the issuer"
    );
}

#[test]
fn an_https_site_names_the_proxy_in_front_or_says_there_is_none() {
    let unnamed: Vec<_> = [ISSUER].into_iter().chain(REAL_CLIENT).collect();
    let error = parse(&unnamed).unwrap_err();
    assert_eq!(error.variable, "TRUSTED_PROXIES");
    assert!(error.problem.contains("https") && error.problem.contains("none"), "{error}");
    for none in ["none", "None"] {
        let config = parse(&with_real_issuer(&[("TRUSTED_PROXIES", none)])).unwrap();
        assert!(config.trusted_proxies.is_empty(), "{none}");
    }
    assert_eq!(problem_with(&with_real_issuer(&[("TRUSTED_PROXIES", "none, 10.0.0.1")])), "TRUSTED_PROXIES");
    assert!(parse(&[]).unwrap().trusted_proxies.is_empty(), "a local http site needs no proxy");
}

#[test]
fn plain_http_with_a_real_issuer_is_only_for_this_machine() {
    for public in ["http://demo.example.com", "http://10.0.0.5:3000"] {
        let error = parse(&with_real_issuer(&[("APP_BASE_URL", public)])).unwrap_err();
        assert_eq!(error.variable, "APP_BASE_URL", "{public}");
        assert!(error.problem.contains("must be https"), "{error}");
    }
    for local in ["http://127.0.0.1:3000", "http://localhost:3000", "http://[::1]:3000"] {
        assert!(parse(&with_real_issuer(&[("APP_BASE_URL", local)])).is_ok(), "{local}");
    }
}

#[test]
fn the_metrics_token_is_long_and_never_prints() {
    assert!(parse(&[]).unwrap().metrics_token.is_none());
    let short = parse(&[("METRICS_TOKEN", "hunter2")]).unwrap_err();
    assert_eq!(short.variable, "METRICS_TOKEN");
    assert!(short.problem.contains("at least 32") && !short.problem.contains("hunter2"), "{short}");
    let spaced = parse(&[("METRICS_TOKEN", "0123456789abcdef 0123456789abcdef")]).unwrap_err();
    assert_eq!(spaced.variable, "METRICS_TOKEN");
    let token = "0123456789abcdef0123456789abcdef";
    let config = parse(&[("METRICS_TOKEN", token)]).unwrap();
    assert!(config.metrics_token.is_some());
    assert!(!format!("{config:?}").contains(token));
}

#[test]
fn https_base_urls_make_secure_cookies() {
    let config = parse(&with_real_issuer(&[])).unwrap();
    assert!(config.secure_cookies());
    assert_eq!(config.redirect_url(), "https://demo.example.com/auth/callback");
}

#[test]
fn malformed_settings_name_their_variable() {
    for (name, value) in [
        ("APP_BASE_URL", "127.0.0.1:3000"),
        ("APP_BASE_URL", "http://example.com/app"),
        ("APP_BASE_URL", "http://example.com/?x=1"),
        ("APP_BASE_URL", "ftp://example.com"),
        ("OIDC_ISSUER_URL", "not a url"),
        ("OIDC_SCOPES", "profile email"),
        ("DATABASE_URL", "mysql://db"),
        ("DATABASE_URL", "data/app.db"),
        ("DATABASE_MAX_CONNECTIONS", "0"),
        ("DATABASE_MAX_CONNECTIONS", "many"),
        ("DATABASE_ACQUIRE_TIMEOUT_SECONDS", "0.5"),
        ("DATABASE_STATEMENT_TIMEOUT_SECONDS", "-1"),
        ("SESSION_IDLE_MINUTES", "ten"),
        ("SESSION_IDLE_MINUTES", "0"),
        ("OIDC_CLOCK_LEEWAY_SECONDS", "-5"),
        ("DEV_IDP_ADDR", "localhost"),
        ("TEAM_EMAILS", "ada@example.com, grace"),
        ("ERROR_LOG_RETENTION_DAYS", "forever"),
        ("RATE_LIMIT_PER_MINUTE", "-1"),
        ("RATE_LIMIT_PER_MINUTE", "lots"),
        ("TRUSTED_PROXIES", "10.0.0.0/33"),
        ("TRUSTED_PROXIES", "10.0.0.1, proxy.internal"),
        ("HEADER_READ_TIMEOUT_SECONDS", "0"),
        ("REQUEST_TIMEOUT_SECONDS", "10"),
        ("SESSION_MAX_HOURS", "0"),
        ("MAX_CONNECTIONS", "0"),
        ("MAX_CONNECTIONS", "lots"),
        ("METRICS_TOKEN", "too-short"),
    ] {
        let error = parse(&[(name, value)]).unwrap_err();
        assert_eq!(error.variable, name, "{value}");
        assert!(error.to_string().starts_with(name), "{error}");
    }
}

#[test]
fn the_secret_never_prints() {
    let config = parse(&[("OIDC_CLIENT_SECRET", "hunter2")]).unwrap();
    assert!(!format!("{config:?}").contains("hunter2"));
}

#[test]
fn team_emails_are_a_trimmed_lower_case_list() {
    let config = parse(&[("TEAM_EMAILS", " Ada@Example.com,grace@example.com ,")]).unwrap();
    assert_eq!(config.team_emails, ["ada@example.com", "grace@example.com"]);
    assert!(parse(&[]).unwrap().team_emails.is_empty());
    assert_eq!(parse(&[]).unwrap().error_log_retention, Duration::from_secs(30 * 86_400));
}

#[test]
fn hardening_defaults_and_settings() {
    let config = parse(&[]).unwrap();
    assert_eq!(config.rate_limit_per_minute, 30);
    assert!(config.trusted_proxies.is_empty());
    assert_eq!(config.max_connections, 512);
    assert!(config.request_timeout > config.idp_timeout);
    assert!(!config.live_reload);
    let config = parse(&[
        ("RATE_LIMIT_PER_MINUTE", "0"),
        ("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7,2001:db8::/32"),
        ("LEPTOS_WATCH", "1"),
    ])
    .unwrap();
    assert_eq!(config.rate_limit_per_minute, 0, "0 turns the limit off");
    let proxies: Vec<String> = config.trusted_proxies.iter().map(ToString::to_string).collect();
    assert_eq!(proxies, ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"]);
    assert!(config.live_reload);
}

#[test]
fn the_request_timeout_must_outlast_the_idp_timeout() {
    let error = parse(&[("OIDC_HTTP_TIMEOUT_SECONDS", "30"), ("REQUEST_TIMEOUT_SECONDS", "30")]).unwrap_err();
    assert_eq!(error.variable, "REQUEST_TIMEOUT_SECONDS");
    assert!(error.to_string().contains("OIDC_HTTP_TIMEOUT_SECONDS (30)"), "{error}");
    assert!(parse(&[("OIDC_HTTP_TIMEOUT_SECONDS", "30"), ("REQUEST_TIMEOUT_SECONDS", "31")]).is_ok());
}

#[test]
fn postgres_urls_select_postgres_with_deliberate_pool_settings() {
    let defaults = parse(&[("DATABASE_URL", "postgres://app:pw@db.internal/site")]).unwrap().database;
    assert_eq!(defaults.backend(), Some(sign_in::db::Backend::Postgres));
    assert_eq!(defaults.max_connections, 10);
    assert_eq!(defaults.acquire_timeout, Duration::from_secs(3));
    assert_eq!(defaults.statement_timeout, Duration::from_secs(5));
    let tuned = parse(&[
        ("DATABASE_URL", "postgresql://db.internal/site"),
        ("DATABASE_MAX_CONNECTIONS", "4"),
        ("DATABASE_ACQUIRE_TIMEOUT_SECONDS", "1"),
        ("DATABASE_STATEMENT_TIMEOUT_SECONDS", "30"),
    ])
    .unwrap()
    .database;
    assert_eq!(
        (tuned.max_connections, tuned.acquire_timeout, tuned.statement_timeout),
        (4, Duration::from_secs(1), Duration::from_secs(30))
    );
}

#[test]
fn the_database_password_never_prints() {
    let config = parse(&[("DATABASE_URL", "postgres://app:hunter2@db.internal/site")]).unwrap();
    assert!(!format!("{config:?}").contains("hunter2"));
}

/// What a configuration holds, as one comparable text (on a clock that stands still).
fn described(config: Result<Config, ConfigError>) -> String {
    let config = config.unwrap();
    // The development IdP's token key is fresh on every start: only whether there is one counts.
    let keeps_tokens = config.token_keys.is_some();
    let config = Config { clock: Clock::from_fn(|| 0), token_keys: None, ..config };
    format!("{keeps_tokens} {config:?}")
}

#[test]
fn token_keys_are_32_bytes_of_base64_and_optional_with_a_real_idp() {
    let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    assert!(parse(&[]).unwrap().token_keys.is_some(), "the development IdP generates one");
    assert!(parse(&with_real_issuer(&[])).unwrap().token_keys.is_none(), "no key, no tokens kept");
    let keys = parse(&with_real_issuer(&[("TOKEN_ENCRYPTION_KEY", key)])).unwrap().token_keys.expect("keys");
    assert!(keys.previous.is_none());
    for bad in ["hunter2", "c2hvcnQ=", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIz"] {
        let error = parse(&with_real_issuer(&[("TOKEN_ENCRYPTION_KEY", bad)])).unwrap_err();
        assert_eq!(error.variable, "TOKEN_ENCRYPTION_KEY", "{bad}");
        assert!(!error.to_string().contains(bad), "the key is never printed: {error}");
        let previous = parse(&with_real_issuer(&[
            ("TOKEN_ENCRYPTION_KEY", key),
            ("TOKEN_ENCRYPTION_KEY_PREVIOUS", bad),
        ]));
        assert_eq!(previous.unwrap_err().variable, "TOKEN_ENCRYPTION_KEY_PREVIOUS");
    }
    let alone = parse(&with_real_issuer(&[("TOKEN_ENCRYPTION_KEY_PREVIOUS", key)])).unwrap_err();
    assert_eq!(alone.variable, "TOKEN_ENCRYPTION_KEY", "a previous key needs a current one");
}

#[test]
fn every_declared_default_is_what_an_unset_variable_reads_as() {
    let unset = described(parse(&[]));
    let site_settings = VARIABLES.iter().filter(|variable| variable.read_by == ReadBy::Config);
    for variable in site_settings {
        // With no other variable set, the development IdP is in use: its defaults apply too.
        if let Some(value) = variable.default.value() {
            assert_eq!(described(parse(&[(variable.name, value)])), unset, "{}={value}", variable.name);
        }
    }
    // The one default that depends on another setting, owned by the core's pool settings.
    let Unset::Means(pool) = variables::DATABASE_MAX_CONNECTIONS.default else { panic!("a value") };
    let (postgres, sqlite) =
        (DatabaseSettings::DEFAULT_MAX_CONNECTIONS, DatabaseSettings::DEFAULT_SQLITE_CONNECTIONS);
    assert_eq!(pool, format!("`{postgres}` (SQLite: `{sqlite}`)"));
}
