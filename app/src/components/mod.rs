pub mod auth_buttons;
pub mod header;
