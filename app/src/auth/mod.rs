//! Signing in and out, as this app offers it; the sign-in itself is the `sign_in` crate's.
//! Shared with the browser: the server functions in [`api`] and the [`context`] pages read.
//! Server only: the callback route, [`landing`] (where a sign-in ends) and the request
//! context the two share.

pub mod api;
pub mod context;

#[cfg(feature = "ssr")]
pub mod callback;
#[cfg(feature = "ssr")]
pub mod landing;
#[cfg(feature = "ssr")]
pub mod request;
