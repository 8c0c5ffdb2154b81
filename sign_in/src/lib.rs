//! The sign-in core: signing people in and out with Intastellar Accounts over OpenID
//! Connect. It knows no page and no feature; the app's routes and server functions hand it
//! the pieces it needs ([`SignIn`], the request's session) and render what it returns.
//!
//! Shared with the browser: the error catalogue, [`paths`], [`return_to`], [`Landing`] and
//! the visitor types. Server only (feature `server`): the OIDC client, the typed session, the
//! callback query, the three steps in [`flow`], and the database of sign-in.

pub mod errors;
mod landing;
pub mod paths;
pub mod return_to;
mod visitor;

pub use landing::Landing;
pub use visitor::{SessionView, SignOutOutcome, User, Visitor};

#[cfg(feature = "server")]
pub mod back_channel;
#[cfg(feature = "server")]
pub mod callback;
#[cfg(feature = "server")]
pub mod clock;
#[cfg(feature = "server")]
pub mod db;
#[cfg(feature = "server")]
pub mod flow;
#[cfg(feature = "server")]
pub mod oidc;
#[cfg(feature = "server")]
pub mod session;
#[cfg(feature = "server")]
mod state;
#[cfg(feature = "server")]
pub mod tokens;

#[cfg(feature = "server")]
pub use state::SignIn;

#[cfg(all(test, feature = "server"))]
mod captured_log;
