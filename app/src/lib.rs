//! The Leptos application: pages, components, server functions, and one folder per feature
//! built on the sign-in core (`popup`, `team`, `troubleshooting`), with what two features
//! share below them (`team_members`). Everything server-only sits behind the `ssr` feature
//! and never reaches the browser.

mod app;
pub mod auth;
pub mod components;
pub mod errors;
pub mod hydration;
pub mod pages;
pub mod paths;
pub mod popup; // feature: popup
pub mod team; // feature: team
pub mod time_format;
pub mod troubleshooting; // feature: troubleshooting

#[cfg(feature = "ssr")]
pub mod browser_address;
#[cfg(feature = "ssr")]
mod state;
#[cfg(feature = "ssr")]
pub mod team_members;

#[cfg(feature = "hydrate")]
pub use app::hydrate;
pub use app::{shell, App, SITE_NAME};
