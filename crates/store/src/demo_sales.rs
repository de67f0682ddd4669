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
    // A regular customer on 月结30天: collected, part paid — what 应收 has to show. Document
    // bags from the warehouse that has the most of them (the other lines' stock is untouched).
    let mut orders = 3;
    let bags = crate::queries::catalog::product_by_code(store.conn(), "WJD-10")?;
    let most = match &bags {
        Some(p) => crate::queries::catalog::product_stock(store.conn(), p.id)?
            .into_iter()
            .max_by_key(|l| l.available),
        None => None,
    };
    if let (Some(&c6), Some(level)) = (customers.get(5), most) {
        let qty = level.available.min(Decimal::from(10));
        if qty >= Decimal::ONE {
            orders += 1;
            // A regular customer takes 专票: its 开票信息 is on file.
            if let Some(c) = crate::queries::customers::get(store.conn(), c6)? {
                let mut form = fairdesk_core::customer::CustomerForm::from_data(&c.data);
                form.invoice = fairdesk_core::customer::InvoiceInfo {
                    title: c.data.name.clone(),
                    tax_id: "91330100799655058B".into(),
                    address_phone: format!("{} 0571-88886666", c.data.address),
                    bank_account: "工商银行文三路支行 1202020209900012345".into(),
                    kind: fairdesk_core::customer::InvoiceKind::Special,
                };
                store.update_customer(c6, &form)?;
            }
            let mut data = store.order_for_customer(c6)?;
            data.terms = fairdesk_core::order::PaymentTerms::Net { days: 30 };
            let (net, _) = store.create_order(data)?;
            store.order_add_line(net, "WJD-10", qty)?;
            if let Some(mut o) = crate::queries::orders::get(store.conn(), net)? {
                o.data.lines[0].warehouse_id = level.warehouse_id;
                store.save_order(net, o.data)?;
            }
            act(store, net, OrderAction::Submit)?;
            act(store, net, OrderAction::Approve)?;
            store.ship(fairdesk_core::shipping::DeliveryData::new(
                net,
                level.warehouse_id,
                fairdesk_core::shipping::Carrier::Pickup,
                [(0, qty)],
                [],
            ))?;
            let total = crate::queries::orders::get(store.conn(), net)?
                .map(|o| o.total())
                .unwrap_or_default();
            store.record_payment(fairdesk_core::receivables::PaymentData {
                order_id: Some(net),
                account_of: None,
                allocations: Vec::new(),
                amount: fairdesk_core::Money::round(total.decimal() / Decimal::from(2)),
                date: store.today(),
                method: fairdesk_core::receivables::PaymentMethod::BankTransfer,
                payer: "财务部".into(),
                reference: "网银回单 20261201".into(),
            })?;
        }
    }
    Ok((3, orders))
}
