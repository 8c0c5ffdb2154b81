//! Every path this site owns, named once: the sign-in core's, and the site's own pages.
//! A feature names its own paths in its folder (`team::PATH`, `popup::PATH`, …).

pub use sign_in::paths::*;

pub const HOME: &str = "/";

pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";
/// Prometheus' scrape; answered by the server, for this machine or a bearer token.
pub const METRICS: &str = "/metrics";
