//! The axum server around the Leptos app: configuration, database, session layer, routes.

pub mod config;
pub mod routes;
pub mod startup;
pub mod store_outage;
pub mod telemetry;
