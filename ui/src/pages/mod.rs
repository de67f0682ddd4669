//! One module per screen.

pub mod customer_detail;
pub mod customer_form;
pub mod customers;
pub mod dashboard;
pub mod settings;
pub mod sync_panel;
