//! 应收 on a real SQLite file: a 月结30天 order's delivery is a receivable due at the end of the
//! month plus 30 days; a payment and a return lower what is open; the report as of a day
//! before the delivery shows nothing of it, and as of a day after its due date ages it; the
//! warehouse may not read it, and bad bucket edges are refused.

mod common;

use common::{add_user, approved_order, TestDb, NOW};
use fairdesk_core::order::PaymentTerms;
use fairdesk_core::receivables::{
    AgingBasis, PaymentData, PaymentMethod, ReceivablesReport, DEFAULT_EDGES,
};
use fairdesk_core::shipping::{Carrier, DeliveryData, ReturnData, ReturnLine};
use fairdesk_core::{Id, Money, Role};
use fairdesk_store::Store;
use rust_decimal::Decimal;

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn yuan(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// What the report says of one order: (open, days overdue) per open item, and the advance of
/// its customer.
fn of_order(r: &ReceivablesReport, order: Id) -> Vec<(Money, i64)> {
    r.open
        .iter()
        .filter(|l| l.item.receivable.order_id == order)
        .map(|l| (l.item.open, l.days_overdue))
        .collect()
}

fn report(store: &Store, as_of: &str) -> ReceivablesReport {
    store
        .receivables_report(day(as_of), AgingBasis::Due, &DEFAULT_EDGES)
        .unwrap()
}

#[test]
fn deliveries_owe_by_the_terms_payments_and_returns_settle_them() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(20).unwrap();
    let (id, east, _, _) = approved_order(&mut store, PaymentTerms::Net { days: 30 });
    let today = fairdesk_core::mutation::local_date(NOW);
    assert_eq!(today, day("2026-11-27"));
    let order = fairdesk_store::queries::orders::get(store.conn(), id)
        .unwrap()
        .unwrap();
    let cups = order.line_amounts()[0];
    // Nothing shipped: nothing owed.
    assert!(of_order(&report(&store, "2026-11-27"), id).is_empty());

    // Half the cups leave: ¥(cups / 2) owed, due 2026-11-30 + 30 days.
    let (delivery, _) = store
        .ship(DeliveryData::new(
            id,
            east,
            Carrier::Shunfeng,
            [(0, Decimal::from(10))],
            ["SF1234567890777".to_string()],
        ))
        .unwrap();
    let half = Money::round(cups.decimal() / Decimal::from(2));
    let r = report(&store, "2026-11-27");
    assert_eq!(of_order(&r, id), vec![(half, 0)]);
    let line = r
        .open
        .iter()
        .find(|l| l.item.receivable.id == delivery)
        .unwrap();
    assert_eq!(line.item.receivable.due, day("2026-12-30"));
    assert_eq!(line.item.receivable.number.get(..3), Some("FH-"));
    // The day before it shipped it wasn't there; a week after its due date it is overdue.
    assert!(of_order(&report(&store, "2026-11-26"), id).is_empty());
    let late = report(&store, "2027-01-06");
    assert_eq!(of_order(&late, id), vec![(half, 7)]);
    let mine = late
        .customers
        .iter()
        .find(|c| c.customer_id == order.data.customer_id)
        .unwrap();
    assert!(mine.aging.buckets[1] >= half, "in 1–30 days: {mine:?}");
    assert_eq!(
        late.total.buckets.iter().copied().sum::<Money>(),
        late.total.total
    );

    // ¥100 received, then 2 cups come back: both lower what is open.
    store
        .record_payment(PaymentData {
            order_id: Some(id),
            account_of: None,
            allocations: Vec::new(),
            amount: yuan("100"),
            date: today,
            method: PaymentMethod::BankTransfer,
            payer: String::new(),
            reference: "回单 42".into(),
        })
        .unwrap();
    assert_eq!(
        of_order(&report(&store, "2026-11-27"), id),
        vec![(half - yuan("100"), 0)]
    );
    // The customer's page says the same.
    let balance = store
        .customer_balance(order.data.customer_id)
        .unwrap()
        .unwrap();
    assert_eq!(balance.aging.total, half - yuan("100"));
    assert_eq!(balance.aging.overdue, Money::ZERO);
    // The order list says so to the rep.
    let actor = store.current_actor().unwrap();
    let rows = fairdesk_store::queries::orders::list(
        store.conn(),
        &actor,
        fairdesk_core::order::OrderQueue::All,
        500,
    )
    .unwrap();
    let row = rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.paid, yuan("100"));
    assert_eq!(row.paid_state(), fairdesk_core::order::PaidState::Part);
    store
        .return_goods(ReturnData {
            delivery_id: delivery,
            warehouse_id: east,
            lines: vec![ReturnLine {
                line: 0,
                qty: Decimal::from(2),
            }],
            reason: "包装破损".into(),
        })
        .unwrap();
    let two = Money::round(cups.decimal() * Decimal::from(2) / Decimal::from(20));
    assert_eq!(
        of_order(&report(&store, "2026-11-27"), id),
        vec![(half - yuan("100") - two, 0)]
    );

    // The customer's statement for November: the delivery, the payment and the return with
    // the running balance, closing on what the report says it owes less its advances.
    let customer = order.data.customer_id;
    let st = store
        .customer_statement(customer, day("2026-11-01"), day("2026-11-27"))
        .unwrap();
    let of_this: Vec<(Money, Money)> = st
        .entries
        .iter()
        .filter(|e| e.order_number == order.number)
        .map(|e| (e.debit, e.credit))
        .collect();
    assert_eq!(
        of_this,
        vec![
            (half, Money::ZERO),
            (Money::ZERO, two),
            (Money::ZERO, yuan("100"))
        ]
    );
    assert!(st.entries.iter().any(|e| e.number == "回单 42"));
    let balance = store.customer_balance(customer).unwrap().unwrap();
    assert_eq!(st.closing, balance.aging.total - balance.advance);
    assert_eq!(st.closing, st.opening + st.debits - st.credits);
    // A period that ends before it starts is refused; a rep who doesn't own the customer
    // can't ask for it, the warehouse can't at all.
    assert!(store
        .customer_statement(customer, day("2026-11-27"), day("2026-11-01"))
        .is_err());
    let other = add_user(&mut store, "钱进", Role::Rep, "华南组");
    let keeper = add_user(&mut store, "赵敏", Role::Warehouse, "");
    store.set_current_user(other).unwrap();
    let err = store
        .customer_statement(customer, day("2026-11-01"), day("2026-11-27"))
        .unwrap_err();
    assert!(
        err.message(store.lang()).contains("不存在"),
        "{}",
        err.message(store.lang())
    );
    store.set_current_user(keeper).unwrap();
    assert!(store
        .customer_statement(customer, day("2026-11-01"), day("2026-11-27"))
        .is_err());
}

#[test]
fn a_new_order_takes_the_customers_payment_terms() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(20).unwrap();
    let customer: Id = store
        .conn()
        .query_row(
            "SELECT id FROM customers ORDER BY rid LIMIT 1 OFFSET 7",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        store.order_for_customer(customer).unwrap().terms,
        PaymentTerms::PayBeforeShipping,
        "款到发货 for a customer without terms"
    );
    let data = fairdesk_store::queries::customers::get(store.conn(), customer)
        .unwrap()
        .unwrap()
        .data;
    let mut form = fairdesk_core::customer::CustomerForm::from_data(&data);
    form.payment_terms = Some(PaymentTerms::Net { days: 60 });
    store.update_customer(customer, &form).unwrap();
    assert_eq!(
        store.order_for_customer(customer).unwrap().terms,
        PaymentTerms::Net { days: 60 }
    );
    // Nonsense terms are refused and change nothing.
    form.payment_terms = Some(PaymentTerms::Net { days: 0 });
    assert!(store.update_customer(customer, &form).is_err());
    assert_eq!(
        store.order_for_customer(customer).unwrap().terms,
        PaymentTerms::Net { days: 60 }
    );
}

#[test]
fn the_warehouse_may_not_read_it_and_bad_buckets_are_refused() {
    let db = TestDb::new();
    let mut store = db.open();
    assert!(store
        .receivables_report(day("2026-11-27"), AgingBasis::Due, &[60, 30])
        .is_err());
    assert!(store
        .receivables_report(day("2026-11-27"), AgingBasis::Document, &[0])
        .is_err());
    let keeper = add_user(&mut store, "赵敏", Role::Warehouse, "");
    store.set_current_user(keeper).unwrap();
    let err = store
        .receivables_report(day("2026-11-27"), AgingBasis::Due, &DEFAULT_EDGES)
        .unwrap_err();
    assert!(
        err.message(store.lang()).contains("应收"),
        "{}",
        err.message(store.lang())
    );
}

#[test]
fn overdue_receivables_are_listed_and_announced_once_a_day() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(20).unwrap();
    let (id, east, _, _) = approved_order(&mut store, PaymentTerms::Net { days: 30 });
    store
        .ship(DeliveryData::new(
            id,
            east,
            Carrier::Shunfeng,
            [(0, Decimal::from(4))],
            ["SF1234567890778".to_string()],
        ))
        .unwrap();
    // Due 2026-12-30: nothing is late on the day it shipped.
    assert!(store
        .overdue_receivables()
        .unwrap()
        .iter()
        .all(|l| l.item.receivable.order_id != id));
    drop(store);
    // The same desk a week after the due date (2027-01-06 10:00 in Shanghai).
    const LATER: i64 = NOW + 40 * 86_400_000;
    let mut later = Store::open_with_clock(&db.path(), Box::new(|| LATER)).unwrap();
    let late = later.overdue_receivables().unwrap();
    let mine = late
        .iter()
        .find(|l| l.item.receivable.order_id == id)
        .unwrap();
    assert_eq!(mine.days_overdue, 7);
    assert!(late
        .windows(2)
        .all(|w| w[0].days_overdue >= w[1].days_overdue));
    // Announced once that day.
    assert!(later.daily_overdue_digest().unwrap().is_some());
    assert!(later.daily_overdue_digest().unwrap().is_none());
    // Not the warehouse's business.
    let keeper = add_user(&mut later, "赵敏", Role::Warehouse, "");
    later.set_current_user(keeper).unwrap();
    assert!(later.overdue_receivables().unwrap().is_empty());
}
