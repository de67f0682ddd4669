//! Receivables and payments for the tests of this area: one customer, orders and documents
//! numbered by small integers.

use super::{Payment, PaymentData, PaymentMethod, Receivable, ReceivableKind};
use crate::ids::Id;
use crate::money::Money;
use crate::mutation::RowMeta;
use chrono::NaiveDate;

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn yuan(s: &str) -> Money {
    Money::parse(s).unwrap()
}

pub fn id(n: u16) -> Id {
    Id(uuid::Uuid::from_u128(n as u128))
}

/// Document `n` of order `order` (DD-<order>): a delivery FH-000n, or a return TH-000n when
/// the amount is negative. Customer 1.
pub fn doc(n: u16, order: u16, date: &str, due: &str, amount: &str) -> Receivable {
    let amount = yuan(amount);
    let ret = amount.is_negative();
    Receivable {
        id: id(1000 + n),
        kind: if ret {
            ReceivableKind::Return
        } else {
            ReceivableKind::Delivery
        },
        number: format!("{}-{n:04}", if ret { "TH" } else { "FH" }),
        order_id: id(order),
        order_number: format!("DD-{order}"),
        customer_id: id(1),
        date: day(date),
        due: day(due),
        amount,
    }
}

/// Payment `n` for order `order` by bank transfer, with its reference.
pub fn paid(n: u16, order: u16, date: &str, amount: &str, reference: &str) -> Payment {
    Payment {
        id: id(2000 + n),
        customer_id: id(1),
        data: PaymentData {
            order_id: Some(id(order)),
            account_of: None,
            allocations: Vec::new(),
            amount: yuan(amount),
            date: day(date),
            method: PaymentMethod::BankTransfer,
            payer: String::new(),
            reference: reference.into(),
        },
        meta: RowMeta::NONE,
    }
}

/// Payment `n` on customer 1's account, allocated by hand to `(document, amount)`s.
pub fn on_account(n: u16, date: &str, amount: &str, by_hand: &[(u16, &str)]) -> Payment {
    let mut p = paid(n, 0, date, amount, "");
    p.data.order_id = None;
    p.data.account_of = Some(id(1));
    p.data.allocations = by_hand
        .iter()
        .map(|(doc, a)| super::Allocation {
            receivable_id: id(1000 + doc),
            amount: yuan(a),
        })
        .collect();
    p
}
