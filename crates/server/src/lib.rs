//! Fairdesk sync server. Devices push their mutations, which are replayed through the same
//! domain `apply` as on the desktop (with the server's view of who the user is), and pull the
//! rows their user may see. PostgreSQL holds the company's shared state.

pub mod admin;
pub mod auth;
pub mod db;
pub mod error;
pub mod http;
pub mod pull;
pub mod push;
mod reader;
pub mod sql;
#[cfg(feature = "testing")]
pub mod testing;
pub mod track;
pub mod tracking;
pub mod visibility;

pub use db::Pool;
