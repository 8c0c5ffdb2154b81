//! Runs the dev IdP on its own: `cargo run -p dev_idp --bin dev-idp`.
//! Configured through `DEV_IDP_*` environment variables (see `Settings`).

use std::env::{self, VarError};
use std::net::{AddrParseError, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use dev_idp::{DevIdpConfig, DevIdpError, RegisteredClient};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;
use url::Url;

#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("{var} is not valid unicode")]
    NotUnicode { var: &'static str },
    #[error("{var} must not be empty")]
    Empty { var: &'static str },
    #[error("{var}={value:?} is not a socket address such as 127.0.0.1:3900: {source}")]
    InvalidAddr { var: &'static str, value: String, source: AddrParseError },
    #[error(
        "{var}={addr} must be a loopback address such as 127.0.0.1:3900: anyone who reaches the \
         development IdP can sign in as anyone"
    )]
    NotLoopback { var: &'static str, addr: SocketAddr },
    #[error("{var}={value:?} is not an absolute URL: {source}")]
    InvalidUrl { var: &'static str, value: String, source: url::ParseError },
    #[error("{var}={value:?} is not a whole number of seconds above zero")]
    InvalidSeconds { var: &'static str, value: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error(transparent)]
    Idp(#[from] DevIdpError),
    #[error("cannot wait for Ctrl-C: {0}")]
    Signal(std::io::Error),
}

struct Settings {
    addr: SocketAddr,
    idp: DevIdpConfig,
}

impl Settings {
    fn from_env() -> Result<Self, StartError> {
        let addr_var = "DEV_IDP_ADDR";
        let addr = var(addr_var, "127.0.0.1:3900")?;
        let addr: SocketAddr =
            addr.parse().map_err(|source| StartError::InvalidAddr { var: addr_var, value: addr, source })?;
        if !addr.ip().is_loopback() {
            return Err(StartError::NotLoopback { var: addr_var, addr });
        }
        let client = RegisteredClient {
            client_id: var("DEV_IDP_CLIENT_ID", "dev-client")?,
            client_secret: var("DEV_IDP_CLIENT_SECRET", "dev-secret")?,
            redirect_uris: vec![url_var("DEV_IDP_REDIRECT_URI", "http://127.0.0.1:3000/auth/callback")?],
            post_logout_redirect_uris: vec![url_var(
                "DEV_IDP_POST_LOGOUT_REDIRECT_URI",
                "http://127.0.0.1:3000/signed-out",
            )?],
            backchannel_logout_uri: Some(url_var(
                "DEV_IDP_BACKCHANNEL_LOGOUT_URI",
                "http://127.0.0.1:3000/auth/backchannel-logout",
            )?),
        };
        let mut idp = DevIdpConfig::for_client(client);
        // Short, to see refreshes happen; unset, the IdP's own default.
        idp.access_token_lifetime = seconds_var("DEV_IDP_ACCESS_TOKEN_SECONDS", idp.access_token_lifetime)?;
        Ok(Self { addr, idp })
    }
}

/// The variable's value, or `default` when it is unset.
fn var(name: &'static str, default: &str) -> Result<String, StartError> {
    match env::var(name) {
        Ok(value) if value.is_empty() => Err(StartError::Empty { var: name }),
        Ok(value) => Ok(value),
        Err(VarError::NotPresent) => Ok(default.to_owned()),
        Err(VarError::NotUnicode(_)) => Err(StartError::NotUnicode { var: name }),
    }
}

/// Like [`var`], but the value must be an absolute URL. It is returned as
/// given, because redirect URIs are compared as exact strings.
fn url_var(name: &'static str, default: &str) -> Result<String, StartError> {
    let value = var(name, default)?;
    match Url::parse(&value) {
        Ok(_) => Ok(value),
        Err(source) => Err(StartError::InvalidUrl { var: name, value, source }),
    }
}

/// Like [`var`], but the value must be a number of seconds above zero.
fn seconds_var(name: &'static str, default: Duration) -> Result<Duration, StartError> {
    let value = var(name, &default.as_secs().to_string())?;
    match value.parse::<u64>() {
        Ok(seconds) if seconds > 0 => Ok(Duration::from_secs(seconds)),
        _ => Err(StartError::InvalidSeconds { var: name, value }),
    }
}

async fn run() -> Result<(), StartError> {
    let settings = Settings::from_env()?;
    let listener = TcpListener::bind(settings.addr)
        .await
        .map_err(|source| StartError::Bind { addr: settings.addr, source })?;
    let idp = dev_idp::spawn(listener, settings.idp).await?;
    tracing::info!(issuer = idp.issuer_url(), "dev IdP ready; press Ctrl-C to stop");
    tokio::signal::ctrl_c().await.map_err(StartError::Signal)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dev-idp: {error}");
            ExitCode::FAILURE
        }
    }
}
