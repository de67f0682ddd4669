//! Tauri commands, one module per area. Each is a thin call into the store.

pub mod customers;
pub mod reminders;
pub mod sync;
pub mod system;
pub mod tags;
pub mod users;

use fairdesk_core::ErrorReply;

pub type Reply<T> = Result<T, ErrorReply>;
