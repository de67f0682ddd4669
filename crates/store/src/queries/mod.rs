//! Reads for screens. They never write and never go through mutations.

pub mod audit;
pub mod catalog;
mod customer_search;
pub mod customers;
pub mod orders;
pub mod outbox;
pub mod quotes;
pub mod reminders;
pub mod shipping;
pub mod tags;
pub mod users;

use crate::StoreError;
use fairdesk_core::permissions::{customer_scope, Scope};
use fairdesk_core::Actor;
use rusqlite::types::Value;
use serde::de::DeserializeOwned;

pub(crate) fn parse_doc<T: DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    Ok(serde_json::from_str(json)?)
}

pub fn parse_id(s: &str) -> Result<fairdesk_core::Id, StoreError> {
    s.parse()
        .map_err(|e| StoreError::Corrupt(format!("id {s:?}: {e}")))
}

/// The domain's visibility rule (`core::permissions::customer_scope`) as an SQL condition on
/// the given owner column, appended to `sql` with its arguments.
pub(crate) fn scope_sql(
    actor: &Actor,
    owner_column: &str,
    sql: &mut String,
    args: &mut Vec<Value>,
) {
    match customer_scope(actor) {
        Scope::All => {}
        Scope::Own(me) => {
            sql.push_str(&format!(" AND {owner_column} = ?"));
            args.push(Value::Text(me.to_string()));
        }
        Scope::Team { team, me } => {
            sql.push_str(&format!(
                " AND ({owner_column} = ? OR {owner_column} IN (SELECT id FROM users WHERE team = ?))"
            ));
            args.push(Value::Text(me.to_string()));
            args.push(Value::Text(team));
        }
    }
}
