//! The session layer: where sessions are stored and how the cookie is set.

mod postgres_reads;
mod sqlite_reads;
mod update_only;

use crate::config::Config;
use axum::Router;
use sign_in::db::{Database, Pool};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use postgres_reads::PostgresSessionStore;
use sqlite_reads::SqliteSessionStore;
use update_only::UpdateOnly;

/// The session cookie's name: ours alone, never the IdP's. On https it carries the `__Host-`
/// prefix, which browsers accept only with `Secure`, `Path=/` and no `Domain`, so no sibling
/// subdomain can plant or overwrite it.
pub const SESSION_COOKIE: &str = "intastellar_demo_session";
const SECURE_SESSION_COOKIE: &str = "__Host-intastellar_demo_session";

/// The most connections that read sessions (see [`SqliteSessionStore`] and
/// [`PostgresSessionStore`]), besides the pool's.
const MAX_SESSION_READERS: usize = 8;
/// On PostgreSQL each one is a server process that every instance of the site adds: fewer.
const MAX_POSTGRES_SESSION_READERS: usize = 4;

/// Adds sessions to `router`, stored in the app's database with the store made for its
/// backend. The tables come from our migrations (`migrations/*/…_sessions.sql`), so the
/// stores' own `migrate()` is never called. Every instance on one database shares them: a
/// sign-in on one is a sign-in on all.
///
/// Reads skip sqlx's pool: on SQLite its background threads ([`SqliteSessionStore`]), on
/// PostgreSQL its pings around each query ([`PostgresSessionStore`]). A SQLite database
/// without a file (`sqlite::memory:`) has nothing a second connection could read, and keeps
/// the plain sqlx store. On every backend a save only updates a session that still exists
/// ([`UpdateOnly`]), so a sign-out wins over the requests in flight. Expired sessions are
/// deleted by `maintenance`.
pub fn add_layer(router: Router, config: &Config, db: &Database) -> Result<Router, rusqlite::Error> {
    Ok(match db.pool() {
        Pool::Sqlite(pool) => {
            let writes = SqliteStore::new(pool.clone());
            let options = pool.connect_options();
            let url = &config.database.url;
            if url.contains(":memory:") || url.contains("mode=memory") {
                with_store(router, config, db, writes)
            } else {
                let readers = readers().min(MAX_SESSION_READERS);
                let timeout = config.database.statement_timeout;
                let store = SqliteSessionStore::new(writes, options.get_filename(), readers, timeout)?;
                with_store(router, config, db, store)
            }
        }
        Pool::Postgres(pool) => {
            let store = PostgresSessionStore::new(
                PostgresStore::new(pool.clone()),
                (*pool.connect_options()).clone(),
                readers().min(MAX_POSTGRES_SESSION_READERS),
                config.database.acquire_timeout,
                config.database.statement_timeout,
            );
            with_store(router, config, db, store)
        }
    })
}

/// One reader per worker thread, as many as there are CPUs: each read holds its connection
/// for one query, and each connection keeps a cache (SQLite's pages, PostgreSQL's backend).
fn readers() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

fn with_store<S>(router: Router, config: &Config, db: &Database, store: S) -> Router
where
    S: SessionStore + Clone,
{
    let store = UpdateOnly::new(store, db.clone());
    let idle = time::Duration::try_from(config.session_idle_timeout).unwrap_or(time::Duration::hours(2));
    router.layer(
        SessionManagerLayer::new(store)
            .with_name(if config.secure_cookies() { SECURE_SESSION_COOKIE } else { SESSION_COOKIE })
            .with_path("/")
            .with_http_only(true)
            // Lax, so the cookie comes along on the IdP's top-level redirect back to us.
            .with_same_site(SameSite::Lax)
            .with_secure(config.secure_cookies())
            .with_expiry(Expiry::OnInactivity(idle)),
    )
}
