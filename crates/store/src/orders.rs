//! Orders on this desk: creating one (from an accepted quote or directly) under the next SO
//! number, and the order screen's view.

use crate::queries::{customers, orders, quotes, users};
use crate::{Store, StoreError};
use fairdesk_core::docnumber::prefix;
use fairdesk_core::error::{DomainError, Entity, ErrorCode};
use fairdesk_core::ids::Id;
use fairdesk_core::order::{
    released, suggest_warehouse, OrderData, OrderLine, OrderView, PaymentTerms, WarehouseOffer,
};
use fairdesk_core::pricing::round_price;
use fairdesk_core::quote::{effective_unit_price, QuoteStatus};
use fairdesk_core::{Money, Mutation};

impl Store {
    /// Creates a draft order under the next SO number of this desk.
    pub fn create_order(&mut self, data: OrderData) -> Result<(Id, String), StoreError> {
        let actor = self.current_actor()?;
        let id = self.new_id();
        let mut number = String::new();
        self.submit_as(&actor, |n| {
            number = n.next(prefix::ORDER);
            Mutation::SaveOrder {
                id,
                number: number.clone(),
                data,
            }
        })?;
        Ok((id, number))
    }

    /// An accepted quote's lines and prices as an order (the header discount folded into the
    /// unit prices), shipped to the customer's address, paid before shipping unless changed.
    pub fn order_from_quote(&self, quote_id: Id) -> Result<OrderData, StoreError> {
        let conn = self.conn();
        let q = quotes::get(conn, quote_id)?.ok_or(DomainError::NotFound {
            entity: Entity::Quote,
            id: quote_id,
        })?;
        if q.status != QuoteStatus::Accepted {
            return Err(DomainError::field("quote_id", ErrorCode::UnknownChoice).into());
        }
        let c = customers::get(conn, q.data.customer_id)?.ok_or(DomainError::NotFound {
            entity: Entity::Customer,
            id: q.data.customer_id,
        })?;
        let first_warehouse = crate::queries::catalog::warehouses(conn)?
            .into_iter()
            .find(|w| w.data.active)
            .map(|w| w.id);
        let lines: Vec<OrderLine> = q
            .data
            .lines
            .iter()
            .map(|l| OrderLine {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                qty: l.qty,
                unit_price: round_price(effective_unit_price(&q.data, l)),
                tax_rate: l.tax_rate,
                warehouse_id: l.warehouse_id.or(first_warehouse).unwrap_or(Id::NIL),
            })
            .collect();
        // The nearest warehouse that has all (or most) of it ships the order (changeable).
        let mut offers = Vec::new();
        for w in crate::queries::catalog::warehouses(conn)?
            .into_iter()
            .filter(|w| w.data.active)
        {
            let mut covered = rust_decimal::Decimal::ZERO;
            for l in &q.data.lines {
                let level = crate::queries::catalog::product_stock(conn, l.product_id)?
                    .into_iter()
                    .find(|s| s.warehouse_id == w.id)
                    .map(|s| s.available)
                    .unwrap_or_default();
                covered += l.qty.min(level.max(rust_decimal::Decimal::ZERO));
            }
            offers.push(WarehouseOffer {
                id: w.id,
                name: w.data.name,
                province: w.data.province,
                city: w.data.city,
                covered,
            });
        }
        let needed = q.data.lines.iter().map(|l| l.qty).sum();
        let suggestion = suggest_warehouse(
            &offers,
            needed,
            (&c.data.province, &c.data.city),
            self.lang(),
        );
        let mut lines: Vec<OrderLine> = lines;
        if let Some(s) = &suggestion {
            for l in &mut lines {
                l.warehouse_id = s.warehouse_id;
            }
        }
        Ok(OrderData {
            warehouse_reason: suggestion.map(|s| s.reason).unwrap_or_default(),
            customer_id: q.data.customer_id,
            quote_id: Some(q.id),
            address: format!("{}{}{}", c.data.province, c.data.city, c.data.address),
            terms: PaymentTerms::PayBeforeShipping,
            expected_ship: None,
            tax_inclusive: q.data.tax_inclusive,
            lines,
            notes: String::new(),
        })
    }

    pub fn order_view(&self, id: Id) -> Result<OrderView, StoreError> {
        let conn = self.conn();
        let order = orders::get(conn, id)?.ok_or(DomainError::NotFound {
            entity: Entity::Order,
            id,
        })?;
        let customer_name = customers::get(conn, order.data.customer_id)?
            .map(|c| c.data.name)
            .unwrap_or_default();
        let approved_by_name = match order.approved_by {
            Some(u) => users::get(conn, u)?.map(|u| u.data.name),
            None => None,
        };
        Ok(OrderView {
            released: released(&order, Money::ZERO),
            history: customers::history(conn, id)?,
            customer_name,
            approved_by_name,
            order,
        })
    }
}
