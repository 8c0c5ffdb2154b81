//! A typed view of the tower-sessions session: named keys, typed values, and the rules for
//! pending logins. Tokens live here, server side; the browser only holds the session id.

use super::{SessionView, User, Visitor};
use crate::clock::Clock;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tower_sessions::{Expiry, Session};

const PENDING_LOGINS: &str = "auth.pending_logins";
const SIGNED_IN: &str = "auth.signed_in";
const LOGOUT_STATE: &str = "auth.logout_state";
const LAST_SEEN: &str = "auth.last_seen";
const COMPLETED_LOGIN: &str = "auth.completed_login";
const RETRY_RETURN_TO: &str = "auth.retry_return_to";

/// Sign-ins started in other tabs stay valid; more than this many are dropped, oldest first.
const MAX_PENDING_LOGINS: usize = 5;

/// A sign-in that left for the IdP and has not come back yet.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    /// Unix seconds.
    pub started_at: i64,
    /// Started in a popup window: the callback ends on the page that reports to its opener.
    /// (Absent in sign-ins stored before popups existed.)
    #[serde(default)]
    pub in_popup: bool,
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

// Hand-written so that tokens and verifiers never reach a log line.
impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("return_to", &self.return_to)
            .field("started_at", &self.started_at)
            .finish_non_exhaustive()
    }
}

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

#[derive(Clone, Debug)]
pub struct AuthSession {
    session: Session,
    rules: SessionRules,
}

impl AuthSession {
    pub fn new(session: Session, rules: SessionRules) -> Self {
        Self { session, rules }
    }

    pub fn rules(&self) -> &SessionRules {
        &self.rules
    }

    /// The time by the clock the session rules use (Unix seconds).
    pub fn now(&self) -> i64 {
        self.rules.clock.now()
    }

    /// True when the browser presented a session cookie that matched a stored session.
    pub fn exists(&self) -> bool {
        self.session.id().is_some()
    }

    pub async fn add_pending_login(&self, login: PendingLogin) -> SessionResult<()> {
        let mut pending = self.pending_logins().await?;
        pending.push(login);
        let excess = pending.len().saturating_sub(MAX_PENDING_LOGINS);
        pending.drain(..excess);
        self.session.insert(PENDING_LOGINS, pending).await
    }

    /// Removes and returns the pending login that `state` belongs to. Taking it out makes
    /// every callback single-use, whatever happens next.
    pub async fn take_pending_login(&self, state: &str) -> SessionResult<Option<PendingLogin>> {
        let mut pending = self.pending_logins().await?;
        let Some(index) = pending.iter().position(|login| login.state == state) else {
            return Ok(None);
        };
        let login = pending.remove(index);
        self.session.insert(PENDING_LOGINS, pending).await?;
        Ok(Some(login))
    }

    async fn pending_logins(&self) -> SessionResult<Vec<PendingLogin>> {
        Ok(self.session.get(PENDING_LOGINS).await?.unwrap_or_default())
    }

    /// Starts the signed-in session under a new id, so an id planted before sign-in is useless.
    /// Remembers which sign-in it completed, so a replay of the same callback is recognised.
    pub async fn sign_in(&self, signed_in: SignedIn, state: &str, return_to: &str) -> SessionResult<()> {
        self.session.cycle_id().await?;
        self.session.remove::<Vec<PendingLogin>>(PENDING_LOGINS).await?;
        self.session.remove::<String>(RETRY_RETURN_TO).await?;
        self.session.insert(SIGNED_IN, signed_in).await?;
        self.session.insert(LAST_SEEN, self.now()).await?;
        self.session.insert(COMPLETED_LOGIN, (state, return_to)).await?;
        self.session.save().await
    }

    /// Where the sign-in that used `state` went, if this signed-in session completed it.
    pub async fn completed_login(&self, state: &str) -> SessionResult<Option<String>> {
        if self.session.get::<SignedIn>(SIGNED_IN).await?.is_none() {
            return Ok(None);
        }
        let completed: Option<(String, String)> = self.session.get(COMPLETED_LOGIN).await?;
        Ok(completed.filter(|(done, _)| done == state).map(|(_, return_to)| return_to))
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
    pub async fn remember_logout_state(&self, state: &str) -> SessionResult<()> {
        self.session.insert(LOGOUT_STATE, state).await?;
        self.session.cycle_id().await
    }

    /// True when `state` is the one we sent; consumes it.
    pub async fn confirm_logout_state(&self, state: &str) -> SessionResult<bool> {
        let expected: Option<String> = self.session.remove(LOGOUT_STATE).await?;
        Ok(expected.is_some_and(|expected| expected == state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tower_sessions::MemoryStore;

    fn session() -> AuthSession {
        let rules = SessionRules {
            clock: Clock::system(),
            login_max_age: Duration::from_secs(600),
            max_lifetime: Duration::from_secs(3600),
            issuer: "https://idp.example".into(),
        };
        AuthSession::new(Session::new(None, Arc::new(MemoryStore::default()), None), rules)
    }

    fn pending(state: &str, started_at: i64) -> PendingLogin {
        PendingLogin {
            state: state.into(),
            nonce: "n".into(),
            pkce_verifier: "v".into(),
            return_to: "/profile".into(),
            started_at,
            in_popup: false,
        }
    }

    #[tokio::test]
    async fn a_pending_login_can_be_taken_once() {
        let session = session();
        session.add_pending_login(pending("s1", 0)).await.unwrap();
        assert_eq!(session.take_pending_login("other").await.unwrap(), None);
        assert_eq!(session.take_pending_login("s1").await.unwrap().map(|p| p.state), Some("s1".into()));
        assert_eq!(session.take_pending_login("s1").await.unwrap(), None);
    }

    #[tokio::test]
    async fn logins_in_several_tabs_coexist_up_to_a_limit() {
        let session = session();
        for i in 0..7 {
            session.add_pending_login(pending(&format!("s{i}"), i)).await.unwrap();
        }
        assert!(session.take_pending_login("s0").await.unwrap().is_none(), "oldest dropped");
        assert!(session.take_pending_login("s1").await.unwrap().is_none(), "oldest dropped");
        for i in 2..7 {
            assert!(session.take_pending_login(&format!("s{i}")).await.unwrap().is_some());
        }
    }

    #[test]
    fn pending_logins_expire() {
        let login = pending("s", 1_000);
        assert!(!login.is_older_than(Duration::from_secs(600), 1_600));
        assert!(login.is_older_than(Duration::from_secs(600), 1_601));
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let text = format!("{:?}", pending("the-state", 0));
        assert!(!text.contains("the-state") && !text.contains("\"v\""), "{text}");
    }

    #[tokio::test]
    async fn the_logout_state_is_single_use() {
        let session = session();
        session.remember_logout_state("abc").await.unwrap();
        assert!(!session.confirm_logout_state("xyz").await.unwrap());
        session.remember_logout_state("abc").await.unwrap();
        assert!(session.confirm_logout_state("abc").await.unwrap());
        assert!(!session.confirm_logout_state("abc").await.unwrap());
    }
}
