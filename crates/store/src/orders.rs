//! Orders on this desk: creating one (from an accepted quote or directly) under the next SO
//! number, and the order screen's view.

use crate::queries::{catalog, customers, orders, quotes, users};
use crate::{Store, StoreError};
use fairdesk_core::customer::Customer;
use fairdesk_core::docnumber::prefix;
use fairdesk_core::error::{DomainError, Entity, ErrorCode};
use fairdesk_core::ids::Id;
use fairdesk_core::order::{
    released, suggest_warehouse, OrderData, OrderLine, OrderView, PaymentTerms, Suggestion,
    WarehouseOffer,
};
use fairdesk_core::pricing::round_price;
use fairdesk_core::quote::{effective_unit_price, QuoteStatus};
use fairdesk_core::Mutation;
use rust_decimal::Decimal;

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
        let first_warehouse = catalog::warehouses(conn)?
            .into_iter()
            .find(|w| w.data.active)
            .map(|w| w.id);
        let lines = q
            .data
            .lines
            .iter()
            .map(|l| OrderLine {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                spec: l.spec.clone(),
                unit: l.unit.clone(),
                qty: l.qty,
                unit_price: round_price(effective_unit_price(&q.data, l)),
                tax_rate: l.tax_rate,
                warehouse_id: l.warehouse_id.or(first_warehouse).unwrap_or(Id::NIL),
            })
            .collect();
        let mut data = OrderData {
            quote_id: Some(q.id),
            tax_inclusive: q.data.tax_inclusive,
            lines,
            ..self.blank_order(&c)
        };
        self.suggest_warehouses(&mut data)?;
        Ok(data)
    }

    /// A draft entered directly: no lines yet, to the customer's first address, on the
    /// customer's terms (款到发货 for a customer without).
    pub fn order_for_customer(&self, customer_id: Id) -> Result<OrderData, StoreError> {
        let c = customers::get(self.conn(), customer_id)?.ok_or(DomainError::NotFound {
            entity: Entity::Customer,
            id: customer_id,
        })?;
        Ok(self.blank_order(&c))
    }

    fn blank_order(&self, c: &Customer) -> OrderData {
        let to = c.data.addresses().into_iter().next().unwrap_or_default();
        OrderData {
            customer_id: c.id,
            quote_id: None,
            address: to.line(),
            province: to.province,
            city: to.city,
            terms: c
                .data
                .payment_terms
                .unwrap_or(PaymentTerms::PayBeforeShipping),
            expected_ship: None,
            tax_inclusive: true,
            lines: Vec::new(),
            notes: String::new(),
            warehouse_reason: String::new(),
        }
    }

    /// Every line from the nearest warehouse that has all (or most) of the goods, with the
    /// reason on the order. Lines can be moved to another warehouse afterwards.
    pub fn suggest_warehouses(&self, data: &mut OrderData) -> Result<(), StoreError> {
        // Nothing to ship yet, nothing to explain (each added line gets its own nearest).
        if data.lines.is_empty() {
            data.warehouse_reason.clear();
            return Ok(());
        }
        let needs: Vec<(Id, Decimal)> = data.lines.iter().map(|l| (l.product_id, l.qty)).collect();
        if let Some(s) = self.nearest_with(&needs, (&data.province, &data.city))? {
            for l in &mut data.lines {
                l.warehouse_id = s.warehouse_id;
            }
            data.warehouse_reason = s.reason;
        }
        Ok(())
    }

    /// The nearest active warehouse covering most of `needs` for an address.
    fn nearest_with(
        &self,
        needs: &[(Id, Decimal)],
        to: (&str, &str),
    ) -> Result<Option<Suggestion>, StoreError> {
        let conn = self.conn();
        let mut offers = Vec::new();
        let stock: Vec<_> = needs
            .iter()
            .map(|(p, _)| catalog::product_stock(conn, *p))
            .collect::<Result<_, _>>()?;
        for w in catalog::warehouses(conn)?
            .into_iter()
            .filter(|w| w.data.active)
        {
            let covered = needs
                .iter()
                .zip(&stock)
                .map(|((_, qty), levels)| {
                    let here = levels
                        .iter()
                        .find(|s| s.warehouse_id == w.id)
                        .map(|s| s.for_this_desk())
                        .unwrap_or_default();
                    (*qty).min(here.max(Decimal::ZERO))
                })
                .sum();
            offers.push(WarehouseOffer {
                id: w.id,
                name: w.data.name,
                province: w.data.province,
                city: w.data.city,
                covered,
            });
        }
        let needed = needs.iter().map(|(_, q)| *q).sum();
        Ok(suggest_warehouse(&offers, needed, to, self.lang()))
    }

    /// Ships the draft to another of the customer's addresses (by its place in
    /// [`fairdesk_core::customer::CustomerData::addresses`]), and suggests warehouses anew.
    pub fn order_set_address(&mut self, id: Id, index: usize) -> Result<(), StoreError> {
        let mut data = self.order_data(id)?;
        let c = customers::get(self.conn(), data.customer_id)?.ok_or(DomainError::NotFound {
            entity: Entity::Customer,
            id: data.customer_id,
        })?;
        let to = c
            .data
            .addresses()
            .into_iter()
            .nth(index)
            .ok_or_else(|| DomainError::field("address", ErrorCode::UnknownChoice))?;
        data.address = to.line();
        data.province = to.province;
        data.city = to.city;
        self.suggest_warehouses(&mut data)?;
        self.save_order(id, data)
    }

    /// Adds a product (by SKU, barcode or name) to a draft, priced for the customer like a
    /// quote line, from the nearest warehouse that has the quantity.
    pub fn order_add_line(&mut self, id: Id, code: &str, qty: Decimal) -> Result<(), StoreError> {
        let mut data = self.order_data(id)?;
        let product = catalog::product_by_code(self.conn(), code.trim())?
            .ok_or_else(|| DomainError::field("product", ErrorCode::UnknownProduct))?;
        let info = self.line_info(data.customer_id, product.id, qty)?;
        let warehouse = match self
            .nearest_with(&[(product.id, qty)], (&data.province, &data.city))?
        {
            Some(s) => s.warehouse_id,
            None => {
                return Err(DomainError::field("lines.warehouse_id", ErrorCode::Required).into())
            }
        };
        data.lines.push(OrderLine {
            product_id: product.id,
            sku: product.data.sku.clone(),
            name: product.data.name.clone(),
            spec: product.data.spec.clone(),
            unit: product.data.unit.clone(),
            qty,
            unit_price: round_price(info.priced.unit_price),
            tax_rate: product.data.tax_rate,
            warehouse_id: warehouse,
        });
        self.save_order(id, data)
    }

    /// Saves a draft's edited data (lines, warehouses, terms, dates, notes). Saving what is
    /// already stored writes nothing (a field's change and Enter both report one edit).
    pub fn save_order(&mut self, id: Id, data: OrderData) -> Result<(), StoreError> {
        if self.order_data(id).ok().as_ref() == Some(&data) {
            return Ok(());
        }
        self.submit(Mutation::SaveOrder {
            id,
            number: String::new(),
            data,
        })
        .map(drop)
    }

    fn order_data(&self, id: Id) -> Result<OrderData, StoreError> {
        Ok(orders::get(self.conn(), id)?
            .ok_or(DomainError::NotFound {
                entity: Entity::Order,
                id,
            })?
            .data)
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
        let addresses = customers::get(conn, order.data.customer_id)?
            .map(|c| c.data.addresses())
            .unwrap_or_default();
        let stock = order
            .data
            .lines
            .iter()
            .map(|l| catalog::product_stock(conn, l.product_id))
            .collect::<Result<_, _>>()?;
        let ordered = fairdesk_core::mutation::local_date(order.meta.created_at);
        Ok(OrderView {
            schedule: order
                .data
                .terms
                .schedule(order.total(), ordered, self.lang()),
            addresses,
            stock,
            paid: crate::queries::shipping::paid(conn, id)?,
            released: released(&order, crate::queries::shipping::paid(conn, id)?),
            history: customers::history(conn, id)?,
            customer_name,
            approved_by_name,
            order,
        })
    }
}
