//! End-to-end tests: each test spawns its own IdP on a free port and drives
//! it over HTTP like a browser and a relying party would.

mod authorize_errors;
mod back_channel;
mod clock;
mod code_flow;
mod dev_endpoints;
mod discovery;
mod end_session;
mod issuer_identification;
mod languages;
mod prompt;
mod refresh;
mod simulations;
mod sso;
mod support;
mod token_errors;
