//! Fairdesk domain core.
//!
//! Everything a business rule needs lives here, once, and runs unchanged on the desktop
//! (against SQLite), on the sync server (against PostgreSQL) and in the UI (wasm, for
//! types and error messages). Nothing in this crate performs I/O: time and randomness are
//! passed in, state is read through [`apply::StateReader`], and writes come back as effects.

pub mod actor;
pub mod apply;
pub mod audit;
pub mod capital;
pub mod catalog;
pub mod customer;
pub mod desk;
pub mod docnumber;
pub mod error;
pub mod followup;
pub mod hlc;
pub mod ids;
pub mod invoice;
pub mod money;
pub mod mutation;
pub mod order;
pub mod permissions;
pub mod pricing;
pub mod quantity;
pub mod quota;
pub mod quote;
pub mod read;
pub mod receivables;
pub mod reminder;
#[cfg(feature = "search")]
pub mod search;
pub mod settings;
pub mod shipping;
pub mod stock;
pub mod tag;
pub mod units;
pub mod user;
pub mod validate;

pub use actor::{Actor, Role};
pub use apply::{apply, Effect, Outcome, StateReader};
pub use error::{DomainError, ErrorCode, ErrorReply, FieldError, Lang};
pub use hlc::Hlc;
pub use ids::Id;
pub use money::Money;
pub use mutation::{Envelope, Mutation, SCHEMA_VERSION};
