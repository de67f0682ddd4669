//! The domain's view of current state, read inside the write transaction.

use fairdesk_core::apply::{ReadError, StateReader};
use fairdesk_core::customer::Customer;
use fairdesk_core::tag::Tag;
use fairdesk_core::user::User;
use fairdesk_core::Id;
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;

pub struct TxReader<'a>(pub &'a Connection);

fn err(e: impl std::fmt::Display) -> ReadError {
    ReadError(e.to_string())
}

impl TxReader<'_> {
    fn doc<T: DeserializeOwned>(&self, sql: &str, id: Id) -> Result<Option<T>, ReadError> {
        let json: Option<String> = self
            .0
            .prepare_cached(sql)
            .map_err(err)?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()
            .map_err(err)?;
        json.map(|j| serde_json::from_str(&j).map_err(err))
            .transpose()
    }
}

impl StateReader for TxReader<'_> {
    fn customer(&self, id: Id) -> Result<Option<Customer>, ReadError> {
        self.doc("SELECT doc FROM customer_docs WHERE id = ?1", id)
    }

    fn customer_ids_owned_by(&self, owner: Id) -> Result<Vec<Id>, ReadError> {
        let mut stmt = self
            .0
            .prepare_cached(
                "SELECT id FROM customers WHERE owner_id = ?1 AND deleted = 0 ORDER BY id",
            )
            .map_err(err)?;
        let ids = stmt
            .query_map([owner.to_string()], |r| r.get::<_, String>(0))
            .map_err(err)?
            .map(|r| r.map_err(err).and_then(|s| s.parse().map_err(err)))
            .collect();
        ids
    }

    fn tag(&self, id: Id) -> Result<Option<Tag>, ReadError> {
        self.doc("SELECT doc FROM tags WHERE id = ?1", id)
    }

    fn user(&self, id: Id) -> Result<Option<User>, ReadError> {
        self.doc("SELECT doc FROM users WHERE id = ?1", id)
    }

    fn follow_up_exists(&self, id: Id) -> Result<bool, ReadError> {
        self.0
            .prepare_cached("SELECT 1 FROM follow_ups WHERE id = ?1")
            .map_err(err)?
            .exists([id.to_string()])
            .map_err(err)
    }
}
