//! Shipping and payments on this desk: the picking view, confirming a delivery under the next
//! FH number, closing a rest, returns under TH numbers, and payments against an order.

use crate::queries::{catalog, customers, orders, shipping};
use crate::{Store, StoreError};
use fairdesk_core::docnumber::prefix;
use fairdesk_core::error::{DomainError, Entity};
use fairdesk_core::ids::Id;
use fairdesk_core::order::{released, Order};
use fairdesk_core::receivables::{OrderPayments, PaymentData};
use fairdesk_core::shipping::{
    delivery_alerts, picking, DeliveryAlert, DeliveryData, PickingView, ReturnData,
};
use fairdesk_core::{Money, Mutation};

impl Store {
    fn order_or_missing(&self, id: Id) -> Result<Order, StoreError> {
        Ok(orders::get(self.conn(), id)?.ok_or(DomainError::NotFound {
            entity: Entity::Order,
            id,
        })?)
    }

    /// The warehouse's view of an order: per line ordered / shipped / open / held, the
    /// products' barcodes for scanning, and the deliveries and returns so far.
    pub fn picking_view(&self, id: Id) -> Result<PickingView, StoreError> {
        let conn = self.conn();
        let order = self.order_or_missing(id)?;
        let customer_name = customers::get(conn, order.data.customer_id)?
            .map(|c| c.data.name)
            .unwrap_or_default();
        let mut barcodes = Vec::with_capacity(order.data.lines.len());
        for l in &order.data.lines {
            barcodes.push(
                catalog::product(conn, l.product_id)?
                    .map(|p| p.data.barcode)
                    .unwrap_or_default(),
            );
        }
        let names = catalog::warehouses(conn)?;
        let mut warehouses: Vec<(Id, String)> = Vec::new();
        for l in &order.data.lines {
            if !warehouses.iter().any(|(w, _)| *w == l.warehouse_id) {
                let name = names
                    .iter()
                    .find(|w| w.id == l.warehouse_id)
                    .map(|w| w.data.name.clone())
                    .unwrap_or_default();
                warehouses.push((l.warehouse_id, name));
            }
        }
        Ok(PickingView {
            order_id: order.id,
            order_number: order.number.clone(),
            customer_name,
            address: order.data.address.clone(),
            status: order.status,
            released: released(&order, shipping::paid(conn, id)?),
            lines: picking(&order),
            barcodes,
            warehouses,
            deliveries: shipping::deliveries_of(conn, id)?,
            returns: shipping::returns_of(conn, id)?,
            close_reason: order.close_reason.clone(),
        })
    }

    /// Confirms a delivery (出库) under the next FH number of this desk.
    pub fn ship(&mut self, data: DeliveryData) -> Result<(Id, String), StoreError> {
        let actor = self.current_actor()?;
        let id = self.new_id();
        let mut number = String::new();
        self.submit_as(&actor, |n| {
            number = n.next(prefix::DELIVERY);
            Mutation::ShipDelivery {
                id,
                number: number.clone(),
                data,
            }
        })?;
        Ok((id, number))
    }

    /// Closes what is still open on a partly shipped order (客户不要了), with the reason.
    pub fn close_order_rest(&mut self, id: Id, reason: &str) -> Result<(), StoreError> {
        self.submit(Mutation::CloseOrderRest {
            id,
            reason: reason.to_string(),
        })
        .map(drop)
    }

    /// Takes shipped goods back (销售退货) under the next TH number of this desk.
    pub fn return_goods(&mut self, data: ReturnData) -> Result<(Id, String), StoreError> {
        let actor = self.current_actor()?;
        let id = self.new_id();
        let mut number = String::new();
        self.submit_as(&actor, |n| {
            number = n.next(prefix::RETURN);
            Mutation::ReturnGoods {
                id,
                number: number.clone(),
                data,
            }
        })?;
        Ok((id, number))
    }

    /// Open tracking alerts (物流异常) of the deliveries this user looks after, as of now.
    pub fn tracking_alerts(&self) -> Result<Vec<DeliveryAlert>, StoreError> {
        let actor = self.current_actor()?;
        let deliveries = shipping::tracked_in_transit(self.conn(), &actor)?;
        let now = fairdesk_core::mutation::local_time(self.now_ms());
        Ok(delivery_alerts(&deliveries, &self.company()?, now))
    }

    /// Closes a tracking alert with a note of what was done.
    pub fn close_track_alert(
        &mut self,
        delivery_id: Id,
        key: &str,
        note: &str,
    ) -> Result<(), StoreError> {
        self.submit(Mutation::CloseTrackAlert {
            delivery_id,
            key: key.to_string(),
            note: note.to_string(),
        })
        .map(drop)
    }

    /// Alerts this desk has not announced yet (for the desktop notification); each is
    /// announced once. `None` when there is nothing new.
    pub fn new_tracking_alerts(&mut self) -> Result<Option<Vec<DeliveryAlert>>, StoreError> {
        const SEEN: &str = "tracking_alerts_notified";
        let open = self.tracking_alerts()?;
        let seen: Vec<String> = self
            .setting(SEEN)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let fresh: Vec<DeliveryAlert> = open
            .iter()
            .filter(|a| !seen.contains(&a.alert.key))
            .cloned()
            .collect();
        // Only the open ones are remembered: the list stays as short as the alerts.
        let keys: Vec<&str> = open.iter().map(|a| a.alert.key.as_str()).collect();
        self.set_setting(SEEN, &serde_json::to_string(&keys).unwrap_or_default())?;
        Ok((!fresh.is_empty()).then_some(fresh))
    }

    pub fn record_payment(&mut self, data: PaymentData) -> Result<Id, StoreError> {
        let id = self.new_id();
        self.submit(Mutation::RecordPayment { id, data })?;
        Ok(id)
    }

    /// What payments on the customer's account settled of the order's goods today: what its
    /// deliveries have settled, less what its own money (payments and return credits) paid.
    fn settled_on_account(&self, order: &Order) -> Result<Money, StoreError> {
        use fairdesk_core::receivables::{settle, PaymentReader};
        let conn = self.conn();
        let on_account: i64 = conn.query_row(
            "SELECT count(*) FROM payments WHERE customer_id = ?1 AND order_id = ''",
            [order.data.customer_id.to_string()],
            |r| r.get(0),
        )?;
        if on_account == 0 {
            return Ok(Money::ZERO);
        }
        let ledger = crate::reader::TxReader(conn)
            .customer_ledger(order.data.customer_id)
            .map_err(|e| StoreError::Corrupt(e.0))?;
        let receivables = ledger.receivables();
        let s = settle(&receivables, &ledger.payments, self.today());
        let settled: Money = s
            .items
            .iter()
            .filter(|i| i.receivable.order_id == order.id)
            .map(|i| i.settled)
            .sum();
        let own: Money = ledger
            .payments
            .iter()
            .filter(|p| p.data.order_id == Some(order.id) && p.data.date <= self.today())
            .map(|p| p.data.amount)
            .sum::<Money>()
            - receivables
                .iter()
                .filter(|r| r.order_id == order.id && r.amount.is_negative())
                .map(|r| r.amount)
                .sum::<Money>();
        let left = s.advances.get(&order.id).copied().unwrap_or_default();
        Ok((settled - (own - left)).max(Money::ZERO))
    }

    /// The order list of a role queue (newest first), each order's `paid` including what
    /// payments on its customer's account settled of its goods.
    pub fn order_list(
        &self,
        queue: fairdesk_core::order::OrderQueue,
        limit: u32,
    ) -> Result<Vec<fairdesk_core::order::OrderRow>, StoreError> {
        let actor = self.current_actor()?;
        let mut rows = orders::list(self.conn(), &actor, queue, limit)?;
        let shipped = [
            fairdesk_core::order::OrderStatus::PartiallyShipped,
            fairdesk_core::order::OrderStatus::Shipped,
            fairdesk_core::order::OrderStatus::Completed,
        ];
        for row in rows.iter_mut().filter(|r| shipped.contains(&r.status)) {
            if let Some(o) = orders::get(self.conn(), row.id)? {
                row.paid = row.paid + self.settled_on_account(&o)?;
            }
        }
        Ok(rows)
    }

    /// Records 收款 on a customer's account and allocates an advance later (by hand).
    pub fn allocate_payment(
        &mut self,
        id: Id,
        allocations: Vec<fairdesk_core::receivables::Allocation>,
    ) -> Result<(), StoreError> {
        self.submit(Mutation::AllocatePayment { id, allocations })
            .map(drop)
    }

    /// An order's payments, what they add up to and what is still open.
    pub fn order_payments(&self, id: Id) -> Result<OrderPayments, StoreError> {
        let conn = self.conn();
        let order = self.order_or_missing(id)?;
        let payments = shipping::payments_of(conn, id)?;
        let own = fairdesk_core::receivables::paid_total(&payments);
        let on_account = self.settled_on_account(&order)?;
        let paid = own + on_account;
        let total = order.total();
        Ok(OrderPayments {
            order_id: id,
            total,
            paid,
            open: Money::round(total.decimal() - paid.decimal()),
            on_account,
            released: released(&order, paid)
                || !matches!(
                    order.status,
                    fairdesk_core::order::OrderStatus::Draft
                        | fairdesk_core::order::OrderStatus::Submitted
                        | fairdesk_core::order::OrderStatus::Approved
                        | fairdesk_core::order::OrderStatus::Cancelled
                ),
            payments,
        })
    }
}
