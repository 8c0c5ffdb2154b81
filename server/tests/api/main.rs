//! Integration tests: the real server, a real SQLite file, and the development IdP on its
//! own port, driven over HTTP hop by hop. One test binary, because linking is slow.

mod callback;
mod cross_site;
mod health;
mod helpers;
mod idp_outage;
mod logout;
mod rate_limit;
mod request_limits;
mod security_headers;
mod session_rules;
mod sign_in;
mod startup;
mod store_outage;
mod team;
mod token_checks;
mod troubleshooting;
