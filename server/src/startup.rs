//! Builds the application from its configuration: database, identity provider, sessions,
//! routes. Tests call the same `Application::build` with their own configuration.

use crate::config::{Config, ConfigError, IdentityProvider};
use crate::{health, maintenance, sessions, store_outage};
use app::auth::oidc::OidcClient;
use app::auth::session::SessionRules;
use app::db::{Database, DbError};
use app::paths;
use app::state::AppState;
use app::team::access::Team;
use app::{shell, App};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use openidconnect::IssuerUrl;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("DATABASE_URL: {0}")]
    Database(#[from] DbError),
    #[error("could not listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("development IdP: {0}")]
    DevIdp(#[from] dev_idp::DevIdpError),
    #[error("HTTP client for the IdP: {0}")]
    HttpClient(#[from] openidconnect::reqwest::Error),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    /// Kept alive for as long as the app runs; dropping it stops the development IdP.
    dev_idp: Option<dev_idp::DevIdp>,
}

impl Application {
    /// Builds the app listening on `LEPTOS_SITE_ADDR`.
    pub async fn build(config: Config, leptos_options: LeptosOptions) -> Result<Self, StartupError> {
        let addr = leptos_options.site_addr;
        let listener = TcpListener::bind(addr).await.map_err(|source| StartupError::Bind { addr, source })?;
        Self::build_on(listener, config, leptos_options).await
    }

    /// Builds the app on a listener that is already bound (tests bind port 0).
    pub async fn build_on(
        listener: TcpListener,
        config: Config,
        leptos_options: LeptosOptions,
    ) -> Result<Self, StartupError> {
        let db = Database::connect(&config.database).await?;
        db.migrate().await?;
        tracing::info!(backend = ?db.backend(), "database ready");

        let (issuer, dev_idp) = match &config.identity_provider {
            IdentityProvider::Issuer(issuer) => (issuer.clone(), None),
            IdentityProvider::Development(addr) => {
                let idp = start_dev_idp(&config, *addr).await?;
                let issuer = IssuerUrl::new(idp.issuer_url().to_owned())
                    .map_err(|e| ConfigError { variable: "DEV_IDP_ADDR", problem: e.to_string() })?;
                (issuer, Some(idp))
            }
        };
        let session_rules = SessionRules {
            clock: config.clock.clone(),
            login_max_age: config.login_max_age,
            max_lifetime: config.session_max_lifetime,
            issuer: issuer.as_str().to_owned(),
        };
        let oidc = OidcClient::new(config.oidc_settings(issuer)?, config.clock.clone())?;

        let state = AppState {
            leptos_options,
            db: db.clone(),
            oidc: Arc::new(oidc),
            session_rules,
            team: Arc::new(Team::new(config.team_emails.clone())),
        };
        tokio::spawn(maintenance::purge_old_errors(db.clone(), config.error_log_retention));
        let router = sessions::add_layer(router(state.clone()), &config, &db)
            .layer(axum::middleware::from_fn_with_state(state, store_outage::friendly_page))
            .layer(TraceLayer::new_for_http().make_span_with(request_span));
        Ok(Self { listener, router, dev_idp })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn dev_idp_issuer(&self) -> Option<&str> {
        self.dev_idp.as_ref().map(|idp| idp.issuer_url())
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "serving");
        // Leptos streams a page in several writes; without TCP_NODELAY, Nagle's algorithm
        // and delayed ACKs hold each response for ~40 ms.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        let _dev_idp = self.dev_idp;
        axum::serve(listener, self.router).with_graceful_shutdown(shutdown_signal()).await
    }
}

fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    Router::new()
        .route(paths::HEALTHZ, get(health::healthz))
        .route(paths::READYZ, get(health::readyz))
        .route(paths::AUTH_CALLBACK, get(app::auth::callback::handle))
        .leptos_routes_with_context(&state, routes, move || provide_context(context_state.clone()), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state)
}

/// One span per request, with the path but never the query: the callback's query holds the
/// authorization code and state.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
}

async fn start_dev_idp(config: &Config, addr: SocketAddr) -> Result<dev_idp::DevIdp, StartupError> {
    let listener = TcpListener::bind(addr).await.map_err(|source| StartupError::Bind { addr, source })?;
    let client = dev_idp::RegisteredClient {
        client_id: config.client_id.as_str().to_owned(),
        client_secret: config.client_secret.secret().to_owned(),
        redirect_uris: vec![config.redirect_url()],
        post_logout_redirect_uris: vec![config.post_logout_redirect_url()],
    };
    Ok(dev_idp::spawn(listener, dev_idp::DevIdpConfig::for_client(client)).await?)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
