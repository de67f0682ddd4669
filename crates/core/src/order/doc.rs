//! The order document: what was ordered, from which warehouse, on which terms, and what the
//! stock pool could hold for each line (缺货 with the short quantity, never silently).

use super::{OrderStatus, PaymentTerms};
use crate::error::ErrorCode;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::validate::Checker;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_id: Id,
    /// Snapshot of the product when ordered.
    pub sku: String,
    pub name: String,
    /// 规格: BWB-500 and BWB-350 share a name and differ here.
    #[serde(default)]
    pub spec: String,
    pub unit: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub tax_rate: Decimal,
    pub warehouse_id: Id,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderData {
    pub customer_id: Id,
    /// The accepted quote version it came from.
    pub quote_id: Option<Id>,
    /// The delivery address as printed (place, then who receives it).
    pub address: String,
    /// Where it goes, for the nearest-warehouse suggestion.
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub city: String,
    pub terms: PaymentTerms,
    pub expected_ship: Option<NaiveDate>,
    pub tax_inclusive: bool,
    pub lines: Vec<OrderLine>,
    pub notes: String,
    /// Why the lines ship from their warehouse ("华东仓：最近且有货"), when suggested.
    #[serde(default)]
    pub warehouse_reason: String,
}

/// What the pool held for one line at submit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineStock {
    pub reserved: Decimal,
    /// 缺货: the part that could not be reserved.
    pub short: Decimal,
    /// Of `reserved`, what came from the submitting desk's quota (库存额度).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub quota: Decimal,
    /// 待确认: on a desk selling on quota, what its quota could not cover and the server has
    /// not answered yet (zero on the server's copy).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub pending: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: Id,
    /// `SO-K7-202611-0042`
    pub number: String,
    #[serde(flatten)]
    pub data: OrderData,
    pub status: OrderStatus,
    /// Per line, in line order; empty until submitted.
    pub stock: Vec<LineStock>,
    /// Open receivables plus this order exceed the customer's credit limit.
    pub over_credit: bool,
    /// What the customer owed at submit, and its limit (shown with 超信用额度).
    #[serde(default)]
    pub credit: super::CreditCheck,
    pub reject_reason: Option<String>,
    pub approved_by: Option<Id>,
    /// Per line, in line order: what left with deliveries (empty until the first one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipped: Vec<Decimal>,
    /// Per line: what came back with return notes (does not reopen the line).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub returned: Vec<Decimal>,
    /// Per line: the rest closed without shipping (客户不要了), with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_reason: Option<String>,
    /// Per line: what invoice requests took (less what issued red-letter invoices gave back);
    /// never above shipped less returned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invoiced: Vec<Decimal>,
    pub meta: RowMeta,
}

impl Order {
    /// What of line `i` is still to ship: ordered − shipped − closed.
    pub fn open(&self, i: usize) -> Decimal {
        let at = |v: &[Decimal]| v.get(i).copied().unwrap_or_default();
        self.data
            .lines
            .get(i)
            .map(|l| l.qty - at(&self.shipped) - at(&self.closed))
            .unwrap_or_default()
    }

    /// What of line `i` may still be invoiced: shipped − returned − invoiced.
    pub fn invoiceable(&self, i: usize) -> Decimal {
        let at = |v: &[Decimal]| v.get(i).copied().unwrap_or_default();
        at(&self.shipped) - at(&self.returned) - at(&self.invoiced)
    }

    /// The same when the company invoices on order (`on_order`): what was ordered and not
    /// closed or returned, less what was invoiced — once the order is approved.
    pub fn invoiceable_on(&self, i: usize, on_order: bool) -> Decimal {
        if !on_order {
            return self.invoiceable(i);
        }
        if !super::credit::RECEIVABLE.contains(&self.status) {
            return Decimal::ZERO.min(self.invoiceable(i));
        }
        let at = |v: &[Decimal]| v.get(i).copied().unwrap_or_default();
        self.data.lines.get(i).map(|l| l.qty).unwrap_or_default()
            - at(&self.closed)
            - at(&self.returned)
            - at(&self.invoiced)
    }

    /// Gross total of the goods, on the order's price basis (tax per line, half-up).
    pub fn total(&self) -> crate::Money {
        self.line_amounts()
            .into_iter()
            .fold(crate::Money::ZERO, |a, b| {
                crate::Money::round(a.decimal() + b.decimal())
            })
    }

    /// Each line's gross amount (金额), as the total adds them.
    pub fn line_amounts(&self) -> Vec<crate::Money> {
        self.data
            .lines
            .iter()
            .map(|l| {
                crate::quote::split_tax(l.qty * l.unit_price, l.tax_rate, self.data.tax_inclusive)
                    .gross
            })
            .collect()
    }
}

/// The stock one order line holds: a row of its own so the pool can be summed per product and
/// warehouse on any store. Its id is derived from the order's and the line's position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    pub id: Id,
    pub order_id: Id,
    pub product_id: Id,
    pub warehouse_id: Id,
    /// Zero once released (reject, cancel).
    pub qty: Decimal,
    pub meta: RowMeta,
}

impl Reservation {
    /// This hold's key in the pool: the same on every desk whether the desk may see the order
    /// or only the hold, and not traceable back to the order's id (a name-based hash).
    pub fn pool_id(&self) -> Id {
        if self.is_redacted() {
            self.id
        } else {
            pool_id(self.id)
        }
    }

    /// What a user who may not see the order receives of this hold: the quantity held of a
    /// product in a warehouse, under the pool key, with no order, customer, user or device.
    pub fn redacted(&self) -> Reservation {
        Reservation {
            id: self.pool_id(),
            order_id: Id::NIL,
            product_id: self.product_id,
            warehouse_id: self.warehouse_id,
            qty: self.qty,
            meta: RowMeta::NONE,
        }
    }

    /// A hold received without its order (see [`Reservation::redacted`]).
    pub fn is_redacted(&self) -> bool {
        self.order_id == Id::NIL
    }
}

/// The pool key of a hold id (a redacted hold's id is its own key).
pub fn pool_id(reservation: Id) -> Id {
    /// Namespace of pool keys (fixed: desks and server must agree forever).
    const POOL: uuid::Uuid = uuid::Uuid::from_u128(0x6f7e_1b2c_9d4a_4c1e_8a5b_3f20_7d91_c0de);
    Id(uuid::Uuid::new_v5(&POOL, reservation.0.as_bytes()))
}

/// Reservation ids: the order's id with the line number mixed into its random bits.
pub fn reservation_id(order: Id, line: usize) -> Id {
    let mut bytes = *order.0.as_bytes();
    let n = (line as u32 + 1).to_be_bytes();
    for (i, b) in n.iter().enumerate() {
        bytes[12 + i] ^= b;
    }
    Id(uuid::Uuid::from_bytes(bytes))
}

impl OrderData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.text("address", &self.address, false, 250);
        c.name("province", &self.province, false, 20);
        c.name("city", &self.city, false, 30);
        c.text("notes", &self.notes, false, 2000);
        if !self.terms.is_valid() {
            c.push("terms", ErrorCode::OutOfRange);
        }
        if self.lines.len() > crate::quote::MAX_LINES {
            c.push(
                "lines",
                ErrorCode::TooMany {
                    max: crate::quote::MAX_LINES,
                },
            );
        }
        for (i, l) in self.lines.iter().enumerate() {
            crate::quote::check_line(&mut c, i, l.qty, l.unit_price, l.tax_rate);
        }
        if let PaymentTerms::Prepay { percent } = self.terms {
            if !(1..=99).contains(&percent) {
                c.push("terms", ErrorCode::OutOfRange);
            }
        }
        c.finish()
    }
}
