//! Every environment variable the site reads, declared once: its name, what applies while it
//! is unset, and what it means. The parser reads each one through its constant here, and
//! `docs/configuration.md`'s table and `.env.example` are checked against [`VARIABLES`]
//! (see the tests), so the three cannot drift apart.

/// One environment variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: &'static str,
    /// What applies while it is unset (or empty).
    pub default: Unset,
    /// What it does, one line of Markdown, as the table in `docs/configuration.md` shows it.
    pub meaning: &'static str,
    pub read_by: ReadBy,
}

/// What an unset variable means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unset {
    /// It reads as this value, exactly as if it had been set to it.
    Reads(&'static str),
    /// With the development IdP it reads as this value; a real issuer needs it set.
    DevIdpReads(&'static str),
    /// Something no single value says, in words (Markdown).
    Means(&'static str),
}

/// Who reads a variable, which says where it may be set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadBy {
    /// The site's configuration (`Config::from_lookup`): the environment or `.env`.
    Config,
    /// Leptos' own settings (the site's configuration reads `LEPTOS_WATCH` too): cargo-leptos
    /// and the container image set them, so `.env.example` names them without setting them.
    Leptos,
    /// The server before it reads `.env`: only the environment can set them.
    Environment,
    /// The tests and their scripts, never the server.
    Tests,
}

impl Unset {
    /// The value an unset variable reads as, if one value says it.
    pub fn value(self) -> Option<&'static str> {
        match self {
            Self::Reads(value) | Self::DevIdpReads(value) => Some(value),
            Self::Means(_) => None,
        }
    }
}

pub const APP_BASE_URL: Variable = Variable {
    name: "APP_BASE_URL",
    default: Unset::Means("`http://` + `LEPTOS_SITE_ADDR`, only with the development IdP"),
    meaning: "The public origin: scheme, host and port, no path. Required with `OIDC_ISSUER_URL`. The \
              redirect URI is this + `/auth/callback`, the post-logout redirect URI this + `/signed-out`, \
              the back-channel logout URI this + `/auth/backchannel-logout`. With `https` the session cookie is `Secure` and `__Host-` prefixed, and responses carry HSTS.",
    read_by: ReadBy::Config,
};

pub const OIDC_ISSUER_URL: Variable = Variable {
    name: "OIDC_ISSUER_URL",
    default: Unset::Means("*(unset: the development IdP)*"),
    meaning: "The issuer, exactly as the IdP names it (a trailing slash counts); `https` unless on a \
              loopback host. Discovery reads `<issuer>/.well-known/openid-configuration`. Unset, the \
              development IdP starts, only for an `http://` loopback `APP_BASE_URL` and only in a build \
              with the server's `dev-idp` feature; otherwise start-up stops with one line naming this \
              variable.",
    read_by: ReadBy::Config,
};

pub const OIDC_CLIENT_ID: Variable = Variable {
    name: "OIDC_CLIENT_ID",
    default: Unset::DevIdpReads("dev-client"),
    meaning: "The client id Intastellar gave this site. Required with `OIDC_ISSUER_URL`.",
    read_by: ReadBy::Config,
};

pub const OIDC_CLIENT_SECRET: Variable = Variable {
    name: "OIDC_CLIENT_SECRET",
    default: Unset::DevIdpReads("dev-secret"),
    meaning: "The client secret that goes with it. Required with `OIDC_ISSUER_URL`. Never printed or logged.",
    read_by: ReadBy::Config,
};

pub const OIDC_SCOPES: Variable = Variable {
    name: "OIDC_SCOPES",
    default: Unset::Reads("openid profile email"),
    meaning: "The scopes a sign-in asks for, separated by spaces; `openid` must be one.",
    read_by: ReadBy::Config,
};

pub const OIDC_CLOCK_LEEWAY_SECONDS: Variable = Variable {
    name: "OIDC_CLOCK_LEEWAY_SECONDS",
    default: Unset::Reads("60"),
    meaning: "The clock difference with the IdP tolerated when the ID token's `exp` is checked.",
    read_by: ReadBy::Config,
};

pub const OIDC_HTTP_TIMEOUT_SECONDS: Variable = Variable {
    name: "OIDC_HTTP_TIMEOUT_SECONDS",
    default: Unset::Reads("10"),
    meaning: "The timeout of each request to the IdP (connecting: at most 5 s). Redirects from the IdP's \
              endpoints are never followed.",
    read_by: ReadBy::Config,
};

pub const DATABASE_URL: Variable = Variable {
    name: "DATABASE_URL",
    default: Unset::Reads("sqlite://data/app.db"),
    meaning: "`sqlite://path/to/file.db` (created, with its folder, on first start) or \
              `postgres://user:password@host:5432/database` (the database must exist; add \
              `?sslmode=verify-full` to require a verified TLS connection). Migrations run at start-up.",
    read_by: ReadBy::Config,
};

pub const DATABASE_MAX_CONNECTIONS: Variable = Variable {
    name: "DATABASE_MAX_CONNECTIONS",
    default: Unset::Means("`10` (SQLite: `1`)"),
    meaning: "The most connections one instance opens for its queries. Session reads have connections \
              of their own besides, one per CPU (at most eight on SQLite, four on PostgreSQL). On \
              PostgreSQL, all instances' connections together must stay below the server's \
              `max_connections`. SQLite writes one at a time, so one connection queues writers instead \
              of letting them collide.",
    read_by: ReadBy::Config,
};

pub const DATABASE_ACQUIRE_TIMEOUT_SECONDS: Variable = Variable {
    name: "DATABASE_ACQUIRE_TIMEOUT_SECONDS",
    default: Unset::Reads("3"),
    meaning: "How long a request waits for a connection before it fails: while the database is down, \
              pages answer within this time.",
    read_by: ReadBy::Config,
};

pub const DATABASE_STATEMENT_TIMEOUT_SECONDS: Variable = Variable {
    name: "DATABASE_STATEMENT_TIMEOUT_SECONDS",
    default: Unset::Reads("5"),
    meaning: "PostgreSQL: the longest a statement may run (`statement_timeout`, on every connection; \
              migrations are exempt). SQLite: the longest a statement waits for a lock another \
              connection holds (`busy_timeout`).",
    read_by: ReadBy::Config,
};

pub const SESSION_IDLE_MINUTES: Variable = Variable {
    name: "SESSION_IDLE_MINUTES",
    default: Unset::Reads("120"),
    meaning: "A session idle this long expires. Expired sessions are deleted every minute, by one \
              instance at a time.",
    read_by: ReadBy::Config,
};

pub const SESSION_MAX_HOURS: Variable = Variable {
    name: "SESSION_MAX_HOURS",
    default: Unset::Reads("12"),
    meaning: "However active, a session ends this long after sign-in; the sign-in page then says why.",
    read_by: ReadBy::Config,
};

pub const LOGIN_MAX_AGE_MINUTES: Variable = Variable {
    name: "LOGIN_MAX_AGE_MINUTES",
    default: Unset::Reads("10"),
    meaning: "A sign-in must come back from the IdP within this time.",
    read_by: ReadBy::Config,
};

pub const TEAM_EMAILS: Variable = Variable {
    name: "TEAM_EMAILS",
    default: Unset::Means("*(empty)*"),
    meaning: "Comma-separated emails of the people who may read `/team/errors` and the details of \
              `/troubleshooting`; each must be the verified email of their account at the IdP.",
    read_by: ReadBy::Config,
};

pub const ERROR_LOG_RETENTION_DAYS: Variable = Variable {
    name: "ERROR_LOG_RETENTION_DAYS",
    default: Unset::Reads("30"),
    meaning: "Error log rows older than this are deleted (checked hourly, by one instance at a time).",
    read_by: ReadBy::Config,
};

pub const ERROR_LOG_MAX_ROWS: Variable = Variable {
    name: "ERROR_LOG_MAX_ROWS",
    default: Unset::Reads("100000"),
    meaning: "The most rows the error log keeps; past it, the oldest are deleted (checked hourly, with \
              the retention).",
    read_by: ReadBy::Config,
};

pub const RATE_LIMIT_PER_MINUTE: Variable = Variable {
    name: "RATE_LIMIT_PER_MINUTE",
    default: Unset::Reads("30"),
    meaning: "Requests to `/auth/login`, `/auth/callback` and `/auth/logout` one client address may make \
              in a burst, earned back evenly over a minute; past it, a friendly 429 with `Retry-After`. \
              An IPv6 client counts by its /64, and its /56 and /48 have 4 and 16 times the allowance. \
              `0` turns the limit off.",
    read_by: ReadBy::Config,
};

pub const SIGN_INS_PER_MINUTE: Variable = Variable {
    name: "SIGN_INS_PER_MINUTE",
    default: Unset::Reads("600"),
    meaning: "New sign-ins (`POST /auth/login`) the whole site starts in a burst, from every address \
              together, earned back evenly over a minute; past it, the friendly 429. A ceiling above the \
              per-address limit, so a crowd of addresses cannot make the site call the IdP without end. \
              `0` turns it off.",
    read_by: ReadBy::Config,
};

pub const TRUSTED_PROXIES: Variable = Variable {
    name: "TRUSTED_PROXIES",
    default: Unset::Means("*(empty; required with an `https` `APP_BASE_URL`)*"),
    meaning: "Comma-separated IP addresses or CIDRs of your reverse proxies, or `none`. An `https` \
              `APP_BASE_URL` means TLS ends in front of this server, so it must be set: to the proxies, or \
              to `none` when nothing in front forwards `X-Forwarded-For`. Only for requests from them is \
              the client read from `X-Forwarded-For` (its right-most address that is not a proxy, with or \
              without a port), and the browser's scheme and host (for `/troubleshooting`'s address check) \
              from `X-Forwarded-Proto` and `X-Forwarded-Host`.",
    read_by: ReadBy::Config,
};

pub const HEADER_READ_TIMEOUT_SECONDS: Variable = Variable {
    name: "HEADER_READ_TIMEOUT_SECONDS",
    default: Unset::Reads("10"),
    meaning: "A connection must send a request's headers within this time, and then its body within this \
              time again, or it is closed.",
    read_by: ReadBy::Config,
};

pub const REQUEST_TIMEOUT_SECONDS: Variable = Variable {
    name: "REQUEST_TIMEOUT_SECONDS",
    default: Unset::Reads("60"),
    meaning: "The longest a request may take (then 503). Must be longer than `OIDC_HTTP_TIMEOUT_SECONDS`.",
    read_by: ReadBy::Config,
};

pub const MAX_CONNECTIONS: Variable = Variable {
    name: "MAX_CONNECTIONS",
    default: Unset::Reads("512"),
    meaning: "The most connections the server holds open at once. Past it, new connections wait in the \
              operating system's queue until one closes. Keep it below the process's open-files limit \
              (often 1,024), which the database and the IdP share.",
    read_by: ReadBy::Config,
};

pub const METRICS_TOKEN: Variable = Variable {
    name: "METRICS_TOKEN",
    default: Unset::Means("*(unset: `/metrics` answers loopback only)*"),
    meaning: "A bearer token of at least 32 characters that lets a scraper read `/metrics` from anywhere \
              (`Authorization: Bearer <token>`), e.g. `openssl rand -hex 32`. Without it, only a client on \
              this machine that is not a proxy in `TRUSTED_PROXIES` may; everyone else gets the site's \
              404 page. Never printed or logged.",
    read_by: ReadBy::Config,
};

pub const DEV_IDP_ADDR: Variable = Variable {
    name: "DEV_IDP_ADDR",
    default: Unset::Reads("127.0.0.1:3900"),
    meaning: "Where the development IdP listens when `OIDC_ISSUER_URL` is unset: a loopback address only \
              (port `0` picks a free one).",
    read_by: ReadBy::Config,
};

pub const TOKEN_ENCRYPTION_KEY: Variable = Variable {
    name: "TOKEN_ENCRYPTION_KEY",
    default: Unset::Means("*(unset: no tokens kept; the development IdP generates one)*"),
    meaning: "32 random bytes in base64, e.g. `openssl rand -base64 32`: the key that seals the tokens \
              signed-in sessions keep for API calls (AES-256-GCM, see [tokens.md](tokens.md)). Unset with \
              a real IdP, sign-in works as always and no token is kept. Never printed or logged.",
    read_by: ReadBy::Config,
};

pub const TOKEN_ENCRYPTION_KEY_PREVIOUS: Variable = Variable {
    name: "TOKEN_ENCRYPTION_KEY_PREVIOUS",
    default: Unset::Means("*(unset: only the current key)*"),
    meaning: "The key before the current one, while keys rotate: it still opens what it sealed; \
              everything new is sealed with `TOKEN_ENCRYPTION_KEY`.",
    read_by: ReadBy::Config,
};

pub const DEV_IDP_ACCESS_TOKEN_SECONDS: Variable = Variable {
    name: "DEV_IDP_ACCESS_TOKEN_SECONDS",
    default: Unset::Reads("3600"),
    meaning: "How long the development IdP's access tokens live. Below `OIDC_CLOCK_LEEWAY_SECONDS`, \
              every API call refreshes first (the end-to-end tests and the benchmark use it).",
    read_by: ReadBy::Config,
};

pub const LEPTOS_SITE_ADDR: Variable = Variable {
    name: "LEPTOS_SITE_ADDR",
    default: Unset::Reads("127.0.0.1:3000"),
    meaning: "Where the server listens. cargo-leptos sets it from `Cargo.toml`; the image sets \
              `0.0.0.0:8080`.",
    read_by: ReadBy::Leptos,
};

pub const LEPTOS_SITE_ROOT: Variable = Variable {
    name: "LEPTOS_SITE_ROOT",
    default: Unset::Reads("target/site"),
    meaning: "The folder of the site's files: the bundle, the stylesheet and `public/`. The image sets \
              `site`.",
    read_by: ReadBy::Leptos,
};

pub const LEPTOS_SITE_PKG_DIR: Variable = Variable {
    name: "LEPTOS_SITE_PKG_DIR",
    default: Unset::Reads("pkg"),
    meaning: "The bundle's folder inside the site root, and its path on the site (`/pkg/`).",
    read_by: ReadBy::Leptos,
};

pub const LEPTOS_OUTPUT_NAME: Variable = Variable {
    name: "LEPTOS_OUTPUT_NAME",
    default: Unset::Means("the name cargo-leptos built with: `intastellar-leptos`"),
    meaning: "The bundle's and stylesheet's file name, before the extension.",
    read_by: ReadBy::Leptos,
};

pub const LEPTOS_HASH_FILES: Variable = Variable {
    name: "LEPTOS_HASH_FILES",
    default: Unset::Reads("false"),
    meaning: "`true`: the bundle and stylesheet carry content hashes in their names, read from \
              `hash.txt` beside the server binary, and browsers keep them for a year. Set it for the \
              build and the server alike, as the image does.",
    read_by: ReadBy::Leptos,
};

pub const LEPTOS_WATCH: Variable = Variable {
    name: "LEPTOS_WATCH",
    default: Unset::Means("*(unset)*"),
    meaning: "Set by `cargo leptos watch`: pages carry the live-reload script and the \
              Content-Security-Policy allows its websocket. Never set it in production.",
    read_by: ReadBy::Leptos,
};

pub const DOTENV_DISABLED: Variable = Variable {
    name: "DOTENV_DISABLED",
    default: Unset::Means("*(unset)*"),
    meaning: "Environment only. Set, to anything, and `.env` is not read: the test scripts and the image \
              set it, so a stray file never leaks in.",
    read_by: ReadBy::Environment,
};

pub const RUST_LOG: Variable = Variable {
    name: "RUST_LOG",
    default: Unset::Means("`info`, with `tower_sessions` and `sqlx` at `warn`"),
    meaning: "Environment only (the log starts before `.env` is read). The log filter, in \
              `tracing-subscriber`'s `EnvFilter` syntax, e.g. `warn` or `debug`.",
    read_by: ReadBy::Environment,
};

pub const TEST_DATABASE_URL: Variable = Variable {
    name: "TEST_DATABASE_URL",
    default: Unset::Reads("postgres://postgres@127.0.0.1:5432/postgres"),
    meaning: "Tests only: the PostgreSQL server the tests create their databases on, and drop them from \
              afterwards.",
    read_by: ReadBy::Tests,
};

pub const PLAYWRIGHT_CHROMIUM_PATH: Variable = Variable {
    name: "PLAYWRIGHT_CHROMIUM_PATH",
    default: Unset::Means("`/usr/bin/chromium` if present"),
    meaning: "Tests only: the browser the Playwright tests drive.",
    read_by: ReadBy::Tests,
};

/// Every variable, in the order `docs/configuration.md` lists them.
pub const VARIABLES: &[Variable] = &[
    APP_BASE_URL,
    OIDC_ISSUER_URL,
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OIDC_SCOPES,
    OIDC_CLOCK_LEEWAY_SECONDS,
    OIDC_HTTP_TIMEOUT_SECONDS,
    DATABASE_URL,
    DATABASE_MAX_CONNECTIONS,
    DATABASE_ACQUIRE_TIMEOUT_SECONDS,
    DATABASE_STATEMENT_TIMEOUT_SECONDS,
    SESSION_IDLE_MINUTES,
    SESSION_MAX_HOURS,
    LOGIN_MAX_AGE_MINUTES,
    TEAM_EMAILS,
    ERROR_LOG_RETENTION_DAYS,
    ERROR_LOG_MAX_ROWS,
    RATE_LIMIT_PER_MINUTE,
    SIGN_INS_PER_MINUTE,
    TRUSTED_PROXIES,
    HEADER_READ_TIMEOUT_SECONDS,
    REQUEST_TIMEOUT_SECONDS,
    MAX_CONNECTIONS,
    METRICS_TOKEN,
    TOKEN_ENCRYPTION_KEY,
    TOKEN_ENCRYPTION_KEY_PREVIOUS,
    DEV_IDP_ADDR,
    DEV_IDP_ACCESS_TOKEN_SECONDS,
    LEPTOS_SITE_ADDR,
    LEPTOS_SITE_ROOT,
    LEPTOS_SITE_PKG_DIR,
    LEPTOS_OUTPUT_NAME,
    LEPTOS_HASH_FILES,
    LEPTOS_WATCH,
    DOTENV_DISABLED,
    RUST_LOG,
    TEST_DATABASE_URL,
    PLAYWRIGHT_CHROMIUM_PATH,
];

#[cfg(test)]
mod tests;
