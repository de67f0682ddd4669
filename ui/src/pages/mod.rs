//! One module per screen.

pub mod audit;
pub mod company;
pub mod customer_detail;
pub mod customer_form;
pub mod customer_statement;
pub mod customers;
pub mod dashboard;
pub mod deliveries;
pub mod history;
pub mod mail_settings;
pub mod order_detail;
pub mod order_lines;
pub mod orders;
pub mod payments;
pub mod products;
pub mod quote_compare;
pub mod quote_editor;
pub mod quotes;
pub mod receivables;
pub mod settings;
pub mod ship_to_rows;
pub mod shipping;
pub mod stock;
pub mod sync_panel;
pub mod tracking_alerts;
pub mod warehouses;
