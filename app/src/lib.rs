//! The Leptos application: pages, components, server functions, and one folder per feature
//! built on the sign-in core (`popup`, `team`, `troubleshooting`, `languages`), with what two features
//! share below them (`team_members`). Everything server-only sits behind the `ssr` feature
//! and never reaches the browser.

mod app;
pub mod auth;
pub mod components;
pub mod devices; // feature: devices
pub mod errors;
pub mod formats;
pub mod hydration;
pub mod languages; // feature: languages
pub mod locale;
pub mod pages;
pub mod paths;
pub mod popup; // feature: popup
pub mod stylesheet;
pub mod team; // feature: team
pub mod troubleshooting; // feature: troubleshooting
pub mod userinfo; // feature: userinfo

#[cfg(feature = "ssr")]
pub mod browser_address;
#[cfg(test)]
mod catalogue_keys;
#[cfg(feature = "ssr")]
mod state;
#[cfg(feature = "ssr")]
pub mod team_members;

#[cfg(feature = "hydrate")]
pub use app::hydrate;
pub use app::{shell, App};

// The generated catalogue: `i18n::Locale` (one variant per language) and `td!`, `td_string!`.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
