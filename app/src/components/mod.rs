pub mod auth_buttons;
pub mod header;
pub mod error_chart;
