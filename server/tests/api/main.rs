//! Integration tests: the real server, a real database, and the development IdP on its own
//! port, driven over HTTP hop by hop. One test binary, because linking is slow.
//!
//! Most tests run twice, on SQLite and on PostgreSQL (`test_db::on_both_backends!`); the
//! ones about several instances and database outages are PostgreSQL's own.

mod anonymous;
mod back_channel;
mod callback;
mod cross_site;
mod database_outage;
mod db_proxy;
mod devices; // feature: devices
mod health;
mod helpers;
mod idp_outage;
mod instances;
mod logout;
mod metrics;
mod page_scripts;
mod popup; // feature: popup
mod postgres_restart;
mod proxies;
mod rate_limit;
mod request_limits;
mod reverse_proxy;
mod security_headers;
mod session_rules;
mod sign_in;
mod startup;
mod static_files;
mod store_outage;
mod team; // feature: team
mod token_checks;
mod troubleshooting; // feature: troubleshooting
mod userinfo; // feature: userinfo
