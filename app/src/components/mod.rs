pub mod auth_buttons;
pub mod failure;
pub mod header;
pub mod load_error;
pub mod page_meta;
pub mod reference;
