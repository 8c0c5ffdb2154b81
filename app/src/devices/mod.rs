//! The devices feature: `/account/sessions`, where a signed-in person sees every session of
//! theirs (browser and system, when it signed in, when it was last active, which one is this
//! browser) and ends them: one at a time, or all but this one. Ending the others is a
//! sensitive action: it needs a sign-in in the last five minutes, else the person signs in
//! at the IdP once more (`max_age`) and the action completes when they come back. Every form
//! is a plain `<form method="post">`, so the page works without JavaScript.
//!
//! The rows are the sign-in core's (`signed_in_sessions`, which back-channel logout reads
//! too); a form names a session by its random handle, only ever matched with its owner.

pub mod page;

#[cfg(feature = "ssr")]
mod actions;
#[cfg(feature = "ssr")]
pub mod activity;
#[cfg(feature = "ssr")]
mod queries;
#[cfg(feature = "ssr")]
mod user_agent;

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page's path.
pub const PATH: &str = "/account/sessions";

/// "Sign out all other devices" needs a sign-in this recent (seconds): `max_age` at the IdP.
pub const FRESH_SIGN_IN_SECONDS: u64 = 300;

/// One signed-in session of the person, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// What the page's forms name it by.
    pub handle: String,
    /// The browser and the system, read from its `User-Agent`, when they could be.
    pub browser: Option<String>,
    pub system: Option<String>,
    /// Unix seconds.
    pub signed_in_at: i64,
    pub last_active_at: i64,
    pub this_browser: bool,
}

/// What the last action did, for the page to confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Done {
    /// One device was signed out.
    SignedOutOne,
    /// Every other device was signed out: this many.
    SignedOutOthers(u64),
}

/// The person's devices, or that nobody is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Devices {
    SignedOut,
    Listed { devices: Vec<Device>, done: Option<Done> },
}

/// The query parameter that says what the last action did.
pub const DONE: &str = "done";
const DONE_ONE: &str = "one";
const DONE_OTHERS: &str = "others";

impl Done {
    /// The page's address after the action.
    pub fn path(self) -> String {
        match self {
            Self::SignedOutOne => format!("{PATH}?{DONE}={DONE_ONE}"),
            Self::SignedOutOthers(count) => format!("{PATH}?{DONE}={DONE_OTHERS}&count={count}"),
        }
    }

    /// Reads [`Self::path`]'s query back; anything else is nothing.
    pub fn parse(done: Option<&str>, count: Option<&str>) -> Option<Self> {
        match done? {
            DONE_ONE => Some(Self::SignedOutOne),
            DONE_OTHERS => Some(Self::SignedOutOthers(count.and_then(|c| c.parse().ok()).unwrap_or(0))),
            _ => None,
        }
    }
}

/// The person's devices. A sign-out of the others that waited for a fresh sign-in completes
/// here, once that sign-in is back.
#[server]
pub async fn my_devices() -> Result<Devices, AppError> {
    let request = crate::auth::request::AuthRequest::from_server_fn().await?;
    actions::list(&request).await
}

/// "Sign out this device": ends the person's session named `handle` (never anyone else's).
/// Ending this browser's own session signs it out.
#[server(prefix = "/account", endpoint = "sessions/sign-out")]
pub async fn sign_out_device(handle: String) -> Result<(), AppError> {
    let request = crate::auth::request::AuthRequest::from_server_fn().await?;
    let target = actions::sign_out_one(&request, &handle).await?;
    leptos_axum::redirect(&target);
    Ok(())
}

/// "Sign out all other devices": at once after a recent sign-in, otherwise after a fresh one
/// at the IdP.
#[server(prefix = "/account", endpoint = "sessions/sign-out-others")]
pub async fn sign_out_other_devices() -> Result<(), AppError> {
    let request = crate::auth::request::AuthRequest::from_server_fn().await?;
    let target = actions::sign_out_others(&request).await?;
    leptos_axum::redirect(&target);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_done_round_trips_through_the_address() {
        for done in [Done::SignedOutOne, Done::SignedOutOthers(3)] {
            let path = done.path();
            let query = path.strip_prefix(&format!("{PATH}?")).expect("the page, with a query");
            let get = |name: &str| {
                query.split('&').find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
            };
            assert_eq!(Done::parse(get(DONE).as_deref(), get("count").as_deref()), Some(done));
        }
        assert_eq!(Done::parse(Some("<script>"), None), None);
    }
}
