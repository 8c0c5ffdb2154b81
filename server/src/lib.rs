//! The axum server around the Leptos app: start-up, configuration and wiring. Everything
//! about signing in lives in the `app` crate.

pub mod config;
pub mod health;
pub mod maintenance;
pub mod sessions;
pub mod startup;
pub mod store_outage;
pub mod telemetry;
