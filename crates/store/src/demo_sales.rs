//! The demo company's quotes and orders in different states, so 工作台, 报价 and 订单 have
//! something real in them from the first start: a draft, a sent and an accepted quote; an
//! order made from the accepted one and approved (waiting for its prepayment, 款到发货), one
//! waiting for approval and a draft. Goods the end-to-end tests count (the cups and pens) are
//! left alone.

use crate::{Store, StoreError};
use fairdesk_core::order::OrderAction;
use fairdesk_core::quote::{QuoteData, QuoteLine, QuoteStatus};
use fairdesk_core::{Id, Mutation};
use rust_decimal::Decimal;

fn line(store: &Store, customer: Id, sku: &str, qty: i64) -> Result<QuoteLine, StoreError> {
    store.priced_line(customer, sku, Decimal::from(qty))
}

fn quote(store: &Store, customer: Id, lines: Vec<QuoteLine>, notes: &str) -> QuoteData {
    QuoteData {
        terms: "报价有效期 30 天；款到发货。".into(),
        notes: notes.into(),
        ..QuoteData::new(customer, store.today(), true, lines)
    }
}

/// Quotes and orders made; `(quotes, orders)`.
pub fn seed(store: &mut Store) -> Result<(usize, usize), StoreError> {
    let customers: Vec<Id> = store
        .conn()
        .prepare("SELECT id FROM customers WHERE deleted = 0 ORDER BY rid LIMIT 6")?
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|r| crate::queries::parse_id(&r?))
        .collect::<Result<_, StoreError>>()?;
    let [c1, c2, c3, c4, c5, ..] = customers[..] else {
        return Ok((0, 0));
    };
    let act = |store: &mut Store, id: Id, action: OrderAction| {
        store.submit(Mutation::OrderAct {
            id,
            action,
            reason: String::new(),
        })
    };
    let status = |store: &mut Store, id: Id, to: QuoteStatus| {
        store.submit(Mutation::SetQuoteStatus { id, to })
    };

    // A draft, being worked on.
    let lines = vec![
        line(store, c1, "LHB-M", 20)?,
        line(store, c1, "SBB-A4", 500)?,
    ];
    store.create_quote(quote(store, c1, lines, "年会礼品，客户要求印 logo"))?;
    // Sent, waiting for the customer.
    let lines = vec![line(store, c2, "CYE-500", 20)?];
    let (sent, _) = store.create_quote(quote(store, c2, lines, ""))?;
    status(store, sent, QuoteStatus::Sent)?;
    // Accepted, ordered and approved: waits for the prepayment (款到发货).
    let lines = vec![
        line(store, c3, "YDP-20K", 30)?,
        line(store, c3, "SJX-C2", 60)?,
    ];
    let (accepted, _) = store.create_quote(quote(store, c3, lines, ""))?;
    status(store, accepted, QuoteStatus::Sent)?;
    status(store, accepted, QuoteStatus::Accepted)?;
    let data = store.order_from_quote(accepted)?;
    let (approved, _) = store.create_order(data)?;
    act(store, approved, OrderAction::Submit)?;
    act(store, approved, OrderAction::Approve)?;
    // Waiting for approval.
    let (waiting, _) = store.create_order(store.order_for_customer(c4)?)?;
    store.order_add_line(waiting, "HCY-250", Decimal::from(12))?;
    act(store, waiting, OrderAction::Submit)?;
    // A draft order.
    let (draft, _) = store.create_order(store.order_for_customer(c5)?)?;
    store.order_add_line(draft, "LYE-T3", Decimal::from(5))?;
    Ok((3, 3))
}
