//! The session layer: where sessions are stored and how the cookie is set.

use crate::config::Config;
use app::db::Database;
use tower_sessions::cookie::SameSite;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

/// The session cookie's name: ours alone, never the IdP's. On https it carries the `__Host-`
/// prefix, which browsers accept only with `Secure`, `Path=/` and no `Domain`, so no sibling
/// subdomain can plant or overwrite it.
pub const SESSION_COOKIE: &str = "intastellar_demo_session";
const SECURE_SESSION_COOKIE: &str = "__Host-intastellar_demo_session";
/// How often expired sessions are swept from the database.
const EXPIRED_SESSION_SWEEP: std::time::Duration = std::time::Duration::from_secs(60);

/// Sessions in the app's database, swept of expired ones every minute.
pub async fn layer(config: &Config, db: &Database) -> Result<SessionManagerLayer<SqliteStore>, sqlx::Error> {
    let store = SqliteStore::new(db.pool().clone());
    store.migrate().await?;
    tokio::spawn(store.clone().continuously_delete_expired(EXPIRED_SESSION_SWEEP));
    let idle = time::Duration::try_from(config.session_idle_timeout).unwrap_or(time::Duration::hours(2));
    Ok(SessionManagerLayer::new(store)
        .with_name(if config.secure_cookies() { SECURE_SESSION_COOKIE } else { SESSION_COOKIE })
        .with_path("/")
        .with_http_only(true)
        // Lax, so the cookie comes along on the IdP's top-level redirect back to us.
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(idle)))
}
