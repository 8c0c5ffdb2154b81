//! Builds the application from its configuration: database, identity provider, sessions,
//! routes. Tests call the same `Application::build` with their own configuration.

use crate::backchannel_limit::{self, BackChannelLimit, LOGOUT_TOKENS_PER_MINUTE};
use crate::client_address::ClientAddress;
use crate::config::{Config, ConfigError, IdentityProvider};
use crate::friendly_page::FriendlyPage;
use crate::health::Readiness;
use crate::metrics::{self, Metrics, Scrape};
use crate::same_origin::SameOrigin;
use crate::security_headers::{self, SecurityHeaders};
use crate::serve::ConnectionSlots;
use crate::site_files::SiteFiles;
use crate::slow_body::{self, BodyRead};
use crate::state::{self, AppState};
use crate::{health, maintenance, navigation, rate_limit, same_origin, serve, sessions, store_outage};
use app::auth::landing::Landings;
use app::auth::outcomes::Outcomes;
use app::paths;
use app::{shell, App};
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sign_in::db::{Database, DbError};
use sign_in::oidc::{AccountChoice, OidcClient};
use sign_in::session::{PendingCookies, SessionRules};
use sign_in::tokens::TokenKeeper;
use sign_in::SignIn;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::util::MapRequestLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_http::CompressionLevel;

/// The largest request body we read. Our largest form, sign-in's, is a `return_to` of at
/// most 512 characters (three times that percent-encoded) and a `mode`: 16 KiB leaves
/// ample room and still refuses anything that is not one of our forms.
const MAX_BODY_BYTES: usize = 16 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("DATABASE_URL: {0}")]
    Database(#[from] DbError),
    #[error("could not listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[cfg(feature = "dev-idp")]
    #[error("development IdP: {0}")]
    DevIdp(#[from] dev_idp::DevIdpError),
    #[error("HTTP client for the IdP: {0}")]
    HttpClient(#[from] openidconnect::reqwest::Error),
    #[error(transparent)]
    SiteFiles(#[from] crate::site_files::HashFileError),
    #[error("DATABASE_URL: cannot open the SQLite file to read sessions: {0}")]
    SessionReader(#[from] rusqlite::Error),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    connection_slots: ConnectionSlots,
    /// Kept alive for as long as the app runs; dropping it stops the development IdP.
    #[cfg(feature = "dev-idp")]
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

        #[cfg(not(feature = "dev-idp"))]
        let IdentityProvider::Issuer(issuer) = config.identity_provider.clone();
        #[cfg(feature = "dev-idp")]
        let (issuer, dev_idp) = match &config.identity_provider {
            IdentityProvider::Issuer(issuer) => (issuer.clone(), None),
            IdentityProvider::Development(addr) => {
                let idp = start_dev_idp(&config, *addr).await?;
                let issuer = openidconnect::IssuerUrl::new(idp.issuer_url().to_owned())
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
        let oidc = Arc::new(OidcClient::new(config.oidc_settings(issuer)?, config.clock.clone())?);
        tokio::spawn(warm_up_discovery(oidc.clone()));
        let site_files = Arc::new(SiteFiles::new(&leptos_options)?);
        let headers = SecurityHeaders::new(&config, &leptos_options, oidc.clone(), site_files.clone());

        // Every instance derives the same key from the secret they share, so a sign-in may
        // start on one and finish on another.
        let pending = PendingCookies::new(
            config.client_secret.secret().as_bytes(),
            config.secure_cookies(),
            config.login_max_age,
        );
        let tokens = Arc::new(TokenKeeper::new(
            config.token_keys.clone(),
            db.clone(),
            oidc.clone(),
            config.clock.clone(),
        ));
        let sign_in =
            SignIn { oidc, db: db.clone(), rules: session_rules, pending, anonymous: Arc::default(), tokens };
        let outcomes = Arc::new(Outcomes::default());
        let connection_slots = ConnectionSlots::new(config.max_connections);
        let metrics =
            Arc::new(Metrics::new(outcomes.clone(), sign_in.anonymous.clone(), connection_slots.clone()));
        let state = AppState {
            leptos_options,
            stylesheet: app::stylesheet::StylesheetHref(site_files.stylesheet().into()),
            sign_in,
            landings: Landings(state::LANDINGS),
            outcomes,
            team_members: Arc::new(app::team_members::TeamMembers::new(config.team_emails.clone())),
            inspections: Arc::default(), // feature: troubleshooting
            site_origin: app::languages::SiteOrigin(config.base_url.origin().ascii_serialization().into()), // feature: languages
            activity: Arc::default(), // feature: devices
        };
        let error_log = maintenance::ErrorLogLimits {
            retention: config.error_log_retention,
            max_rows: config.error_log_max_rows,
        };
        tokio::spawn(maintenance::purge_old_errors(db.clone(), error_log));
        tokio::spawn(maintenance::sweep_expired_sessions(db.clone()));
        let router = sessions::add_layer(router(state.clone(), &site_files), &config, &db)?
            .layer(axum::middleware::from_fn_with_state(state.sign_in, store_outage::friendly_page));
        let router = guarded(router, &config, headers, FriendlyPage::new(site_files.stylesheet()), metrics);
        Ok(Self {
            listener,
            router,
            header_read_timeout: config.header_read_timeout,
            connection_slots,
            #[cfg(feature = "dev-idp")]
            dev_idp,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    #[cfg(feature = "dev-idp")]
    pub fn dev_idp_issuer(&self) -> Option<&str> {
        self.dev_idp.as_ref().map(|idp| idp.issuer_url())
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "serving");
        #[cfg(feature = "dev-idp")]
        let _dev_idp = self.dev_idp;
        let (timeout, slots) = (self.header_read_timeout, self.connection_slots);
        serve::serve(self.listener, self.router, timeout, slots, shutdown_signal()).await;
        Ok(())
    }
}

fn router(state: AppState, site_files: &SiteFiles) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    // Every page gets the same pieces, "not found" included: its header shows who is visiting.
    let context = move || {
        context_state.provide_pieces();
        security_headers::provide_nonce();
    };
    Router::new()
        .route(paths::HEALTHZ, get(health::healthz))
        .route(paths::READYZ, get(health::readyz).with_state(Readiness::new(state.sign_in.db.clone())))
        .route(paths::AUTH_CALLBACK, get(app::auth::callback::handle))
        .route(
            paths::AUTH_BACKCHANNEL_LOGOUT,
            post(app::auth::back_channel::handle).route_layer(axum::middleware::from_fn_with_state(
                BackChannelLimit::per_minute(LOGOUT_TOKENS_PER_MINUTE),
                backchannel_limit::refuse_over_limit,
            )),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        // Any other path is a static file, or else Leptos' "not found" page.
        .fallback_service(
            site_files.serve(
                leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell)
                    .with_state(state.clone()),
            ),
        )
        .layer(axum::middleware::from_fn(metrics::name_route))
        .with_state(state)
}

/// Pages are gzipped as they are sent, at level 1: for a page of a few kilobytes that costs the
/// server about a fifth less than brotli's quickest (quality 0), for some 500 bytes more, and
/// every browser accepts gzip. A page this small fits in TCP's first window either way, so the
/// bytes brotli saves would save no round trip (BENCHMARKS.md has the figures). Static files
/// are brotli and gzip at the best level, compressed once (`SiteFiles`).
const PAGE_COMPRESSION: CompressionLevel = CompressionLevel::Fastest;

/// What every request passes before the app sees it. Outermost last: it is traced, its
/// answer compressed, answered here if it is a scrape of the metrics, measured, gets its
/// headers and nonce, is timed and size-limited, must send its body in time, is checked for
/// a cross-site origin, refused on `/auth/*` unless it opens a page, counted, and told the
/// address the browser used.
fn guarded(
    app: Router,
    config: &Config,
    headers: SecurityHeaders,
    refusal: FriendlyPage,
    metrics: Arc<Metrics>,
) -> Router {
    let clients = ClientAddress::new(&config.trusted_proxies);
    let browser_address = {
        let clients = clients.clone();
        move |mut request: Request| {
            let address = clients.browser_address(&request);
            request.extensions_mut().insert(address);
            request
        }
    };
    let scrape = Scrape {
        metrics: metrics.clone(),
        access: metrics::Access::new(clients.clone(), config.metrics_token.clone()),
    };
    let body_read = BodyRead { timeout: config.header_read_timeout, max_bytes: MAX_BODY_BYTES };
    let span = move |request: &Request| request_span(&clients, request);
    let same_origin = SameOrigin { site: config.base_url.origin(), refusal: refusal.clone() };
    rate_limit::limit(app.layer(MapRequestLayer::new(browser_address)), config, refusal.clone())
        // Before the rate limit: another site's `<img>` spends nobody's allowance.
        .layer(axum::middleware::from_fn_with_state(refusal, navigation::refuse_embedded))
        .layer(axum::middleware::from_fn_with_state(same_origin, same_origin::refuse_cross_site))
        .layer(axum::middleware::from_fn_with_state(body_read, slow_body::read_in_time))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // 503 rather than 408, which browsers answer by sending the request again.
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.request_timeout))
        .layer(axum::middleware::from_fn_with_state(headers, security_headers::add))
        .layer(axum::middleware::from_fn_with_state(metrics, metrics::time))
        .layer(axum::middleware::from_fn_with_state(scrape, metrics::serve))
        // Pages and server-function answers, gzipped when the browser accepts it (the one
        // encoder built in); static files come precompressed (see `SiteFiles::serve`) and pass
        // through as they are.
        .layer(CompressionLayer::new().quality(PAGE_COMPRESSION))
        .layer(TraceLayer::new_for_http().make_span_with(span))
}

/// One span per request, with the path but never the query (the callback's query holds the
/// authorization code and state), and the client's address for the lines that need it.
fn request_span(clients: &ClientAddress, request: &Request) -> tracing::Span {
    clients.notice_untrusted_forwarding(request);
    let client = clients.of(request).map(tracing::field::display);
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), client)
}

/// Discovers the IdP in the background at start-up, so that the first page's CSP already
/// allows its endpoints. Keeps trying while the IdP is down; sign-ins also retry by themselves.
async fn warm_up_discovery(oidc: Arc<OidcClient>) {
    const RETRY_EVERY: Duration = Duration::from_secs(30);
    // Building an authorization URL discovers the IdP first; the URL itself is thrown away.
    while let Err(failure) = oidc.authorize(AccountChoice::Current, Vec::new(), None).await {
        tracing::warn!(cause = %failure.cause, "could not discover the IdP yet; trying again in 30 s");
        tokio::time::sleep(RETRY_EVERY).await;
    }
}

#[cfg(feature = "dev-idp")]
async fn start_dev_idp(config: &Config, addr: SocketAddr) -> Result<dev_idp::DevIdp, StartupError> {
    let listener = TcpListener::bind(addr).await.map_err(|source| StartupError::Bind { addr, source })?;
    let client = dev_idp::RegisteredClient {
        client_id: config.client_id.as_str().to_owned(),
        client_secret: config.client_secret.secret().to_owned(),
        redirect_uris: vec![config.redirect_url()],
        post_logout_redirect_uris: vec![config.post_logout_redirect_url()],
        backchannel_logout_uri: Some(config.backchannel_logout_url()),
    };
    let idp = dev_idp::DevIdpConfig {
        access_token_lifetime: config.dev_idp_access_token_lifetime,
        ..dev_idp::DevIdpConfig::for_client(client)
    };
    Ok(dev_idp::spawn(listener, idp).await?)
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
