//! One module per page.

pub mod auth_error;
pub mod home;
pub mod not_found;
pub mod profile;
pub mod sign_in;
pub mod signed_out;
