//! The IdP's endpoint paths, named once for the router, the discovery document, the HTML
//! forms and the driver that fills those forms in for tests and benchmarks.

pub const DISCOVERY: &str = "/.well-known/openid-configuration";
pub const JWKS: &str = "/jwks";
pub const ROTATE_KEY: &str = "/dev/rotate-key";
pub const CLOCK: &str = "/dev/clock";
/// How many refreshes the IdP has seen (JSON), for tests.
pub const REFRESHES: &str = "/dev/refreshes";
/// A logout token for tests: `?sid=…&sub=…&flaw=…` (see `LogoutTokenFlaw`).
pub const LOGOUT_TOKEN: &str = "/dev/logout-token";
pub const AUTHORIZE: &str = "/authorize";
pub const SIGN_IN: &str = "/sign-in";
pub const CONSENT: &str = "/consent";
pub const TOKEN: &str = "/token";
pub const USERINFO: &str = "/userinfo";
pub const END_SESSION: &str = "/end-session";
pub const REVOKE: &str = "/revoke";
/// Who is signed in here, with buttons to sign out.
pub const SESSION: &str = "/session";
/// Ends every IdP session of the person signed in here, and tells the clients.
pub const SIGN_OUT_EVERYWHERE: &str = "/session/sign-out-everywhere";
