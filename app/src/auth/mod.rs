//! Signing in and out, as this app offers it; the sign-in itself is the `sign_in` crate's.
//! Shared with the browser: the server functions in [`api`] and the [`context`] pages read.
//! Server only: the callback route, [`landing`] (where a sign-in ends), [`outcomes`] (how
//! sign-ins ended, for the server's metrics) and the request context they share.

pub mod api;
pub mod context;

#[cfg(feature = "ssr")]
pub mod back_channel;
#[cfg(feature = "ssr")]
pub mod callback;
#[cfg(feature = "ssr")]
pub mod landing;
#[cfg(feature = "ssr")]
pub mod outcomes;
#[cfg(feature = "ssr")]
pub mod request;
