//! Pending sign-ins, kept by the browser rather than the database: one encrypted cookie per
//! sign-in, named after its `state`. A sign-in that never comes back stores nothing on the
//! server, and sign-ins started at once in several tabs never overwrite each other, because
//! no two of them share a record. docs/security.md weighs this against a short-lived row.

use super::PendingLogin;
use hkdf::Hkdf;
use openidconnect::CsrfToken;
use sha2::Sha256;
use std::time::Duration;
use tower_cookies::cookie::{time, Cookie, SameSite};
use tower_cookies::{Cookies, Key};

/// Sign-ins started in other tabs stay valid; past this many, the oldest is dropped.
pub const MAX_PENDING_LOGINS: usize = 4;

const NAME: &str = "intastellar_demo_sign_in.";
/// On https, the same `__Host-` prefix as the session cookie: no sibling subdomain can plant one.
const SECURE_NAME: &str = "__Host-intastellar_demo_sign_in.";

/// Labels the key derived for these cookies, so it is no other key derived from the same secret.
const KEY_PURPOSE: &[u8] = b"intastellar-leptos: pending sign-in cookies, v1";

/// A `state` longer than ours is nobody's: it is not looked up.
const MAX_STATE_CHARS: usize = 128;

/// How pending sign-in cookies are sealed and set: AES-256-GCM under a key every instance
/// derives alike, so a sign-in may start on one instance and finish on another.
#[derive(Clone)]
pub struct PendingCookies {
    key: Key,
    secure: bool,
    /// The cookie outlives the sign-in's own limit, so a late return is told "took too long"
    /// rather than "we couldn't match this sign-in".
    max_age: Duration,
}

// Hand-written: the key never reaches a log line.
impl std::fmt::Debug for PendingCookies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingCookies").field("secure", &self.secure).finish_non_exhaustive()
    }
}

impl PendingCookies {
    /// Cookies sealed with a key derived (HKDF-SHA256) from `secret`, a secret every instance
    /// of the site shares; `secure` on https; kept by the browser twice `login_max_age`.
    pub fn new(secret: &[u8], secure: bool, login_max_age: Duration) -> Self {
        let mut key = [0u8; 64];
        Hkdf::<Sha256>::new(None, secret)
            .expand(KEY_PURPOSE, &mut key)
            .expect("64 bytes is well within what HKDF-SHA256 can expand");
        Self { key: Key::from(&key), secure, max_age: login_max_age.saturating_mul(2) }
    }

    /// The request's own pending sign-ins.
    pub fn jar(&self, cookies: Cookies) -> PendingJar {
        PendingJar { cookies, settings: self.clone() }
    }

    fn prefix(&self) -> &'static str {
        if self.secure {
            SECURE_NAME
        } else {
            NAME
        }
    }
}

/// The pending sign-ins one request carries, and the cookies its response will set.
#[derive(Clone)]
pub struct PendingJar {
    cookies: Cookies,
    settings: PendingCookies,
}

impl PendingJar {
    /// Keeps `login` in a cookie of its own. Expired and unreadable ones go, and the oldest
    /// beyond [`MAX_PENDING_LOGINS`].
    pub fn add(&self, login: &PendingLogin, login_max_age: Duration, now: i64) {
        let mut kept: Vec<(String, i64)> = Vec::new();
        for name in self.names() {
            match self.read(&name) {
                Some(other) if !other.is_older_than(login_max_age, now) => {
                    kept.push((name, other.started_at))
                }
                _ => self.remove(name),
            }
        }
        kept.sort_by_key(|(_, started_at)| *started_at);
        let excess = (kept.len() + 1).saturating_sub(MAX_PENDING_LOGINS);
        for (name, _) in kept.into_iter().take(excess) {
            self.remove(name);
        }
        let Ok(value) = serde_json::to_string(login) else {
            // Plain strings and numbers always serialize; the sign-in would then fail as unmatched.
            tracing::error!("could not serialize a pending sign-in");
            return;
        };
        let cookie = self.cookie(self.name_for(&login.state), value);
        self.cookies.private(&self.settings.key).add(cookie);
    }

    /// Removes and returns the pending sign-in `state` belongs to. The browser is told to
    /// forget it; the IdP's single-use code keeps a replayed copy from signing in twice.
    pub fn take(&self, state: &CsrfToken) -> Option<PendingLogin> {
        if state.secret().len() > MAX_STATE_CHARS {
            return None;
        }
        let name = self.name_for(state);
        let login = self.read(&name)?;
        self.remove(name);
        // The name binds the cookie to its state already (it is the cipher's associated data);
        // checking the sealed copy too costs nothing.
        (login.state == *state).then_some(login)
    }

    fn read(&self, name: &str) -> Option<PendingLogin> {
        let cookie = self.cookies.private(&self.settings.key).get(name)?;
        serde_json::from_str(cookie.value()).ok()
    }

    fn names(&self) -> Vec<String> {
        let prefix = self.settings.prefix();
        let cookies = self.cookies.list();
        cookies.iter().map(Cookie::name).filter(|name| name.starts_with(prefix)).map(str::to_owned).collect()
    }

    fn name_for(&self, state: &CsrfToken) -> String {
        format!("{}{}", self.settings.prefix(), state.secret())
    }

    fn remove(&self, name: String) {
        self.cookies.remove(self.cookie(name, String::new()));
    }

    fn cookie(&self, name: String, value: String) -> Cookie<'static> {
        let max_age = time::Duration::try_from(self.settings.max_age).unwrap_or(time::Duration::hours(1));
        Cookie::build((name, value))
            .path("/")
            .http_only(true)
            // Lax, so the cookie comes along on the IdP's top-level redirect back to us.
            .same_site(SameSite::Lax)
            .secure(self.settings.secure)
            .max_age(max_age)
            .build()
    }
}
