//! The domain's view of a company's state on the server, read inside the push transaction.

use crate::sql::Statements;
use fairdesk_core::apply::{ReadError, StateReader};
use fairdesk_core::catalog::{Category, Product, Warehouse};
use fairdesk_core::customer::Customer;
use fairdesk_core::pricing::PriceRule;
use fairdesk_core::quote::Quote;
use fairdesk_core::settings::{CompanyDoc, PolicyDoc};
use fairdesk_core::stock::StockLevel;
use fairdesk_core::tag::Tag;
use fairdesk_core::user::User;
use fairdesk_core::Id;
use serde::de::DeserializeOwned;
use std::cell::RefCell;

pub struct PgReader<'a, 'b> {
    pub tx: RefCell<&'a mut postgres::Transaction<'b>>,
    pub sql: &'a Statements,
    pub org: uuid::Uuid,
    /// Users read during this push batch: nearly every mutation looks up the same few (its
    /// owner, its actor). The batch forgets a user when it writes one.
    pub users: &'a UserCache,
}

pub type UserCache = RefCell<std::collections::HashMap<Id, Option<User>>>;

fn err(e: impl std::fmt::Display) -> ReadError {
    ReadError(e.to_string())
}

impl<'a, 'b> PgReader<'a, 'b> {
    /// A row by id: as this transaction wrote or last saw it, else from the table (a row the
    /// transaction wrote is always known, so the table needs no flush for this).
    fn doc<T: DeserializeOwned>(&self, entity: &str, id: Id) -> Result<Option<T>, ReadError> {
        let doc = match self.sql.known_doc(entity, id.0) {
            Some(doc) => doc,
            None => {
                let doc: Option<serde_json::Value> = self
                    .tx
                    .borrow_mut()
                    .query_opt(&self.sql.doc, &[&self.org, &entity, &id.0])
                    .map_err(err)?
                    .map(|r| r.get(0));
                self.sql.remember(entity, id.0, doc.clone());
                doc
            }
        };
        doc.map(|d| serde_json::from_value(d).map_err(err))
            .transpose()
    }

    /// The transaction for any other read: pending writes go to the table first.
    fn flushed(
        &self,
    ) -> Result<std::cell::RefMut<'_, &'a mut postgres::Transaction<'b>>, ReadError> {
        let mut tx = self.tx.borrow_mut();
        self.sql.flush(&mut **tx).map_err(err)?;
        Ok(tx)
    }
}

impl fairdesk_core::shipping::ShippingReader for PgReader<'_, '_> {
    fn delivery(&self, id: Id) -> Result<Option<fairdesk_core::shipping::Delivery>, ReadError> {
        self.doc("delivery", id)
    }

    fn delivery_with_tracking(&self, number: &str) -> Result<Option<(Id, String)>, ReadError> {
        let parcel = serde_json::json!([{ "tracking_no": number }]);
        let row = self
            .flushed()?
            .query_opt(
                "SELECT id, doc->>'number' FROM rows WHERE org_id = $1 AND entity = 'delivery'
                   AND doc->'parcels' @> $2 LIMIT 1",
                &[&self.org, &parcel],
            )
            .map_err(err)?;
        Ok(row.map(|r| (Id(r.get(0)), r.get(1))))
    }

    fn return_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.doc::<serde_json::Value>("return_note", id)?.is_some())
    }
}

impl fairdesk_core::receivables::PaymentReader for PgReader<'_, '_> {
    fn payments_of(
        &self,
        order: Id,
    ) -> Result<Vec<fairdesk_core::receivables::Payment>, ReadError> {
        let rows = self
            .flushed()?
            .query(
                "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'payment'
                   AND doc->>'order_id' = $2 ORDER BY doc->>'date', id",
                &[&self.org, &order.to_string()],
            )
            .map_err(err)?;
        rows.into_iter()
            .map(|r| serde_json::from_value(r.get(0)).map_err(err))
            .collect()
    }

    fn payment_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.doc::<serde_json::Value>("payment", id)?.is_some())
    }

    fn payment(&self, id: Id) -> Result<Option<fairdesk_core::receivables::Payment>, ReadError> {
        self.doc("payment", id)
    }

    /// Rows that follow a customer carry it as their parent.
    fn customer_ledger(
        &self,
        customer: Id,
    ) -> Result<fairdesk_core::receivables::CustomerLedger, ReadError> {
        let rows = self
            .flushed()?
            .query(
                "SELECT entity, doc FROM rows WHERE org_id = $1 AND parent_id = $2
                   AND entity IN ('order', 'delivery', 'return_note', 'payment') AND NOT deleted",
                &[&self.org, &customer.0],
            )
            .map_err(err)?;
        let mut ledger = fairdesk_core::receivables::CustomerLedger::default();
        for r in rows {
            let entity: String = r.get(0);
            let doc: serde_json::Value = r.get(1);
            match entity.as_str() {
                "order" => {
                    let o: fairdesk_core::order::Order =
                        serde_json::from_value(doc).map_err(err)?;
                    if !matches!(
                        o.status,
                        fairdesk_core::order::OrderStatus::Draft
                            | fairdesk_core::order::OrderStatus::Cancelled
                    ) {
                        ledger.orders.push(o);
                    }
                }
                "delivery" => ledger
                    .deliveries
                    .push(serde_json::from_value(doc).map_err(err)?),
                "return_note" => ledger
                    .returns
                    .push(serde_json::from_value(doc).map_err(err)?),
                _ => ledger
                    .payments
                    .push(serde_json::from_value(doc).map_err(err)?),
            }
        }
        Ok(ledger)
    }
}

impl fairdesk_core::invoice::InvoiceReader for PgReader<'_, '_> {
    fn invoice(&self, id: Id) -> Result<Option<fairdesk_core::invoice::Invoice>, ReadError> {
        self.doc("invoice", id)
    }

    fn invoice_with_tax_number(&self, number: &str) -> Result<Option<Id>, ReadError> {
        let row = self
            .flushed()?
            .query_opt(
                "SELECT id FROM rows WHERE org_id = $1 AND entity = 'invoice'
                   AND doc->'issued'->>'number' = $2 AND doc->>'status' <> 'withdrawn' LIMIT 1",
                &[&self.org, &number],
            )
            .map_err(err)?;
        Ok(row.map(|r| Id(r.get(0))))
    }
}

impl fairdesk_core::quota::QuotaReader for PgReader<'_, '_> {
    fn desk_quota(
        &self,
        device: Id,
        product: Id,
        warehouse: Id,
    ) -> Result<fairdesk_core::quota::DeskQuota, ReadError> {
        let row = self
            .flushed()?
            .query_one(
                &self.sql.desk_quota,
                &[
                    &self.org,
                    &product.to_string(),
                    &warehouse.to_string(),
                    &device.to_string(),
                ],
            )
            .map_err(err)?;
        let outstanding: String = row.get(0);
        Ok(fairdesk_core::quota::DeskQuota {
            outstanding: outstanding.parse().map_err(err)?,
            on_quota: row.get(1),
        })
    }

    fn desk_quota_moves(
        &self,
        device: Id,
    ) -> Result<Vec<fairdesk_core::quota::QuotaMove>, ReadError> {
        let rows = self
            .flushed()?
            .query(
                "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'stock_quota'
                   AND doc->>'device_id' = $2 ORDER BY id",
                &[&self.org, &device.to_string()],
            )
            .map_err(err)?;
        rows.into_iter()
            .map(|r| serde_json::from_value(r.get(0)).map_err(err))
            .collect()
    }

    /// The server sees the company's pool as it is.
    fn live_pool(&self) -> bool {
        true
    }
}

impl StateReader for PgReader<'_, '_> {
    fn customer(&self, id: Id) -> Result<Option<Customer>, ReadError> {
        self.doc("customer", id)
    }

    fn customer_ids_owned_by(&self, owner: Id) -> Result<Vec<Id>, ReadError> {
        let rows = self
            .flushed()?
            .query(&self.sql.owned, &[&self.org, &owner.0])
            .map_err(err)?;
        Ok(rows.iter().map(|r| Id(r.get(0))).collect())
    }

    fn tag(&self, id: Id) -> Result<Option<Tag>, ReadError> {
        self.doc("tag", id)
    }

    fn user(&self, id: Id) -> Result<Option<User>, ReadError> {
        if let Some(u) = self.users.borrow().get(&id) {
            return Ok(u.clone());
        }
        let u: Option<User> = self.doc("user", id)?;
        self.users.borrow_mut().insert(id, u.clone());
        Ok(u)
    }

    fn follow_up_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.doc::<serde_json::Value>("follow_up", id)?.is_some())
    }

    fn product(&self, id: Id) -> Result<Option<Product>, ReadError> {
        self.doc("product", id)
    }

    fn product_by_code(&self, code: &str) -> Result<Option<Id>, ReadError> {
        let row = self
            .flushed()?
            .query_opt(&self.sql.product_by_code, &[&self.org, &code])
            .map_err(err)?;
        Ok(row.map(|r| Id(r.get(0))))
    }

    fn category(&self, id: Id) -> Result<Option<Category>, ReadError> {
        self.doc("category", id)
    }

    fn warehouse(&self, id: Id) -> Result<Option<Warehouse>, ReadError> {
        self.doc("warehouse", id)
    }

    fn stock_level(&self, product: Id, warehouse: Id) -> Result<StockLevel, ReadError> {
        let (on_hand, _) = self.stock(product, warehouse)?;
        let row = self
            .flushed()?
            .query_one(
                &self.sql.reserved,
                &[&self.org, &product.to_string(), &warehouse.to_string()],
            )
            .map_err(err)?;
        let reserved: String = row.get(0);
        let quota: String = self
            .flushed()?
            .query_one(
                &self.sql.quota,
                &[&self.org, &product.to_string(), &warehouse.to_string()],
            )
            .map_err(err)?
            .get(0);
        Ok(StockLevel {
            on_hand,
            reserved: reserved.parse().map_err(err)?,
            quota: quota.parse().map_err(err)?,
        })
    }

    fn has_stock_moves(&self, product: Id, warehouse: Id) -> Result<bool, ReadError> {
        Ok(self.stock(product, warehouse)?.1 > 0)
    }

    fn stock_move_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.doc::<serde_json::Value>("stock_move", id)?.is_some())
    }

    fn pricing_policy(&self) -> Result<Option<PolicyDoc>, ReadError> {
        self.doc("pricing_policy", Id::NIL)
    }

    fn price_rule(&self, id: Id) -> Result<Option<PriceRule>, ReadError> {
        self.doc("price_rule", id)
    }

    fn company(&self) -> Result<Option<CompanyDoc>, ReadError> {
        self.doc("company", Id::NIL)
    }

    fn quote(&self, id: Id) -> Result<Option<Quote>, ReadError> {
        self.doc("quote", id)
    }

    fn ordered_qty(
        &self,
        customer: Id,
        product: Id,
        since_ms: i64,
        except: Id,
    ) -> Result<Vec<rust_decimal::Decimal>, ReadError> {
        let rows = self
            .flushed()?
            .query(
                "SELECT l->>'qty' FROM rows r, jsonb_array_elements(r.doc->'lines') l
                 WHERE r.org_id = $1 AND r.entity = 'order' AND r.doc->>'customer_id' = $2
                   AND r.id <> $5 AND r.doc->>'status' NOT IN ('draft', 'cancelled')
                   AND (r.doc->'meta'->>'updated_at')::bigint >= $4 AND l->>'product_id' = $3",
                &[
                    &self.org,
                    &customer.to_string(),
                    &product.to_string(),
                    &since_ms,
                    &except.0,
                ],
            )
            .map_err(err)?;
        rows.iter()
            .map(|r| r.get::<_, String>(0).parse().map_err(err))
            .collect()
    }

    fn order(&self, id: Id) -> Result<Option<fairdesk_core::order::Order>, ReadError> {
        self.doc("order", id)
    }

    fn receivable_orders(
        &self,
        customer: Id,
    ) -> Result<Vec<fairdesk_core::order::Order>, ReadError> {
        let states: Vec<String> = fairdesk_core::order::RECEIVABLE
            .iter()
            .map(|s| serde_json::to_value(s).map(|v| v.as_str().unwrap_or_default().to_string()))
            .collect::<Result<_, _>>()
            .map_err(err)?;
        let rows = self
            .flushed()?
            .query(
                "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'order'
                   AND doc->>'customer_id' = $2 AND doc->>'status' = ANY($3)",
                &[&self.org, &customer.to_string(), &states],
            )
            .map_err(err)?;
        rows.into_iter()
            .map(|r| serde_json::from_value(r.get(0)).map_err(err))
            .collect()
    }

    fn quote_versions(&self, need_id: Id) -> Result<Vec<Quote>, ReadError> {
        let rows = self
            .flushed()?
            .query(&self.sql.versions, &[&self.org, &need_id.to_string()])
            .map_err(err)?;
        rows.into_iter()
            .map(|r| serde_json::from_value(r.get(0)).map_err(err))
            .collect()
    }
}

impl PgReader<'_, '_> {
    /// On hand (sum of the ledger) and how many moves there are.
    fn stock(&self, product: Id, warehouse: Id) -> Result<(rust_decimal::Decimal, i64), ReadError> {
        let row = self
            .flushed()?
            .query_one(
                &self.sql.stock,
                &[&self.org, &product.to_string(), &warehouse.to_string()],
            )
            .map_err(err)?;
        let sum: String = row.get(0);
        Ok((sum.parse().map_err(err)?, row.get(1)))
    }
}
