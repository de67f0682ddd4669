//! 应收 on this desk: the receivables of the orders the user looks after, settled by their
//! payments and aged as of a day (the rules are `fairdesk_core::receivables`).

use crate::queries::shipping;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use fairdesk_core::error::{Action, DomainError, ErrorCode};
use fairdesk_core::ids::Id;
use fairdesk_core::receivables::{
    check_edges, order_receivables, report, settle, statement, AgingBasis, OpenLine, Party,
    Payment, ReceivablesReport, Statement, StatementRefusal, DEFAULT_EDGES,
};
use fairdesk_core::shipping::{Delivery, ReturnNote};
use fairdesk_core::Role;
use std::collections::{BTreeMap, HashMap};

impl Store {
    /// The receivables report as of `as_of`: finance and admins see every customer, managers
    /// their team's, reps their own; the warehouse none.
    pub fn receivables_report(
        &self,
        as_of: NaiveDate,
        basis: AgingBasis,
        edges: &[u32],
    ) -> Result<ReceivablesReport, StoreError> {
        self.report_of(None, as_of, basis, edges)
    }

    /// The report of every customer the user sees, or of one (`customer`).
    fn report_of(
        &self,
        customer: Option<Id>,
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
        let Ledger {
            receivables,
            payments,
            parties,
            customer_of,
            ..
        } = self.ledger(&actor, customer)?;
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

/// The receivables and payments of the orders a user looks after, with who their customers
/// are.
struct Ledger {
    receivables: Vec<fairdesk_core::receivables::Receivable>,
    payments: Vec<Payment>,
    parties: BTreeMap<Id, Party>,
    customer_of: BTreeMap<Id, Id>,
    /// The orders' numbers (DD-…).
    numbers: HashMap<Id, String>,
}

impl Store {
    /// Four reads for the whole ledger, whatever the number of orders; `customer` reads one
    /// customer's orders and documents only.
    fn ledger(
        &self,
        actor: &fairdesk_core::Actor,
        customer: Option<Id>,
    ) -> Result<Ledger, StoreError> {
        let conn = self.conn();
        let mut out = Ledger {
            receivables: Vec::new(),
            payments: Vec::new(),
            parties: BTreeMap::new(),
            customer_of: BTreeMap::new(),
            numbers: HashMap::new(),
        };
        // One customer's statement parses only its own documents, not the company's.
        let (filter, args) = match customer {
            Some(c) => (
                " WHERE customer_id = ?1",
                vec![rusqlite::types::Value::Text(c.to_string())],
            ),
            None => ("", Vec::new()),
        };
        let read = |table: &str, order: &str| {
            format!("SELECT order_id, doc FROM {table}{filter} ORDER BY {order}")
        };
        let mut deliveries: HashMap<Id, Vec<Delivery>> =
            shipping::docs_by_order(conn, &read("deliveries", "created_at, number"), &args)?;
        let mut returns: HashMap<Id, Vec<ReturnNote>> =
            shipping::docs_by_order(conn, &read("return_notes", "created_at, number"), &args)?;
        // An order's payments by order; payments on a customer's account (no order) apart.
        let paid_sql = match customer {
            Some(_) => {
                "SELECT order_id, doc FROM payments WHERE customer_id = ?1 AND order_id <> ''
                        ORDER BY date, id"
            }
            None => "SELECT order_id, doc FROM payments WHERE order_id <> '' ORDER BY date, id",
        };
        let mut paid: HashMap<Id, Vec<Payment>> = shipping::docs_by_order(conn, paid_sql, &args)?;
        let account_sql = match customer {
            Some(_) => {
                "SELECT customer_id, doc FROM payments WHERE customer_id = ?1 AND order_id = ''
                        ORDER BY date, id"
            }
            None => "SELECT customer_id, doc FROM payments WHERE order_id = '' ORDER BY date, id",
        };
        let on_account: HashMap<Id, Vec<Payment>> =
            shipping::docs_by_order(conn, account_sql, &args)?;
        for (order, name, owner) in shipping::money_orders(conn, actor, customer)? {
            let d = deliveries.remove(&order.id).unwrap_or_default();
            let r = returns.remove(&order.id).unwrap_or_default();
            out.receivables.extend(order_receivables(&order, &d, &r));
            out.payments
                .extend(paid.remove(&order.id).unwrap_or_default());
            out.parties
                .insert(order.data.customer_id, Party { name, owner });
            out.customer_of.insert(order.id, order.data.customer_id);
            out.numbers.insert(order.id, order.number.clone());
        }
        // Payments on account of the customers the user sees (with or without orders).
        for (c, payments) in on_account {
            if let std::collections::btree_map::Entry::Vacant(e) = out.parties.entry(c) {
                match crate::queries::shipping::party_of(conn, actor, c)? {
                    Some(p) => drop(e.insert(p)),
                    None => continue,
                }
            }
            out.payments.extend(payments);
        }
        Ok(out)
    }

    /// A customer's statement (对账单) from `from` to `to`: finance and admins for any
    /// customer, reps for their own (a customer the user can't see has no orders to show).
    pub fn customer_statement(
        &self,
        customer: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Statement, StoreError> {
        let actor = self.current_actor()?;
        if actor.role == Role::Warehouse {
            return Err(DomainError::Forbidden {
                action: Action::ViewReceivables,
            }
            .into());
        }
        // A customer the user can't see is one it can't ask about.
        let mut sql = String::from("SELECT count(*) FROM customers c WHERE c.id = ?");
        let mut args = vec![rusqlite::types::Value::Text(customer.to_string())];
        crate::queries::scope_sql(&actor, "c.owner_id", &mut sql, &mut args);
        let seen: i64 = self
            .conn()
            .query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
        if seen == 0 {
            return Err(DomainError::NotFound {
                entity: fairdesk_core::error::Entity::Customer,
                id: customer,
            }
            .into());
        }
        let ledger = self.ledger(&actor, Some(customer))?;
        statement(
            customer,
            &ledger.receivables,
            &ledger.payments,
            &ledger.numbers,
            from,
            to,
            &DEFAULT_EDGES,
        )
        .map_err(|StatementRefusal::PeriodReversed| {
            DomainError::field("to", ErrorCode::OutOfRange).into()
        })
    }
}

impl Store {
    /// A customer's open receivables today, oldest due first (what a payment on its account
    /// may be allocated to by hand).
    pub fn customer_open_items(&self, customer: Id) -> Result<Vec<OpenLine>, StoreError> {
        let mut open = self
            .report_of(
                Some(customer),
                self.today(),
                AgingBasis::Due,
                &DEFAULT_EDGES,
            )?
            .open;
        open.sort_by(|a, b| {
            let (a, b) = (&a.item.receivable, &b.item.receivable);
            (a.due, a.date, &a.number).cmp(&(b.due, b.date, &b.number))
        });
        Ok(open)
    }

    /// What the user's customers owe past its due date as of today, most overdue first (the
    /// 工作台 list for reps and finance); nothing for the warehouse.
    pub fn overdue_receivables(&self) -> Result<Vec<OpenLine>, StoreError> {
        if self.current_actor()?.role == Role::Warehouse {
            return Ok(Vec::new());
        }
        let report = self.receivables_report(self.today(), AgingBasis::Due, &DEFAULT_EDGES)?;
        let mut late: Vec<OpenLine> = report
            .open
            .into_iter()
            .filter(|l| l.days_overdue > 0 && !l.item.open.is_negative())
            .collect();
        late.sort_by_key(|l| std::cmp::Reverse(l.days_overdue));
        Ok(late)
    }

    /// The overdue receivables once a day, for the desktop notification; `None` when already
    /// told today or nothing is overdue.
    pub fn daily_overdue_digest(&mut self) -> Result<Option<Vec<OpenLine>>, StoreError> {
        let today = self.today().to_string();
        if self.setting("overdue_notified_on")?.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        let late = self.overdue_receivables()?;
        if late.is_empty() {
            return Ok(None);
        }
        self.set_setting("overdue_notified_on", &today)?;
        Ok(Some(late))
    }
}

impl Store {
    /// One customer's line of today's report (open by age, overdue, advance), `None` when it
    /// owes nothing and has paid nothing ahead — or the user may not see receivables.
    pub fn customer_balance(
        &self,
        customer: Id,
    ) -> Result<Option<fairdesk_core::receivables::CustomerAging>, StoreError> {
        if self.current_actor()?.role == Role::Warehouse {
            return Ok(None);
        }
        // Its own orders only: the customer page doesn't read the whole company's documents.
        let report = self.report_of(
            Some(customer),
            self.today(),
            AgingBasis::Due,
            &DEFAULT_EDGES,
        )?;
        Ok(report
            .customers
            .into_iter()
            .find(|c| c.customer_id == customer))
    }
}
