//! A typed view of the tower-sessions session: named keys, typed values, and the rules for
//! pending logins. Tokens live here, server side; the browser holds the session id, and the
//! sign-ins it has started, sealed ([`pending`]).

mod pending;

pub use pending::{PendingCookies, PendingJar, MAX_PENDING_LOGINS};

use crate::clock::Clock;
use crate::{Landing, SessionView, User, Visitor};
use openidconnect::{CsrfToken, Nonce, PkceCodeVerifier};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tower_sessions::{Expiry, Session};

const SIGNED_IN: &str = "auth.signed_in";
const LOGOUT_STATE: &str = "auth.logout_state";
const LAST_SEEN: &str = "auth.last_seen";
const COMPLETED_LOGIN: &str = "auth.completed_login";
const RETRY_RETURN_TO: &str = "auth.retry_return_to";

/// A sign-in that left for the IdP and has not come back yet. Its secrets are openidconnect's
/// types, whose `Debug` prints nothing of them.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: CsrfToken,
    pub nonce: Nonce,
    pub pkce_verifier: PkceCodeVerifier,
    pub return_to: String,
    /// Unix seconds.
    pub started_at: i64,
    /// Where the sign-in ends, as the app chose; the core only hands it back.
    #[serde(default)]
    pub landing: Landing,
    /// The `max_age` sent (seconds), when the sign-in must be fresh.
    #[serde(default)]
    pub max_age: Option<u64>,
}

impl PendingLogin {
    pub fn is_older_than(&self, max_age: Duration, now: i64) -> bool {
        now.saturating_sub(self.started_at) > seconds(max_age)
    }
}

/// The signed-in user, and the one token a feature needs: the ID token, as `id_token_hint`
/// for signing out at the IdP. The access token is not kept until a feature needs it.
#[derive(Clone, Serialize, Deserialize)]
pub struct SignedIn {
    pub user: User,
    pub id_token: String,
}

/// The sign-in a signed-in session completed, so that the same callback seen again (back
/// button, reload) is recognised rather than failed.
#[derive(Debug, Serialize, Deserialize)]
pub struct CompletedLogin {
    pub state: CsrfToken,
    pub return_to: String,
}

// Hand-written so that the ID token never reaches a log line.
impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn").field("user", &self.user).finish_non_exhaustive()
    }
}

/// A signed-in session as read now: the stored sign-in and when it ends.
#[derive(Debug)]
pub struct Current {
    pub signed_in: SignedIn,
    /// Unix seconds: the idle expiry, or the absolute limit if that comes first.
    pub expires_at: i64,
}

/// What a request finds in its session.
#[derive(Debug)]
pub enum SessionState {
    SignedIn(Current),
    SignedOut,
    /// The session reached its absolute lifetime just now and was ended.
    LifetimeOver,
}

impl SessionState {
    pub fn signed_in(self) -> Option<Current> {
        match self {
            Self::SignedIn(current) => Some(current),
            Self::SignedOut | Self::LifetimeOver => None,
        }
    }

    /// What pages may know of it.
    pub fn visitor(self) -> Visitor {
        match self {
            Self::SignedIn(Current { signed_in, expires_at }) => {
                Visitor::SignedIn(SessionView { user: signed_in.user, expires_at })
            }
            Self::SignedOut => Visitor::SignedOut,
            Self::LifetimeOver => Visitor::SessionEnded,
        }
    }
}

/// The rules a signed-in session must keep to stay signed in.
#[derive(Clone, Debug)]
pub struct SessionRules {
    pub clock: Clock,
    /// A sign-in must come back from the IdP within this time.
    pub login_max_age: Duration,
    /// However active the user, the session ends this long after sign-in.
    pub max_lifetime: Duration,
    /// Only sessions this issuer signed in count: after `OIDC_ISSUER_URL` changes, older
    /// sessions are signed out rather than trusted.
    pub issuer: String,
}

fn seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

pub type SessionResult<T> = Result<T, tower_sessions::session::Error>;

#[derive(Clone)]
pub struct AuthSession {
    session: Session,
    /// The sign-ins this browser has started: in cookies, not in the session's record.
    pending: PendingJar,
    rules: SessionRules,
}

// Hand-written: the session's record holds the ID token and the pending sign-ins' secrets.
impl std::fmt::Debug for AuthSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSession").field("exists", &self.exists()).finish_non_exhaustive()
    }
}

impl AuthSession {
    pub fn new(session: Session, pending: PendingJar, rules: SessionRules) -> Self {
        Self { session, pending, rules }
    }

    pub fn rules(&self) -> &SessionRules {
        &self.rules
    }

    /// The time by the clock the session rules use (Unix seconds).
    pub fn now(&self) -> i64 {
        self.rules.clock.now()
    }

    /// The session store's id of this session, once it has one: what its kept tokens and its
    /// row among the signed-in sessions are filed under. A credential: for the database's
    /// rows, never for a page.
    pub fn id(&self) -> Option<String> {
        self.session.id().map(|id| id.to_string())
    }

    /// True when the browser presented a session cookie that matched a stored session.
    pub fn exists(&self) -> bool {
        self.session.id().is_some()
    }

    /// Remembers a sign-in that leaves for the IdP, in a cookie of its own: nothing is
    /// stored on the server until it comes back.
    pub fn add_pending_login(&self, login: &PendingLogin) {
        self.pending.add(login, self.rules.login_max_age, self.now());
    }

    /// Removes and returns the pending login that `state` belongs to, if this browser
    /// started it.
    pub fn take_pending_login(&self, state: &CsrfToken) -> Option<PendingLogin> {
        self.pending.take(state)
    }

    /// Starts the signed-in session under a new id, so an id planted before sign-in is useless.
    /// Remembers which sign-in it completed, so a replay of the same callback is recognised.
    /// Sign-ins pending in other tabs stay valid: each signs in in turn when it comes back.
    pub async fn sign_in(&self, signed_in: SignedIn, completed: CompletedLogin) -> SessionResult<()> {
        self.session.cycle_id().await?;
        self.session.remove::<String>(RETRY_RETURN_TO).await?;
        self.session.insert(SIGNED_IN, signed_in).await?;
        self.session.insert(LAST_SEEN, self.now()).await?;
        self.session.insert(COMPLETED_LOGIN, completed).await?;
        self.session.save().await
    }

    /// Where the sign-in that used `state` went, if this signed-in session completed it.
    pub async fn completed_login(&self, state: &CsrfToken) -> SessionResult<Option<String>> {
        if self.session.get::<SignedIn>(SIGNED_IN).await?.is_none() {
            return Ok(None);
        }
        let completed: Option<CompletedLogin> = self.session.get(COMPLETED_LOGIN).await?;
        Ok(completed.filter(|done| done.state == *state).map(|done| done.return_to))
    }

    /// Remembers where a failed sign-in was going, for the error page's "Try again".
    pub async fn remember_retry(&self, return_to: &str) -> SessionResult<()> {
        self.session.insert(RETRY_RETURN_TO, return_to).await
    }

    pub async fn retry_return_to(&self) -> SessionResult<Option<String>> {
        self.session.get(RETRY_RETURN_TO).await
    }

    /// The signed-in session, if it keeps the rules. Activity keeps an idle session alive:
    /// once half the idle time has passed since the last write, reading it marks it as seen,
    /// which saves it with a fresh expiry. Quieter than a write per page, and an active user
    /// is never signed out before the absolute lifetime. The store deletes idle sessions too;
    /// checking here as well keeps every rule on one clock.
    pub async fn state(&self) -> SessionResult<SessionState> {
        let Some(signed_in) = self.session.get::<SignedIn>(SIGNED_IN).await? else {
            return Ok(SessionState::SignedOut);
        };
        let idle = self.idle_seconds();
        let now = self.now();
        let ends_at = signed_in.user.signed_in_at.saturating_add(seconds(self.rules.max_lifetime));
        let mut last_seen: i64 = self.session.get(LAST_SEEN).await?.unwrap_or(0);
        if signed_in.user.issuer != self.rules.issuer || now - last_seen > idle {
            self.end().await?;
            return Ok(SessionState::SignedOut);
        }
        if now >= ends_at {
            self.end().await?;
            return Ok(SessionState::LifetimeOver);
        }
        if now - last_seen >= idle / 2 {
            self.session.insert(LAST_SEEN, now).await?;
            last_seen = now;
        }
        Ok(SessionState::SignedIn(Current { signed_in, expires_at: (last_seen + idle).min(ends_at) }))
    }

    /// The signed-in session, if any: [`Self::state`] for callers that need no reason.
    pub async fn signed_in(&self) -> SessionResult<Option<Current>> {
        Ok(self.state().await?.signed_in())
    }

    /// The idle timeout the session layer was configured with.
    fn idle_seconds(&self) -> i64 {
        match self.session.expiry() {
            Some(Expiry::OnInactivity(idle)) => idle.whole_seconds(),
            // Other expiry modes are not idle-based: the stored expiry is fixed.
            _ => self.session.expiry_age().whole_seconds(),
        }
    }

    /// Deletes the session everywhere: the stored record and, through the layer, the cookie.
    pub async fn end(&self) -> SessionResult<()> {
        self.session.flush().await
    }

    /// Remembers the `state` sent to the IdP's end-session endpoint, in a fresh session
    /// under a new id (an ended session's id is never reused).
    pub async fn remember_logout_state(&self, state: &CsrfToken) -> SessionResult<()> {
        self.session.insert(LOGOUT_STATE, state).await?;
        self.session.cycle_id().await
    }

    /// True when `state` is the one we sent; consumes it.
    pub async fn confirm_logout_state(&self, state: &CsrfToken) -> SessionResult<bool> {
        let expected: Option<CsrfToken> = self.session.remove(LOGOUT_STATE).await?;
        Ok(expected.is_some_and(|expected| expected == *state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tower_sessions::MemoryStore;

    const LOGIN_MAX_AGE: Duration = Duration::from_secs(600);

    fn session() -> AuthSession {
        session_with(tower_cookies::Cookies::default())
    }

    fn session_with(cookies: tower_cookies::Cookies) -> AuthSession {
        let rules = SessionRules {
            clock: Clock::system(),
            login_max_age: LOGIN_MAX_AGE,
            max_lifetime: Duration::from_secs(3600),
            issuer: "https://idp.example".into(),
        };
        let pending = PendingCookies::new(b"the-client-secret", true, LOGIN_MAX_AGE).jar(cookies);
        AuthSession::new(Session::new(None, Arc::new(MemoryStore::default()), None), pending, rules)
    }

    fn now() -> i64 {
        crate::clock::unix_now()
    }

    fn pending(state: &str, started_at: i64) -> PendingLogin {
        PendingLogin {
            state: token(state),
            nonce: Nonce::new("the-nonce".into()),
            pkce_verifier: PkceCodeVerifier::new("the-verifier".into()),
            return_to: "/profile".into(),
            started_at,
            landing: Landing::this_window(),
            max_age: None,
        }
    }

    fn token(state: &str) -> CsrfToken {
        CsrfToken::new(state.into())
    }

    #[test]
    fn a_pending_login_can_be_taken_once() {
        let session = session();
        session.add_pending_login(&pending("s1", now()));
        assert_eq!(session.take_pending_login(&token("other")), None);
        assert_eq!(session.take_pending_login(&token("s1")).map(|p| p.state), Some(token("s1")));
        assert_eq!(session.take_pending_login(&token("s1")), None);
    }

    #[test]
    fn logins_in_several_tabs_coexist_up_to_a_limit() {
        let session = session();
        let extra = 2;
        for i in 0..MAX_PENDING_LOGINS + extra {
            session.add_pending_login(&pending(&format!("s{i}"), now() - 100 + i as i64));
        }
        for i in 0..extra {
            assert!(session.take_pending_login(&token(&format!("s{i}"))).is_none(), "oldest dropped");
        }
        for i in extra..MAX_PENDING_LOGINS + extra {
            assert!(session.take_pending_login(&token(&format!("s{i}"))).is_some(), "s{i} kept");
        }
    }

    #[test]
    fn a_pending_login_is_sealed_and_bound_to_its_state() {
        let jar = tower_cookies::Cookies::default();
        let session = session_with(jar.clone());
        session.add_pending_login(&pending("the-state", now()));
        let cookies = jar.list();
        let sealed =
            cookies.iter().find(|c| c.name().ends_with("the-state")).expect("a cookie named by its state");
        assert_no_secret(sealed.value());
        assert!(sealed.http_only().unwrap_or(false) && sealed.secure().unwrap_or(false));
        assert!(sealed.name().starts_with("__Host-"));

        // The same sealed value under another state's name opens nothing.
        let moved = tower_cookies::Cookies::default();
        moved.add(tower_cookies::Cookie::new(
            sealed.name().replace("the-state", "forged"),
            sealed.value().to_owned(),
        ));
        assert_eq!(session_with(moved).take_pending_login(&token("forged")), None);
        // Another site's key opens nothing either.
        let elsewhere = tower_cookies::Cookies::default();
        elsewhere.add(sealed.clone().into_owned());
        let other_key = PendingCookies::new(b"another-secret", true, LOGIN_MAX_AGE).jar(elsewhere);
        assert_eq!(other_key.take(&token("the-state")), None);
    }

    #[test]
    fn the_largest_pending_logins_fit_in_a_cookie() {
        let jar = tower_cookies::Cookies::default();
        let session = session_with(jar.clone());
        for i in 0..MAX_PENDING_LOGINS {
            let mut login = pending(&format!("{i}{}", "s".repeat(42)), now());
            login.return_to = format!("/{}", "\u{1F600}".repeat(511));
            session.add_pending_login(&login);
        }
        let cookies = jar.list();
        assert_eq!(cookies.len(), MAX_PENDING_LOGINS);
        for cookie in cookies {
            // Browsers keep a cookie of at most 4096 bytes, name and value together.
            assert!(cookie.name().len() + cookie.value().len() < 4096, "{} bytes", cookie.value().len());
        }
    }

    #[test]
    fn pending_logins_expire() {
        let login = pending("s", 1_000);
        assert!(!login.is_older_than(Duration::from_secs(600), 1_600));
        assert!(login.is_older_than(Duration::from_secs(600), 1_601));
    }

    const SECRETS: [&str; 4] = ["the-state", "the-nonce", "the-verifier", "the-id-token"];

    fn assert_no_secret(text: &str) {
        assert!(!SECRETS.iter().any(|secret| text.contains(secret)), "{text}");
    }

    #[tokio::test]
    async fn debug_output_never_shows_secrets() {
        assert_no_secret(&format!("{:?}", pending("the-state", 0)));
        let user = User {
            subject: "sub".into(),
            issuer: "https://idp.example".into(),
            name: None,
            email: None,
            email_verified: None,
            signed_in_at: 0,
        };
        let signed_in = SignedIn { user, id_token: "the-id-token".into() };
        assert_no_secret(&format!("{signed_in:?}"));
        let completed = CompletedLogin { state: token("the-state"), return_to: "/profile".into() };
        assert_no_secret(&format!("{completed:?}"));
        // A session holding all of them.
        let session = session();
        session.add_pending_login(&pending("the-state", now()));
        session.sign_in(signed_in, completed).await.unwrap();
        assert_no_secret(&format!("{session:?}"));
    }

    #[tokio::test]
    async fn the_logout_state_is_single_use() {
        let session = session();
        session.remember_logout_state(&token("abc")).await.unwrap();
        assert!(!session.confirm_logout_state(&token("xyz")).await.unwrap());
        session.remember_logout_state(&token("abc")).await.unwrap();
        assert!(session.confirm_logout_state(&token("abc")).await.unwrap());
        assert!(!session.confirm_logout_state(&token("abc")).await.unwrap());
    }
}
