//! The Leptos application: pages, components, server functions and shared types.
//! Everything server-only sits behind the `ssr` feature and never reaches the browser.

mod app;
pub mod auth;
pub mod components;
pub mod errors;
pub mod pages;
pub mod paths;
pub mod popup;
pub mod team;
pub mod time_format;
pub mod troubleshooting;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

#[cfg(all(test, feature = "ssr"))]
mod captured_log;

#[cfg(feature = "hydrate")]
pub use app::hydrate;
pub use app::{shell, App, SITE_NAME};
