//! The axum server around the Leptos app: start-up, configuration and wiring. Everything
//! about signing in lives in the `app` crate.

mod backchannel_limit;
mod client_address;
pub mod config;
mod friendly_page;
pub mod health;
pub mod maintenance;
pub mod metrics;
mod navigation;
mod rate_limit;
mod same_origin;
mod security_headers;
mod serve;
pub mod sessions;
mod site_files;
mod slow_body;
pub mod startup;
mod state;
pub mod store_outage;
pub mod telemetry;
