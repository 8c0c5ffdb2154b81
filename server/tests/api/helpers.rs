use leptos::config::LeptosOptions;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{ACCEPT, LOCATION, ORIGIN};
use reqwest::{Response, StatusCode};
use server::config::Config;
use server::sessions::SESSION_COOKIE;
use server::startup::Application;
use sign_in::clock::{unix_now, Clock};
use sign_in::db::{Database, DatabaseSettings};
use sign_in::errors::{ErrorCode, Stage};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
pub use test_db::{Backend, TestDatabase};
use tokio::net::TcpListener;

pub struct TestApp {
    /// Where the test sends its requests: this instance.
    pub address: String,
    /// `APP_BASE_URL`'s origin, which the client sends as `Origin` like a browser would.
    pub origin: String,
    pub idp: String,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    /// The app's database, straight (never through a test's proxy), for checks.
    pub db: Database,
    /// Dropped (the database with it) once every app on it is gone.
    pub database: Arc<TestDatabase>,
    /// Seconds the app's clock runs ahead of the system's: see [`TestApp::advance_clock`].
    clock_offset: Arc<AtomicI64>,
    /// A development IdP the test started itself, kept running with the app.
    _own_idp: Option<Arc<dev_idp::DevIdp>>,
}

/// Options a test may change before the app starts.
pub type Tweak = Box<dyn FnOnce(&mut Config)>;

fn no_tweak() -> Tweak {
    Box::new(|_| {})
}

/// Leptos options a test may change: where the site's files are, whether they are hashed.
pub type SiteTweak = Box<dyn FnOnce(&mut LeptosOptions)>;

fn default_site() -> SiteTweak {
    Box::new(|_| {})
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Vec::new(), no_tweak()).await
}

/// Starts the app on a random port with a fresh database. `vars` add environment settings;
/// without `OIDC_ISSUER_URL` the development IdP starts on its own random port.
pub async fn spawn_app_with(backend: Backend, vars: Vec<(&'static str, String)>, tweak: Tweak) -> TestApp {
    let database = Arc::new(TestDatabase::create(backend).await);
    spawn_app_on(database, vars, tweak).await
}

/// Starts the app against `issuer` (an IdP the test runs, or none at all) as the development
/// client, with more settings in `vars`.
pub async fn spawn_app_for_issuer(
    backend: Backend,
    issuer: &str,
    vars: Vec<(&'static str, String)>,
) -> TestApp {
    let mut all = vec![
        ("OIDC_ISSUER_URL", issuer.to_owned()),
        ("OIDC_CLIENT_ID", "dev-client".to_owned()),
        ("OIDC_CLIENT_SECRET", "dev-secret".to_owned()),
    ];
    all.extend(vars);
    spawn_app_with(backend, all, no_tweak()).await
}

/// Starts the app on an existing test database: the same site restarted, or reconfigured.
pub async fn spawn_app_on(
    database: Arc<TestDatabase>,
    vars: Vec<(&'static str, String)>,
    tweak: Tweak,
) -> TestApp {
    start(bind().await, database, vars, tweak, None, default_site()).await
}

/// Starts the app serving the site files `site` describes.
pub async fn spawn_app_serving(backend: Backend, site: SiteTweak) -> TestApp {
    let database = Arc::new(TestDatabase::create(backend).await);
    start(bind().await, database, Vec::new(), no_tweak(), None, site).await
}

async fn bind() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").await.expect("bind app")
}

async fn start(
    listener: TcpListener,
    database: Arc<TestDatabase>,
    vars: Vec<(&'static str, String)>,
    tweak: Tweak,
    own_idp: Option<Arc<dev_idp::DevIdp>>,
    site: SiteTweak,
) -> TestApp {
    let addr = listener.local_addr().expect("app address");
    let address = format!("http://{addr}");
    let mut all = vec![
        ("APP_BASE_URL", address.clone()),
        ("DEV_IDP_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", database.url().to_owned()),
        ("OIDC_HTTP_TIMEOUT_SECONDS", "2".to_owned()),
        // Tests sign in many times a minute; the rate-limit tests turn it back on.
        ("RATE_LIMIT_PER_MINUTE", "0".to_owned()),
    ];
    all.extend(vars);
    // Later entries win, so a test can override the defaults above.
    let mut config =
        Config::from_lookup(addr, |name| all.iter().rfind(|(k, _)| *k == name).map(|(_, v)| v.clone()))
            .expect("test configuration");
    let clock_offset = Arc::new(AtomicI64::new(0));
    let offset = clock_offset.clone();
    config.clock = Clock::from_fn(move || unix_now() + offset.load(Ordering::SeqCst));
    tweak(&mut config);
    let origin = config.base_url.origin().ascii_serialization();
    let mut options = LeptosOptions::builder().output_name("intastellar-leptos").site_addr(addr).build();
    site(&mut options);
    let app = Application::build_on(listener, config, options).await.expect("app starts");
    let idp = match &own_idp {
        Some(idp) => idp.issuer_url().to_owned(),
        None => app.dev_idp_issuer().unwrap_or_default().to_owned(),
    };
    tokio::spawn(app.run_until_stopped());

    let db = Database::connect(&DatabaseSettings::new(database.url())).await.expect("test database");
    let (client, jar) = browser(&origin);
    TestApp { address, origin, idp, client, jar, db, database, clock_offset, _own_idp: own_idp }
}

/// A development IdP on this machine, registered for `base_url` as a real IdP would be, and
/// the settings that point the app at it.
async fn own_idp(base_url: &str) -> (Arc<dev_idp::DevIdp>, Vec<(&'static str, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind IdP");
    let client = dev_idp::RegisteredClient {
        client_id: "dev-client".into(),
        client_secret: "dev-secret".into(),
        redirect_uris: vec![format!("{base_url}/auth/callback")],
        post_logout_redirect_uris: vec![format!("{base_url}/signed-out")],
        backchannel_logout_uri: Some(format!("{base_url}{}", sign_in::paths::AUTH_BACKCHANNEL_LOGOUT)),
    };
    let idp = dev_idp::spawn(listener, dev_idp::DevIdpConfig::for_client(client)).await.expect("IdP starts");
    let vars = vec![
        ("APP_BASE_URL", base_url.to_owned()),
        ("OIDC_ISSUER_URL", idp.issuer_url().to_owned()),
        ("OIDC_CLIENT_ID", "dev-client".to_owned()),
        ("OIDC_CLIENT_SECRET", "dev-secret".to_owned()),
    ];
    (Arc::new(idp), vars)
}

/// An app whose public origin is `base_url` (https, as behind a TLS proxy), signing in with a
/// development IdP on this machine registered for that origin.
pub async fn spawn_app_at(backend: Backend, base_url: &str) -> TestApp {
    spawn_app_at_with(backend, base_url, vec![]).await
}

/// The same, with more settings in `vars`.
pub async fn spawn_app_at_with(
    backend: Backend,
    base_url: &str,
    vars: Vec<(&'static str, String)>,
) -> TestApp {
    let (idp, mut settings) = own_idp(base_url).await;
    // The test talks to the site directly, as through a TLS proxy that forwards no addresses.
    settings.push(("TRUSTED_PROXIES", "none".to_owned()));
    settings.extend(vars);
    let database = Arc::new(TestDatabase::create(backend).await);
    start(bind().await, database, settings, no_tweak(), Some(idp), default_site()).await
}

/// Two instances of the site on one database, as behind a load balancer: both serve the
/// first one's origin (so both build the same redirect URI) and sign in with one IdP, and
/// one browser talks to both. The test chooses which instance answers each request.
pub async fn spawn_two_instances(
    database: TestDatabase,
    vars: Vec<(&'static str, String)>,
) -> (TestApp, TestApp) {
    let (first, second) = (bind().await, bind().await);
    let base_url = format!("http://{}", first.local_addr().expect("address"));
    let (idp, mut all) = own_idp(&base_url).await;
    all.extend(vars);
    let database = Arc::new(database);
    let one =
        start(first, database.clone(), all.clone(), no_tweak(), Some(idp.clone()), default_site()).await;
    let mut two = start(second, database, all, no_tweak(), Some(idp), default_site()).await;
    (two.client, two.jar) = (one.client.clone(), one.jar.clone());
    (one, two)
}

/// A client that behaves like a browser on `origin`'s pages: it keeps cookies, sends
/// `Accept: text/html` and `Origin`, and does not follow redirects, so each hop can be checked.
pub fn browser(origin: &str) -> (reqwest::Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = browser_builder(origin, jar.clone()).build().expect("client");
    (client, jar)
}

/// The same browser, connecting from `local_address` (on Linux, any of 127.0.0.0/8 reaches
/// the app), so that the site, or a proxy in front of it, sees another client.
pub fn browser_at(origin: &str, local_address: std::net::IpAddr) -> (reqwest::Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = browser_builder(origin, jar.clone()).local_address(local_address).build().expect("client");
    (client, jar)
}

fn browser_builder(origin: &str, jar: Arc<Jar>) -> reqwest::ClientBuilder {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(ACCEPT, "text/html".parse().expect("header"));
    headers.insert(ORIGIN, origin.parse().expect("origin header"));
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
}

pub fn location(response: &Response) -> String {
    assert!(response.status().is_redirection(), "expected a redirect, got {}", response.status());
    response.headers()[LOCATION].to_str().expect("location").to_owned()
}

/// The value of `<input name=... value=...>` in one of the IdP's pages.
pub fn form_value(html: &str, name: &str) -> String {
    let value = dev_idp_driver::hidden_field(html, name).unwrap_or_else(|error| panic!("{error} in {html}"));
    value.to_owned()
}

/// The query parameter `name` of a URL.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let url = reqwest::Url::parse(url).or_else(|_| reqwest::Url::parse(&format!("http://x{url}"))).ok()?;
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Forgets every cookie, ours and the IdP's, like a new private window.
    pub fn fresh_browser(&mut self) {
        (self.client, self.jar) = browser(&self.origin);
    }

    /// A new browser, on another machine: it connects from the local address `from`.
    pub fn fresh_browser_at(&mut self, from: std::net::IpAddr) {
        (self.client, self.jar) = browser_at(&self.origin, from);
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client.post(self.url(path)).form(form).send().await.expect("POST")
    }

    /// `POST /auth/login`; returns the IdP authorization URL it redirects to.
    pub async fn start_login(&self, return_to: &str) -> String {
        let response = self.post_form("/auth/login", &[("return_to", return_to)]).await;
        location(&response)
    }

    /// Follows the authorization URL through the IdP's pages as `user`, with an optional
    /// simulated failure, and returns where the IdP sends the browser back to.
    pub async fn authorize_at_idp(&self, authorize_url: &str, user: &str, simulate: &str) -> String {
        let response = self.client.get(authorize_url).send().await.expect("authorize");
        if response.status().is_redirection() {
            return location(&response); // Single sign-on: no questions asked.
        }
        let page = response.text().await.expect("sign-in page");
        let response = self.at_idp().submit_sign_in(&page, user, simulate).await.expect("sign in at the IdP");
        if response.status().is_redirection() {
            return location(&response); // A simulated authorize error.
        }
        let consent = response.text().await.expect("consent page");
        self.consent(&consent, "allow").await
    }

    pub async fn consent(&self, consent_page: &str, decision: &str) -> String {
        let decision = decision.parse().expect("allow or deny");
        let response = self.at_idp().submit_consent(consent_page, decision).await.expect("consent");
        location(&response)
    }

    /// The IdP's pages, as this browser sees them.
    fn at_idp(&self) -> dev_idp_driver::Driver<'_, reqwest::Client> {
        dev_idp_driver::Driver::new(&self.client, &self.idp).expect("the IdP's issuer URL")
    }

    /// The whole sign-in as `user`; returns where the callback sent the browser.
    pub async fn sign_in(&self, user: &str) -> String {
        self.sign_in_simulating(user, "").await
    }

    pub async fn sign_in_simulating(&self, user: &str, simulate: &str) -> String {
        let authorize_url = self.start_login("/profile").await;
        let callback = self.authorize_at_idp(&authorize_url, user, simulate).await;
        location(&self.client.get(callback).send().await.expect("callback"))
    }

    pub fn session_cookie(&self) -> Option<String> {
        let url = self.address.parse().expect("url");
        let cookies = self.jar.cookies(&url)?;
        cookies
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|c| c.strip_prefix(&format!("{SESSION_COOKIE}=")).map(str::to_owned))
    }

    pub async fn body(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        (response.status(), response.text().await.expect("body"))
    }

    /// Starts a development IdP at `addr`, the issuer the app was pointed at, registered for this
    /// app as a real IdP would be; the test keeps it running.
    pub async fn start_idp_at(&mut self, addr: std::net::SocketAddr) -> dev_idp::DevIdp {
        let client = dev_idp::RegisteredClient {
            client_id: "dev-client".into(),
            client_secret: "dev-secret".into(),
            redirect_uris: vec![self.url("/auth/callback")],
            post_logout_redirect_uris: vec![self.url("/signed-out")],
            backchannel_logout_uri: Some(self.url(sign_in::paths::AUTH_BACKCHANNEL_LOGOUT)),
        };
        let listener = TcpListener::bind(addr).await.expect("bind IdP");
        let idp =
            dev_idp::spawn(listener, dev_idp::DevIdpConfig::for_client(client)).await.expect("IdP starts");
        self.idp = idp.issuer_url().to_owned();
        idp
    }

    /// Moves the app's clock forward, instead of waiting on the wall clock.
    pub fn advance_clock(&self, seconds: i64) {
        self.clock_offset.fetch_add(seconds, Ordering::SeqCst);
    }

    /// The error log's row for `reference`, read straight from the database.
    pub async fn logged_error(&self, reference: &str) -> Option<LoggedRow> {
        let query = "SELECT stage, code, error_description, request_path, had_session
                     FROM auth_errors WHERE reference = $1";
        sign_in::on_pool!(self.db, |pool| sqlx::query_as(query).bind(reference).fetch_optional(pool).await)
            .expect("query the error log")
    }

    /// How many failures with `code` the error log holds.
    pub async fn count_logged(&self, code: &str) -> i64 {
        let query = "SELECT COUNT(*) FROM auth_errors WHERE code = $1";
        let (count,): (i64,) =
            sign_in::on_pool!(self.db, |pool| sqlx::query_as(query).bind(code).fetch_one(pool).await)
                .expect("count the error log");
        count
    }

    /// How many sessions the database holds, signed in or not.
    pub async fn session_rows(&self) -> i64 {
        let query = format!("SELECT COUNT(*) FROM {}", self.session_table());
        let (count,): (i64,) =
            sign_in::on_pool!(self.db, |pool| sqlx::query_as(&query).fetch_one(pool).await)
                .expect("count sessions");
        count
    }

    /// `users`' row for `subject` at the development IdP: (email, first and last sign-in).
    pub async fn user_row(&self, subject: &str) -> Option<(Option<String>, i64, i64)> {
        let query = "SELECT email, first_sign_in_at, last_sign_in_at FROM users
                     WHERE issuer = $1 AND subject = $2";
        sign_in::on_pool!(self.db, |pool| sqlx::query_as(query)
            .bind(&self.idp)
            .bind(subject)
            .fetch_optional(pool)
            .await)
        .expect("query users")
    }

    /// The session table as the backend's store names it.
    pub fn session_table(&self) -> &'static str {
        match self.database.backend() {
            Backend::Sqlite => "tower_sessions",
            Backend::Postgres => "tower_sessions.session",
        }
    }

    /// Every stored session record, as text (MessagePack keeps keys and strings readable).
    pub async fn session_records(&self) -> Vec<String> {
        let query = format!("SELECT data FROM {}", self.session_table());
        let records: Vec<(Vec<u8>,)> =
            sign_in::on_pool!(self.db, |pool| sqlx::query_as(&query).fetch_all(pool).await)
                .expect("read the sessions");
        records.iter().map(|(data,)| String::from_utf8_lossy(data).into_owned()).collect()
    }
}

/// One row of the error log, as the tests read it.
#[derive(Debug, sqlx::FromRow)]
pub struct LoggedRow {
    pub stage: Stage,
    pub code: ErrorCode,
    pub error_description: Option<String>,
    pub request_path: String,
    pub had_session: bool,
}

/// Asserts that `target` is the error page for `code` and that its reference is logged.
pub async fn assert_error_page(app: &TestApp, target: &str, code: &str) -> String {
    assert!(target.starts_with("/auth/error?"), "expected the error page, got {target}");
    assert_eq!(query_param(target, "code").as_deref(), Some(code), "{target}");
    let reference = query_param(target, "ref").expect("a reference");
    let row = app.logged_error(&reference).await.expect("the failure is logged");
    assert_eq!(row.code.as_str(), code);
    reference
}

/// Asserts that `target` is the error page for `code`, with a reference under which nothing
/// was written: a callback that matched no sign-in of its browser is only counted.
pub async fn assert_anonymous_page(app: &TestApp, target: &str, code: &str) {
    assert!(target.starts_with("/auth/error?"), "expected the error page, got {target}");
    assert_eq!(query_param(target, "code").as_deref(), Some(code), "{target}");
    let reference = query_param(target, "ref").expect("a reference");
    assert!(sign_in::errors::is_reference(&reference), "{reference}");
    assert!(app.logged_error(&reference).await.is_none(), "an anonymous callback wrote a row");
}

/// The rows of every table in the app's database, together.
pub async fn rows_in_every_table(app: &TestApp) -> i64 {
    let tables = match app.database.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
        Backend::Postgres => {
            "SELECT table_schema || '.' || table_name FROM information_schema.tables
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'"
        }
    };
    let names: Vec<(String,)> =
        sign_in::on_pool!(app.db, |pool| sqlx::query_as(tables).fetch_all(pool).await).expect("list tables");
    let mut total = 0;
    for (name,) in names {
        let query = format!("SELECT COUNT(*) FROM {name}");
        let (count,): (i64,) = sign_in::on_pool!(app.db, |pool| sqlx::query_as(&query).fetch_one(pool).await)
            .expect("count rows");
        total += count;
    }
    total
}

/// The threads that panicked. A test's server runs on the test's own thread (tokio's
/// current-thread runtime), so a panic in any of its tasks, even one nobody awaits, lands here.
static PANICKED_THREADS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Starts recording panics (once per test binary); the usual report still prints.
pub fn watch_for_panics() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current().name().unwrap_or_default().to_owned();
            PANICKED_THREADS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(thread);
            report(info);
        }));
    });
}

/// Asserts that nothing panicked on this test's thread since [`watch_for_panics`].
pub fn assert_nothing_panicked() {
    let this = std::thread::current().name().unwrap_or_default().to_owned();
    // Read, then let go of the lock: the assertion's own panic goes through the hook.
    let panicked = PANICKED_THREADS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).contains(&this);
    assert!(!panicked, "something panicked while the test ran");
}
