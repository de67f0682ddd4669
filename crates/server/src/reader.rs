//! The domain's view of a company's state on the server, read inside the push transaction.

use crate::sql::Statements;
use fairdesk_core::apply::{ReadError, StateReader};
use fairdesk_core::customer::Customer;
use fairdesk_core::tag::Tag;
use fairdesk_core::user::User;
use fairdesk_core::Id;
use serde::de::DeserializeOwned;
use std::cell::RefCell;

pub struct PgReader<'a, 'b> {
    pub tx: RefCell<&'a mut postgres::Transaction<'b>>,
    pub sql: &'a Statements,
    pub org: uuid::Uuid,
}

fn err(e: impl std::fmt::Display) -> ReadError {
    ReadError(e.to_string())
}

impl PgReader<'_, '_> {
    fn doc<T: DeserializeOwned>(&self, entity: &str, id: Id) -> Result<Option<T>, ReadError> {
        let row = self
            .tx
            .borrow_mut()
            .query_opt(&self.sql.doc, &[&self.org, &entity, &id.0])
            .map_err(err)?;
        row.map(|r| serde_json::from_value(r.get(0)).map_err(err))
            .transpose()
    }
}

impl StateReader for PgReader<'_, '_> {
    fn customer(&self, id: Id) -> Result<Option<Customer>, ReadError> {
        self.doc("customer", id)
    }

    fn customer_ids_owned_by(&self, owner: Id) -> Result<Vec<Id>, ReadError> {
        let rows = self
            .tx
            .borrow_mut()
            .query(&self.sql.owned, &[&self.org, &owner.0])
            .map_err(err)?;
        Ok(rows.iter().map(|r| Id(r.get(0))).collect())
    }

    fn tag(&self, id: Id) -> Result<Option<Tag>, ReadError> {
        self.doc("tag", id)
    }

    fn user(&self, id: Id) -> Result<Option<User>, ReadError> {
        self.doc("user", id)
    }

    fn follow_up_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.doc::<serde_json::Value>("follow_up", id)?.is_some())
    }
}
