//! Tauri commands, one module per area. Each is a thin call into the store.

pub mod catalog;
pub mod customers;
pub mod orders;
pub mod pricing;
pub mod quotes;
pub mod receivables;
pub mod reminders;
pub mod shipping;
pub mod stock;
pub mod sync;
pub mod system;
pub mod tags;
pub mod users;

use fairdesk_core::ErrorReply;

pub type Reply<T> = Result<T, ErrorReply>;
