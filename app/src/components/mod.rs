pub mod auth_buttons;
pub mod header;
pub mod load_error;
pub mod reference;
