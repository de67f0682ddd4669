//! 应收 on this desk: the receivables of the orders the user looks after, settled by their
//! payments and aged as of a day (the rules are `fairdesk_core::receivables`).

use crate::queries::shipping;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use fairdesk_core::error::{Action, DomainError, ErrorCode};
use fairdesk_core::ids::Id;
use fairdesk_core::receivables::{
    check_edges, order_receivables, report, settle, AgingBasis, Party, ReceivablesReport,
};
use fairdesk_core::Role;
use std::collections::BTreeMap;

impl Store {
    /// The receivables report as of `as_of`: finance and admins see every customer, managers
    /// their team's, reps their own; the warehouse none.
    pub fn receivables_report(
        &self,
        as_of: NaiveDate,
        basis: AgingBasis,
        edges: &[u32],
    ) -> Result<ReceivablesReport, StoreError> {
        let actor = self.current_actor()?;
        if actor.role == Role::Warehouse {
            return Err(DomainError::Forbidden {
                action: Action::ViewReceivables,
            }
            .into());
        }
        if !check_edges(edges) {
            return Err(DomainError::field("edges", ErrorCode::OutOfRange).into());
        }
        let conn = self.conn();
        let mut receivables = Vec::new();
        let mut payments = Vec::new();
        let mut parties: BTreeMap<Id, Party> = BTreeMap::new();
        let mut customer_of: BTreeMap<Id, Id> = BTreeMap::new();
        for (order, name, owner) in shipping::money_orders(conn, &actor)? {
            let deliveries = shipping::deliveries_of(conn, order.id)?;
            let returns = shipping::returns_of(conn, order.id)?;
            receivables.extend(order_receivables(&order, &deliveries, &returns));
            payments.extend(shipping::payments_of(conn, order.id)?);
            parties.insert(order.data.customer_id, Party { name, owner });
            customer_of.insert(order.id, order.data.customer_id);
        }
        let settled = settle(&receivables, &payments, as_of);
        Ok(report(
            &settled,
            &parties,
            &customer_of,
            as_of,
            basis,
            edges,
            self.lang(),
        ))
    }
}
