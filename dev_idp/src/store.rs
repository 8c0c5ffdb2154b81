//! Short-lived in-memory state: sign-ins in progress, SSO sessions, codes, access and
//! refresh tokens. A restart forgets everything, which suits a dev IdP.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::claims::Scopes;
use crate::language::Language;
use crate::random;
use crate::simulate::Simulation;
use crate::users::TestUser;

const PENDING_SIGN_IN_LIFETIME: Duration = Duration::from_secs(10 * 60);
const SSO_SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// As long as the single sign-on: a refresh token outliving it would be a sign-in nobody made.
const REFRESH_TOKEN_LIFETIME: Duration = SSO_SESSION_LIFETIME;

/// A validated authorization request.
#[derive(Clone, Debug)]
pub(crate) struct AuthorizationRequest {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) scopes: Scopes,
    pub(crate) state: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) code_challenge: String,
}

/// An authorization request waiting for the user to sign in and consent.
#[derive(Clone, Debug)]
pub(crate) struct PendingSignIn {
    pub(crate) request: AuthorizationRequest,
    /// Chosen on the sign-in page, applied once the code is redeemed.
    pub(crate) simulation: Option<Simulation>,
    /// `prompt=login`: signing in counts as a fresh authentication even for
    /// the user already signed in, so `auth_time` moves.
    pub(crate) reauthenticate: bool,
    /// The language its pages speak, from the authorization request.
    pub(crate) language: Language,
}

/// Who is signed in to the IdP in one browser, and which clients they allowed.
#[derive(Clone, Debug)]
pub(crate) struct SsoSession {
    pub(crate) user: TestUser,
    /// The session's id as clients see it (`sid`): not the cookie, which is a credential.
    pub(crate) sid: String,
    pub(crate) auth_time: DateTime<Utc>,
    pub(crate) consented_clients: HashSet<String>,
}

/// What an authorization code stands for until it is redeemed.
#[derive(Clone, Debug)]
pub(crate) struct CodeGrant {
    pub(crate) request: AuthorizationRequest,
    pub(crate) user: TestUser,
    /// The SSO session's `sid`, for the ID token.
    pub(crate) sid: String,
    pub(crate) auth_time: DateTime<Utc>,
    pub(crate) simulation: Option<Simulation>,
}

/// What an access token lets its bearer read at the UserInfo endpoint.
#[derive(Clone, Debug)]
pub(crate) struct AccessGrant {
    pub(crate) user: TestUser,
    pub(crate) scopes: Scopes,
    pub(crate) simulation: Option<Simulation>,
}

/// What a refresh token stands for. Each works once: its grant hands out the next one, of
/// the same family, and a token presented again revokes the whole family, as real IdPs do
/// against a stolen token.
#[derive(Clone, Debug)]
pub(crate) struct RefreshGrant {
    /// Shared by every refresh token descended from one sign-in.
    pub(crate) family: String,
    /// The sign-in it continues, its nonce cleared: refreshed ID tokens carry none.
    pub(crate) sign_in: CodeGrant,
    pub(crate) used: bool,
}

/// What tests read at `GET /dev/refreshes`.
#[derive(Debug, Default)]
pub(crate) struct RefreshCounts {
    /// Refresh-token grants received, whatever their outcome.
    pub(crate) refreshes: AtomicU64,
    /// Refresh tokens presented a second time (each revoked its family).
    pub(crate) reused: AtomicU64,
    /// Refresh tokens revoked at the revocation endpoint.
    pub(crate) revoked: AtomicU64,
}

impl RefreshCounts {
    pub(crate) fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

pub(crate) struct Store {
    pub(crate) pending_sign_ins: ExpiringMap<PendingSignIn>,
    pub(crate) sessions: ExpiringMap<SsoSession>,
    pub(crate) codes: ExpiringMap<CodeGrant>,
    pub(crate) access_tokens: ExpiringMap<AccessGrant>,
    pub(crate) refresh_tokens: ExpiringMap<RefreshGrant>,
    pub(crate) refresh_counts: RefreshCounts,
}

impl Store {
    pub(crate) fn new(code_lifetime: Duration, access_token_lifetime: Duration) -> Self {
        Self {
            pending_sign_ins: ExpiringMap::new(PENDING_SIGN_IN_LIFETIME),
            sessions: ExpiringMap::new(SSO_SESSION_LIFETIME),
            codes: ExpiringMap::new(code_lifetime),
            access_tokens: ExpiringMap::new(access_token_lifetime),
            refresh_tokens: ExpiringMap::new(REFRESH_TOKEN_LIFETIME),
            refresh_counts: RefreshCounts::default(),
        }
    }

    /// Revokes every refresh token of `family`.
    pub(crate) fn revoke_family(&self, family: &str) {
        self.refresh_tokens.lock().retain(|_, entry| entry.value.family != family);
    }
}

/// Values stored under random keys that stop existing after a fixed lifetime.
pub(crate) struct ExpiringMap<T> {
    lifetime: Duration,
    entries: Mutex<HashMap<String, Expiring<T>>>,
    /// The size at which the next insert sweeps out expired entries: twice what the last
    /// sweep left, so the map stays bounded and sweeping costs O(1) per insert on average
    /// (a sweep on every insert made a load test's sign-ins quadratic). Changed under the lock.
    sweep_at: AtomicUsize,
}

/// Small maps are not worth sweeping.
const MIN_SWEEP_AT: usize = 64;

struct Expiring<T> {
    value: T,
    expires_at: Instant,
}

impl<T: Clone> ExpiringMap<T> {
    fn new(lifetime: Duration) -> Self {
        Self { lifetime, entries: Mutex::new(HashMap::new()), sweep_at: AtomicUsize::new(MIN_SWEEP_AT) }
    }

    /// Stores `value` under a new unguessable key and returns that key.
    pub(crate) fn insert(&self, value: T) -> String {
        let now = Instant::now();
        let key = random::token();
        let mut entries = self.lock();
        // Sweeping on insert keeps the map bounded without a background task.
        if entries.len() >= self.sweep_at.load(Ordering::Relaxed) {
            entries.retain(|_, entry| entry.expires_at > now);
            self.sweep_at.store((entries.len() * 2).max(MIN_SWEEP_AT), Ordering::Relaxed);
        }
        let expires_at = now + self.lifetime;
        entries.insert(key.clone(), Expiring { value, expires_at });
        key
    }

    pub(crate) fn get(&self, key: &str) -> Option<T> {
        let entries = self.lock();
        let entry = entries.get(key)?;
        (entry.expires_at > Instant::now()).then(|| entry.value.clone())
    }

    /// Removes the entry (even an expired one) and returns it if still valid.
    pub(crate) fn take(&self, key: &str) -> Option<T> {
        let entry = self.lock().remove(key)?;
        (entry.expires_at > Instant::now()).then_some(entry.value)
    }

    /// Changes a live entry in place and returns its new value.
    pub(crate) fn update(&self, key: &str, change: impl FnOnce(&mut T)) -> Option<T> {
        let mut entries = self.lock();
        let entry = entries.get_mut(key)?;
        if entry.expires_at <= Instant::now() {
            return None;
        }
        change(&mut entry.value);
        Some(entry.value.clone())
    }

    /// How long each entry lives.
    pub(crate) fn lifetime(&self) -> Duration {
        self.lifetime
    }

    pub(crate) fn remove(&self, key: &str) {
        self.lock().remove(key);
    }

    /// Removes every live entry that `matches`, and returns them.
    pub(crate) fn take_where(&self, matches: impl Fn(&T) -> bool) -> Vec<T> {
        let now = Instant::now();
        let mut taken = Vec::new();
        self.lock().retain(|_, entry| {
            let take = entry.expires_at > now && matches(&entry.value);
            if take {
                taken.push(entry.value.clone());
            }
            !take
        });
        taken
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Expiring<T>>> {
        // Every critical section is a single map operation, so a panic in
        // another thread cannot have left the map half-changed.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_can_be_taken_once() {
        let map = ExpiringMap::new(Duration::from_secs(60));
        let key = map.insert(7);
        assert_eq!(map.get(&key), Some(7));
        assert_eq!(map.take(&key), Some(7));
        assert_eq!(map.take(&key), None);
    }

    #[test]
    fn expired_entries_are_swept_out_as_the_map_grows() {
        let map = ExpiringMap::new(Duration::ZERO);
        for _ in 0..10 * MIN_SWEEP_AT {
            map.insert(());
        }
        assert!(map.lock().len() <= MIN_SWEEP_AT, "{} entries kept", map.lock().len());
    }

    #[test]
    fn expired_entries_are_gone() {
        let map = ExpiringMap::new(Duration::ZERO);
        let key = map.insert("gone");
        assert_eq!(map.get(&key), None);
        assert_eq!(map.update(&key, |_| {}), None);
        assert_eq!(map.take(&key), None);
    }
}
