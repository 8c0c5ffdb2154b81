pub mod auth_buttons;
pub mod error_chart;
pub mod header;
pub mod load_error;
