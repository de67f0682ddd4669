//! The domain's view of current state, read inside the write transaction.

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
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;

pub struct TxReader<'a>(pub &'a Connection);

fn err(e: impl std::fmt::Display) -> ReadError {
    ReadError(e.to_string())
}

impl TxReader<'_> {
    /// Every row's JSON document a query returns, parsed.
    fn docs<T: DeserializeOwned>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>, ReadError> {
        let mut stmt = self.0.prepare_cached(sql).map_err(err)?;
        let docs = stmt
            .query_map(params, |r| r.get::<_, String>(0))
            .map_err(err)?
            .map(|r| {
                r.map_err(err)
                    .and_then(|j| serde_json::from_str(&j).map_err(err))
            })
            .collect();
        docs
    }

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

impl fairdesk_core::shipping::ShippingReader for TxReader<'_> {
    fn delivery(&self, id: Id) -> Result<Option<fairdesk_core::shipping::Delivery>, ReadError> {
        self.doc("SELECT doc FROM deliveries WHERE id = ?1", id)
    }

    fn delivery_with_tracking(&self, number: &str) -> Result<Option<(Id, String)>, ReadError> {
        let row: Option<(String, String)> = self
            .0
            .prepare_cached(
                "SELECT d.id, d.number FROM delivery_parcels p JOIN deliveries d ON d.id = p.delivery_id
                 WHERE p.tracking_no = ?1 LIMIT 1",
            )
            .map_err(err)?
            .query_row([number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(err)?;
        row.map(|(id, n)| Ok((id.parse().map_err(err)?, n)))
            .transpose()
    }

    fn return_exists(&self, id: Id) -> Result<bool, ReadError> {
        self.exists("SELECT 1 FROM return_notes WHERE id = ?1", id)
    }
}

impl fairdesk_core::receivables::PaymentReader for TxReader<'_> {
    fn payments_of(
        &self,
        order: Id,
    ) -> Result<Vec<fairdesk_core::receivables::Payment>, ReadError> {
        self.docs(
            "SELECT doc FROM payments WHERE order_id = ?1 ORDER BY date, id",
            [order.to_string()],
        )
    }

    fn payment_exists(&self, id: Id) -> Result<bool, ReadError> {
        self.exists("SELECT 1 FROM payments WHERE id = ?1", id)
    }

    fn payment(&self, id: Id) -> Result<Option<fairdesk_core::receivables::Payment>, ReadError> {
        self.doc("SELECT doc FROM payments WHERE id = ?1", id)
    }

    fn customer_ledger(
        &self,
        customer: Id,
    ) -> Result<fairdesk_core::receivables::CustomerLedger, ReadError> {
        let c = customer.to_string();
        Ok(fairdesk_core::receivables::CustomerLedger {
            orders: self.docs(
                "SELECT doc FROM orders WHERE customer_id = ?1
                   AND status NOT IN ('draft', 'cancelled')",
                [&c],
            )?,
            deliveries: self.docs(
                "SELECT doc FROM deliveries WHERE customer_id = ?1 ORDER BY created_at, number",
                [&c],
            )?,
            returns: self.docs(
                "SELECT doc FROM return_notes WHERE customer_id = ?1 ORDER BY created_at, number",
                [&c],
            )?,
            payments: self.docs(
                "SELECT doc FROM payments WHERE customer_id = ?1 ORDER BY date, id",
                [&c],
            )?,
        })
    }
}

impl fairdesk_core::quota::QuotaReader for TxReader<'_> {
    fn desk_quota(
        &self,
        device: Id,
        product: Id,
        warehouse: Id,
    ) -> Result<fairdesk_core::quota::DeskQuota, ReadError> {
        self.0
            .prepare_cached(
                "SELECT coalesce(sum(qty_milli), 0), coalesce(max(kind = 'grant'), 0)
                 FROM stock_quotas WHERE device_id = ?1 AND product_id = ?2 AND warehouse_id = ?3",
            )
            .map_err(err)?
            .query_row(
                [
                    device.to_string(),
                    product.to_string(),
                    warehouse.to_string(),
                ],
                |r| {
                    Ok(fairdesk_core::quota::DeskQuota {
                        outstanding: crate::rows::from_milli(r.get(0)?),
                        on_quota: r.get(1)?,
                    })
                },
            )
            .map_err(err)
    }

    fn desk_quota_moves(
        &self,
        device: Id,
    ) -> Result<Vec<fairdesk_core::quota::QuotaMove>, ReadError> {
        self.docs(
            "SELECT doc FROM stock_quotas WHERE device_id = ?1 ORDER BY id",
            [device.to_string()],
        )
    }

    /// A desk knows the pool only as of its last sync.
    fn live_pool(&self) -> bool {
        false
    }
}

impl fairdesk_core::invoice::InvoiceReader for TxReader<'_> {
    fn invoice(&self, id: Id) -> Result<Option<fairdesk_core::invoice::Invoice>, ReadError> {
        self.doc("SELECT doc FROM invoices WHERE id = ?1", id)
    }

    fn invoice_with_tax_number(&self, number: &str) -> Result<Option<Id>, ReadError> {
        let id: Option<String> = self
            .0
            .prepare_cached(
                "SELECT id FROM invoices WHERE tax_number = ?1 AND status <> 'withdrawn' LIMIT 1",
            )
            .map_err(err)?
            .query_row([number], |r| r.get(0))
            .optional()
            .map_err(err)?;
        id.map(|s| s.parse().map_err(err)).transpose()
    }
}

impl TxReader<'_> {
    fn exists(&self, sql: &str, id: Id) -> Result<bool, ReadError> {
        self.0
            .prepare_cached(sql)
            .map_err(err)?
            .query_row([id.to_string()], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(err)
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

    fn product(&self, id: Id) -> Result<Option<Product>, ReadError> {
        self.doc("SELECT doc FROM products WHERE id = ?1", id)
    }

    fn product_by_code(&self, code: &str) -> Result<Option<Id>, ReadError> {
        let id: Option<String> = self
            .0
            .prepare_cached(
                "SELECT id FROM products WHERE deleted = 0 AND (sku = ?1 OR (barcode = ?1 AND barcode <> ''))",
            )
            .map_err(err)?
            .query_row([code], |r| r.get(0))
            .optional()
            .map_err(err)?;
        id.map(|s| s.parse().map_err(err)).transpose()
    }

    fn category(&self, id: Id) -> Result<Option<Category>, ReadError> {
        self.doc("SELECT doc FROM categories WHERE id = ?1", id)
    }

    fn warehouse(&self, id: Id) -> Result<Option<Warehouse>, ReadError> {
        self.doc("SELECT doc FROM warehouses WHERE id = ?1", id)
    }

    fn stock_level(&self, product: Id, warehouse: Id) -> Result<StockLevel, ReadError> {
        let level = self
            .0
            .prepare_cached(
                "SELECT on_hand_milli, reserved_milli, quota_milli FROM stock_levels
                 WHERE product_id = ?1 AND warehouse_id = ?2",
            )
            .map_err(err)?
            .query_row([product.to_string(), warehouse.to_string()], |r| {
                Ok(StockLevel {
                    on_hand: crate::rows::from_milli(r.get(0)?),
                    reserved: crate::rows::from_milli(r.get(1)?),
                    quota: crate::rows::from_milli(r.get(2)?),
                })
            })
            .optional()
            .map_err(err)?;
        Ok(level.unwrap_or_default())
    }

    fn has_stock_moves(&self, product: Id, warehouse: Id) -> Result<bool, ReadError> {
        self.0
            .prepare_cached("SELECT 1 FROM stock_moves WHERE product_id = ?1 AND warehouse_id = ?2")
            .map_err(err)?
            .exists([product.to_string(), warehouse.to_string()])
            .map_err(err)
    }

    fn stock_move_exists(&self, id: Id) -> Result<bool, ReadError> {
        self.0
            .prepare_cached("SELECT 1 FROM stock_moves WHERE id = ?1")
            .map_err(err)?
            .exists([id.to_string()])
            .map_err(err)
    }

    fn pricing_policy(&self) -> Result<Option<PolicyDoc>, ReadError> {
        self.singleton("pricing_policy")
    }

    fn price_rule(&self, id: Id) -> Result<Option<PriceRule>, ReadError> {
        self.doc("SELECT doc FROM price_rules WHERE id = ?1", id)
    }

    fn company(&self) -> Result<Option<CompanyDoc>, ReadError> {
        self.singleton("company")
    }

    fn quote(&self, id: Id) -> Result<Option<Quote>, ReadError> {
        self.doc("SELECT doc FROM quotes WHERE id = ?1", id)
    }

    fn ordered_qty(
        &self,
        customer: Id,
        product: Id,
        since_ms: i64,
        except: Id,
    ) -> Result<Vec<rust_decimal::Decimal>, ReadError> {
        let mut stmt = self
            .0
            .prepare_cached(
                "SELECT json_extract(l.value, '$.qty') FROM orders o, json_each(o.doc, '$.lines') l
                 WHERE o.customer_id = ?1 AND o.id <> ?4 AND o.status NOT IN ('draft', 'cancelled')
                   AND o.updated_at >= ?3 AND json_extract(l.value, '$.product_id') = ?2",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map(
                rusqlite::params![
                    customer.to_string(),
                    product.to_string(),
                    since_ms,
                    except.to_string()
                ],
                |r| r.get::<_, String>(0),
            )
            .map_err(err)?;
        rows.map(|r| r.map_err(err).and_then(|s| s.parse().map_err(err)))
            .collect()
    }

    fn order(&self, id: Id) -> Result<Option<fairdesk_core::order::Order>, ReadError> {
        self.doc("SELECT doc FROM orders WHERE id = ?1", id)
    }

    fn receivable_orders(
        &self,
        customer: Id,
    ) -> Result<Vec<fairdesk_core::order::Order>, ReadError> {
        self.docs(
            "SELECT doc FROM orders WHERE customer_id = ?1
               AND status IN (SELECT value FROM json_each(?2))",
            rusqlite::params![customer.to_string(), receivable_states()],
        )
    }

    fn quote_versions(&self, need_id: Id) -> Result<Vec<Quote>, ReadError> {
        self.docs(
            "SELECT doc FROM quotes WHERE need_id = ?1 ORDER BY version",
            [need_id.to_string()],
        )
    }
}

impl TxReader<'_> {
    fn singleton<T: DeserializeOwned>(&self, entity: &str) -> Result<Option<T>, ReadError> {
        let json: Option<String> = self
            .0
            .prepare_cached("SELECT doc FROM singletons WHERE entity = ?1")
            .map_err(err)?
            .query_row([entity], |r| r.get(0))
            .optional()
            .map_err(err)?;
        json.map(|j| serde_json::from_str(&j).map_err(err))
            .transpose()
    }
}

/// The domain's receivable states as a JSON array of their stored codes.
pub(crate) fn receivable_states() -> String {
    serde_json::to_string(&fairdesk_core::order::RECEIVABLE).unwrap_or_default()
}
