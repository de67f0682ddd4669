//! Reads for screens. They never write and never go through mutations.

pub mod customers;
pub mod outbox;
pub mod reminders;
pub mod tags;
pub mod users;

use crate::StoreError;
use serde::de::DeserializeOwned;

pub(crate) fn parse_doc<T: DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    Ok(serde_json::from_str(json)?)
}

pub(crate) fn parse_id(s: &str) -> Result<fairdesk_core::Id, StoreError> {
    s.parse()
        .map_err(|e| StoreError::Corrupt(format!("id {s:?}: {e}")))
}
